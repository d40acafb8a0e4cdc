//! The one-line prompt at the bottom of the inspector, drawn where the filter line is: the URL
//! that `r` and `e` send to when `--to` was not given, the file `s` saves a body to, the HAR
//! file `x` writes. One type for the three, so they type, erase, accept and cancel alike; what
//! an accepted answer does is the run loop's (it parses a URL, writes a file), and when that
//! fails the prompt stays open with the text typed and why beside it.
//!
//! The text is edited as a shell's line is (a URL typed with a wrong port is fixed, not typed
//! again): a cursor that Left, Right, Home and End move, Backspace and Delete on either side of
//! it, Ctrl-U erasing all before it and Ctrl-W the word before it. The terminal's own cursor
//! is put there ([`Prompt::place_cursor`]).

use ratatui::layout::Position;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// What a prompt asks for, and so what its answer is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The URL to send to, then replay (`r`), edit and send (`e`), or nothing more (`t`).
    SendTo(Then),
    /// The file to save the selected capture's body to (`s`).
    SaveBody,
    /// The HAR file to write the marked captures (else the selected one) to (`x`).
    WriteHar,
}

/// A key that edits a line rather than typing into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKey {
    Left,
    Right,
    Home,
    End,
    /// Delete: the character under the cursor.
    Delete,
    /// Ctrl-U: everything before the cursor.
    EraseToStart,
    /// Ctrl-W: the word before the cursor.
    EraseWord,
}

/// What goes on once the URL to send to is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Replay,
    Edit,
    /// `t`: only where later ones go changes.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: Purpose,
    /// What is typed (prefilled with a default the user may accept or change).
    pub text: String,
    /// Where keys type and erase: a byte offset into `text`, on a character's boundary. At the
    /// end when the prompt opens; a `text` set from outside puts it back there.
    cursor: usize,
    /// Why the last answer was not taken, shown beside the text until the next key.
    pub error: Option<String>,
    /// Enter was pressed: the run loop takes the answer, then closes the prompt or sets `error`.
    pub submitted: bool,
}

impl Prompt {
    pub fn new(purpose: Purpose, default: impl Into<String>) -> Prompt {
        Prompt {
            purpose,
            text: default.into(),
            cursor: usize::MAX,
            error: None,
            submitted: false,
        }
    }

    /// The question, drawn before the text.
    pub fn label(&self) -> &'static str {
        match self.purpose {
            Purpose::SendTo(_) => "Send to URL: ",
            Purpose::SaveBody => "Save the body to: ",
            Purpose::WriteHar => "Write HAR to: ",
        }
    }

    /// The cursor's offset, within the text (the end when the text was replaced under it).
    pub fn cursor(&self) -> usize {
        if self.cursor <= self.text.len() && self.text.is_char_boundary(self.cursor) {
            self.cursor
        } else {
            self.text.len()
        }
    }

    pub fn type_char(&mut self, c: char) {
        let at = self.cursor();
        self.text.insert(at, c);
        self.cursor = at + c.len_utf8();
        self.error = None;
    }

    /// Backspace: the character before the cursor.
    pub fn erase(&mut self) {
        let at = self.cursor();
        let from = previous_boundary(&self.text, at);
        self.text.replace_range(from..at, "");
        self.cursor = from;
        self.error = None;
    }

    pub fn edit(&mut self, key: LineKey) {
        let at = self.cursor();
        self.cursor = match key {
            LineKey::Left => previous_boundary(&self.text, at),
            LineKey::Right => next_boundary(&self.text, at),
            LineKey::Home => 0,
            LineKey::End => self.text.len(),
            LineKey::Delete => {
                let to = next_boundary(&self.text, at);
                self.text.replace_range(at..to, "");
                at
            }
            LineKey::EraseToStart => {
                self.text.replace_range(..at, "");
                0
            }
            LineKey::EraseWord => {
                let from = word_start(&self.text, at);
                self.text.replace_range(from..at, "");
                from
            }
        };
        self.error = None;
    }

    /// Puts the terminal's cursor on the prompt's, on the bottom line where the prompt is
    /// drawn after its label, so that one sees where a key will type.
    pub fn place_cursor(&self, frame: &mut Frame) {
        let area = frame.area();
        let before = self.label().width() + self.text[..self.cursor()].width();
        let x = u16::try_from(before).unwrap_or(u16::MAX);
        let x = x.min(area.width.saturating_sub(1));
        let y = area.bottom().saturating_sub(1);
        frame.set_cursor_position(Position::new(area.x + x, y));
    }

    /// The answer was refused: the prompt stays open with the text, saying why.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
        self.submitted = false;
    }
}

