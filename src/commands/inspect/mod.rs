//! `hookcli inspect`: the store full-screen in the terminal, following new captures live.
//!
//! The parts: [`app`] (state and what each action does, no drawing), [`keys`] (the one key
//! table, also the `?` help), [`view`], [`header_view`], [`list_view`], [`help_view`], [`detail`] and [`ansi`]
//! (drawing, reading the state only; [`cells`] and [`paint`] are their rules for cutting text
//! and for colors), [`load`] (reading from the store's end, following it on a thread), [`filter`] and
//! [`scan`] (the filter line and its scans off the screen's thread), [`copy`] (OSC 52),
//! [`prompt`] and [`answer`] (the line that asks a URL or a file, and what its answer does),
//! [`save`] (a body or a HAR file), [`said`] (an error in plain words, on one line), [`replay_log`] (the record of what was sent), [`result_view`] (a replay's answer, in its pane or whole), and
//! [`terminal`] (raw mode and the alternate screen, given back on every exit). This file runs
//! the loop and does what the state asks of the outside (scans, copies).
//!
//! `listen --inspect` runs it beside a listener through [`run_beside`], with plain values (the
//! header's text, the listener's notices), so that this module knows nothing of `listen`.

pub mod ansi;
pub mod answer;
pub mod app;
pub mod copy;
pub mod detail;
pub mod diff;
pub mod diff_view;
pub mod edit;
pub mod editor;
pub mod filter;
pub mod head;
pub mod header_view;
pub mod help_view;
pub mod json_diff;
pub mod keys;
pub mod list_view;
pub mod load;
pub mod paint;
pub mod prompt;
pub mod replay;
pub mod replay_log;
pub mod result_view;
pub mod said;
pub mod save;
pub mod scan;
pub mod terminal;
pub mod view;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::capture::follow::Followed;
use crate::capture::source::CaptureSource;
use crate::capture::store::{resolve_store_path, StoredCapture};
use crate::cli::{GlobalArgs, InspectArgs};
use crate::exit::{self, Failure};
use crate::http::client::Target;
use crate::output::Printer;
use crate::units::format_size;

use app::{App, Clip, ResultPane};
use replay::{Delivery, Replayed};
use replay_log::ReplayLog;
use scan::Scanner;
use terminal::{Screen, TerminalGuard};

/// How long the loop waits for a key before it looks for new captures: well under the 200 ms
/// in which a new capture must show.
const TICK: Duration = Duration::from_millis(50);

pub fn run(args: InspectArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    // A --sign without a secret is refused first, as replay refuses it, terminal or not.
    let signer = args.signing.signer()?.map(Arc::new);
    require_terminal("inspect", "hookcli list or hookcli show")?;
    let delivery = Delivery {
        to: args.to.as_deref().map(Target::parse).transpose()?,
        tls: args.tls.options(),
        proxies: args.proxy.settings()?,
        timeout: args.timeout,
        curl_words: crate::http::curl::option_words(
            None,
            crate::http::client::DEFAULT_CONNECT_TIMEOUT,
            args.timeout,
            args.proxy.noproxy.as_deref(),
        ),
        signer,
    };
    let store = resolve_store_path(global.store.as_deref())?;
    let source = Arc::new(CaptureSource::open(args.from.as_deref(), &store)?);
    let terminate = terminal::terminate_requests();
    let (mut app, mut sources) = open(source, &store, &printer, delivery, terminate)?;
    app.send_to = args.to.clone();
    let mut guard = TerminalGuard::take()?;
    run_loop(&mut guard.screen, &mut app, &mut sources)?;
    Ok(exit::SUCCESS)
}

/// The inspector draws on standard output: a usage error when that is not a terminal, saying
/// what to use instead.
pub fn require_terminal(command: &str, instead: &str) -> Result<(), Failure> {
    if std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "{command} draws on a terminal and standard output is not one; use {instead}"
    )))
}

/// What `listen --inspect` gives the inspector it runs beside its listener.
pub struct Beside {
    /// Where the listener listens (`Listening on URL`, its public URLs), for the header.
    pub header: String,
    /// The listener's status lines and warnings, each shown on the status line as it comes.
    pub notices: mpsc::Receiver<String>,
    /// A message when the listener has stopped by itself (a signal, `--count`, `--timeout`):
    /// the inspector quits. The listener watches Ctrl-C and SIGTERM for both.
    pub stopped: mpsc::Receiver<()>,
}

