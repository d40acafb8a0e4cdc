//! `hookcli inspect` drawn with `colored`'s escapes on, as on a color terminal. `colored`'s
//! switch is one for the whole process, and the other inspector tests draw with it off for
//! their snapshots: these tests are a test binary of their own so the two cannot race.

use hookcli::capture::line::read_record;
use hookcli::capture::store::StoredCapture;
use hookcli::commands::inspect::app::{Action, App, Screen};
use hookcli::commands::inspect::view;
use hookcli::output::redact::Redaction;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn signed_capture(index: usize, signature: &str, body: &str) -> StoredCapture {
    let line = serde_json::json!({
        "id": format!("01JCOLOR00000000000000000{index}"),
        "received_at": "2026-11-27T13:00:00.000Z",
        "remote_addr": "127.0.0.1:5000",
        "method": "POST",
        "path": "/hooks/github",
        "query": null,
        "http_version": "HTTP/1.1",
        "headers": [["Content-Type", "text/plain"], ["X-Hub-Signature-256", signature]],
        "body": body,
        "body_encoding": "utf8",
        "body_size": body.len(),
    })
    .to_string();
    StoredCapture {
        index,
        record: read_record(line.as_bytes()).expect("a capture record"),
    }
}

#[test]
fn a_masked_signature_s_dim_hint_is_no_text_in_the_diff() {
    colored::control::set_override(true);
    let mut app = App::new("store.jsonl".into(), Redaction::new(false), true);
    app.push([
        signed_capture(1, "sha256=aaaa", "first\n"),
        signed_capture(2, "sha256=bbbb", "second\n"),
    ]);
    app.update(Action::Mark);
    app.update(Action::Up);
    app.update(Action::Mark);
    app.update(Action::Diff);
    assert_eq!(app.screen, Screen::Diff { scroll: 0 });
    let mut terminal = Terminal::new(TestBackend::new(140, 10)).unwrap();
    terminal
        .draw(|frame| {
            view::draw(frame, &app);
        })
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let lines: Vec<String> = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let text = lines.join("\n");
    assert!(!text.contains("[2m") && !text.contains("[0m"), "{text}");
    let signature = lines
        .iter()
        .find(|line| line.contains("X-Hub-Signature-256"))
        .unwrap_or_else(|| panic!("the signature's row: {text}"));
    assert!(
        signature.contains("sha256=•••• (--show-secrets shows them)"),
        "{text}"
    );
    // The separator stays in its column on every row, the signature's too.
    let columns: Vec<usize> = lines
        .iter()
        .filter_map(|line| line.chars().position(|c| c == '│'))
        .collect();
    assert!(columns.len() > 3, "{text}");
    assert!(columns.iter().all(|c| *c == columns[0]), "{text}");
}
