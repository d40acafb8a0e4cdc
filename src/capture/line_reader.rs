//! Reads a store line in exactly the form [`super::line`] writes it, by hand, because `replay`
//! and `export` read every record of a store: serde_json's string unescaping of a JSON body held
//! in a JSON string (a backslash before every quote) was most of the cost of a replay.
//!
//! Anything else (other key order, whitespace, `\u` escapes, a verification) is left to serde:
//! [`read_record`] answers `None` and the caller parses the line with serde_json, so the result
//! is always what serde would make of the line (a property test holds the two together).

use super::{BodyEncoding, CaptureRecord, ResponseRecord};

/// The record on a line as written by `listen`, or `None` when serde must read it.
pub fn read_record(line: &[u8]) -> Option<CaptureRecord> {
    let mut cursor = Cursor { bytes: line, at: 0 };
    cursor.literal(b"{\"id\":")?;
    let id = cursor.string()?;
    cursor.literal(b",\"received_at\":")?;
    let received_at = cursor.string()?;
    cursor.literal(b",\"remote_addr\":")?;
    let remote_addr = cursor.string()?;
    cursor.literal(b",\"method\":")?;
    let method = cursor.string()?;
    cursor.literal(b",\"path\":")?;
    let path = cursor.string()?;
    cursor.literal(b",\"query\":")?;
    let query = if cursor.literal(b"null").is_some() {
        None
    } else {
        Some(cursor.string()?)
    };
    cursor.literal(b",\"http_version\":")?;
    let http_version = cursor.string()?;
    cursor.literal(b",\"headers\":")?;
    let headers = cursor.headers()?;
    cursor.literal(b",\"body\":")?;
    let body = cursor.string()?;
    cursor.literal(b",\"body_encoding\":")?;
    let body_encoding = cursor.encoding()?;
    cursor.literal(b",\"body_size\":")?;
    let body_size = cursor.number()?;
    let response = if cursor.literal(b",\"response\":").is_some() {
        Some(cursor.response()?)
    } else {
        None
    };
    let mut latin1_headers = Vec::new();
    if cursor.literal(b",\"latin1_headers\":[").is_some() {
        loop {
            latin1_headers.push(usize::try_from(cursor.number()?).ok()?);
            if cursor.literal(b"]").is_some() {
                break;
            }
            cursor.literal(b",")?;
        }
        if latin1_headers.is_empty() {
            return None;
        }
    }
    cursor.literal(b"}")?;
    if cursor.at != line.len() {
        return None;
    }
    Some(CaptureRecord {
        id,
        received_at,
        remote_addr,
        method,
        path,
        query,
        http_version,
        headers,
        body,
        body_encoding,
        body_size,
        response,
        latin1_headers,
        verification: None,
        auth: None,
        trailers: Vec::new(),
    })
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        if self.bytes[self.at..].starts_with(expected) {
            self.at += expected.len();
            Some(())
        } else {
            None
        }
    }

    fn response(&mut self) -> Option<ResponseRecord> {
        self.literal(b"{\"status\":")?;
        let status = u16::try_from(self.number()?).ok()?;
        self.literal(b",\"headers\":")?;
        let headers = self.headers()?;
        self.literal(b",\"body\":")?;
        let body = self.string()?;
        self.literal(b",\"body_encoding\":")?;
        let body_encoding = self.encoding()?;
        // A forwarding target's time is a float: serde reads those.
        let error = if self.literal(b",\"error\":").is_some() {
            Some(self.string()?)
        } else {
            None
        };
        self.literal(b"}")?;
        Some(ResponseRecord {
            status,
            headers: headers.into(),
            body,
            body_encoding,
            elapsed_ms: None,
            error,
        })
    }

    fn headers(&mut self) -> Option<Vec<(String, String)>> {
        self.literal(b"[")?;
        let mut headers = Vec::new();
        if self.literal(b"]").is_some() {
            return Some(headers);
        }
        loop {
            self.literal(b"[")?;
            let name = self.string()?;
            self.literal(b",")?;
            let value = self.string()?;
            self.literal(b"]")?;
            headers.push((name, value));
            if self.literal(b"]").is_some() {
                return Some(headers);
            }
            self.literal(b",")?;
        }
    }

    fn encoding(&mut self) -> Option<BodyEncoding> {
        if self.literal(b"\"utf8\"").is_some() {
            Some(BodyEncoding::Utf8)
        } else {
            self.literal(b"\"base64\"")?;
            Some(BodyEncoding::Base64)
        }
    }

    /// A non-negative integer as JSON writes it (no leading zeros, no sign, no fraction).
    fn number(&mut self) -> Option<u64> {
        let digits = self.bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &self.bytes[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        if matches!(self.bytes.get(self.at + digits), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.at += digits;
        std::str::from_utf8(text).ok()?.parse().ok()
    }

    /// A string with only the short escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`),
    /// sixteen bytes at a time. Most strings have none and are copied whole once their end is
    /// found.
    fn string(&mut self) -> Option<String> {
        use super::json_scan::{find_special, unescape_to_quote};
        self.literal(b"\"")?;
        let bytes = self.bytes;
        let special = find_special(bytes, self.at)?;
        let text = if bytes[special] == b'"' {
            let text = bytes[self.at..special].to_vec();
            self.at = special + 1;
            text
        } else {
            // Decoded, the string is no longer than the rest of the line.
            let mut text = Vec::with_capacity(bytes.len() - self.at + 16);
            text.extend_from_slice(&bytes[self.at..special]);
            self.at = unescape_to_quote(bytes, special, &mut text)?;
            text
        };
        String::from_utf8(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn config() -> Config {
        Config {
            cases: 2_000,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(0x4ead),
            ..Config::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn reads_back_what_the_writer_wrote(record in crate::capture::arbitrary::record(false)) {
            let mut line = Vec::new();
            crate::capture::line::write_record(&mut line, &record);
            prop_assert_eq!(read_record(&line), Some(record));
        }

        #[test]
        fn agrees_with_serde_on_any_change_to_a_line(
            record in crate::capture::arbitrary::record(false),
            at in any::<prop::sample::Index>(),
            byte in prop_oneof![any::<u8>(), Just(b'"'), Just(b'\\'), Just(b'u'), Just(b' ')],
            insert in any::<bool>(),
        ) {
            let mut line = Vec::new();
            crate::capture::line::write_record(&mut line, &record);
            let position = at.index(line.len());
            if insert { line.insert(position, byte) } else { line[position] = byte }
            if let Some(fast) = read_record(&line) {
                let slow: CaptureRecord = serde_json::from_slice(&line)
                    .expect("serde reads every line the fast reader reads");
                prop_assert_eq!(fast, slow);
            }
        }
    }

    #[test]
    fn leaves_other_forms_to_serde() {
        assert!(read_record(b"{\"id\": \"x\"}").is_none());
        assert!(read_record(br#"{"received_at":"t","id":"x"}"#).is_none());
        let mut line = Vec::new();
        let record = CaptureRecord {
            body: "caf\u{e9} \u{1}".into(),
            ..serde_json::from_str(r#"{"id":"i","received_at":"t","remote_addr":"r","method":"POST","path":"/","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#).unwrap()
        };
        crate::capture::line::write_record(&mut line, &record);
        // \u0001 is left to serde.
        assert!(read_record(&line).is_none());
    }
}
