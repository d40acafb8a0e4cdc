//! A capture record as one JSON line, written by hand because it is written once per request on
//! `listen`'s hot path: serde_json's string escaping was its largest single cost.
//!
//! The output is byte for byte what `serde_json::to_writer` makes of the record (a property test
//! holds the two together), so the store's format has one definition: the record's serde derive.

use super::{BodyEncoding, CaptureRecord, ResponseRecord};

/// Appends the record as JSON, without a newline.
pub fn write_record(out: &mut Vec<u8>, record: &CaptureRecord) {
    out.reserve(record.body.len() + record.body.len() / 8 + 512);
    let mut json = JsonWriter::new(out);
    json.raw(b"{\"id\":");
    json.string(&record.id);
    json.raw(b",\"received_at\":");
    json.string(&record.received_at);
    json.raw(b",\"remote_addr\":");
    json.string(&record.remote_addr);
    json.raw(b",\"method\":");
    json.string(&record.method);
    json.raw(b",\"path\":");
    json.string(&record.path);
    json.raw(b",\"query\":");
    match &record.query {
        Some(query) => json.string(query),
        None => json.raw(b"null"),
    }
    json.raw(b",\"http_version\":");
    json.string(&record.http_version);
    json.raw(b",\"headers\":");
    json.headers(&record.headers);
    json.raw(b",\"body\":");
    json.string(&record.body);
    json.raw(b",\"body_encoding\":");
    json.encoding(record.body_encoding);
    json.raw(b",\"body_size\":");
    json.raw(itoa::Buffer::new().format(record.body_size).as_bytes());
    if let Some(response) = &record.response {
        json.raw(b",\"response\":");
        json.response(response);
    }
    if !record.latin1_headers.is_empty() {
        json.raw(b",\"latin1_headers\":[");
        for (i, position) in record.latin1_headers.iter().enumerate() {
            if i > 0 {
                json.raw(b",");
            }
            json.raw(itoa::Buffer::new().format(*position).as_bytes());
        }
        json.raw(b"]");
    }
    // Rare and small: serde writes these.
    if let Some(verification) = &record.verification {
        json.raw(b",\"verification\":");
        json.serde(verification);
    }
    if let Some(auth) = &record.auth {
        json.raw(b",\"auth\":");
        json.serde(auth);
    }
    if !record.trailers.is_empty() {
        json.raw(b",\"trailers\":");
        json.headers(&record.trailers);
    }
    json.raw(b"}");
    json.flush();
}

const STAGING: usize = 1024;
/// Output gathers in a stack buffer, so most bytes cost a register increment rather than a
/// `Vec` push, and reaches the line in a few large copies.
struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    staging: [u8; STAGING],
    used: usize,
}

impl<'a> JsonWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        JsonWriter {
            out,
            staging: [0; STAGING],
            used: 0,
        }
    }

    fn flush(&mut self) {
        self.out.extend_from_slice(&self.staging[..self.used]);
        self.used = 0;
    }

    fn raw(&mut self, bytes: &[u8]) {
        if self.used + bytes.len() > STAGING {
            self.flush();
            if bytes.len() > STAGING {
                self.out.extend_from_slice(bytes);
                return;
            }
        }
        self.staging[self.used..self.used + bytes.len()].copy_from_slice(bytes);
        self.used += bytes.len();
    }

    fn serde(&mut self, value: &impl serde::Serialize) {
        self.flush();
        serde_json::to_writer(&mut *self.out, value).expect("a record's parts serialize");
    }

    fn response(&mut self, response: &ResponseRecord) {
        self.raw(b"{\"status\":");
        self.raw(itoa::Buffer::new().format(response.status).as_bytes());
        self.raw(b",\"headers\":");
        self.headers(&response.headers);
        self.raw(b",\"body\":");
        self.string(&response.body);
        self.raw(b",\"body_encoding\":");
        self.encoding(response.body_encoding);
        if let Some(elapsed) = response.elapsed_ms {
            self.raw(b",\"elapsed_ms\":");
            self.serde(&elapsed);
        }
        if let Some(error) = &response.error {
            self.raw(b",\"error\":");
            self.string(error);
        }
        self.raw(b"}");
    }

    fn headers(&mut self, headers: &[(String, String)]) {
        self.raw(b"[");
        for (i, (name, value)) in headers.iter().enumerate() {
            self.raw(if i > 0 { b",[" } else { b"[" });
            self.string(name);
            self.raw(b",");
            self.string(value);
            self.raw(b"]");
        }
        self.raw(b"]");
    }

    fn encoding(&mut self, encoding: BodyEncoding) {
        self.raw(match encoding {
            BodyEncoding::Utf8 => b"\"utf8\"",
            BodyEncoding::Base64 => b"\"base64\"",
        });
    }

    /// A JSON string, sixteen bytes at a time.
    fn string(&mut self, text: &str) {
        use super::json_scan;
        let bytes = text.as_bytes();
        self.raw(b"\"");
        // Kept in a register: as a field, every escape waited for its store and reload.
        let mut used = self.used;
        let mut spill = [0u8; 32];
        let mut at = 0;
        while at < bytes.len() {
            if used > STAGING - json_scan::ROOM {
                self.used = used;
                self.flush();
                used = 0;
            }
            let length = (bytes.len() - at).min(16);
            let source = json_scan::window(bytes, at, &mut spill);
            // SAFETY: `source` holds 32 bytes; the staging has `json_scan::ROOM` bytes past `used`.
            used += unsafe {
                json_scan::escape_block(
                    self.staging.as_mut_ptr().add(used),
                    source.as_ptr(),
                    length,
                )
            };
            at += length;
        }
        self.used = used;
        self.raw(b"\"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn serde_line(record: &CaptureRecord) -> Vec<u8> {
        serde_json::to_vec(record).unwrap()
    }

    fn hand_line(record: &CaptureRecord) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(&mut out, record);
        out
    }

    proptest! {
        #![proptest_config(Config { cases: 2_000, failure_persistence: None, rng_seed: RngSeed::Fixed(0x11e5), ..Config::default() })]

        #[test]
        fn writes_what_serde_writes(record in crate::capture::arbitrary::record(true)) {
            prop_assert_eq!(String::from_utf8(hand_line(&record)).unwrap(), String::from_utf8(serde_line(&record)).unwrap());
        }
    }

    #[test]
    fn escapes_at_every_place_of_every_length_like_serde() {
        for length in 0..48 {
            for place in 0..length {
                for escaped in ["\"", "\\", "\n", "\u{1}", "é"] {
                    let mut text = "x".repeat(length);
                    text.replace_range(place..place + 1, escaped);
                    let mut out = Vec::new();
                    let mut json = JsonWriter::new(&mut out);
                    json.string(&text);
                    json.flush();
                    assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn escapes_every_control_character_quote_and_backslash_like_serde() {
        let all: String = (0u8..=0x7f).map(char::from).chain("é😀".chars()).collect();
        for start in 0..8 {
            let text = &all[start..];
            let mut out = Vec::new();
            let mut json = JsonWriter::new(&mut out);
            json.string(text);
            json.flush();
            assert_eq!(out, serde_json::to_vec(text).unwrap());
        }
    }
}
