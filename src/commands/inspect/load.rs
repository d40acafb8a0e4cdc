//! Where the inspector's captures come from: the last ones of the store, read from its end
//! through the one selection (so opening costs the same in any store's size), then those
//! appended later, from `capture::follow` on a thread that hands them over a channel and so
//! never holds up a key. A store not there yet is said so, and followed until it is created.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::capture::follow::{Followed, Follower};
use crate::capture::resolve::{Ask, Default};
use crate::capture::select::Selection;
use crate::capture::source::CaptureSource;
use crate::capture::store::StoredCapture;

/// How many of the newest captures are read when the inspector opens (or a filter applies).
pub const OPENING_CAPTURES: usize = 2000;
/// The most body bytes those captures keep: in a store of large bodies, fewer are held, so
/// memory stays bounded (the newest are kept, and always one).
pub const OPENING_BODY_BYTES: usize = 64 * 1024 * 1024;

pub struct Opened {
    pub captures: Vec<StoredCapture>,
    pub warnings: Vec<String>,
    /// Where following starts: the store, its length when read, and the captures before it.
    pub follow_from: Option<(PathBuf, u64, usize)>,
}

/// The newest captures of the source, and where to follow it from (a store; a HAR file is
/// read once).
pub fn open(source: &CaptureSource) -> anyhow::Result<Opened> {
    let end = match source {
        CaptureSource::Store(path) => {
            Some(std::fs::metadata(path).map_or(0, |m| if m.is_file() { m.len() } else { 0 }))
        }
        CaptureSource::Har { .. } => None,
    };
    let (mut captures, mut warnings) = newest(source, &Selection::default())?;
    // A store that is not there yet opens empty, as a listener will create it; said, because
    // a mistyped --store would otherwise wait silently on "No captures yet".
    if let CaptureSource::Store(path) = source {
        if !path.exists() {
            let missing = format!(
                "{} does not exist yet; waiting for captures",
                path.display()
            );
            warnings.insert(0, missing);
        }
    }
    let follow_from = match (source, end) {
        (CaptureSource::Store(path), Some(end)) => {
            let before = crate::capture::count::count_records_upto(path, end)?;
            // What a writer appended while the end was read comes again from the follower.
            captures.retain(|capture| capture.index <= before);
            Some((path.clone(), end, before))
        }
        _ => None,
    };
    Ok(Opened {
        captures,
        warnings,
        follow_from,
    })
}

/// The newest [`OPENING_CAPTURES`] captures of the selection, read from the store's end, and
/// the warnings about lines passed over.
pub fn newest(
    source: &CaptureSource,
    selection: &Selection,
) -> anyhow::Result<(Vec<StoredCapture>, Vec<String>)> {
    let mut selected = selection.resolve(
        source,
        Ask {
            default: Default::All,
            keep_last: Some(OPENING_CAPTURES),
            numbered: true,
        },
    )?;
    let mut captures = std::collections::VecDeque::new();
    let mut body_bytes = 0;
    for capture in selected.by_ref() {
        let capture = capture?;
        body_bytes += capture.record.body.len();
        captures.push_back(capture);
        while body_bytes > OPENING_BODY_BYTES && captures.len() > 1 {
            if let Some(oldest) = captures.pop_front() {
                body_bytes -= oldest.record.body.len();
            }
        }
    }
    Ok((captures.into(), selected.take_warnings()))
}

/// Follows the store from `end` on a thread; what it finds comes over the channel.
pub fn follow(path: &Path, end: u64, before: usize) -> mpsc::Receiver<anyhow::Result<Followed>> {
    let (sender, receiver) = mpsc::channel();
    // Made here rather than on the thread, so that it knows the store as it was when opened:
    // a store created in between is said to have been created, not found already there.
    let mut follower = Follower::new(path, end, before);
    std::thread::spawn(move || {
        loop {
            let found = follower.wait_for_more();
            let failed = found.is_err();
            // The inspector has quit when no one receives.
            if sender.send(found).is_err() || failed {
                break;
            }
        }
    });
    receiver
}
