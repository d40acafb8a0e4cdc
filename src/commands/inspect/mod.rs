//! `hookcli inspect`: the store full-screen in the terminal, following new captures live.
//!
//! The parts: [`app`] (state and what each action does, no drawing), [`keys`] (the one key
//! table, also the `?` help), [`view`] and [`detail`] (drawing, reading the state only),
//! [`load`] (reading from the store's end, following it on a thread), and [`terminal`] (raw
//! mode and the alternate screen, given back on every exit). This file runs the loop.

pub mod ansi;
pub mod app;
pub mod detail;
pub mod keys;
pub mod load;
pub mod terminal;
pub mod view;

use std::io::IsTerminal;
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::capture::follow::Followed;
use crate::capture::source::CaptureSource;
use crate::capture::store::resolve_store_path;
use crate::cli::{GlobalArgs, InspectArgs};
use crate::exit::{self, Failure};
use crate::output::Printer;

use app::App;
use terminal::{Screen, TerminalGuard};

/// How long the loop waits for a key before it looks for new captures: well under the 200 ms
/// in which a new capture must show.
const TICK: Duration = Duration::from_millis(50);

pub fn run(args: InspectArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    if !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "inspect draws on a terminal and standard output is not one; use hookcli list or hookcli show",
        )
        .into());
    }
    let store = resolve_store_path(global.store.as_deref())?;
    let source = CaptureSource::open(args.from.as_deref(), &store)?;
    let opened = load::open(&source)?;
    let mut app = App::new(source.name(), printer.redaction.clone(), printer.color);
    app.push(opened.captures);
    if !opened.warnings.is_empty() {
        app.status = Some(opened.warnings.join("; "));
    }
    let updates = opened
        .follow_from
        .map(|(path, end, before)| load::follow(&path, end, before));
    let mut guard = TerminalGuard::take()?;
    run_loop(&mut guard.screen, &mut app, updates.as_ref())?;
    Ok(exit::SUCCESS)
}

/// Draws, waits a tick for a key, takes what the follower found; until the user quits.
fn run_loop(
    screen: &mut Screen,
    app: &mut App,
    updates: Option<&mpsc::Receiver<anyhow::Result<Followed>>>,
) -> anyhow::Result<()> {
    loop {
        let height = screen.size()?.height;
        app.page = usize::from(height.saturating_sub(view::CHROME_ROWS));
        app.keep_selection_shown();
        screen.draw(|frame| view::draw(frame, app))?;
        if app.quit {
            return Ok(());
        }
        if event::poll(TICK)? {
            if let Event::Key(key) = event::read()? {
                if key.kind == KeyEventKind::Press {
                    if let Some(action) = keys::action_of(key) {
                        app.update(action);
                    }
                }
            }
        }
        if let Some(updates) = updates {
            take_followed(app, updates);
        }
    }
}

fn take_followed(app: &mut App, updates: &mpsc::Receiver<anyhow::Result<Followed>>) {
    while let Ok(found) = updates.try_recv() {
        match found {
            Ok(Followed::Captures(captures)) => app.push(captures),
            Ok(Followed::Restarted(warning)) => app.restart(warning),
            Err(error) => app.status = Some(format!("{error:#}")),
        }
    }
}
