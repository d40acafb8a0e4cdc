//! The one-line prompt at the bottom of the inspector, drawn where the filter line is: the URL
//! that `r` and `e` send to when `--to` was not given, the file `s` saves a body to, the HAR
//! file `x` writes. One type for the three, so they type, erase, accept and cancel alike; what
//! an accepted answer does is the run loop's (it parses a URL, writes a file), and when that
//! fails the prompt stays open with the text typed and why beside it.

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

    pub fn type_char(&mut self, c: char) {
        self.text.push(c);
        self.error = None;
    }

    pub fn erase(&mut self) {
        self.text.pop();
        self.error = None;
    }

    /// The answer was refused: the prompt stays open with the text, saying why.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
        self.submitted = false;
    }
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
