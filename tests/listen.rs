//! `hookcli listen` end to end: the real binary on 127.0.0.1, real clients.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use base64::Engine;
use common::*;

const MULTIPART: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello part\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n--XyZ--\r\n";

/// Each body type: the record keeps the exact bytes, and the printed block renders it.
#[test]
fn every_body_type_is_stored_exactly_and_rendered() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(Some(&store), &["--count", "7", "--timeout", "20s"]);
    let cases: Vec<(&str, &str, &[u8])> = vec![
        (
            "/json",
            "application/json",
            br#"{"event":"push","n":1.10,"list":[{"a":1},{"a":2}]}"#,
        ),
        (
            "/xml",
            "text/xml; charset=utf-8",
            b"<order id=\"7\"><item>a &amp; b</item></order>",
        ),
        (
            "/form",
            "application/x-www-form-urlencoded",
            b"type=subscribe&data%5Bemail%5D=a%40b.c&note=hi+there",
        ),
        ("/multipart", "multipart/form-data; boundary=XyZ", MULTIPART),
        ("/text", "text/plain", b"plain words"),
        (
            "/binary",
            "application/octet-stream",
            b"\x00\x01\x02\xffbinary",
        ),
        ("/array", "application/json", br#"[{"id":1},{"id":2}]"#),
    ];
    for (path, content_type, body) in &cases {
        assert_eq!(
            post(
                &listener.addr,
                path,
                &[("Content-Type", content_type)],
                body
            )
            .status,
            200
        );
    }
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);

    let records = read_store(&store);
    assert_eq!(records.len(), cases.len());
    for (record, (path, content_type, body)) in records.iter().zip(&cases) {
        assert_eq!(record["path"], *path);
        assert_eq!(record["method"], "POST");
        assert_eq!(record["body_size"], body.len());
        let stored = match record["body_encoding"].as_str().unwrap() {
            "utf8" => record["body"].as_str().unwrap().as_bytes().to_vec(),
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(record["body"].as_str().unwrap())
                .unwrap(),
            other => panic!("unknown encoding {other}"),
        };
        assert_eq!(&stored, body);
        assert!(record_headers(record)
            .contains(&("Content-Type".to_string(), content_type.to_string())));
        assert_eq!(record["response"]["status"], 200);
        assert_eq!(record["http_version"], "HTTP/1.1");
        assert!(record["remote_addr"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"));
        assert_eq!(record["id"].as_str().unwrap().len(), 26);
        assert!(record["received_at"].as_str().unwrap().ends_with('Z'));
    }
    assert_eq!(records[5]["body_encoding"], "base64");

    let shown = listener.stdout_text();
    assert!(!shown.contains('\u{1b}'), "no colors when stdout is a pipe");
    assert!(
        shown.contains("  \"event\": \"push\",\n  \"n\": 1.10,"),
        "JSON indented as sent:\n{shown}"
    );
    assert!(
        shown.contains("[\n  {\n    \"id\": 1\n  },"),
        "a JSON array of objects:\n{shown}"
    );
    assert!(
        shown.contains("<order id=\"7\">\n  <item>a &amp; b</item>\n</order>"),
        "XML indented:\n{shown}"
    );
    assert!(
        shown.contains("data[email] = a@b.c\nnote = hi there"),
        "form decoded:\n{shown}"
    );
    assert!(
        shown.contains("name=note") && shown.contains("    hello part"),
        "multipart text part:\n{shown}"
    );
    assert!(
        shown.contains("filename=logo.png  type=image/png  8 bytes"),
        "multipart file part:\n{shown}"
    );
    assert!(shown.contains("\nplain words\n"));
    assert!(
        shown.contains("00000000  00 01 02 ff 62 69 6e 61"),
        "hex dump:\n{shown}"
    );
}

/// `--json` prints each record as one line, the same line the store holds.
#[test]
fn json_lines_on_stdout_match_the_store() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--json", "--count", "2", "--timeout", "20s"],
    );
    post(
        &listener.addr,
        "/a?x=1&y=%20",
        &[("Content-Type", "application/json")],
        b"{\"a\":1}",
    );
    post(&listener.addr, "/b", &[], b"");
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let stored = std::fs::read_to_string(&store).unwrap();
    assert_eq!(listener.stdout_text(), stored);
    let records = read_store(&store);
    assert_eq!(records[0]["path"], "/a");
    assert_eq!(records[0]["query"], "x=1&y=%20");
    assert_eq!(records[1]["query"], serde_json::Value::Null);
    assert_eq!(records[1]["body"], "");
    let stderr = listener.stderr_text();
    assert!(
        stderr.contains("Captured 2 requests; stored in"),
        "{stderr}"
    );
}

