//! Edit and send (`e`): a capture as an HTTP message people edit (the request line, the
//! headers, a blank line, the body), and the message saved read back into a capture that is
//! sent as `r` sends one. A message that does not read back gets its error put above it as a
//! `#` line, and the editor opens again.

use crate::capture::{encode_body, CaptureRecord};

/// The first line of an edited message that says why it was not sent; it is dropped on reading.
const ERROR_MARK: &str = "# hookcli: ";

/// The capture as a message to edit; a binary body cannot be edited as text.
pub fn message_of(record: &CaptureRecord) -> Result<String, String> {
    let body = record.body_bytes().map_err(|e| e.to_string())?;
    let body = match std::str::from_utf8(&body) {
        Ok(text) if !text.contains('\0') => text.to_string(),
        _ => return Err("the body is binary and cannot be edited as text".into()),
    };
    // The request line as it reads back: a path (an absolute-form target's host is --to's
    // to choose, as replay sends it), and HTTP/1.1 for a capture that came over HTTP/2,
    // as replay sends it unless asked for HTTP/2.
    let version = match record.http_version.as_str() {
        "HTTP/1.0" => "HTTP/1.0",
        _ => "HTTP/1.1",
    };
    let path = record.origin_form_path();
    let mut out = match &record.query {
        Some(query) => format!("{} {path}?{query} {version}\n", record.method),
        None => format!("{} {path} {version}\n", record.method),
    };
    let head = super::head::head_text(record, None);
    out.push_str(head.split_once('\n').map_or("", |(_, headers)| headers));
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

/// The message with why it was not sent above it, for the editor's next round.
pub fn with_error(message: &str, error: &str) -> String {
    let without = strip_errors(message);
    format!("{ERROR_MARK}{error}\n{without}")
}

fn strip_errors(message: &str) -> &str {
    let mut rest = message;
    while rest.starts_with(ERROR_MARK) {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

/// The method and target of a request line `METHOD TARGET [HTTP/1.1|HTTP/1.0]`. The target
/// must be a path: where the request goes is `--to`'s, and an absolute URL typed here would
/// otherwise lose its host unseen.
fn read_request_line(line: &str) -> Result<(&str, &str), String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (method, target, version) = match words.as_slice() {
        [method, target] => (*method, *target, None),
        [method, target, version] => (*method, *target, Some(*version)),
        _ => {
            return Err(format!(
                "the first line must be METHOD TARGET [HTTP/1.1], not '{line}'"
            ))
        }
    };
    if !method.bytes().all(is_token_byte) {
        return Err(format!("'{method}' is not a method"));
    }
    if target.contains("://") {
        return Err("the target is a path: where it goes is --to's (t changes it)".into());
    }
    if !target.starts_with('/') {
        return Err(format!("the target '{target}' is not a path (/…)"));
    }
    if let Some(version) = version.filter(|v| !matches!(*v, "HTTP/1.1" | "HTTP/1.0")) {
        return Err(format!(
            "'{version}' is not a version sent: write HTTP/1.1, HTTP/1.0 or none"
        ));
    }
    Ok((method, target))
}

/// A byte of an RFC 9110 token (`tchar`), which a method is.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// The edited message as a capture to send: `base`'s, with the request line, headers and
/// body that were saved. An editor's newline after a body that had none is not the body's.
pub fn read_message(message: &str, base: &CaptureRecord) -> Result<CaptureRecord, String> {
    let message = strip_errors(message);
    let (head, body) = match message.split_once("\n\n") {
        Some(parts) => parts,
        None => match message.split_once("\r\n\r\n") {
            Some(parts) => parts,
            None => (message.trim_end_matches(['\r', '\n']), ""),
        },
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, target) = read_request_line(request_line)?;
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("'{line}' is not a header: write Name: value"));
        };
        if http::HeaderName::from_bytes(name.trim().as_bytes()).is_err() {
            return Err(format!("'{}' is not a header name", name.trim()));
        }
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let original_had_newline = base.body.ends_with('\n');
    let body = match body.strip_suffix('\n') {
        Some(trimmed) if !original_had_newline => trimmed,
        _ => body,
    };
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_string(), Some(query.to_string())),
        None => (target.to_string(), None),
    };
    let body_size = body.len() as u64;
    let (body, body_encoding) = encode_body(body.as_bytes());
    Ok(CaptureRecord {
        method: method.to_string(),
        path,
        query,
        body_size,
        body,
        body_encoding,
        headers,
        latin1_headers: Vec::new(),
        ..base.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> CaptureRecord {
        crate::capture::line::read_record(
            br#"{"id":"i","received_at":"t","remote_addr":"r","method":"POST","path":"/a","query":"x=1","http_version":"HTTP/1.1","headers":[["Content-Type","application/json"]],"body":"{\"a\":1}","body_encoding":"utf8","body_size":7}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_message_reads_back_as_its_capture_and_edits_are_kept() {
        let base = record();
        let message = message_of(&base).unwrap();
        assert_eq!(
            message,
            "POST /a?x=1 HTTP/1.1\nContent-Type: application/json\n\n{\"a\":1}"
        );
        // As an editor saves it: a newline after the body.
        assert_eq!(read_message(&format!("{message}\n"), &base).unwrap(), base);
        let edited = message.replace("Content-Type", "X-Changed: yes\nContent-Type");
        let read = read_message(&edited, &base).unwrap();
        assert_eq!(read.headers[0], ("X-Changed".into(), "yes".into()));
    }

    #[test]
    fn a_bad_message_says_why_above_it_once() {
        let base = record();
        let bad = "POST\n\n";
        let error = read_message(bad, &base).unwrap_err();
        let again = with_error(&with_error(bad, &error), "second");
        assert!(again.starts_with("# hookcli: second\nPOST"), "{again}");
        assert!(read_message("GET /x\nno colon\n\n", &base).is_err());
    }

    #[test]
    fn an_absolute_form_or_http2_capture_opens_as_a_message_that_reads_back() {
        let mut base = record();
        base.path = "http://example.com:8080/a/b".into();
        base.http_version = "HTTP/2".into();
        let message = message_of(&base).unwrap();
        assert!(message.starts_with("POST /a/b?x=1 HTTP/1.1\n"), "{message}");
        let read = read_message(&message, &base).unwrap();
        assert_eq!(read.path, "/a/b");
    }

    #[test]
    fn a_request_line_that_is_not_http_is_refused() {
        let base = record();
        let refused = |line: &str| read_message(&format!("{line}\n\n"), &base).unwrap_err();
        assert!(refused("NOT A REQUEST").contains("not a path"));
        assert!(refused("POST /x HTTP/9.9").contains("'HTTP/9.9'"));
        assert!(refused("POST /x HTTP/1.1 extra").contains("METHOD TARGET"));
        assert!(refused("PO(ST /x").contains("not a method"));
        assert_eq!(
            refused("POST http://evil.example/x HTTP/1.1"),
            "the target is a path: where it goes is --to's (t changes it)"
        );
        for line in ["POST /x HTTP/1.0", "M-SEARCH /x", "POST /x?a=1 HTTP/1.1"] {
            assert!(
                read_message(&format!("{line}\n\n"), &base).is_ok(),
                "{line}"
            );
        }
    }
}
