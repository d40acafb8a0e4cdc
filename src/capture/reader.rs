//! Reading a store forwards, line by line, never loaded whole: as records, or as raw record
//! lines for those who need no more (`list` writes them as they are, or reads a summary).
//!
//! Every whole line ending in `}` is a record line and takes the next index (the rule
//! `capture::count` and the reading from the end follow too, so indexes agree however a store is
//! read); one that does not decode is skipped with a warning. A last line without a newline
//! takes an index when it is a whole record, and is skipped with a warning as torn otherwise.
//! Other lines (a torn line closed by a later writer's newline) are skipped with a warning and
//! never hide the records around them.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::files::is_device;
use super::line::{is_record_line, read_record, trim_line_end};
use super::CaptureRecord;

/// One record read from the store, with its 1-based position among the store's records.
#[derive(Debug, Clone)]
pub struct StoredCapture {
    pub index: usize,
    pub record: CaptureRecord,
}

/// A record line's index, and the line when it was kept.
pub type LineFound<'a> = (usize, Option<&'a [u8]>);

/// Streams the records of a store in order. Lines that are not records are skipped and
/// described in [`StoreReader::take_warnings`].
pub struct StoreReader {
    path: PathBuf,
    lines: Option<BufReader<File>>,
    line_number: usize,
    index: usize,
    /// The current line when it did not lie whole in the reader's buffer.
    buffer: Vec<u8>,
    /// The current line's length when it lies whole in the reader's buffer (read without a
    /// copy, and consumed when the next line is read); 0 when it is in `buffer`.
    in_place: usize,
    warnings: Vec<String>,
}

