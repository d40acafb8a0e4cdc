//! The record of what the inspector sent: each `r` replay and each `e` edit-and-send is one
//! JSON line appended to `replays.jsonl` in the store's folder (also when inspecting `--from`
//! a file, which may be a download or somebody else's: hookcli writes only into its own
//! folder). A line holds the time, what was done, and the fields of `replay --json`'s result
//! lines (serialized by the same type), so one tool reads both:
//! `{"time","what","index","id","method","url","status","reason","elapsed_ms","attempts","error"}`.
//!
//! Each line is written by the replay's own thread with one append of the whole line, so the
//! screen never waits on the disk, and lines from replays answered at once do not interleave.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context;

use crate::commands::replay::ReplayResult;

/// The log's file name, in the store's folder.
pub const FILE_NAME: &str = "replays.jsonl";

/// Where replays are recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayLog {
    path: PathBuf,
}

/// One line: when, what, then `replay --json`'s fields.
#[derive(serde::Serialize)]
struct Line<'a> {
    time: String,
    what: &'a str,
    #[serde(flatten)]
    result: &'a ReplayResult<'a>,
}

impl ReplayLog {
    /// The log beside the store at `store`.
    pub fn beside(store: &Path) -> ReplayLog {
        let folder = store.parent().unwrap_or(Path::new(""));
        ReplayLog {
            path: folder.join(FILE_NAME),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one attempt: `what` (`replayed`, `sent as edited`) done at `time`, with its
    /// result. The file is created owner-only, as the store is: URLs carry tokens.
    pub(crate) fn append(
        &self,
        time: SystemTime,
        what: &str,
        result: &ReplayResult,
    ) -> anyhow::Result<()> {
        let line = Line {
            time: crate::clock::rfc3339_millis(time),
            what,
            result,
        };
        let mut bytes = serde_json::to_vec(&line).context("cannot write a replay log line")?;
        bytes.push(b'\n');
        let mut file = crate::capture::files::open_private_for_append(&self.path)
            .with_context(|| format!("cannot open the replay log {}", self.path.display()))?;
        file.write_all(&bytes)
            .with_context(|| format!("cannot write the replay log {}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::replay::Url;

    #[test]
    fn a_line_is_the_time_what_was_done_and_replay_json_s_fields() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReplayLog::beside(&dir.path().join("captures.jsonl"));
        assert_eq!(log.path(), dir.path().join("replays.jsonl"));
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_700_000_000_123);
        let answered = ReplayResult {
            index: 4,
            id: "01J",
            method: "POST",
            url: Url("http://127.0.0.1:9", "/to/hooks?a=1"),
            status: Some(202),
            reason: Some("Accepted"),
            elapsed_ms: Some(3.25),
            attempts: Some(1),
            error: None,
        };
        log.append(at, "replayed", &answered).unwrap();
        let failed = ReplayResult::not_sent(4, "01J", "connection refused");
        log.append(at, "sent as edited", &failed).unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            r#"{"time":"2023-11-14T22:13:20.123Z","what":"replayed","index":4,"id":"01J","method":"POST","url":"http://127.0.0.1:9/to/hooks?a=1","status":202,"reason":"Accepted","elapsed_ms":3.25,"attempts":1,"error":null}"#
        );
        assert!(
            lines[1].contains(r#""what":"sent as edited""#),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].ends_with(r#""error":"connection refused"}"#),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn a_log_that_cannot_be_written_says_where() {
        let dir = tempfile::tempdir().unwrap();
        // The store's "folder" is a file: the log cannot be created in it.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let log = ReplayLog::beside(&blocker.join("captures.jsonl"));
        let failed = ReplayResult::not_sent(1, "i", "x");
        let error = log
            .append(SystemTime::UNIX_EPOCH, "replayed", &failed)
            .unwrap_err();
        assert!(format!("{error:#}").contains("replays.jsonl"), "{error:#}");
    }
}
