//! How many captures a store holds, counted at memory speed without decoding a record: the
//! number the next capture gets (`listen`'s `#N`), and the indexes of captures read from the
//! store's end (`list --last`, `show`).
//!
//! A line counts when it ends with `}` (a record line always does; a line torn by a killed
//! writer, then closed by the next writer's newline, almost never does), and a last line without
//! a newline counts when it is a whole record, as the forward reader decides. Blank lines do not
//! count. So the count agrees with the indexes [`super::store::StoreReader`] gives.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::Context;

use super::files::is_device;
use super::line::read_record;

/// The number of captures in the store at `path` (0 when it does not exist or is a device).
pub fn count_records(path: &Path) -> anyhow::Result<usize> {
    count_records_upto(path, u64::MAX)
}

/// The number of captures in the first `length` bytes of the store (what was there when a
/// reading began, whatever a writer appended since).
pub fn count_records_upto(path: &Path, length: u64) -> anyhow::Result<usize> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the store {}", path.display()))
        }
    };
    if file
        .metadata()
        .is_ok_and(|m| is_device(&m.file_type()) || m.is_dir())
    {
        return Ok(0);
    }
    count_in(file.take(length)).with_context(|| format!("cannot read the store {}", path.display()))
}

fn count_in(mut file: impl Read) -> io::Result<usize> {
    let mut buffer = vec![0u8; 1024 * 1024];
    let mut count = 0;
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
            count += usize::from(end == b'}');
            last_newline = Some(newline);
        }
        match last_newline {
            Some(newline) => {
                tail.clear();
                tail.extend_from_slice(&block[newline + 1..]);
            }
            None => tail.extend_from_slice(block),
        }
        // A tail longer than any record hookcli writes is no record: keep only its end.
        if tail.len() > 256 * 1024 * 1024 {
            tail.clear();
        }
        before = match read {
            1 => [before[1], block[0]],
            _ => [block[read - 2], block[read - 1]],
        };
    }
    let tail = tail.trim_ascii();
    Ok(count + usize::from(!tail.is_empty() && read_record(tail).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_records_as_the_forward_reader_indexes_them() {
        let dir = tempfile::tempdir().unwrap();
        let record = br#"{"id":"A","received_at":"t","remote_addr":"r","method":"POST","path":"/","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#;
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
            let reader = super::super::store::StoreReader::open(&path).unwrap();
            assert_eq!(reader.count(), expected);
        }
        assert_eq!(count_records(&dir.path().join("none")).unwrap(), 0);
    }
}
