//! The one resolver of a [`Selection`] against a source, for `list`, `show`, `replay` and
//! `export`. Selectors that count from the end (`last`, `last~N`, and `list --last N` or `show`
//! over the filters) read the store backwards from its end ([`super::backwards`]) and then
//! forwards from the first capture picked, so they cost the same whatever the store's size;
//! indexes, ranges and id prefixes stream it forwards and stop once the answer is settled (an id
//! prefix is proven unique by reading to the end). Memory stays bounded: records are streamed,
//! and what is kept is at most the N a command asked for.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::backwards::BackwardLines;
use super::filter::Filters;
use super::line::read_record;
use super::select::{Selection, Selector};
use super::source::{CaptureSource, Captures};
use super::store::StoredCapture;
use crate::exit::Failure;

/// What no selector means when no filter is given either (with a filter: every capture).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    Last,
    All,
}

/// How a command reads its selection.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    pub default: Default,
    /// Only the last N of the selection (`list --last N`; `show` keeps 1).
    pub keep_last: Option<usize>,
    /// Whether captures read from the end need their index (a table, a block's `#N`): the
    /// store's lines are then counted (at memory speed, without decoding).
    pub numbered: bool,
}

/// The selected captures, in store order.
pub struct Selected<'a> {
    kind: Kind<'a>,
    warnings: Vec<String>,
    /// The record line [`Selected::next_line`] hands out.
    line: Vec<u8>,
}

enum Kind<'a> {
    Stream(Stream<'a>),
    /// The captures kept, and how many record lines were skipped reading them.
    Held(std::vec::IntoIter<StoredCapture>, usize),
    Picked(Picked),
}

impl Selected<'_> {
    /// How many selected record lines were skipped because they did not decode.
    pub fn undecoded(&self) -> usize {
        match &self.kind {
            Kind::Stream(stream) => stream.undecoded,
            Kind::Picked(picked) => picked.undecoded,
            Kind::Held(_, undecoded) => *undecoded,
        }
    }

    /// Lines of the store that were skipped, for stderr.
    pub fn take_warnings(&mut self) -> Vec<String> {
        let mut warnings = std::mem::take(&mut self.warnings);
        if let Kind::Stream(stream) = &mut self.kind {
            warnings.extend(stream.captures.take_warnings());
            warnings.append(&mut stream.warnings);
        }
        warnings
    }
}

impl Selected<'_> {
    /// The next selected capture as its index and its record line, decoded only where a filter
    /// needs it: for `list`, which writes lines as they are or reads a summary of them.
    pub fn next_line(&mut self) -> Option<anyhow::Result<(usize, &[u8])>> {
        let found = match &mut self.kind {
            Kind::Stream(stream) => stream.next_line(&mut self.line),
            Kind::Held(held, _) => held.next().map(|capture| {
                self.line.clear();
                super::line::write_record(&mut self.line, &capture.record);
                Ok(capture.index)
            }),
            Kind::Picked(picked) => picked.next_line(&mut self.line),
        };
        Some(found?.map(|index| (index, self.line.as_slice())))
    }
}

impl Iterator for Selected<'_> {
    type Item = anyhow::Result<StoredCapture>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.kind {
            Kind::Stream(stream) => stream.next(),
            Kind::Held(held, _) => held.next().map(Ok),
            Kind::Picked(picked) => picked.next(&mut self.warnings),
        }
    }
}

impl Selection {
    /// The selectors in force: those given, else `all` with a filter and the default without.
    fn effective(&self, default: Default) -> Vec<Selector> {
        if !self.selectors.is_empty() {
            self.selectors.clone()
        } else if !self.filters.is_empty() || default == Default::All {
            vec![Selector::All]
        } else {
            vec![Selector::Last(0)]
        }
    }