/// A body that is not UTF-8 is stored as base64 and `show --body` gives back the same bytes.
#[test]
fn non_utf8_bodies_round_trip_byte_exact() {
    let (_dir, store) = temp_store();
    let body: Vec<u8> = (0..=255u8).rev().chain([0xc3, 0x28, 0x00]).collect();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "1", "--timeout", "20s", "--quiet"],
    );
    post(
        &listener.addr,
        "/bin",
        &[("Content-Type", "application/octet-stream")],
        &body,
    );
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert_eq!(read_store(&store)[0]["body_encoding"], "base64");
    let shown = run(&["show", "last", "--body", "--store", store.to_str().unwrap()]);
    assert!(shown.status.success());
    assert_eq!(shown.stdout, body);
}

/// A gzip body is decoded for display and stored as received.
#[test]
fn gzip_bodies_are_decoded_for_display_and_stored_raw() {
    let (_dir, store) = temp_store();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(br#"{"zipped":true}"#).unwrap();
    let gzipped = encoder.finish().unwrap();
    let mut listener = Listener::start(Some(&store), &["--count", "1", "--timeout", "20s"]);
    post(
        &listener.addr,
        "/gz",
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", "gzip"),
        ],
        &gzipped,
    );
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let record = &read_store(&store)[0];
    let stored = base64::engine::general_purpose::STANDARD
        .decode(record["body"].as_str().unwrap())
        .unwrap();
    assert_eq!(stored, gzipped);
    let shown = listener.stdout_text();
    assert!(shown.contains("decoded gzip for display"), "{shown}");
    assert!(shown.contains("\"zipped\": true"), "{shown}");
}

/// A chunked upload is stored as the bytes it carried, and header case and interleaved order
/// are kept as received, on a kept-alive connection.
#[test]
fn chunked_bodies_and_header_case_and_order_are_kept() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "2", "--timeout", "20s", "--quiet"],
    );
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let first = "POST /chunked HTTP/1.1\r\nHost: x\r\nX-Trace: one\r\nTransfer-Encoding: chunked\r\nx-TRACE: two\r\nContent-Type: text/plain\r\nX-Trace: three\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
    stream.write_all(first.as_bytes()).unwrap();
    let mut buffer = [0u8; 4096];
    let n = stream.read(&mut buffer).unwrap();
    assert!(buffer[..n].starts_with(b"HTTP/1.1 200"));
    let second =
        "PUT /second HTTP/1.1\r\nhost: x\r\nContent-LENGTH: 2\r\nconnection: close\r\n\r\nok";
    stream.write_all(second.as_bytes()).unwrap();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(rest.starts_with(b"HTTP/1.1 200"));
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);

    let records = read_store(&store);
    assert_eq!(records[0]["body"], "hello, world");
    let names: Vec<String> = record_headers(&records[0])
        .into_iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    assert_eq!(
        names,
        [
            "Host=x",
            "X-Trace=one",
            "Transfer-Encoding=chunked",
            "x-TRACE=two",
            "Content-Type=text/plain",
            "X-Trace=three"
        ]
    );
    assert_eq!(records[1]["method"], "PUT");
    assert_eq!(records[1]["body"], "ok");
    assert_eq!(record_headers(&records[1])[1].0, "Content-LENGTH");
}

