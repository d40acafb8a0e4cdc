//! CI without glue (issue 20): `--expect` checks with an exit code, a ready file instead of
//! reading the log, answers per route, and captures exported as tests that run again.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{hookcli, post, read_store, run, temp_store, Listener};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn eventually(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ready() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn expectations_decide_the_exit_code_and_are_recorded() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &[
            "--expect",
            r#"$json.action == "opened" and ($headers["x-github-event"][0] == "issues")"#,
            "--count",
            "2",
            "--timeout",
            "20s",
        ],
    );
    let url = listener.url.clone();
    let good = run(&[
        "send",
        &url,
        "action=opened",
        "-H",
        "X-GitHub-Event: issues",
    ]);
    assert_eq!(good.status.code(), Some(0));
    let bad = run(&[
        "send",
        &url,
        "action=closed",
        "-H",
        "X-GitHub-Event: issues",
    ]);
    assert_eq!(
        bad.status.code(),
        Some(0),
        "the answer is unchanged without --expect-reject"
    );
    assert_eq!(listener.wait(Duration::from_secs(10)), 1);
    let said = listener.stderr_text();
    assert!(said.contains("1 of 2 captures failed --expect"), "{said}");
    let printed = listener.stdout_text();
    assert!(printed.contains("✓ expect"), "{printed}");
    assert!(printed.contains("gave false"), "{printed}");
    let records = read_store(&store);
    assert_eq!(records[0]["expect"]["ok"], true);
    assert_eq!(records[1]["expect"]["ok"], false);
    assert_eq!(records[1]["expect"]["failed"][0]["reason"], "gave false");

    let mut all_good = Listener::start(None, &["--expect", ".method == \"POST\"", "--count", "1"]);
    assert_eq!(run(&["send", &all_good.url, "a=1"]).status.code(), Some(0));
    assert_eq!(all_good.wait(Duration::from_secs(10)), 0);
}

#[test]
fn expect_reject_answers_422_and_fail_fast_stops() {
    let mut listener = Listener::start(
        None,
        &[
            "--expect",
            "$json.id > 0",
            "--expect-reject",
            "--fail-fast",
            "--quiet",
        ],
    );
    let ok = post(
        &listener.addr,
        "/",
        &[("Content-Type", "application/json")],
        b"{\"id\":1}",
    );
    assert_eq!(ok.status, 200);
    let rejected = post(
        &listener.addr,
        "/",
        &[("Content-Type", "application/json")],
        b"{\"id\":0}",
    );
    assert_eq!(rejected.status, 422);
    assert!(
        text(&rejected.body).contains("$json.id > 0: gave false"),
        "{}",
        text(&rejected.body)
    );
    assert_eq!(
        listener.wait(Duration::from_secs(10)),
        1,
        "--fail-fast stopped it"
    );
    assert!(listener.stderr_text().contains("(--fail-fast)"));
}

#[test]
fn a_bad_expression_is_a_usage_error_before_binding() {
    let output = run(&["listen", "--port", "0", "--expect", ".method =="]);
    assert_eq!(output.status.code(), Some(2));
    let said = text(&output.stderr);
    assert!(said.contains("column 11"), "{said}");
    assert!(!said.contains("Listening on"), "{said}");
}

#[test]
fn the_ready_file_says_where_to_send_and_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready.json");
    let mut child = hookcli()
        .args([
            "listen",
            "--port",
            "0",
            "--no-store",
            "--quiet",
            "--count",
            "1",
            "--ready-file",
        ])
        .arg(&ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    eventually("the ready file appears", || ready.exists());
    let content: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&ready).unwrap()).unwrap();
    assert_eq!(content["pid"], child.id());
    assert_eq!(content["public_urls"], serde_json::json!([]));
    let url = content["url"].as_str().unwrap().to_string();
    assert_eq!(run(&["send", &url, "a=1"]).status.code(), Some(0));
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the listener stops after --count"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!ready.exists(), "removed on exit");
}

#[test]
fn a_ready_file_in_a_missing_folder_is_refused_before_binding() {
    let output = run(&[
        "listen",
        "--no-store",
        "--port",
        "0",
        "--ready-file",
        "/nonexistent-hookcli-folder/ready.json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("Listening on"), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
}
