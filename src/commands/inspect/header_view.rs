//! The header line: which command, where a listener beside listens, the store, how many
//! captures, following or paused, the filter in force, a scan under way. On a narrow screen
//! the parts that matter least give way first (cut with `…`, then dropped), so the counts and
//! the following state stay whole and no word is cut unseen.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::app::App;
use super::paint::paint;
use crate::output::cells::{fit, text_cells};

/// A cut part keeps at least this many cells, else it is dropped.
const CUT_AT_LEAST: usize = 8;

/// One part of the line: its text (after two spaces), its style, and how much it matters
/// (0 the most).
struct Part {
    text: String,
    style: Style,
    rank: u8,
}

pub fn header_line(app: &App, width: usize) -> Line<'static> {
    let state = if app.following {
        "following"
    } else {
        "paused (G follows)"
    };
    let title = match &app.listening {
        Some(_) => "hookcli listen",
        None => "hookcli inspect",
    };
    let part = |text: String, style: Style, rank: u8| Part { text, style, rank };
    // Beside a listener, where it listens comes first: the address to send to.
    let mut parts = vec![part(
        title.into(),
        Style::default().add_modifier(Modifier::BOLD),
        0,
    )];
    if let Some(listening) = &app.listening {
        parts.push(part(listening.clone(), Style::default(), 4));
    }
    parts.push(part(app.source.clone(), Style::default(), 5));
    parts.push(part(counts(app), Style::default(), 1));
    parts.push(part(
        state.into(),
        paint(app, Style::default().fg(Color::Cyan)),
        2,
    ));
    if !app.applied_filter.is_empty() {
        parts.push(part(
            format!("filter: {}", app.applied_filter),
            Style::default(),
            3,
        ));
    }
    if app.scanning {
        parts.push(part("(reading the store…)".into(), Style::default(), 6));
    }
    make_room(&mut parts, width);
    let mut spans = Vec::new();
    for (at, part) in parts.into_iter().enumerate() {
        if at > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(part.text, part.style));
    }
    Line::from(spans)
}

/// Cuts, then drops, the parts that matter least until the line fits `width`.
fn make_room(parts: &mut Vec<Part>, width: usize) {
    let cells = |parts: &[Part]| -> usize {
        parts.iter().map(|p| text_cells(&p.text)).sum::<usize>() + 2 * parts.len().saturating_sub(1)
    };
    while cells(parts) > width {
        let Some(least) = (0..parts.len())
            .filter(|at| parts[*at].rank > 0)
            .max_by_key(|at| parts[*at].rank)
        else {
            return;
        };
        let over = cells(parts) - width;
        let text = &parts[least].text;
        let keep = text_cells(text).saturating_sub(over);
        if keep >= CUT_AT_LEAST && keep < text_cells(text) {
            parts[least].text = fit(text, keep).into_owned();
        } else {
            parts.remove(least);
        }
    }
}

/// `1 capture`, `8 captures`; with a filter, `2 of 8 captures` (or `2 shown` before the
/// source's size is known).
fn counts(app: &App) -> String {
    let held = app.entries.len();
    let captures = |n: usize| if n == 1 { "capture" } else { "captures" };
    match app.total {
        _ if app.applied_filter.is_empty() => format!("{held} {}", captures(held)),
        Some(total) if total >= held => format!("{held} of {total} {}", captures(total)),
        _ => format!("{held} shown"),
    }
}