/// HTTP/2 with prior knowledge is served and captured.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http2_prior_knowledge_is_captured() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "1", "--timeout", "20s", "--quiet"],
    );
    let client = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let response = client
        .post(format!("{}/h2?v=2", listener.url))
        .header("X-Custom", "yes")
        .body("over h2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(
        tokio::task::block_in_place(|| listener.wait(Duration::from_secs(20))),
        0
    );
    let record = &read_store(&store)[0];
    assert_eq!(record["http_version"], "HTTP/2");
    assert_eq!(record["path"], "/h2");
    assert_eq!(record["query"], "v=2");
    assert_eq!(record["body"], "over h2");
    let headers = record_headers(record);
    assert!(headers.contains(&("x-custom".into(), "yes".into())));
    let authority = listener.url.trim_start_matches("http://").to_string();
    assert_eq!(headers[0], (":authority".into(), authority));
}

/// `--status 500,500,200` answers each in turn, then keeps the last; headers and body as told.
#[test]
fn status_sequence_headers_and_body_are_answered() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &[
            "--status",
            "500,500,200",
            "-H",
            "X-Answer: yes",
            "--body",
            "Rejected: unknown customer",
            "-H",
            "Content-Type: text/plain",
            "--quiet",
            "--count",
            "5",
            "--timeout",
            "20s",
        ],
    );
    let statuses: Vec<u16> = (0..4)
        .map(|_| post(&listener.addr, "/retry", &[], b"{}").status)
        .collect();
    assert_eq!(statuses, [500, 500, 200, 200]);
    let response = post(&listener.addr, "/more", &[], b"{}");
    assert_eq!(response.header("x-answer"), Some("yes"));
    assert_eq!(response.header("content-type"), Some("text/plain"));
    assert_eq!(response.body, b"Rejected: unknown customer");
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let records = read_store(&store);
    assert_eq!(records[0]["response"]["status"], 500);
    assert_eq!(records[0]["response"]["body"], "Rejected: unknown customer");
}

/// The default answer is a JSON acknowledgement naming the capture.
#[test]
fn the_default_answer_acknowledges_with_the_capture_id() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "1", "--timeout", "20s", "--quiet"],
    );
    let response = post(&listener.addr, "/", &[], b"x");
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let id = read_store(&store)[0]["id"].as_str().unwrap().to_string();
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(response.body).unwrap(),
        format!("{{\"ok\":true,\"id\":\"{id}\"}}")
    );
}

/// `--delay` holds the answer, and the request is stored before it is answered.
#[test]
fn delay_holds_the_answer_after_storing() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--delay", "400ms", "--quiet"]);
    let started = Instant::now();
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .write_all(
            b"POST /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1\r\n\r\nz",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(read_store(&store).len(), 1, "stored before the answer");
    let mut response = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.read_to_end(&mut response);
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(parse_response(&response).status, 200);
}

/// `--count` reached exits 0; `--timeout` without reaching it exits 1; `--timeout` alone exits 0.
#[test]
fn count_and_timeout_decide_the_exit_code() {
    let mut short = Listener::start(None, &["--count", "2", "--timeout", "700ms", "--quiet"]);
    post(&short.addr, "/", &[], b"");
    assert_eq!(short.wait(Duration::from_secs(20)), 1);
    let stderr = short.stderr_text();
    assert!(stderr.contains("with 1 of 2 requests captured"), "{stderr}");
    assert!(stderr.contains("not stored (--no-store)"), "{stderr}");

    let mut plain = Listener::start(None, &["--timeout", "300ms"]);
    assert_eq!(plain.wait(Duration::from_secs(20)), 0);
    assert!(plain.stderr_text().contains("Captured 0 requests"));
}

