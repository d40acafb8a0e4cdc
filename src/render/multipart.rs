//! `multipart/form-data` bodies: each part's name, filename, type and size, and its content when
//! it is text (rendered by the same renderers as a whole body).
//!
//! The body is already in memory and display must be lenient with malformed input, so parts are
//! split here with `httparse` reading each part's headers, rather than with a streaming async parser.

use colored::Colorize;

use super::media_type::MediaType;

pub struct Part<'a> {
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// Splits a multipart body by its boundary; None when it is not valid multipart.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut position = find(body, &delimiter, 0)?;
    let mut parts = Vec::new();
    loop {
        position += delimiter.len();
        if body[position..].starts_with(b"--") {
            return Some(parts);
        }
        // The rest of the delimiter line (transport padding) up to its line break.
        let line_end = find(body, b"\n", position)?;
        position = line_end + 1;
        let mut slots = [httparse::EMPTY_HEADER; 64];
        let (head_len, headers) =
            match httparse::parse_headers(&body[position..], &mut slots).ok()? {
                httparse::Status::Complete((len, headers)) => (len, headers),
                httparse::Status::Partial => return None,
            };
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|h| (h.name.to_string(), crate::capture::header_text(h.value)))
            .collect();
        position += head_len;
        let mut next_delimiter = b"\r\n".to_vec();
        next_delimiter.extend_from_slice(&delimiter);
        let (content_end, next) = match find(body, &next_delimiter, position) {
            Some(at) => (at, at + 2),
            None => {
                let mut bare = b"\n".to_vec();
                bare.extend_from_slice(&delimiter);
                let at = find(body, &bare, position)?;
                (at, at + 1)
            }
        };
        parts.push(Part {
            headers,
            body: &body[position..content_end],
        });
        position = next;
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = haystack.get(from..)?;
    memchr::memmem::find(rest, needle).map(|p| p + from)
}

/// The `name` and `filename` of a `Content-Disposition` value.
pub fn disposition(value: &str) -> (Option<String>, Option<String>) {
    let params = MediaType::parse(value);
    (
        params.param("name").map(str::to_string),
        params.param("filename").map(str::to_string),
    )
}

/// One block per part: a summary line, then its content indented when it is text.
pub fn pretty(parts: &[Part<'_>], options: &super::RenderOptions) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (name, filename) = crate::capture::header_value(&part.headers, "content-disposition")
            .map(disposition)
            .unwrap_or((None, None));
        let content_type = crate::capture::header_value(&part.headers, "content-type");
        let mut summary = format!("{} {}", "part".dimmed(), (i + 1).to_string().bold());
        if let Some(name) = &name {
            summary.push_str(&format!("  name={}", super::visible(name).blue().bold()));
        }
        if let Some(filename) = &filename {
            summary.push_str(&format!("  filename={}", super::visible(filename).cyan()));
        }
        summary.push_str(&format!(
            "  type={}",
            super::visible(content_type.unwrap_or("text/plain (default)"))
        ));
        summary.push_str(&format!(
            "  {}",
            crate::units::format_size(part.body.len() as u64).dimmed()
        ));
        out.push_str(&summary);
        let is_text = std::str::from_utf8(part.body).is_ok()
            && content_type.is_none_or(|ct| {
                let media = MediaType::parse(ct);
                media.is_text() || media.is_json() || media.is_xml() || media.is_form()
            });
        if is_text && !part.body.is_empty() {
            let rendered = super::render_body(&part.headers, part.body, options);
            for line in rendered.text.lines() {
                out.push_str("\n    ");
                out.push_str(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parts_with_their_headers() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--XyZ--\r\n";
        let parts = parts(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].body, b"hello");
        assert_eq!(parts[1].body, b"\x00\x01");
        assert_eq!(
            disposition(&parts[1].headers[0].1),
            (Some("file".into()), Some("a.bin".into()))
        );
        assert!(super::parts(b"no delimiter here", "XyZ").is_none());
    }
}