    /// Resolves the selection against a source. Errors for selectors that name nothing (an
    /// index past the end, an unknown or ambiguous id prefix) come before any capture.
    pub fn resolve<'a>(
        &'a self,
        source: &'a CaptureSource,
        ask: Ask,
    ) -> anyhow::Result<Selected<'a>> {
        let selectors = self.effective(ask.default);
        if let CaptureSource::Store(path) = source {
            let from_end = if selectors.iter().all(|s| matches!(s, Selector::Last(_))) {
                Some(FromEnd::Backs(
                    selectors
                        .iter()
                        .map(|s| match s {
                            Selector::Last(back) => *back,
                            _ => unreachable!("all are last~N"),
                        })
                        .collect(),
                ))
            } else if selectors == [Selector::All] {
                ask.keep_last.map(FromEnd::Matching)
            } else {
                None
            };
            if let Some(want) = from_end {
                return read_from_end(path, &self.filters, want, ask);
            }
        }
        let plan = forward_plan(source, &selectors)?;
        let stream = Stream {
            captures: source.captures()?,
            filters: &self.filters,
            plan,
            seen: 0,
            ended: false,
            name: described(source),
            line: Vec::new(),
            warnings: Vec::new(),
            undecoded: 0,
        };
        match ask.keep_last {
            None => Ok(Selected {
                kind: Kind::Stream(stream),
                warnings: Vec::new(),
                line: Vec::new(),
            }),
            Some(keep) => {
                let mut stream = stream;
                let mut window = VecDeque::new();
                for capture in stream.by_ref() {
                    if window.len() == keep {
                        window.pop_front();
                    }
                    if keep > 0 {
                        window.push_back(capture?);
                    }
                }
                let mut warnings = stream.captures.take_warnings();
                warnings.append(&mut stream.warnings);
                Ok(Selected {
                    kind: Kind::Held(Vec::from(window).into_iter(), stream.undecoded),
                    warnings,
                    line: Vec::new(),
                })
            }
        }
    }
}

/// Which indexes a forward reading keeps.
struct Plan {
    /// Inclusive ranges; None for every capture.
    ranges: Option<Vec<(usize, usize)>>,
    /// The last index that can be kept, to stop reading there.
    last: Option<usize>,
}

fn forward_plan(source: &CaptureSource, selectors: &[Selector]) -> anyhow::Result<Plan> {
    if selectors.contains(&Selector::All) {
        return Ok(Plan {
            ranges: None,
            last: None,
        });
    }
    let prefixes: Vec<&str> = selectors
        .iter()
        .filter_map(|s| match s {
            Selector::IdPrefix(prefix) => Some(prefix.as_str()),
            _ => None,
        })
        .collect();
    let (mut total, hits) = if prefixes.is_empty() {
        (None, Vec::new())
    } else {
        let (total, hits) = find_prefixes(source, &prefixes)?;
        (Some(total), hits)
    };
    // One index alone is checked when the reading gets there (or does not); anything else is
    // checked before the first capture, so that `replay` sends nothing for a bad selection.
    let lone_index = matches!(selectors, [Selector::Index(_)]);
    if total.is_none() && !lone_index {
        total = Some(match source {
            CaptureSource::Store(path) => super::count::count_records(path)?,
            CaptureSource::Har { records, .. } => records.len(),
        });
    }
    let name = described(source);
    let mut ranges = Vec::new();
    let mut hits = hits.into_iter();
    for selector in selectors {
        let range = match (selector, total) {
            (Selector::Index(index), Some(total)) if *index > total => {
                return Err(no_capture(&index.to_string(), &name, total));
            }
            (Selector::Range(from, to), Some(total)) if *to > total => {
                return Err(Failure::usage(format!(
                    "the range {from}..{to} goes past the last capture: {name} holds {total}"
                ))
                .into());
            }
            (Selector::Index(index), _) => (*index, *index),
            (Selector::Range(from, to), _) => (*from, *to),
            (Selector::Last(back), Some(total)) => {
                if *back >= total {
                    return Err(no_capture(&last_name(*back), &name, total));
                }
                (total - back, total - back)
            }
            (Selector::IdPrefix(_), _) => {
                let index = hits.next().expect("one hit per prefix")?;
                (index, index)
            }
            (Selector::All, _) | (Selector::Last(_), None) => unreachable!("handled above"),
        };
        ranges.push(range);
    }
    let last = ranges.iter().map(|(_, to)| *to).max();
    Ok(Plan {
        ranges: Some(ranges),
        last,
    })
}

/// The source as messages name it: `the store PATH`, or a HAR file's name.
fn described(source: &CaptureSource) -> String {
    match source {
        CaptureSource::Store(path) => format!("the store {}", path.display()),
        CaptureSource::Har { name, .. } => name.clone(),
    }
}