/// `--count N` stores exactly N, even when more arrive together: the rest get a 503 (or find the
/// listener gone) and are not captured, and the README's CI recipe finds N records.
#[test]
fn count_captures_exactly_that_many_when_more_arrive_together() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "2", "--timeout", "20s", "--json"],
    );
    let start = std::sync::Arc::new(std::sync::Barrier::new(8));
    let senders: Vec<_> = (0..8)
        .map(|i| {
            let (addr, start) = (listener.addr.clone(), start.clone());
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).ok()?;
                stream.set_read_timeout(Some(Duration::from_secs(15))).ok()?;
                start.wait();
                let request = format!("POST /{i} HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}");
                stream.write_all(request.as_bytes()).ok()?;
                let mut answer = Vec::new();
                stream.read_to_end(&mut answer).ok()?;
                // A listener that has stopped closes the connection without a word.
                (!answer.is_empty()).then(|| parse_response(&answer).status)
            })
        })
        .collect();
    let statuses: Vec<Option<u16>> = senders.into_iter().map(|s| s.join().unwrap()).collect();
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert_eq!(
        statuses.iter().filter(|s| **s == Some(200)).count(),
        2,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| matches!(s, Some(200) | Some(503) | None)),
        "{statuses:?}"
    );
    assert_eq!(read_store(&store).len(), 2);
    assert_eq!(listener.stdout_text().lines().count(), 2);
    assert!(
        listener.stderr_text().contains("Captured 2 requests"),
        "{}",
        listener.stderr_text()
    );
}

/// A `--store` that names a file of another kind is refused before anything is written to it.
#[test]
fn a_store_that_is_not_one_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("deploy.py");
    std::fs::write(&script, "print('deploy')\n").unwrap();
    for args in [
        vec!["listen", "--port", "0", "--timeout", "1s"],
        vec!["clear", "--yes"],
    ] {
        let output = hookcli()
            .args(&args)
            .arg("--store")
            .arg(&script)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("is not a capture store"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(&script).unwrap(),
        "print('deploy')\n"
    );
}

/// SIGTERM finishes gracefully with a summary and exit 0.
#[test]
fn sigterm_stops_with_a_summary() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(Some(&store), &["--quiet"]);
    post(&listener.addr, "/", &[], b"one");
    let pid = listener.child.as_ref().unwrap().id();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert!(
        listener
            .stderr_text()
            .contains("Captured 1 request; stored in"),
        "{}",
        listener.stderr_text()
    );
}

/// A body over `--max-body` is answered 413 and not stored, by Content-Length or while streaming.
#[test]
fn bodies_over_the_limit_get_413() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--max-body", "1KiB", "--quiet"]);
    let big = vec![b'a'; 2048];
    let response = post(&listener.addr, "/big", &[], &big);
    assert_eq!(response.status, 413);
    assert!(String::from_utf8_lossy(&response.body).contains("--max-body"));
    let mut chunked =
        b"POST /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..4 {
        chunked.extend_from_slice(b"200\r\n");
        chunked.extend_from_slice(&[b'b'; 512]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(send_raw(&listener.addr, &chunked).status, 413);
    assert_eq!(post(&listener.addr, "/small", &[], b"fits").status, 200);
    let records = read_store(&store);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["path"], "/small");
    assert!(listener.stderr_text().contains("answered 413"));
}

/// A malformed request gets 400, a stalled client blocks nobody, and others are served.
#[test]
fn malformed_and_stalled_clients_do_not_block_others() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let mut stalled = TcpStream::connect(&listener.addr).unwrap();
    stalled
        .write_all(b"POST /stall HTTP/1.1\r\nHost: x\r\nX-Half")
        .unwrap();
    let garbage = send_raw(&listener.addr, b"\x16\x03\x01 not http at all\r\n\r\n");
    assert_eq!(garbage.status, 400);
    let started = Instant::now();
    assert_eq!(post(&listener.addr, "/fine", &[], b"ok").status, 200);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(read_store(&store).len(), 1);
    drop(stalled);
}

