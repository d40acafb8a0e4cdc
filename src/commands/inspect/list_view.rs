//! Drawing the list of captures: which columns fit the screen and how wide each is. Columns
//! come in the order of what a row is for: the index (what every key names), the time of day,
//! the method and the status first; then the path and the content type share the rest (the
//! type first up to a common length, so `application/x-www-form-urlencoded` is not cut to
//! nothing by a long path); the size, the relay mark and the date only when there is room.
//! Every cut ends in `…` and a column is never narrower than its title, so no title is cut.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::app::{App, Entry};
use super::paint::paint;
use crate::output::cells::{fit, text_cells};
use crate::units::format_size;

/// The path's and the type's narrowest: a cut shorter than this says nothing.
const PATH_AT_LEAST: usize = 12;
const TYPE_AT_LEAST: usize = 10;
/// The type's length before the path takes more: most content types fit (`application/json`,
/// `text/plain; charset=utf-8`).
const TYPE_COMMON: usize = 24;
/// How wide the path and the type grow, in turns, before the columns a narrow screen can do
/// without are shown: `application/json` and `/hooks/github` whole.
const SHORT_WHOLE: usize = 16;
/// `13:00:01`, and `11-27 13:00:01` with the date.
const TIME_OF_DAY: usize = 8;
const DATE: usize = 6;
/// `200 ✓`, under `status`.
const STATUS: usize = 6;

/// The columns shown and their widths (0: not shown), for a list `width` cells wide.
#[derive(Debug, Default, PartialEq, Eq)]
struct Columns {
    index: usize,
    time: usize,
    method: usize,
    path: usize,
    status: usize,
    size: usize,
    kind: usize,
    relay: usize,
}

/// The longest of each column's texts among the captures held.
struct Longest {
    index: usize,
    method: usize,
    path: usize,
    size: usize,
    kind: usize,
    relayed: bool,
}

impl Longest {
    fn of(entries: &[Entry]) -> Longest {
        let most = |cells: &dyn Fn(&Entry) -> usize| entries.iter().map(cells).max().unwrap_or(0);
        Longest {
            // A million captures have 7 digits; the mark `●` goes before.
            index: most(&|e| e.row.index.to_string().len()) + 1,
            method: most(&|e| text_cells(&e.row.method)),
            path: most(&|e| text_cells(&e.row.target)),
            size: most(&|e| text_cells(&format_size(e.row.size))),
            kind: most(&|e| text_cells(&e.row.content_type)),
            relayed: entries.iter().any(|e| e.relayed),
        }
    }
}

impl Columns {
    fn fit(width: usize, longest: &Longest) -> Columns {
        let index = longest.index.max(2);
        let mut columns = Columns {
            index: index.min(width),
            ..Columns::default()
        };
        let mut room = width - columns.index;
        // In order of need; the first that does not fit ends it, so the columns that go on a
        // narrower screen are always the same ones.
        let essential = take(&mut room, TIME_OF_DAY, &mut columns.time)
            && take(&mut room, longest.method.clamp(6, 10), &mut columns.method)
            && take(&mut room, STATUS, &mut columns.status)
            && take(
                &mut room,
                PATH_AT_LEAST.min(longest.path.max(4)),
                &mut columns.path,
            )
            && take(
                &mut room,
                TYPE_AT_LEAST.min(longest.kind.max(4)),
                &mut columns.kind,
            );
        // Too narrow for the path's narrowest: what is left still shows its start.
        if columns.path == 0 && columns.status > 0 && room > "path".len() {
            columns.path = room - 1;
            room = 0;
        }
        // The path and the type to short lengths before the columns a narrow screen can do
        // without (size, relay, date): a whole `application/json` says more than `12-06`.
        grow_both(
            &mut room,
            (longest.path.min(SHORT_WHOLE), &mut columns.path),
            (longest.kind.min(SHORT_WHOLE), &mut columns.kind),
        );
        let _ = essential
            && take(&mut room, longest.size.max(4), &mut columns.size)
            && (!longest.relayed || take(&mut room, 5, &mut columns.relay))
            && take(&mut room, DATE, &mut columns.time);
        // What is left widens the type to a common length, the path, then the type to its
        // longest.
        grow(&mut room, longest.kind.min(TYPE_COMMON), &mut columns.kind);
        grow(&mut room, longest.path, &mut columns.path);
        grow(&mut room, longest.kind, &mut columns.kind);
        grow(&mut room, usize::MAX, &mut columns.path);
        columns
    }