/// The inspector over the store a listener writes, until `q` or the listener stops; the
/// terminal is given back before it returns. Returns the notices not shown yet, for the
/// caller to print on the terminal given back.
pub fn run_beside(
    store: &Path,
    printer: &Printer,
    beside: Beside,
) -> anyhow::Result<mpsc::Receiver<String>> {
    let source = Arc::new(CaptureSource::Store(store.to_path_buf()));
    let (mut app, mut sources) = open(
        source,
        store,
        printer,
        Delivery::plain(None),
        beside.stopped,
    )?;
    app.listening = Some(beside.header);
    sources.notices = Some(beside.notices);
    let mut guard = TerminalGuard::take()?;
    run_loop(&mut guard.screen, &mut app, &mut sources)?;
    drop(guard);
    Ok(sources.notices.take().unwrap_or_else(|| mpsc::channel().1))
}

/// The state with the source's newest captures, and where later ones come from.
fn open(
    source: Arc<CaptureSource>,
    store: &Path,
    printer: &Printer,
    delivery: Delivery,
    terminate: mpsc::Receiver<()>,
) -> anyhow::Result<(App, Sources)> {
    let opened = load::open(&source)?;
    let mut app = App::new(source.name(), printer.redaction.clone(), printer.color);
    app.push(opened.captures);
    if !opened.warnings.is_empty() {
        app.status = Some(opened.warnings.join("; "));
    }
    let updates = opened
        .follow_from
        .map(|(path, end, before)| load::follow(&path, end, before));
    let sources = Sources {
        followed: updates,
        scanner: Scanner::new(source),
        followed_from: 0,
        delivery,
        replayed: mpsc::channel(),
        replay_log: ReplayLog::beside(store),
        terminate,
        batch: 0,
        shown_batch: 0,
        notices: None,
    };
    Ok((app, sources))
}

/// Where captures come from after opening: the follower and the filter's scans.
struct Sources {
    followed: Option<mpsc::Receiver<anyhow::Result<Followed>>>,
    scanner: Scanner,
    /// Where in the list the captures followed since the last filter was applied begin.
    followed_from: usize,
    /// `--to` and the client's options, for replays and copied curl commands.
    delivery: Delivery,
    /// Replays' answers, from their threads.
    replayed: (mpsc::Sender<Replayed>, mpsc::Receiver<Replayed>),
    /// Where each replay and edit-and-send is recorded: beside the store.
    replay_log: ReplayLog,
    /// SIGTERM: quit, giving the terminal back.
    terminate: mpsc::Receiver<()>,
    /// The newest `r` or `e` started (numbered from 1), and the one whose answers the pane
    /// shows: an answer of an older one that comes late does not join the newest's pane.
    batch: u64,
    shown_batch: u64,
    /// A listener's notices, beside `listen --inspect`.
    notices: Option<mpsc::Receiver<String>>,
}

/// Draws, waits a tick for a key, takes what the follower and the scans found; until the
/// user quits.
fn run_loop(screen: &mut Screen, app: &mut App, sources: &mut Sources) -> anyhow::Result<()> {
    // Drawn again only when something changed: a detail renders its body on each draw.
    let mut changed = true;
    loop {
        if changed {
            app.page = view::page_rows(app, screen.size()?.height);
            app.keep_selection_shown();
            let mut lines = 0;
            screen.draw(|frame| lines = draw(frame, app))?;
            app.content_lines = lines;
        }
        if app.quit {
            return Ok(());
        }
        changed = false;
        if event::poll(TICK)? {
            // A resize, a key, a click: each may change the screen.
            changed = true;
            apply_event(app, event::read()?);
        }
        if sources.terminate.try_recv().is_ok() {
            app.quit = true;
        }
        answer::answer_prompt(app, &mut sources.delivery);
        if let Some(clip) = app.clipboard_request.take() {
            copy_to_clipboard(screen, app, clip, &sources.delivery);
        }
        if std::mem::take(&mut app.edit_request) {
            edit_and_send(screen, app, sources)?;
        }
        changed |= take_replays(app, sources);
        changed |= take_filtered(app, sources);
        changed |= take_followed(app, sources);
        changed |= take_notices(app, sources);
    }
}

/// Draws the screen and, while the prompt is open, puts the terminal's cursor where it types;
/// returns what [`view::draw`] returns.
pub fn draw(frame: &mut ratatui::Frame, app: &App) -> usize {
    let lines = view::draw(frame, app);
    if let Some(prompt) = &app.prompt {
        prompt.place_cursor(frame);
    }
    lines
}

/// Shows on the status line what the listener beside said since the last tick (several at
/// once on one line); true when there was something.
fn take_notices(app: &mut App, sources: &Sources) -> bool {
    let Some(notices) = &sources.notices else {
        return false;
    };
    let said: Vec<String> = notices.try_iter().collect();
    let Some(line) = notice_line(&said) else {
        return false;
    };
    app.status = Some(line);
    true
}

