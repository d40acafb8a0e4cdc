//! A capture as a block people read: a title line, the request's facts, its headers, its body
//! through the renderers, and what hookcli answered. `listen` and `show` print the same block.

use colored::Colorize;

use crate::capture::{CaptureRecord, ResponseRecord};
use crate::output::message::{format_ms, method_colored, push_body, push_headers, status_colored};
use crate::output::redact::Redaction;
use crate::render::RenderOptions;
use crate::units::format_size;

/// Renders one capture. `label` is its number (`#3`) where the caller has one.
pub fn capture_block(
    record: &CaptureRecord,
    label: Option<&str>,
    options: &RenderOptions,
    width: usize,
    redaction: &Redaction,
) -> String {
    capture_block_answering(record, label, options, width, redaction, None)
}

/// [`capture_block`] for a capture whose answer waits `delay` (`listen --delay`) before it is
/// sent: it says `answering 200 OK in 20s`, since the block is printed before the wait.
pub fn capture_block_answering(
    record: &CaptureRecord,
    label: Option<&str>,
    options: &RenderOptions,
    width: usize,
    redaction: &Redaction,
    delay: Option<std::time::Duration>,
) -> String {
    let mut out = title_lines(record, label, width);
    if let Some(relay) = &record.relay {
        out.push_str(&relay_line(relay));
    }
    if let Some(verification) = &record.verification {
        out.push_str(&check_line(
            &format!("signature ({})", verification.scheme),
            verification.ok,
            verification.reason.as_deref(),
        ));
    }
    if let Some(auth) = &record.auth {
        out.push_str(&check_line("auth", Some(auth.ok), auth.reason.as_deref()));
    }
    if let Some(expect) = &record.expect {
        if expect.ok {
            out.push_str(&format!("{}\n", "✓ expect".green().bold()));
        }
        for failure in &expect.failed {
            out.push_str(&format!("{}\n", expect_failed(failure).red().bold()));
        }
    }
    // What the capturing listener held secret stays masked when the record is shown later.
    let recorded = redaction.for_record(record);
    let redaction = &recorded;
    push_headers(&mut out, &record.headers, redaction);
    match record.body_bytes() {
        Ok(body) => push_body(&mut out, &record.headers, &body, options),
        Err(error) => out.push_str(&format!("\n{}\n", format!("! {error}").yellow())),
    }
    if !record.trailers.is_empty() {
        out.push_str(&format!("{}\n", "trailers".dimmed()));
        push_headers(&mut out, &record.trailers, redaction);
    }
    if let Some(response) = &record.response {
        push_answer(&mut out, response, options, redaction, delay);
    }
    out
}

/// The title rule (`─── #3 POST /path ───`) and the dimmed line of facts under it.
fn title_lines(record: &CaptureRecord, label: Option<&str>, width: usize) -> String {
    let mut out = String::new();
    let label = label.map(|l| format!("{l} ")).unwrap_or_default();
    let title = format!(
        "{label}{} {}",
        method_colored(&record.method),
        record.target()
    );
    let visible_title = format!("{label}{} {}", record.method, record.target());
    let rule_len = width
        .saturating_sub(visible_title.chars().count() + 5)
        .max(3);
    out.push_str(&format!(
        "{} {} {}\n",
        "───".dimmed(),
        title.bold(),
        "─".repeat(rule_len).dimmed()
    ));
    out.push_str(
        &format!(
            "{}  {}  {}  {}  id {}",
            record.received_at,
            // A record imported from a HAR file has no sender's address.
            if record.remote_addr.is_empty() && record.relay.is_some() {
                "relayed".to_string()
            } else if record.remote_addr.is_empty() {
                "imported".to_string()
            } else {
                format!("from {}", record.remote_addr)
            },
            record.http_version,
            format_size(record.body_size),
            record.id
        )
        .dimmed()
        .to_string(),
    );
    out.push('\n');
    out
}