    /// Titles and widths of the columns shown, left to right.
    fn shown(&self) -> Vec<(&'static str, usize)> {
        [
            ("#", self.index),
            ("time", self.time),
            ("method", self.method),
            ("path", self.path),
            ("status", self.status),
            ("size", self.size),
            ("type", self.kind),
            ("relay", self.relay),
        ]
        .into_iter()
        .filter(|(_, width)| *width > 0)
        .collect()
    }
}

/// Gives `column` `cells` more from `room` if they fit (and the space before a column not yet
/// shown); false when they do not.
fn take(room: &mut usize, cells: usize, column: &mut usize) -> bool {
    let needed = if *column == 0 { cells + 1 } else { cells };
    if needed > *room {
        return false;
    }
    *room -= needed;
    *column += cells;
    true
}

/// Widens two columns shown towards their cells a cell at a time each in turn, so that a
/// narrow screen cuts both a little rather than one a lot.
fn grow_both(room: &mut usize, first: (usize, &mut usize), second: (usize, &mut usize)) {
    let (first_cells, first) = first;
    let (second_cells, second) = second;
    while *room > 0 {
        let first_wants = *first > 0 && *first < first_cells;
        let second_wants = *second > 0 && *second < second_cells;
        if !first_wants && !second_wants {
            break;
        }
        if first_wants {
            grow(room, *first + 1, first);
        }
        if second_wants {
            grow(room, *second + 1, second);
        }
    }
}

/// Widens a column shown towards `cells`, as far as `room` allows.
fn grow(room: &mut usize, cells: usize, column: &mut usize) {
    if *column > 0 {
        let more = cells.saturating_sub(*column).min(*room);
        *column += more;
        *room -= more;
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let columns = Columns::fit(usize::from(area.width), &Longest::of(&app.entries));
    let shown = columns.shown();
    let widths = shown
        .iter()
        .map(|(_, width)| Constraint::Length(u16::try_from(*width).unwrap_or(u16::MAX)));
    let header = Row::new(shown.iter().map(|(title, _)| *title))
        .style(Style::default().add_modifier(Modifier::BOLD));
    let page = usize::from(area.height.saturating_sub(1));
    let rows = app
        .entries
        .iter()
        .enumerate()
        .skip(app.offset)
        .take(page)
        .map(|(at, entry)| {
            let row = Row::new(cells(app, entry, &columns));
            if at == app.selected {
                row.style(Style::default().add_modifier(Modifier::REVERSED))
            } else {
                row
            }
        });
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, area);
    if app.entries.is_empty() {
        let [_, empty] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let text = if app.applied_filter.is_empty() {
            "No captures yet: they appear here as they are stored."
        } else {
            "No capture passes the filter (/ then Esc clears it)."
        };
        frame.render_widget(Paragraph::new(text), empty);
    }
}

