//! The printer's colored text (SGR escapes written by `colored`) as ratatui lines, so the
//! detail shows a capture with the same colors as `show` and `listen` without a second set of
//! renderers. Only the escapes `colored` writes are read; any other is dropped.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// The lines of `text`, styled by its escapes.
pub fn lines(text: &str) -> Vec<Line<'static>> {
    let mut style = Style::default();
    text.lines()
        .map(|line| {
            let mut spans = Vec::new();
            let mut rest = line;
            while let Some(start) = rest.find('\u{1b}') {
                if start > 0 {
                    spans.push(Span::styled(rest[..start].to_string(), style));
                }
                let after = &rest[start + 1..];
                let Some(end) = after.find('m').filter(|_| after.starts_with('[')) else {
                    rest = after;
                    continue;
                };
                style = styled(style, &after[1..end]);
                rest = &after[end + 1..];
            }
            if !rest.is_empty() {
                spans.push(Span::styled(rest.to_string(), style));
            }
            Line::from(spans)
        })
        .collect()
}

/// The text without its escapes.
pub fn strip(text: &str) -> String {
    lines(text)
        .iter()
        .map(|line| {
            line.spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `style` changed by one escape's parameters (`1;31`).
fn styled(mut style: Style, parameters: &str) -> Style {
    let mut codes = parameters.split(';').map(|p| p.parse::<u8>().unwrap_or(0));
    while let Some(code) = codes.next() {
        style = match code {
            0 => Style::default(),
            1 => style.add_modifier(Modifier::BOLD),
            2 => style.add_modifier(Modifier::DIM),
            3 => style.add_modifier(Modifier::ITALIC),
            4 => style.add_modifier(Modifier::UNDERLINED),
            30..=37 => style.fg(Color::Indexed(code - 30)),
            90..=97 => style.fg(Color::Indexed(code - 90 + 8)),
            39 => style.fg(Color::Reset),
            38 => match (codes.next(), codes.next()) {
                (Some(5), Some(index)) => style.fg(Color::Indexed(index)),
                (Some(2), Some(r)) => {
                    let g = codes.next().unwrap_or(0);
                    let b = codes.next().unwrap_or(0);
                    style.fg(Color::Rgb(r, g, b))
                }
                _ => style,
            },
            _ => style,
        };
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_styles_and_leave_the_text() {
        let lines = lines("a\u{1b}[1;31mred\u{1b}[0m b\nplain");
        assert_eq!(lines.len(), 2);
        let spans = &lines[0].spans;
        assert_eq!(spans[0].content, "a");
        assert_eq!(spans[1].content, "red");
        assert_eq!(
            spans[1].style,
            Style::default()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Indexed(1))
        );
        assert_eq!(spans[2].content, " b");
        assert_eq!(spans[2].style, Style::default());
        assert_eq!(lines[1].spans[0].content, "plain");
    }
}
