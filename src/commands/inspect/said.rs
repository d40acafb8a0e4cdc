//! How the inspector says an error on its one status line (or beside a prompt's text): the
//! error and its causes on one line, without the ` (os error 2)` that Rust's I/O errors end
//! with, which tells a user nothing the words before it have not said
//! (`cannot create /tmp/nope/a.har: No such file or directory`). Every error the inspector
//! shows goes through [`plainly`], so they all read alike.

use std::fmt::Display;

/// The error and its causes (`{:#}`, as anyhow joins them) on one line, in plain words.
pub fn plainly(error: impl Display) -> String {
    crate::exit::without_os_codes(&format!("{error:#}")).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_is_said_without_its_os_error_code_on_one_line() {
        let missing = std::fs::File::open("/nonexistent-hookcli/a.har")
            .map_err(anyhow::Error::from)
            .map_err(|e| e.context("cannot create /nonexistent-hookcli/a.har"))
            .unwrap_err();
        assert_eq!(
            plainly(&missing),
            "cannot create /nonexistent-hookcli/a.har: No such file or directory"
        );
        assert_eq!(plainly("two\nlines"), "two lines");
        assert_eq!(plainly("a (os error x) b"), "a (os error x) b");
    }
}
