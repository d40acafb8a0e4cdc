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
