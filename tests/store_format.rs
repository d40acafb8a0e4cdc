//! The store's line format is a public contract: a checked-in store, written by an earlier
//! version of hookcli, must read back as the same records, and those records must be written
//! again as the same bytes. The fixture's records together use every field of a capture record.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hookcli::capture::store::StoreReader;
use hookcli::capture::{AuthOutcome, BodyEncoding, CaptureRecord, ResponseRecord, Verification};

use common::run;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-every-field.jsonl")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// A text body with everything JSON escapes, and what it does not.
const TRICKY_BODY: &str = "{\"quote\":\"a \\\"b\\\"\",\"path\":\"C:\\\\x\"}\n\
    line two\r\n\ttab \u{1}\u{8}\u{c}\u{1f}\u{7f} caf\u{e9} \u{65e5}\u{672c} \u{1f600} /slash \u{2028}";

/// A request with a text body, answered by a forwarding target that failed.
fn forwarded() -> CaptureRecord {
    CaptureRecord {
        id: "01JFIXTURE0000000000000001".into(),
        received_at: "2026-11-27T13:00:00.125Z".into(),
        remote_addr: "127.0.0.1:53122".into(),
        method: "POST".into(),
        path: "/hooks/github".into(),
        query: None,
        http_version: "HTTP/1.1".into(),
        headers: pairs(&[
            ("Host", "127.0.0.1:8080"),
            ("content-TYPE", "application/json"),
            ("X-Tag", "one"),
            ("x-tag", "two"),
            ("X-TAG", "three, \"four\""),
            ("Transfer-Encoding", "chunked"),
        ]),
        body: TRICKY_BODY.into(),
        body_encoding: BodyEncoding::Utf8,
        body_size: TRICKY_BODY.len() as u64,
        response: Some(ResponseRecord {
            status: 502,
            headers: Arc::from(pairs(&[("Content-Type", "text/plain"), ("X-Hookcli", "1")])),
            body: "the forwarding target did not answer\n".into(),
            body_encoding: BodyEncoding::Utf8,
            elapsed_ms: Some(187.042),
            error: Some("connect to 127.0.0.1:9 refused: \"Connection refused\"".into()),
            rule: None,
        }),
        latin1_headers: Vec::new(),
        verification: None,
        auth: None,
        trailers: pairs(&[("X-Checksum", "abc123"), ("x-checksum", "def\\456")]),
        latin1_trailers: Vec::new(),
        expect: None,
        relay: None,
    }
}

/// A request with a binary body and a Latin-1 header, whose signature and credential failed.
fn binary_refused() -> CaptureRecord {
    CaptureRecord {
        id: "01JFIXTURE0000000000000002".into(),
        received_at: "2026-11-27T13:00:01.000Z".into(),
        remote_addr: "[::1]:40000".into(),
        method: "PUT".into(),
        path: "/upload/%E2%9C%93/a%20b".into(),
        query: Some("x=1&y=%22q%22&empty=&z=caf%C3%A9".into()),
        http_version: "HTTP/2".into(),
        headers: pairs(&[
            ("content-type", "application/octet-stream"),
            ("x-name", "caf\u{e9}"),
            ("X-Hub-Signature-256", "sha256=00ff"),
            ("X-Token", "wrong"),
        ]),
        body: "/wAfiwgAAAA=".into(),
        body_encoding: BodyEncoding::Base64,
        body_size: 8,
        response: Some(ResponseRecord {
            status: 401,
            headers: Arc::from(pairs(&[])),
            body: "AAEC/w==".into(),
            body_encoding: BodyEncoding::Base64,
            elapsed_ms: None,
            error: None,
            rule: None,
        }),
        latin1_headers: vec![1],
        verification: Some(Verification {
            scheme: "github".into(),
            ok: Some(false),
            reason: Some("signature does not match (\"sha256=00ff\")".into()),
            headers: vec!["X-Hub-Signature-256".into()],
        }),
        auth: Some(AuthOutcome {
            ok: false,
            reason: Some("wrong credential in X-Token".into()),
            header: Some("X-Token".into()),
        }),
        trailers: Vec::new(),
        latin1_trailers: Vec::new(),
        expect: None,
        relay: None,
    }
}