/// One line holds one notice: the newest, without the `hookcli: ` that names the program on
/// stderr; how many came with it is counted first, where a line cut to the screen keeps it
/// (each capture's marks and detail keep the rest).
fn notice_line(said: &[String]) -> Option<String> {
    let newest = said.last()?;
    let newest = newest.strip_prefix("hookcli: ").unwrap_or(newest);
    Some(match said.len() {
        1 => newest.to_string(),
        n => format!("{n} notices, the newest: {newest}"),
    })
}

/// Writes the OSC 52 sequence for what `clip` asks, and says on the status line what it did.
fn copy_to_clipboard(screen: &mut Screen, app: &mut App, clip: Clip, delivery: &Delivery) {
    let Some(entry) = app.selected_entry() else {
        return;
    };
    let record = &entry.capture.record;
    let (what, text) = match clip {
        Clip::Curl => (
            "the curl command",
            copy::curl_command(record, delivery).map_err(said::plainly),
        ),
        Clip::Body => ("the body", copy::body_text(record)),
    };
    let index = entry.capture.index;
    app.status = Some(match text {
        Ok(text) => {
            let sequence = copy::osc52(text.as_bytes());
            let backend = screen.backend_mut();
            match backend
                .write_all(sequence.as_bytes())
                .and_then(|()| backend.flush())
            {
                Ok(()) => format!(
                    "Copied {what} of #{index} to the clipboard ({})",
                    format_size(text.len() as u64)
                ),
                Err(error) => format!("cannot write to the terminal: {}", said::plainly(error)),
            }
        }
        Err(why) => why,
    });
}

/// Does what a key press, a mouse wheel or a click asks for. Esc and a key typed quickly
/// after it arrive as one Alt key (`ESC q`); they are taken as the two keys they were.
fn apply_event(app: &mut App, event: Event) {
    if let Event::Key(key) = event {
        if key.kind == KeyEventKind::Press {
            for key in keys::split_alt(key) {
                if let Some(action) = keys::action_of(key, app.editing_line()) {
                    app.update(action);
                }
            }
        }
        return;
    }
    if let Some(action) = action_of_mouse(event, app.editing_line()) {
        app.update(action);
    }
}

/// What a mouse wheel or a click asks for.
fn action_of_mouse(event: Event, editing: bool) -> Option<app::Action> {
    match event {
        Event::Mouse(mouse) if !editing => match mouse.kind {
            MouseEventKind::ScrollDown => Some(app::Action::Down),
            MouseEventKind::ScrollUp => Some(app::Action::Up),
            MouseEventKind::Down(MouseButton::Left) => Some(app::Action::Click(mouse.row)),
            _ => None,
        },
        _ => None,
    }
}

/// Opens the selected request in the editor, then sends what was saved as `r` sends a capture.
fn edit_and_send(screen: &mut Screen, app: &mut App, sources: &mut Sources) -> anyhow::Result<()> {
    let (Some(to), Some(entry)) = (&sources.delivery.to, app.selected_entry()) else {
        app.status = Some("e sends to a URL, and none is known yet".to_string());
        return Ok(());
    };
    let index = entry.capture.index;
    let base = entry.capture.record.clone();
    // SIGTERM (or the listener beside stopping) while the editor ran: quit, sending nothing.
    let mut terminated = false;
    let edited = editor::edit(screen, &base, || {
        terminated |= sources.terminate.try_recv().is_ok();
        terminated
    })?;
    if terminated {
        app.quit = true;
        return Ok(());
    }
    app.status = Some(match edited {
        Ok(record) => {
            let edited = StoredCapture { index, record };
            sources.batch += 1;
            let sender = sources.replayed.0.clone();
            let (delivery, log) = (&sources.delivery, &sources.replay_log);
            let verb = "sent as edited";
            match replay::start(
                sources.batch,
                vec![edited],
                to,
                delivery,
                &app.redaction,
                sender,
                verb,
                log,
            ) {
                Ok(()) => format!("Sending #{index} as edited to {}", to.url()),
                Err(error) => said::plainly(error),
            }
        }
        Err(why) => why,
    });
    Ok(())
}

/// Starts the replays asked for (the marked captures, else the selected one), and shows the
/// answers of those done, one after the other in the pane; true when the screen changed.
fn take_replays(app: &mut App, sources: &mut Sources) -> bool {
    let mut changed = false;
    if std::mem::take(&mut app.replay_request) {
        changed = true;
        app.status = Some(match &sources.delivery.to {
            None => "r replays to a URL, and none is known yet".to_string(),
            Some(to) => {
                sources.batch += 1;
                start_replays(app, to, sources)
            }
        });
    }
    while let Ok(Replayed {
        pane,
        unlogged,
        batch,
    }) = sources.replayed.1.try_recv()
    {
        changed = true;
        app.status = unlogged;
        show_answer(
            &mut app.result,
            &mut sources.shown_batch,
            sources.batch,
            (batch, pane),
        );
    }
    changed
}

