//! `hookcli replay`, `export`, `import` and `clear` end to end: real listeners on 127.0.0.1.

mod common;

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const CONNECTION_LEVEL: [&str; 7] = [
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "te",
    "upgrade",
];

fn without_connection_headers(record: &serde_json::Value) -> Vec<(String, String)> {
    record_headers(record)
        .into_iter()
        .filter(|(n, _)| !CONNECTION_LEVEL.contains(&n.to_ascii_lowercase().as_str()))
        .collect()
}

/// A listener that captures (A) and one that receives the replays (B), each with its store.
struct Pair {
    dirs: (tempfile::TempDir, tempfile::TempDir),
    a_store: std::path::PathBuf,
    b_store: std::path::PathBuf,
    a: Listener,
    b: Listener,
}

fn pair() -> Pair {
    let (a_dir, a_store) = temp_store();
    let (b_dir, b_store) = temp_store();
    let a = Listener::start(Some(&a_store), &["--quiet"]);
    let b = Listener::start(Some(&b_store), &["--quiet"]);
    Pair {
        dirs: (a_dir, b_dir),
        a_store,
        b_store,
        a,
        b,
    }
}

/// A request to send: path, headers, body.
type Sample<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<u8>);

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn store_arg(path: &std::path::Path) -> String {
    path.to_str().unwrap().to_string()
}

/// Sends the round-trip set to a listener: every body kind, repeats, mixed case, a query.
fn capture_the_set(addr: &str) {
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzipped.write_all(b"{\"zipped\":true}").unwrap();
    let gzipped = gzipped.finish().unwrap();
    let multipart = b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n\x00\xff\r\n--B--\r\n";
    let requests: Vec<Sample> = vec![
        (
            "/json?a=1&b=%20c",
            vec![
                ("Content-Type", "application/json"),
                ("X-Trace", "1"),
                ("x-TRACE", "2"),
            ],
            br#"{"n": 1.10}"#.to_vec(),
        ),
        (
            "/xml",
            vec![("Content-Type", "application/xml")],
            b"<a><b>1</b></a>".to_vec(),
        ),
        (
            "/form",
            vec![("Content-Type", "application/x-www-form-urlencoded")],
            b"a=1&b=two+words".to_vec(),
        ),
        (
            "/multipart",
            vec![("Content-Type", "multipart/form-data; boundary=B")],
            multipart.to_vec(),
        ),
        (
            "/binary",
            vec![("Content-Type", "application/octet-stream")],
            vec![0, 1, 2, 0xfe, 0xff],
        ),
        (
            "/gzip",
            vec![
                ("Content-Type", "application/json"),
                ("Content-Encoding", "gzip"),
            ],
            gzipped,
        ),
    ];
    for (path, headers, body) in requests {
        assert_eq!(post(addr, path, &headers, &body).status, 200);
    }
}

#[test]
fn replaying_everything_reproduces_every_record() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    capture_the_set(&a.addr);
    let output = run(&[
        "replay",
        "all",
        "--to",
        &b.url,
        "--store",
        &store_arg(&a_store),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 6);
    assert!(
        lines[0].starts_with("#1 POST /json?a=1&b=%20c → 200 OK"),
        "{}",
        lines[0]
    );
    assert!(stderr(&output).contains("Replayed 6 requests"));

    let originals = read_store(&a_store);
    let replayed = read_store(&b_store);
    assert_eq!(originals.len(), replayed.len());
    for (original, copy) in originals.iter().zip(&replayed) {
        for field in [
            "method",
            "path",
            "query",
            "http_version",
            "body",
            "body_encoding",
            "body_size",
        ] {
            assert_eq!(
                original[field], copy[field],
                "{field} of {}",
                original["path"]
            );
        }
        assert_eq!(
            without_connection_headers(original),
            without_connection_headers(copy),
            "headers of {}",
            original["path"]
        );
    }
}

