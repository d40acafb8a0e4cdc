//! Where captures are read from: the store, another hookcli store (`--from store.jsonl`), or a
//! HAR file (`--from session.har`), told apart by their content, not their name. Stores are
//! streamed; a HAR file is one JSON document and is read whole.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::store::{StoreReader, StoredCapture};
use super::CaptureRecord;
use crate::exit::Failure;
use crate::har;

pub enum CaptureSource {
    Store(PathBuf),
    Har {
        name: String,
        records: Vec<CaptureRecord>,
    },
}

impl CaptureSource {
    /// `--from FILE` when given, else the store.
    pub fn open(from: Option<&Path>, store: &Path) -> anyhow::Result<CaptureSource> {
        let Some(path) = from else {
            // Checked now: the first read may come from the replay's reading thread, after
            // sending has begun.
            super::store::ensure_store(store)?;
            return Ok(CaptureSource::Store(store.to_path_buf()));
        };
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::usage(format!("cannot read --from {}: {e}", path.display())))?;
        if file
            .metadata()
            .is_ok_and(|m| super::store::is_device(&m.file_type()))
        {
            return Err(Failure::usage(format!(
                "--from {} is a device, not a store or a HAR file",
                path.display()
            ))
            .into());
        }
        drop(file);
        if super::store::looks_like_store(path)? {
            return Ok(CaptureSource::Store(path.to_path_buf()));
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.display().to_string();
        let looks_like_har = serde_json::from_slice::<serde_json::Value>(&bytes)
            .is_ok_and(|v| har::looks_like_har(&v));
        if !looks_like_har {
            return Err(Failure::usage(format!(
                "{name} is neither a hookcli store (JSON Lines of captures) nor a HAR file"
            ))
            .into());
        }
        let records = har::import(&bytes, &name)?;
        Ok(CaptureSource::Har { name, records })
    }

    pub fn name(&self) -> String {
        match self {
            CaptureSource::Store(path) => path.display().to_string(),
            CaptureSource::Har { name, .. } => name.clone(),
        }
    }

    /// A fresh pass over the captures, in order.
    pub fn captures(&self) -> anyhow::Result<Captures<'_>> {
        Ok(match self {
            CaptureSource::Store(path) => Captures::Store(StoreReader::open(path)?),
            CaptureSource::Har { records, .. } => Captures::Har(records.iter().enumerate()),
        })
    }
}

pub enum Captures<'a> {
    Store(StoreReader),
    Har(std::iter::Enumerate<std::slice::Iter<'a, CaptureRecord>>),
}

impl Captures<'_> {
    /// Lines of the store that were skipped, for stderr.
    pub fn take_warnings(&mut self) -> Vec<String> {
        match self {
            Captures::Store(reader) => reader.take_warnings(),
            Captures::Har(_) => Vec::new(),
        }
    }
}

impl Captures<'_> {
    /// The next capture's index, and its record line when `keep` accepts it (see
    /// [`StoreReader::next_line_where`]; a HAR file's records are written as lines for it),
    /// copied into `line`.
    pub fn next_line_into(
        &mut self,
        line: &mut Vec<u8>,
        keep: impl Fn(&[u8]) -> bool,
    ) -> Option<anyhow::Result<(usize, bool)>> {
        line.clear();
        match self {
            Captures::Store(reader) => Some(reader.next_line_where(keep)?.map(|(index, found)| {
                if let Some(found) = found {
                    line.extend_from_slice(found);
                }
                (index, found.is_some())
            })),
            Captures::Har(records) => {
                let (i, record) = records.next()?;
                super::line::write_record(line, record);
                Some(Ok((i + 1, keep(line))))
            }
        }
    }
}

impl Iterator for Captures<'_> {
    type Item = anyhow::Result<StoredCapture>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Captures::Store(reader) => reader.next(),
            Captures::Har(records) => records.next().map(|(i, record)| {
                Ok(StoredCapture {
                    index: i + 1,
                    record: record.clone(),
                })
            }),
        }
    }
}
