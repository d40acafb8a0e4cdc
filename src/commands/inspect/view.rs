//! Drawing the inspector: a header line, the list of captures or a capture's detail, and a
//! status line, with the `?` help over them. It only reads the state ([`super::app::App`]).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};
use ratatui::Frame;

use super::app::{App, Screen, Tab};
use super::paint::paint;
use crate::output::cells::{fit, text_cells};

/// Draws the screen; returns how many lines the detail, the diff or the open help holds (0 on
/// the list), for the state to bound their scrolling.
pub fn draw(frame: &mut Frame, app: &App) -> usize {
    let [header, main, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        super::header_view::header_line(app, usize::from(header.width)),
        header,
    );
    let lines = match app.screen {
        Screen::List => match &app.result {
            Some(pane) => {
                let [list, result] = Layout::vertical([
                    Constraint::Min(1),
                    Constraint::Length(result_rows(main.height)),
                ])
                .areas(main);
                super::list_view::draw(frame, app, list);
                super::result_view::draw_pane(frame, pane, result);
                0
            }
            None => {
                super::list_view::draw(frame, app, main);
                0
            }
        },
        Screen::Detail { tab, scroll } => draw_detail(frame, app, main, tab, scroll),
        Screen::Diff { scroll } => super::diff_view::draw(frame, app, main, scroll),
        Screen::Answer { scroll } => match &app.result {
            Some(pane) => super::result_view::draw_whole(frame, pane, main, scroll),
            None => 0,
        },
    };
    frame.render_widget(status_line(app, usize::from(status.width)), status);
    if app.help {
        // The help is what scrolls while it is open.
        return super::help_view::draw(frame, app, frame.area());
    }
    lines
}

/// How many rows the list has on a screen `height` rows high (the run loop's page size).
pub fn page_rows(app: &App, height: u16) -> usize {
    let main = height.saturating_sub(2);
    let result = if app.result.is_some() && app.screen == Screen::List {
        result_rows(main)
    } else {
        0
    };
    usize::from(main.saturating_sub(result).saturating_sub(1))
}

/// The replay's answer pane takes two fifths of the main area.
fn result_rows(main: u16) -> u16 {
    (main * 2 / 5).max(3)
}

/// The bottom line: the prompt or the filter being typed, else the status, else the keys of the
/// screen shown. What does not fit ends in `…`, so a cut message is seen to be cut.
fn status_line(app: &App, width: usize) -> Line<'static> {
    let warned = |text: &str, used: usize| {
        Span::styled(
            fit(text, width.saturating_sub(used)).into_owned(),
            paint(app, Style::default().fg(Color::Yellow)),
        )
    };
    if let Some(prompt) = &app.prompt {
        let label = prompt.label();
        let typed = text_cells(label) + text_cells(&prompt.text) + 1;
        let mut line = vec![
            Span::styled(label, paint(app, Style::default().fg(Color::Cyan))),
            // The terminal's own cursor shows where typing goes (placed by `inspect::draw`).
            Span::raw(prompt.text.clone()),
            Span::raw(" "),
        ];
        if let Some(why) = &prompt.error {
            line.push(warned(&format!("  {why}"), typed));
        }
        return Line::from(line);
    }
    if app.editing_filter {
        let typed = format!("/{}", app.filter);
        let used = text_cells(&typed) + 1;
        let mut line = vec![Span::raw(typed), Span::raw("▏")];
        if let Some(why) = app.filter_error.as_ref().or(app.status.as_ref()) {
            line.push(warned(&format!("  {why}"), used));
        }
        return Line::from(line);
    }
    match &app.status {
        Some(text) => Line::from(warned(text, 0)),
        None => Line::from(Span::styled(
            fit(keys_of(app.screen), width).into_owned(),
            Style::default().add_modifier(Modifier::DIM),
        )),
    }
}

/// The keys most wanted on a screen, for its bottom line.
fn keys_of(screen: Screen) -> &'static str {
    match screen {
        Screen::List => "? keys  Enter detail  / filter  r replay  e edit  q quit",
        Screen::Detail { .. } => "? keys  Tab next tab  j/k scroll  a whole bodies  Esc back",
        Screen::Diff { .. } => "? keys  j/k scroll  Esc back",
        Screen::Answer { .. } => "? keys  j/k scroll  Esc back",
    }
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect, tab: Tab, scroll: u16) -> usize {
    let Some(entry) = app.selected_entry() else {
        return 0;
    };
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let selected = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
    let tabs = Tabs::new(Tab::ALL.iter().map(|t| t.title()))
        .select(selected)
        .highlight_style(Style::default().add_modifier(Modifier::REVERSED));
    frame.render_widget(tabs, tabs_area);
    let text = super::detail::tab_text(
        entry,
        tab,
        &app.redaction,
        usize::from(body.width),
        app.whole_bodies,
    );
    // Long lines (a header's value, a record's JSON line) wrap rather than end unseen at the
    // pane's edge; the lines counted are the wrapped ones, which scroll.
    let paragraph = Paragraph::new(super::ansi::lines(&text)).wrap(Wrap { trim: false });
    let count = paragraph.line_count(body.width);
    let last = u16::try_from(count.saturating_sub(1)).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((scroll.min(last), 0)), body);
    count
}
