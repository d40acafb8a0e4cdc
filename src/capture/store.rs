//! The capture store: a JSON Lines file, one capture record per line.
//!
//! Writing: records are appended in whole batches (see [`StoreWriter`]), each batch in one
//! `write` under an exclusive file lock, so that two processes on one store never interleave lines.
//! A caller learns its record is written (or why not) before it answers its client. Before a batch,
//! a store that does not end in a newline (a writer killed mid-line) gets one, so a new record is
//! never glued to a torn one.
//!
//! Reading is `capture::reader`'s (forwards) and `capture::backwards`'s (from the end).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

pub use super::files::{create_private_file, is_device, same_file};
use super::files::{open_private_for_append, read_byte_at};
use super::line::{read_record, trim_line_end, write_record};
pub use super::reader::{StoreReader, StoredCapture};
use super::CaptureRecord;

/// Where captures are kept when no `--store` or `HOOKCLI_STORE` says otherwise.
pub fn default_store_path() -> anyhow::Result<PathBuf> {
    let data_home = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let home = std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    crate::exit::Failure::usage(
                        "neither XDG_DATA_HOME nor HOME is set; choose a store with --store PATH",
                    )
                })?;
            PathBuf::from(home).join(".local").join("share")
        }
    };
    Ok(data_home.join("hookcli").join("captures.jsonl"))
}

/// The store chosen by `--store`/`HOOKCLI_STORE` (already merged by clap), else the default.
pub fn resolve_store_path(chosen: Option<&Path>) -> anyhow::Result<PathBuf> {
    match chosen {
        Some(path) => Ok(path.to_path_buf()),
        None => default_store_path(),
    }
}

/// Refuses a file that holds something other than captures, so that a mistyped `--store` or
/// `HOOKCLI_STORE` never gets records appended to it, or emptied, or read as hundreds of lines
/// that are not records.
pub fn ensure_store(path: &Path) -> anyhow::Result<()> {
    if looks_like_store(path)? {
        return Ok(());
    }
    Err(crate::exit::Failure::usage(format!(
        "{} is not a capture store: its first line is not a capture record; choose the store with --store or HOOKCLI_STORE",
        path.display()
    ))
    .into())
}

/// Whether a file is a store: it does not exist yet, holds nothing but blank lines, is a device
/// (which reads as empty), or starts with a capture record (whole, or torn by a writer killed
/// during its first write). A folder is an error.
pub fn looks_like_store(path: &Path) -> anyhow::Result<bool> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the store {}", path.display()))
        }
    };
    let metadata = file
        .metadata()
        .with_context(|| format!("cannot read the store {}", path.display()))?;
    let kind = metadata.file_type();
    if kind.is_dir() {
        anyhow::bail!(crate::exit::Failure::io(format!(
            "cannot read the store {}: it is a folder; give a file with --store",
            path.display()
        )));
    }
    if !kind.is_file() || metadata.len() == 0 {
        // Nothing to lose: an empty file, or a device or a pipe (`--store /dev/full` to try a
        // full disk), whose contents are no file's.
        return Ok(true);
    }
    // A first line longer than this is no record hookcli wrote.
    const LONGEST_FIRST_LINE: u64 = 64 * 1024 * 1024;
    let mut lines = BufReader::new(file).take(LONGEST_FIRST_LINE);
    let mut next_line = |line: &mut Vec<u8>| -> anyhow::Result<bool> {
        loop {
            line.clear();
            let read = lines
                .read_until(b'\n', line)
                .with_context(|| format!("cannot read the store {}", path.display()))?;
            if read == 0 {
                return Ok(false);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    };
    let is_record = |line: &[u8]| read_record(trim_line_end(line)).is_ok();
    let mut line = Vec::new();
    if !next_line(&mut line)? {
        return Ok(true);
    }
    if is_record(&line) {
        return Ok(true);
    }
    // A record torn by a writer killed during the store's first write is no JSON at all and
    // starts as every record line does; it ends the file, or whole records follow it (written
    // after another writer repaired the end). Whole JSON that is not a record (another tool's
    // log), or the `{` that opens a pretty-printed document, is no store.
    const RECORD_START: &[u8] = b"{\"id\":\"";
    let first = trim_line_end(&line);
    let torn = serde_json::from_slice::<serde::de::IgnoredAny>(first).is_err()
        && (first.starts_with(RECORD_START) || RECORD_START.starts_with(first));
    if !torn {
        return Ok(false);
    }
    let ends_the_file = line.last() != Some(&b'\n');
    Ok(ends_the_file || (next_line(&mut line)? && is_record(&line)))
}

/// Why a record could not be written. The listener answers 503 with this reason.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct StoreWriteError {
    pub kind: io::ErrorKind,
    pub message: String,
}

