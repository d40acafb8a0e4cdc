//! The store at scale and the one selection: reading from the end, filters shared by `list`,
//! `show`, `replay` and `export`, streaming `list`, `list --follow`, and `listen`'s numbering,
//! all through the real binary on 127.0.0.1.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// One record line, as a listener writes it.
fn record_line(n: usize, method: &str, target: &str, body: &str, status: u16, at: &str) -> String {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let record = serde_json::json!({
        "id": format!("01JSELECT{n:017}"),
        "received_at": at,
        "remote_addr": "127.0.0.1:1",
        "method": method,
        "path": path,
        "query": query,
        "http_version": "HTTP/1.1",
        "headers": [["Content-Type", "application/json"], ["X-Event", format!("event-{n}")]],
        "body": body,
        "body_encoding": "utf8",
        "body_size": body.len(),
        "response": {"status": status, "headers": [], "body": "", "body_encoding": "utf8"},
    });
    format!("{record}\n")
}

fn simple_line(n: usize) -> String {
    record_line(
        n,
        "POST",
        &format!("/n/{n}"),
        &format!("{{\"n\":{n}}}"),
        200,
        "2026-12-01T00:00:00.000Z",
    )
}

fn paths(output: &std::process::Output) -> Vec<String> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn in_store(store: &Path, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--store", store.to_str().unwrap()]);
    run(&all)
}

