//! How many captures a store holds, counted at memory speed without decoding a record: the
//! number the next capture gets (`listen`'s `#N`), and the indexes of captures read from the
//! store's end (`list --last`, `show`).
//!
//! A line counts when it ends with `}` (a record line always does; a line torn by a killed
//! writer, then closed by the next writer's newline, almost never does), and a last line without
//! a newline counts when it is a whole record, as the forward reader decides. Blank lines do not
//! count. So the count agrees with the indexes `capture::reader::StoreReader` gives.
//!
//! A large store's count is remembered in a checkpoint beside it (`.NAME.count`: an offset, the
//! records before it, and the first bytes of the line before it, which hold that record's id),
//! so that the next count reads only what was appended since: `list --last 20` and `show` then
//! cost the same in a store of ten captures and of ten million. A checkpoint that no longer
//! matches the store (cleared, replaced, rewritten) is ignored; one that cannot be written is
//! done without.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::files::{create_private_file, is_device, read_exact_at};
use super::line::read_record;

/// Stores smaller than this are counted whole every time, and get no checkpoint.
const CHECKPOINT_FROM: u64 = 16 * 1024 * 1024;
/// How many bytes of a line's start are remembered to know it again (its id is in them).
const REMEMBERED: usize = 40;

/// The number of captures in the store at `path` (0 when it does not exist or is a device).
pub fn count_records(path: &Path) -> anyhow::Result<usize> {
    count_records_upto(path, u64::MAX)
}

/// The number of captures in the first `length` bytes of the store (what was there when a
/// reading began, whatever a writer appended since).
pub fn count_records_upto(path: &Path, length: u64) -> anyhow::Result<usize> {
    let context = || format!("cannot read the store {}", path.display());
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e).with_context(context),
    };
    let metadata = file.metadata().with_context(context)?;
    if is_device(&metadata.file_type()) || metadata.is_dir() {
        return Ok(0);
    }
    let length = length.min(metadata.len());
    if length < CHECKPOINT_FROM {
        return Ok(count_in((&file).take(length))
            .with_context(context)?
            .total());
    }
    let checkpoint_path = checkpoint_path(path);
    let start = Checkpoint::read(&checkpoint_path)
        .filter(|c| c.offset <= length && c.matches(&file))
        .unwrap_or_default();
    file.seek(SeekFrom::Start(start.offset))
        .with_context(context)?;
    let counted = count_in((&file).take(length - start.offset)).with_context(context)?;
    if counted.whole_lines_end > 0 {
        let offset = start.offset + counted.whole_lines_end;
        let line_start = start.offset + counted.last_line_start;
        let mut remembered = vec![0u8; REMEMBERED.min((offset - line_start) as usize)];
        if read_exact_at(&file, &mut remembered, line_start).is_ok() {
            let checkpoint = Checkpoint {
                offset,
                records: start.records + counted.lines,
                line_start,
                remembered,
            };
            // Without it, the next count reads the whole store again: slower, not wrong.
            let _ = checkpoint.write(&checkpoint_path);
        }
    }
    Ok(start.records + counted.total())
}

/// `.captures.jsonl.count` beside `captures.jsonl`.
pub fn checkpoint_path(store: &Path) -> PathBuf {
    let name = store
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.with_file_name(format!(".{name}.count"))
}

/// What a count found from where it started.
#[derive(Debug, Default)]
struct Counted {
    /// Record lines ended by a newline.
    lines: usize,
    /// Whether the bytes after the last newline are a whole record.
    tail_is_record: bool,
    /// Where the bytes after the last newline start (0 when there is no newline).
    whole_lines_end: u64,
    /// Where the last line ended by a newline starts.
    last_line_start: u64,
}

impl Counted {
    fn total(&self) -> usize {
        self.lines + usize::from(self.tail_is_record)
    }
}

fn count_in(mut file: impl Read) -> io::Result<Counted> {
    let mut buffer = vec![0u8; 1024 * 1024];
    let mut counted = Counted::default();
    let mut position = 0u64;
    // The last two bytes of the previous block, for a line end that starts a block.
    let mut before = [b'\n', b'\n'];
    // The bytes after the last newline: a torn line, or a whole record without its newline.
    let mut tail: Vec<u8> = Vec::new();
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let block = &buffer[..read];
        let byte_before = |i: usize, back: usize| -> u8 {
            if i >= back {
                block[i - back]
            } else {
                before[2 - (back - i)]
            }
        };
        let mut last_newline = None;
        for newline in memchr::memchr_iter(b'\n', block) {
            let mut end = byte_before(newline, 1);
            if end == b'\r' {
                end = byte_before(newline, 2);
            }
            counted.lines += usize::from(end == b'}');
            counted.last_line_start = counted.whole_lines_end;
            counted.whole_lines_end = position + newline as u64 + 1;
            last_newline = Some(newline);
        }
        match last_newline {
            Some(newline) => {
                tail.clear();
                tail.extend_from_slice(&block[newline + 1..]);
            }
            None => tail.extend_from_slice(block),
        }
        // A tail longer than any record hookcli writes is no record.
        if tail.len() > 256 * 1024 * 1024 {
            tail.clear();
        }
        before = match read {
            1 => [before[1], block[0]],
            _ => [block[read - 2], block[read - 1]],
        };
        position += read as u64;
    }
    let tail = tail.trim_ascii();
    counted.tail_is_record = !tail.is_empty() && read_record(tail).is_ok();
    Ok(counted)
}

