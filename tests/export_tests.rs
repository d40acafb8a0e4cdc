//! `export --hurl` and `export --curl` end to end: requests captured by a real listener are
//! exported, the Hurl file runs with the real `hurl` binary and the script with `sh` and `curl`
//! against a second listener answering by the same rules, and that listener's store must hold
//! the same requests byte for byte (method, path, query, headers in order and case, body) and
//! the same answers. Every socket is on 127.0.0.1.
//!
//! `hurl` comes from its crate (`cargo install hurl --locked`, which `.ci/run` does). Without it
//! the Hurl test is skipped with a message, except in CI (`CI` set), where it must run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// How both listeners answer, by rules, so that the entries assert different statuses: the
/// capturing one, and the one that receives the export.
const ANSWERS: [&str; 9] = [
    "--rule",
    "POST /hooks/github => 202",
    "--rule",
    "GET /health => 204",
    "--rule",
    "* /hooks/form => 200",
    "--status",
    "201",
    "--quiet",
];

/// Captures a signed JSON request, JSON with `{{` in a string, XML, a form, a binary body, a
/// text body that holds what Hurl would read (`{{`, backtick runs, a `#`, CRLF), a query string,
/// a bearer credential and a GET without a body. Returns the store's records.
fn capture_samples(store: &Path) -> Vec<serde_json::Value> {
    let listener = Listener::start(Some(store), &ANSWERS);
    let url = &listener.url;
    let sent = run(&[
        "send",
        &format!("{url}/hooks/github?delivery=1&x=%20y"),
        "action=opened",
        "number:=7",
        "--sign",
        "github",
        "--secret",
        "k",
    ]);
    assert!(sent.status.success(), "{}", stderr(&sent));
    let addr = &listener.addr;
    let json = r#"{"template":"Hello {{name}}","nested":{"a":{"b":[1,2]}}}"#;
    post(
        addr,
        "/hooks/json",
        &[("Content-Type", "application/json")],
        json.as_bytes(),
    );
    post(
        addr,
        "/hooks/xml?format=xml",
        &[("content-type", "application/xml; charset=utf-8")],
        b"<?xml version=\"1.0\"?>\n<order id=\"42\"><sku>a-1</sku></order>\n",
    );
    post(
        addr,
        "/hooks/form",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "Bearer s3cr3t-token-value"),
        ],
        b"a=1&b=two+words&c=%7B%7B",
    );
    let binary: Vec<u8> = (0u8..=255).rev().chain(*b"{{`").collect();
    post(
        addr,
        "/hooks/binary",
        &[("Content-Type", "application/octet-stream")],
        &binary,
    );
    post(
        addr,
        "/hooks/text",
        &[
            ("Content-Type", "text/plain"),
            ("X-Note", "a#b {{c}} \\d"),
            ("x-MiXeD-case", "kept"),
            ("X-Empty", ""),
        ],
        b"Hi {{name}}, ```run``` this # not a comment\r\nback\\slash ends with `",
    );
    post(
        addr,
        "/hooks/plain",
        &[("Content-Type", "text/plain")],
        b"line one\nline two\n",
    );
    send_raw(
        addr,
        format!("GET /health?check=1&check=2 HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    // A multipart body starts with `--`, which a script's printf once read as an option.
    post(
        addr,
        "/hooks/multipart",
        &[("Content-Type", "multipart/form-data; boundary=XyZ")],
        b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n",
    );
    let records = wait_for_records(store, 9);
    let empty = ("X-Empty".to_string(), String::new());
    assert!(records.iter().any(|r| record_headers(r).contains(&empty)));
    records
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The store's records once it holds `count` of them.
fn wait_for_records(store: &Path, count: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let records = read_store(store);
        if records.len() >= count || Instant::now() > deadline {
            assert_eq!(records.len(), count, "records in {}", store.display());
            return records;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Headers that belong to one connection, which an export leaves to the new one.
fn end_to_end(record: &serde_json::Value) -> Vec<(String, String)> {
    const PER_CONNECTION: [&str; 3] = ["host", "content-length", "connection"];
    record_headers(record)
        .into_iter()
        .filter(|(n, _)| !PER_CONNECTION.contains(&n.to_ascii_lowercase().as_str()))
        .collect()
}

/// The replayed records carry exactly the captured requests.
fn assert_same_requests(originals: &[serde_json::Value], replayed: &[serde_json::Value]) {
    assert_eq!(originals.len(), replayed.len());
    for (original, again) in originals.iter().zip(replayed) {
        for field in [
            "method",
            "path",
            "query",
            "body",
            "body_encoding",
            "body_size",
        ] {
            assert_eq!(
                original[field], again[field],
                "{field} of {}",
                original["path"]
            );
        }
        assert_eq!(
            end_to_end(original),
            end_to_end(again),
            "headers of {}",
            original["path"]
        );
        for field in ["status", "rule"] {
            assert_eq!(
                original["response"][field], again["response"][field],
                "the receiver answered {} as the capturing listener did",
                original["path"]
            );
        }
    }
}

/// The value of a header in a record.
fn header(record: &serde_json::Value, name: &str) -> String {
    record_headers(record)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{name} in {record}"))
}

fn export(store: &Path, flag: &str, file: &Path) -> Output {
    let output = run(&[
        "export",
        "--store",
        store.to_str().unwrap(),
        flag,
        file.to_str().unwrap(),
        "all",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

/// Without proxies from the environment: every request goes straight to 127.0.0.1.
fn direct(command: &mut Command) -> &mut Command {
    for name in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        command.env_remove(name);
    }
    command.env("NO_PROXY", "*").stdin(Stdio::null())
}

/// The `hurl` binary: on PATH, or where `cargo install` puts it. None (the test is skipped)
/// only outside CI.
fn hurl_binary() -> Option<PathBuf> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin"));
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .chain(cargo_bin)
        .map(|dir| dir.join("hurl"))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "hurl is not installed, and CI must run this test: .ci/run installs it with `cargo install hurl --locked`"
        );
        eprintln!(
            "SKIPPED: hurl is not installed (cargo install hurl --locked, with libcurl4-openssl-dev and libxml2-dev); CI runs this test"
        );
    }
    found
}

#[test]
fn the_hurl_export_runs_with_hurl_and_sends_the_captures_byte_for_byte() {
    let Some(hurl) = hurl_binary() else { return };
    let (dir, store) = temp_store();
    let originals = capture_samples(&store);
    let file = dir.path().join("captures.hurl");
    let exported = export(&store, "--hurl", &file);
    let how = stderr(&exported);
    assert!(
        how.contains("--variable base_url=")
            && how.contains("--secret x_hub_signature_256=...")
            && how.contains("--secret authorization=..."),
        "{how}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("X-Hub-Signature-256: {{x_hub_signature_256}}"),
        "{text}"
    );
    assert!(
        text.contains("```json\n") && text.contains("```xml\n"),
        "{text}"
    );
    assert!(
        text.contains("base64,") && text.contains("HTTP 202"),
        "{text}"
    );

    let (other_dir, other) = temp_store();
    let receiver = Listener::start(Some(&other), &ANSWERS);
    let signature = header(&originals[0], "X-Hub-Signature-256");
    let ran = direct(Command::new(&hurl).args([
        "--test",
        "--variable",
        &format!("base_url={}", receiver.url),
        "--secret",
        &format!("x_hub_signature_256={signature}"),
        "--secret",
        "authorization=Bearer s3cr3t-token-value",
    ]))
    .arg(&file)
    .current_dir(other_dir.path())
    .output()
    .expect("hurl runs");
    assert!(
        ran.status.success(),
        "hurl failed:\n{}\n{}",
        stderr(&ran),
        text
    );
    let replayed = wait_for_records(&other, originals.len());
    assert_same_requests(&originals, &replayed);
    drop(dir);
}

#[test]
fn the_curl_export_runs_with_sh_and_sends_the_captures_byte_for_byte() {
    let (dir, store) = temp_store();
    let originals = capture_samples(&store);
    let file = dir.path().join("captures.sh");
    let exported = export(&store, "--curl", &file);
    let how = stderr(&exported);
    assert!(
        how.contains("BASE_URL=") && how.contains("X_HUB_SIGNATURE_256=...") && how.contains("sh "),
        "{how}"
    );
    let (_other_dir, other) = temp_store();
    let receiver = Listener::start(Some(&other), &ANSWERS);
    let signature = header(&originals[0], "X-Hub-Signature-256");
    // A base URL with a trailing slash sends to the same paths.
    let ran = direct(Command::new("sh").arg(&file))
        .env("BASE_URL", format!("{}/", receiver.url))
        .env("X_HUB_SIGNATURE_256", &signature)
        .env("AUTHORIZATION", "Bearer s3cr3t-token-value")
        .output()
        .expect("sh runs");
    assert!(ran.status.success(), "the script failed: {}", stderr(&ran));
    let replayed = wait_for_records(&other, originals.len());
    assert_same_requests(&originals, &replayed);

    // Without a credential's variable the script stops before sending, and names it.
    let missing = direct(Command::new("sh").arg(&file))
        .env("BASE_URL", &receiver.url)
        .env_remove("X_HUB_SIGNATURE_256")
        .output()
        .expect("sh runs");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("X_HUB_SIGNATURE_256"));
}

/// A header value received as bytes that are not UTF-8 is sent by the script as those bytes
/// (the receiver keeps it as Latin-1 too), as `replay` sends it; a failed export to standard
/// output leaves nothing there.
#[test]
fn the_curl_export_sends_a_header_that_is_not_utf8_as_its_bytes() {
    let (dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let mut request =
        format!("GET /latin HTTP/1.1\r\nHost: {}\r\nX-L: caf", listener.addr).into_bytes();
    request.push(0xe9);
    request.extend_from_slice(b" 100% it's\r\nConnection: close\r\n\r\n");
    send_raw(&listener.addr, &request);
    let original = wait_for_records(&store, 1).remove(0);
    assert_eq!(original["latin1_headers"], serde_json::json!([1]));
    let file = dir.path().join("latin.sh");
    export(&store, "--curl", &file);
    let (_other_dir, other) = temp_store();
    let receiver = Listener::start(Some(&other), &["--quiet"]);
    let ran = direct(Command::new("sh").arg(&file))
        .env("BASE_URL", &receiver.url)
        .output()
        .expect("sh runs");
    assert!(ran.status.success(), "the script failed: {}", stderr(&ran));
    let replayed = wait_for_records(&other, 1).remove(0);
    assert_eq!(header(&replayed, "X-L"), "caf\u{e9} 100% it's");
    assert_eq!(replayed["latin1_headers"], serde_json::json!([1]));

    let failed = run(&[
        "export",
        "--store",
        store.to_str().unwrap(),
        "--har",
        "-",
        "9",
    ]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(
        failed.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&failed.stdout)
    );
    assert!(
        stderr(&failed).contains("there is no capture 9"),
        "{}",
        stderr(&failed)
    );
}

#[test]
fn exports_never_carry_a_credential_s_value() {
    let (dir, store) = temp_store();
    let originals = capture_samples(&store);
    let signature = header(&originals[0], "X-Hub-Signature-256");
    let digest = signature.trim_start_matches("sha256=").to_string();
    for flag in ["--hurl", "--curl"] {
        let file = dir.path().join(format!("out{flag}"));
        let exported = export(&store, flag, &file);
        let text = std::fs::read_to_string(&file).unwrap() + &stderr(&exported);
        for secret in [digest.as_str(), "s3cr3t-token-value", "Bearer"] {
            assert!(!text.contains(secret), "{flag} wrote {secret}:\n{text}");
        }
    }
    // To standard output as well.
    let out = run(&["export", "--store", store.to_str().unwrap(), "--hurl", "-"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
}

#[test]
fn one_export_format_is_required_and_a_bad_file_is_an_io_error() {
    let (dir, store) = temp_store();
    let store_arg = store.to_str().unwrap();
    let none = run(&["export", "--store", store_arg]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    let both = run(&["export", "--store", store_arg, "--har", "-", "--hurl", "-"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    let unwritable = dir.path().join("missing-folder").join("x.hurl");
    let failed = run(&[
        "export",
        "--store",
        store_arg,
        "--hurl",
        unwritable.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(3), "{}", stderr(&failed));
    assert_eq!(stderr(&failed).lines().count(), 1, "{}", stderr(&failed));
    // The file asked for is named, not the partial file it is written through.
    assert!(
        stderr(&failed).contains(&format!("cannot create {}:", unwritable.display()))
            && !stderr(&failed).contains(".partial"),
        "{}",
        stderr(&failed)
    );
    // Onto the store itself: refused before anything is written.
    let onto = run(&["export", "--store", store_arg, "--curl", store_arg]);
    assert_eq!(onto.status.code(), Some(2));
    assert!(stderr(&onto).contains("--curl"), "{}", stderr(&onto));
}
