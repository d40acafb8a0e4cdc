//! JSON strings written straight into a buffer, for lines written by hand on a hot path.

/// `text` as a JSON string, quotes included, escaped exactly as serde_json escapes it.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    push_json_str_contents(out, text);
    out.push(b'"');
}

/// `text` escaped as inside a JSON string, without the quotes: two parts written one after
/// the other read as their concatenation.
pub fn push_json_str_contents(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // A fold rather than `any`: without the early exit it compiles to vector compares.
    let needs_escape = bytes.iter().fold(false, |found, &b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !needs_escape {
        // The common case (ids, URLs, reasons): nothing to escape.
        out.extend_from_slice(bytes);
        return;
    }
    let quoted = serde_json::to_vec(text).expect("a string serializes");
    out.extend_from_slice(&quoted[1..quoted.len() - 1]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_serde_json_does() {
        let texts = [
            "",
            "plain",
            "a\"b",
            "back\\slash",
            "line\nbreak",
            "\u{1}\u{1f}\u{7f}",
            "é😀",
            "/p?q=1&r",
        ];
        for text in texts {
            let mut out = Vec::new();
            push_json_string(&mut out, text);
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }
}
