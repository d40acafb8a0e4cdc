//! The capture table of `hookcli list`.

use colored::Colorize;

use crate::capture::line::RecordSummary;
use crate::capture::store::StoredCapture;
use crate::units::format_size;

/// One row's worth of a capture, kept small so a listing of a large store stays light.
pub struct CaptureRow {
    pub index: usize,
    pub id: String,
    pub time: String,
    pub method: String,
    pub target: String,
    pub content_type: String,
    pub size: u64,
    /// What was answered, when the record says.
    pub status: Option<u16>,
    /// The signature and auth checks: passed, failed (either one), or none made.
    pub checks: Option<bool>,
}

impl CaptureRow {
    /// A row from a record's summary (`list` reads no more of a record than it shows).
    pub fn from_summary(index: usize, record: &RecordSummary<'_>) -> CaptureRow {
        let target = match &record.query {
            Some(query) => format!("{}?{query}", record.path),
            None => record.path.to_string(),
        };
        let content_type = record.content_type.as_deref().map(essence);
        CaptureRow {
            index,
            id: record.id.to_string(),
            time: short_time(&record.received_at),
            method: record.method.to_string(),
            target,
            content_type: content_type.unwrap_or_else(|| "-".into()),
            size: record.body_size,
            status: record.response.as_ref().map(|r| r.status),
            checks: checks(
                record.verification.as_ref().and_then(|v| v.ok),
                record.auth.as_ref().and_then(|a| a.ok),
            ),
        }
    }

    pub fn from_stored(stored: &StoredCapture) -> CaptureRow {
        let record = &stored.record;
        CaptureRow {
            index: stored.index,
            id: record.id.clone(),
            time: short_time(&record.received_at),
            method: record.method.clone(),
            target: record.target(),
            content_type: record.content_type_essence().unwrap_or_else(|| "-".into()),
            size: record.body_size,
            status: record.response.as_ref().map(|r| r.status),
            checks: checks(
                record.verification.as_ref().and_then(|v| v.ok),
                record.auth.as_ref().map(|a| a.ok),
            ),
        }
    }
}

/// `application/json` of `Application/JSON; charset=utf-8`: what a row shows of a Content-Type
/// (the full parse of the renderers is not needed to show it).
fn essence(value: &str) -> String {
    let essence = value.split(';').next().unwrap_or_default().trim();
    if essence.bytes().any(|b| b.is_ascii_uppercase()) {
        essence.to_ascii_lowercase()
    } else {
        essence.to_string()
    }
}

/// 2026-11-27T11:40:01.123Z → 2026-11-27 11:40:01
fn short_time(received_at: &str) -> String {
    received_at.replacen('T', " ", 1).chars().take(19).collect()
}

/// Passed when every check made passed, failed when one did, None when none was made.
fn checks(verification: Option<bool>, auth: Option<bool>) -> Option<bool> {
    match (verification, auth) {
        (None, None) => None,
        (verification, auth) => Some(verification.unwrap_or(true) && auth.unwrap_or(true)),
    }
}

/// `201  `, `401 ✗` (a signature or auth check failed), `200 ✓` (checks passed), `-    `.
fn status_cell(status: Option<u16>, checks: Option<bool>) -> String {
    let code = status.map_or("-".to_string(), |s| s.to_string());
    let colored_code = match status {
        Some(s) if s >= 400 => code.yellow().to_string(),
        _ => code.clone(),
    };
    let mark = match checks {
        Some(true) => "✓".green().to_string(),
        Some(false) => "✗".red().bold().to_string(),
        None => " ".to_string(),
    };
    format!(
        "{colored_code}{} {mark}",
        " ".repeat(3usize.saturating_sub(code.len()))
    )
}

/// The table's columns, fixed before the first row: widths come from the terminal's width and
/// fixed formats, never from the rows, so a listing of any size is printed as it is read.
pub struct Layout {
    target_width: usize,
}

