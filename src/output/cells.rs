//! How many terminal cells a text takes, and cutting a text to a number of cells with `…`:
//! one rule for every column and line that is cut (the inspector's list, help and diff, and
//! `list`'s table), so a cut always shows, and a wide character or a tab is counted as it is
//! drawn.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Cells a tab takes (the terminal's own tab stops do not line up with a column).
pub const TAB_CELLS: usize = 4;

/// The cells a character takes.
pub fn char_cells(c: char) -> usize {
    match c {
        '\t' => TAB_CELLS,
        c => c.width().unwrap_or(0),
    }
}

pub fn text_cells(text: &str) -> usize {
    text.chars().map(char_cells).sum()
}

/// The text cut to `width` cells, its last cell a `…` where it was cut; the text itself,
/// without a copy, when it fits (`list` cuts three cells of every row).
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if text_cells(text) <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cells = char_cells(c);
        if used + cells > width.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += cells;
    }
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(fit("application/json", 16), "application/json");
        assert_eq!(fit("application/json", 8), "applica…");
        assert_eq!(fit("✓✓✓", 4), "✓✓✓");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 0), "");
    }
}
