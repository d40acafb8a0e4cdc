//! JSON bodies: checked with serde_json, then re-indented token by token.
//!
//! Re-indenting the tokens rather than a parsed tree shows exactly what was sent: key order,
//! duplicate keys, number spellings (`1.10`, `1e3`) and string escapes stay as received. The
//! tokenizer never fails, so it also shows the readable start of a body cut for display.

use colored::Colorize;

/// Where a JSON text stops being valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Checks that `bytes` is one valid JSON text.
pub fn validate(bytes: &[u8]) -> Result<(), JsonError> {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map(|_| ())
        .map_err(|e| {
            let full = e.to_string();
            // serde_json appends " at line L column C"; the position is reported separately.
            let message = full
                .rsplit_once(" at line ")
                .map(|(head, _)| head.to_string())
                .unwrap_or(full);
            JsonError {
                line: e.line(),
                column: e.column(),
                message,
            }
        })
}

/// True when the body looks like a JSON object or array and is valid JSON.
pub fn sniff(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    matches!(start.map(|i| bytes[i]), Some(b'{') | Some(b'[')) && validate(bytes).is_ok()
}

/// Indents JSON with two spaces, coloring keys, strings, numbers and literals.
pub fn pretty(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut depth: usize = 0;
    let mut after_open = false;
    let mut need_newline = false;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match byte {
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if !after_open {
                    newline(&mut out, depth);
                }
                out.push(byte as char);
                after_open = false;
                need_newline = false;
                if depth == 0 {
                    // Another top-level value (JSON Lines, or trailing text) starts on a new line.
                    need_newline = true;
                }
                i += 1;
                continue;
            }
            b':' => {
                out.push_str(": ");
                i += 1;
                continue;
            }
            b',' => {
                out.push(',');
                need_newline = true;
                after_open = false;
                i += 1;
                continue;
            }
            _ => {}
        }
        if (need_newline || after_open) && !out.is_empty() {
            newline(&mut out, depth);
        }
        need_newline = false;
        after_open = false;
        match byte {
            b'{' | b'[' => {
                out.push(byte as char);
                depth += 1;
                after_open = true;
                i += 1;
            }
            b'"' => i = push_string(&mut out, bytes, i),
            _ => {
                i = push_scalar(&mut out, bytes, i);
                if depth == 0 {
                    need_newline = true;
                }
            }
        }
        if depth == 0 && byte == b'"' {
            need_newline = true;
        }
    }
    out
}

/// Appends the string starting at `start`, colored as a key or a value; returns the index past it.
fn push_string(out: &mut String, bytes: &[u8], start: usize) -> usize {
    let end = string_end(bytes, start);
    let token = super::visible(&String::from_utf8_lossy(&bytes[start..end])).into_owned();
    let is_key = bytes[end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
    if is_key {
        out.push_str(&token.blue().bold().to_string());
    } else {
        out.push_str(&token.green().to_string());
    }
    end
}

/// Appends the number, literal or stray text starting at `start`; returns the index past it.
fn push_scalar(out: &mut String, bytes: &[u8], start: usize) -> usize {
    let end = bytes[start..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || b",:[]{}\"".contains(b))
        .map_or(bytes.len(), |p| start + p.max(1));
    let token = super::visible(&String::from_utf8_lossy(&bytes[start..end])).into_owned();
    let colored = match &*token {
        "true" | "false" => token.yellow(),
        "null" => token.magenta(),
        _ => token.cyan(),
    };
    out.push_str(&colored.to_string());
    end
}

/// The index just past the string starting at `start` (a `"`), or the end of the input.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_objects_and_keeps_tokens_as_sent() {
        colored::control::set_override(false);
        let shown = pretty(br#"{"b":1.10,"a":[1,{"x":null}],"b":"q\"z","e":{},"f":[]}"#);
        assert_eq!(
            shown,
            "{\n  \"b\": 1.10,\n  \"a\": [\n    1,\n    {\n      \"x\": null\n    }\n  ],\n  \"b\": \"q\\\"z\",\n  \"e\": {},\n  \"f\": []\n}"
        );
    }

    #[test]
    fn arrays_of_objects_and_cut_bodies_render() {
        colored::control::set_override(false);
        assert_eq!(
            pretty(b"[{\"a\":1},{\"a\":2}]"),
            "[\n  {\n    \"a\": 1\n  },\n  {\n    \"a\": 2\n  }\n]"
        );
        assert_eq!(pretty(b"{\"a\":\"unfinish"), "{\n  \"a\": \"unfinish");
    }

    #[test]
    fn validation_reports_line_and_column() {
        let error = validate(b"{\n  \"a\": tru }").unwrap_err();
        assert_eq!((error.line, error.column), (2, 11));
        assert!(sniff(b" [1,2]"));
        assert!(!sniff(b"12"));
    }
}
