//! Bad input never panics: property tests over the parsers and renderers that see what senders
//! send and what files hold. Seeded, so a run is repeatable; a few thousand cases each.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

use hookcli::render::{render_body, RenderOptions};
use hookcli::sign::{self, HmacSettings, SchemeName, TimeCheck};

fn config() -> Config {
    Config {
        cases: 2_000,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x06b0_0c11),
        ..Config::default()
    }
}

const CONTENT_TYPES: [&str; 14] = [
    "application/json",
    "application/vnd.api+json",
    "application/xml",
    "text/xml",
    "application/atom+xml",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "multipart/form-data",
    "text/plain",
    "text/html; charset=latin1",
    "application/octet-stream",
    "image/png",
    "",
    ";;;===\"",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn renderers_take_any_bytes_with_any_content_type(
        body in prop::collection::vec(any::<u8>(), 0..600),
        content_type in prop::sample::select(CONTENT_TYPES.to_vec()),
        encoding in prop::sample::select(vec!["", "gzip", "deflate", "br", "gzip, br", "zstd"]),
        full in any::<bool>(),
    ) {
        let mut headers = vec![("Content-Type".to_string(), content_type.to_string())];
        if !encoding.is_empty() {
            headers.push(("Content-Encoding".to_string(), encoding.to_string()));
        }
        let _ = render_body(&headers, &body, &RenderOptions::new(full));
    }

    #[test]
    fn renderers_take_text_shaped_like_their_formats(
        text in "[{}\\[\\]\":,<>/=&%a-z0-9 \\n\\\\-]{0,300}",
        content_type in prop::sample::select(CONTENT_TYPES.to_vec()),
    ) {
        let headers = vec![("Content-Type".to_string(), content_type.to_string())];
        let _ = render_body(&headers, text.as_bytes(), &RenderOptions::new(false));
        let _ = hookcli::render::json::pretty(text.as_bytes());
        let _ = hookcli::render::xml::pretty(text.as_bytes());
    }

    #[test]
    fn the_store_reader_takes_any_lines(lines in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..120), 0..8), valid_at in 0usize..8) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.jsonl");
        let mut bytes = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i == valid_at {
                bytes.extend_from_slice(br#"{"id":"01ABCDEFGH","received_at":"2026-01-01T00:00:00.000Z","remote_addr":"","method":"GET","path":"/","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#);
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(line);
            if i + 1 < lines.len() {
                bytes.push(b'\n');
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let mut reader = hookcli::capture::store::StoreReader::open(&path).unwrap();
        let records = reader.by_ref().filter_map(Result::ok).count();
        prop_assert!(records >= usize::from(valid_at < lines.len()));
        let _ = reader.take_warnings();
    }

    #[test]
    fn har_import_takes_any_json(value in json_value(), entries in prop::collection::vec(json_value(), 0..4)) {
        let _ = hookcli::har::import(value.to_string().as_bytes(), "x.har");
        let shaped = serde_json::json!({"log": {"entries": entries}});
        let _ = hookcli::har::import(shaped.to_string().as_bytes(), "x.har");
    }

    #[test]
    fn signature_headers_take_any_text(value in any::<String>(), other in any::<String>(), body in prop::collection::vec(any::<u8>(), 0..64)) {
        let check = TimeCheck { now: 1_700_000_000, tolerance: std::time::Duration::from_secs(300) };
        for name in [SchemeName::Github, SchemeName::Stripe, SchemeName::Standard, SchemeName::Shopify, SchemeName::Slack, SchemeName::Hmac] {
            let scheme = sign::scheme(name, &HmacSettings::default());
            let mut headers: Vec<(String, String)> = scheme.header_names().into_iter().map(|n| (n, value.clone())).collect();
            if let Some(first) = headers.first_mut() {
                first.1 = other.clone();
            }
            prop_assert!(scheme.verify(&[b"k".to_vec()], &headers, &body, &check).is_err());
            let _ = scheme.key(&value);
        }
    }

    #[test]
    fn json_to_xml_is_always_well_formed(value in json_value(), root in any::<String>()) {
        let xml = hookcli::payload::xml::json_to_xml(&value, &root);
        prop_assert!(hookcli::render::xml::validate(xml.as_bytes()).is_ok(), "{}", xml);
    }

    #[test]
    fn the_http1_engine_takes_any_bytes_in_any_pieces(
        bytes in prop::collection::vec(any::<u8>(), 0..800),
        prefix in prop_oneof![
            Just(&b""[..]),
            Just(&b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"[..]),
            Just(&b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n"[..]),
            Just(&b"GET / HTTP/1.1\r\nHost: x\r\n"[..]),
        ],
        cut in 1usize..64,
    ) {
        let mut wire = prefix.to_vec();
        wire.extend_from_slice(&bytes);
        serve_http1_bytes(&wire, cut);
    }
}

proptest! {
    #![proptest_config(Config { cases: 300, ..config() })]

    /// `listen`'s server and the client of `send` read a chunked body the same way: both take
    /// it with the same bytes, or both refuse it, however it is split and whatever was done to
    /// it; untouched, both take it as it was sent.
    #[test]
    fn server_and_client_agree_on_chunked_framing(
        body in prop::collection::vec(any::<u8>(), 0..300),
        sizes in prop::collection::vec(1usize..64, 1..12),
        extension in prop_oneof![
            Just(""), Just(";a"), Just(";a=b"), Just(" ;a=\"q \\\" s\""), Just(";"), Just(" "),
            Just(";a=\"\0\""), Just(";a="), Just("\t;x"),
        ],
        damage in prop_oneof![
            Just(None), Just(Some(&b"\n"[..])), Just(Some(&b"+"[..])), Just(Some(&b" "[..])),
            Just(Some(&b"0x"[..])), Just(Some(&b"\r"[..])), Just(Some(&b"0"[..])),
        ],
        damage_at in any::<prop::sample::Index>(),
        cut in 1usize..40,
    ) {
        let mut encoded = encode_chunked(&body, &sizes, extension);
        if let Some(bytes) = damage {
            let at = damage_at.index(encoded.len());
            encoded.splice(at..at, bytes.iter().copied());
        }
        let server = server_reads_chunked(&encoded, cut);
        let client = client_reads_chunked(&encoded, cut);
        prop_assert_eq!(&server, &client, "{:?}", String::from_utf8_lossy(&encoded));
        if damage.is_none() && [""," ;a=\"q \\\" s\"", ";a", ";a=b", "\t;x"].contains(&extension) {
            prop_assert_eq!(server, Some(body));
        }
    }
}

fn encode_chunked(body: &[u8], sizes: &[usize], extension: &str) -> Vec<u8> {
    let mut encoded = Vec::new();
    let mut rest = body;
    for size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let take = (*size).min(rest.len());
        encoded.extend_from_slice(format!("{take:x}{extension}\r\n").as_bytes());
        encoded.extend_from_slice(&rest[..take]);
        encoded.extend_from_slice(b"\r\n");
        rest = &rest[take..];
    }
    encoded.extend_from_slice(b"0\r\nX-T: 1\r\n\r\n");
    encoded
}

/// The body `listen`'s HTTP/1 engine reads from a chunked request, or `None` if refused.
fn server_reads_chunked(encoded: &[u8], cut: usize) -> Option<Vec<u8>> {
    let mut wire =
        b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    wire.extend_from_slice(encoded);
    let answer = serve_http1_answer(&wire, cut, 1 << 20);
    let mut slots = [httparse::EMPTY_HEADER; 16];
    let mut response = httparse::Response::new(&mut slots);
    match response.parse(&answer) {
        Ok(httparse::Status::Complete(head)) if response.code == Some(200) => {
            Some(answer[head..].to_vec())
        }
        _ => None,
    }
}

/// The body `send`'s client reads from a chunked answer over a real socket, or `None` if it
/// refuses it.
fn client_reads_chunked(encoded: &[u8], cut: usize) -> Option<Vec<u8>> {
    use hookcli::http::client::{Client, Target, WireRequest};
    use hookcli::http::tls::TlsOptions;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut answer = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    answer.extend_from_slice(encoded);
    runtime.block_on(async move {
        let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = server.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(read) => request.extend_from_slice(&buffer[..read]),
                }
            }
            for piece in answer.chunks(cut) {
                if socket.write_all(piece).await.is_err() {
                    return;
                }
                let _ = socket.flush().await;
            }
            let _ = socket.shutdown().await;
        });
        let target = Target::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        let client = Client::new(
            &target,
            &TlsOptions::default(),
            std::time::Duration::from_secs(10),
        )
        .unwrap();
        let request = WireRequest::new(
            "GET".into(),
            "/".into(),
            vec![("Host".into(), target.authority.clone())],
            Default::default(),
        )
        .unwrap();
        let mut connection = None;
        client
            .exchange(&target, &mut connection, &request)
            .await
            .ok()
            .map(|response| response.body)
    })
}

