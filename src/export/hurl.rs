//! `export --hurl`: captures as a Hurl file (https://hurl.dev), one entry per capture that sends
//! the same method, path, query, headers (order and case kept) and body bytes to
//! `{{base_url}}`, and asserts the status hookcli answered. The rules followed are those of
//! Hurl's parser (hurl_core 8): a header value or URL is a one-line template where `#` starts a
//! comment, `\` escapes and `{{` opens a variable; a multiline body (```` ```json ````) is
//! taken verbatim up to the first ```` ``` ````, with `{{` still a variable; a one-line
//! backtick string takes escapes (`\u{7b}`), so it carries any text the multiline form cannot.
//! Hurl runs libcurl, which adds `Accept: */*`, and Hurl adds a `User-Agent`; for a capture
//! without them the entry gives them a blank value (`\u{20}`), which libcurl takes as "send
//! none" (an empty value, `Accept:`, Hurl sends as an empty header). Per-connection headers and
//! `Host` are the new connection's, as in `replay`.

use std::io::Write;

use base64::Engine;

use super::variables::{Variables, BASE_URL};
use super::Written;
use crate::capture::CaptureRecord;
use crate::http::wire::hop::is_per_connection;
use crate::render::media_type::MediaType;

/// A header value of one space: libcurl sends no header for it, and adds none of its own.
const BLANK: &str = "\\u{20}";

/// Writes one entry per capture and returns what was written.
pub fn write(
    out: &mut impl Write,
    records: impl Iterator<Item = anyhow::Result<CaptureRecord>>,
) -> anyhow::Result<Written> {
    let mut variables = Variables::default();
    let mut written = Written::default();
    writeln!(
        out,
        "# Captures exported by hookcli {}. Run: hurl --test --variable base_url=http://127.0.0.1:8080 THIS_FILE\n\
         # `Accept: {BLANK}` and `User-Agent: {BLANK}` keep libcurl and Hurl from adding headers the capture did not have.\n",
        env!("CARGO_PKG_VERSION")
    )?;
    for record in records {
        let record = record?;
        match entry(&record, &mut variables, &mut written.warnings) {
            Ok(text) => {
                if written.count > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(text.as_bytes())?;
                written.count += 1;
            }
            Err(why) => written
                .warnings
                .push(format!("capture {} is left out: {why}", record.id)),
        }
    }
    written.variables = variables.into_list();
    Ok(written)
}

/// One entry: a comment naming the capture, the request, and the status assert. Err says why
/// Hurl cannot send the capture.
fn entry(
    record: &CaptureRecord,
    variables: &mut Variables,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    if record.method.is_empty() || !record.method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "Hurl sends only methods of capital letters, not '{}'",
            record.method
        ));
    }
    let body = record.body_bytes().map_err(|e| e.to_string())?;
    let mut text = format!("# capture {} ({})\n", record.id, record.received_at);
    let mut target = record.origin_form_path().to_string();
    if let Some(query) = &record.query {
        target.push('?');
        target.push_str(query);
    }
    text.push_str(&format!(
        "{} {{{{{BASE_URL}}}}}{}\n",
        record.method,
        escape_line(&target)
    ));
    let has = |name: &str| {
        record
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let (accept, user_agent) = (has("accept"), has("user-agent"));
    for (name, value) in record
        .headers
        .iter()
        .filter(|(name, _)| !is_per_connection(name))
    {
        let value = match variables.for_header(record, name, value) {
            Some(variable) => format!("{{{{{variable}}}}}"),
            None => escape_line(value),
        };
        let gap = if value.is_empty() { "" } else { " " };
        text.push_str(&format!("{}:{gap}{value}\n", escape_key(name)));
    }
    if !record.latin1_headers.is_empty() {
        warnings.push(format!(
            "capture {}: header values that were not UTF-8 are sent by Hurl as UTF-8",
            record.id
        ));
    }
    for (name, present) in [("Accept", accept), ("User-Agent", user_agent)] {
        if !present {
            text.push_str(&format!("{name}: {BLANK}\n"));
        }
    }
    if !body.is_empty() {
        let media = record
            .header("content-type")
            .map(MediaType::parse)
            .unwrap_or_else(|| MediaType::parse(""));
        text.push_str(&body_text(&body, &media));
        text.push('\n');
    }
    // A status of 0 is a capture that was never answered (a rule's `drop`).
    match record
        .response
        .as_ref()
        .map(|r| r.status)
        .filter(|s| *s != 0)
    {
        Some(status) => text.push_str(&format!("HTTP {status}\n")),
        None => text.push_str("HTTP *\n"),
    }
    Ok(text)
}

