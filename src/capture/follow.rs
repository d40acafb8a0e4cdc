//! Following a store as other processes append to it (`list --follow`), as `tail -f` does:
//! woken by the file system's notifications (inotify, kqueue, through the `notify` crate) and,
//! where they are missing or lost, by polling. A store that is cleared or replaced while
//! followed is read again from its start, with a warning.
//!
//! Only whole lines are read: a line still being written waits for its newline.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;

use super::line::read_record;
use super::store::StoredCapture;

/// How often the store is looked at when no notification comes.
const POLL: Duration = Duration::from_millis(250);

/// What one look at a followed store found.
pub enum Followed {
    Captures(Vec<StoredCapture>),
    /// The store was cleared or replaced: reading starts again from its start.
    Restarted(String),
}

pub struct Follower {
    path: PathBuf,
    /// Where the next unread line starts.
    offset: u64,
    /// The index of the last capture read.
    index: usize,
    identity: Option<Identity>,
    /// The start of the last line read and its first bytes (they hold the record's id): a
    /// store cleared and written again past the offset is told by them no longer being there.
    last_line: Option<(u64, Vec<u8>)>,
    events: mpsc::Receiver<()>,
    // Kept alive for its notifications; None when the platform gives none (polling only).
    _watcher: Option<notify::RecommendedWatcher>,
}

/// Which file a path named when last looked at, to tell a replaced store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
}

fn identity(metadata: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Identity {
            device: metadata.dev(),
            inode: metadata.ino(),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Identity {}
    }
}

impl Follower {
    /// Follows the store from `offset` (where the listing stopped), whose captures before it
    /// number `index`.
    pub fn new(path: &Path, offset: u64, index: usize) -> Follower {
        let (sender, events) = mpsc::channel();
        let watcher = watch(path, sender);
        Follower {
            path: path.to_path_buf(),
            offset,
            index,
            identity: std::fs::metadata(path).ok().map(|m| identity(&m)),
            last_line: None,
            events,
            _watcher: watcher,
        }
    }

    /// Waits until captures are appended (or the store is cleared or replaced).
    pub fn wait_for_more(&mut self) -> anyhow::Result<Followed> {
        loop {
            if let Some(found) = self.look()? {
                return Ok(found);
            }
            // A notification, or the poll's interval: either way, look again.
            let _ = self.events.recv_timeout(POLL);
            while self.events.try_recv().is_ok() {}
        }
    }

    fn look(&mut self) -> anyhow::Result<Option<Followed>> {
        let metadata = match std::fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            // Removed: it may come back (`clear`, a rotation).
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read the store {}", self.path.display()))
            }
        };
        let now = Some(identity(&metadata));
        if now != self.identity || metadata.len() < self.offset || !self.last_line_is_there()? {
            // A store missing when following began (a listener not started yet, a typo) has
            // no earlier file to have been replaced: it was created.
            let said = if self.identity.is_none() {
                format!("{} was created", self.path.display())
            } else {
                let what = if now != self.identity {
                    "replaced"
                } else {
                    "cleared"
                };
                format!(
                    "the store {} was {what}; reading it again from its start",
                    self.path.display()
                )
            };
            self.identity = now;
            self.offset = 0;
            self.index = 0;
            self.last_line = None;
            return Ok(Some(Followed::Restarted(said)));
        }
        if metadata.len() == self.offset {
            return Ok(None);
        }
        let captures = self.read_new(metadata.len())?;
        Ok((!captures.is_empty()).then_some(Followed::Captures(captures)))
    }

    fn last_line_is_there(&self) -> anyhow::Result<bool> {
        let Some((offset, start)) = &self.last_line else {
            return Ok(true);
        };
        let Ok(file) = File::open(&self.path) else {
            return Ok(true);
        };
        let mut now = vec![0u8; start.len()];
        Ok(super::files::read_exact_at(&file, &mut now, *offset).is_ok() && &now == start)
    }

    /// The whole lines between the offset and `end`.
    fn read_new(&mut self, end: u64) -> anyhow::Result<Vec<StoredCapture>> {
        let context = || format!("cannot read the store {}", self.path.display());
        let mut file = File::open(&self.path).with_context(context)?;
        file.seek(SeekFrom::Start(self.offset))
            .with_context(context)?;
        let mut bytes = Vec::new();
        file.take(end - self.offset)
            .read_to_end(&mut bytes)
            .with_context(context)?;
        let Some(last_newline) = memchr::memrchr(b'\n', &bytes) else {
            return Ok(Vec::new());
        };
        let last_start = memchr::memrchr(b'\n', &bytes[..last_newline]).map_or(0, |n| n + 1);
        let remembered = &bytes[last_start..last_newline.min(last_start + 40)];
        self.last_line = Some((self.offset + last_start as u64, remembered.to_vec()));
        self.offset += last_newline as u64 + 1;
        let mut captures = Vec::new();
        for line in bytes[..last_newline].split(|b| *b == b'\n') {
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            // A line that is no record (a torn one closed by a later writer) is passed over,
            // as the forward reader does.
            if let Ok(record) = read_record(line) {
                self.index += 1;
                captures.push(StoredCapture {
                    index: self.index,
                    record,
                });
            }
        }
        Ok(captures)
    }
}

/// Watches the store's folder (the store may not exist yet, or be replaced); None when the
/// platform gives no notifications, and polling alone then finds new captures.
fn watch(path: &Path, sender: mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Only changes wake the follower: its own reads of the store are events too (opening and
    // reading a file in a watched folder), and waking on them made it read in a loop.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|event| !matches!(event.kind, notify::EventKind::Access(_))) {
            let _ = sender.send(());
        }
    })
    .ok()?;
    watcher
        .watch(folder, notify::RecursiveMode::NonRecursive)
        .ok()?;
    Some(watcher)
}
