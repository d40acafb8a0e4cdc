//! Arbitrary capture records for the property tests of the store's line format.

use proptest::prelude::*;

use super::{AuthOutcome, BodyEncoding, CaptureRecord, ResponseRecord, Verification};

/// Text rich in what JSON escapes (quotes, backslashes, every control character), and in what
/// it does not.
pub fn text() -> BoxedStrategy<String> {
    let escapes = "[\"\\\\/\\x00-\\x1f a-z\\u{7f}\\u{e9}\\u{2028}\\u{1f600}]{0,40}";
    prop_oneof![any::<String>(), escapes].boxed()
}

/// Name and value pairs, as headers are kept.
fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((text(), text()), 0..4)
}

/// Records with every field in play.
pub fn record() -> BoxedStrategy<CaptureRecord> {
    let checks = (
        proptest::option::of((
            text(),
            proptest::option::of(any::<bool>()),
            proptest::option::of(text()),
        )),
        proptest::option::of((any::<bool>(), proptest::option::of(text()))),
        prop::collection::vec((text(), text()), 0..2),
    );
    (
        (
            text(),
            text(),
            text(),
            text(),
            proptest::option::of(text()),
            pairs(),
            text(),
            any::<u64>(),
        ),
        (
            proptest::option::of(response()),
            prop::collection::vec(any::<usize>(), 0..3),
            checks,
        ),
    )
        .prop_map(
            |(
                (id, method, path, body, query, headers, version, size),
                (response, latin1, (verification, auth, trailers)),
            )| {
                CaptureRecord {
                    id,
                    received_at: "2026-11-27T13:00:00.000Z".into(),
                    remote_addr: "127.0.0.1:1".into(),
                    method,
                    path,
                    query,
                    http_version: version,
                    headers,
                    body,
                    body_encoding: BodyEncoding::Utf8,
                    body_size: size,
                    response,
                    latin1_headers: latin1,
                    verification: verification.map(|(scheme, ok, reason)| Verification {
                        headers: vec![format!("X-{scheme}-Signature")],
                        scheme,
                        ok,
                        reason,
                    }),
                    auth: auth.map(|(ok, reason)| AuthOutcome {
                        header: ok.then(|| "X-Token".to_string()),
                        ok,
                        reason,
                    }),
                    latin1_trailers: Vec::new(),
                    trailers,
                    expect: None,
                    relay: None,
                }
            },
        )
        .boxed()
}

/// What hookcli answered, with every field in play.
fn response() -> BoxedStrategy<ResponseRecord> {
    (
        any::<u16>(),
        pairs(),
        text(),
        any::<bool>(),
        any::<Option<f64>>(),
        proptest::option::of(text()),
    )
        .prop_map(
            |(status, headers, body, utf8, elapsed_ms, error)| ResponseRecord {
                status,
                headers: headers.into(),
                body,
                body_encoding: if utf8 {
                    BodyEncoding::Utf8
                } else {
                    BodyEncoding::Base64
                },
                elapsed_ms,
                error,
                rule: None,
            },
        )
        .boxed()
}
