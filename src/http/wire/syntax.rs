//! The character classes of RFC 9110 section 5.6 that heads, chunk extensions and trailers are
//! checked against.

/// `tchar`: the characters of a token (a header name, a method, a chunk extension's name).
pub fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// How many bytes at the start of `bytes` are token characters.
pub fn token_length(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| is_tchar(**b)).count()
}

/// `field-vchar` or the SP and HTAB allowed between them: what a field value may hold.
pub fn is_field_value_byte(byte: u8) -> bool {
    byte == b'\t' || byte == b' ' || (0x21..=0x7e).contains(&byte) || byte >= 0x80
}

/// `bytes` without its leading optional whitespace (SP and HTAB).
pub fn skip_whitespace(bytes: &[u8]) -> &[u8] {
    let blank = bytes
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    &bytes[blank..]
}

/// `bytes` without optional whitespace at either end.
pub fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let start = skip_whitespace(bytes);
    let blank = start
        .iter()
        .rev()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    &start[..start.len() - blank]
}

/// The bytes after a `quoted-string` that starts `bytes` (RFC 9110 section 5.6.4), or `None`
/// when it is not one: unterminated, or holding a control character other than HTAB.
pub fn after_quoted_string(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.strip_prefix(b"\"")?;
    loop {
        match rest.split_first()? {
            (b'"', after) => return Some(after),
            (b'\\', after) => {
                let (escaped, after) = after.split_first()?;
                if !is_field_value_byte(*escaped) {
                    return None;
                }
                rest = after;
            }
            (byte, after) if is_field_value_byte(*byte) => rest = after,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_end_at_an_unescaped_quote_and_hold_no_controls() {
        assert_eq!(after_quoted_string(b"\"a\\\"b\";x"), Some(&b";x"[..]));
        assert_eq!(after_quoted_string(b"\"open"), None);
        assert_eq!(after_quoted_string(b"\"nul\0\""), None);
        assert_eq!(after_quoted_string(b"\"cr\r\""), None);
        assert_eq!(after_quoted_string(b"plain"), None);
    }

    #[test]
    fn whitespace_is_trimmed_at_both_ends_only() {
        assert_eq!(trim_whitespace(b" \ta b\t "), b"a b");
        assert_eq!(token_length(b"name=value"), 4);
    }
}
