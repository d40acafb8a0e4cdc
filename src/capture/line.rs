//! A capture record as one line of the store, and back: the one place that turns records into
//! store lines and lines into records, so `listen`, `import`, `list` and `show` cannot drift apart.
//!
//! The format is the record's serde derive written by serde_json (compact, fields in declared
//! order, optional fields left out when empty); a checked-in store in the tests holds it fixed.

use super::CaptureRecord;

/// Appends the record as one JSON line, without the newline.
pub fn write_record(out: &mut Vec<u8>, record: &CaptureRecord) {
    // Writing into a Vec fails only when a Serialize impl does, and a record's cannot.
    serde_json::to_writer(out, record).expect("a capture record serializes");
}

/// The record on one store line (without its line end).
pub fn read_record(line: &[u8]) -> serde_json::Result<CaptureRecord> {
    serde_json::from_slice(line)
}

/// A line without its line end (`\n` or `\r\n`).
pub fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a whole line (ended by a newline) counts as a record line: it ends with `}`, as every
/// record line does. Indexes, counts and readings from either end follow this one rule, so they
/// agree; a line torn by a killed writer and closed by the next writer's newline almost never
/// ends so.
pub fn is_record_line(line: &[u8]) -> bool {
    line.trim_ascii_end().ends_with(b"}")
}

/// The fields of a record that a table row shows, read without copying or decoding the body,
/// so `list` reads a large store quickly.
#[derive(Debug, serde::Deserialize)]
pub struct RecordSummary<'a> {
    #[serde(borrow)]
    pub id: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub received_at: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub method: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub path: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub query: Option<std::borrow::Cow<'a, str>>,
    /// The first Content-Type header's value.
    #[serde(borrow, rename = "headers", deserialize_with = "content_type_of")]
    pub content_type: Option<std::borrow::Cow<'a, str>>,
    pub body_size: u64,
    #[serde(default)]
    pub response: Option<StatusOnly>,
    #[serde(default)]
    pub verification: Option<OkOnly>,
    #[serde(default)]
    pub auth: Option<OkOnly>,
}

/// A string borrowed from the line when it holds no escape, copied when it does.
struct Text<'a>(std::borrow::Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(text.to_string())))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The first Content-Type among a record's `[name, value]` headers, without keeping the others.
fn content_type_of<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<std::borrow::Cow<'de, str>>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<std::borrow::Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of [name, value] headers")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut headers: A,
        ) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some((Text(name), Text(value))) = headers.next_element::<(Text, Text)>()? {
                if found.is_none() && name.eq_ignore_ascii_case("content-type") {
                    found = Some(value);
                }
            }
            Ok(found)
        }
    }
    deserializer.deserialize_seq(Visitor)
}

#[derive(Debug, serde::Deserialize)]
pub struct StatusOnly {
    pub status: u16,
}

#[derive(Debug, serde::Deserialize)]
pub struct OkOnly {
    #[serde(default)]
    pub ok: Option<bool>,
}

/// The summary of the record on one store line, read from a copy of the line without its body
/// (in `scratch`): a body is most of a line, and decoding would have to walk every escape in it.
/// A line written in another field order may be cut wrongly and give an error: read it whole
/// with [`read_record`] then.
pub fn read_summary<'s>(
    line: &[u8],
    scratch: &'s mut Vec<u8>,
) -> serde_json::Result<RecordSummary<'s>> {
    scratch.clear();
    match body_span(line) {
        Some((start, end)) => {
            scratch.extend_from_slice(&line[..start]);
            scratch.extend_from_slice(&line[end..]);
        }
        None => scratch.extend_from_slice(line),
    }
    serde_json::from_slice(scratch)
}

/// Where the request body's text is in a record line. A quote inside a JSON string is escaped,
/// so `,"body":"` and `","body_encoding":"` as written here are the fields themselves, and the
/// request's come before the answer's.
fn body_span(line: &[u8]) -> Option<(usize, usize)> {
    use std::sync::LazyLock;
    const START: &[u8] = br#","body":""#;
    static STARTS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(START));
    static ENDS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(br#"","body_encoding":""#));
    let start = STARTS.find(line)? + START.len();
    let end = start + ENDS.find(&line[start..])?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    proptest! {
        #![proptest_config(Config { cases: 1_000, failure_persistence: None, rng_seed: RngSeed::Fixed(0x11e5), ..Config::default() })]

        #[test]
        fn any_record_reads_back_as_itself(record in crate::capture::arbitrary::record()) {
            let mut line = Vec::new();
            write_record(&mut line, &record);
            prop_assert!(!line.contains(&b'\n'), "a record is one line");
            prop_assert!(is_record_line(&line));
            let mut scratch = Vec::new();
            let summary = read_summary(&line, &mut scratch).unwrap();
            prop_assert_eq!(&summary.path, &record.path);
            prop_assert_eq!(summary.content_type.as_deref(), record.header("content-type"));
            prop_assert_eq!(read_record(&line).unwrap(), record);
        }
    }

    #[test]
    fn every_character_reads_back_as_itself_at_every_place() {
        let all: String = (0u8..=0x7f)
            .map(char::from)
            .chain("é😀\u{2028}".chars())
            .collect();
        let base: CaptureRecord = read_record(
            br#"{"id":"i","received_at":"t","remote_addr":"r","method":"POST","path":"/","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#,
        )
        .unwrap();
        for start in 0..8 {
            let record = CaptureRecord {
                body: all[start..].to_string(),
                headers: vec![(all[start..].to_string(), all.clone())],
                ..base.clone()
            };
            let mut line = Vec::new();
            write_record(&mut line, &record);
            assert_eq!(read_record(&line).unwrap(), record);
        }
    }
}
