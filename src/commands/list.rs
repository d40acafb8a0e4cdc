//! `hookcli list`: the selected captures as a table, or as JSON Lines, printed as they are read
//! (bounded memory whatever the store's size), then, with `--follow`, those appended later.

use crate::capture::follow::{Followed, Follower};
use crate::capture::line::{read_record, read_summary, write_record};
use crate::capture::resolve::{Ask, Default};
use crate::capture::select::Selection;
use crate::capture::source::CaptureSource;
use crate::capture::store::{resolve_store_path, StoredCapture};
use crate::cli::{GlobalArgs, ListArgs};
use crate::exit;
use crate::output::table::{CaptureRow, Layout};
use crate::output::{Batched, Printer};

pub fn run(args: ListArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let path = resolve_store_path(global.store.as_deref())?;
    crate::capture::store::ensure_store(&path)?;
    let selection = args.selection.selection()?;
    // Where following starts: what is appended while the rows are printed is followed.
    let end = std::fs::metadata(&path).map_or(0, |m| if m.is_file() { m.len() } else { 0 });
    let source = CaptureSource::Store(path.clone());
    let mut selected = selection.resolve(
        &source,
        Ask {
            default: Default::All,
            keep_last: args.last,
            numbered: !args.json,
        },
    )?;
    let mut rows = Rows {
        out: printer.batched(),
        layout: Layout::new(printer.width, !printer.terminal),
        json: args.json,
        shown: 0,
        scratch: Vec::new(),
        recent_ids: args.follow.then(std::collections::VecDeque::new),
        store: path.display().to_string(),
        skipped: Vec::new(),
    };
    while let Some(found) = selected.next_line() {
        let (index, line) = found?;
        rows.print_line(index, line)?;
    }
    rows.out.flush()?;
    for warning in selected.take_warnings().iter().chain(&rows.skipped) {
        printer.warn(warning);
    }
    if rows.shown == 0 && !args.follow {
        let what = if selection.filters.is_empty() && selection.selectors.is_empty() {
            "No captures"
        } else {
            "No captures selected"
        };
        printer.status(&format!("{what} in {}", path.display()));
    }
    if args.follow {
        follow(&path, end, &selection, rows, &printer)?;
    }
    Ok(exit::SUCCESS)
}

/// How many of the last listed ids `--follow` remembers.
const RECENT_IDS: usize = 4096;

/// The id at the start of a record line (`{"id":"...`, the record's first field).
fn record_id(line: &[u8]) -> &[u8] {
    let rest = line.strip_prefix(b"{\"id\":\"").unwrap_or(b"");
    let end = memchr::memchr(b'"', rest).unwrap_or(0);
    &rest[..end]
}

/// Prints what is appended to the store from `end` on, until the process is interrupted.
fn follow(
    path: &std::path::Path,
    end: u64,
    selection: &Selection,
    mut rows: Rows<'_>,
    printer: &Printer,
) -> anyhow::Result<()> {
    let before = crate::capture::count::count_records_upto(path, end)?;
    let mut follower = Follower::new(path, end, before);
    loop {
        match follower.wait_for_more()? {
            Followed::Restarted(warning) => printer.warn(&warning),
            Followed::Captures(captures) => {
                for capture in captures {
                    if rows.printed_already(&capture.record.id) {
                        continue;
                    }
                    if selection.filters.matches(&capture.record) {
                        rows.print(&capture)?;
                    }
                }
                rows.out.flush()?;
            }
        }
    }
}

/// The listing's output: the table's header before its first row, or JSON lines.
struct Rows<'a> {
    out: Batched<'a>,
    layout: Layout,
    json: bool,
    shown: usize,
    /// With `--follow`, the ids of the last rows listed: a capture appended while the listing
    /// read the store is listed by it and must not be printed again by the follower, which
    /// starts where the store ended when the listing began.
    recent_ids: Option<std::collections::VecDeque<Vec<u8>>>,
    /// A line without its body, for [`read_summary`].
    scratch: Vec<u8>,
    /// The store as warnings name it.
    store: String,
    /// Warnings for record lines that did not decode, printed after the rows.
    skipped: Vec<String>,
}

impl Rows<'_> {
    /// A record line as stored (`--json`), or its row; a line that does not decode is skipped
    /// with a warning, as the forward reader skips it.
    fn print_line(&mut self, index: usize, line: &[u8]) -> std::io::Result<()> {
        if let Some(recent) = &mut self.recent_ids {
            if recent.len() == RECENT_IDS {
                recent.pop_front();
            }
            recent.push_back(record_id(line).to_vec());
        }
        if self.json {
            self.out.written_line(|out| out.extend_from_slice(line))?;
        } else {
            let row = match read_summary(line, &mut self.scratch) {
                Ok(summary) => CaptureRow::from_summary(index, &summary),
                Err(_) => match read_record(line) {
                    Ok(record) => CaptureRow::from_stored(&StoredCapture { index, record }),
                    Err(error) => {
                        self.skipped.push(format!(
                            "skipped capture {index} of the store {}: not a capture record ({error})",
                            self.store
                        ));
                        return Ok(());
                    }
                },
            };
            if self.shown == 0 {
                self.out.line(&self.layout.header())?;
            }
            self.out.line(&self.layout.row(&row))?;
        }
        self.shown += 1;
        Ok(())
    }

    /// Whether the listing printed this capture already (it was appended while it read).
    fn printed_already(&mut self, id: &str) -> bool {
        let Some(recent) = &mut self.recent_ids else {
            return false;
        };
        match recent.iter().position(|seen| seen == id.as_bytes()) {
            Some(at) => {
                recent.remove(at);
                true
            }
            None => false,
        }
    }

    fn print(&mut self, capture: &StoredCapture) -> std::io::Result<()> {
        if self.json {
            self.out
                .written_line(|line| write_record(line, &capture.record))?;
        } else {
            if self.shown == 0 {
                self.out.line(&self.layout.header())?;
            }
            self.out
                .line(&self.layout.row(&CaptureRow::from_stored(capture)))?;
        }
        self.shown += 1;
        Ok(())
    }
}
