//! The capture table of `hookcli list`.

use colored::Colorize;

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
    pub fn from_stored(stored: &StoredCapture) -> CaptureRow {
        let record = &stored.record;
        CaptureRow {
            index: stored.index,
            id: record.id.clone(),
            // 2026-11-27T11:40:01.123Z → 2026-11-27 11:40:01
            time: record
                .received_at
                .replacen('T', " ", 1)
                .chars()
                .take(19)
                .collect(),
            method: record.method.clone(),
            target: record.target(),
            content_type: record.content_type_essence().unwrap_or_else(|| "-".into()),
            size: record.body_size,
            status: record.response.as_ref().map(|r| r.status),
            checks: match (&record.verification, &record.auth) {
                (None, None) => None,
                (verification, auth) => Some(
                    verification.as_ref().is_none_or(|v| v.ok)
                        && auth.as_ref().is_none_or(|a| a.ok),
                ),
            },
        }
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

/// For each shown id, the shortest prefix (at least 8 characters) that tells it apart from
/// every id in the store (`all`, sorted), so that any prefix shown works as a selector.
pub fn short_ids(shown: &[&str], all: &[String]) -> Vec<usize> {
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    shown
        .iter()
        .map(|id| {
            let position = all.partition_point(|other| other.as_str() < *id);
            let before = position.checked_sub(1).map_or(0, |p| common(id, &all[p]));
            let after = all
                .iter()
                .skip(position)
                .find(|other| other.as_str() != *id)
                .map_or(0, |next| common(id, next));
            (before.max(after) + 1).max(8).min(id.len())
        })
        .collect()
}

/// The table; `all_ids` are every id in the store, sorted, for prefixes that stay unique.
pub fn render(rows: &[CaptureRow], all_ids: &[String], width: usize) -> String {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let id_lengths = short_ids(&ids, all_ids);
    let id_width = id_lengths.iter().copied().max().unwrap_or(8).max(2);
    let index_width = rows
        .iter()
        .map(|r| r.index.to_string().len())
        .max()
        .unwrap_or(1)
        .max(1);
    let method_width = rows
        .iter()
        .map(|r| r.method.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let type_width = rows
        .iter()
        .map(|r| r.content_type.len())
        .max()
        .unwrap_or(4)
        .clamp(4, 34);
    let sizes: Vec<String> = rows.iter().map(|r| format_size(r.size)).collect();
    let size_width = sizes.iter().map(String::len).max().unwrap_or(4).max(4);
    // `200 ✓`: the answered status and the checks' mark.
    let status_width = 6;
    let fixed =
        index_width + id_width + 19 + method_width + type_width + size_width + status_width + 14;
    let target_width = width.saturating_sub(fixed).max(16);

    let mut out = format!(
        "{:>iw$}  {:<idw$}  {:<19}  {:<mw$}  {:<tw$}  {:<stw$}  {:<cw$}  {:>sw$}",
        "#",
        "ID",
        "TIME (UTC)",
        "METHOD",
        "PATH",
        "STATUS",
        "TYPE",
        "SIZE",
        iw = index_width,
        idw = id_width,
        mw = method_width,
        tw = target_width,
        stw = status_width,
        cw = type_width,
        sw = size_width
    )
    .bold()
    .to_string();
    for ((row, id_len), size) in rows.iter().zip(id_lengths).zip(sizes) {
        let padding = |text: &str, width: usize| width.saturating_sub(text.chars().count());
        let target = clip(&row.target, target_width);
        let content_type = clip(&row.content_type, type_width);
        let id = &row.id[..id_len];
        out.push('\n');
        out.push_str(&format!(
            "{:>iw$}  {}{}  {}  {}{}  {}{}  {}  {}{}  {:>sw$}",
            row.index,
            id.dimmed(),
            " ".repeat(padding(id, id_width)),
            row.time,
            super::message::method_colored(&row.method),
            " ".repeat(padding(&row.method, method_width)),
            target,
            " ".repeat(padding(&target, target_width)),
            status_cell(row.status, row.checks),
            content_type,
            " ".repeat(padding(&content_type, type_width)),
            size,
            iw = index_width,
            sw = size_width
        ));
    }
    out
}

/// Cuts text to a width, marking the cut with an ellipsis.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
        clipped.push('…');
        clipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_unique_and_at_least_eight_characters() {
        let all: Vec<String> = [
            "01JDAAAAAAAAAAAAAAAAAAAAAA",
            "01JDAAAAAAAAAAAAAAAAAAAAAB",
            "01JDZZZZZZZZZZZZZZZZZZZZZZ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            short_ids(&[&all[0], &all[1], &all[2]], &all),
            vec![26, 26, 8]
        );
        // Unique among everything stored, not only among the rows shown.
        let all = vec!["01JDAAAAAQRS".to_string(), "01JDAAAAAXYZ".to_string()];
        assert_eq!(short_ids(&["01JDAAAAAXYZ"], &all), vec![10]);
    }
}