/// Two listeners appending to one store under load never interleave records.
#[test]
fn two_listeners_share_one_store_without_interleaving() {
    let (_dir, store) = temp_store();
    let first = Listener::start(Some(&store), &["--quiet"]);
    let second = Listener::start(Some(&store), &["--quiet"]);
    let body = "x".repeat(20_000);
    let senders: Vec<_> = [first.addr.clone(), second.addr.clone()]
        .into_iter()
        .map(|addr| {
            let body = body.clone();
            std::thread::spawn(move || {
                for i in 0..40 {
                    let payload = format!("{{\"n\":{i},\"pad\":\"{body}\"}}");
                    assert_eq!(
                        post(
                            &addr,
                            "/",
                            &[("Content-Type", "application/json")],
                            payload.as_bytes()
                        )
                        .status,
                        200
                    );
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    let records = read_store(&store);
    assert_eq!(records.len(), 80);
    assert!(records
        .iter()
        .all(|r| r["body_size"].as_u64().unwrap() > 20_000));
}

/// A torn last line is skipped with a warning, and the next record starts on its own line.
#[test]
fn a_torn_last_line_is_skipped_and_never_glued_to() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", "1", "--timeout", "20s", "--quiet"],
    );
    post(&listener.addr, "/first", &[], b"1");
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&store)
        .unwrap();
    file.write_all(b"{\"id\":\"01TORN\",\"received_at\":\"2026")
        .unwrap();
    drop(file);

    let listed = run(&["list", "--store", store.to_str().unwrap()]);
    assert!(listed.status.success());
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).lines().count(),
        2,
        "a header and one row"
    );
    assert!(String::from_utf8_lossy(&listed.stderr).contains("torn last line"));

    let mut listener = Listener::start(
        Some(&store),
        &["--count", "1", "--timeout", "20s", "--quiet"],
    );
    post(&listener.addr, "/second", &[], b"2");
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let listed = run(&["list", "--json", "--store", store.to_str().unwrap()]);
    let paths: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["/first", "/second"]);
    assert!(
        String::from_utf8_lossy(&listed.stderr).contains("not a capture record"),
        "the old torn line now sits mid-file"
    );
}

/// A port in use is one line naming the port and suggesting --port 0, exit 3.
#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run(&["listen", "--no-store", "--port", &port]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&port) && stderr.contains("--port 0"),
        "{stderr}"
    );
}

/// Colors: none on a pipe, on with --color always, off with NO_COLOR even then for auto.
#[test]
fn colors_follow_the_color_option() {
    let mut colored = Listener::start(
        None,
        &["--color", "always", "--count", "1", "--timeout", "20s"],
    );
    post(
        &colored.addr,
        "/",
        &[("Content-Type", "application/json")],
        b"{\"a\":1}",
    );
    assert_eq!(colored.wait(Duration::from_secs(20)), 0);
    assert!(colored.stdout_text().contains('\u{1b}'));

    let mut plain = Listener::start_with(None, &["--count", "1", "--timeout", "20s"], |c| {
        c.env("NO_COLOR", "1");
    });
    post(
        &plain.addr,
        "/",
        &[("Content-Type", "application/json")],
        b"{\"a\":1}",
    );
    assert_eq!(plain.wait(Duration::from_secs(20)), 0);
    assert!(!plain.stdout_text().contains('\u{1b}'));
}

/// A sender's escape sequences are shown, not obeyed; framing headers in -H are refused.
#[test]
fn control_characters_are_shown_safely_and_framing_headers_refused() {
    let mut listener = Listener::start(None, &["--count", "1", "--timeout", "20s"]);
    post(
        &listener.addr,
        "/",
        &[("Content-Type", "text/plain")],
        b"x\x1b[31mRED\x07",
    );
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let shown = listener.stdout_text();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("x\u{241b}[31mRED\u{2407}"));
    let refused = run(&[
        "listen",
        "--no-store",
        "--port",
        "0",
        "-H",
        "Content-Length: 9",
    ]);
    assert_eq!(refused.status.code(), Some(2));
}

/// The header timeout runs only while a head is awaited: an answer delayed past it still
/// arrives on a kept-alive connection, which is then closed once idle past the timeout.
#[test]
fn header_timeout_spares_requests_being_answered() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(
        Some(&store),
        &["--quiet", "--header-timeout", "500ms", "--delay", "900ms"],
    );
    let mut client = KeepAlive::connect(&listener.addr).unwrap();
    assert_eq!(client.post("/slow-1", b"{}").unwrap(), 200);
    assert_eq!(client.post("/slow-2", b"{}").unwrap(), 200);
    std::thread::sleep(Duration::from_millis(1_200));
    assert!(
        client.post("/late", b"{}").is_err(),
        "an idle connection outlived the header timeout"
    );
    assert_eq!(read_store(&store).len(), 2);
}