/// A count remembered: `records` record lines end before `offset`, and the last of them starts
/// at `line_start` with the bytes `remembered`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Checkpoint {
    offset: u64,
    records: usize,
    line_start: u64,
    remembered: Vec<u8>,
}

impl Checkpoint {
    fn read(path: &Path) -> Option<Checkpoint> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut words = text.split_whitespace();
        if words.next()? != "hookcli-count-1" {
            return None;
        }
        let mut number = || words.next()?.parse::<u64>().ok();
        let (offset, records, line_start) = (number()?, number()?, number()?);
        let remembered = crate::sign::from_hex(words.next()?)?;
        Some(Checkpoint {
            offset,
            records: usize::try_from(records).ok()?,
            line_start,
            remembered,
        })
    }

    /// Whether the store still holds the remembered line where it was.
    fn matches(&self, file: &File) -> bool {
        if self.offset == 0 {
            return true;
        }
        let mut now = vec![0u8; self.remembered.len()];
        read_exact_at(file, &mut now, self.line_start).is_ok() && now == self.remembered
    }

    /// Written whole through a rename, owner-only as the store is.
    fn write(&self, path: &Path) -> io::Result<()> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let text = format!(
            "hookcli-count-1 {} {} {} {}\n",
            self.offset,
            self.records,
            self.line_start,
            crate::sign::to_hex(&self.remembered)
        );
        io::Write::write_all(&mut create_private_file(&partial)?, text.as_bytes())?;
        std::fs::rename(&partial, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &[u8] = br#"{"id":"A","received_at":"t","remote_addr":"r","method":"POST","path":"/","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#;

    #[test]
    fn counts_records_as_the_forward_reader_indexes_them() {
        let dir = tempfile::tempdir().unwrap();
        let record = RECORD;
        let cases: [(&[&[u8]], usize); 6] = [
            (&[], 0),
            (&[record, b"\n", record, b"\r\n\n"], 2),
            (&[record, b"\n{\"id\":\"torn\n", record, b"\n"], 2),
            (&[record, b"\n", record], 2),
            (&[record, b"\n{\"id\":\"torn"], 1),
            (&[b"\n\n", record, b"\n"], 1),
        ];
        for (parts, expected) in cases {
            let path = dir.path().join("store");
            std::fs::write(&path, parts.concat()).unwrap();
            assert_eq!(count_records(&path).unwrap(), expected, "{parts:?}");
            let reader = super::super::reader::StoreReader::open(&path).unwrap();
            assert_eq!(reader.count(), expected);
        }
        assert_eq!(count_records(&dir.path().join("none")).unwrap(), 0);
    }

    #[test]
    fn a_large_store_is_counted_from_its_checkpoint_while_it_still_matches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("captures.jsonl");
        let line = [RECORD, b"\n"].concat();
        let lines = (CHECKPOINT_FROM as usize / line.len()) + 10;
        std::fs::write(&path, line.repeat(lines)).unwrap();
        assert_eq!(count_records(&path).unwrap(), lines);
        let checkpoint = Checkpoint::read(&dir.path().join(".captures.jsonl.count")).unwrap();
        assert_eq!(checkpoint.records, lines);
        // Appended since: only that is read, and counted on top.
        let mut more = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        io::Write::write_all(&mut more, &line.repeat(3)).unwrap();
        assert_eq!(count_records(&path).unwrap(), lines + 3);
        // Rewritten with other lines of the same length: the checkpoint no longer matches.
        let other = [&RECORD.replace_first(b"\"A\"", b"\"B\"")[..], b"\n"].concat();
        std::fs::write(&path, other.repeat(lines + 5)).unwrap();
        assert_eq!(count_records(&path).unwrap(), lines + 5);
        // Cleared: shorter than the checkpoint's offset.
        std::fs::write(&path, &line).unwrap();
        assert_eq!(count_records(&path).unwrap(), 1);
    }

    trait ReplaceFirst {
        fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8>;
    }

    impl ReplaceFirst for [u8] {
        fn replace_first(&self, from: &[u8], to: &[u8]) -> Vec<u8> {
            let at = memchr::memmem::find(self, from).unwrap();
            [&self[..at], to, &self[at + from.len()..]].concat()
        }
    }
}
