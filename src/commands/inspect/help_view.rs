//! Drawing the `?` help: the key table ([`super::keys::BINDINGS`]) in a box over the screen,
//! each line cut with `…` to the box, and scrolled with j/k when the screen is too short for
//! every line, its title saying which lines are shown so none is missed unseen.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::App;
use super::keys::BINDINGS;
use super::paint::paint;
use crate::output::cells::{fit, text_cells};

/// The box's widest: the longest line and its border.
const WIDTH_AT_MOST: u16 = 96;
/// The column of the keys' names.
const LABEL_CELLS: usize = 10;

/// Draws the help over `area`; returns how many lines it holds, for its scrolling.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let width = WIDTH_AT_MOST.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let lines: Vec<Line> = BINDINGS
        .iter()
        .map(|binding| {
            let label = fit(&format!("{:<LABEL_CELLS$}", binding.label), inner).into_owned();
            let what = fit(binding.what, inner.saturating_sub(text_cells(&label))).into_owned();
            Line::from(vec![
                Span::styled(label, paint(app, Style::default().fg(Color::Cyan))),
                Span::raw(what),
            ])
        })
        .collect();
    let count = lines.len();
    let height = u16::try_from(count + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let shown = usize::from(height.saturating_sub(2));
    let scroll = usize::from(app.help_scroll).min(count.saturating_sub(shown));
    let title = if shown < count {
        format!(
            " keys {}-{} of {count}: j k scroll, any other key closes ",
            scroll + 1,
            (scroll + shown).min(count)
        )
    } else {
        " keys (any key closes) ".to_string()
    };
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(fit(&title, inner).into_owned());
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
    count
}