impl StoreReader {
    /// Opens a store for reading; a store that does not exist yet reads as empty. Lines that are
    /// not records are skipped, wherever they are: the commands refuse a file of another kind
    /// first (`store::ensure_store`).
    pub fn open(path: &Path) -> anyhow::Result<StoreReader> {
        if path.is_dir() {
            anyhow::bail!(
                "cannot read the store {}: it is a folder; give a file with --store",
                path.display()
            );
        }
        let lines = match File::open(path) {
            // A device (`/dev/full`, `/dev/null`) holds no captures: reading `/dev/full` or
            // `/dev/zero` for a line would never end.
            Ok(file) if file.metadata().is_ok_and(|m| is_device(&m.file_type())) => None,
            Ok(file) => Some(BufReader::with_capacity(256 * 1024, file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read the store {}", path.display()))
            }
        };
        Ok(StoreReader {
            path: path.to_path_buf(),
            lines,
            line_number: 0,
            index: 0,
            buffer: Vec::new(),
            in_place: 0,
            warnings: Vec::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn exists(&self) -> bool {
        self.lines.is_some()
    }

    /// What was skipped so far, one line each, for stderr.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// The next record line's index, and the line when `keep` accepts it (a line it refuses is
    /// counted and passed over: this is how `--grep` reads at memory speed).
    pub fn next_line_where(
        &mut self,
        keep: impl Fn(&[u8]) -> bool,
    ) -> Option<anyhow::Result<LineFound<'_>>> {
        let kept = loop {
            match self.advance()? {
                Err(error) => return Some(Err(error)),
                Ok(false) => continue,
                Ok(true) => break keep(trim_line_end(self.current())),
            }
        };
        let line = trim_line_end(self.current());
        Some(Ok((self.index, kept.then_some(line))))
    }

    /// The next record's index, and the record when `keep` accepts its raw line (see
    /// [`StoreReader::next_line_where`]).
    pub fn next_where(
        &mut self,
        keep: impl Fn(&[u8]) -> bool,
    ) -> Option<anyhow::Result<(usize, Option<StoredCapture>)>> {
        loop {
            let (index, line) = match self.next_line_where(&keep)? {
                Err(error) => return Some(Err(error)),
                Ok((index, None)) => return Some(Ok((index, None))),
                Ok((index, Some(line))) => (index, line),
            };
            match read_record(line) {
                Ok(record) => return Some(Ok((index, Some(StoredCapture { index, record })))),
                Err(error) => {
                    let warning = format!(
                        "skipped line {} of {}: not a capture record ({error})",
                        self.line_number,
                        self.path.display(),
                    );
                    self.warnings.push(warning);
                }
            }
        }
    }

    /// Reads the next line (with its newline): in place when it lies whole in the reader's
    /// buffer, else copied into `buffer`. Returns its length, 0 at the end.
    fn read_line(&mut self) -> io::Result<usize> {
        let Some(lines) = self.lines.as_mut() else {
            return Ok(0);
        };
        lines.consume(std::mem::take(&mut self.in_place));
        let available = lines.fill_buf()?;
        if let Some(newline) = memchr::memchr(b'\n', available) {
            self.in_place = newline + 1;
            return Ok(self.in_place);
        }
        self.buffer.clear();
        lines.read_until(b'\n', &mut self.buffer)
    }

    /// The line last read, with its newline.
    fn current(&self) -> &[u8] {
        match (&self.lines, self.in_place) {
            (Some(lines), length) if length > 0 => &lines.buffer()[..length],
            _ => &self.buffer,
        }
    }

    /// Reads the next line: Ok(true) when it is a record line (and takes the
    /// next index), Ok(false) when it is skipped; None at the end.
    fn advance(&mut self) -> Option<anyhow::Result<bool>> {
        let read = match self.read_line() {
            Ok(read) => read,
            Err(error) => {
                // A store that cannot be read (a folder, a failing disk) ends the stream after
                // its one error, rather than failing at every call.
                self.lines = None;
                return Some(
                    Err(error)
                        .with_context(|| format!("cannot read the store {}", self.path.display())),
                );
            }
        };
        if read == 0 {
            return None;
        }
        self.line_number += 1;
        let current = self.current();
        let complete = current.last() == Some(&b'\n');
        let line = trim_line_end(current);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Some(Ok(false));
        }
        let is_record = if complete {
            is_record_line(line)
        } else {
            read_record(line.trim_ascii_end()).is_ok()
        };
        if is_record {
            self.index += 1;
            return Some(Ok(true));
        }
        let warning = if complete {
            format!(
                "skipped line {} of {}: not a capture record",
                self.line_number,
                self.path.display()
            )
        } else {
            format!(
                "skipped a torn last line in {} (line {}, {} bytes: a write was cut short)",
                self.path.display(),
                self.line_number,
                line.len()
            )
        };
        self.warnings.push(warning);
        Some(Ok(false))
    }
}

impl Iterator for StoreReader {
    type Item = anyhow::Result<StoredCapture>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_where(|_| true)? {
                Err(error) => return Some(Err(error)),
                Ok((_, Some(capture))) => return Some(Ok(capture)),
                Ok((_, None)) => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_across_the_reading_buffer_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("captures.jsonl");
        let lines: Vec<String> = (0..12)
            .map(|n| {
                let body = "x".repeat(60_000 + n * 7_001);
                format!(
                    r#"{{"id":"{n}","received_at":"t","remote_addr":"r","method":"POST","path":"/{n}","query":null,"http_version":"HTTP/1.1","headers":[],"body":"{body}","body_encoding":"utf8","body_size":{}}}"#,
                    body.len()
                )
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let mut reader = StoreReader::open(&path).unwrap();
        let mut read = Vec::new();
        while let Some(found) = reader.next_line_where(|_| true) {
            let (index, line) = found.unwrap();
            read.push((index, String::from_utf8(line.unwrap().to_vec()).unwrap()));
        }
        assert_eq!(read.len(), lines.len());
        for (i, (index, line)) in read.iter().enumerate() {
            assert_eq!((*index, line), (i + 1, &lines[i]));
        }
        assert!(reader.take_warnings().is_empty());
    }
}