/// `via smee https://smee.io/abc (event 3)`, and a warning when the relay re-serialized the body.
fn relay_line(relay: &crate::capture::RelayInfo) -> String {
    let mut line = format!(
        "{}\n",
        format!(
            "via {} {} (event {})",
            relay.kind, relay.url, relay.event_id
        )
        .dimmed()
    );
    if relay.fidelity == crate::capture::Fidelity::Reserialized {
        line.push_str(&format!(
            "{}\n",
            "body re-serialized by the relay: not the bytes the sender signed".yellow()
        ));
    }
    line
}

/// Who answered, for after the status (without colors). A response with an `error` is
/// hookcli's own, sent because forwarding failed: the target never answered, so it is not
/// named as the one who did. One wording for `show`, `listen` and the inspector's Response tab.
pub fn answered_by(response: &ResponseRecord) -> String {
    match (&response.error, response.elapsed_ms) {
        (Some(error), _) => format!("by hookcli: {error}"),
        (None, Some(elapsed)) => format!("by the forwarding target in {}", format_ms(elapsed)),
        (None, None) => String::new(),
    }
}

/// What hookcli answered, or what the forwarding target answered, with its headers and body.
fn push_answer(
    out: &mut String,
    response: &ResponseRecord,
    options: &RenderOptions,
    redaction: &Redaction,
    delay: Option<std::time::Duration>,
) {
    // The block is printed before a `--delay` has run: say so rather than claim it was sent.
    let (answered, after) = match delay {
        Some(delay) if !delay.is_zero() => (
            "answering",
            format!(
                " {}",
                format!("in {}", humantime::format_duration(delay)).dimmed()
            ),
        ),
        _ => ("answered", String::new()),
    };
    if response.status == 0 {
        // A rule's `drop`: no answer was sent.
        let why = response.error.as_deref().unwrap_or("no answer");
        out.push_str(&format!("{}\n", format!("not answered: {why}").yellow()));
        return;
    }
    let reason = http::StatusCode::from_u16(response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let status = status_colored(response.status, reason);
    let rule = response.rule.as_ref().map_or(String::new(), |rule| {
        let name = rule
            .name
            .as_deref()
            .map_or(String::new(), |n| format!(" {n:?}"));
        format!(" {}", format!("(rule {}{name})", rule.index).dimmed())
    });
    let after = format!("{after}{rule}");
    match (response.elapsed_ms, &response.error) {
        (_, Some(_)) => out.push_str(&format!(
            "{} {} {}{after}\n",
            answered.dimmed(),
            status,
            answered_by(response).red()
        )),
        (Some(elapsed), None) => {
            out.push_str(&format!(
                "{} {} {}\n",
                "forwarded, the target answered".dimmed(),
                status,
                format!("in {}", format_ms(elapsed)).dimmed()
            ));
            push_headers(out, &response.headers, redaction);
            if let Ok(body) = response.body_bytes() {
                push_body(out, &response.headers, &body, options);
            }
        }
        (None, None) => out.push_str(&format!("{} {}{after}\n", answered.dimmed(), status)),
    }
}

/// `✓ signature (github) valid`, `✗ auth failed: wrong token`, or `? signature (github)
/// unverifiable: ...` when the bytes signed did not arrive (a relay re-serialized them).
fn check_line(what: &str, ok: Option<bool>, reason: Option<&str>) -> String {
    let text = check_text(what, ok, reason);
    let text = match ok {
        Some(true) => text.green(),
        None => text.yellow(),
        Some(false) => text.red(),
    };
    format!("{}\n", text.bold())
}

fn check_text(what: &str, ok: Option<bool>, reason: Option<&str>) -> String {
    match ok {
        Some(true) => format!("✓ {what} valid"),
        None => format!("? {what} {}", reason.unwrap_or("unverifiable")),
        Some(false) => format!("✗ {what} invalid: {}", reason.unwrap_or("failed")),
    }
}

fn expect_failed(failure: &crate::capture::FailedExpectation) -> String {
    format!("✗ expect: {} {}", failure.expression, failure.reason)
}

/// What went wrong with a capture, in its block's words: checks that did not pass, `--expect`
/// expressions that failed, and the error of an answer hookcli gave itself (a forwarding
/// target down or too slow). Empty for a capture without trouble. For a one-line notice where
/// no block is printed (`listen --inspect`).
pub fn troubles(record: &CaptureRecord) -> Vec<String> {
    let mut troubles = Vec::new();
    if let Some(verification) = record.verification.as_ref().filter(|v| v.ok != Some(true)) {
        troubles.push(check_text(
            &format!("signature ({})", verification.scheme),
            verification.ok,
            verification.reason.as_deref(),
        ));
    }
    if let Some(auth) = record.auth.as_ref().filter(|a| !a.ok) {
        troubles.push(check_text("auth", Some(false), auth.reason.as_deref()));
    }
    if let Some(expect) = &record.expect {
        troubles.extend(expect.failed.iter().map(expect_failed));
    }
    // A rule's `drop` has an error too, but closing the connection is what it was told.
    if let Some(response) = record.response.as_ref().filter(|r| r.status != 0) {
        if response.error.is_some() {
            troubles.push(format!(
                "answered {} {}",
                response.status,
                answered_by(response)
            ));
        }
    }
    troubles
}

#[cfg(test)]
mod tests {
    use super::troubles;
    use crate::capture::CaptureRecord;

    fn record(extra: &str) -> CaptureRecord {
        let line = format!(
            r#"{{"id":"01JTROUBLES000000000000001","received_at":"2026-12-06T10:00:00.000Z","remote_addr":"127.0.0.1:5000","method":"POST","path":"/hooks","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0{extra}}}"#
        );
        crate::capture::line::read_record(line.as_bytes()).expect("a record")
    }

    #[test]
    fn a_failed_forward_s_answer_is_hookcli_s_not_the_target_s() {
        colored::control::set_override(false);
        let record = record(
            r#","response":{"status":502,"headers":[],"body":"","body_encoding":"utf8","elapsed_ms":0.3,"error":"forwarding failed: cannot connect to http://127.0.0.1:1: Connection refused"}"#,
        );
        let block = super::capture_block(
            &record,
            None,
            &crate::render::RenderOptions::new(false),
            80,
            &crate::output::redact::Redaction::new(false),
        );
        assert!(
            block.contains("answered 502 Bad Gateway by hookcli: forwarding failed: cannot connect to http://127.0.0.1:1"),
            "{block}"
        );
        assert!(!block.contains("forwarding target"), "{block}");
    }

    #[test]
    fn a_capture_s_troubles_are_its_block_s_words_and_a_clean_one_has_none() {
        assert!(troubles(&record(r#","verification":{"scheme":"github","ok":true}"#)).is_empty());
        assert_eq!(
            troubles(&record(
                r#","verification":{"scheme":"github","ok":false,"reason":"header missing"},"auth":{"ok":false,"reason":"wrong token"}"#
            )),
            [
                "✗ signature (github) invalid: header missing",
                "✗ auth invalid: wrong token"
            ]
        );
        assert_eq!(
            troubles(&record(
                r#","expect":{"ok":false,"failed":[{"expression":".a","reason":"gave false"}]},"response":{"status":502,"headers":[],"body":"","body_encoding":"utf8","error":"connection refused"}"#
            )),
            [
                "✗ expect: .a gave false",
                "answered 502 by hookcli: connection refused"
            ]
        );
        // A rule's drop closes the connection as told: nothing to warn about.
        assert!(troubles(&record(
            r#","response":{"status":0,"headers":[],"body":"","body_encoding":"utf8","error":"closed the connection without answering (drop = true)"}"#
        ))
        .is_empty());
    }
}
