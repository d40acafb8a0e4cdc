//! The text of the detail's tabs, as the printer's blocks write it (with `colored`'s escapes,
//! which [`super::ansi`] turns into styles): the same masking and body renderers as `show` and
//! `listen`, so the inspector cannot show a capture differently from them.

use crate::capture::{CaptureRecord, ResponseRecord};
use crate::output::capture_block::{answered_by, capture_block};
use crate::output::message::{push_body, push_headers, status_colored};
use crate::output::redact::Redaction;
use crate::render::RenderOptions;

use super::app::{Entry, Tab};

/// The text of one tab for a capture, for a screen `width` columns wide; bodies are folded
/// at 64 KiB unless `whole`.
pub fn tab_text(
    entry: &Entry,
    tab: Tab,
    redaction: &Redaction,
    width: usize,
    whole: bool,
) -> String {
    let record = &entry.capture.record;
    let options = RenderOptions::new(whole);
    match tab {
        Tab::Request => {
            let request = CaptureRecord {
                response: None,
                ..record.clone()
            };
            let label = format!("#{}", entry.capture.index);
            capture_block(&request, Some(&label), &options, width, redaction)
        }
        Tab::Response => match &record.response {
            Some(response) => answer(response, &redaction.for_record(record), &options),
            None => "No answer is recorded for this capture.\n".to_string(),
        },
        Tab::Raw => raw(record, &redaction.for_record(record)),
        Tab::Record => {
            let mut line = Vec::new();
            crate::capture::line::write_record(&mut line, record);
            crate::render::json::pretty(&line)
        }
    }
}

/// What was answered and by whom (hookcli itself when forwarding failed), then the headers
/// and body (the forwarding target's, when it answered).
fn answer(response: &ResponseRecord, redaction: &Redaction, options: &RenderOptions) -> String {
    if response.status == 0 {
        let why = response.error.as_deref().unwrap_or("no answer");
        return format!("Not answered: {why}\n");
    }
    let reason = http::StatusCode::from_u16(response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut out = format!("answered {}", status_colored(response.status, reason));
    let by = answered_by(response);
    if !by.is_empty() {
        out.push_str(&format!(" {by}"));
    }
    if let Some(rule) = &response.rule {
        out.push_str(&format!(" (rule {})", rule.index));
    }
    out.push('\n');
    push_headers(&mut out, &response.headers, redaction);
    match response.body_bytes() {
        Ok(body) => push_body(&mut out, &response.headers, &body, options),
        Err(error) => out.push_str(&format!("! {error}\n")),
    }
    out
}

/// The request's head and body as received: the body's text when it is text, else a hex dump.
fn raw(record: &CaptureRecord, redaction: &Redaction) -> String {
    let mut out = super::head::head_text(record, Some(redaction));
    out.push('\n');
    match record.body_bytes() {
        Ok(body) => match std::str::from_utf8(&body) {
            Ok(text) => out.push_str(&crate::render::visible(text)),
            Err(_) => out.push_str(&crate::render::hex::dump(&body)),
        },
        Err(error) => out.push_str(&format!("! {error}")),
    }
    out.push('\n');
    out
}