/// The body as Hurl writes these bytes: JSON and XML as multiline bodies, other text as a
/// multiline text, or, when Hurl would read something in it (`{{`, a run of backticks, a
/// carriage return), as a one-line string with escapes; bytes that are not text as base64.
fn body_text(body: &[u8], media: &MediaType) -> String {
    let text = match std::str::from_utf8(body) {
        Ok(text)
            if !text
                .chars()
                .any(|c| c.is_control() && !"\t\n\r".contains(c)) =>
        {
            text
        }
        _ => return base64_body(body),
    };
    let verbatim = !text.contains("```")
        && !text.ends_with('`')
        && !text.contains("{{")
        && !text.contains('\r');
    if !verbatim {
        return backtick_string(text);
    }
    let language = if media.is_json() {
        "json"
    } else if media.is_xml() {
        "xml"
    } else {
        ""
    };
    format!("```{language}\n{text}```")
}

/// `base64,...;` in lines of 76 characters (Hurl ignores the line breaks).
fn base64_body(body: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(body);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
        .collect();
    format!("base64,{};", lines.join("\n"))
}

/// A one-line backtick string that Hurl reads back as exactly `text`.
fn backtick_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => out.push_str("\\`"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '{' if chars.peek() == Some(&'{') => out.push_str("\\u{7b}"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

/// A URL or header value as a one-line Hurl template that reads back as exactly `text`: `#`
/// would start a comment, `\` an escape and `{{` a variable; spaces at either end would be
/// trimmed.
fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let last = text.chars().count().saturating_sub(1);
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => out.push_str("\\#"),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            ' ' if i == 0 || i == last => out.push_str("\\u{20}"),
            '{' if chars.peek().is_some_and(|(_, next)| *next == '{') => out.push_str("\\u{7b}"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A header name as a Hurl key: letters, digits and `-_.@$` as they are, anything else (HTTP
/// allows `!#%&'*+^`|~` in names) as a `\u{..}` escape.
fn escape_key(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.@$".contains(c) {
                c.to_string()
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_sends_the_capture_and_asserts_its_status() {
        let mut record = crate::export::record_for_tests("01ABC");
        record.path = "http://example.com/hooks/a".into();
        record.query = Some("x=1".into());
        record.headers = vec![
            ("Host".into(), "example.com".into()),
            ("Content-Type".into(), "application/json".into()),
            ("Stripe-Signature".into(), "t=1,v1=abc".into()),
            ("Connection".into(), "close".into()),
            ("X-Empty".into(), String::new()),
        ];
        record.body = "{}".into();
        let (mut variables, mut warnings) = (Variables::default(), Vec::new());
        let text = entry(&record, &mut variables, &mut warnings).unwrap();
        assert_eq!(
            text,
            "# capture 01ABC (2026-01-01T00:00:00.000Z)\n\
             POST {{base_url}}/hooks/a?x=1\n\
             Content-Type: application/json\n\
             Stripe-Signature: {{stripe_signature}}\n\
             X-Empty:\n\
             Accept: \\u{20}\n\
             User-Agent: \\u{20}\n\
             ```json\n{}```\n\
             HTTP *\n"
        );
        record.response = Some(crate::capture::ResponseRecord {
            status: 202,
            headers: std::sync::Arc::from(Vec::new()),
            body: String::new(),
            body_encoding: crate::capture::BodyEncoding::Utf8,
            elapsed_ms: None,
            error: None,
            rule: None,
        });
        assert!(entry(&record, &mut variables, &mut warnings)
            .unwrap()
            .ends_with("```\nHTTP 202\n"));
        record.method = "m-search".into();
        assert!(entry(&record, &mut variables, &mut warnings).is_err());
    }

    #[test]
    fn lines_escape_what_hurl_would_read() {
        assert_eq!(escape_line("/a?b=1#x"), "/a?b=1\\#x");
        assert_eq!(escape_line("{{x}} {y}"), "\\u{7b}{x}} {y}");
        assert_eq!(escape_line("{{{"), "\\u{7b}\\u{7b}{");
        assert_eq!(escape_line(" a\\b "), "\\u{20}a\\\\b\\u{20}");
        assert_eq!(escape_key("X-Weird*Name"), "X-Weird\\u{2a}Name");
    }

    #[test]
    fn bodies_take_the_form_that_keeps_their_bytes() {
        let json = MediaType::parse("application/json");
        let plain = MediaType::parse("text/plain");
        assert_eq!(body_text(b"{\"a\":1}", &json), "```json\n{\"a\":1}```");
        assert_eq!(
            body_text(b"<a/>\n", &MediaType::parse("text/xml")),
            "```xml\n<a/>\n```"
        );
        assert_eq!(body_text(b"a=1&b=2", &plain), "```\na=1&b=2```");
        assert_eq!(
            body_text(b"hi {{name}} ```code``` `x`", &plain),
            "`hi \\u{7b}{name}} \\`\\`\\`code\\`\\`\\` \\`x\\``"
        );
        assert_eq!(body_text(b"a\r\nb", &plain), "`a\\r\\nb`");
        assert_eq!(body_text(&[0xff, 0x00, 0x01], &plain), "base64,/wAB;");
        assert_eq!(body_text(b"nul\0", &plain), "base64,bnVsAA==;");
    }
}