/// Framing a careful server refuses, and offers it declines: a chunk size that would overflow
/// the body limit, bare LF in chunked framing, a complete head over 64 KiB, `chunked` twice;
/// an h2c Upgrade offer is answered in HTTP/1.1 and captured; HEAD gets GET's Content-Length.
#[test]
fn http1_framing_is_strict_and_upgrades_are_declined() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let chunked =
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    let overflow = format!("{chunked}5\r\nhello\r\nfffffffffffffffd\r\nxx");
    assert_eq!(send_raw(&listener.addr, overflow.as_bytes()).status, 413);
    let bare_lf = format!("{chunked}5\nhello\r\n0\r\n\r\n");
    assert_eq!(send_raw(&listener.addr, bare_lf.as_bytes()).status, 400);
    let signed = format!("{chunked}+5\r\nhello\r\n0\r\n\r\n");
    assert_eq!(send_raw(&listener.addr, signed.as_bytes()).status, 400);
    let twice = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    assert_eq!(send_raw(&listener.addr, twice).status, 400);
    let long_head = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_eq!(send_raw(&listener.addr, long_head.as_bytes()).status, 431);

    let upgrade = b"POST /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 2\r\n\r\nok";
    assert_eq!(send_raw(&listener.addr, upgrade).status, 200);
    let get = send_raw(
        &listener.addr,
        b"GET /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let head = send_raw(
        &listener.addr,
        b"HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), get.header("content-length"));
    assert_eq!(head.header("content-type"), Some("application/json"));

    let records = read_store(&store);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/up", "/h", "/h"]);
    assert_eq!(records[0]["body"], "ok");
    assert_eq!(records[2]["response"]["body"], "");
}

/// A body that stops arriving is cut off after the header timeout with a 400, and not stored.
#[test]
fn a_stalled_body_is_cut_off_after_the_header_timeout() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet", "--header-timeout", "500ms"]);
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(b"POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(parse_response(&answer).status, 400);
    assert!(read_store(&store).is_empty());
    // The warning may reach stderr just after the answer reaches the client.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !listener.stderr_text().contains("within --header-timeout") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(listener.stderr_text().contains("within --header-timeout"));
}

/// Trailer fields after a chunked body are stored with the record, in order and case.
#[test]
fn chunked_trailers_are_stored() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--json"]);
    let request = b"POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Digest\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\nX-Digest: sha-256=abc\r\nx-second:  2 \r\n\r\n";
    assert_eq!(send_raw(&listener.addr, request).status, 200);
    let records = read_store(&store);
    assert_eq!(records[0]["body"], "hello");
    assert_eq!(
        records[0]["trailers"],
        serde_json::json!([["X-Digest", "sha-256=abc"], ["x-second", "2"]])
    );
    listener.wait_for_stdout_lines(1);
    assert!(listener
        .stdout_text()
        .contains("\"trailers\":[[\"X-Digest\""));
}

/// A --body that a 204 answer cannot carry is warned about at start, not dropped in silence.
#[test]
fn a_body_with_a_bodiless_status_is_warned_about() {
    let mut listener = Listener::start(None, &["--status", "204", "--body", "hi", "--count", "1"]);
    let answer = post(&listener.addr, "/", &[], b"x");
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty());
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert!(
        listener
            .stderr_text()
            .contains("the answer's body is never sent: a 204, 205 or 304 answer has none"),
        "{}",
        listener.stderr_text()
    );
}

/// `--inspect` draws on the terminal: into a pipe it is refused before binding, in one line
/// that says what to use instead; with `--json` (which prints to that terminal) or `--no-store`
/// (the inspector shows the store) it is a usage error too.
#[test]
fn inspect_is_refused_where_it_cannot_draw_or_has_nothing_to_show() {
    let (_dir, store) = temp_store();
    let store = store.to_str().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&[], "listen --inspect draws on a terminal and standard output is not one; use hookcli listen without --inspect"),
        (&["--json"], "'--inspect' cannot be used with '--json'"),
        (&["--no-store"], "'--inspect' cannot be used with '--no-store'"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["--store", store, "listen", "--inspect", "--port", "0"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--timeout", "5s"]);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert!(
        !std::path::Path::new(store).exists(),
        "refused before the store was made"
    );
}
