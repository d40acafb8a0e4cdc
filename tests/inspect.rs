//! `hookcli inspect`: its screens drawn on ratatui's `TestBackend` and compared with
//! snapshots (`insta`, in tests/snapshots/), its state driven by actions, and the real binary
//! in a real terminal (tmux) following a capture that a `send` to a `listen` stores.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use hookcli::capture::line::read_record;
use hookcli::capture::store::StoredCapture;
use hookcli::commands::inspect::app::{Action, App, Clip, ResultPane, Screen, Tab};
use hookcli::commands::inspect::copy;
use hookcli::commands::inspect::replay::Delivery;
use hookcli::commands::inspect::view;
use hookcli::output::redact::Redaction;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Captures that cover what a row and the detail show: JSON with a secret header, binary,
/// passed and failed checks, an absolute-form target, XML, a form, and a relay's capture.
fn fixture_captures() -> Vec<StoredCapture> {
    let every_field = include_str!("fixtures/store-every-field.jsonl");
    let extra = [
        r#"{"id":"01JINSPECT0000000000000004","received_at":"2026-11-27T13:01:00.000Z","remote_addr":"127.0.0.1:5000","method":"POST","path":"/hooks/orders","query":"attempt=2","http_version":"HTTP/1.1","headers":[["Content-Type","application/json"],["Authorization","Bearer s3cret-token"]],"body":"{\"event\":\"order.created\",\"id\":42}","body_encoding":"utf8","body_size":32,"response":{"status":200,"headers":[["Content-Type","text/plain"]],"body":"ok","body_encoding":"utf8"}}"#,
        r#"{"id":"01JINSPECT0000000000000005","received_at":"2026-11-27T13:02:00.000Z","remote_addr":"127.0.0.1:5001","method":"POST","path":"/hooks/xml","query":null,"http_version":"HTTP/1.1","headers":[["Content-Type","application/xml"]],"body":"<order><id>42</id></order>","body_encoding":"utf8","body_size":26}"#,
        r#"{"id":"01JINSPECT0000000000000006","received_at":"2026-11-27T13:03:00.000Z","remote_addr":"127.0.0.1:5002","method":"POST","path":"/form","query":null,"http_version":"HTTP/1.1","headers":[["Content-Type","application/x-www-form-urlencoded"]],"body":"name=caf%C3%A9&n=1","body_encoding":"utf8","body_size":18,"response":{"status":201,"headers":[],"body":"","body_encoding":"utf8"}}"#,
        r#"{"id":"01JINSPECT0000000000000007","received_at":"2026-11-27T13:04:00.000Z","remote_addr":"","method":"POST","path":"/relayed","query":null,"http_version":"HTTP/1.1","headers":[["Content-Type","application/json"]],"body":"{\"a\":1}","body_encoding":"utf8","body_size":7,"relay":{"kind":"smee","url":"https://smee.io/abc","event_id":"9","fidelity":"exact"}}"#,
    ];
    every_field
        .lines()
        .chain(extra)
        .enumerate()
        .map(|(at, line)| StoredCapture {
            index: at + 1,
            record: read_record(line.as_bytes()).expect("a fixture record"),
        })
        .collect()
}

fn fixture_app() -> App {
    // Snapshots hold the text; colors (`colored`'s escapes in the detail) are left out.
    colored::control::set_override(false);
    let mut app = App::new("store.jsonl".into(), Redaction::new(false), false);
    app.push(fixture_captures());
    app
}

/// The screen as drawn, as the run loop draws it (the page size set first).
fn drawn(app: &mut App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.page = view::page_rows(app, height);
    app.keep_selection_shown();
    let mut lines = 0;
    terminal
        .draw(|frame| lines = view::draw(frame, app))
        .unwrap();
    app.content_lines = lines;
    terminal.backend().clone()
}

#[test]
fn the_list_shows_every_capture_with_the_newest_selected() {
    let mut app = fixture_app();
    assert_eq!(app.selected, 6);
    insta::assert_snapshot!(drawn(&mut app, 120, 12));
}

#[test]
fn a_short_screen_shows_the_newest_page() {
    let mut app = fixture_app();
    insta::assert_snapshot!(drawn(&mut app, 100, 6));
}