/// Runs the HTTP/1 engine over an in-memory connection fed `wire` in pieces of `cut` bytes:
/// it must neither panic nor hang.
fn serve_http1_bytes(wire: &[u8], cut: usize) {
    serve_http1_answer(wire, cut, 100);
}

/// Serves `wire` as [`serve_http1_bytes`] does, with bodies up to `max_body`, answering each
/// request with its body (or 400 when refused), and returns the answers.
fn serve_http1_answer(wire: &[u8], cut: usize, max_body: u64) -> Vec<u8> {
    use std::sync::Arc;
    use std::time::Duration;

    use hookcli::http::deadline::HeadDeadlines;
    use hookcli::http::h1::{self, ConnectionContext};
    use hookcli::http::server::{Arrival, ServerResponse};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, server) = tokio::io::duplex(4096);
        let deadlines = HeadDeadlines::start(Duration::from_secs(5));
        let context = ConnectionContext {
            handler: |arrival: Arrival| async move {
                match arrival {
                    Arrival::Request(request) => ServerResponse {
                        status: 200,
                        headers: Default::default(),
                        body: request.body.into(),
                        close: false,
                        abort: false,
                    },
                    Arrival::Refused { .. } => ServerResponse::plain(400, "no", true),
                }
            },
            remote: Arc::from("test"),
            deadline: deadlines.register(),
            max_body,
        };
        let serving = tokio::spawn(h1::serve(server, context));
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let reading = tokio::spawn(async move {
            let mut answers = Vec::new();
            let _ = from_server.read_to_end(&mut answers).await;
            answers
        });
        for piece in wire.chunks(cut) {
            if to_server.write_all(piece).await.is_err() {
                break;
            }
        }
        let _ = to_server.shutdown().await;
        let finished = tokio::time::timeout(Duration::from_secs(10), async {
            let _ = serving.await;
            reading.await.unwrap_or_default()
        })
        .await;
        assert!(finished.is_ok(), "the engine hung on {wire:?}");
        finished.unwrap_or_default()
    })
}
