//! Reading a store from its end: whole lines, newest first, in blocks read backwards, so that
//! `last`, `last~N`, `show` and `list --last N` cost the same in a store of ten captures and of
//! ten million.
//!
//! This yields raw lines and where they start; deciding which are records (and the torn-tail
//! rule) is the selection's business (`capture::pick`), and reading forwards stays with
//! `capture::reader::StoreReader`.

use std::fs::File;
use std::io;

use super::files::read_exact_at;

/// The first block read; a line longer than what is held doubles the next read.
const BLOCK: usize = 256 * 1024;

/// One line read from the end.
pub struct BackLine<'a> {
    /// Where the line starts in the file.
    pub offset: u64,
    /// The line without its line end (`\n` or `\r\n`).
    pub bytes: &'a [u8],
    /// False for a last line with no newline after it (a write cut short, or still going on).
    pub complete: bool,
}

/// The lines of a file from the last to the first.
pub struct BackwardLines {
    file: File,
    /// Bytes of the file from `start` up to the end of what is not yet yielded.
    held: Vec<u8>,
    start: u64,
    /// The length of `held` to keep at the next call (the line yielded last is dropped then).
    keep: usize,
    /// Whether the line yielded next is the file's last, which may lack its newline.
    at_end: bool,
    next_read: usize,
}

impl BackwardLines {
    /// Reads `file` backwards from `end` (its length, or where an earlier reading stopped).
    pub fn new(file: File, end: u64) -> BackwardLines {
        BackwardLines {
            file,
            held: Vec::new(),
            start: end,
            keep: 0,
            at_end: true,
            next_read: BLOCK,
        }
    }

    /// The line before the last one yielded, or None at the file's start. Blank lines are
    /// yielded as empty ones.
    pub fn next_line(&mut self) -> io::Result<Option<BackLine<'_>>> {
        self.held.truncate(self.keep);
        if self.held.is_empty() && !self.read_block()? {
            return Ok(None);
        }
        let complete = self.held.last() == Some(&b'\n');
        debug_assert!(
            complete || self.at_end,
            "only the last line may lack its newline"
        );
        self.at_end = false;
        // The line end's length stays the same while blocks are put before the held bytes.
        let end_length = usize::from(complete);
        let line_start = loop {
            let content_end = self.held.len() - end_length;
            if let Some(newline) = memchr::memrchr(b'\n', &self.held[..content_end]) {
                break newline + 1;
            }
            if !self.read_block()? {
                break 0;
            }
            // A line longer than a block: read more at a time.
            self.next_read = (self.next_read * 2).min(64 * 1024 * 1024);
        };
        self.keep = line_start;
        let content_end = self.held.len() - end_length;
        let mut bytes = &self.held[line_start..content_end];
        if complete {
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        }
        Ok(Some(BackLine {
            offset: self.start + line_start as u64,
            bytes,
            complete,
        }))
    }

    /// Prepends the block before `start`; false when the file's start was reached already.
    fn read_block(&mut self) -> io::Result<bool> {
        if self.start == 0 {
            return Ok(false);
        }
        let size = (self.next_read as u64).min(self.start) as usize;
        let from = self.start - size as u64;
        let mut block = vec![0u8; size + self.held.len()];
        read_exact_at(&self.file, &mut block[..size], from)?;
        block[size..].copy_from_slice(&self.held);
        self.held = block;
        self.start = from;
        self.keep = self.held.len();
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(content: &[u8], block: usize) -> Vec<(u64, String, bool)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lines");
        std::fs::write(&path, content).unwrap();
        let file = File::open(&path).unwrap();
        let mut lines = BackwardLines::new(file, content.len() as u64);
        lines.next_read = block;
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push((
                line.offset,
                String::from_utf8(line.bytes.to_vec()).unwrap(),
                line.complete,
            ));
        }
        out
    }

    #[test]
    fn lines_come_newest_first_whatever_the_block_size() {
        let content = b"first\r\n\nthe third line is long\ntorn";
        for block in [1, 2, 3, 7, 64, BLOCK] {
            assert_eq!(
                lines_of(content, block),
                [
                    (31, "torn".to_string(), false),
                    (8, "the third line is long".to_string(), true),
                    (7, String::new(), true),
                    (0, "first".to_string(), true),
                ],
                "block {block}"
            );
        }
        assert!(lines_of(b"", 4).is_empty());
        assert_eq!(lines_of(b"a\n", 1), [(0, "a".to_string(), true)]);
    }
}
