//! `hookcli send` end to end against the real `hookcli listen`, on 127.0.0.1.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use hookcli::sign::{self, HmacSettings, SchemeName, TimeCheck};

fn send(listener: &Listener, path: &str, args: &[&str]) -> std::process::Output {
    let url = format!("{}{}", listener.url, path);
    let mut all = vec!["send", url.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn captured(store: &std::path::Path) -> Vec<serde_json::Value> {
    read_store(store)
}

fn names(record: &serde_json::Value) -> Vec<String> {
    record_headers(record).into_iter().map(|(n, _)| n).collect()
}

fn header(record: &serde_json::Value, name: &str) -> Option<String> {
    record_headers(record)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

#[test]
fn formats_encode_items_data_and_conversions() {
    let (dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let data_file = dir.path().join("event.json");
    std::fs::write(&data_file, "{ \"amount\": 1.10,\n  \"ok\": true }\n").unwrap();
    let binary_file = dir.path().join("blob.bin");
    std::fs::write(&binary_file, [0u8, 159, 146, 150, 255]).unwrap();
    let at_data = format!("@{}", data_file.display());
    let at_binary = format!("@{}", binary_file.display());

    let cases: Vec<(Vec<&str>, &str, Vec<u8>)> = vec![
        (vec!["event=order.created", "id:=42", "tags:=[\"a\",\"b\"]"], "application/json", br#"{"event":"order.created","id":42,"tags":["a","b"]}"#.to_vec()),
        (vec!["-d", &at_data], "application/json", b"{ \"amount\": 1.10,\n  \"ok\": true }\n".to_vec()),
        (vec!["-d", &at_data, "note=x"], "application/json", br#"{"amount":1.10,"ok":true,"note":"x"}"#.to_vec()),
        (vec!["--format", "xml", "-d", &at_data, "--xml-root", "order"], "application/xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><order><amount>1.10</amount><ok>true</ok></order>".to_vec()),
        (vec!["--format", "xml", "-d", "<a><b>1</b></a>"], "application/xml", b"<a><b>1</b></a>".to_vec()),
        (vec!["--format", "form", "name=Ann Lee", "n:=3"], "application/x-www-form-urlencoded", b"name=Ann+Lee&n=3".to_vec()),
        (vec!["--format", "text", "-d", "plain words"], "text/plain; charset=utf-8", b"plain words".to_vec()),
        (vec!["--format", "raw", "-d", &at_binary], "application/octet-stream", vec![0u8, 159, 146, 150, 255]),
        (vec!["-d", "[{\"id\":1},{\"id\":2}]", "-H", "Content-Type: application/vnd.api+json"], "application/vnd.api+json", b"[{\"id\":1},{\"id\":2}]".to_vec()),
    ];
    for (args, _, _) in &cases {
        let output = send(&listener, "/fmt", args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let records = captured(&store);
    assert_eq!(records.len(), cases.len());
    for (record, (args, content_type, body)) in records.iter().zip(&cases) {
        assert_eq!(
            header(record, "content-type").as_deref(),
            Some(*content_type),
            "{args:?}"
        );
        let stored = hookcli::capture::decode_body(
            record["body"].as_str().unwrap(),
            serde_json::from_value(record["body_encoding"].clone()).unwrap(),
        )
        .unwrap()
        .into_owned();
        assert_eq!(stored, *body, "{args:?}");
    }

    // Standard input.
    let mut child = hookcli()
        .args([
            "send",
            &format!("{}/stdin", listener.url),
            "-d",
            "@-",
            "--quiet",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"from\":\"stdin\"}")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        captured(&store).last().unwrap()["body"],
        "{\"from\":\"stdin\"}"
    );
}

#[test]
fn only_asked_for_headers_are_sent_with_curl_semantics() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    assert!(send(&listener, "/h", &["a=1"]).status.success());
    assert!(send(
        &listener,
        "/h",
        &[
            "a=1",
            "-H",
            "User-Agent:",
            "-H",
            "X-Dup: 1",
            "-H",
            "x-dup: 2",
            "-H",
            "X-Empty;",
            "-H",
            "content-type: application/cloudevents+json"
        ]
    )
    .status
    .success());
    let records = captured(&store);
    assert_eq!(
        names(&records[0]),
        ["Host", "User-Agent", "Content-Type", "Content-Length"]
    );
    assert_eq!(
        header(&records[0], "user-agent").unwrap(),
        format!("hookcli/{}", env!("CARGO_PKG_VERSION"))
    );
    let second = record_headers(&records[1]);
    assert!(!second
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("user-agent")));
    assert!(
        second.contains(&("X-Dup".into(), "1".into()))
            && second.contains(&("x-dup".into(), "2".into()))
    );
    assert!(second.contains(&("X-Empty".into(), String::new())));
    assert_eq!(
        header(&records[1], "content-type").unwrap(),
        "application/cloudevents+json"
    );
}

#[test]
fn auth_by_basic_bearer_header_and_environment() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    assert!(send(&listener, "/a", &["-u", "hook:s3cret"])
        .status
        .success());
    assert!(send(&listener, "/a", &["--bearer", "tok123"])
        .status
        .success());
    assert!(send(&listener, "/a", &["-H", "X-Api-Key: k1"])
        .status
        .success());
    let url = format!("{}/a", listener.url);
    assert!(hookcli()
        .args(["send", &url, "--quiet"])
        .env("HOOKCLI_USER", "env:pw")
        .status()
        .unwrap()
        .success());
    assert!(hookcli()
        .args(["send", &url, "--quiet"])
        .env("HOOKCLI_BEARER", "envtok")
        .status()
        .unwrap()
        .success());
    let records = captured(&store);
    assert_eq!(
        header(&records[0], "authorization").unwrap(),
        "Basic aG9vazpzM2NyZXQ="
    );
    assert_eq!(
        header(&records[1], "authorization").unwrap(),
        "Bearer tok123"
    );
    assert_eq!(header(&records[2], "x-api-key").unwrap(), "k1");
    assert_eq!(
        header(&records[3], "authorization").unwrap(),
        "Basic ZW52OnB3"
    );
    assert_eq!(
        header(&records[4], "authorization").unwrap(),
        "Bearer envtok"
    );
}

/// Each scheme signs what `send` sends, and the signature verifies over the bytes `listen` captured.
#[test]
fn every_signature_scheme_verifies_over_the_captured_bytes() {
    let (dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, "file-secret\n").unwrap();
    let secret_path = secret_file.to_str().unwrap();
    let standard_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let cases: Vec<(SchemeName, Vec<&str>, &str, HmacSettings)> = vec![
        (
            SchemeName::Github,
            vec!["--sign", "github", "--secret", "gh"],
            "gh",
            HmacSettings::default(),
        ),
        (
            SchemeName::Stripe,
            vec!["--sign", "stripe", "--secret-file", secret_path],
            "file-secret",
            HmacSettings::default(),
        ),
        (
            SchemeName::Standard,
            vec!["--sign", "standard", "--secret", standard_secret],
            standard_secret,
            HmacSettings::default(),
        ),
        (
            SchemeName::Shopify,
            vec!["--sign", "shopify", "--secret", "shp"],
            "shp",
            HmacSettings::default(),
        ),
        (
            SchemeName::Slack,
            vec!["--sign", "slack", "--secret", "sl"],
            "sl",
            HmacSettings::default(),
        ),
        (
            SchemeName::Hmac,
            vec![
                "--sign",
                "hmac",
                "--secret",
                "h",
                "--sign-header",
                "X-Hub-Signature",
                "--sign-algo",
                "sha1",
                "--sign-prefix",
                "sha1=",
            ],
            "h",
            HmacSettings {
                header: "X-Hub-Signature".into(),
                algorithm: sign::Algorithm::Sha1,
                encoding: sign::Encoding::Hex,
                prefix: "sha1=".into(),
            },
        ),
    ];
    for (_, args, _, _) in &cases {
        let mut all = vec!["-d", "{\"event\": \"signed\", \"n\": 1.50}"];
        all.extend_from_slice(args);
        let output = send(&listener, "/signed", &all);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let url = format!("{}/signed", listener.url);
    assert!(hookcli()
        .args(["send", &url, "--sign", "github", "--quiet"])
        .env("HOOKCLI_SECRET", "gh")
        .status()
        .unwrap()
        .success());
    let records = captured(&store);
    let now = hookcli::clock::unix_seconds(hookcli::clock::now());
    let check = TimeCheck {
        now,
        tolerance: Duration::from_secs(300),
    };
    for (record, (name, args, secret, settings)) in records.iter().zip(&cases) {
        let scheme = sign::scheme(*name, settings);
        let key = scheme.key(secret).unwrap();
        let body = record["body"].as_str().unwrap().as_bytes();
        assert_eq!(
            scheme.verify(
                std::slice::from_ref(&key),
                &record_headers(record),
                body,
                &check
            ),
            Ok(()),
            "{args:?}"
        );
        assert!(scheme
            .verify(&[b"wrong".to_vec()], &record_headers(record), body, &check)
            .is_err());
    }
    let github = sign::scheme(SchemeName::Github, &HmacSettings::default());
    let last = records.last().unwrap();
    assert_eq!(
        github.verify(
            &[b"gh".to_vec()],
            &record_headers(last),
            last["body"].as_str().unwrap().as_bytes(),
            &check
        ),
        Ok(())
    );

    let missing = send(&listener, "/signed", &["--sign", "stripe"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("needs a secret"));
    let bad_file = send(
        &listener,
        "/signed",
        &["--sign", "stripe", "--secret-file", "/nonexistent/secret"],
    );
    assert_eq!(bad_file.status.code(), Some(2));
    assert!(stderr(&bad_file).contains("/nonexistent/secret"));
}

#[test]
fn every_template_is_sent_with_its_senders_headers() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let listed = run(&["templates"]);
    let names: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 9);
    for name in &names {
        let output = send(&listener, "/t", &["--template", name, "--quiet"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
    let records = captured(&store);
    let push = &records[names.iter().position(|n| n == "github.push").unwrap()];
    assert_eq!(header(push, "x-github-event").as_deref(), Some("push"));
    assert_eq!(header(push, "x-github-delivery").unwrap().len(), 36);
    assert!(header(push, "user-agent")
        .unwrap()
        .starts_with("GitHub-Hookshot/"));
    let mailchimp = &records[names
        .iter()
        .position(|n| n == "mailchimp.subscribe")
        .unwrap()];
    assert_eq!(
        header(mailchimp, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert!(mailchimp["body"]
        .as_str()
        .unwrap()
        .starts_with("type=subscribe&"));
    let shown = run(&["templates", "show", "shopify.orders.create"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("X-Shopify-Topic: orders/create"));
    assert_eq!(run(&["templates", "show", "nope"]).status.code(), Some(2));
}

#[test]
fn retries_follow_failures_and_retry_after() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--status", "500,503,200", "--quiet"]);
    let output = send(
        &listener,
        "/r",
        &["--retry", "3", "--sign", "stripe", "--secret", "s"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).matches("retrying in").count(),
        2,
        "{}",
        stderr(&output)
    );
    let records = captured(&store);
    assert_eq!(records.len(), 3);
    assert_ne!(records[0]["id"], records[2]["id"]);

    let limited = Listener::start(
        None,
        &["--status", "429,200", "-H", "Retry-After: 1", "--quiet"],
    );
    let started = Instant::now();
    let output = send(&limited, "/r", &["--retry", "1"]);
    assert!(output.status.success());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );

    let failing = Listener::start(None, &["--status", "500", "--quiet"]);
    let output = send(&failing, "/r", &["--retry", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("expected 2xx, got 500"));
}

#[test]
fn exit_codes_for_status_timeouts_refusals_and_bad_input() {
    let listener = Listener::start(
        None,
        &[
            "--status",
            "403",
            "-H",
            "Content-Type: text/plain",
            "--body",
            "Rejected: unknown customer",
            "--quiet",
        ],
    );
    let rejected = send(&listener, "/", &[]);
    assert_eq!(rejected.status.code(), Some(1));
    assert!(
        stderr(&rejected).contains("got 403 Forbidden: Rejected: unknown customer"),
        "{}",
        stderr(&rejected)
    );
    // Said once, as the error line; standard output holds the answer alone.
    assert_eq!(rejected.stdout, b"Rejected: unknown customer");
    assert_eq!(
        stderr(&rejected)
            .matches("Rejected: unknown customer")
            .count(),
        1,
        "{}",
        stderr(&rejected)
    );
    assert_eq!(
        send(&listener, "/", &["--expect-status", "4xx", "--quiet"])
            .status
            .code(),
        Some(0)
    );
    let json = send(&listener, "/", &["--json", "--expect-status", "403"]);
    let answer: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (
            answer["status"].as_u64(),
            answer["body"].as_str(),
            answer["attempts"].as_u64()
        ),
        (Some(403), Some("Rejected: unknown customer"), Some(1))
    );
    assert!(answer["elapsed_ms"].as_f64().unwrap() > 0.0);

    let slow = Listener::start(None, &["--delay", "3s", "--quiet"]);
    let started = Instant::now();
    let timed_out = send(&slow, "/", &["--timeout", "300ms"]);
    assert_eq!(timed_out.status.code(), Some(3));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        stderr(&timed_out).contains("no answer within 300ms"),
        "{}",
        stderr(&timed_out)
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = run(&["send", &format!("http://127.0.0.1:{port}/"), "--retry", "1"]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        stderr(&refused).contains("after 2 attempts"),
        "{}",
        stderr(&refused)
    );

    let bad_json = send(&listener, "/", &["-d", "{\"a\": }"]);
    assert_eq!(bad_json.status.code(), Some(2));
    assert!(
        stderr(&bad_json).contains("line 1, column 7"),
        "{}",
        stderr(&bad_json)
    );
    assert_eq!(stderr(&bad_json).lines().count(), 1);
    let unreadable = send(&listener, "/", &["-d", "@/nonexistent/body.json"]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(stderr(&unreadable).contains("/nonexistent/body.json"));
    assert_eq!(
        send(&listener, "/", &["not-an-item"]).status.code(),
        Some(2)
    );
}

#[test]
fn dry_run_prints_the_exact_request_and_sends_nothing() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let output = send(
        &listener,
        "/dry?x=1",
        &["a=1", "--sign", "github", "--secret", "s", "--dry-run"],
    );
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("POST /dry?x=1 HTTP/1.1\r\nHost: "),
        "{text}"
    );
    assert!(text.contains("\r\nX-Hub-Signature-256: sha256="));
    assert!(text.ends_with("\r\n\r\n{\"a\":\"1\"}"));
    std::thread::sleep(Duration::from_millis(100));
    assert!(captured(&store).is_empty());
}

/// The printed curl command, run by a shell, sends what `send` would have sent.
#[test]
fn curl_commands_reproduce_the_request() {
    if Command::new("curl").arg("--version").output().is_err() {
        panic!("curl is needed for this test; .ci/run installs it");
    }
    let (dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let binary = dir.path().join("binary.bin");
    std::fs::write(&binary, b"\x01\x02binary\x00\xff").unwrap();
    let at_binary = format!("@{}", binary.display());
    for args in [
        vec![
            "--template",
            "github.push",
            "--sign",
            "github",
            "--secret",
            "it's",
        ],
        vec!["--format", "raw", "-d", &at_binary],
        vec![
            "-X",
            "PUT",
            "-H",
            "X-Quote: it's \"here\"",
            "note=$HOME `x`",
        ],
    ] {
        let expected_output = send(&listener, "/curl?q=1", &args);
        assert!(expected_output.status.success());
        let mut with_curl = args.clone();
        with_curl.push("--curl");
        let printed = send(&listener, "/curl?q=1", &with_curl);
        let command = String::from_utf8(printed.stdout).unwrap();
        let ran = Command::new("sh")
            .arg("-c")
            .arg(format!("{} >/dev/null", command.trim()))
            .status()
            .unwrap();
        assert!(ran.success(), "{command}");
        let records = captured(&store);
        let (ours, curls) = (&records[records.len() - 2], &records[records.len() - 1]);
        for field in ["method", "path", "query", "body", "body_encoding"] {
            assert_eq!(ours[field], curls[field], "{field} of {command}");
        }
        let comparable = |record: &serde_json::Value| {
            let mut headers: Vec<(String, String)> = record_headers(record)
                .into_iter()
                .filter(|(n, _)| {
                    !["x-github-delivery", "x-hub-signature-256"]
                        .contains(&n.to_ascii_lowercase().as_str())
                })
                .map(|(n, v)| (n.to_ascii_lowercase(), v))
                .collect();
            headers.sort();
            headers
        };
        assert_eq!(comparable(ours), comparable(curls), "{command}");
    }
}

#[test]
fn bulk_sends_count_and_summarise() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let output = send(
        &listener,
        "/bulk",
        &[
            "--repeat",
            "60",
            "--concurrency",
            "6",
            "--json",
            "--sign",
            "standard",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["requests"], 60);
    assert_eq!(summary["statuses"]["200"], 60);
    assert!(
        summary["latency_ms"]["p99"].as_f64().unwrap()
            >= summary["latency_ms"]["p50"].as_f64().unwrap()
    );
    let records = captured(&store);
    assert_eq!(records.len(), 60);
    let mut ids: Vec<String> = records
        .iter()
        .map(|r| header(r, "webhook-id").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "fresh ids for each request");

    let failing = Listener::start(None, &["--status", "200,500", "--quiet"]);
    let output = send(&failing, "/bulk", &["--repeat", "5", "--concurrency", "2"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Sent 5 requests") && text.contains("500 Internal Server Error: 4"),
        "{text}"
    );
}

/// Values that would write headers of their own are refused, and an answer that comes before
/// the whole body was sent (a 413) is reported as that answer.
#[test]
fn header_injection_is_refused_and_early_answers_are_read() {
    let listener = Listener::start(None, &["--max-body", "1KiB", "--quiet"]);
    for args in [
        vec!["--bearer", "tok\r\nX-Injected: yes"],
        vec![
            "--sign",
            "hmac",
            "--secret",
            "s",
            "--sign-prefix",
            "p\r\nX-Inj: 2",
        ],
        vec!["-X", "POST /evil HTTP/1.1\r\nX: y"],
    ] {
        let output = send(&listener, "/", &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert!(!stderr(&output).contains("tok"), "no secret in the error");
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, vec![b'a'; 2 << 20]).unwrap();
    let output = send(
        &listener,
        "/",
        &["-d", &format!("@{}", big.display()), "--format", "text"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("got 413"), "{}", stderr(&output));
    let with_credentials = listener.url.replace("http://", "http://user:pa%40ss@");
    let dry = run(&["send", &with_credentials, "--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Authorization: Basic dXNlcjpwYUBzcw=="));
}

/// `--dry-run` into a pipe writes the request's exact bytes, a binary body included (a terminal
/// gets a hex dump instead).
#[test]
fn dry_run_into_a_pipe_writes_a_binary_body_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.bin");
    std::fs::write(&body, b"\x00\xff\x01\r\n").unwrap();
    let output = run(&[
        "send",
        "http://127.0.0.1:9/x",
        "--format",
        "raw",
        "-d",
        &format!("@{}", body.display()),
        "--dry-run",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.starts_with(b"POST /x HTTP/1.1\r\n"));
    assert!(output
        .stdout
        .ends_with(b"Content-Length: 5\r\n\r\n\x00\xff\x01\r\n"));
}

/// Latencies of a bulk send are what the requests took: a receiver that waits 30 ms before
/// answering gives percentiles of at least 30 ms (none clamped to the histogram's range).
#[test]
fn bulk_latencies_are_not_clamped() {
    let listener = Listener::start(None, &["--quiet", "--delay", "30ms"]);
    let output = send(
        &listener,
        "/slow",
        &["--repeat", "8", "--concurrency", "4", "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for percentile in ["p50", "p90", "p99", "max"] {
        let value = summary["latency_ms"][percentile].as_f64().unwrap();
        assert!(value >= 29.0, "{percentile} {value} ms: {summary}");
    }
}

/// A refused connection is said in words, without the ` (os error 111)` of Rust's I/O errors,
/// with exit code 3.
#[test]
fn a_refused_connection_is_said_without_the_os_error_code() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let output = common::run(&["send", &format!("http://127.0.0.1:{port}/"), "-d", "{}"]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{said}");
    assert!(said.contains("Connection refused"), "{said}");
    assert!(!said.contains("os error"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
}
