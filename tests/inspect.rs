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
    insta::assert_snapshot!(drawn(&mut app, 100, 28));
    app.update(Action::Open);
    assert!(!app.help, "any key but j/k closes the help");
    assert_eq!(
        (app.selected, app.screen),
        (6, Screen::List),
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

/// A store that does not exist (a typo, a listener not started yet) was opened silently, and
/// its creation later said "replaced": both are said as they are.
#[test]
fn a_store_not_there_yet_is_said_so_and_its_creation_too() {
    use hookcli::capture::follow::Followed;
    use hookcli::capture::source::CaptureSource;
    use hookcli::commands::inspect::load;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.jsonl");
    let opened = load::open(&CaptureSource::Store(path.clone())).unwrap();
    assert!(opened.captures.is_empty());
    assert_eq!(
        opened.warnings,
        [format!(
            "{} does not exist yet; waiting for captures",
            path.display()
        )]
    );
    let (path_followed, end, before) = opened.follow_from.expect("the store is followed");
    let found = load::follow(&path_followed, end, before);
    let record = include_str!("fixtures/store-every-field.jsonl")
        .lines()
        .next()
        .unwrap();
    std::fs::write(&path, format!("{record}\n")).unwrap();
    let said = match found
        .recv_timeout(Duration::from_secs(10))
        .unwrap()
        .unwrap()
    {
        Followed::Restarted(said) => said,
        Followed::Captures(_) => panic!("the creation is said before its captures"),
    };
    assert_eq!(said, format!("{} was created", path.display()));
    match found
        .recv_timeout(Duration::from_secs(10))
        .unwrap()
        .unwrap()
    {
        Followed::Captures(captures) => assert_eq!(captures.len(), 1),
        Followed::Restarted(said) => panic!("restarted again: {said}"),
    }
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

/// What `replay last --to TO --curl` with `more` prints for a store of the first fixture.
fn replay_curl_of_the_first_fixture(to: &str, more: &[&str]) -> String {
    let (_dir, store) = common::temp_store();
    let first = include_str!("fixtures/store-every-field.jsonl")
        .lines()
        .next()
        .unwrap();
    std::fs::write(&store, format!("{first}\n")).unwrap();
    let mut args = vec!["--store", store.to_str().unwrap(), "replay", "last"];
    args.extend(["--to", to, "--curl"]);
    args.extend_from_slice(more);
    let output = common::run(&args);
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string()
}

#[test]
fn the_copied_curl_command_is_replay_curl_s_and_copy_waits_for_a_capture() {
    let captures = fixture_captures();
    let to = "http://127.0.0.1:9/base";
    let target = hookcli::http::client::Target::parse(to).unwrap();
    let copied = copy::curl_command(&captures[0].record, &Delivery::plain(Some(target))).unwrap();
    assert_eq!(replay_curl_of_the_first_fixture(to, &[]), copied);
    // Without --to: where the capture was sent, its Host.
    let copied = copy::curl_command(&captures[0].record, &Delivery::plain(None)).unwrap();
    assert!(
        copied.ends_with(" http://127.0.0.1:8080/hooks/github"),
        "{copied}"
    );
    // `show --body` refuses binary on a terminal: the key that saves it is named instead.
    assert_eq!(
        copy::body_text(&captures[1].record),
        Err("the body is binary and was not copied; s saves it to a file".to_string()),
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
fn with_sign_the_copied_curl_command_is_replay_curl_sign_s() {
    use hookcli::sign::{scheme, HmacSettings, SchemeName, Signer};
    let captures = fixture_captures();
    let to = "http://127.0.0.1:9/base";
    let replayed = replay_curl_of_the_first_fixture(to, &["--sign", "github", "--secret", "S"]);
    assert!(
        replayed.contains("X-Hub-Signature-256: sha256="),
        "{replayed}"
    );
    let mut delivery = Delivery::plain(Some(hookcli::http::client::Target::parse(to).unwrap()));
    delivery.signer = Some(std::sync::Arc::new(Signer {
        scheme: scheme(SchemeName::Github, &HmacSettings::default()),
        key: b"S".to_vec(),
    }));
    let copied = copy::curl_command(&captures[0].record, &delivery).unwrap();
    assert_eq!(replayed, copied);
    let unsigned = copy::curl_command(&captures[0].record, &Delivery::plain(delivery.to.clone()));
    assert!(!unsigned.unwrap().contains("X-Hub-Signature-256"));
}

#[test]
fn sign_without_a_secret_is_a_usage_error_at_start() {
    let (_dir, store) = common::temp_store();
    let output = common::hookcli()
        .env_remove("HOOKCLI_SECRET")
        .args([
            "--store",
            store.to_str().unwrap(),
            "inspect",
            "--sign",
            "github",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--sign github needs a secret"), "{stderr}");
}

#[test]
fn a_replay_s_answer_shows_under_the_list_until_esc() {
    let mut app = fixture_app();
    app.send_to = Some("http://127.0.0.1:9".into());
    app.update(Action::Replay);
    assert!(std::mem::take(&mut app.replay_request));
    app.result = Some(ResultPane {
        title: "replayed #7 POST http://127.0.0.1:9/relayed".into(),
        text: "answered in 2.0 ms\nHTTP/1.1 202 Accepted\nContent-Length: 0\n".into(),
        summary: "#7 202 Accepted in 2.0 ms".into(),
        to: "http://127.0.0.1:9".into(),
    });
    insta::assert_snapshot!(drawn(&mut app, 100, 14));
    assert_eq!(
        app.offset + app.page,
        app.entries.len(),
        "the selection stays on the page"
    );
    let mut pane = app.result.clone().unwrap();
    // The answers come back in whatever order they finish; the pane lists them by index.
    for index in [12, 5] {
        pane.add(ResultPane {
            title: String::new(),
            text: String::new(),
            summary: format!("#{index} 202 Accepted in 1.0 ms"),
            to: "http://127.0.0.1:9".into(),
        });
    }
    assert_eq!(
        pane.text,
        "#5 202 Accepted in 1.0 ms\n#7 202 Accepted in 2.0 ms\n#12 202 Accepted in 1.0 ms"
    );
    assert_eq!(
        pane.title,
        "replayed the marked captures to http://127.0.0.1:9"
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

/// An app holding two captures of `content_type` with these bodies, both marked, on the diff.
fn diff_app(content_type: &str, first: &str, second: &str, color: bool) -> App {
    colored::control::set_override(false);
    let mut app = App::new("store.jsonl".into(), Redaction::new(false), color);
    let template = fixture_captures().remove(3);
    let capture = |index: usize, body: &str| {
        let mut capture = template.clone();
        capture.index = index;
        capture.record.headers = vec![("Content-Type".into(), content_type.into())];
        capture.record.body = body.into();
        capture.record.body_size = body.len() as u64;
        capture
    };
    app.push([capture(1, first), capture(2, second)]);
    app.update(Action::Mark);
    app.update(Action::Up);
    app.update(Action::Mark);
    app.update(Action::Diff);
    assert_eq!(app.screen, Screen::Diff { scroll: 0 });
    app
}

const FIRST_ORDER: &str =
    r#"{"event":"order.paid","data":{"amount":10,"currency":"eur","coupon":"X1"}}"#;
const SECOND_ORDER: &str =
    r#"{"data":{"currency":"eur","note":"gift","amount":12},"event":"order.paid"}"#;

#[test]
fn a_json_diff_is_side_by_side_under_the_paths_that_differ() {
    let mut app = diff_app("application/json", FIRST_ORDER, SECOND_ORDER, false);
    let screen = drawn(&mut app, 100, 20);
    insta::assert_snapshot!(screen);
    let text = format!("{screen}");
    assert!(
        text.contains("JSON body: 1 changed, 1 added, 1 removed"),
        "{text}"
    );
    assert!(text.contains("~ $.data.amount changed 10 → 12"), "{text}");
}

#[test]
fn a_json_diff_in_color_marks_sides_and_changed_words() {
    let mut app = diff_app("application/json", FIRST_ORDER, SECOND_ORDER, true);
    let screen = drawn(&mut app, 80, 20);
    // The buffer with its styles: red on the left, green on the right, the words reversed.
    insta::assert_debug_snapshot!(screen.buffer());
}

#[test]
fn a_text_diff_is_line_by_line_and_a_narrow_screen_cuts_each_column() {
    let first =
        "line one\nline two\nline three is long enough to be cut in a narrow column\nline four\n";
    let second = "line one\nline 2\nline three is long enough to be cut in a narrow column\nline four\nline five\n";
    let mut app = diff_app("text/plain", first, second, false);
    insta::assert_snapshot!("text_diff_wide", drawn(&mut app, 120, 14));
    let narrow = drawn(&mut app, 50, 14);
    insta::assert_snapshot!("text_diff_narrow", narrow);
    let text = format!("{narrow}");
    assert!(text.contains('…'), "{text}");
    drawn(&mut app, 50, 8);
    app.update(Action::Down);
    assert_eq!(app.screen, Screen::Diff { scroll: 1 }, "j scrolls");
    app.update(Action::PageDown);
    let Screen::Diff { scroll } = app.screen else {
        panic!("the diff")
    };
    assert_eq!(
        usize::from(scroll),
        app.content_lines - app.page,
        "PgDn stops at the end"
    );
}

#[test]
fn a_binary_diff_compares_hex_lines() {
    let mut app = fixture_app();
    // #8: #2's binary body with its first byte changed.
    let mut changed = fixture_captures().remove(1);
    changed.index = 8;
    let mut body = changed.record.body_bytes().unwrap().into_owned();
    body[0] = 0x00;
    let (encoded, encoding) = hookcli::capture::encode_body(&body);
    (changed.record.body, changed.record.body_encoding) = (encoded, encoding);
    app.push([changed]);
    app.update(Action::Mark);
    app.update(Action::First);
    app.update(Action::Down);
    app.update(Action::Mark);
    app.update(Action::Diff);
    let screen = format!("{}", drawn(&mut app, 160, 16));
    let row = screen
        .lines()
        .find(|line| line.contains("~ 00000000"))
        .unwrap_or_else(|| panic!("a changed hex line: {screen}"));
    assert!(
        row.contains("ff 00") && row.contains("│~ 00000000  00 00"),
        "{row}"
    );
    assert!(!screen.contains("JSON body"), "{screen}");
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

/// The JSON lines of a store or of the replay log once it holds `count`, waiting at most ten
/// seconds.
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
    replay_and_edit(&tmux, &replayed_store, &dir.path().join("replays.jsonl"));
    tmux.keys(&["Escape", "Enter"]);
    tmux.wait_for("the detail", |s| s.contains("\"event\": \"live\""));
    tmux.keys(&["Tab"]);
    tmux.wait_for("the response tab", |s| s.contains("answered 200 OK"));
    tmux.keys(&["Escape", "?"]);
    // A help taller than the pane scrolls to its last line.
    tmux.wait_for("the help", |s| s.contains("j ↓       next capture"));
    tmux.keys(&["G"]);
    tmux.wait_for("the help's last line", |s| s.contains("q Ctrl-C  quit"));
    tmux.keys(&["Escape", "q"]);
    tmux.assert_quit_restored(&done);
}

/// Two captures sent to a listen appear live; a filter typed keeps one.
fn follow_and_filter(tmux: &Tmux, addr: &str) {
    tmux.wait_for("the empty list", |s| s.contains("No captures yet"));
    let url = format!("http://{addr}/hooks/live?x=1");
    assert!(common::run(&["send", &url, "event=live"]).status.success());
    let screen = tmux.wait_for("the capture sent", |s| s.contains("/hooks/live?x=1"));
    assert!(screen.contains("1 capture  following"), "{screen}");
    let other = format!("http://{addr}/elsewhere");
    assert!(common::run(&["send", &other, "event=other"])
        .status
        .success());
    tmux.wait_for("the second capture", |s| s.contains("/elsewhere"));
    tmux.keys(&["/", "path:/hooks/*"]);
    let screen = tmux.wait_for("the filter applied", |s| {
        s.contains("1 of 2 captures") && s.contains("filter: path:/hooks/*")
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
fn replay_and_edit(tmux: &Tmux, replayed_store: &Path, replay_log: &Path) {
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
    let logged = store_with(replay_log, 2);
    let whats: Vec<&str> = logged.iter().map(|l| l["what"].as_str().unwrap()).collect();
    assert_eq!(whats, ["replayed", "sent as edited"]);
    assert_eq!(logged[1]["status"], 202);
}

/// HMAC-SHA256 of `body` with `secret`, as GitHub writes it: `sha256=` and lowercase hex.
fn github_signature(secret: &[u8], body: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// The stored record's body and its X-Hub-Signature-256, checked by the test and by the
/// receiving listen's `--verify github`.
fn assert_signed_with(record: &serde_json::Value, secret: &[u8]) -> String {
    let body = record["body"].as_str().unwrap().to_string();
    let headers = common::record_headers(record);
    let signatures: Vec<&String> = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("X-Hub-Signature-256"))
        .map(|(_, value)| value)
        .collect();
    assert_eq!(
        signatures,
        [&github_signature(secret, body.as_bytes())],
        "one signature, of the body sent: {record}"
    );
    assert_eq!(record["verification"]["ok"], true, "{record}");
    body
}

#[test]
fn in_a_real_terminal_e_signs_the_body_as_edited_and_d_shows_two_columns() {
    let Some(tmux) = tmux() else { return };
    let (dir, store) = common::temp_store();
    // Two captures of one order; the first carries a signature that no longer fits.
    let record = |id: &str, body: &str, signature: &str| {
        let mut record = fixture_captures().remove(3).record;
        record.id = id.into();
        record.headers = vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Hub-Signature-256".into(), signature.into()),
        ];
        record.body_size = body.len() as u64;
        record.body = body.into();
        let mut line = Vec::new();
        hookcli::capture::line::write_record(&mut line, &record);
        String::from_utf8(line).unwrap()
    };
    let first = record("01JSIGNED000000000000000001", FIRST_ORDER, "sha256=00ff");
    let second = record("01JSIGNED000000000000000002", SECOND_ORDER, "sha256=00ff");
    std::fs::write(&store, format!("{first}\n{second}\n")).unwrap();
    let received = dir.path().join("received.jsonl");
    let target = common::Listener::start(
        Some(&received),
        &["--quiet", "--verify", "github", "--secret", "S"],
    );
    let editor = dir.path().join("amount.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/\"amount\":10/\"amount\":99/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let done = dir.path().join("done");
    let command = format!(
        "EDITOR={} {} --store {} inspect --to {} --sign github --secret S; echo \"exit $?\" > {}; stty -a; sleep 30",
        editor.display(),
        env!("CARGO_BIN_EXE_hookcli"),
        store.display(),
        target.url,
        done.display()
    );
    tmux.start(&command, "120", "30");
    tmux.wait_for("the two captures", |s| s.contains("2 captures"));
    // #1, edited: signed over the body as saved, the old signature replaced.
    tmux.keys(&["k", "e"]);
    let sent = store_with(&received, 1);
    let body = assert_signed_with(&sent[0], b"S");
    assert!(body.contains("\"amount\":99"), "{body}");
    tmux.wait_for("the edit's answer", |s| s.contains("sent as edited #1"));
    // r signs anew too.
    tmux.keys(&["r"]);
    let sent = store_with(&received, 2);
    assert_eq!(assert_signed_with(&sent[1], b"S"), FIRST_ORDER);
    // The two compared side by side.
    tmux.keys(&["Escape", "Space", "j", "Space", "d"]);
    let screen = tmux.wait_for("the diff", |s| s.contains("JSON body: 1 changed"));
    let titles = screen
        .lines()
        .find(|line| line.contains("#1 POST /hooks/orders"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        titles.contains("│") && titles.contains("#2 POST /hooks/orders"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|line| line.contains("~     \"amount\": 10,")
                && line.contains("│~     \"amount\": 12,")),
        "{screen}"
    );
    tmux.keys(&["Escape", "q"]);
    tmux.assert_quit_restored(&done);
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

/// Types `text` into the line being edited.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

#[test]
fn r_without_to_asks_for_the_url_and_keys_go_to_the_prompt_only() {
    use hookcli::commands::inspect::answer::answer_prompt;
    use hookcli::commands::inspect::prompt::{Purpose, Then};
    let mut app = fixture_app();
    app.update(Action::Replay);
    assert!(!app.replay_request, "nothing is sent before a URL is known");
    let prompt = app.prompt.as_ref().expect("r opens the prompt");
    assert_eq!(prompt.purpose, Purpose::SendTo(Then::Replay));
    assert_eq!(prompt.label(), "Send to URL: ");
    assert!(app.editing_line());
    // Keys that mean something on the list are text in the prompt.
    type_text(&mut app, "qjd");
    app.update(Action::Erase);
    assert_eq!(app.prompt.as_ref().unwrap().text, "qj");
    assert!(!app.quit && app.selected == 6 && app.screen == Screen::List);
    // Esc: no prompt, nothing asked for.
    app.update(Action::ClearFilter);
    assert!(app.prompt.is_none() && !app.replay_request);

    let mut delivery = Delivery::plain(None);
    app.update(Action::Replay);
    type_text(&mut app, "ftp://127.0.0.1/");
    app.update(Action::EndFilter);
    assert!(app.submitted_prompt().is_some());
    answer_prompt(&mut app, &mut delivery);
    let prompt = app
        .prompt
        .as_ref()
        .expect("a bad URL leaves the prompt open");
    assert!(
        prompt.error.as_deref().unwrap().contains("not supported"),
        "{prompt:?}"
    );
    assert!(!prompt.submitted && delivery.to.is_none() && !app.replay_request);
    insta::assert_snapshot!(drawn(&mut app, 100, 6));

    // Typing clears the error; the URL is typed again from the start.
    app.update(Action::Erase);
    assert_eq!(app.prompt.as_ref().unwrap().error, None);
    for _ in 0.."ftp://127.0.0.1".len() {
        app.update(Action::Erase);
    }
    assert_eq!(app.prompt.as_ref().unwrap().text, "");
    type_text(&mut app, "http://127.0.0.1:9/base");
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    assert!(app.prompt.is_none());
    assert!(
        std::mem::take(&mut app.replay_request),
        "the replay goes on"
    );
    assert_eq!(delivery.to.as_ref().unwrap().origin(), "http://127.0.0.1:9");
    // Remembered: a later r or e does not ask again.
    app.update(Action::Edit);
    assert!(app.prompt.is_none() && app.edit_request);
}

/// Only Backspace edited the prompt, and Ctrl keys but Ctrl-C did nothing: a URL with a wrong
/// port had to be erased back to the port. The keys edit as a shell's line, the cursor drawn.
#[test]
fn the_prompt_edits_as_a_shell_line_and_ctrl_c_still_quits() {
    use hookcli::commands::inspect::keys::action_of;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let press = |app: &mut App, event: KeyEvent| {
        if let Some(action) = action_of(event, app.editing_line()) {
            app.update(action);
        }
    };
    let mut app = fixture_app();
    press(&mut app, ctrl('u'));
    assert!(
        app.prompt.is_none() && !app.quit,
        "Ctrl-U on the list does nothing"
    );
    app.update(Action::Replay);
    type_text(&mut app, "http://127.0.0.1:1/hooks/x");
    press(&mut app, ctrl('w'));
    assert_eq!(
        app.prompt.as_ref().unwrap().text,
        "http://127.0.0.1:1/hooks/"
    );
    for _ in 0.."/hooks/".len() {
        press(&mut app, key(KeyCode::Left));
    }
    press(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "9");
    press(&mut app, key(KeyCode::End));
    type_text(&mut app, "y");
    press(&mut app, key(KeyCode::Home));
    press(&mut app, key(KeyCode::Delete));
    press(&mut app, key(KeyCode::Right));
    assert_eq!(
        app.prompt.as_ref().unwrap().text,
        "ttp://127.0.0.1:9/hooks/y"
    );
    // The terminal's cursor is where a key types: after the label and one character.
    let mut terminal = Terminal::new(TestBackend::new(60, 6)).unwrap();
    terminal
        .draw(|frame| {
            hookcli::commands::inspect::draw(frame, &app);
        })
        .unwrap();
    let at = "Send to URL: t".len() as u16;
    terminal
        .backend_mut()
        .assert_cursor_position(ratatui::layout::Position::new(at, 5));
    press(&mut app, ctrl('u'));
    assert_eq!(
        app.prompt.as_ref().unwrap().text,
        "tp://127.0.0.1:9/hooks/y"
    );
    press(&mut app, key(KeyCode::End));
    press(&mut app, ctrl('u'));
    assert_eq!(app.prompt.as_ref().unwrap().text, "");
    press(&mut app, ctrl('c'));
    assert!(app.quit, "Ctrl-C quits from the prompt");

    // The filter line, typed at its end, takes Ctrl-W and Ctrl-U too.
    let mut app = fixture_app();
    app.update(Action::StartFilter);
    type_text(&mut app, "method:POST path:/hooks/x");
    press(&mut app, ctrl('w'));
    assert_eq!(app.filter, "method:POST path:/hooks/");
    press(&mut app, ctrl('u'));
    assert_eq!(
        (app.filter.as_str(), app.filter_request.as_deref()),
        ("", Some(""))
    );
    assert!(app.editing_filter && !app.quit);
}

#[test]
fn e_without_to_asks_for_the_url_then_edits() {
    use hookcli::commands::inspect::answer::answer_prompt;
    let mut app = fixture_app();
    app.update(Action::Edit);
    assert!(!app.edit_request);
    type_text(&mut app, "127.0.0.1:9");
    app.update(Action::EndFilter);
    let mut delivery = Delivery::plain(None);
    answer_prompt(&mut app, &mut delivery);
    assert!(app.edit_request && app.send_to.as_deref() == Some("127.0.0.1:9"));
    assert_eq!(delivery.to.unwrap().origin(), "http://127.0.0.1:9");
}

/// A URL typed for r was kept all session, a wrong port included: t changes it, offering the
/// URL in force (a --to too) to edit, and sends nothing by itself.
#[test]
fn t_changes_where_r_and_e_send_offering_the_url_in_force() {
    use hookcli::commands::inspect::answer::answer_prompt;
    use hookcli::commands::inspect::prompt::{Purpose, Then};
    let mut app = fixture_app();
    let mut delivery = Delivery::plain(None);
    app.update(Action::Replay);
    type_text(&mut app, "127.0.0.1:1/hooks");
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    assert!(std::mem::take(&mut app.replay_request));

    app.update(Action::ChangeTarget);
    let prompt = app.prompt.as_ref().expect("t opens the prompt");
    assert_eq!(
        (prompt.purpose, prompt.text.as_str()),
        (Purpose::SendTo(Then::Nothing), "127.0.0.1:1/hooks")
    );
    // Esc keeps the URL in force.
    app.update(Action::ClearFilter);
    assert_eq!(app.send_to.as_deref(), Some("127.0.0.1:1/hooks"));

    app.update(Action::ChangeTarget);
    app.prompt.as_mut().unwrap().text = "http://127.0.0.1:9/base".into();
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    assert!(app.prompt.is_none());
    assert!(!app.replay_request && !app.edit_request, "t sends nothing");
    assert_eq!(
        app.status.as_deref(),
        Some("r and e send to http://127.0.0.1:9/base now")
    );
    assert_eq!(delivery.to.as_ref().unwrap().port, 9);
    app.update(Action::Replay);
    assert!(
        app.prompt.is_none() && app.replay_request,
        "r uses the new URL"
    );

    // With --to, t offers it.
    let mut app = fixture_app();
    app.send_to = Some("https://example.com/in".into());
    app.update(Action::ChangeTarget);
    assert_eq!(app.prompt.unwrap().text, "https://example.com/in");
}

#[test]
fn s_offers_a_file_for_the_body_and_refuses_to_replace_one() {
    use hookcli::commands::inspect::answer::answer_prompt;
    use hookcli::commands::inspect::prompt::Purpose;
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app();
    app.update(Action::First);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::SaveBody);
    assert!(app.prompt.is_none(), "#3 has no body");
    assert_eq!(app.status.take().as_deref(), Some("#3 has no body to save"));
    app.update(Action::Down);
    app.update(Action::SaveBody);
    let prompt = app.prompt.as_ref().unwrap();
    assert_eq!(
        (prompt.purpose, prompt.text.as_str()),
        (Purpose::SaveBody, "capture-4.json")
    );
    app.prompt.as_mut().unwrap().text.clear();
    let path = dir.path().join("body.json");
    type_text(&mut app, path.to_str().unwrap());
    app.update(Action::EndFilter);
    let mut delivery = Delivery::plain(None);
    answer_prompt(&mut app, &mut delivery);
    assert!(app.prompt.is_none());
    assert_eq!(
        app.status.as_deref(),
        Some(format!("Saved the body of #4 to {} (33 bytes)", path.display()).as_str())
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        br#"{"event":"order.created","id":42}"#
    );
    // Again to the same file: refused, the prompt stays open saying so.
    app.update(Action::SaveBody);
    app.prompt.as_mut().unwrap().text = path.display().to_string();
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    let error = app.prompt.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("exists and is not replaced"), "{error}");
    // Into a folder that does not exist: said in plain words, without Rust's `(os error 2)`.
    let nowhere = dir.path().join("nope").join("body.json");
    app.prompt.as_mut().unwrap().text = nowhere.display().to_string();
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    let error = app.prompt.as_ref().unwrap().error.clone().unwrap();
    assert!(
        error.ends_with(&format!("{}: No such file or directory", nowhere.display())),
        "{error}"
    );
    app.update(Action::ClearFilter);
    assert!(app.prompt.is_none());

    // A capture followed while the prompt is open leaves the selection on the one asked about.
    app.update(Action::Last);
    app.update(Action::SaveBody);
    let mut later = fixture_captures().remove(0);
    later.index = 8;
    app.push([later]);
    assert_eq!(app.selected_entry().unwrap().capture.index, 7);
    let path = dir.path().join("seventh.json");
    app.prompt.as_mut().unwrap().text = path.display().to_string();
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut delivery);
    assert_eq!(std::fs::read(&path).unwrap(), br#"{"a":1}"#);
}

#[test]
fn x_writes_the_marked_captures_as_export_har_does() {
    use hookcli::commands::inspect::answer::answer_prompt;
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app();
    app.update(Action::WriteHar);
    assert_eq!(app.prompt.as_ref().unwrap().text, "captures.har");
    app.update(Action::ClearFilter);
    app.update(Action::Mark);
    app.update(Action::First);
    app.update(Action::Mark);
    let chosen: Vec<usize> = app.chosen_captures().iter().map(|c| c.index).collect();
    assert_eq!(chosen, [1, 7]);
    app.update(Action::WriteHar);
    let path = dir.path().join("two.har");
    app.prompt.as_mut().unwrap().text = path.display().to_string();
    app.update(Action::EndFilter);
    answer_prompt(&mut app, &mut Delivery::plain(None));
    assert_eq!(
        app.status.as_deref(),
        Some(format!("Wrote 2 captures to {}", path.display()).as_str())
    );
    let har: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let ids: Vec<&str> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["_hookcli"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["01JFIXTURE0000000000000001", "01JINSPECT0000000000000007"]
    );
}

/// A body no text conversion would keep: NUL, bytes that are not UTF-8, CR LF.
const BINARY_BODY: &[u8] = b"\x00\xff\xfe binary\r\nbody\x7f";

#[test]
fn in_a_real_terminal_r_asks_for_the_url_s_saves_the_body_and_x_writes_a_har() {
    let Some(tmux) = tmux() else { return };
    let (dir, store) = common::temp_store();
    let listener = common::Listener::start(Some(&store), &["--quiet"]);
    let replayed_store = dir.path().join("replayed.jsonl");
    let target = common::Listener::start(Some(&replayed_store), &["--quiet", "--status", "202"]);
    let url = format!("http://{}/hooks/json", listener.addr);
    assert!(common::run(&["send", &url, "event=one"]).status.success());
    let headers = [("Content-Type", "application/octet-stream")];
    common::post(&listener.addr, "/hooks/binary", &headers, BINARY_BODY);
    store_with(&store, 2);
    let done = dir.path().join("done");
    // From the temporary folder, where the names offered are written.
    let command = format!(
        "cd {}; {} --store {} inspect; echo \"exit $?\" > {}; stty -a; sleep 30",
        dir.path().display(),
        env!("CARGO_BIN_EXE_hookcli"),
        store.display(),
        done.display()
    );
    tmux.start(&command, "120", "20");
    tmux.wait_for("the list", |s| s.contains("2 captures"));
    replay_to_a_url_typed(&tmux, &format!("{}/again", target.url), dir.path());
    tmux.keys(&["Escape"]);
    save_the_body(&tmux, dir.path());
    write_a_har(&tmux, dir.path(), &store);
    tmux.keys(&["q"]);
    tmux.assert_quit_restored(&done);
}

/// `r` without --to asks for the URL; the one typed gets the replay, and the replay log beside
/// the store has a line for it.
fn replay_to_a_url_typed(tmux: &Tmux, url: &str, store_folder: &Path) {
    tmux.keys(&["r"]);
    tmux.wait_for("the prompt", |s| s.contains("Send to URL:"));
    tmux.keys(&[url, "Enter"]);
    tmux.wait_for("the replay's answer", |s| {
        s.contains("HTTP/1.1 202 Accepted")
    });
    let replayed = store_with(&store_folder.join("replayed.jsonl"), 1);
    assert_eq!(replayed[0]["path"], "/again/hooks/binary");
    let lines = store_with(&store_folder.join("replays.jsonl"), 1);
    let line = &lines[0];
    assert_eq!(line["what"], "replayed");
    assert_eq!(
        (line["index"].as_u64(), line["status"].as_u64()),
        (Some(2), Some(202))
    );
    assert_eq!(line["reason"], "Accepted");
    assert_eq!(line["method"], "POST");
    assert_eq!(line["url"], format!("{url}/hooks/binary"));
    assert!(
        line["elapsed_ms"].as_f64().is_some() && line["error"].is_null(),
        "{line}"
    );
}

/// `s` offers `capture-2.bin` and writes the body as received; a second time it refuses.
fn save_the_body(tmux: &Tmux, folder: &Path) {
    tmux.keys(&["s"]);
    tmux.wait_for("the name offered", |s| {
        s.contains("Save the body to: capture-2.bin")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the save's status", |s| {
        s.contains("Saved the body of #2 to capture-2.bin (17 bytes)")
    });
    assert_eq!(
        std::fs::read(folder.join("capture-2.bin")).unwrap(),
        BINARY_BODY
    );
    tmux.keys(&["s"]);
    tmux.wait_for("the name offered again", |s| {
        s.contains("Save the body to:")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the refusal", |s| s.contains("exists and is not replaced"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt closed", |s| !s.contains("Save the body to:"));
}

/// `x` writes the two marked captures to `captures.har`, the file `export --har` writes.
fn write_a_har(tmux: &Tmux, folder: &Path, store: &Path) {
    tmux.keys(&["Space", "k", "Space", "x"]);
    tmux.wait_for("the name offered", |s| {
        s.contains("Write HAR to: captures.har")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the HAR's status", |s| {
        s.contains("Wrote 2 captures to captures.har")
    });
    let written = std::fs::read(folder.join("captures.har")).unwrap();
    let har: serde_json::Value = serde_json::from_slice(&written).unwrap();
    let paths: Vec<&str> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["_hookcli"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/hooks/json", "/hooks/binary"]);
    let exported = folder.join("exported.har");
    let store = store.to_str().unwrap();
    let output = common::run(&[
        "--store",
        store,
        "export",
        "1..2",
        "--har",
        exported.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(written, std::fs::read(&exported).unwrap());
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
    // On the status line without stderr's `hookcli: `, which names the program.
    let warning = "warning: #2 POST /hooks/unsigned: ✗ signature (github) invalid";
    let screen = tmux.wait_for("the warning", |s| s.contains(warning));
    let lines: Vec<&str> = screen.lines().collect();
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap();
    assert!(
        lines[last].starts_with(warning),
        "on the status line:\n{screen}"
    );
    assert_eq!(screen.matches("warning:").count(), 1, "{screen}");
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

#[test]
fn an_invalid_filter_keeps_the_last_one_and_enter_keeps_the_line_open() {
    let mut app = fixture_app();
    app.update(Action::StartFilter);
    type_text(&mut app, "where:.foo");
    assert_eq!(app.filter_request.take().as_deref(), Some("where:.foo"));
    type_text(&mut app, " ==");
    assert_eq!(
        app.filter_request.take(),
        None,
        "a half-typed expression is not put in force"
    );
    let why = app.filter_error.clone().expect("why the text is no filter");
    assert!(why.starts_with("where: "), "the filter's words: {why}");
    app.update(Action::EndFilter);
    assert!(app.editing_filter, "Enter on no filter keeps the line open");
    assert_eq!(app.applied_filter, "where:.foo");
    let screen = format!("{}", drawn(&mut app, 100, 6));
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("filter: where:.foo") && !header.contains("=="),
        "the header shows the filter in force: {screen}"
    );
    assert!(screen.contains("/where:.foo ==▏  where: "), "{screen}");
    for _ in 0..3 {
        app.update(Action::Erase);
    }
    assert_eq!(app.filter_error, None);
    assert_eq!(
        app.filter_request.take(),
        None,
        "the filter in force already"
    );
    app.update(Action::EndFilter);
    assert!(!app.editing_filter);
    // A filter word half typed is no text searched for: the list stays as it was.
    app.update(Action::StartFilter);
    app.update(Action::ClearFilter);
    assert_eq!(app.filter_request.take().as_deref(), Some(""));
    app.update(Action::StartFilter);
    type_text(&mut app, "status:abc");
    assert_eq!(
        app.filter_request.take(),
        None,
        "nothing typed on the way was a filter to search for"
    );
    assert_eq!(app.applied_filter, "");
    assert!(app
        .filter_error
        .as_deref()
        .unwrap()
        .starts_with("status: 'abc'"));
    // A filter word's start is text to search for when Enter says so.
    app.update(Action::ClearFilter);
    app.update(Action::StartFilter);
    type_text(&mut app, "stat");
    assert_eq!(app.filter_request.take(), None);
    app.update(Action::EndFilter);
    assert_eq!(app.filter_request.take().as_deref(), Some("stat"));
}

#[test]
fn the_header_counts_one_capture_and_those_a_filter_shows_of_all() {
    let mut app = fixture_app();
    let header = |app: &mut App| {
        let screen = format!("{}", drawn(app, 100, 6));
        screen.lines().next().unwrap().to_string()
    };
    assert!(header(&mut app).contains("  7 captures  "));
    app.update(Action::StartFilter);
    type_text(&mut app, "method:POST");
    app.update(Action::EndFilter);
    let captures = fixture_captures();
    app.replace_entries(vec![captures[1].clone(), captures[6].clone()], 7);
    let line = header(&mut app);
    assert!(line.contains("  2 of 7 captures  "), "{line}");
    let mut one = App::new("store.jsonl".into(), Redaction::new(false), false);
    one.push([captures[0].clone()]);
    let line = header(&mut one);
    assert!(line.contains("  1 capture  "), "{line}");
    // Before any capture of the source is seen, how many it holds is not known.
    one.restart("the store was cleared".into());
    one.applied_filter = "method:POST".into();
    let line = header(&mut one);
    assert!(line.contains("  0 shown  "), "{line}");
}

#[test]
fn d_with_three_marked_says_it_compares_exactly_two() {
    let mut app = fixture_app();
    for _ in 0..3 {
        app.update(Action::Mark);
        app.update(Action::Up);
    }
    app.update(Action::Diff);
    assert_eq!(app.screen, Screen::List);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("3 are marked; d compares exactly two"),
        "{status}"
    );
    let screen = format!("{}", drawn(&mut app, 100, 6));
    assert!(
        screen.contains("3 are marked; d compares exactly two"),
        "{screen}"
    );
}

#[test]
fn a_failed_forward_is_answered_by_hookcli_and_long_lines_wrap() {
    let mut app = fixture_app();
    let mut capture = fixture_captures().remove(3);
    capture.index = 8;
    let why = "forwarding failed: cannot connect to http://127.0.0.1:1: Connection refused (os error 111)";
    capture.record.response = Some(
        serde_json::from_value(serde_json::json!({
            "status": 502,
            "headers": [["Content-Type", "text/plain; charset=utf-8"]],
            "body": format!("hookcli: {why}\n"),
            "body_encoding": "utf8",
            "elapsed_ms": 0.3,
            "error": why,
        }))
        .unwrap(),
    );
    app.push([capture]);
    app.update(Action::Open);
    app.update(Action::NextTab);
    let screen = format!("{}", drawn(&mut app, 60, 12));
    assert!(!screen.contains("forwarding target"), "{screen}");
    // The screen's lines, wrapped at words, read as one text.
    let words = screen
        .lines()
        .map(|line| line.trim_matches('"').trim_end())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&format!("answered 502 Bad Gateway by hookcli: {why}")),
        "{screen}"
    );
}

#[test]
fn a_help_taller_than_the_screen_scrolls_and_cuts_its_lines_with_an_ellipsis() {
    let mut app = fixture_app();
    app.update(Action::ToggleHelp);
    let first = drawn(&mut app, 60, 20);
    insta::assert_snapshot!("help_60x20", first);
    let text = format!("{first}");
    assert!(text.contains("…"), "{text}");
    assert!(!text.contains("q Ctrl-C  quit"), "{text}");
    for _ in 0..10 {
        app.update(Action::Down);
        drawn(&mut app, 60, 20);
    }
    assert!(app.help, "j scrolls the help, not closes it");
    let text = format!("{}", drawn(&mut app, 60, 20));
    for key in ["d         ", "?         ", "q Ctrl-C  quit"] {
        assert!(text.contains(key), "{key} in {text}");
    }
}

#[test]
fn narrow_and_wide_lists_keep_the_index_and_time_and_cut_with_an_ellipsis() {
    let mut app = fixture_app();
    let sixty = drawn(&mut app, 60, 10);
    insta::assert_snapshot!("list_60", sixty);
    let text = format!("{sixty}");
    let titles = text.lines().nth(1).unwrap_or_default();
    for word in ["#", "time", "method", "path", "status", "type"] {
        assert!(
            titles
                .split_whitespace()
                .any(|t| t.trim_matches('"') == word),
            "{word} in {titles}"
        );
    }
    assert!(
        text.contains("13:04:00") && !text.contains("11-27"),
        "{text}"
    );
    let tiny = drawn(&mut app, 30, 8);
    insta::assert_snapshot!("list_30", tiny);
    let tiny = format!("{tiny}");
    for index in ["7 13:04:00", "6 13:03:00"] {
        assert!(tiny.contains(index), "{index} in {tiny}");
    }
    // A long store path gives way to the counts and the following state.
    let source = std::mem::replace(
        &mut app.source,
        "/tmp/a-rather-long-folder-name/for-the-store/captures.jsonl".into(),
    );
    let screen = format!("{}", drawn(&mut app, 60, 8));
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("…  7 captures  following"), "{header}");
    app.source = source;
    let wide = drawn(&mut app, 140, 10);
    insta::assert_snapshot!("list_140", wide);
    let text = format!("{wide}");
    assert!(text.contains("application/x-www-form-urlencoded"), "{text}");
    assert!(text.contains("11-27 13:04:00"), "{text}");
}

/// Marked captures are sent one after the other in index order, as `replay` sends them: the
/// first, answered slowly, still arrives and is logged first; the pane's title names the URL
/// in force whole, its base path too.
#[test]
fn marked_captures_are_replayed_one_after_the_other_to_the_whole_url() {
    use hookcli::commands::inspect::replay::{self, Replayed};
    use hookcli::commands::inspect::replay_log::ReplayLog;
    use hookcli::http::client::Target;

    let (dir, store) = common::temp_store();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nmatch = { path = \"/v2/hooks/first\" }\ndelay = \"600ms\"\n",
    )
    .unwrap();
    let target_store = dir.path().join("target.jsonl");
    let rules_arg = rules.to_str().unwrap();
    let target = common::Listener::start(Some(&target_store), &["--quiet", "--rules", rules_arg]);
    let captures: Vec<StoredCapture> = ["first", "second", "third"]
        .iter()
        .enumerate()
        .map(|(at, name)| StoredCapture {
            index: at + 1,
            record: read_record(
                format!(
                    r#"{{"id":"{name}","received_at":"t","remote_addr":"r","method":"POST","path":"/hooks/{name}","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}}"#
                )
                .as_bytes(),
            )
            .unwrap(),
        })
        .collect();
    let to = Target::parse(&format!("{}/v2", target.url)).unwrap();
    let (sender, answers) = std::sync::mpsc::channel::<Replayed>();
    let log = ReplayLog::beside(&store);
    let delivery = Delivery::plain(None);
    let redaction = Redaction::new(false);
    replay::start(
        7, captures, &to, &delivery, &redaction, sender, "replayed", &log,
    )
    .unwrap();
    let mut panes = (0..3).map(|_| {
        let answer = answers
            .recv_timeout(Duration::from_secs(10))
            .expect("an answer");
        assert_eq!(answer.batch, 7, "each answer says which r it answers");
        answer.pane
    });
    let mut pane = panes.next().unwrap();
    for later in panes {
        pane.add(later);
    }
    let said: Vec<&str> = pane.text.lines().map(|l| &l[..2]).collect();
    assert_eq!(said, ["#1", "#2", "#3"], "{}", pane.text);
    assert_eq!(
        pane.title,
        format!("replayed the marked captures to {}/v2", target.url)
    );
    let arrived = store_with(&target_store, 3);
    let paths: Vec<&str> = arrived
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["/v2/hooks/first", "/v2/hooks/second", "/v2/hooks/third"]
    );
    let logged = store_with(&dir.path().join("replays.jsonl"), 3);
    let indexes: Vec<u64> = logged
        .iter()
        .map(|l| l["index"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [1, 2, 3]);
}

/// An `EDITOR` that says it is editing (the file `editing` beside it), then takes `seconds`
/// and saves the message unchanged.
fn slow_editor(dir: &Path, seconds: u32) -> std::path::PathBuf {
    let editor = dir.join("slow-editor.sh");
    let script = format!(
        "#!/bin/sh\ntouch {}\nsleep {seconds}\n",
        dir.join("editing").display()
    );
    std::fs::write(&editor, script).unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    editor
}

/// Waits for `path` to exist, for at most ten seconds.
fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !path.exists() {
        assert!(Instant::now() < deadline, "no {}", path.display());
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn kill_term(pid_file: &Path) {
    let pid = std::fs::read_to_string(pid_file).unwrap();
    let killed = Command::new("kill").args(["-TERM", pid.trim()]).status();
    assert!(killed.unwrap().success());
}

/// SIGTERM while `e` has the editor open: beside a listener, the listener stops at once (a
/// request sent then finds no one, and is not stored), and when the editor returns nothing
/// is sent and hookcli exits 0; plain `inspect` too quits without sending.
#[test]
fn in_a_real_terminal_sigterm_while_editing_stops_at_once_and_sends_nothing() {
    for beside in [true, false] {
        let Some(tmux) = tmux() else { return };
        let (dir, store) = common::temp_store();
        let target_store = dir.path().join("target.jsonl");
        let target = common::Listener::start(Some(&target_store), &["--quiet"]);
        let (ready, pid, done) = (
            dir.path().join("ready.json"),
            dir.path().join("pid"),
            dir.path().join("done"),
        );
        let bin = env!("CARGO_BIN_EXE_hookcli");
        let run = if beside {
            format!("listen --inspect --port 0 --ready-file {}", ready.display())
        } else {
            std::fs::write(
                &store,
                r#"{"id":"a","received_at":"2026-11-27T13:01:00.000Z","remote_addr":"r","method":"POST","path":"/one","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}
"#,
            )
            .unwrap();
            format!("inspect --to {}", target.url)
        };
        let command = format!(
            "sh -c 'echo $$ > {}; EDITOR={} exec {bin} --store {} {run}'; echo \"exit $?\" > {}; stty -a; sleep 30",
            pid.display(),
            slow_editor(dir.path(), 3).display(),
            store.display(),
            done.display()
        );
        tmux.start(&command, "120", "12");
        let url = beside.then(|| ready_url(&ready));
        if let Some(url) = &url {
            assert!(common::run(&["send", &format!("{url}/one")])
                .status
                .success());
        }
        tmux.wait_for("the capture", |s| s.contains("/one"));
        tmux.keys(&["e"]);
        if beside {
            tmux.wait_for("the prompt", |s| s.contains("Send to URL:"));
            tmux.keys(&[&target.url, "Enter"]);
        }
        wait_for_file(&dir.path().join("editing"));
        kill_term(&pid);
        if let Some(url) = &url {
            // Within the editor's 3 s: the listener has stopped answering.
            let deadline = Instant::now() + Duration::from_secs(2);
            while common::run(&["send", "--timeout", "1s", &format!("{url}/two")])
                .status
                .success()
            {
                assert!(Instant::now() < deadline, "the listener still answers");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        tmux.assert_quit_restored(&done);
        assert_eq!(common::read_store(&store).len(), 1, "beside: {beside}");
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            common::read_store(&target_store).len(),
            0,
            "beside: {beside}: nothing is sent after SIGTERM"
        );
        assert!(!dir.path().join("replays.jsonl").exists());
    }
}

/// The text of a drawn screen, its rows joined by line ends.
fn screen_text(backend: &TestBackend) -> String {
    let buffer = backend.buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An answer taller than its pane says how much is not shown, and `v` shows it whole,
/// scrolling to its last line; Esc goes back to the list with the pane.
#[test]
fn an_answer_taller_than_its_pane_says_so_and_v_shows_it_whole() {
    let mut app = fixture_app();
    let text: String = (1..=40).map(|n| format!("line {n}\n")).collect();
    app.result = Some(ResultPane {
        title: "replayed #7 POST http://127.0.0.1:9/relayed".into(),
        text: format!("answered in 2.0 ms\nHTTP/1.1 200 OK\n\n{text}"),
        summary: "#7 200 OK in 2.0 ms".into(),
        to: "http://127.0.0.1:9".into(),
    });
    let screen = screen_text(&drawn(&mut app, 60, 20));
    // 18 rows between the header and the status line: the pane takes 7, its title one.
    assert!(
        screen.contains("… 38 more lines (v shows them all)"),
        "{screen}"
    );
    assert!(!screen.contains("line 40"), "{screen}");
    app.update(Action::ViewAnswer);
    assert_eq!(app.screen, Screen::Answer { scroll: 0 });
    let screen = screen_text(&drawn(&mut app, 60, 20));
    assert!(screen.contains("line 1 "), "{screen}");
    app.update(Action::Last);
    let screen = screen_text(&drawn(&mut app, 60, 20));
    assert!(screen.contains("line 40"), "{screen}");
    app.update(Action::PageUp);
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::List);
    assert!(app.result.is_some(), "Esc from the answer keeps the pane");
}

/// A status longer than the screen is cut with `…`, so it is seen to be cut; with no status the
/// bottom line names the keys of the screen shown.
#[test]
fn a_long_status_ends_in_an_ellipsis_and_each_screen_names_its_keys() {
    let mut app = fixture_app();
    app.status = Some(format!("warning: {}", "x".repeat(200)));
    let screen = format!("{:?}", drawn(&mut app, 50, 10));
    let bottom = screen
        .lines()
        .rev()
        .find(|l| l.contains("warning"))
        .unwrap();
    assert!(bottom.contains("xx…\""), "{screen}");
    app.status = None;
    app.update(Action::Open);
    let screen = format!("{:?}", drawn(&mut app, 100, 10));
    assert!(screen.contains("Tab next tab"), "{screen}");
}
