//! Drawing a replay's answer: in its pane under the list, cut to the pane's height with a last
//! line that says how much is not shown (a 100 KB answer would otherwise end unseen after its
//! headers), and whole on the full screen (`v`), where it scrolls as the detail does.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::app::ResultPane;

/// The pane under the list: its title, and as many of the answer's lines as fit, the last
/// row saying how many more there are when they do not all fit.
pub fn draw_pane(frame: &mut Frame, pane: &ResultPane, area: Rect) {
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} (Esc closes) ", pane.title));
    let rows = usize::from(area.height.saturating_sub(1));
    let mut lines = super::ansi::lines(&pane.text);
    if lines.len() > rows && rows > 0 {
        let hidden = lines.len() - (rows - 1);
        lines.truncate(rows - 1);
        lines.push(Line::from(Span::styled(
            format!("… {} (v shows them all)", more_lines(hidden)),
            Style::default().add_modifier(Modifier::DIM),
        )));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn more_lines(count: usize) -> String {
    crate::units::plural(count as u64, "more line", "more lines")
}

/// The answer whole on `area`, its long lines wrapped, scrolled down by `scroll` lines;
/// returns how many lines it holds, for the state to bound the scrolling.
pub fn draw_whole(frame: &mut Frame, pane: &ResultPane, area: Rect, scroll: u16) -> usize {
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} (j/k PgUp/PgDn scroll, Esc back) ", pane.title));
    let paragraph = Paragraph::new(super::ansi::lines(&pane.text)).wrap(Wrap { trim: false });
    let count = paragraph.line_count(area.width);
    let last = u16::try_from(count.saturating_sub(1)).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.block(block).scroll((scroll.min(last), 0)), area);
    count
}
