//! `listen --relay` against relay servers that behave as their sources do (`relay/servers.rs`):
//! smee.io (`GET /new` answers 307, the stream only for `Accept: text/event-stream` exactly,
//! `id:` lines counted per connection, `ready` and `ping` events, chunked), gosmee (`GET /new`
//! names the channel as text, events at `/events/CHANNEL` after `{"message":"connected"}` and
//! `{"message":"ready"}`, `bodyB`, keepalive comments, resuming after `Last-Event-ID`), and
//! webhook.site's API (`POST /token`, the request list, 429 with `Retry-After`). Payloads are
//! signed by `hookcli send --sign github` so that `--verify` runs on both fidelities. Every
//! socket is on 127.0.0.1; every wait is bounded.

mod common;
#[path = "relay/servers.rs"]
mod servers;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{run, Listener};
use serde_json::Value;
use servers::*;

/// A GitHub-style payload with spaces a re-serializer drops, signed by `hookcli send`.
fn send_signed(url: &str, dir: &std::path::Path) {
    let file = dir.join("push.json");
    std::fs::write(
        &file,
        "{ \"action\": \"opened\", \"number\": 7, \"zeta\": true }",
    )
    .unwrap();
    let data = format!("@{}", file.display());
    let out = run(&[
        "send",
        url,
        "-d",
        &data,
        "-H",
        "X-GitHub-Event: push",
        "--sign",
        "github",
        "--secret",
        "k",
    ]);
    assert!(
        out.status.success(),
        "send failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--relay RELAY --json --verify github --secret k` and more: how most tests listen.
fn verifying<'a>(relay: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--relay", relay, "--json", "--verify", "github", "--secret", "k",
    ];
    args.extend_from_slice(more);
    args
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn records(listener: &Listener) -> Vec<Value> {
    listener
        .stdout_text()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn public_url(listener: &Listener) -> String {
    wait_until("the public URL", Duration::from_secs(10), || {
        listener.stderr_text().contains("Public URL: ")
    });
    let text = listener.stderr_text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Listening on "), "{text}");
    lines[1]
        .strip_prefix("Public URL: ")
        .expect("Public URL right after Listening on")
        .to_string()
}

#[test]
fn smee_captures_are_reserialized_and_their_signature_unverifiable() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = smee_server(shared.clone());
    let ready = dir.path().join("ready.json");
    let relay = format!("smee:http://127.0.0.1:{port}");
    let ready_path = ready.to_str().unwrap();
    let more = [
        "--count",
        "2",
        "--timeout",
        "30s",
        "--ready-file",
        ready_path,
        "--status",
        "202",
    ];
    let mut listener = Listener::start(None, &verifying(&relay, &more));
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/SmeeChannel01"));
    wait_until("the ready file", Duration::from_secs(10), || ready.exists());
    let written: Value = serde_json::from_slice(&std::fs::read(&ready).unwrap()).unwrap();
    assert_eq!(written["public_urls"], serde_json::json!([public]));
    // The stream is open before the start-up lines: what is sent now is delivered.
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(1);
    // A local request counts towards the same --count.
    send_signed(&format!("{}/local", listener.url), dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let records = records(&listener);
    assert_eq!(records.len(), 2);
    let relayed = &records[0];
    assert_eq!(relayed["relay"]["kind"], "smee");
    assert_eq!(relayed["relay"]["url"], public.as_str());
    assert_eq!(relayed["relay"]["fidelity"], "reserialized");
    assert_eq!(relayed["relay"]["event_id"], "1");
    assert_eq!(
        relayed["body"],
        r#"{"action":"opened","number":7,"zeta":true}"#
    );
    assert_eq!(relayed["path"], "/SmeeChannel01");
    assert_eq!(relayed["verification"]["ok"], Value::Null);
    assert_eq!(
        relayed["verification"]["reason"],
        "unverifiable: the relay re-serialized the body"
    );
    assert!(
        relayed.get("response").is_none(),
        "the relay answered the sender, not hookcli"
    );
    assert_eq!(records[1]["verification"]["ok"], true);
    assert!(records[1].get("relay").is_none());
    let stderr = listener.stderr_text();
    assert_eq!(
        stderr.matches("a relay has already answered").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn gosmee_captures_are_exact_verified_and_resume_after_a_drop() {
    let dir = tempfile::tempdir().unwrap();
    let (_store_dir, store) = common::temp_store();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/new");
    let mut listener = Listener::start(
        Some(&store),
        &verifying(&relay, &["--count", "3", "--timeout", "40s"]),
    );
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/{GOSMEE_CHANNEL}"));
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(1);
    // An event that is not the expected JSON: a warning naming it, and the stream goes on.
    publish(&shared, "1699999999999-0".into(), "not json".into());
    wait_until("the warning", Duration::from_secs(10), || {
        listener
            .stderr_text()
            .contains("event 1699999999999-0 is not the expected JSON")
    });
    let before = shared.0.lock().unwrap().events.len();
    drop_streams(&shared);
    wait_until("the disconnect warning", Duration::from_secs(10), || {
        listener.stderr_text().contains("disconnected")
    });
    // Sent while the stream is down: the server keeps it for Last-Event-ID.
    send_signed(&public, dir.path());
    assert_eq!(shared.0.lock().unwrap().events.len(), before + 1);
    wait_until("the reconnection", Duration::from_secs(15), || {
        listener.stderr_text().contains("reconnected")
    });
    listener.wait_for_stdout_lines(2);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let channel = shared.0.lock().unwrap();
    assert_eq!(
        channel.last_event_ids,
        [None, Some("1699999999999-0".to_string())]
    );
    let records = records(&listener);
    assert_eq!(records.len(), 3, "no event stored twice");
    for record in &records {
        assert_eq!(record["relay"]["kind"], "gosmee");
        assert_eq!(record["relay"]["fidelity"], "exact");
        assert_eq!(
            record["body"],
            "{ \"action\": \"opened\", \"number\": 7, \"zeta\": true }"
        );
        assert_eq!(record["verification"]["ok"], true, "{record}");
    }
    let ids: Vec<_> = records
        .iter()
        .map(|r| r["relay"]["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["1700000000000-0", "1700000000002-0", "1700000000003-0"]
    );
    assert_eq!(common::read_store(&store).len(), 3);
}

#[test]
fn webhook_site_is_polled_with_the_key_rate_limits_kept_and_each_request_once() {
    let dir = tempfile::tempdir().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let keys = Arc::new(Mutex::new(Vec::new()));
    let port = webhook_site_server(requests.clone(), keys.clone());
    let relay = format!("webhook.site:http://127.0.0.1:{port}");
    let mut listener = Listener::start_with(
        None,
        &verifying(
            &relay,
            &[
                "--relay-interval",
                "200ms",
                "--count",
                "2",
                "--timeout",
                "30s",
            ],
        ),
        |c| {
            c.env("HOOKCLI_WEBHOOK_SITE_KEY", "SECRETKEY123");
        },
    );
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/tok-1"));
    send_signed(&format!("{public}/hooks?x=1"), dir.path());
    listener.wait_for_stdout_lines(1);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let records = records(&listener);
    assert_eq!(records.len(), 2, "each uuid once");
    assert_eq!(records[0]["path"], "/tok-1/hooks");
    assert_eq!(records[0]["query"], "x=1");
    assert_eq!(records[0]["remote_addr"], "203.0.113.9");
    assert_eq!(records[0]["relay"]["event_id"], "req-0");
    assert_eq!(records[0]["relay"]["fidelity"], "exact");
    assert_eq!(records[0]["verification"]["ok"], true);
    let stderr = listener.stderr_text();
    assert!(
        stderr.contains("rate-limited (429); waiting 1s"),
        "{stderr}"
    );
    assert!(!stderr.contains("SECRETKEY123") && !listener.stdout_text().contains("SECRETKEY123"));
    assert!(
        keys.lock().unwrap().iter().all(|k| k == "SECRETKEY123")
            && !keys.lock().unwrap().is_empty()
    );
}

#[test]
fn a_relay_down_at_start_is_one_line_and_exit_3() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let relay = format!("gosmee:http://127.0.0.1:{closed}/SomeChannel1");
    let out = run(&["listen", "--port", "0", "--no-store", "--relay", &relay]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "hookcli: error: relay gosmee http://127.0.0.1:{closed}/SomeChannel1: "
        )),
        "{stderr}"
    );
}

#[test]
fn relays_are_named_by_kind_or_by_a_known_host() {
    for bad in ["https://example.com/abc", "gosmee", "tunnel"] {
        let out = run(&["listen", "--port", "0", "--no-store", "--relay", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let out = run(&[
        "listen",
        "--port",
        "0",
        "--no-store",
        "--relay",
        "https://example.com/abc",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("KIND:URL"));
}

#[test]
fn no_local_listens_on_no_port_and_bodies_over_the_limit_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/{GOSMEE_CHANNEL}");
    let mut child = common::hookcli()
        .args([
            "listen",
            "--no-store",
            "--no-local",
            "--relay",
            &relay,
            "--json",
            "--max-body",
            "20",
            "--timeout",
            "4s",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert_eq!(
        first.trim(),
        format!("Public URL: http://127.0.0.1:{port}/{GOSMEE_CHANNEL}")
    );
    send_signed(
        &format!("http://127.0.0.1:{port}/{GOSMEE_CHANNEL}"),
        dir.path(),
    );
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("over --max-body; not captured"), "{rest}");
    assert!(rest.contains("Captured 0 requests"), "{rest}");
}

#[test]
fn events_sent_again_after_a_reconnection_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/{GOSMEE_CHANNEL}");
    let mut listener = Listener::start(
        None,
        &[
            "--relay",
            &relay,
            "--json",
            "--count",
            "3",
            "--timeout",
            "30s",
        ],
    );
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(2);
    shared.0.lock().unwrap().trimmed = true;
    drop_streams(&shared);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let ids: Vec<_> = records(&listener)
        .iter()
        .map(|r| r["relay"]["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["1700000000000-0", "1700000000001-0", "1700000000002-0"]
    );
    assert!(
        listener.stderr_text().contains("some may be lost"),
        "{} {:?}",
        listener.stderr_text(),
        shared.0.lock().unwrap().last_event_ids
    );
}

#[test]
fn the_printed_block_says_the_body_was_reserialized_and_forwarding_stores_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = smee_server(shared.clone());
    let app = Listener::start(None, &["--status", "201", "--quiet"]);
    let relay = format!("smee:http://127.0.0.1:{port}/SmeeChannel01");
    let mut listener = Listener::start(
        None,
        &[
            "--relay",
            &relay,
            "--count",
            "1",
            "--timeout",
            "30s",
            "--verify",
            "github",
            "--secret",
            "k",
            "--forward-to",
            &app.url,
            "--color",
            "never",
        ],
    );
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let out = listener.stdout_text();
    assert!(
        out.contains(&format!("via smee {public} (event 1)")),
        "{out}"
    );
    assert!(out.contains("body re-serialized by the relay"), "{out}");
    assert!(
        out.contains("? signature (github) unverifiable: the relay re-serialized the body"),
        "{out}"
    );
    assert!(out.contains("forwarded, the target answered 201"), "{out}");
}

#[test]
fn ctrl_c_ends_every_source_and_counts_them_together() {
    let dir = tempfile::tempdir().unwrap();
    let (_store_dir, store) = common::temp_store();
    let gosmee_port = gosmee_server(shared());
    let gosmee = format!("gosmee:http://127.0.0.1:{gosmee_port}/{GOSMEE_CHANNEL}");
    let smee_port = smee_server(shared());
    let smee = format!("http://127.0.0.1:{smee_port}/SmeeChannel01");
    let smee_relay = format!("smee:{smee}");
    let args = ["--relay", &gosmee, "--relay", &smee_relay, "--quiet"];
    let mut listener = Listener::start(Some(&store), &args);
    let public = public_url(&listener);
    wait_until("both public URLs", Duration::from_secs(10), || {
        listener
            .stderr_text()
            .contains(&format!("Public URL: {smee}\n"))
    });
    send_signed(&public, dir.path());
    send_signed(&format!("{}/local", listener.url), dir.path());
    send_signed(&smee, dir.path());
    wait_until("three captures", Duration::from_secs(10), || {
        common::read_store(&store).len() == 3
    });
    let pid = listener.child.as_ref().unwrap().id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped promptly"
    );
    let stderr = listener.stderr_text();
    assert!(
        stderr.contains("Captured 3 requests; stored in"),
        "{stderr}"
    );
    let sources: Vec<_> = common::read_store(&store)
        .iter()
        .map(|r| r["relay"]["kind"].as_str().unwrap_or("local").to_string())
        .collect();
    assert_eq!(
        sources,
        ["gosmee", "local", "smee"],
        "one sequence for every source"
    );
}

/// The relay's stream and its channel request cross a real proxy (tinyproxy) when `--proxy`
/// names one; one that cannot be reached is the relay's exit 3 naming it.
#[test]
fn relays_are_reached_through_the_proxy_settings() {
    let Some(proxy) = common::tinyproxy::Tinyproxy::start(None) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = gosmee_server(shared());
    let relay = format!("gosmee:http://127.0.0.1:{port}");
    let proxy_url = proxy.url();
    let args = [
        "--relay",
        &relay,
        "--json",
        "--count",
        "1",
        "--timeout",
        "20s",
    ];
    let mut listener = Listener::start(None, &[&args[..], &["--proxy", &proxy_url]].concat());
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    assert_eq!(records(&listener).len(), 1);
    // `GET /new`, then the event stream.
    assert_eq!(proxy.crossings(), 2);
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = format!("http://127.0.0.1:{closed}");
    let args = [
        "listen",
        "--port",
        "0",
        "--no-store",
        "--relay",
        &relay,
        "--proxy",
        &proxy,
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{closed}")), "{stderr}");
}

#[test]
fn an_https_relay_is_trusted_with_cacert_as_the_shared_client_does() {
    let dir = tempfile::tempdir().unwrap();
    let port = smee_server(shared());
    let (tls_port, pem) = tls_in_front_of(port);
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pem).unwrap();
    let channel = format!("https://localhost:{tls_port}/SmeeChannel01");
    let relay = format!("smee:{channel}");
    let untrusted = run(&["listen", "--port", "0", "--no-store", "--relay", &relay]);
    assert_eq!(untrusted.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert!(stderr.contains("--cacert"), "{stderr}");
    let ca = ca.to_str().unwrap();
    let args = [
        "--relay",
        &relay,
        "--cacert",
        ca,
        "--json",
        "--count",
        "1",
        "--timeout",
        "20s",
    ];
    let mut listener = Listener::start(None, &args);
    assert_eq!(public_url(&listener), channel);
    let file = dir.path().join("event.json");
    std::fs::write(&file, r#"{"ok":true}"#).unwrap();
    let data = format!("@{}", file.display());
    let sent = run(&["send", &channel, "-d", &data, "--cacert", ca]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    assert_eq!(records(&listener)[0]["relay"]["url"], channel.as_str());
}
