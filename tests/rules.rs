//! `listen --rules FILE` and `--rule`: answers per route, through the real binary and real
//! requests on 127.0.0.1.

mod common;

use std::time::{Duration, Instant};

use common::*;

const RULES: &str = r#"
[[rule]]
name = "retry then accept"
match = { method = "POST", path = "/orders/*" }
status = [500, 500, 201]
headers = { "Content-Type" = "application/json", "X-Rule" = "orders" }
body = '{"accepted":true}'

[[rule]]
match = { header = { "X-Customer" = "unknown*" } }
status = 403
body = "Rejected: unknown customer"

[[rule]]
name = "opened issues"
match = { path = "/github", where = '$json.action == "opened"' }
status = 202

[[rule]]
match = { path = "/search", query = { q = "crash*" } }
drop = true
"#;

fn write_rules(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("rules.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_first_matching_rule_answers_and_the_record_names_it() {
    let (dir, store) = temp_store();
    let rules = write_rules(dir.path(), RULES);
    let listener = Listener::start(
        Some(&store),
        &[
            "--quiet",
            "--rules",
            rules.to_str().unwrap(),
            "--rule",
            "PUT /orders/* => 409",
        ],
    );
    let statuses: Vec<u16> = (0..4)
        .map(|_| post(&listener.addr, "/orders/7", &[], b"{}").status)
        .collect();
    assert_eq!(statuses, [500, 500, 201, 201], "a list is answered in turn");
    let accepted = post(&listener.addr, "/orders/8", &[], b"{}");
    assert_eq!(accepted.body, br#"{"accepted":true}"#);
    assert_eq!(accepted.header("x-rule"), Some("orders"));
    assert_eq!(accepted.header("content-type"), Some("application/json"));

    let rejected = post(
        &listener.addr,
        "/anything",
        &[("x-customer", "unknown-42")],
        b"{}",
    );
    assert_eq!(rejected.status, 403);
    assert_eq!(rejected.body, b"Rejected: unknown customer");
    assert_eq!(
        rejected.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    let opened = post(&listener.addr, "/github", &[], br#"{"action":"opened"}"#);
    let closed = post(&listener.addr, "/github", &[], br#"{"action":"closed"}"#);
    assert_eq!((opened.status, closed.status), (202, 200));

    let inline = send_raw(
        &listener.addr,
        b"PUT /orders/9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(inline.status, 409, "inline rules are tried first");

    let records = read_store(&store);
    let rule_of = |at: usize| records[at]["response"]["rule"].clone();
    assert_eq!(
        rule_of(0),
        serde_json::json!({"index": 2, "name": "retry then accept"}),
        "inline rules count first"
    );
    assert_eq!(rule_of(5), serde_json::json!({"index": 3}));
    assert!(
        records[7]["response"].get("rule").is_none(),
        "no rule matched"
    );
    assert_eq!(rule_of(8), serde_json::json!({"index": 1}));

    // Through a HAR file and back, the record still says which rule answered.
    let har = store.with_extension("har");
    let (_imported_dir, imported) = temp_store();
    let store_arg = store.to_str().unwrap();
    assert!(run(&[
        "export",
        "--har",
        har.to_str().unwrap(),
        "--store",
        store_arg
    ])
    .status
    .success());
    let imported_arg = imported.to_str().unwrap();
    assert!(
        run(&["import", har.to_str().unwrap(), "--store", imported_arg])
            .status
            .success()
    );
    assert_eq!(
        read_store(&imported)[0]["response"]["rule"],
        serde_json::json!({"index": 2, "name": "retry then accept"})
    );
}

#[test]
fn a_drop_rule_closes_the_connection_without_answering() {
    let (dir, store) = temp_store();
    let rules = write_rules(dir.path(), RULES);
    let listener = Listener::start(Some(&store), &["--rules", rules.to_str().unwrap()]);
    let mut stream = std::net::TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /search?q=crash-now HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(answer.is_empty(), "answered: {answer:?}");
    listener.wait_for_stdout_lines(1);
    assert!(listener
        .stdout_text()
        .contains("not answered: closed the connection without answering"));
    let records = read_store(&store);
    assert_eq!(records[0]["response"]["status"], 0);
    assert_eq!(records[0]["query"], "q=crash-now");
}

#[test]
fn bad_rules_are_refused_at_start_with_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[[rule]]\nstauts = 201\n", "line 2", "stauts"),
        (
            "[[rule]]\nmatch = { method = \"P OST\" }\n",
            "line 2",
            "is not a method",
        ),
        (
            "[[rule]]\nmatch = { path = \"orders\" }\n",
            "line 2",
            "could never match",
        ),
        (
            "[[rule]]\nstatus = 150\n",
            "line 2",
            "status 150 is not a final status",
        ),
        (
            "[[rule]]\nstatus = \"abc\"\n",
            "line 2",
            "status must be a number or a list",
        ),
        (
            "[[rule]]\nmatch = { path = \"/a\" }\nstatus = 99\n",
            "line 3",
            "status 99",
        ),
        (
            "\n[[rule]]\nbody_file = \"missing.json\"\n",
            "line 3",
            "missing.json",
        ),
        ("[[rule]]\ndelay = \"soon\"\n", "line 2", "delay 'soon'"),
        (
            "[[rule]]\nmatch = { where = '.a ==' }\n",
            "line 2",
            "match.where",
        ),
        ("[[rule]]\nmatch = { verb = \"GET\" }\n", "line 2", "verb"),
    ];
    for (text, line, key) in cases {
        let rules = write_rules(dir.path(), text);
        let output = run(&[
            "listen",
            "--no-store",
            "--port",
            "0",
            "--rules",
            rules.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains("rules.toml") && stderr.contains(line) && stderr.contains(key),
            "{text}: {stderr}"
        );
    }
    for bad in ["* /a => 150", "POST old => 204", "P,ST /a => 201"] {
        let refused = run(&["listen", "--no-store", "--rule", bad]);
        assert_eq!(refused.status.code(), Some(2), "{bad}");
    }
    let output = run(&["listen", "--no-store", "--rule", "POST /a 201"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("METHOD PATH => STATUS"));
}

#[test]
fn the_rules_file_is_read_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write_rules(dir.path(), "[[rule]]\nstatus = 201\n");
    let listener = Listener::start(None, &["--quiet", "--rules", rules.to_str().unwrap()]);
    assert_eq!(post(&listener.addr, "/", &[], b"").status, 201);

    let becomes = |status: u16| {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if post(&listener.addr, "/", &[], b"").status == status {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    };
    std::fs::write(&rules, "[[rule]]\nstatus = 202\nbody = \"longer now\"\n").unwrap();
    assert!(becomes(202), "the edited file was not read again");

    std::fs::write(&rules, "[[rule]]\nstatus = \n").unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    while !listener.stderr_text().contains("the previous rules stay") && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let stderr = listener.stderr_text();
    assert!(stderr.contains("line 2"), "{stderr}");
    assert_eq!(
        post(&listener.addr, "/", &[], b"").status,
        202,
        "a broken file keeps the rules in force"
    );
}

#[test]
fn the_readme_rules_example_runs_as_written() {
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let end = readme[start..].find("```").unwrap() + start;
    let dir = tempfile::tempdir().unwrap();
    let rules = write_rules(dir.path(), &readme[start..end]);
    let listener = Listener::start(None, &["--quiet", "--rules", rules.to_str().unwrap()]);
    assert_eq!(post(&listener.addr, "/orders/1", &[], b"{}").status, 500);
    let push = post(
        &listener.addr,
        "/github",
        &[("X-GitHub-Event", "push")],
        b"{}",
    );
    assert_eq!(push.status, 204);
}
