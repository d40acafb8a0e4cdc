//! What a new user trips over in the first ten minutes (issue 15): output that pipes, errors said
//! once, binary bytes kept off the terminal, tables that say what was answered. Behaviour that
//! depends on a terminal runs the real binary on a pty.

mod common;

use common::{hookcli, post, run, run_in_terminal, temp_store, Listener};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn send_into_a_pipe_writes_the_body_byte_for_byte() {
    let body = r#"{"ok":true,  "list":[1,2]}"#;
    let listener = Listener::start(
        None,
        &[
            "-H",
            "Content-Type: application/json",
            "--body",
            body,
            "--quiet",
        ],
    );
    let plain = run(&["send", &listener.url, "a=1"]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    assert_eq!(
        plain.stdout,
        body.as_bytes(),
        "the body as received, not re-indented"
    );

    let heads = run(&["send", &listener.url, "a=1", "--print", "hb"]);
    let shown = text(&heads.stdout);
    assert!(shown.starts_with("HTTP/1.1 200 OK\n"), "{shown}");
    assert!(
        shown.contains("\nContent-Type: application/json\n"),
        "{shown}"
    );
    assert!(shown.ends_with(&format!("\n\n{body}")), "{shown}");

    let request = run(&["send", &listener.url, "a=1", "-p", "HB"]);
    let shown = text(&request.stdout);
    assert!(shown.starts_with("POST / HTTP/1.1"), "{shown}");
    assert!(shown.ends_with("\n\n{\"a\":\"1\"}"), "{shown}");
    assert!(!shown.contains("200 OK"), "{shown}");

    let bad = run(&["send", &listener.url, "-p", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("'x' is not a part"));
}

#[test]
fn send_on_a_terminal_shows_the_status_headers_and_rendered_body() {
    let listener = Listener::start(
        None,
        &[
            "-H",
            "Content-Type: application/json",
            "--body",
            r#"{"ok":true}"#,
            "--quiet",
        ],
    );
    let (code, screen) = run_in_terminal(&["send", &listener.url, "--color", "never"], &[]);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("HTTP/1.1 200 OK"), "{screen}");
    assert!(
        screen.contains("{\r\n  \"ok\": true\r\n}"),
        "indented: {screen}"
    );
}

#[test]
fn errors_name_what_was_wrong_once() {
    let refused = run(&["send", "http://127.0.0.1:1/"]);
    assert_eq!(refused.status.code(), Some(3));
    let message = text(&refused.stderr);
    assert_eq!(message.matches("127.0.0.1:1").count(), 1, "{message}");

    let duration = run(&["send", "http://127.0.0.1:1/", "--timeout", "5x"]);
    assert_eq!(duration.status.code(), Some(2));
    let message = text(&duration.stderr);
    assert!(message.contains("'5x' is not a duration"), "{message}");
    assert!(!message.contains("variations"), "{message}");
    assert!(message.contains("see 'hookcli send --help'"), "{message}");

    let unknown = run(&["list", "--bogus"]);
    assert!(text(&unknown.stderr).contains("see 'hookcli list --help'"));

    let listener = Listener::start(None, &["--verify", "github", "--secret", "s3", "--quiet"]);
    let rejected = run(&[
        "send",
        &listener.url,
        "a=1",
        "--sign",
        "github",
        "--secret",
        "other",
    ]);
    assert_eq!(rejected.status.code(), Some(1));
    let message = text(&rejected.stderr);
    assert_eq!(message.matches("hookcli:").count(), 1, "{message}");
}

#[test]
fn show_keeps_binary_bodies_off_the_terminal() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let binary = [0x1f_u8, 0x8b, 0x00, 0x1b, b'[', b'2', b'J', 0xff];
    post(
        &listener.addr,
        "/bin",
        &[("Content-Type", "application/octet-stream")],
        &binary,
    );
    let store_arg = store.to_str().unwrap();

    let (code, screen) = run_in_terminal(&["show", "--store", store_arg, "--body"], &[]);
    assert_eq!(code, Some(2), "{screen}");
    assert!(
        screen.contains("binary output can mess up your terminal"),
        "{screen}"
    );
    assert!(
        !screen.contains("\u{1b}[2J"),
        "nothing of the body reached the terminal"
    );

    let piped = run(&["show", "--store", store_arg, "--body"]);
    assert_eq!(piped.stdout, binary);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.bin");
    let written = run(&["show", "--store", store_arg, "-o", file.to_str().unwrap()]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), binary);
}

#[test]
fn show_json_is_indented_on_a_terminal_and_one_line_in_a_pipe() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    post(
        &listener.addr,
        "/j",
        &[("Content-Type", "application/json")],
        b"{\"a\":1}",
    );
    let store_arg = store.to_str().unwrap();
    let (code, screen) = run_in_terminal(
        &["show", "--store", store_arg, "--json"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.starts_with("{\r\n  \"id\": "), "{screen}");
    let piped = run(&["show", "--store", store_arg, "--json"]);
    let line = text(&piped.stdout);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("{\"id\":"), "{line}");
}

