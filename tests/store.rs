//! `hookcli list` and `hookcli show`: selectors, their errors, and the store's location.

mod common;

use std::time::Duration;

use common::*;

fn store_with(count: usize) -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let (dir, store) = temp_store();
    let count_text = count.to_string();
    let mut listener = Listener::start(
        Some(&store),
        &["--count", &count_text, "--timeout", "20s", "--quiet"],
    );
    for i in 1..=count {
        post(
            &listener.addr,
            &format!("/n/{i}"),
            &[("Content-Type", "application/json")],
            format!("{{\"n\":{i}}}").as_bytes(),
        );
    }
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let ids = read_store(&store)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    (dir, store, ids)
}

fn show(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["show", "--store", store.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn selectors_name_captures_and_bad_ones_are_usage_errors() {
    let (_dir, store, ids) = store_with(3);
    let path_of = |args: &[&str]| {
        let output = show(&store, &[args, &["--json"]].concat());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["path"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(path_of(&["2"]), "/n/2");
    assert_eq!(path_of(&["last"]), "/n/3");
    assert_eq!(path_of(&["last~2"]), "/n/1");
    assert_eq!(path_of(&[&ids[1]]), "/n/2");
    assert_eq!(path_of(&[&ids[0].to_lowercase()]), "/n/1");

    let pretty = show(&store, &["1"]);
    let text = String::from_utf8_lossy(&pretty.stdout);
    assert!(
        text.contains("#1 POST /n/1") && text.contains("\"n\": 1"),
        "{text}"
    );

    for (selector, expected) in [
        ("9", "there is no capture 9"),
        ("last~5", "there is no capture last~5"),
        ("0", "indexes start at 1"),
        ("ab", "too short"),
        ("ZZZZZZ", "no capture id starts with"),
        (&ids[0][..6], "matches 3 captures"),
    ] {
        let output = show(&store, &[selector]);
        assert_eq!(output.status.code(), Some(2), "{selector}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{selector}: {stderr}");
    }
}

#[test]
fn list_shows_a_table_and_json_lines() {
    let (_dir, store, ids) = store_with(3);
    let listed = run(&["list", "--store", store.to_str().unwrap()]);
    let table = String::from_utf8_lossy(&listed.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].contains("METHOD") && lines[0].contains("PATH") && lines[0].contains("SIZE"));
    assert!(
        lines[3].trim_start().starts_with('3')
            && lines[3].contains("/n/3")
            && lines[3].contains("application/json")
    );
    let short = lines[1].split_whitespace().nth(1).unwrap();
    assert!(ids[0].starts_with(short) && short.len() >= 8);

    let last = run(&[
        "list",
        "--last",
        "2",
        "--json",
        "--store",
        store.to_str().unwrap(),
    ]);
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&last.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], ids[1].as_str());
}

#[test]
fn the_store_comes_from_the_flag_then_the_environment_then_xdg() {
    let (_dir, store, _) = store_with(1);
    let from_env = hookcli()
        .args(["list", "--json"])
        .env("HOOKCLI_STORE", &store)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&from_env.stdout).lines().count(), 1);
    let empty = tempfile::tempdir().unwrap();
    let other = empty.path().join("other.jsonl");
    let flag_wins = hookcli()
        .args(["list", "--json", "--store", other.to_str().unwrap()])
        .env("HOOKCLI_STORE", &store)
        .output()
        .unwrap();
    assert!(flag_wins.status.success());
    assert_eq!(flag_wins.stdout.len(), 0);
    let xdg = hookcli()
        .args(["list"])
        .env("XDG_DATA_HOME", empty.path())
        .output()
        .unwrap();
    let expected = empty.path().join("hookcli").join("captures.jsonl");
    assert!(String::from_utf8_lossy(&xdg.stderr).contains(expected.to_str().unwrap()));
    let empty_show = hookcli()
        .args(["show"])
        .env("XDG_DATA_HOME", empty.path())
        .output()
        .unwrap();
    assert_eq!(empty_show.status.code(), Some(2));
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    for args in [
        &["listen", "--delay", "soon"][..],
        &["listen", "--status", "99"],
        &["listen", "--max-body", "lots"],
        &["nosuch"],
        &["listen", "--status", "101"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    let missing = run(&[
        "listen",
        "--no-store",
        "--body-file",
        "/nonexistent/answer.json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/answer.json"));
}

/// `hookcli list | head` ends quietly.
#[test]
fn a_closed_stdout_ends_quietly() {
    let (_dir, store, _) = store_with(3);
    let mut child = hookcli()
        .args(["list", "--json", "--store", store.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A store that is a folder is an error, never a hang; an export that fails keeps the old file.
#[test]
fn a_folder_as_store_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    for args in [
        &["clear", "--yes", "--store", folder][..],
        &["list", "--store", folder],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(3), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("is a folder"));
    }
    let keep = dir.path().join("keep.har");
    std::fs::write(&keep, b"{\"log\":{\"entries\":[]}}").unwrap();
    let output = run(&["export", "--har", keep.to_str().unwrap(), "--store", folder]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(std::fs::read(&keep).unwrap(), b"{\"log\":{\"entries\":[]}}");
}

/// `export --har HAR --store STORE` with more arguments.
fn export(har: &std::path::Path, store: &std::path::Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["export", "--har", har.to_str().unwrap()];
    args.extend_from_slice(more);
    args.extend_from_slice(&["--store", store.to_str().unwrap()]);
    run(&args)
}

/// `export --har` onto the file the captures come from is refused: it would replace them.
#[test]
fn exporting_over_the_store_is_refused() {
    // A store not written yet is still the store: a HAR there would refuse the first capture.
    let dir = tempfile::tempdir().unwrap();
    let unwritten = dir.path().join("captures.jsonl");
    assert_eq!(export(&unwritten, &unwritten, &[]).status.code(), Some(2));
    assert!(!unwritten.exists());

    let (_dir, store, _ids) = store_with(1);
    let before = std::fs::read(&store).unwrap();
    let output = export(&store, &store, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is the capture store; writing it would replace the captures"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

/// The edges of telling a store from other files: a device reads as an empty store (never as a
/// line without end), another tool's JSON Lines with `id` fields is no store, a HAR export never
/// lands on the store even when it reads another file, and one through a symlink keeps the link.
#[test]
fn devices_other_logs_and_symlinks_are_handled() {
    let output = run(&["list", "--store", "/dev/full"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_device = run(&[
        "replay",
        "all",
        "--from",
        "/dev/zero",
        "--to",
        "http://127.0.0.1:9/",
    ]);
    assert_eq!(from_device.status.code(), Some(2));

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.jsonl");
    let text = "{\"id\":\"evt_1\",\"level\":\"info\"}\n{\"id\":\"evt_2\"}\n";
    std::fs::write(&log, text).unwrap();
    let output = run(&["clear", "--yes", "--store", log.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), text);

    let (_store_dir, store, _ids) = store_with(1);
    let har = dir.path().join("one.har");
    assert_eq!(export(&har, &store, &[]).status.code(), Some(0));
    let before = std::fs::read(&store).unwrap();
    let onto_store = export(&store, &store, &["--from", har.to_str().unwrap()]);
    assert_eq!(onto_store.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&onto_store.stderr).contains("is the capture store"));
    assert_eq!(std::fs::read(&store).unwrap(), before);

    let real = dir.path().join("real.har");
    std::fs::write(&real, b"").unwrap();
    let link = dir.path().join("link.har");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = export(&link, &store, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("\"entries\""));
}