/// The cells of a row, for the columns shown, each cut to its column.
fn cells<'a>(app: &App, entry: &'a Entry, columns: &Columns) -> Vec<Cell<'a>> {
    let row = &entry.row;
    let mut cells = Vec::new();
    let index = if app.marked.contains(&row.index) {
        format!("●{:>width$}", row.index, width = columns.index - 1)
    } else {
        format!("{:>width$}", row.index, width = columns.index)
    };
    cells.push(Cell::from(index));
    if columns.time > 0 {
        // `list` shows the year; here the date goes before the time of day does.
        let time = row.time.get(5..).unwrap_or(&row.time);
        let time = time
            .get(time.len().saturating_sub(columns.time)..)
            .unwrap_or(time);
        cells.push(Cell::from(time.to_string()));
    }
    if columns.method > 0 {
        cells.push(Cell::from(Span::styled(
            fit(&row.method, columns.method).into_owned(),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }
    if columns.path > 0 {
        // The query dimmed after the path, the two cut as one.
        let target = fit(&row.target, columns.path).into_owned();
        let (path, query) = match target.find('?') {
            Some(at) => target.split_at(at),
            None => (target.as_str(), ""),
        };
        cells.push(Cell::from(Line::from(vec![
            Span::raw(path.to_string()),
            Span::styled(
                query.to_string(),
                Style::default().add_modifier(Modifier::DIM),
            ),
        ])));
    }
    if columns.status > 0 {
        let status = row.status.map_or("-".to_string(), |s| s.to_string());
        let style = match row.status {
            Some(s) if s >= 400 => Style::default().fg(Color::Yellow),
            _ => Style::default(),
        };
        let mark = match row.checks {
            Some(true) => Span::styled("✓", paint(app, Style::default().fg(Color::Green))),
            Some(false) => Span::styled("✗", paint(app, Style::default().fg(Color::Red))),
            None => Span::raw(" "),
        };
        cells.push(Cell::from(Line::from(vec![
            Span::styled(format!("{status:<3} "), paint(app, style)),
            mark,
        ])));
    }
    if columns.size > 0 {
        let size = fit(&format_size(row.size), columns.size).into_owned();
        cells.push(Cell::from(format!("{size:>width$}", width = columns.size)));
    }
    if columns.kind > 0 {
        cells.push(Cell::from(
            fit(&row.content_type, columns.kind).into_owned(),
        ));
    }
    if columns.relay > 0 {
        cells.push(Cell::from(if entry.relayed { "relay" } else { "" }));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest() -> Longest {
        Longest {
            index: 2,
            method: 4,
            path: 40,
            size: 11,
            kind: 33,
            relayed: true,
        }
    }

    #[test]
    fn the_index_time_method_and_status_come_first_and_the_date_last() {
        let narrow = Columns::fit(30, &longest());
        assert_eq!((narrow.index, narrow.time, narrow.method), (2, 8, 6));
        assert_eq!(narrow.status, 6);
        assert_eq!((narrow.kind, narrow.size), (0, 0));
        let sixty = Columns::fit(60, &longest());
        assert_eq!(sixty.time, TIME_OF_DAY, "the time of day, without the date");
        assert!(sixty.path >= PATH_AT_LEAST && sixty.kind >= TYPE_AT_LEAST);
        let wide = Columns::fit(140, &longest());
        assert_eq!(wide.time, TIME_OF_DAY + DATE);
        assert!(wide.kind == 33 && wide.path >= 40, "both whole: {wide:?}");
        let total: usize = wide.shown().iter().map(|(_, w)| w + 1).sum::<usize>() - 1;
        assert_eq!(total, 140);
    }

    #[test]
    fn the_type_reaches_a_common_length_before_the_path_grows() {
        let columns = Columns::fit(100, &longest());
        assert_eq!(columns.kind, TYPE_COMMON);
        assert!(columns.path < 40);
    }

    #[test]
    fn a_short_path_and_type_show_whole_before_the_size_and_the_date() {
        let short = Longest {
            path: 13,
            kind: 16,
            relayed: false,
            ..longest()
        };
        for width in [60, 70] {
            let columns = Columns::fit(width, &short);
            assert!(
                columns.path >= 13 && columns.kind == 16,
                "{width}: {columns:?}"
            );
            assert_eq!(columns.time, TIME_OF_DAY, "{width}: the date goes first");
        }
        assert_eq!(Columns::fit(60, &short).size, 0, "the size before the path");
    }

    #[test]
    fn no_title_is_cut() {
        for width in 1..160 {
            for (title, cells) in Columns::fit(width, &longest()).shown() {
                assert!(cells >= title.len(), "{title} in {cells} at {width}");
            }
        }
    }
}
