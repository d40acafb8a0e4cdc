//! Applying a filter: the store is read again from its end for the newest captures that pass
//! (through the one selection, as `list --last N` with the same filters), on a thread, so
//! keys are never held up by a scan of a large store. One scan runs at a time: a filter typed
//! meanwhile waits for it and only the latest waits. Captures followed later are checked
//! against the filter in force here.

use std::sync::mpsc;
use std::sync::Arc;

use crate::capture::filter::Filters;
use crate::capture::source::CaptureSource;
use crate::capture::store::StoredCapture;
use crate::capture::CaptureRecord;

use super::filter::selection_of;

type Found = Result<Vec<StoredCapture>, String>;

pub struct Scanner {
    source: Arc<CaptureSource>,
    /// The filter in force, for captures followed later; None for no filter.
    filters: Option<Filters>,
    running: bool,
    /// The latest filter typed while a scan ran.
    waiting: Option<String>,
    sender: mpsc::Sender<Found>,
    receiver: mpsc::Receiver<Found>,
}

impl Scanner {
    pub fn new(source: Arc<CaptureSource>) -> Scanner {
        let (sender, receiver) = mpsc::channel();
        Scanner {
            source,
            filters: None,
            running: false,
            waiting: None,
            sender,
            receiver,
        }
    }

    /// Puts the filter `text` in force and reads its captures; an error says why the text is
    /// not a filter (the filter before stays).
    pub fn apply(&mut self, text: &str) -> Result<(), String> {
        let filters = selection_of(text)?.filters;
        self.filters = (!filters.is_empty()).then_some(filters);
        if self.running {
            self.waiting = Some(text.to_string());
        } else {
            self.start(text.to_string());
        }
        Ok(())
    }

    fn start(&mut self, text: String) {
        self.running = true;
        let source = Arc::clone(&self.source);
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            // Compiled again here: a `where:` query is not shared between threads.
            let found = selection_of(&text).and_then(|selection| {
                super::load::newest(&source, &selection)
                    .map(|(captures, _)| captures)
                    .map_err(|e| format!("{e:#}"))
            });
            let _ = sender.send(found);
        });
    }

    /// The captures of the latest filter once its scan is done; a scan's result overtaken by a
    /// later filter is dropped.
    pub fn finished(&mut self) -> Option<Found> {
        let found = self.receiver.try_recv().ok()?;
        self.running = false;
        if let Some(text) = self.waiting.take() {
            self.start(text);
            return None;
        }
        Some(found)
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Whether a capture followed later passes the filter in force.
    pub fn passes(&self, record: &CaptureRecord) -> bool {
        self.filters
            .as_ref()
            .is_none_or(|filters| filters.matches(record))
    }
}
