//! The terminal while the inspector runs: raw mode, the alternate screen and the mouse taken
//! on start, and given back on every way out (a return, an error, a panic, SIGTERM). A panic hook restores the
//! terminal before the panic's message is printed, so the message is readable and the shell
//! is usable after it.

use std::io::{self, Stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
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
        if let Err(error) = execute!(
            stdout,
            terminal::EnterAlternateScreen,
            cursor::Hide,
            event::EnableMouseCapture
        ) {
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
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableMouseCapture
    )?;
    screen.clear()?;
    Ok(outcome)
}

/// Leaves raw mode and the alternate screen and shows the cursor; safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// A message for each SIGTERM, so that the loop quits through the guard's restore rather
/// than the process ending with the terminal still raw (Ctrl-C comes as a key in raw mode).
pub fn terminate_requests() -> std::sync::mpsc::Receiver<()> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                let Ok(mut terminate) = signal(SignalKind::terminate()) else {
                    return;
                };
                while terminate.recv().await.is_some() {
                    if sender.send(()).is_err() {
                        return;
                    }
                }
            }
            #[cfg(not(unix))]
            drop(sender);
        });
    });
    receiver
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
