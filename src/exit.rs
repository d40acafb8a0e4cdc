//! The exit code table, a contract documented in README.md, and the error that carries one.
//!
//! Code that must end the process with a particular code returns a [`Failure`]; any other
//! error that reaches `main` is an I/O or network failure.

use std::fmt;
use std::process::ExitCode;

/// Everything went as asked.
pub const SUCCESS: u8 = 0;
/// A check failed: an expected count not reached, an unexpected status, a signature that did not verify.
pub const CHECK_FAILED: u8 = 1;
/// The command line or the input was invalid.
pub const USAGE: u8 = 2;
/// A network or I/O operation failed.
pub const IO: u8 = 3;

/// An error that decides the exit code. Its message is one line, shown as `hookcli: error: MESSAGE`.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: USAGE,
            message: message.into(),
        }
    }
    pub fn check(message: impl Into<String>) -> Self {
        Failure {
            code: CHECK_FAILED,
            message: message.into(),
        }
    }
    pub fn io(message: impl Into<String>) -> Self {
        Failure {
            code: IO,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// How an error ends the process: its code, and the one line to print (None for a closed stdout,
/// which ends quietly as ripgrep does for `hookcli list | head`).
pub fn classify(error: &anyhow::Error) -> (ExitCode, Option<String>) {
    for cause in error.chain() {
        let broken_pipe = cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe));
        if broken_pipe {
            return (ExitCode::from(SUCCESS), None);
        }
    }
    let code = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Failure>().map(|f| f.code))
        .unwrap_or(IO);
    // anyhow's "{:#}" joins the context chain with ": " on one line.
    (
        ExitCode::from(code),
        Some(without_os_codes(&format!("{error:#}"))),
    )
}

/// The text without the ` (os error 111)` that Rust's I/O errors end with: it tells a user nothing
/// the words before it (`Connection refused`) have not said. Every error hookcli says, on stderr,
/// in a warning, in an answer's body or on the inspector's status line, goes through here.
pub fn without_os_codes(text: &str) -> String {
    const CODE: &str = " (os error ";
    let mut said = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(CODE) {
        said.push_str(&rest[..at]);
        let after = &rest[at + CODE.len()..];
        match after.find(')') {
            Some(end)
                if end > 0
                    && after[..end]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'-') =>
            {
                rest = &after[end + 1..];
            }
            // Not the code Rust appends: kept as written.
            _ => {
                said.push_str(CODE);
                rest = after;
            }
        }
    }
    said.push_str(rest);
    said
}

/// An I/O error in plain words (for messages that hold one).
pub fn plain_io(error: &std::io::Error) -> String {
    without_os_codes(&error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_error_code_is_left_out_and_other_parentheses_kept() {
        assert_eq!(
            without_os_codes("cannot create /a/b: No such file or directory (os error 2)"),
            "cannot create /a/b: No such file or directory"
        );
        assert_eq!(without_os_codes("a (os error 1) b (os error 2)"), "a b");
        assert_eq!(without_os_codes("a (os error x) b"), "a (os error x) b");
        assert_eq!(without_os_codes("a (os error ) b"), "a (os error ) b");
        assert_eq!(without_os_codes("plain"), "plain");
    }
}