const INDEX_WIDTH: usize = 7;
const ID_WIDTH: usize = 26;
const TIME_WIDTH: usize = 19;
const METHOD_WIDTH: usize = 7;
const STATUS_WIDTH: usize = 6;
const TYPE_WIDTH: usize = 16;
const SIZE_WIDTH: usize = 12;
/// Two spaces between each two of the eight columns.
const GAPS: usize = 7 * 2;

impl Layout {
    pub fn new(width: usize) -> Layout {
        let fixed = INDEX_WIDTH
            + ID_WIDTH
            + TIME_WIDTH
            + METHOD_WIDTH
            + STATUS_WIDTH
            + TYPE_WIDTH
            + SIZE_WIDTH
            + GAPS;
        Layout {
            target_width: width.saturating_sub(fixed).max(16),
        }
    }

    pub fn header(&self) -> String {
        format!(
            "{:>INDEX_WIDTH$}  {:<ID_WIDTH$}  {:<TIME_WIDTH$}  {:<METHOD_WIDTH$}  {:<tw$}  {:<STATUS_WIDTH$}  {:<TYPE_WIDTH$}  {:>SIZE_WIDTH$}",
            "#",
            "ID",
            "TIME (UTC)",
            "METHOD",
            "PATH",
            "STATUS",
            "TYPE",
            "SIZE",
            tw = self.target_width,
        )
        .bold()
        .to_string()
    }

    /// One row; the id is shown whole (ids made in one millisecond differ only at their end).
    /// Written into one string: a listing of a large store makes millions of them.
    pub fn row(&self, row: &CaptureRow) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(160 + self.target_width);
        let _ = write!(out, "{:>INDEX_WIDTH$}  ", row.index);
        push_padded(
            &mut out,
            &row.id.dimmed().to_string(),
            row.id.len(),
            ID_WIDTH,
        );
        push_padded(&mut out, &row.time, row.time.len(), TIME_WIDTH);
        let method = clip(&row.method, METHOD_WIDTH);
        let width = method.chars().count();
        push_padded(
            &mut out,
            &super::message::method_colored(&method).to_string(),
            width,
            METHOD_WIDTH,
        );
        let target = clip(&row.target, self.target_width);
        push_padded(&mut out, &target, target.chars().count(), self.target_width);
        // The cell is five characters wide: `200 ✓`.
        push_padded(
            &mut out,
            &status_cell(row.status, row.checks),
            5,
            STATUS_WIDTH,
        );
        let content_type = clip(&row.content_type, TYPE_WIDTH);
        push_padded(
            &mut out,
            &content_type,
            content_type.chars().count(),
            TYPE_WIDTH,
        );
        let _ = write!(out, "{:>SIZE_WIDTH$}", format_size(row.size));
        out
    }
}

/// Appends text shown `shown` characters wide, padded to `width`, and the gap after it.
fn push_padded(out: &mut String, text: &str, shown: usize, width: usize) {
    out.push_str(text);
    for _ in shown..width + 2 {
        out.push(' ');
    }
}

/// Cuts text to a width, marking the cut with an ellipsis.
fn clip(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= width || text.chars().count() <= width {
        std::borrow::Cow::Borrowed(text)
    } else {
        let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
        clipped.push('…');
        std::borrow::Cow::Owned(clipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_up_under_the_header_whatever_they_hold() {
        colored::control::set_override(false);
        let layout = Layout::new(120);
        let row = |index, target: &str| CaptureRow {
            index,
            id: "01JDAAAAAAAAAAAAAAAAAAAAAA".into(),
            time: "2026-11-27 11:40:01".into(),
            method: "POST".into(),
            target: target.into(),
            content_type: "application/json".into(),
            size: 1143,
            status: Some(200),
            checks: None,
        };
        let header = layout.header();
        let short = layout.row(&row(1, "/a"));
        let long = layout.row(&row(1_234_567, &"/long".repeat(40)));
        assert_eq!(header.chars().count(), short.chars().count());
        assert_eq!(short.chars().count(), long.chars().count());
        assert!(long.contains('…'));
    }
}
