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
    let mut out = super::detail::head_text(record, None);
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
    let mut words = request_line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return Err(format!(
            "the first line must be METHOD TARGET [VERSION], not '{request_line}'"
        ));
    };
    if !method.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
        return Err(format!("'{method}' is not a method"));
    }
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
}
