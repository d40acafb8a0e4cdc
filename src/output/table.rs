//! The capture table of `hookcli list`.

use colored::Colorize;

use super::cells::{fit, text_cells};
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
/// fixed formats, never from the rows, so a listing of any size is printed as it is read. On a
/// terminal narrower than the whole table the id goes first, then the type, then the size, so
/// that rows never wrap; into a pipe every column is kept, for scripts.
pub struct Layout {
    target_width: usize,
    id: bool,
    content_type: bool,
    size: bool,
}

const INDEX_WIDTH: usize = 7;
const ID_WIDTH: usize = 26;
const TIME_WIDTH: usize = 19;
const METHOD_WIDTH: usize = 7;
const STATUS_WIDTH: usize = 6;
const TYPE_WIDTH: usize = 16;
const SIZE_WIDTH: usize = 12;
/// The two spaces after each column but the last.
const GAP: usize = 2;
/// The narrowest the path column gets.
const TARGET_MIN: usize = 16;

impl Layout {
    /// The columns for `width` characters; `all` keeps every column whatever the width.
    pub fn new(width: usize, all: bool) -> Layout {
        // Index, time, method, path and status always; each column kept costs its gap too.
        let mut used =
            INDEX_WIDTH + TIME_WIDTH + METHOD_WIDTH + TARGET_MIN + STATUS_WIDTH + 4 * GAP;
        let mut fits = |column: usize| {
            let kept = all || used + GAP + column <= width;
            if kept {
                used += GAP + column;
            }
            kept
        };
        let size = fits(SIZE_WIDTH);
        let content_type = fits(TYPE_WIDTH);
        let id = fits(ID_WIDTH);
        Layout {
            target_width: TARGET_MIN + width.saturating_sub(used),
            id,
            content_type,
            size,
        }
    }

    pub fn header(&self) -> String {
        let mut out = format!("{:>INDEX_WIDTH$}  ", "#");
        if self.id {
            out.push_str(&format!("{:<ID_WIDTH$}  ", "ID"));
        }
        out.push_str(&format!(
            "{:<TIME_WIDTH$}  {:<METHOD_WIDTH$}  {:<tw$}  {:<STATUS_WIDTH$}",
            "TIME (UTC)",
            "METHOD",
            "PATH",
            "STATUS",
            tw = self.target_width,
        ));
        if self.content_type {
            out.push_str(&format!("  {:<TYPE_WIDTH$}", "TYPE"));
        }
        if self.size {
            out.push_str(&format!("  {:>SIZE_WIDTH$}", "SIZE"));
        }
        out.trim_end().bold().to_string()
    }

    /// One row; the id is shown whole (ids made in one millisecond differ only at their end).
    /// Written into one string: a listing of a large store makes millions of them.
    pub fn row(&self, row: &CaptureRow) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(160 + self.target_width);
        let _ = write!(out, "{:>INDEX_WIDTH$}  ", row.index);
        if self.id {
            push_padded(
                &mut out,
                &row.id.dimmed().to_string(),
                row.id.len(),
                ID_WIDTH,
            );
        }
        push_padded(&mut out, &row.time, row.time.len(), TIME_WIDTH);
        let method = fit(&row.method, METHOD_WIDTH);
        let width = text_cells(&method);
        push_padded(
            &mut out,
            &super::message::method_colored(&method).to_string(),
            width,
            METHOD_WIDTH,
        );
        let target = fit(&row.target, self.target_width);
        push_padded(&mut out, &target, text_cells(&target), self.target_width);
        // The cell is five characters wide: `200 ✓`.
        out.push_str(&status_cell(row.status, row.checks));
        out.push_str(&" ".repeat(STATUS_WIDTH - 5));
        if self.content_type {
            let content_type = fit(&row.content_type, TYPE_WIDTH);
            out.push_str("  ");
            out.push_str(&content_type);
            out.push_str(&" ".repeat(TYPE_WIDTH - text_cells(&content_type)));
        }
        if self.size {
            let _ = write!(out, "  {:>SIZE_WIDTH$}", format_size(row.size));
        }
        out.trim_end().to_string()
    }
}

/// Appends text shown `shown` characters wide, padded to `width`, and the gap after it.
fn push_padded(out: &mut String, text: &str, shown: usize, width: usize) {
    out.push_str(text);
    for _ in shown..width + 2 {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_up_under_the_header_whatever_they_hold() {
        colored::control::set_override(false);
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
        for (width, all) in [
            (120, true),
            (80, true),
            (63, false),
            (80, false),
            (100, false),
            (123, false),
            (160, false),
        ] {
            let layout = Layout::new(width, all);
            let header = layout.header();
            let short = layout.row(&row(1, "/a"));
            let long = layout.row(&row(1_234_567, &"/long".repeat(40)));
            // Rows end without spaces: as wide as the header when the size ends them.
            if header.contains("SIZE") {
                assert_eq!(header.chars().count(), long.chars().count(), "{width}");
            }
            assert!(short.chars().count() <= long.chars().count(), "{width}");
            assert!(long.contains('…'));
            if !all {
                assert!(long.chars().count() <= width, "a row fits {width} columns");
                assert!(
                    header.chars().count() <= width,
                    "the header fits {width} columns"
                );
            }
        }
        // Narrow terminals lose the id, then the type, then the size; a pipe keeps them all.
        let shown = |width, all| Layout::new(width, all).header();
        assert!(shown(80, true).contains("ID") && shown(80, true).contains("TYPE"));
        assert!(!shown(80, false).contains("ID") && !shown(80, false).contains("TYPE"));
        assert!(shown(80, false).contains("SIZE"));
        assert!(shown(100, false).contains("TYPE") && !shown(100, false).contains(" ID "));
        assert!(shown(123, false).contains(" ID "));
    }
}