#[test]
fn the_help_lists_the_keys() {
    let mut app = fixture_app();
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(drawn(&mut app, 100, 24));
    app.update(Action::Down);
    assert!(!app.help, "any key closes the help");
    assert_eq!(
        app.selected, 6,
        "the key that closes the help does nothing else"
    );
}

#[test]
fn the_detail_tabs_mask_secrets_and_render_bodies() {
    let mut app = fixture_app();
    app.update(Action::First);
    for _ in 0..3 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    for tab in Tab::ALL {
        assert_eq!(app.screen, Screen::Detail { tab, scroll: 0 });
        let screen = drawn(&mut app, 100, 16);
        insta::assert_snapshot!(format!("detail_{}", tab.title()), screen);
        app.update(Action::NextTab);
    }
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn show_secrets_shows_the_header_as_received() {
    let mut app = fixture_app();
    app.redaction = Redaction::new(true);
    app.update(Action::Up);
    app.update(Action::Up);
    app.update(Action::Up);
    app.update(Action::Open);
    let screen = format!("{}", drawn(&mut app, 100, 16));
    assert!(screen.contains("Bearer s3cret-token"), "{screen}");
}

#[test]
fn a_binary_body_is_a_hex_dump_on_the_raw_tab() {
    let mut app = fixture_app();
    app.update(Action::First);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::NextTab);
    app.update(Action::NextTab);
    insta::assert_snapshot!(drawn(&mut app, 100, 12));
}

#[test]
fn moving_away_stops_following_and_the_end_resumes_it() {
    let mut app = fixture_app();
    let more = |index: usize| {
        let mut capture = fixture_captures().remove(0);
        capture.index = index;
        capture
    };
    app.update(Action::Up);
    assert!(!app.following);
    app.push([more(8)]);
    assert_eq!(
        app.selected, 5,
        "a new capture leaves the selection where the user put it"
    );
    app.update(Action::Last);
    assert!(app.following);
    app.push([more(9)]);
    assert_eq!(app.selected, 8, "the newest is selected while following");
    app.update(Action::PageUp);
    app.update(Action::First);
    assert_eq!((app.selected, app.offset), (0, 0));
    app.update(Action::PageDown);
    assert!(app.selected > 0);
}

#[test]
fn a_long_follow_keeps_the_newest_captures_only() {
    use hookcli::commands::inspect::app::HELD_AT_MOST;
    let mut app = fixture_app();
    let template = fixture_captures().remove(0);
    app.update(Action::First);
    app.push((8..HELD_AT_MOST + 100).map(|index| StoredCapture {
        index,
        ..template.clone()
    }));
    assert_eq!(app.entries.len(), HELD_AT_MOST);
    assert_eq!(app.entries.last().unwrap().capture.index, HELD_AT_MOST + 99);
    assert_eq!(app.selected, 0, "the selection stays on the oldest held");
}

#[test]
fn opening_a_store_of_large_bodies_holds_the_newest_within_the_byte_budget() {
    use hookcli::capture::line::write_record;
    use hookcli::commands::inspect::load::{newest, OPENING_BODY_BYTES};
    let (_dir, store) = common::temp_store();
    let mut record = fixture_captures().remove(4).record;
    record.body = "a".repeat(OPENING_BODY_BYTES / 3 + 1);
    let mut lines = Vec::new();
    for _ in 0..3 {
        write_record(&mut lines, &record);
        lines.push(b'\n');
    }
    std::fs::write(&store, lines).unwrap();
    let source = hookcli::capture::source::CaptureSource::Store(store);
    let (captures, _) = newest(&source, &Default::default()).unwrap();
    let indexes: Vec<usize> = captures.iter().map(|c| c.index).collect();
    assert_eq!(indexes, [2, 3]);
}

#[test]
fn a_cleared_store_empties_the_list_with_a_warning() {
    let mut app = fixture_app();
    app.restart("the store was cleared".into());
    assert!(app.entries.is_empty());
    insta::assert_snapshot!(drawn(&mut app, 80, 6));
}