fn last_name(back: usize) -> String {
    if back == 0 {
        "last".to_string()
    } else {
        format!("last~{back}")
    }
}

fn no_capture(what: &str, name: &str, total: usize) -> anyhow::Error {
    if total == 0 {
        Failure::usage(format!("{name} has no captures yet")).into()
    } else {
        Failure::usage(format!("there is no capture {what}: {name} holds {total}")).into()
    }
}

/// How a record line starts: its id comes first.
const ID_FIELD: &[u8] = br#"{"id":""#;

/// Reads the whole source once for the id prefixes: the index each names (or why none), and
/// the number of captures.
fn find_prefixes(
    source: &CaptureSource,
    prefixes: &[&str],
) -> anyhow::Result<(usize, Vec<anyhow::Result<usize>>)> {
    // Per prefix: how many ids start with it, and the first two (index, id).
    let mut found: Vec<(usize, Vec<(usize, String)>)> = vec![(0, Vec::new()); prefixes.len()];
    let mut total = 0;
    let mut captures = source.captures()?;
    let mut line = Vec::new();
    // Lines are told by their start, where the id is written, and only those that may match
    // are decoded: the whole store is read at memory speed to prove a prefix unique.
    let may_match = |line: &[u8]| match line.strip_prefix(ID_FIELD) {
        Some(id) => prefixes.iter().any(|prefix| {
            id.get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
        }),
        None => true,
    };
    while let Some(next) = captures.next_line_into(&mut line, may_match) {
        let (index, kept) = next?;
        total = index;
        if !kept {
            continue;
        }
        let Ok(record) = read_record(&line) else {
            continue;
        };
        let id = record.id.to_ascii_uppercase();
        for (prefix, (count, first)) in prefixes.iter().zip(found.iter_mut()) {
            if id.starts_with(prefix) {
                *count += 1;
                if first.len() < 2 {
                    first.push((index, record.id.clone()));
                }
            }
        }
    }
    let name = described(source);
    let hits = prefixes
        .iter()
        .zip(found)
        .map(|(prefix, (count, first))| match first.as_slice() {
            [] => Err(
                Failure::usage(format!("no capture id starts with '{prefix}' in {name}")).into(),
            ),
            [(index, _)] => Ok(*index),
            [(_, one), (_, two), ..] => Err(Failure::usage(format!(
                "'{prefix}' matches {count} captures ({one}, {two}{}); give more characters",
                if count > 2 { ", ..." } else { "" }
            ))
            .into()),
        })
        .collect();
    Ok((total, hits))
}

/// A forward reading that keeps the planned indexes that pass the filters.
struct Stream<'a> {
    captures: Captures<'a>,
    filters: &'a Filters,
    plan: Plan,
    /// The last index read.
    seen: usize,
    ended: bool,
    name: String,
    /// The line being read, for [`Iterator::next`].
    line: Vec<u8>,
    warnings: Vec<String>,
    /// Record lines skipped because they did not decode.
    undecoded: usize,
}

impl Stream<'_> {
    /// The next planned capture that passes the filters: its index, with its line in `line`,
    /// and its record when the filters decoded it.
    fn next_kept(
        &mut self,
        line: &mut Vec<u8>,
    ) -> Option<anyhow::Result<(usize, Option<super::CaptureRecord>)>> {
        if self.ended {
            return None;
        }
        let filters = self.filters;
        loop {
            if self.plan.last.is_some_and(|last| self.seen >= last) {
                self.ended = true;
                return None;
            }
            let index = match self
                .captures
                .next_line_into(line, |line| filters.may_match_line(line))
            {
                None => {
                    self.ended = true;
                    // A lone index past the end (checked here rather than by counting first).
                    let last = self.plan.last?;
                    return (last > self.seen)
                        .then(|| Err(no_capture(&last.to_string(), &self.name, self.seen)));
                }
                Some(Err(error)) => return Some(Err(error)),
                Some(Ok((index, kept))) => {
                    self.seen = index;
                    if !kept {
                        continue;
                    }
                    index
                }
            };
            let planned = self.plan.ranges.as_ref().is_none_or(|ranges| {
                ranges
                    .iter()
                    .any(|(from, to)| (*from..=*to).contains(&index))
            });
            if !planned {
                continue;
            }
            if filters.is_empty() {
                return Some(Ok((index, None)));
            }
            match self.decode(index, line) {
                Some(record) if filters.matches(&record) => return Some(Ok((index, Some(record)))),
                _ => continue,
            }
        }
    }

    /// The record on a line, or None with a warning.
    fn decode(&mut self, index: usize, line: &[u8]) -> Option<super::CaptureRecord> {
        read_record(line)
            .map_err(|error| {
                self.undecoded += 1;
                self.warnings.push(format!(
                    "skipped capture {index} of {}: not a capture record ({error})",
                    self.name
                ))
            })
            .ok()
    }

    /// As [`Iterator::next`], for the record line (copied into `line`) and its index.
    fn next_line(&mut self, line: &mut Vec<u8>) -> Option<anyhow::Result<usize>> {
        Some(self.next_kept(line)?.map(|(index, _)| index))
    }
}