#[test]
fn list_shows_what_was_answered_and_failed_checks() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(
        Some(&store),
        &[
            "--verify", "github", "--secret", "s3", "--status", "202", "--quiet",
        ],
    );
    let url = listener.url.clone();
    assert_eq!(
        run(&["send", &url, "a=1", "--sign", "github", "--secret", "s3"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&["send", &url, "a=1"]).status.code(), Some(1));
    let listed = run(&[
        "list",
        "--store",
        store.to_str().unwrap(),
        "--color",
        "never",
    ]);
    let table = text(&listed.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("STATUS"), "{table}");
    assert!(lines[1].contains(" 202 ✓ "), "{table}");
    assert!(lines[2].contains(" 401 ✗ "), "{table}");
}

#[test]
fn the_progress_bar_waits_and_shows_whole_requests_per_second() {
    let listener = Listener::start(None, &["--delay", "120ms", "--quiet"]);
    let (code, screen) = run_in_terminal(&["send", &listener.url, "--repeat", "10"], &[]);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("/10 "), "{screen}");
    let rates: Vec<&str> = screen
        .split(" req/s")
        .filter_map(|before| before.rsplit(' ').next())
        .take(screen.matches(" req/s").count())
        .collect();
    assert!(!rates.is_empty(), "{screen}");
    for rate in rates {
        assert!(
            rate.chars().all(|c| c.is_ascii_digit() || c == ','),
            "whole numbers: {rate:?}"
        );
    }
    assert!(screen.contains(" left"), "an ETA: {screen}");

    let (code, quick) = run_in_terminal(&["send", &listener.url, "--repeat", "2"], &[]);
    assert_eq!(code, Some(0), "{quick}");
    assert!(
        !quick.contains("req/s"),
        "a sub-second run draws no bar: {quick}"
    );
}

/// Waits up to ten seconds for `ready`.
fn eventually(what: &str, ready: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn interrupt(listener: &Listener) {
    let pid = listener.child.as_ref().expect("running").id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

#[test]
fn a_second_ctrl_c_stops_a_listener_that_waits_to_answer() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(Some(&store), &["--delay", "30s"]);
    let addr = listener.addr.clone();
    std::thread::spawn(move || {
        let _ = post(&addr, "/slow", &[], b"x");
    });
    eventually("the capture is stored", || {
        common::read_store(&store).len() == 1
    });
    eventually("its block is printed", || {
        listener.stdout_text().contains("answering 200 OK in 30s")
    });

    interrupt(&listener);
    eventually("the first Ctrl-C says what it waits for", || {
        listener
            .stderr_text()
            .contains("1 request still being answered; Ctrl-C again to quit now")
    });
    interrupt(&listener);
    let started = std::time::Instant::now();
    assert_eq!(listener.wait(std::time::Duration::from_secs(10)), 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "quit at once"
    );
    let said = listener.stderr_text();
    assert!(said.contains("Quitting"), "{said}");
    assert!(said.contains("Captured 1 request;"), "{said}");
    assert_eq!(common::read_store(&store).len(), 1);
}

#[test]
fn one_masking_rule_hides_signatures_but_not_ids_and_timestamps() {
    let (_dir, store) = temp_store();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let listener = Listener::start(
        Some(&store),
        &[
            "--verify", "standard", "--secret", secret, "--color", "never",
        ],
    );
    let sent = run(&[
        "send",
        &listener.url,
        "a=1",
        "--sign",
        "standard",
        "--secret",
        secret,
        "-v",
    ]);
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    let shown = text(&sent.stdout);
    let line = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_string()
    };
    for printed in [shown.clone(), {
        listener.wait_for_stdout_lines(5);
        listener.stdout_text()
    }] {
        assert!(line(&printed, "webhook-id").contains("msg_"), "{printed}");
        assert!(line(&printed, "webhook-timestamp")
            .chars()
            .any(|c| c.is_ascii_digit()));
        let signature = line(&printed, "webhook-signature");
        assert!(signature.contains("v1,••••"), "{signature}");
        assert!(
            !signature.contains('='),
            "the signature is hidden: {signature}"
        );
    }
    let stripe = Listener::start(None, &["--color", "never"]);
    let sent = run(&[
        "send",
        &stripe.url,
        "a=1",
        "--sign",
        "stripe",
        "--secret",
        "whsec_x",
    ]);
    assert_eq!(sent.status.code(), Some(0));
    stripe.wait_for_stdout_lines(5);
    let signature = line(&stripe.stdout_text(), "stripe-signature");
    assert!(
        signature.contains("t=") && signature.contains(",v1=••••"),
        "{signature}"
    );
}