#[test]
fn a_filter_is_asked_for_as_typed_and_esc_clears_it() {
    let mut app = fixture_app();
    app.update(Action::StartFilter);
    for c in "method:PUT".chars() {
        app.update(Action::Type(c));
    }
    assert_eq!(app.filter_request.take().as_deref(), Some("method:PUT"));
    app.status = Some("'x' is not a status".into());
    insta::assert_snapshot!(drawn(&mut app, 100, 6));
    app.update(Action::Erase);
    assert_eq!(app.filter_request.take().as_deref(), Some("method:PU"));
    app.update(Action::EndFilter);
    assert!(!app.editing_filter);
    app.update(Action::Type('q'));
    assert!(
        !app.quit,
        "a typed letter does nothing outside the filter line"
    );
    app.update(Action::StartFilter);
    app.update(Action::ClearFilter);
    assert_eq!(app.filter_request.take().as_deref(), Some(""));
    assert!(app.filter.is_empty() && !app.editing_filter);
}

#[test]
fn a_filter_s_captures_replace_the_list_and_later_followed_ones_stay() {
    let mut app = fixture_app();
    let captures = fixture_captures();
    let followed_from = app.entries.len();
    // Followed while the store was scanned: #7 is in the scan too, #8 came after it.
    let mut eighth = captures[0].clone();
    eighth.index = 8;
    app.push([captures[6].clone(), eighth]);
    app.replace_entries(
        vec![captures[1].clone(), captures[6].clone()],
        followed_from,
    );
    let indexes: Vec<usize> = app.entries.iter().map(|e| e.capture.index).collect();
    assert_eq!(indexes, [2, 7, 8]);
    assert_eq!(app.selected, 2);
}

#[test]
fn the_copied_curl_command_is_replay_curl_s_and_copy_waits_for_a_capture() {
    let (_dir, store) = common::temp_store();
    let captures = fixture_captures();
    let lines: Vec<&str> = include_str!("fixtures/store-every-field.jsonl")
        .lines()
        .collect();
    std::fs::write(&store, format!("{}\n", lines[0])).unwrap();
    let to = "http://127.0.0.1:9/base";
    let output = common::run(&[
        "--store",
        store.to_str().unwrap(),
        "replay",
        "last",
        "--to",
        to,
        "--curl",
    ]);
    assert!(output.status.success());
    let target = hookcli::http::client::Target::parse(to).unwrap();
    let copied = copy::curl_command(&captures[0].record, &Delivery::plain(Some(target))).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim_end(), copied);
    // Without --to: where the capture was sent, its Host.
    let copied = copy::curl_command(&captures[0].record, &Delivery::plain(None)).unwrap();
    assert!(
        copied.ends_with(" http://127.0.0.1:8080/hooks/github"),
        "{copied}"
    );
    assert!(
        copy::body_text(&captures[1].record).is_err(),
        "a binary body is not copied"
    );

    let mut app = App::new("store.jsonl".into(), Redaction::new(false), false);
    app.update(Action::CopyCurl);
    assert_eq!(
        app.clipboard_request, None,
        "nothing to copy in an empty list"
    );
    app.push(captures);
    app.update(Action::CopyBody);
    assert_eq!(app.clipboard_request, Some(Clip::Body));
}

#[test]
fn a_replay_s_answer_shows_under_the_list_until_esc() {
    let mut app = fixture_app();
    app.update(Action::Replay);
    assert!(std::mem::take(&mut app.replay_request));
    app.result = Some(ResultPane {
        title: "replayed #7 POST http://127.0.0.1:9/relayed".into(),
        text: "answered in 2.0 ms\nHTTP/1.1 202 Accepted\nContent-Length: 0\n".into(),
        summary: "#7 202 Accepted in 2.0 ms".into(),
    });
    insta::assert_snapshot!(drawn(&mut app, 100, 14));
    assert_eq!(
        app.offset + app.page,
        app.entries.len(),
        "the selection stays on the page"
    );
    let mut pane = app.result.clone().unwrap();
    for index in [5, 6] {
        pane.add(ResultPane {
            title: String::new(),
            text: String::new(),
            summary: format!("#{index} 202 Accepted in 1.0 ms"),
        });
    }
    assert_eq!(
        pane.text,
        "#7 202 Accepted in 2.0 ms\n#5 202 Accepted in 1.0 ms\n#6 202 Accepted in 1.0 ms"
    );
    app.update(Action::Back);
    assert_eq!(app.result, None);
}

