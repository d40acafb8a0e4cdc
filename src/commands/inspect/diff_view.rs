//! Drawing the diff screen: the two marked captures in two columns (the first on the left, the
//! second on the right, each titled with its index, method and path), the rows of
//! [`super::diff`] under the titles, and above them, when both bodies are JSON, how many values
//! changed, were added and were removed and at which paths. Each column is half the width and
//! its lines are cut with `…`; the markers (`-` removed, `+` added, `~` changed) say what the
//! colors say, so the screen reads the same without colors.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::app::{App, Entry};
use super::diff::{Comparison, Piece, Row, RowKind};
use super::json_diff::{self, PathChange};
use crate::output::cells::{char_cells, fit, text_cells, TAB_CELLS};

/// The JSON paths listed above the columns at most; the rest are counted on one line.
const PATHS_AT_MOST: usize = 50;

/// Draws the diff of the two marked captures; returns how many lines scroll under the titles.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, scroll: u16) -> usize {
    let (Some((first, second)), Some(comparison)) = (app.marked_pair(), &app.comparison) else {
        return 0;
    };
    let look = Look {
        color: app.color,
        column: usize::from(area.width.saturating_sub(1) / 2),
    };
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(look.titles(first, second), title);
    let lines = look.lines(comparison, usize::from(area.width));
    let count = lines.len();
    let last = u16::try_from(count.saturating_sub(1)).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(last), 0)), body);
    count
}

/// How the screen is drawn: with colors or not, and each column's width.
struct Look {
    color: bool,
    column: usize,
}

impl Look {
    fn paint(&self, style: Style) -> Style {
        super::paint::painted(self.color, style)
    }

    fn titles(&self, first: &Entry, second: &Entry) -> Line<'static> {
        let title = |entry: &Entry| {
            let record = &entry.capture.record;
            format!(
                "#{} {} {}",
                entry.capture.index,
                record.method,
                record.target()
            )
        };
        let bold = self.paint(Style::default().add_modifier(Modifier::BOLD));
        let mut spans = self.cell(' ', &[text_piece(title(first))], bold, bold);
        spans.push(self.separator());
        spans.extend(self.cell(' ', &[text_piece(title(second))], bold, bold));
        Line::from(spans)
    }

    /// The JSON summary (when there is one) and the rows, as the lines that scroll.
    fn lines(&self, comparison: &Comparison, width: usize) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(changes) = &comparison.json {
            lines.extend(self.summary(changes, width));
        }
        lines.extend(comparison.rows.iter().map(|row| self.row(row)));
        lines
    }

    /// `JSON body: 1 changed, 1 added, 0 removed`, a line per path, and a rule under them.
    fn summary(&self, changes: &[PathChange], width: usize) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled(
            format!("JSON body: {}", json_diff::counts(changes)),
            self.paint(Style::default().add_modifier(Modifier::BOLD)),
        )];
        for change in changes.iter().take(PATHS_AT_MOST) {
            let (marker, text) = json_diff::describe(change);
            let line = fit(&format!("{marker} {text}"), width).into_owned();
            lines.push(Line::styled(line, self.paint(marker_style(marker))));
        }
        if changes.len() > PATHS_AT_MOST {
            lines.push(Line::raw(format!(
                "  … and {} more paths",
                changes.len() - PATHS_AT_MOST
            )));
        }
        lines.push(Line::styled(
            "─".repeat(width),
            self.paint(Style::default().fg(Color::DarkGray)),
        ));
        lines
    }

    fn row(&self, row: &Row) -> Line<'static> {
        let (left_marker, right_marker) = match row.kind {
            RowKind::Same => (' ', ' '),
            RowKind::Removed => ('-', ' '),
            RowKind::Added => (' ', '+'),
            RowKind::Changed => ('~', '~'),
        };
        let side = |marker: char, pieces: &Option<Vec<Piece>>, color: Color| {
            let (line, word) = match (row.kind, pieces) {
                // A side with no line (beside an added or removed one) is left blank.
                (RowKind::Same, _) | (_, None) => (Style::default(), Style::default()),
                _ => (
                    self.paint(Style::default().fg(color)),
                    self.paint(Style::default().fg(color).add_modifier(Modifier::REVERSED)),
                ),
            };
            self.cell(marker, pieces.as_deref().unwrap_or_default(), line, word)
        };
        let mut spans = side(left_marker, &row.left, Color::Red);
        spans.push(self.separator());
        spans.extend(side(right_marker, &row.right, Color::Green));
        Line::from(spans)
    }

    fn separator(&self) -> Span<'static> {
        Span::styled("│", self.paint(Style::default().fg(Color::DarkGray)))
    }

    /// A column's cell: the marker, a space, and the pieces cut to the column (`…` where cut)
    /// and padded to it, the pieces that differ in `word`'s style, the rest in `line`'s.
    fn cell(&self, marker: char, pieces: &[Piece], line: Style, word: Style) -> Vec<Span<'static>> {
        let mut spans = vec![Span::styled(format!("{marker} "), line)];
        let room = self.column.saturating_sub(2);
        let total: usize = pieces.iter().map(|p| text_cells(&p.text)).sum();
        // Cut, the last cell is the `…`.
        let limit = if total > room {
            room.saturating_sub(1)
        } else {
            room
        };
        let mut used = 0;
        for piece in pieces {
            let style = if piece.differs { word } else { line };
            let mut text = String::new();
            let mut cut = false;
            for c in piece.text.chars() {
                let cells = char_cells(c);
                if used + cells > limit {
                    cut = true;
                    break;
                }
                match c {
                    '\t' => text.push_str(&" ".repeat(TAB_CELLS)),
                    c => text.push(c),
                }
                used += cells;
            }
            if cut && room > 0 {
                text.push('…');
                used += 1;
            }
            spans.push(Span::styled(text, style));
            if cut {
                break;
            }
        }
        if used < room {
            spans.push(Span::raw(" ".repeat(room - used)));
        }
        spans
    }
}

fn text_piece(text: String) -> Piece {
    Piece {
        text,
        differs: false,
    }
}

fn marker_style(marker: char) -> Style {
    match marker {
        '-' => Style::default().fg(Color::Red),
        '+' => Style::default().fg(Color::Green),
        _ => Style::default().fg(Color::Yellow),
    }
}