#[test]
fn small_things_read_right() {
    let (_dir, store) = temp_store();
    let store_arg = store.to_str().unwrap();
    // A flag a command would ignore is refused there rather than accepted silently.
    let ignored = run(&["list", "--store", store_arg, "--show-secrets"]);
    assert_eq!(ignored.status.code(), Some(2));

    // An imported record says so where a capture names its sender.
    let har = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/devtools.har");
    assert_eq!(
        run(&["import", har, "--store", store_arg]).status.code(),
        Some(0)
    );
    let shown = text(&run(&["show", "1", "--store", store_arg, "--color", "never"]).stdout);
    let facts = shown.lines().nth(1).unwrap_or_default().to_string();
    assert!(facts.contains("  imported  "), "{facts}");
    assert!(!facts.contains("from "), "{facts}");

    // The hex dump parts its text column with two spaces, as hexdump -C does.
    let listener = Listener::start(Some(&store), &["--quiet"]);
    post(
        &listener.addr,
        "/bin",
        &[("Content-Type", "image/png")],
        b"\x89PNG\r\n",
    );
    let shown = text(&run(&["show", "--store", store_arg, "--color", "never"]).stdout);
    assert!(
        shown.contains("00000000  89 50 4e 47 0d 0a                                 |.PNG..|"),
        "{shown}"
    );

    // Counts are written one way: 1,000.
    let line = std::fs::read_to_string(&store).unwrap();
    let first = line.lines().next().unwrap().to_string() + "\n";
    let (_big_dir, big) = temp_store();
    std::fs::write(&big, first.repeat(1000)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.har");
    let exported = run(&[
        "export",
        "--har",
        out.to_str().unwrap(),
        "all",
        "--store",
        big.to_str().unwrap(),
    ]);
    assert!(
        text(&exported.stderr).contains("Exported 1,000 captures"),
        "{}",
        text(&exported.stderr)
    );
}

#[test]
fn a_secret_file_wins_over_hookcli_secret_in_the_environment() {
    let listener = Listener::start(
        None,
        &["--verify", "github", "--secret", "from-file", "--quiet"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret.txt");
    std::fs::write(&file, "from-file\n").unwrap();
    let output = common::hookcli()
        .args([
            "send",
            &listener.url,
            "a=1",
            "--sign",
            "github",
            "--secret-file",
        ])
        .arg(&file)
        .env("HOOKCLI_SECRET", "from-environment")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// Messages a reviewer found misleading, each now one line that says what was wrong.
#[test]
fn reviewed_messages_say_what_was_wrong() {
    let last = run(&["list", "--last", "0"]);
    assert_eq!(last.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&last.stderr).contains("0 selects nothing"));
    let relay = run(&[
        "listen",
        "--no-store",
        "--relay",
        "bogus:http://127.0.0.1:1/x",
    ]);
    assert_eq!(relay.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&relay.stderr).contains("'bogus' is not a relay kind"));
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nstatus = 302\nheaders = { Location = \"/x\" }\n",
    )
    .unwrap();
    let listener = Listener::start(None, &["--quiet", "--rules", rules.to_str().unwrap()]);
    let redirected = run(&["send", &listener.url, "-L", "--max-redirs", "0"]);
    let stderr = String::from_utf8_lossy(&redirected.stderr);
    assert_eq!(redirected.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("stopped after 0 redirects") && !stderr.contains("no answer"),
        "{stderr}"
    );
}

/// Standard output that cannot be written (a full disk) is a failure that says so, for the
/// help too; a closed pipe (`| head`) still ends quietly with 0.
#[test]
fn a_full_standard_output_is_an_io_error_that_names_it() {
    let (dir, store) = temp_store();
    std::fs::write(&store, include_str!("fixtures/store-every-field.jsonl")).unwrap();
    let store = store.to_str().unwrap();
    // A body past the export's 8 KiB buffer fails inside the HAR writer itself.
    let big = dir.path().join("big.jsonl");
    let record = serde_json::json!({
        "id": "01JBIG0000000000000000000A", "received_at": "2026-12-06T10:00:00.000Z",
        "remote_addr": "127.0.0.1:1", "method": "POST", "path": "/big", "query": null,
        "http_version": "HTTP/1.1", "headers": [["Host", "x"]], "body": "b".repeat(20_000),
        "body_encoding": "utf8", "body_size": 20_000
    });
    std::fs::write(&big, format!("{record}\n")).unwrap();
    let big = big.to_str().unwrap();
    for args in [
        &["--help"][..],
        &["send", "--help"],
        &["list", "--store", store],
        &["show", "--store", store],
        &["export", "--har", "-", "--store", store],
        &["export", "--har", "-", "--store", big],
        &["export", "--curl", "-", "--store", big],
        &["templates"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = hookcli()
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .expect("hookcli runs");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end(),
            "hookcli: error: cannot write standard output: No space left on device",
            "{args:?}"
        );
    }
}