impl Iterator for Stream<'_> {
    type Item = anyhow::Result<StoredCapture>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = std::mem::take(&mut self.line);
        let found = loop {
            match self.next_kept(&mut line) {
                None => break None,
                Some(Err(error)) => break Some(Err(error)),
                Some(Ok((index, Some(record)))) => break Some(Ok(StoredCapture { index, record })),
                Some(Ok((index, None))) => {
                    if let Some(record) = self.decode(index, &line) {
                        break Some(Ok(StoredCapture { index, record }));
                    }
                }
            }
        };
        self.line = line;
        found
    }
}

/// What a reading from the end looks for.
enum FromEnd {
    /// These positions from the end (`last` is 0, `last~2` is 2).
    Backs(Vec<usize>),
    /// The last N captures that pass the filters.
    Matching(usize),
}

/// Reads the store from its end for what `want` names, then hands the captures over in store
/// order.
fn read_from_end<'a>(
    path: &Path,
    filters: &Filters,
    want: FromEnd,
    ask: Ask,
) -> anyhow::Result<Selected<'a>> {
    let context = || format!("cannot read the store {}", path.display());
    let file = match File::open(path) {
        Ok(file) if file.metadata().is_ok_and(|m| m.is_file()) => file,
        Ok(_) => return empty_from_end(path, &want),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return empty_from_end(path, &want),
        Err(e) => return Err(e).with_context(context),
    };
    let length = file.metadata().with_context(context)?.len();
    let mut lines = BackwardLines::new(file.try_clone().with_context(context)?, length);
    let mut scan = Scan::default();
    let deepest = match &want {
        FromEnd::Backs(backs) => backs.iter().copied().max().unwrap_or(0),
        FromEnd::Matching(_) => usize::MAX,
    };
    let enough = |picked: usize| matches!(want, FromEnd::Matching(n) if picked >= n);
    if !enough(0) {
        while let Some(line) = lines.next_line().with_context(context)? {
            let Some(back) = scan.count(path, &line) else {
                continue;
            };
            let wanted = match &want {
                FromEnd::Backs(backs) => backs.contains(&back),
                FromEnd::Matching(_) => true,
            };
            if wanted && passes(filters, line.bytes) {
                scan.picked.push((line.offset, back));
            }
            if back >= deepest || enough(scan.picked.len()) {
                scan.stopped_early = true;
                break;
            }
        }
    }
    if let FromEnd::Backs(backs) = &want {
        if let Some(missing) = backs.iter().find(|back| **back >= scan.records) {
            return Err(no_capture(
                &last_name(*missing),
                &format!("the store {}", path.display()),
                scan.records,
            ));
        }
    }
    let total = match (ask.numbered, scan.stopped_early) {
        (false, _) => None,
        (true, false) => Some(scan.records),
        (true, true) => Some(super::count::count_records_upto(path, length)?),
    };
    scan.picked.reverse();
    if let Some(keep) = ask.keep_last {
        let extra = scan.picked.len().saturating_sub(keep);
        scan.picked.drain(..extra);
    }
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let at = scan.picked.first().map_or(0, |(offset, _)| *offset);
    reader.seek(SeekFrom::Start(at)).with_context(context)?;
    Ok(Selected {
        kind: Kind::Picked(Picked {
            path: path.to_path_buf(),
            reader,
            at,
            wanted: scan.picked.into_iter(),
            total,
            line: Vec::new(),
            undecoded: 0,
        }),
        warnings: scan.warnings,
        line: Vec::new(),
    })
}