#[test]
fn re_signing_refreshes_signatures_and_plain_replay_keeps_them() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    // An old signature: signed far in the past.
    let body = br#"{"id":"evt_1"}"#;
    let old = hookcli::sign::stripe::Stripe;
    use hookcli::sign::SignatureScheme;
    let stale = old.sign(
        b"whsec_test",
        body,
        &hookcli::sign::SigningMoment {
            timestamp: 1_600_000_000,
            id: String::new(),
        },
    );
    post(
        &a.addr,
        "/stripe",
        &[
            ("Content-Type", "application/json"),
            ("Stripe-Signature", &stale[0].1),
        ],
        body,
    );

    let store = store_arg(&a_store);
    assert!(run(&["replay", "--to", &b.url, "--store", &store])
        .status
        .success());
    assert!(run(&[
        "replay",
        "--to",
        &b.url,
        "--store",
        &store,
        "--sign",
        "stripe",
        "--secret",
        "whsec_test"
    ])
    .status
    .success());
    let records = read_store(&b_store);
    let check = hookcli::sign::TimeCheck {
        now: hookcli::clock::unix_seconds(hookcli::clock::now()),
        tolerance: Duration::from_secs(300),
    };
    let verify = |record: &serde_json::Value| {
        old.verify(
            &[b"whsec_test".to_vec()],
            &record_headers(record),
            body,
            &check,
        )
    };
    assert_eq!(
        without_connection_headers(&records[0]),
        without_connection_headers(&read_store(&a_store)[0]),
        "untouched"
    );
    assert!(matches!(
        verify(&records[0]),
        Err(hookcli::sign::VerifyFailure::OutsideTolerance { .. })
    ));
    assert_eq!(verify(&records[1]), Ok(()));
    let signatures = record_headers(&records[1])
        .into_iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("stripe-signature"))
        .count();
    assert_eq!(
        signatures, 1,
        "the old signature is replaced, not kept beside the new one"
    );
}

#[test]
fn selectors_filters_urls_and_header_changes() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    for i in 1..=6 {
        let path = if i % 2 == 0 {
            format!("/hooks/even/{i}")
        } else {
            format!("/other/{i}?q={i}")
        };
        post(
            &a.addr,
            &path,
            &[("X-Secret", "s"), ("X-Keep", "k")],
            format!("{i}").as_bytes(),
        );
    }
    let store = store_arg(&a_store);
    let replay = |args: &[&str]| {
        let mut all = vec!["replay", "--store", store.as_str()];
        all.extend_from_slice(args);
        let output = run(&all);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    };
    let base = format!("{}/base/", b.url);
    replay(&["2..4", "--to", &base]);
    replay(&[
        "--path",
        "/hooks/*",
        "--to",
        &b.url,
        "--drop-header",
        "x-secret",
        "-H",
        "X-Keep: changed",
        "-H",
        "X-New: 1",
    ]);
    replay(&["1", "--to", &format!("{}/exact?e=1", b.url), "--exact-url"]);
    replay(&["last~1", "--method", "post", "--to", &b.url]);
    let records = read_store(&b_store);
    let targets: Vec<String> = records
        .iter()
        .map(|r| {
            format!(
                "{}{}",
                r["path"].as_str().unwrap(),
                r["query"]
                    .as_str()
                    .map(|q| format!("?{q}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            "/base/hooks/even/2",
            "/base/other/3?q=3",
            "/base/hooks/even/4",
            "/hooks/even/2",
            "/hooks/even/4",
            "/hooks/even/6",
            "/exact?e=1",
            "/other/5?q=5"
        ]
    );
    let filtered = without_connection_headers(&records[3]);
    assert!(!filtered.iter().any(|(n, _)| n == "X-Secret"));
    assert!(
        filtered.contains(&("X-Keep".into(), "changed".into()))
            && filtered.contains(&("X-New".into(), "1".into()))
    );
    assert_eq!(records[6]["body"], "1");

    for (selector, expected) in [("9..12", 2), ("abc", 2), ("5..2", 2), ("7", 2)] {
        let output = run(&["replay", selector, "--to", &b.url, "--store", &store]);
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{selector}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn pacing_keeps_order_and_gaps() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    for i in 1..=4 {
        post(&a.addr, &format!("/n/{i}"), &[], b"x");
        if i == 2 {
            std::thread::sleep(Duration::from_millis(400));
        }
    }
    let store = store_arg(&a_store);
    let started = Instant::now();
    assert!(run(&[
        "replay",
        "all",
        "--to",
        &b.url,
        "--store",
        &store,
        "--realtime"
    ])
    .status
    .success());
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "the captured gap is kept"
    );
    let started = Instant::now();
    assert!(
        run(&["replay", "all", "--to", &b.url, "--store", &store, "--rate", "10"])
            .status
            .success()
    );
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "4 requests at 10/s take at least 0.3 s"
    );
    let paths: Vec<String> = read_store(&b_store)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        ["/n/1", "/n/2", "/n/3", "/n/4", "/n/1", "/n/2", "/n/3", "/n/4"]
    );
    let concurrent = run(&[
        "replay",
        "all",
        "--to",
        &b.url,
        "--store",
        &store,
        "--concurrency",
        "4",
        "--json",
    ]);
    let results: Vec<serde_json::Value> = String::from_utf8_lossy(&concurrent.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 4);
    assert!(results
        .iter()
        .all(|r| r["status"] == 200 && r["id"].as_str().unwrap().len() == 26));
}