/// A handle to the store's writer; cheap to clone, one per listener.
///
/// Appends are group-committed without a thread of their own: each request copies its line
/// into a shared buffer; whichever request finds no write in progress becomes the leader and
/// writes everything buffered so far in one `write`, then publishes how far the store is
/// written. The others wait for that, and one of them leads the next write. Under load one
/// write carries many records; alone, a request writes its own at once.
#[derive(Clone)]
pub struct StoreWriter {
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Queue>,
    sinks: Mutex<Sinks>,
    written: watch::Sender<Written>,
}

/// Where a batch goes: the store file (unless `--no-store`), then whoever echoes stored lines
/// (`listen --json`), so that standard output gets one write per batch too.
struct Sinks {
    file: Option<StoreFile>,
    echo: Option<Echo>,
}

/// Receives each batch of lines once it is stored; reports its own errors.
pub type Echo = Box<dyn Fn(&[u8]) + Send + Sync>;

impl Sinks {
    fn write(&mut self, lines: &[u8]) -> Result<(), StoreWriteError> {
        if let Some(file) = &mut self.file {
            file.append_batch(lines)?;
        }
        if let Some(echo) = &self.echo {
            echo(lines);
        }
        Ok(())
    }
}

/// Lines waiting to be written, numbered by ticket.
struct Queue {
    buffer: Vec<u8>,
    /// The emptied buffer of the last write, kept for reuse.
    spare: Vec<u8>,
    last_ticket: u64,
    writing: bool,
}

/// How far the store is written, and which recent tickets failed and why.
#[derive(Default)]
struct Written {
    upto: u64,
    failures: VecDeque<(u64, u64, StoreWriteError)>,
}

/// Failed ranges remembered for the requests still waiting on them.
const REMEMBERED_FAILURES: usize = 64;

impl StoreWriter {
    /// Opens the store now if it can be; a store that cannot be opened is reported by the
    /// returned error, and every append retries it, so a listener can keep serving (with 503s)
    /// until the disk or the permissions are fixed. Without a path, lines only go to `echo`.
    /// A batch the store refused is not echoed: its requests print their own (503) lines.
    pub fn start(
        path: Option<PathBuf>,
        echo: Option<Echo>,
    ) -> (StoreWriter, Option<StoreWriteError>) {
        let mut file = path.map(StoreFile::new);
        let first_error = file.as_mut().and_then(|f| f.open().err());
        let shared = Shared {
            queue: Mutex::new(Queue {
                buffer: Vec::with_capacity(64 * 1024),
                spare: Vec::with_capacity(64 * 1024),
                last_ticket: 0,
                writing: false,
            }),
            sinks: Mutex::new(Sinks { file, echo }),
            written: watch::Sender::new(Written::default()),
        };
        (
            StoreWriter {
                shared: Arc::new(shared),
            },
            first_error,
        )
    }

    /// Appends one record and returns once it is written, with its place among the records this
    /// writer appended (from 1), in the order they are in the file.
    pub async fn append(&self, record: &CaptureRecord) -> Result<u64, StoreWriteError> {
        let shared = &*self.shared;
        // Subscribed before the line is queued, so the write that carries it is never missed.
        let mut written = shared.written.subscribe();
        let ticket = shared.enqueue(record);
        let mut yielded = false;
        loop {
            if let Some(outcome) = written.borrow_and_update().outcome(ticket) {
                return outcome.map(|()| ticket);
            }
            if !yielded {
                // Let the other requests ready on this worker add their lines first, so one
                // write carries them all: a small write costs the filesystem nearly as much as
                // a large one.
                yielded = true;
                tokio::task::yield_now().await;
                continue;
            }
            match shared.take_batch() {
                Some((lines, upto)) => shared.write_batch(lines, upto),
                None => {
                    if written.changed().await.is_err() {
                        return Err(StoreWriteError {
                            kind: io::ErrorKind::BrokenPipe,
                            message: "the store writer has stopped".into(),
                        });
                    }
                }
            }
        }
    }
}