fn empty_from_end<'a>(path: &Path, want: &FromEnd) -> anyhow::Result<Selected<'a>> {
    if let FromEnd::Backs(backs) = want {
        if let Some(back) = backs.first() {
            return Err(no_capture(
                &last_name(*back),
                &format!("the store {}", path.display()),
                0,
            ));
        }
    }
    Ok(Selected {
        kind: Kind::Held(Vec::new().into_iter(), 0),
        warnings: Vec::new(),
        line: Vec::new(),
    })
}

/// Whether a raw line's record passes the filters (decoded only when it may).
fn passes(filters: &Filters, line: &[u8]) -> bool {
    filters.is_empty()
        || (filters.may_match_line(line)
            && read_record(line).is_ok_and(|record| filters.matches(&record)))
}

/// What a reading from the end has seen.
#[derive(Default)]
struct Scan {
    /// Record lines seen, from the end.
    records: usize,
    /// (offset, position from the end) of the captures picked, newest first.
    picked: Vec<(u64, usize)>,
    warnings: Vec<String>,
    stopped_early: bool,
}

impl Scan {
    /// The line's position from the end when it is a record line, by the rule the count
    /// follows (a whole line ending in `}`, or a last line that is a whole record); a torn last
    /// line and other lines are skipped with a warning.
    fn count(&mut self, path: &Path, line: &super::backwards::BackLine<'_>) -> Option<usize> {
        let bytes = line.bytes;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let is_record = if line.complete {
            super::line::is_record_line(bytes)
        } else {
            read_record(bytes.trim_ascii_end()).is_ok()
        };
        if !is_record {
            self.warnings.push(if line.complete {
                format!(
                    "skipped a line of {} at byte {}: not a capture record",
                    path.display(),
                    line.offset
                )
            } else {
                format!(
                    "skipped a torn last line in {} ({} bytes: a write was cut short)",
                    path.display(),
                    bytes.len()
                )
            });
            return None;
        }
        self.records += 1;
        Some(self.records - 1)
    }
}

/// The captures a reading from the end picked, read forwards from the first of them.
struct Picked {
    path: PathBuf,
    reader: BufReader<File>,
    /// The offset the reader is at.
    at: u64,
    wanted: std::vec::IntoIter<(u64, usize)>,
    /// The number of captures in the store, for indexes.
    total: Option<usize>,
    line: Vec<u8>,
    /// Picked lines skipped because they did not decode.
    undecoded: usize,
}

impl Picked {
    /// The next picked capture; one whose line does not decode is skipped with a warning, as
    /// the forward reader skips it.
    fn next(&mut self, warnings: &mut Vec<String>) -> Option<anyhow::Result<StoredCapture>> {
        loop {
            let (offset, back) = self.wanted.next()?;
            if let Err(error) = self.read_line_at(offset) {
                return Some(Err(error));
            }
            match read_record(self.line.trim_ascii_end()) {
                Ok(record) => {
                    let index = self.total.map_or(0, |total| total - back);
                    return Some(Ok(StoredCapture { index, record }));
                }
                Err(error) => {
                    self.undecoded += 1;
                    warnings.push(format!(
                        "skipped capture {} of the store {}: not a capture record ({error})",
                        self.total
                            .map_or_else(|| last_name(back), |total| (total - back).to_string()),
                        self.path.display()
                    ))
                }
            }
        }
    }

    /// The next picked capture's record line, read into `line`, and its index.
    fn next_line(&mut self, line: &mut Vec<u8>) -> Option<anyhow::Result<usize>> {
        let (offset, back) = self.wanted.next()?;
        let index = self.total.map_or(0, |total| total - back);
        Some(self.read_line_at(offset).map(|()| {
            line.clear();
            line.extend_from_slice(self.line.trim_ascii_end());
            index
        }))
    }

    fn read_line_at(&mut self, offset: u64) -> anyhow::Result<()> {
        let context = || format!("cannot read the store {}", self.path.display());
        self.reader
            .seek_relative(offset as i64 - self.at as i64)
            .with_context(context)?;
        self.line.clear();
        let read = self
            .reader
            .read_until(b'\n', &mut self.line)
            .with_context(context)?;
        self.at = offset + read as u64;
        Ok(())
    }
}