#[test]
fn exit_codes_for_unexpected_answers_and_unreachable_targets() {
    let (_a_dir, a_store) = temp_store();
    let a = Listener::start(Some(&a_store), &["--quiet"]);
    post(&a.addr, "/x", &[], b"x");
    let store = store_arg(&a_store);
    let rejecting = Listener::start(None, &["--status", "403", "--quiet"]);
    assert_eq!(
        run(&["replay", "--to", &rejecting.url, "--store", &store])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&[
            "replay",
            "--to",
            &rejecting.url,
            "--store",
            &store,
            "--expect-status",
            "403"
        ])
        .status
        .code(),
        Some(0)
    );
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let unreachable = run(&[
        "replay",
        "--to",
        &format!("http://127.0.0.1:{port}"),
        "--store",
        &store,
    ]);
    assert_eq!(unreachable.status.code(), Some(3));
    assert!(
        stderr(&unreachable).contains("could not be reached"),
        "{}",
        stderr(&unreachable)
    );
}

#[test]
fn curl_commands_per_request_match_what_the_listener_captured() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    capture_the_set(&a.addr);
    let store = store_arg(&a_store);
    let printed = run(&["replay", "all", "--to", &b.url, "--store", &store, "--curl"]);
    let commands = String::from_utf8(printed.stdout).unwrap();
    assert_eq!(commands.lines().count(), 6);
    for command in commands.lines() {
        let ran = Command::new("sh")
            .arg("-c")
            .arg(format!("{command} >/dev/null"))
            .status()
            .unwrap();
        assert!(ran.success(), "{command}");
    }
    let originals = read_store(&a_store);
    let replayed = read_store(&b_store);
    for (original, copy) in originals.iter().zip(&replayed) {
        for field in ["method", "path", "query", "body", "body_encoding"] {
            assert_eq!(
                original[field], copy[field],
                "{field} of {}",
                original["path"]
            );
        }
        let mut want = without_connection_headers(original);
        let mut got = without_connection_headers(copy);
        want.sort();
        got.sort();
        assert_eq!(want, got, "headers of {}", original["path"]);
    }
}

