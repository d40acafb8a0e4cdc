//! `-L` redirects and `--connect-timeout`, through the real binary against `hookcli listen`
//! servers that answer redirects by `--rule`s and rules files.

mod common;

use std::time::Duration;

use common::*;

fn rules_listener(store: &std::path::Path, rules: &str) -> (Listener, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, rules).unwrap();
    let listener = Listener::start(Some(store), &["--quiet", "--rules", path.to_str().unwrap()]);
    (listener, dir)
}

const REDIRECTS: &str = r#"
[[rule]]
match = { path = "/see-other" }
status = 302
headers = { Location = "/landing?from=302" }

[[rule]]
match = { path = "/temporary" }
status = 307
headers = { Location = "landing" }

[[rule]]
match = { path = "/loop" }
status = 302
headers = { Location = "/loop" }

[[rule]]
match = { path = "/nowhere" }
status = 302
"#;

#[test]
fn redirects_change_the_method_as_curl_does_and_json_carries_the_chain() {
    let (_dir, store) = temp_store();
    let (listener, _rules) = rules_listener(&store, REDIRECTS);
    let output = run(&[
        "send",
        &format!("{}/see-other", listener.url),
        "-L",
        "--json",
        "a=1",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["status"], 200);
    assert_eq!(
        answer["redirects"],
        serde_json::json!([{"status": 302, "location": format!("{}/landing?from=302", listener.url)}])
    );
    let output = run(&["send", &format!("{}/temporary", listener.url), "-L", "a=2"]);
    assert!(output.status.success());
    let records = read_store(&store);
    let summary: Vec<(String, String, String)> = records
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().into(),
                r["path"].as_str().unwrap().into(),
                r["body"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST".into(), "/see-other".into(), r#"{"a":"1"}"#.into()),
            ("GET".into(), "/landing".into(), String::new()),
            ("POST".into(), "/temporary".into(), r#"{"a":"2"}"#.into()),
            ("POST".into(), "/landing".into(), r#"{"a":"2"}"#.into()),
        ]
    );
    assert!(!record_headers(&records[1])
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length")));
}

#[test]
fn credentials_and_signatures_do_not_follow_a_redirect_to_another_host() {
    let (_dir, store) = temp_store();
    let (_other_dir, other_store) = temp_store();
    let other = Listener::start(Some(&other_store), &["--quiet"]);
    let rules = format!(
        "[[rule]]\nstatus = 308\nheaders = {{ Location = \"{}/moved\" }}\n",
        other.url
    );
    let (listener, _rules) = rules_listener(&store, &rules);
    let output = run(&[
        "send",
        &format!("{}/hook", listener.url),
        "-L",
        "-u",
        "user:pa55",
        "--sign",
        "github",
        "--secret",
        "k",
        "a=1",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("Authorization, X-Hub-Signature-256 not sent to another host"),
        "{stderr}"
    );
    let first = record_headers(&read_store(&store)[0]);
    assert!(first.iter().any(|(n, _)| n == "Authorization"));
    let moved = &read_store(&other_store)[0];
    assert_eq!(
        (moved["method"].as_str(), moved["path"].as_str()),
        (Some("POST"), Some("/moved"))
    );
    assert_eq!(moved["body"], r#"{"a":"1"}"#);
    let names: Vec<String> = record_headers(moved).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "Authorization" || n == "X-Hub-Signature-256"),
        "{names:?}"
    );
}

#[test]
fn loops_end_at_max_redirs_and_a_redirect_without_location_is_the_answer() {
    let (_dir, store) = temp_store();
    let (listener, _rules) = rules_listener(&store, REDIRECTS);
    let looped = run(&[
        "send",
        &format!("{}/loop", listener.url),
        "-L",
        "--max-redirs",
        "3",
        "-v",
    ]);
    let stderr = String::from_utf8_lossy(&looped.stderr);
    assert_eq!(looped.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("stopped after 3 redirects (--max-redirs)"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("→ 302").count(), 4, "{stderr}");
    assert_eq!(read_store(&store).len(), 4);

    let nowhere = run(&["send", &format!("{}/nowhere", listener.url), "-L", "--json"]);
    let stderr = String::from_utf8_lossy(&nowhere.stderr);
    assert!(
        stderr.contains("has no Location; it is the answer"),
        "{stderr}"
    );
    let answer: serde_json::Value = serde_json::from_slice(&nowhere.stdout).unwrap();
    assert_eq!(answer["status"], 302);

    let unfollowed = run(&[
        "send",
        &format!("{}/see-other", listener.url),
        "--json",
        "--expect-status",
        "3xx",
    ]);
    let answer: serde_json::Value = serde_json::from_slice(&unfollowed.stdout).unwrap();
    assert_eq!(answer["status"], 302, "without -L a 3xx is the answer");
    assert_eq!(read_store(&store).len(), 6);
}

#[test]
fn replay_follows_with_l_and_forward_to_hands_the_3xx_to_the_sender() {
    let (_dir, store) = temp_store();
    let (target, _rules) = rules_listener(&store, REDIRECTS);
    let (_source_dir, source) = temp_store();
    let front = Listener::start(Some(&source), &["--quiet", "--forward-to", &target.url]);
    let forwarded = post(&front.addr, "/see-other", &[], b"{}");
    assert_eq!(forwarded.status, 302, "a forwarder never follows");
    assert_eq!(read_store(&store).len(), 1);
    let source_arg = source.to_str().unwrap();
    let replayed = run(&[
        "replay",
        "last",
        "--store",
        source_arg,
        "--to",
        &target.url,
        "-L",
    ]);
    assert!(
        replayed.status.success(),
        "{}",
        String::from_utf8_lossy(&replayed.stderr)
    );
    let paths: Vec<String> = read_store(&store)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["/see-other", "/see-other", "/landing"]);
}

#[test]
fn a_server_that_accepts_and_says_nothing_is_bounded_by_connect_timeout() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept() {
            open.push(stream);
            if open.len() == 3 {
                std::thread::sleep(Duration::from_secs(5));
                break;
            }
        }
    });
    let url = format!("https://{addr}/");
    let single = run(&[
        "send",
        &url,
        "--connect-timeout",
        "300ms",
        "--timeout",
        "20s",
        "a=1",
    ]);
    let stderr = String::from_utf8_lossy(&single.stderr);
    assert_eq!(single.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("timed out connecting"), "{stderr}");
    let bulk = run(&[
        "send",
        &url,
        "--connect-timeout",
        "300ms",
        "--repeat",
        "2",
        "--json",
        "a=1",
    ]);
    let summary: serde_json::Value = serde_json::from_slice(&bulk.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&bulk.stderr)));
    assert_eq!(summary["errors"]["timed out connecting"], 2, "{summary}");
    drop(held);
}

#[test]
fn curl_lines_follow_redirects_and_keep_the_timeouts() {
    let (_dir, store) = temp_store();
    let (listener, _rules) = rules_listener(&store, REDIRECTS);
    let url = format!("{}/see-other", listener.url);
    let line = run(&[
        "send",
        &url,
        "-L",
        "--connect-timeout",
        "3s",
        "--curl",
        "a=1",
    ]);
    let line = String::from_utf8_lossy(&line.stdout).trim().to_string();
    for words in [
        "--location --max-redirs 10",
        "--connect-timeout 3 ",
        "--max-time 30 ",
    ] {
        assert!(line.contains(words), "{words:?} not in {line}");
    }
    let ran = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{line} --write-out '%{{http_code}}' --output /dev/null"
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "200", "{line}");
    let paths: Vec<String> = read_store(&store)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["/see-other", "/landing"]);
}