#[test]
fn two_marked_captures_compare_with_json_keys_in_any_order() {
    let mut app = fixture_app();
    app.update(Action::Diff);
    assert_eq!(app.screen, Screen::List, "d needs two marked captures");
    assert!(app.status.take().unwrap().contains("mark two"));
    // #8: #4's body with its keys in another order and one value changed, a header added.
    let mut changed = fixture_captures().remove(3);
    changed.index = 8;
    changed.record.body = r#"{"id":43,"event":"order.created"}"#.into();
    changed.record.headers.push(("X-Retry".into(), "1".into()));
    app.push([changed]);
    app.update(Action::Mark);
    for _ in 0..4 {
        app.update(Action::Up);
    }
    app.update(Action::Mark);
    assert_eq!(app.marked.iter().copied().collect::<Vec<_>>(), [4, 8]);
    insta::assert_snapshot!("marked_rows", drawn(&mut app, 100, 8));
    app.update(Action::Diff);
    assert_eq!(app.screen, Screen::Diff { scroll: 0 });
    insta::assert_snapshot!(drawn(&mut app, 100, 16));
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn the_wheel_moves_and_a_click_selects_a_row() {
    let mut app = fixture_app();
    drawn(&mut app, 100, 12);
    app.update(Action::Click(3));
    assert_eq!((app.selected, app.following), (1, false));
    app.update(Action::Click(1));
    assert_eq!(
        app.selected, 1,
        "a click on the column titles selects nothing"
    );
    app.update(Action::Click(8));
    assert_eq!((app.selected, app.following), (6, true));
}

#[test]
fn a_large_body_is_folded_until_a_asks_for_it_whole() {
    let mut app = fixture_app();
    let mut large = fixture_captures().remove(4);
    large.index = 8;
    large.record.headers = vec![("Content-Type".into(), "text/plain".into())];
    large.record.body = "a line of text\n".repeat(10_000);
    app.push([large]);
    app.update(Action::Open);
    let text = |app: &App| {
        let entry = app.selected_entry().unwrap();
        hookcli::commands::inspect::detail::tab_text(
            entry,
            Tab::Request,
            &app.redaction,
            100,
            app.whole_bodies,
        )
    };
    // Scrolling stops at the last page, and G goes there.
    drawn(&mut app, 100, 16);
    app.update(Action::Last);
    let Screen::Detail { scroll: end, .. } = app.screen else {
        panic!("the detail")
    };
    assert_eq!(usize::from(end), app.content_lines - app.page);
    app.update(Action::Down);
    assert_eq!(
        app.screen,
        Screen::Detail {
            tab: Tab::Request,
            scroll: end
        }
    );
    app.update(Action::Up);
    assert_eq!(
        app.screen,
        Screen::Detail {
            tab: Tab::Request,
            scroll: end - 1
        }
    );
    let folded = text(&app);
    assert!(
        folded.contains("more bytes"),
        "{}",
        &folded[folded.len() - 200..]
    );
    app.update(Action::WholeBodies);
    let whole = text(&app);
    assert!(!whole.contains("more bytes"));
    assert_eq!(whole.matches("a line of text").count(), 10_000);
}

#[test]
fn esc_and_a_quick_key_arriving_as_alt_are_the_two_keys() {
    use hookcli::commands::inspect::keys::{action_of, split_alt};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = fixture_app();
    app.update(Action::StartFilter);
    app.update(Action::Type('x'));
    // `ESC q` as a terminal sends Esc then q typed quickly.
    for key in split_alt(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)) {
        if let Some(action) = action_of(key, app.editing_filter) {
            app.update(action);
        }
    }
    assert!(
        app.filter.is_empty(),
        "Esc cleared the filter: {:?}",
        app.filter
    );
    assert!(app.quit, "q quit after it");
}

#[test]
fn standard_output_not_a_terminal_is_a_usage_error() {
    let (_dir, store) = common::temp_store();
    let output = common::run(&["--store", store.to_str().unwrap(), "inspect"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("hookcli list") && stderr.contains("hookcli show"),
        "{stderr}"
    );
}

/// tmux, or None where it is not installed (and CI is not set: there it must be).
fn tmux() -> Option<Tmux> {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is not installed; .ci/run installs it"
        );
        eprintln!("tmux is not installed: skipping (apt-get install tmux)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    Some(Tmux {
        socket: dir.path().join("tmux.socket"),
        _dir: dir,
    })
}

