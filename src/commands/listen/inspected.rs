//! `listen --inspect`: the listener and the inspector in one process. The listener runs as it
//! always does (server, store, answers, checks, relays, forwarding, rules) on the runtime's
//! threads; the inspector takes the main thread and the terminal, over the store the listener
//! writes, which it follows as `inspect` follows any store: one path for every capture shown,
//! within its 200 ms. While the screen is up, per-capture blocks are not printed and the
//! printer's status lines and warnings go to the inspector's status line (a line on standard
//! error would be drawn over the screen); the closing lines come once the terminal is back.
//!
//! Either side ends both: `q` or Ctrl-C (a key in raw mode) stops the listener; the listener
//! stopping by itself (SIGINT, SIGTERM, `--count`, `--timeout`, `--fail-fast`, an error) quits
//! the inspector. The listener watches the signals for both, so that one handler owns them.

use std::sync::{mpsc, Arc};

use anyhow::Context;

use super::{listen, ListenConfig};
use crate::commands::inspect::{self, Beside};
use crate::exit::Failure;
use crate::output::Printer;

/// The listener's side of the screen: how it says it is listening, asks the inspector to
/// quit, and learns that the terminal is given back.
pub struct ScreenLink {
    started: Option<mpsc::Sender<String>>,
    stop: QuitOnDrop,
    closed: tokio::sync::watch::Receiver<bool>,
}

impl ScreenLink {
    /// The listener listens at what `header` says: the inspector may open.
    pub fn started(&mut self, header: String) {
        if let Some(started) = self.started.take() {
            let _ = started.send(header);
        }
    }

    /// Resolves when the inspector has quit and given the terminal back.
    pub async fn closed(&mut self) {
        // An error is the main thread gone: the terminal is no one's any more.
        let _ = self.closed.wait_for(|closed| *closed).await;
    }

    /// Quits the inspector (unless it quit already), and waits for the terminal to be given
    /// back: what the listener prints after it goes to standard error.
    pub async fn close(mut self) {
        self.stop.quit();
        self.closed().await;
    }
}

/// Quits the inspector when dropped too: a listener that ends by an error or a panic does not
/// leave the screen up with nothing behind it.
struct QuitOnDrop(mpsc::Sender<()>);

impl QuitOnDrop {
    fn quit(&self) {
        let _ = self.0.send(());
    }
}

impl Drop for QuitOnDrop {
    fn drop(&mut self) {
        self.quit();
    }
}

/// Runs the listener on the runtime's threads and the inspector on this one; returns the
/// listener's exit code once both have ended.
pub fn run(config: ListenConfig, printer: Printer) -> anyhow::Result<u8> {
    let Some(store) = config.store.clone() else {
        return Err(Failure::usage("--inspect shows the store: leave out --no-store").into());
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let printer = Arc::new(printer);
    let (notices_sender, notices) = mpsc::channel();
    printer.divert_messages(notices_sender);
    let (started_sender, started) = mpsc::channel();
    let (stop, stopped) = mpsc::channel();
    let (closed, closed_receiver) = tokio::sync::watch::channel(false);
    let link = ScreenLink {
        started: Some(started_sender),
        stop: QuitOnDrop(stop),
        closed: closed_receiver,
    };
    let listening = runtime.spawn(listen(config, printer.clone(), Some(link)));
    let shown = match started.recv() {
        Ok(header) => inspect::run_beside(
            &store,
            &printer,
            Beside {
                header,
                notices,
                stopped,
            },
        ),
        // The listener ended before it listened (a port in use): its error says why.
        Err(_) => Ok(notices),
    };
    let _ = closed.send(true);
    printer.end_diversion();
    if let Ok(unshown) = &shown {
        for line in unshown.try_iter() {
            printer.status(&line);
        }
    }
    let code = runtime
        .block_on(listening)
        .context("the listener stopped unexpectedly")??;
    shown?;
    Ok(code)
}
