//! The terminal while the inspector runs: raw mode and the alternate screen taken on start,
//! and given back on every way out (a return, an error, a panic). A panic hook restores the
//! terminal before the panic's message is printed, so the message is readable and the shell
//! is usable after it.

use std::io::{self, Stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::Terminal;

pub type Screen = Terminal<CrosstermBackend<Stdout>>;

/// Holds the terminal in raw mode on the alternate screen; restores it when dropped.
pub struct TerminalGuard {
    pub screen: Screen,
}

impl TerminalGuard {
    /// Takes the terminal, and installs the panic hook that gives it back first.
    pub fn take() -> anyhow::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(error) = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide) {
            restore();
            return Err(error.into());
        }
        match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(screen) => Ok(TerminalGuard { screen }),
            Err(error) => {
                restore();
                Err(error.into())
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back while `run` runs (an editor), then takes it again and redraws.
pub fn released<T>(screen: &mut Screen, run: impl FnOnce() -> T) -> anyhow::Result<T> {
    restore();
    let outcome = run();
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    screen.clear()?;
    Ok(outcome)
}

/// Leaves raw mode and the alternate screen and shows the cursor; safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
