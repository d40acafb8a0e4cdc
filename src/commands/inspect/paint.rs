//! The one rule for the inspector's own colors: a style as asked, or none when colors are off
//! (`NO_COLOR`, `--color never`), decided once at start and read from the state. Shared by
//! every part that draws, so none of them can forget it.

use ratatui::style::Style;

use super::app::App;

/// A style, or none when colors are off.
pub fn paint(app: &App, style: Style) -> Style {
    painted(app.color, style)
}

/// [`paint`] for a part that keeps only whether colors are on.
pub fn painted(color: bool, style: Style) -> Style {
    if color {
        style
    } else {
        Style::default()
    }
}
