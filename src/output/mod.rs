//! The printer: the only code that writes to the terminal. Commands hand it values; it decides
//! once, at start-up, whether colors are on and how wide the terminal is.
//!
//! Standard output carries the results (capture blocks, JSON lines, tables, raw bodies) so that it
//! stays clean for pipes; standard error carries everything else (status lines, warnings, summaries),
//! except while a full-screen inspector covers the terminal (`listen --inspect`): then status
//! lines and warnings are diverted to its status line, since a line on standard error would be
//! drawn over its screen.

pub mod capture_block;
pub mod cells;
pub mod exchange;
pub mod message;
pub mod progress;
pub mod redact;
pub mod table;

use std::io::{self, IsTerminal, Write};
use std::sync::{mpsc, Mutex};

use crate::cli::ColorChoice;

pub struct Printer {
    pub color: bool,
    pub width: usize,
    /// Standard output is a terminal: binary bytes are shown as hex there, written as they are
    /// elsewhere.
    pub terminal: bool,
    /// How header values are masked in printed blocks.
    pub redaction: redact::Redaction,
    /// Where status lines and warnings go instead of standard error while the inspector's
    /// screen is up (see [`Printer::divert_messages`]).
    diverted: Mutex<Option<mpsc::Sender<String>>>,
}

impl Printer {
    /// Decides colors and width once: colors for `always`, or for `auto` when standard output is
    /// a terminal and `NO_COLOR` is unset or empty.
    pub fn new(choice: ColorChoice, show_secrets: bool) -> Printer {
        let stdout_is_terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        colored::control::set_override(color);
        let width = if stdout_is_terminal {
            crossterm::terminal::size()
                .map(|(columns, _)| columns as usize)
                .unwrap_or(80)
        } else {
            80
        };
        Printer {
            color,
            width: width.clamp(40, 200),
            terminal: stdout_is_terminal,
            redaction: redact::Redaction::new(show_secrets),
            diverted: Mutex::new(None),
        }
    }

    /// Writes text to standard output in one write, ending it with a newline.
    pub fn out(&self, text: &str) -> io::Result<()> {
        let mut buffer = Vec::with_capacity(text.len() + 1);
        buffer.extend_from_slice(text.as_bytes());
        buffer.push(b'\n');
        self.out_bytes(&buffer)
    }

    /// Writes bytes to standard output exactly as given. A failure says it was standard output
    /// that could not be written (its kind kept: a closed pipe still ends quietly).
    pub fn out_bytes(&self, bytes: &[u8]) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(stdout_failure)
    }

    /// A writer that gathers lines for standard output into large writes.
    pub fn batched(&self) -> Batched<'_> {
        Batched {
            printer: self,
            buffer: Vec::with_capacity(64 * 1024),
            last_flush: std::time::Instant::now(),
        }
    }

    /// A status line on standard error (the start-up line, a summary).
    pub fn status(&self, text: &str) {
        self.message(text.to_string());
    }

    /// A warning on standard error: something was skipped or refused, and work goes on.
    pub fn warn(&self, text: &str) {
        let text = crate::exit::without_os_codes(text);
        self.message(format!("hookcli: warning: {text}"));
    }

    /// A line for standard error, unless a screen takes it.
    fn message(&self, line: String) {
        if let Err(mpsc::SendError(line)) = self.send_to_screen(line) {
            let _ = writeln!(io::stderr().lock(), "{line}");
        }
    }

    /// From now on, status lines and warnings are sent to `screen` (each line as standard
    /// error would have had it) rather than written to standard error.
    pub fn divert_messages(&self, screen: mpsc::Sender<String>) {
        *lock(&self.diverted) = Some(screen);
    }

    /// Status lines and warnings go to standard error again (the screen was given back).
    pub fn end_diversion(&self) {
        lock(&self.diverted).take();
    }

    /// Sends `line` to the screen diverting messages; gives it back when none does, or when
    /// it is gone (then standard error is the terminal's again).
    fn send_to_screen(&self, line: String) -> Result<(), mpsc::SendError<String>> {
        match lock(&self.diverted).as_ref() {
            Some(screen) => screen.send(line),
            None => Err(mpsc::SendError(line)),
        }
    }
}

/// A failed write to standard output, saying so.
pub fn stdout_failure(error: io::Error) -> io::Error {
    write_failure("standard output", error)
}

/// A failed write, saying what could not be written; its kind is kept, so a closed pipe still
/// ends quietly.
pub fn write_failure(name: &str, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write {name}: {}", crate::exit::plain_io(&error)),
    )
}

/// A writer whose failures say what could not be written (see [`write_failure`]): for output
/// written through serializers, whose errors would otherwise say only "No space left on device".
pub struct Named<'a, W> {
    pub inner: W,
    pub name: &'a str,
}

impl<W: Write> Write for Named<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner
            .write(bytes)
            .map_err(|e| write_failure(self.name, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| write_failure(self.name, e))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Lines for standard output, written in large writes: when 32 KiB have gathered, when 100 ms
/// have passed since the last write (so a person still sees progress), and at the end.
pub struct Batched<'a> {
    printer: &'a Printer,
    buffer: Vec<u8>,
    last_flush: std::time::Instant,
}

impl Batched<'_> {
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        self.buffer.extend_from_slice(text.as_bytes());
        self.end_line()
    }

    /// A line written straight into the batch by `write` (without its newline).
    pub fn written_line(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> io::Result<()> {
        write(&mut self.buffer);
        self.end_line()
    }

    fn end_line(&mut self) -> io::Result<()> {
        self.buffer.push(b'\n');
        if self.buffer.len() >= 32 * 1024
            || self.last_flush.elapsed() >= std::time::Duration::from_millis(100)
        {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.last_flush = std::time::Instant::now();
        if self.buffer.is_empty() {
            return Ok(());
        }
        let result = self.printer.out_bytes(&self.buffer);
        self.buffer.clear();
        result
    }
}