/// A request sent to a proxy (absolute form), with checks that passed and an empty query.
fn absolute_form() -> CaptureRecord {
    CaptureRecord {
        id: "01JFIXTURE0000000000000003".into(),
        received_at: "2026-11-27T13:00:02.999Z".into(),
        remote_addr: "10.0.0.7:1".into(),
        method: "GET".into(),
        path: "http://example.com:8080/a/b".into(),
        query: Some(String::new()),
        http_version: "HTTP/1.0".into(),
        headers: Vec::new(),
        body: String::new(),
        body_encoding: BodyEncoding::Utf8,
        body_size: 0,
        response: None,
        latin1_headers: Vec::new(),
        verification: Some(Verification {
            scheme: "stripe".into(),
            ok: Some(true),
            reason: None,
            headers: Vec::new(),
        }),
        auth: Some(AuthOutcome {
            ok: true,
            reason: None,
            header: None,
        }),
        trailers: Vec::new(),
        latin1_trailers: Vec::new(),
        expect: None,
        relay: None,
    }
}

fn expected_records() -> Vec<CaptureRecord> {
    vec![forwarded(), binary_refused(), absolute_form()]
}

fn fixture_lines() -> Vec<Vec<u8>> {
    let bytes = std::fs::read(fixture()).expect("the fixture is checked in");
    assert!(bytes.ends_with(b"\n"), "every line of the fixture ends");
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn the_fixture_reads_back_as_the_records_it_holds() {
    let mut reader = StoreReader::open(&fixture()).unwrap();
    let stored: Vec<_> = reader.by_ref().map(Result::unwrap).collect();
    assert!(reader.take_warnings().is_empty());
    assert_eq!(
        stored.iter().map(|s| s.index).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let expected = expected_records();
    assert_eq!(stored.len(), expected.len());
    for (stored, expected) in stored.iter().zip(&expected) {
        assert_eq!(stored.record, *expected, "record {}", stored.index);
    }
}

#[test]
fn the_records_are_written_as_the_fixture_bytes() {
    let lines = fixture_lines();
    let expected = expected_records();
    assert_eq!(lines.len(), expected.len());
    for (line, record) in lines.iter().zip(&expected) {
        let mut written = Vec::new();
        hookcli::capture::line::write_record(&mut written, record);
        written.push(b'\n');
        assert_eq!(
            String::from_utf8(written).unwrap(),
            String::from_utf8(line.clone()).unwrap(),
            "{}",
            record.id
        );
    }
}

#[test]
fn list_and_show_read_the_fixture() {
    let store = fixture();
    let store = store.to_str().unwrap();
    let table = run(&["list", "--store", store]);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let text = String::from_utf8_lossy(&table.stdout);
    for record in expected_records() {
        assert!(text.contains(&record.id), "{text}");
    }
    assert!(
        table.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );

    let json = run(&["list", "--store", store, "--json"]);
    assert!(json.status.success());
    assert_eq!(
        String::from_utf8(json.stdout).unwrap(),
        String::from_utf8(std::fs::read(fixture()).unwrap()).unwrap()
    );

    for (i, line) in fixture_lines().iter().enumerate() {
        let index = (i + 1).to_string();
        let shown = run(&["show", "--store", store, &index, "--json"]);
        assert!(shown.status.success(), "{index}");
        assert_eq!(
            String::from_utf8_lossy(&shown.stdout),
            String::from_utf8_lossy(line)
        );
        let pretty = run(&["show", "--store", store, &index]);
        assert!(pretty.status.success(), "{index}");
    }
}