/// Puts an answer of `r` or `e` number `batch` in the pane: under the answers before it when
/// the pane shows that batch, else in a pane of its own. A late answer of an earlier batch than
/// the `newest` is left out (its log line is written): the pane is the newest's.
fn show_answer(
    result: &mut Option<ResultPane>,
    shown_batch: &mut u64,
    newest: u64,
    (batch, pane): (u64, ResultPane),
) {
    if batch != newest {
        return;
    }
    match result {
        Some(shown) if *shown_batch == batch => shown.add(pane),
        _ => {
            *result = Some(pane);
            *shown_batch = batch;
        }
    }
}

/// Sends the marked captures held (else the selected one) to `to`, one after the other in
/// index order; what the status line says.
fn start_replays(app: &App, to: &Target, sources: &Sources) -> String {
    let mut chosen: Vec<StoredCapture> = app.chosen_captures().into_iter().cloned().collect();
    chosen.sort_by_key(|capture| capture.index);
    let said = match chosen.as_slice() {
        [one] => format!("Replaying #{} to {}", one.index, to.url()),
        all => format!(
            "Replaying {} captures to {}, one after the other",
            all.len(),
            to.url()
        ),
    };
    let (delivery, log) = (&sources.delivery, &sources.replay_log);
    let sender = sources.replayed.0.clone();
    match replay::start(
        sources.batch,
        chosen,
        to,
        delivery,
        &app.redaction,
        sender,
        "replayed",
        log,
    ) {
        Ok(()) => said,
        Err(error) => said::plainly(error),
    }
}

/// Starts the scan of a filter typed, and shows the captures of one done; true when the
/// screen changed.
fn take_filtered(app: &mut App, sources: &mut Sources) -> bool {
    let scanning = app.scanning;
    let mut changed = false;
    if let Some(text) = app.filter_request.take() {
        changed = true;
        match sources.scanner.apply(&text) {
            Ok(()) => {
                app.status = None;
                sources.followed_from = app.entries.len();
            }
            Err(why) => app.status = Some(why),
        }
    }
    // A prompt is about the captures chosen when it opened (`s` saves the selected one's body,
    // `x` and `r` take the marked ones): a new list waits until it is answered or closed.
    if app.prompt.is_none() {
        match sources.scanner.finished() {
            Some(Ok(captures)) => app.replace_entries(captures, sources.followed_from),
            Some(Err(why)) => app.status = Some(why),
            None => {}
        }
    }
    app.scanning = sources.scanner.is_running();
    changed || scanning != app.scanning
}

/// Takes what the follower found; true when there was something.
fn take_followed(app: &mut App, sources: &Sources) -> bool {
    let Some(updates) = &sources.followed else {
        return false;
    };
    let mut changed = false;
    while let Ok(found) = updates.try_recv() {
        changed = true;
        match found {
            Ok(Followed::Captures(mut captures)) => {
                app.saw(captures.iter().map(|c| c.index).max());
                captures.retain(|capture| sources.scanner.passes(&capture.record));
                app.push(captures);
            }
            Ok(Followed::Restarted(warning)) => app.restart(warning),
            Err(error) => app.status = Some(said::plainly(error)),
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_joins_its_own_batch_s_pane_and_a_late_one_of_an_earlier_batch_is_left_out() {
        let pane = |index: usize| ResultPane {
            title: format!("replayed #{index}"),
            text: format!("#{index} 200 OK in 1 ms"),
            summary: format!("#{index} 200 OK in 1 ms"),
            to: "http://127.0.0.1:9".into(),
        };
        let (mut result, mut shown) = (None, 0);
        show_answer(&mut result, &mut shown, 1, (1, pane(1)));
        show_answer(&mut result, &mut shown, 1, (1, pane(2)));
        // A second `r` starts: the first's last answer comes late and stays out of its pane.
        show_answer(&mut result, &mut shown, 2, (1, pane(3)));
        assert_eq!(
            result.as_ref().unwrap().summary,
            "#1 200 OK in 1 ms\n#2 200 OK in 1 ms"
        );
        show_answer(&mut result, &mut shown, 2, (2, pane(4)));
        assert_eq!(result.as_ref().unwrap().summary, "#4 200 OK in 1 ms");
        show_answer(&mut result, &mut shown, 2, (2, pane(5)));
        assert_eq!(result.unwrap().text.lines().count(), 2);
    }

    #[test]
    fn the_status_line_counts_notices_before_the_newest() {
        let said =
            |texts: &[&str]| notice_line(&texts.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        assert_eq!(said(&[]), None);
        assert_eq!(
            said(&["hookcli: warning: a"]).as_deref(),
            Some("warning: a")
        );
        assert_eq!(
            said(&["hookcli: warning: a", "hookcli: warning: b"]).as_deref(),
            Some("2 notices, the newest: warning: b")
        );
    }
}