#[test]
fn har_export_import_round_trip_and_validation() {
    let (dir, a_store) = temp_store();
    let a = Listener::start(Some(&a_store), &["--quiet"]);
    capture_the_set(&a.addr);
    let har = dir.path().join("out.har");
    let exported = run(&[
        "export",
        "--har",
        har.to_str().unwrap(),
        "--store",
        &store_arg(&a_store),
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    assert_eq!(document["log"]["version"], "1.2");
    assert_eq!(document["log"]["creator"]["name"], "hookcli");
    assert_eq!(document["log"]["entries"].as_array().unwrap().len(), 6);
    assert_eq!(
        document["log"]["entries"][4]["request"]["postData"]["_encoding"],
        "base64"
    );
    validate_har(&har);

    let imported_store = dir.path().join("imported.jsonl");
    assert!(run(&[
        "import",
        har.to_str().unwrap(),
        "--store",
        imported_store.to_str().unwrap()
    ])
    .status
    .success());
    let originals = read_store(&a_store);
    let imported = read_store(&imported_store);
    assert_eq!(originals.len(), imported.len());
    for (original, copy) in originals.iter().zip(&imported) {
        for field in [
            "received_at",
            "remote_addr",
            "method",
            "path",
            "query",
            "http_version",
            "headers",
            "body",
            "body_encoding",
            "body_size",
            "response",
        ] {
            assert_eq!(
                original[field], copy[field],
                "{field} of {}",
                original["path"]
            );
        }
    }

    // A hand-written HAR, as browser developer tools export it: imported, and replayed with --from.
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/devtools.har");
    validate_har(&fixture);
    assert!(run(&[
        "import",
        fixture.to_str().unwrap(),
        "--store",
        imported_store.to_str().unwrap()
    ])
    .status
    .success());
    let all = read_store(&imported_store);
    assert_eq!(all[6]["path"], "/v1/hooks/orders");
    assert_eq!(all[6]["query"], "source=devtools&x=%20y");
    assert_eq!(all[7]["body_encoding"], "base64");
    let (_b_dir, b_store) = temp_store();
    let b = Listener::start(Some(&b_store), &["--quiet"]);
    let output = run(&[
        "replay",
        "all",
        "--from",
        fixture.to_str().unwrap(),
        "--to",
        &b.url,
        "--store",
        "/nonexistent/unused.jsonl",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let replayed = read_store(&b_store);
    assert_eq!(replayed[0]["body"], "{\"order\":42,\"total\":\"9.90\"}");
    assert_eq!(
        record_headers(&replayed[0])[3],
        ("x-request-id".to_string(), "req-1-again".to_string())
    );
    assert_eq!(replayed[1]["method"], "PUT");

    let not_har = dir.path().join("notes.txt");
    std::fs::write(&not_har, "just notes").unwrap();
    let refused = run(&[
        "import",
        not_har.to_str().unwrap(),
        "--store",
        imported_store.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(stderr(&refused).lines().count(), 1);
    assert!(stderr(&refused).contains("is not a HAR file"));
}

/// Runs the npm package har-validator on a file. .ci/run installs it and names its folder in
/// HOOKCLI_HAR_VALIDATOR; in CI its absence is a failure.
fn validate_har(path: &std::path::Path) {
    let Some(modules) = std::env::var_os("HOOKCLI_HAR_VALIDATOR") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide HOOKCLI_HAR_VALIDATOR (see .ci/run)"
        );
        eprintln!(
            "note: HOOKCLI_HAR_VALIDATOR is not set; {} checked for structure only",
            path.display()
        );
        return;
    };
    let script = format!(
        "const v=require({:?}); const h=JSON.parse(require('fs').readFileSync({:?}));\
         v.har(h).then(()=>process.exit(0)).catch(e=>{{console.error(JSON.stringify(e.errors||e.message));process.exit(1)}})",
        std::path::Path::new(&modules).join("har-validator"),
        path
    );
    let output = Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "har-validator rejected {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn clear_asks_or_needs_yes() {
    let (_dir, store) = temp_store();
    let a = Listener::start(Some(&store), &["--quiet"]);
    post(&a.addr, "/x", &[], b"1");
    let refused = run(&["clear", "--store", &store_arg(&store)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--yes"));
    assert_eq!(read_store(&store).len(), 1);
    let cleared = run(&["clear", "--yes", "--store", &store_arg(&store)]);
    assert!(cleared.status.success());
    assert!(stderr(&cleared).contains("Deleted 1 capture"));
    assert_eq!(read_store(&store).len(), 0);
    post(&a.addr, "/after", &[], b"2");
    assert_eq!(
        read_store(&store).len(),
        1,
        "a running listener keeps appending after a clear"
    );
}

/// A header value that is not UTF-8 is stored as Latin-1 characters and replayed as the very
/// bytes that came in.
#[test]
fn header_bytes_that_are_not_utf8_replay_as_received() {
    let Pair {
        dirs: _dirs,
        a_store,
        b_store,
        a,
        b,
    } = pair();
    let mut request =
        b"POST /latin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Lat: caf".to_vec();
    request.extend_from_slice(b"\xe9\r\nX-Utf: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(send_raw(&a.addr, &request).status, 200);
    let original = &read_store(&a_store)[0];
    assert_eq!(original["latin1_headers"], serde_json::json!([2]));
    assert!(
        run(&["replay", "--to", &b.url, "--store", &store_arg(&a_store)])
            .status
            .success()
    );
    let copy = &read_store(&b_store)[0];
    let lat = record_headers(copy)
        .into_iter()
        .find(|(n, _)| n == "X-Lat")
        .unwrap();
    assert_eq!(lat.1, "caf\u{e9}");
    let utf = record_headers(copy)
        .into_iter()
        .find(|(n, _)| n == "X-Utf")
        .unwrap();
    assert_eq!(utf.1, "café");
    assert_eq!(
        copy["latin1_headers"].as_array().map(Vec::len),
        Some(1),
        "the byte 0xE9 arrived again, not UTF-8"
    );
}

/// A request in absolute form (`POST http://example.com/abs?q=1`, as clients send to a proxy)
/// is replayed to the target's own path, and exported with its URL as it came.
#[test]
fn absolute_form_targets_replay_to_their_path_and_export_as_their_url() {
    let p = pair();
    let answer = send_raw(
        &p.a.addr,
        b"POST http://example.com/abs?q=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
    );
    assert_eq!(answer.status, 200);
    let output = run(&[
        "replay",
        "1",
        "--store",
        &store_arg(&p.a_store),
        "--to",
        &format!("{}/base", p.b.url),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let replayed = read_store(&p.b_store);
    assert_eq!(replayed[0]["path"], "/base/abs");
    assert_eq!(replayed[0]["query"], "q=1");
    assert_eq!(replayed[0]["body"], "hi");

    let har = p.dirs.0.path().join("abs.har");
    let output = run(&[
        "export",
        "--har",
        har.to_str().unwrap(),
        "--store",
        &store_arg(&p.a_store),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let har: serde_json::Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    assert_eq!(
        har["log"]["entries"][0]["request"]["url"],
        "http://example.com/abs?q=1"
    );
}

/// Filters that match nothing send nothing and say so; the exit code stays 0.
#[test]
fn filters_that_match_nothing_are_warned_about() {
    let p = pair();
    assert_eq!(post(&p.a.addr, "/one", &[], b"1").status, 200);
    let output = run(&[
        "replay",
        "all",
        "--store",
        &store_arg(&p.a_store),
        "--to",
        &p.b.url,
        "--path",
        "/nothing-like-it",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("matched the selection and filters; nothing was sent"));
    assert!(read_store(&p.b_store).is_empty());
}

/// `http//host` (a scheme that lost its colon) was taken as a host named `http` and failed at
/// connecting; it is a usage error on one line that says how to write the URL.
#[test]
fn a_to_url_missing_its_scheme_s_colon_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.jsonl");
    std::fs::write(&store, include_str!("fixtures/store-every-field.jsonl")).unwrap();
    let refused = run(&[
        "replay",
        "--to",
        "http//127.0.0.1:9",
        "--store",
        &store_arg(&store),
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(stderr(&refused).lines().count(), 1, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("'http//127.0.0.1:9' is not a URL")
            && stderr(&refused).contains("write it as http://host:port/path"),
        "{}",
        stderr(&refused)
    );
    // The URL standard reads `http:///x` as `http://x/`; hookcli, as curl, says it has no host.
    for args in [
        &["send", "http:///hooks"][..],
        &[
            "replay",
            "--to",
            "http:///hooks",
            "--store",
            &store_arg(&store),
        ],
    ] {
        let refused = run(args);
        assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
        assert!(
            stderr(&refused).contains("'http:///hooks' has no host"),
            "{}",
            stderr(&refused)
        );
    }
}