/// `last`, `last~N`, `show` and `list --last N` read from the store's end: a line that is no
/// record near its start is never read (the forward reader would warn about it), while the
/// torn last line is still skipped with a warning.
#[test]
fn the_newest_captures_are_read_from_the_end() {
    let (_dir, store) = temp_store();
    let mut content = simple_line(1);
    content.push_str("this line is no record\n");
    for n in 2..=5 {
        content.push_str(&simple_line(n));
    }
    content.push_str("{\"id\":\"01JTORN");
    std::fs::write(&store, content).unwrap();

    for (args, expected) in [
        (&["show", "--json"][..], vec!["/n/5"]),
        (&["show", "last~3", "--json"][..], vec!["/n/2"]),
        (&["list", "--last", "2", "--json"][..], vec!["/n/4", "/n/5"]),
        (&["export", "--har", "-", "last~1"][..], vec![]),
    ] {
        let output = in_store(&store, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("torn last line"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("not a capture record"),
            "{args:?} read the start of the store: {stderr}"
        );
        if !expected.is_empty() {
            assert_eq!(paths(&output), expected, "{args:?}");
        }
    }
    // Indexes of captures read from the end are the store's: the line that is no record has none.
    let shown = in_store(&store, &["show", "last~1"]);
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("#4 POST /n/4"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
    let table = in_store(&store, &["list", "--last", "2"]);
    let text = String::from_utf8_lossy(&table.stdout);
    let indexes: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(indexes, ["4", "5"], "{text}");
    let missing = in_store(&store, &["show", "last~5"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("holds 5"));
}

/// A line that counts as a record (it ends in `}`) but does not decode keeps its index and is
/// skipped with a warning by every reader, forwards and from the end; `show` of it says so.
#[test]
fn a_record_line_that_does_not_decode_is_named_by_every_reader() {
    let (_dir, store) = temp_store();
    let mut content = simple_line(1) + &simple_line(2);
    content.push_str("{\"id\":\"bad\",\"weird\":1}\n");
    content.push_str(&(simple_line(4) + &simple_line(5)));
    std::fs::write(&store, content).unwrap();
    let warning = "skipped capture 3 of the store";
    for args in [&["show", "3"][..], &["show", "last~2"]] {
        let shown = in_store(&store, args);
        let stderr = String::from_utf8_lossy(&shown.stderr);
        assert_eq!(shown.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(warning), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the line selected is not a capture record"),
            "{args:?}: {stderr}"
        );
    }
    for (args, rows) in [
        (&["list", "3"][..], 0),
        (&["list", "--last", "3"], 2),
        (&["list"], 4),
    ] {
        let listed = in_store(&store, args);
        assert!(listed.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&listed.stderr).contains(warning),
            "{args:?}: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
        let stdout = String::from_utf8_lossy(&listed.stdout);
        assert_eq!(stdout.lines().skip(1).count(), rows, "{args:?}: {stdout}");
    }
    // The newest record line not decoding: replay and export of `last` send nothing, and say why.
    let mut content = simple_line(1);
    content.push_str("a line that is no record\n{\"id\":\"bad\"}\n");
    std::fs::write(&store, content).unwrap();
    for args in [
        &["replay", "last", "--to", "http://127.0.0.1:9", "--dry-run"][..],
        &["export", "--har", "-", "last"],
    ] {
        let output = in_store(&store, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(stderr.contains("skipped capture"), "{args:?}: {stderr}");
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("/n/1"),
            "{args:?}"
        );
    }
    // A line that is no record is not the one a filter selected.
    let shown = in_store(&store, &["show", "--method", "DELETE"]);
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert_eq!(shown.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("passes the filters"), "{stderr}");
}

fn varied_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, store) = temp_store();
    let mut base64_body = record_line(3, "POST", "/hooks/y", "", 200, "2026-01-03T00:00:00.000Z");
    // A body that is not UTF-8 and holds the text: stored as base64, found all the same.
    base64_body = base64_body.replace(
        "\"body\":\"\",\"body_encoding\":\"utf8\",\"body_size\":0",
        "\"body\":\"/25lZWRsZQ==\",\"body_encoding\":\"base64\",\"body_size\":7",
    );
    let lines = [
        record_line(1, "GET", "/a", "hello", 200, "2026-01-01T00:00:00.000Z"),
        record_line(
            2,
            "POST",
            "/hooks/x",
            r#"{"action":"opened"}"#,
            401,
            "2026-01-02T00:00:00.000Z",
        ),
        base64_body,
        record_line(
            4,
            "PUT",
            "/hooks/z?q=needle2",
            "{}",
            500,
            "2026-01-04T00:00:00.000Z",
        ),
    ];
    assert!(lines[2].contains("base64"));
    std::fs::write(&store, lines.concat()).unwrap();
    (dir, store)
}

/// The same filters select the same captures in list, show, export and replay.
#[test]
fn every_command_takes_the_same_filters() {
    let (_dir, store) = varied_store();
    let list = |args: &[&str]| paths(&in_store(&store, &[&["list", "--json"], args].concat()));
    assert_eq!(list(&["--method", "post"]), ["/hooks/x", "/hooks/y"]);
    assert_eq!(
        list(&["--path", "/hooks/*", "--status", "2xx"]),
        ["/hooks/y"]
    );
    assert_eq!(list(&["--status", "401,5xx"]), ["/hooks/x", "/hooks/z"]);
    assert_eq!(list(&["--grep", "needle"]), ["/hooks/y", "/hooks/z"]);
    assert_eq!(list(&["--grep", "event-2"]), ["/hooks/x"], "a header value");
    assert_eq!(list(&["--grep", "nowhere"]), Vec::<String>::new());
    assert_eq!(
        list(&[
            "--since",
            "2026-01-02T00:00:00Z",
            "--until",
            "2026-01-03T12:00:00+00:00"
        ]),
        ["/hooks/x", "/hooks/y"]
    );
    assert_eq!(list(&["--since", "1h"]), Vec::<String>::new());
    assert_eq!(
        list(&["--where", r#"$json.action == "opened""#]),
        ["/hooks/x"]
    );
    assert_eq!(list(&["2..3"]), ["/hooks/x", "/hooks/y"]);
    assert_eq!(list(&["--last", "1", "--method", "POST"]), ["/hooks/y"]);

    // show: the last capture that passes the filters.
    let shown = in_store(&store, &["show", "--method", "POST", "--json"]);
    assert_eq!(paths(&shown), ["/hooks/y"]);
    let shown = in_store(&store, &["show", "--grep", "hello"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("#1 GET /a"));

    let exported = in_store(&store, &["export", "--har", "-", "--grep", "needle"]);
    let har: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(har["log"]["entries"].as_array().unwrap().len(), 2);

    let replayed = in_store(
        &store,
        &[
            "replay",
            "--where",
            ".method == \"PUT\"",
            "--to",
            "http://127.0.0.1:9",
            "--dry-run",
        ],
    );
    let text = String::from_utf8_lossy(&replayed.stdout);
    assert!(
        text.contains("# capture 4 (") && !text.contains("# capture 2 ("),
        "{text}"
    );

    for bad in [
        &["list", "--where", ".method =="][..],
        &["show", "--where", "$nope"][..],
        &["list", "--since", "yesterday"][..],
        &["list", "--status", "2yy"][..],
        &["show", "1..2"][..],
    ] {
        let output = in_store(&store, bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{bad:?}: {stderr}");
    }
    let bad_where = in_store(&store, &["list", "--where", ".method =="]);
    assert!(String::from_utf8_lossy(&bad_where.stderr).contains("column"));
}

/// `list` prints rows as it reads them: fed by a pipe that stays open, it shows what arrived,
/// and once its reader goes (`list | head -1`) it stops and exits 0 without reaching an end.
#[cfg(unix)]
#[test]
fn list_streams_and_stops_when_its_reader_goes() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("store.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = hookcli()
        .args(["list", "--json", "--store", fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Opened for reading too, so that opening never waits and writing never fails; the pipe
    // is never closed while `list` runs, so it never sees an end.
    let mut writer = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    std::thread::spawn(move || {
        for batch in 0.. {
            let lines: String = (1..=20).map(|n| simple_line(batch * 20 + n)).collect();
            if writer.write_all(lines.as_bytes()).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("\"/n/1\""), "{first}");
    drop(stdout);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("list kept reading after its reader went");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

/// `list -f` prints the rows there are, then the captures other processes append, and reads a
/// cleared store again from its start.
#[test]
fn list_follow_prints_new_captures_until_stopped() {
    let (_dir, store) = temp_store();
    std::fs::write(&store, simple_line(1)).unwrap();
    let mut follow = hookcli()
        .args(["list", "-f", "--json", "--method", "POST"])
        .arg("--store")
        .arg(&store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, receiver) = std::sync::mpsc::channel::<String>();
    let stdout = follow.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let next_path = || {
        let line = receiver
            .recv_timeout(Duration::from_secs(15))
            .expect("list -f printed a line");
        serde_json::from_str::<serde_json::Value>(&line).unwrap()["path"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(next_path(), "/n/1");

    let listener = Listener::start(Some(&store), &["--quiet"]);
    let send = |method: &str, path: &str| {
        let url = format!("{}{path}", listener.url);
        let output = run(&["send", &url, "-X", method, "a=1", "--quiet"]);
        assert!(output.status.success());
    };
    send("POST", "/followed/1");
    assert_eq!(next_path(), "/followed/1");
    // Idle, it waits: its own reads of the store must not wake it (they once did, in a loop).
    let cpu_ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", follow.id())).unwrap();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    let before = cpu_ticks();
    std::thread::sleep(Duration::from_millis(1500));
    let spent = cpu_ticks() - before;
    assert!(
        spent < 40,
        "list -f used {spent} ticks of CPU in 1.5 s while idle"
    );
    send("GET", "/filtered-out");
    send("POST", "/followed/2");
    assert_eq!(next_path(), "/followed/2");

    assert!(run(&["clear", "--yes", "--store", store.to_str().unwrap()])
        .status
        .success());
    send("POST", "/after-clear");
    assert_eq!(next_path(), "/after-clear");
    let _ = follow.kill();
    let _ = follow.wait();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut follow.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("was cleared"), "{stderr}");
}

/// `listen`'s `#N` is the store index: on a store that holds captures already, the next one
/// is numbered after them and `show N` shows it. With `--no-store`, a session count says so.
#[test]
fn listen_numbers_captures_with_their_store_index() {
    let (_dir, store) = temp_store();
    let before: String = (1..=3).map(simple_line).collect();
    std::fs::write(&store, before).unwrap();
    let listener = Listener::start(Some(&store), &["--color", "never"]);
    let url = format!("{}/numbered", listener.url);
    assert!(run(&["send", &url, "a=1", "--quiet"]).status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !listener.stdout_text().contains("POST /numbered") {
        assert!(Instant::now() < deadline, "{}", listener.stdout_text());
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        listener.stdout_text().contains("#4 POST /numbered"),
        "{}",
        listener.stdout_text()
    );
    let shown = in_store(&store, &["show", "4", "--json"]);
    assert_eq!(paths(&shown), ["/numbered"]);

    let session = Listener::start(None, &["--color", "never"]);
    assert!(run(&["send", &format!("{}/x", session.url), "--quiet"])
        .status
        .success());
    session.wait_for_stdout_lines(1);
    assert!(
        session.stdout_text().contains("#1 (this session) POST /x"),
        "{}",
        session.stdout_text()
    );
}

/// The replay summary names `--to` with its path; `replay -v` masks the signer's header and the
/// headers the record itself holds secret, as `show` does.
#[test]
fn replay_names_its_target_and_masks_secrets_in_verbose() {
    let (_dir, store) = temp_store();
    let mut line = simple_line(1);
    line = line.replace(
        "[\"X-Event\",\"event-1\"]",
        "[\"X-Event\",\"event-1\"],[\"X-Hook-Mac\",\"capturedsecretvalue\"]",
    );
    line = line.replace(
        "\"response\":",
        "\"verification\":{\"scheme\":\"hmac\",\"ok\":true,\"headers\":[\"X-Hook-Mac\"]},\"response\":",
    );
    assert!(line.contains("capturedsecretvalue") && line.contains("verification"));
    std::fs::write(&store, line).unwrap();
    let target = Listener::start(None, &["--quiet"]);
    let to = format!("{}/api/v1", target.url);
    let output = in_store(
        &store,
        &[
            "replay",
            "-v",
            "--to",
            &to,
            "--sign",
            "hmac",
            "--sign-header",
            "X-Resigned-Mac",
            "--secret",
            "s3cret",
            "--color",
            "never",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("to {to} in")), "{stderr}");
    assert!(
        stdout.contains("X-Hook-Mac") && stdout.contains("X-Resigned-Mac"),
        "{stdout}"
    );
    assert!(!stdout.contains("capturedsecretvalue"), "{stdout}");
    let resigned = stdout
        .lines()
        .find(|l| l.contains("X-Resigned-Mac"))
        .unwrap();
    assert!(resigned.contains("••"), "{resigned}");
}