impl Shared {
    /// Adds the record's line to the buffer and returns its ticket.
    fn enqueue(&self, record: &CaptureRecord) -> u64 {
        thread_local! {
            /// Each worker serializes into its own reused buffer, outside the shared lock:
            /// serializing under it made the workers wait for each other.
            static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LINE.with(|line| {
            let mut line = line.borrow_mut();
            line.clear();
            write_record(&mut line, record);
            line.push(b'\n');
            let mut queue = lock(&self.queue);
            queue.buffer.extend_from_slice(&line);
            queue.last_ticket += 1;
            queue.last_ticket
        })
    }

    /// Everything buffered and the last ticket in it, unless another request is writing (it
    /// will take what is buffered next) or nothing is buffered.
    fn take_batch(&self) -> Option<(Vec<u8>, u64)> {
        let mut queue = lock(&self.queue);
        if queue.writing || queue.buffer.is_empty() {
            return None;
        }
        queue.writing = true;
        let spare = std::mem::take(&mut queue.spare);
        Some((
            std::mem::replace(&mut queue.buffer, spare),
            queue.last_ticket,
        ))
    }

    /// Writes a batch taken by [`Shared::take_batch`] and publishes how it went.
    fn write_batch(&self, mut lines: Vec<u8>, upto: u64) {
        // A write to the page cache: brief, so it is done right here.
        let result = lock(&self.sinks).write(&lines);
        lines.clear();
        let from = {
            let mut queue = lock(&self.queue);
            queue.spare = lines;
            queue.writing = false;
            self.written.borrow().upto + 1
        };
        self.written.send_modify(|state| {
            state.upto = upto;
            if let Err(error) = result {
                state.failures.push_back((from, upto, error));
                if state.failures.len() > REMEMBERED_FAILURES {
                    state.failures.pop_front();
                }
            }
        });
    }
}

impl Written {
    /// How the write of a ticket went, once it is done.
    fn outcome(&self, ticket: u64) -> Option<Result<(), StoreWriteError>> {
        if self.upto < ticket {
            return None;
        }
        Some(
            match self
                .failures
                .iter()
                .find(|(from, to, _)| (*from..=*to).contains(&ticket))
            {
                Some((_, _, error)) => Err(error.clone()),
                None => Ok(()),
            },
        )
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The open store file and what is known of its end.
struct StoreFile {
    path: PathBuf,
    file: Option<File>,
    /// The file's length after our last write. When it still has that length, nobody else
    /// wrote since, and the file is known to end with our newline.
    known_end: Option<u64>,
}

impl StoreFile {
    fn new(path: PathBuf) -> Self {
        StoreFile {
            path,
            file: None,
            known_end: None,
        }
    }

    fn open(&mut self) -> Result<(), StoreWriteError> {
        if self.file.is_some() {
            return Ok(());
        }
        let file = open_private_for_append(&self.path).map_err(|e| self.error("open", e))?;
        self.file = Some(file);
        self.known_end = None;
        Ok(())
    }

    fn error(&self, doing: &str, error: io::Error) -> StoreWriteError {
        StoreWriteError {
            kind: error.kind(),
            message: format!(
                "cannot {doing} the store {}: {}",
                self.path.display(),
                crate::exit::plain_io(&error)
            ),
        }
    }

    fn append_batch(&mut self, lines: &[u8]) -> Result<(), StoreWriteError> {
        self.open()?;
        let result = self.locked_append(lines);
        if result.is_err() {
            // Reopen next time: the file may have been removed or its disk remounted.
            self.file = None;
        }
        result
    }

    fn locked_append(&mut self, lines: &[u8]) -> Result<(), StoreWriteError> {
        let file = self.file.as_ref().expect("opened above");
        file.lock().map_err(|e| self.error("lock", e))?;
        let result = (|| -> Result<u64, (&str, io::Error)> {
            let length = file.metadata().map_err(|e| ("read", e))?.len();
            let mut written = 0u64;
            if length > 0 && self.known_end != Some(length) {
                let last = read_byte_at(file, length - 1).map_err(|e| ("read", e))?;
                if last != b'\n' {
                    (&*file).write_all(b"\n").map_err(|e| ("write", e))?;
                    written += 1;
                }
            }
            (&*file).write_all(lines).map_err(|e| ("write", e))?;
            Ok(length + written + lines.len() as u64)
        })();
        let _ = file.unlock();
        match result {
            Ok(end) => {
                self.known_end = Some(end);
                Ok(())
            }
            Err((doing, error)) => Err(self.error(doing, error)),
        }
    }
}

/// Appends records to a store from synchronous code (`import`), with the same locking and
/// torn-line repair as the listener's writer.
pub fn append_records(path: &Path, records: &[CaptureRecord]) -> Result<(), StoreWriteError> {
    let mut lines = Vec::new();
    for record in records {
        write_record(&mut lines, record);
        lines.push(b'\n');
    }
    if lines.is_empty() {
        return Ok(());
    }
    StoreFile::new(path.to_path_buf()).append_batch(&lines)
}

/// Empties a store under its lock, so a listener appending meanwhile is not cut mid-record.
pub fn clear(path: &Path) -> anyhow::Result<()> {
    let file = match OpenOptions::new().write(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot open the store {}", path.display()))
        }
    };
    file.lock()
        .with_context(|| format!("cannot lock the store {}", path.display()))?;
    let result = file
        .set_len(0)
        .with_context(|| format!("cannot empty the store {}", path.display()));
    // The count remembered for the store would no longer match it: it goes too.
    let _ = std::fs::remove_file(super::count::checkpoint_path(path));
    let _ = file.unlock();
    result
}

/// Remembers which kinds of store failure were already reported, so each is printed once.
#[derive(Default)]
pub struct ReportedFailures(HashSet<io::ErrorKind>);

impl ReportedFailures {
    /// True the first time a kind of failure is seen.
    pub fn first_time(&mut self, kind: io::ErrorKind) -> bool {
        self.0.insert(kind)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn record(id: &str) -> CaptureRecord {
        CaptureRecord {
            id: id.into(),
            received_at: "2026-11-27T00:00:00.000Z".into(),
            remote_addr: "127.0.0.1:1".into(),
            method: "POST".into(),
            path: "/".into(),
            query: None,
            http_version: "HTTP/1.1".into(),
            headers: vec![],
            body: String::new(),
            body_encoding: super::super::BodyEncoding::Utf8,
            body_size: 0,
            response: None,
            latin1_headers: Vec::new(),
            verification: None,
            auth: None,
            trailers: Vec::new(),
            latin1_trailers: Vec::new(),
            expect: None,
            relay: None,
        }
    }

    #[tokio::test]
    async fn a_torn_line_is_skipped_and_the_next_record_starts_on_its_own_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("captures.jsonl");
        let (writer, error) = StoreWriter::start(Some(path.clone()), None);
        assert!(error.is_none());
        writer.append(&record("A")).await.unwrap();
        // A writer killed mid-line leaves half a record and no newline.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"id\":\"torn").unwrap();
        writer.append(&record("B")).await.unwrap();

        let mut reader = StoreReader::open(&path).unwrap();
        let ids: Vec<String> = reader.by_ref().map(|r| r.unwrap().record.id).collect();
        assert_eq!(ids, ["A", "B"]);
        assert_eq!(reader.take_warnings().len(), 1);

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(path.parent().unwrap())
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777,
                0o700
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 64,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5702e),
            ..Default::default()
        })]

        #[test]
        fn any_records_appended_read_back_as_themselves(
            records in proptest::collection::vec(crate::capture::arbitrary::record(), 1..6)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("captures.jsonl");
            append_records(&path, &records).unwrap();
            let mut reader = StoreReader::open(&path).unwrap();
            let read: Vec<CaptureRecord> = reader.by_ref().map(|r| r.unwrap().record).collect();
            proptest::prop_assert!(reader.take_warnings().is_empty());
            proptest::prop_assert_eq!(read, records);
        }
    }

    #[test]
    fn a_store_is_told_from_a_file_of_another_kind() {
        let dir = tempfile::tempdir().unwrap();
        let mut line = Vec::new();
        write_record(&mut line, &record("A"));
        let torn_then_whole = [&b"{\"id\":\"01J"[..], b"\n", &line, b"\n"].concat();
        let torn_short = [&b"{\"i\n"[..], &line, b"\n"].concat();
        let other_log = b"{\"id\":\"evt_1\",\"level\":\"info\"}\n{\"id\":\"evt_2\"}\n";
        let cases: [(&str, &[u8], bool); 10] = [
            ("empty", b"", true),
            ("torn and alone", b"{\"id\":\"01J", true),
            (
                "pretty-printed JSON",
                b"{\n  \"log\": {\"entries\": []}\n}\n",
                false,
            ),
            ("blank", b"\n \n", true),
            ("record", &line, true),
            ("torn first record", &torn_then_whole, true),
            ("torn early", &torn_short, true),
            ("script", b"print('hi')\n", false),
            ("other JSON lines", b"{\"level\":\"info\"}\n", false),
            ("another tool's log with ids", other_log, false),
        ];

        for (name, content, is_store) in cases {
            let path = dir.path().join(name);
            fs::write(&path, content).unwrap();
            assert_eq!(ensure_store(&path).is_ok(), is_store, "{name}");
        }
        assert!(ensure_store(&dir.path().join("not there")).is_ok());
        assert!(ensure_store(Path::new("/dev/full")).is_ok());
    }
}