/// A tmux server of its own (its socket in a temporary folder), killed when dropped.
struct Tmux {
    socket: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "inspect"])
    }

    /// Waits until the screen shows `text`, for at most ten seconds.
    fn wait_for(&self, what: &str, found: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if found(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn in_a_real_terminal_sigterm_restores_the_terminal() {
    let Some(tmux) = tmux() else { return };
    let (dir, store) = common::temp_store();
    let pid = dir.path().join("pid");
    let done = dir.path().join("done");
    let command = format!(
        "sh -c 'echo $$ > {}; exec {} --store {} inspect'; echo \"exit $?\" > {}; stty -a; sleep 30",
        pid.display(),
        env!("CARGO_BIN_EXE_hookcli"),
        store.display(),
        done.display()
    );
    tmux.start(&command, "100", "12");
    tmux.wait_for("the list", |s| s.contains("No captures yet"));
    let pid = std::fs::read_to_string(&pid).unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    tmux.assert_quit_restored(&done);
}

/// The texts of the OSC 52 sequences in what a terminal was sent.
fn clipboard_texts(raw: &Path) -> Vec<String> {
    use base64::Engine;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let bytes = std::fs::read(raw).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let found: Vec<String> = text
            .split("\u{1b}]52;c;")
            .skip(1)
            .filter_map(|rest| rest.split_once('\u{7}'))
            .filter_map(|(encoded, _)| {
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()
            })
            .map(|decoded| String::from_utf8_lossy(&decoded).into_owned())
            .collect();
        if !found.is_empty() || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

impl Tmux {
    /// Starts `command` (run by `sh`, without CI set) in a session of `width` × `height`.
    fn start(&self, command: &str, width: &str, height: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            "inspect",
            "-x",
            width,
            "-y",
            height,
            "env",
            "-u",
            "CI",
            "sh",
            "-c",
            command,
        ]);
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "inspect"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Waits for the shell to write `done` after hookcli exits, then checks that the exit was
    /// 0 and that the terminal is back on the main screen in cooked mode (`stty -a` after).
    fn assert_quit_restored(&self, done: &Path) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done.exists() {
            assert!(
                Instant::now() < deadline,
                "inspect did not quit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "exit 0");
        let screen = self.wait_for("stty's report", |s| s.contains("icanon"));
        assert!(
            !screen.contains("-icanon") && !screen.contains("-echo "),
            "{screen}"
        );
        assert!(
            !screen.contains("No captures yet"),
            "the alternate screen was left:\n{screen}"
        );
    }
}

/// The records of a store once it holds `count`, waiting at most ten seconds.
fn store_with(path: &Path, count: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let records = common::read_store(path);
        if records.len() >= count || Instant::now() > deadline {
            assert_eq!(records.len(), count, "{}", path.display());
            return records;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// An `EDITOR` that changes a header, as a person would.
fn header_changing_editor(dir: &Path) -> std::path::PathBuf {
    let editor = dir.join("editor.sh");
    let script = "#!/bin/sh\nsed -i 's/^User-Agent: .*/User-Agent: edited/' \"$1\"\n";
    std::fs::write(&editor, script).unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    editor
}

#[test]
fn in_a_real_terminal_a_sent_capture_appears_and_quitting_restores_the_terminal() {
    let Some(tmux) = tmux() else { return };
    let (dir, store) = common::temp_store();
    let listener = common::Listener::start(Some(&store), &["--quiet"]);
    let replayed_store = dir.path().join("replayed.jsonl");
    let target = common::Listener::start(Some(&replayed_store), &["--quiet", "--status", "202"]);
    let done = dir.path().join("done");
    let command = format!(
        "EDITOR={} {} --store {} inspect --to {}/again; echo \"exit $?\" > {}; stty -a; sleep 30",
        header_changing_editor(dir.path()).display(),
        env!("CARGO_BIN_EXE_hookcli"),
        store.display(),
        target.url,
        done.display()
    );
    tmux.start(&command, "120", "20");
    follow_and_filter(&tmux, &listener.addr);
    copy_as_curl(&tmux, &dir.path().join("raw"));
    replay_and_edit(&tmux, &replayed_store);
    tmux.keys(&["Escape", "Enter"]);
    tmux.wait_for("the detail", |s| s.contains("\"event\": \"live\""));
    tmux.keys(&["Tab"]);
    tmux.wait_for("the response tab", |s| s.contains("answered 200 OK"));
    tmux.keys(&["Escape", "?"]);
    tmux.wait_for("the help", |s| s.contains("keys (any key closes)"));
    tmux.keys(&["Escape", "q"]);
    tmux.assert_quit_restored(&done);
}

/// Two captures sent to a listen appear live; a filter typed keeps one.
fn follow_and_filter(tmux: &Tmux, addr: &str) {
    tmux.wait_for("the empty list", |s| s.contains("No captures yet"));
    let url = format!("http://{addr}/hooks/live?x=1");
    assert!(common::run(&["send", &url, "event=live"]).status.success());
    let screen = tmux.wait_for("the capture sent", |s| s.contains("/hooks/live?x=1"));
    assert!(screen.contains("1 captures  following"), "{screen}");
    let other = format!("http://{addr}/elsewhere");
    assert!(common::run(&["send", &other, "event=other"])
        .status
        .success());
    tmux.wait_for("the second capture", |s| s.contains("/elsewhere"));
    tmux.keys(&["/", "path:/hooks/*"]);
    let screen = tmux.wait_for("the filter applied", |s| {
        s.contains("1 captures") && s.contains("filter: path:/hooks/*")
    });
    assert!(!screen.contains("/elsewhere"), "{screen}");
    tmux.keys(&["Enter"]);
}

/// `c` writes the curl command as an OSC 52 sequence (read from what the pane was sent).
fn copy_as_curl(tmux: &Tmux, raw: &Path) {
    let pipe = format!("cat >> {}", raw.display());
    tmux.run(&["pipe-pane", "-o", "-t", "inspect", &pipe]);
    tmux.keys(&["c"]);
    tmux.wait_for("the copy's status", |s| {
        s.contains("Copied the curl command of #1")
    });
    let copied = clipboard_texts(raw);
    assert!(
        copied
            .iter()
            .any(|text| text.starts_with("curl ") && text.ends_with("/hooks/live?x=1'")),
        "{copied:?}"
    );
}

/// `r` sends the capture to --to; `e` sends it as the editor changed it.
fn replay_and_edit(tmux: &Tmux, replayed_store: &Path) {
    tmux.keys(&["r"]);
    tmux.wait_for("the replay's answer", |s| {
        s.contains("HTTP/1.1 202 Accepted")
    });
    let replayed = store_with(replayed_store, 1);
    assert_eq!(replayed[0]["path"], "/again/hooks/live");
    assert_eq!(replayed[0]["body"], "{\"event\":\"live\"}");
    tmux.keys(&["e"]);
    let replayed = store_with(replayed_store, 2);
    let headers = common::record_headers(&replayed[1]);
    assert!(
        headers.contains(&("User-Agent".into(), "edited".into())),
        "{headers:?}"
    );
    assert_eq!(
        replayed[1]["body"], "{\"event\":\"live\"}",
        "the body is sent as it was"
    );
}

#[test]
fn indexes_of_a_million_captures_are_shown_whole() {
    colored::control::set_override(false);
    let mut app = App::new("store.jsonl".into(), Redaction::new(false), false);
    let mut captures = fixture_captures();
    for (at, capture) in captures.iter_mut().enumerate() {
        capture.index = 999_995 + at;
    }
    app.push(captures);
    let screen = format!("{:?}", drawn(&mut app, 120, 12));
    assert!(screen.contains("1000001"), "{screen}");
    assert!(screen.contains(" 999999"), "{screen}");
}

/// `listen --inspect`: the inspector beside a listener in one process. Its header says where
/// to send (the port of the ready file), a capture sent shows in the list, a warning (an
/// unsigned request to a `--verify` listener, answered 401) shows on the status line and
/// nowhere else on the screen, and `q` stops the listener and gives the terminal back.
#[test]
fn in_a_real_terminal_listen_inspect_shows_captures_and_warnings_and_quits_cleanly() {
    let Some(tmux) = tmux() else { return };
    let (dir, store) = common::temp_store();
    let ready = dir.path().join("ready.json");
    let done = dir.path().join("done");
    let command = format!(
        "{} --store {} listen --inspect --port 0 --ready-file {} --verify github --secret S; echo \"exit $?\" > {}; stty -a; sleep 30",
        env!("CARGO_BIN_EXE_hookcli"),
        store.display(),
        ready.display(),
        done.display()
    );
    tmux.start(&command, "130", "14");
    let url = ready_url(&ready);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let header = format!("hookcli listen  Listening on {url}");
    tmux.wait_for("the header", |s| s.contains(&header));

    let signed = common::run(&[
        "send",
        &format!("{url}/hooks/signed"),
        "event=signed",
        "--sign",
        "github",
        "--secret",
        "S",
    ]);
    assert!(signed.status.success(), "{signed:?}");
    tmux.wait_for("the signed capture", |s| s.contains("/hooks/signed"));

    let unsigned = common::run(&["send", &format!("{url}/hooks/unsigned"), "event=unsigned"]);
    assert_eq!(
        unsigned.status.code(),
        Some(1),
        "answered 401: {unsigned:?}"
    );
    let warning = "hookcli: warning: #2 POST /hooks/unsigned: ✗ signature (github) invalid";
    let screen = tmux.wait_for("the warning", |s| s.contains(warning));
    let lines: Vec<&str> = screen.lines().collect();
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap();
    assert!(
        lines[last].starts_with(warning),
        "on the status line:\n{screen}"
    );
    assert_eq!(screen.matches("hookcli: warning").count(), 1, "{screen}");
    assert!(screen.contains(&header), "the header is intact:\n{screen}");
    assert!(screen.contains("/hooks/unsigned"), "{screen}");

    tmux.keys(&["q"]);
    tmux.assert_quit_restored(&done);
    let screen = tmux.screen();
    assert!(
        !screen.contains(&header),
        "the alternate screen was left:\n{screen}"
    );
    assert!(
        screen.contains("Captured 2 requests; stored in"),
        "{screen}"
    );
    assert_eq!(common::read_store(&store).len(), 2);
    assert!(!ready.exists(), "the ready file is removed on exit");
}

/// The `url` of a `listen --ready-file`, once it is written (ten seconds at most).
fn ready_url(ready: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(ready) {
            let written: serde_json::Value = serde_json::from_str(&text).unwrap();
            return written["url"].as_str().unwrap().to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no ready file at {}",
            ready.display()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Each way `listen --inspect` ends gives the terminal back and exits 0 with the captures
/// stored: Ctrl-C (a key in raw mode, not a signal), SIGTERM (which the listener takes for
/// both), and the listener stopping by itself (`--count`).
#[test]
fn in_a_real_terminal_listen_inspect_ends_cleanly_by_ctrl_c_sigterm_and_count() {
    for way in ["ctrl-c", "sigterm", "count"] {
        let Some(tmux) = tmux() else { return };
        let (dir, store) = common::temp_store();
        let (ready, pid, done) = (
            dir.path().join("ready.json"),
            dir.path().join("pid"),
            dir.path().join("done"),
        );
        let command = format!(
            "sh -c 'echo $$ > {}; exec {} --store {} listen --inspect --port 0 --ready-file {} --count 2'; echo \"exit $?\" > {}; stty -a; sleep 30",
            pid.display(),
            env!("CARGO_BIN_EXE_hookcli"),
            store.display(),
            ready.display(),
            done.display()
        );
        tmux.start(&command, "120", "12");
        let url = ready_url(&ready);
        assert!(common::run(&["send", &format!("{url}/one")])
            .status
            .success());
        tmux.wait_for("the capture", |s| s.contains("/one"));
        match way {
            "ctrl-c" => tmux.keys(&["C-c"]),
            "sigterm" => {
                let pid = std::fs::read_to_string(&pid).unwrap();
                let killed = Command::new("kill").args(["-TERM", pid.trim()]).status();
                assert!(killed.unwrap().success());
            }
            _ => assert!(common::run(&["send", &format!("{url}/two")])
                .status
                .success()),
        }
        tmux.assert_quit_restored(&done);
        let screen = tmux.screen();
        assert!(
            !screen.contains("/one"),
            "{way}: the alternate screen was left:\n{screen}"
        );
        let stored = if way == "count" { 2 } else { 1 };
        assert_eq!(common::read_store(&store).len(), stored, "{way}");
    }
}

/// Beside a listener (`listen --inspect`) the header leads with where to send.
#[test]
fn beside_a_listener_the_header_says_where_to_send() {
    let mut app = fixture_app();
    app.listening =
        Some("Listening on http://127.0.0.1:8080  Public URL: https://smee.io/abc".into());
    let screen = format!("{:?}", drawn(&mut app, 160, 12));
    assert!(
        screen.contains("hookcli listen  Listening on http://127.0.0.1:8080  Public URL: https://smee.io/abc  store.jsonl"),
        "{screen}"
    );
}