fn previous_boundary(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn next_boundary(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Where the word before `at` starts, for Ctrl-W: back over separators, then over the word.
/// A `/` separates as a space does (readline's `unix-filename-rubout`): the prompts hold URLs
/// and paths, where a word is a path's part, not the whole line.
pub fn word_start(text: &str, at: usize) -> usize {
    let separator = |c: char| c.is_whitespace() || c == '/';
    let before = &text[..at];
    let word_end = before.trim_end_matches(separator).len();
    before[..word_end]
        .char_indices()
        .rev()
        .find(|(_, c)| separator(*c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The path typed, with a leading `~/` as the shell would read it (the home folder).
pub fn path_of(text: &str) -> std::path::PathBuf {
    let text = text.trim();
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_clears_a_refusal_and_erase_takes_the_last_character() {
        let mut prompt = Prompt::new(Purpose::WriteHar, "captures.har");
        prompt.submitted = true;
        prompt.refuse("captures.har exists".into());
        assert!(!prompt.submitted);
        prompt.erase();
        assert_eq!(
            (prompt.text.as_str(), prompt.error.as_ref()),
            ("captures.ha", None)
        );
        prompt.type_char('r');
        assert_eq!(prompt.text, "captures.har");
    }

    #[test]
    fn the_cursor_moves_and_keys_type_and_erase_where_it_is() {
        let mut prompt = Prompt::new(Purpose::SendTo(Then::Replay), "http://127.0.0.1:1/x");
        assert_eq!(prompt.cursor(), prompt.text.len(), "at the end when opened");
        for _ in 0.."/x".len() {
            prompt.edit(LineKey::Left);
        }
        prompt.erase();
        prompt.type_char('9');
        assert_eq!(prompt.text, "http://127.0.0.1:9/x");
        prompt.edit(LineKey::Home);
        prompt.edit(LineKey::Delete);
        prompt.type_char('H');
        assert_eq!(prompt.text, "Http://127.0.0.1:9/x");
        prompt.edit(LineKey::End);
        prompt.edit(LineKey::Right);
        prompt.type_char('y');
        assert_eq!(prompt.text, "Http://127.0.0.1:9/xy");
        // Characters of several bytes are one step.
        let mut prompt = Prompt::new(Purpose::SaveBody, "café");
        prompt.edit(LineKey::Left);
        prompt.edit(LineKey::Delete);
        assert_eq!(prompt.text, "caf");
        prompt.erase();
        assert_eq!((prompt.text.as_str(), prompt.cursor()), ("ca", 2));
    }

    #[test]
    fn ctrl_u_erases_before_the_cursor_and_ctrl_w_the_word_before() {
        let mut prompt = Prompt::new(Purpose::SendTo(Then::Replay), "http://h:1/hooks/x");
        prompt.edit(LineKey::EraseWord);
        assert_eq!(prompt.text, "http://h:1/hooks/");
        prompt.edit(LineKey::EraseWord);
        assert_eq!(prompt.text, "http://h:1/");
        prompt.edit(LineKey::Left);
        prompt.edit(LineKey::EraseToStart);
        assert_eq!((prompt.text.as_str(), prompt.cursor()), ("/", 0));
        prompt.edit(LineKey::EraseToStart);
        prompt.edit(LineKey::EraseWord);
        assert_eq!(prompt.text, "/", "nothing before the cursor to erase");
        assert_eq!(word_start("a b  ", 5), 2);
        assert_eq!(word_start("word", 4), 0);
    }

    #[test]
    fn a_cursor_past_a_text_set_from_outside_is_at_its_end() {
        let mut prompt = Prompt::new(Purpose::WriteHar, "captures.har");
        prompt.edit(LineKey::Home);
        prompt.text = "a.har".into();
        prompt.type_char('x');
        assert_eq!(
            prompt.text, "xa.har",
            "a shorter text keeps a cursor within it"
        );
        prompt.text = "é".into();
        prompt.edit(LineKey::Right);
        prompt.type_char('!');
        assert_eq!(prompt.text, "é!");
    }

    #[test]
    fn a_home_path_is_read_as_the_shell_reads_it() {
        assert_eq!(path_of(" out.json "), std::path::PathBuf::from("out.json"));
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(
                path_of("~/a.har"),
                std::path::Path::new(&home).join("a.har")
            );
        }
    }
}
