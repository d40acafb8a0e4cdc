//! Comparing two captures (`d` on two marked with space): each is written as one text (the
//! request line, the headers masked as `show` masks them, a blank line, the body) and the two
//! texts compared line by line with `similar`. A JSON body is written indented with its keys
//! sorted, so two bodies that differ only in key order compare equal and a changed, added or
//! removed value is a line of its own.

use similar::{ChangeTag, TextDiff};

use crate::capture::CaptureRecord;
use crate::output::redact::Redaction;

/// Whether a line of the diff is in both captures, only the first, or only the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Both,
    First,
    Second,
}

/// The lines of the two captures' diff, in order.
pub fn diff_lines(
    first: &CaptureRecord,
    second: &CaptureRecord,
    redaction: &Redaction,
) -> Vec<(Side, String)> {
    let first = comparable_text(first, redaction);
    let second = comparable_text(second, redaction);
    TextDiff::from_lines(&first, &second)
        .iter_all_changes()
        .map(|change| {
            let side = match change.tag() {
                ChangeTag::Equal => Side::Both,
                ChangeTag::Delete => Side::First,
                ChangeTag::Insert => Side::Second,
            };
            (side, change.value().trim_end_matches('\n').to_string())
        })
        .collect()
}

/// The capture as the text compared.
fn comparable_text(record: &CaptureRecord, redaction: &Redaction) -> String {
    let mut out = super::detail::head_text(record, Some(&redaction.for_record(record)));
    out.push('\n');
    let body = record
        .body_bytes()
        .map(|b| b.into_owned())
        .unwrap_or_default();
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(value) => {
            let sorted = sorted_keys(value);
            out.push_str(&serde_json::to_string_pretty(&sorted).unwrap_or_default());
        }
        Err(_) => match std::str::from_utf8(&body) {
            Ok(text) => out.push_str(&crate::render::visible(text)),
            Err(_) => out.push_str(&super::ansi::strip(&crate::render::hex::dump(&body))),
        },
    }
    out.push('\n');
    out
}

/// The value with every object's keys in sorted order (the store keeps them as received).
fn sorted_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted_keys(value)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted_keys).collect())
        }
        other => other,
    }
}
