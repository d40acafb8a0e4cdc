//! Selectors name captures in the store: `3` (an index from `hookcli list`), `last`, `last~N`
//! (N before the last), or an id or a unique prefix of one. Resolving streams the store once
//! and keeps at most N+1 records in memory, however large the store.

use std::collections::VecDeque;

use crate::exit::Failure;

use super::store::{StoreReader, StoredCapture};

/// The shortest id prefix accepted, so that a short typo does not select by accident.
pub const MIN_PREFIX: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// 1-based position in the store.
    Index(usize),
    /// `last` is `Last(0)`, `last~2` is `Last(2)`.
    Last(usize),
    /// A whole id or a prefix of one (case-insensitive: ULIDs are Crockford base32).
    IdPrefix(String),
    /// `3..7`, both ends included.
    Range(usize, usize),
    /// Every capture.
    All,
}

impl Selector {
    /// Parses any selector, ranges and `all` included (for commands that take many captures).
    pub fn parse_many(text: &str) -> Result<Selector, Failure> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        if let Some((from, to)) = text.split_once("..") {
            let bound = |part: &str| part.trim().parse::<usize>().ok().filter(|n| *n > 0);
            return match (bound(from), bound(to)) {
                (Some(from), Some(to)) if from <= to => Ok(Selector::Range(from, to)),
                _ => Err(Failure::usage(format!(
                    "'{text}' is not a range; write FIRST..LAST with indexes from 1, such as 3..7"
                ))),
            };
        }
        Selector::parse(text)
    }

    /// Parses a selector that names one capture.
    pub fn parse(text: &str) -> Result<Selector, Failure> {
        let text = text.trim();
        let bad = |why: &str| {
            Failure::usage(format!(
                "'{text}' is not a selector: {why}; use an index (3), last, last~N, or an id prefix of at least {MIN_PREFIX} characters"
            ))
        };
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return match text.parse::<usize>() {
                Ok(0) => Err(bad("indexes start at 1")),
                Ok(index) => Ok(Selector::Index(index)),
                Err(_) => Err(bad("the index is too large")),
            };
        }
        if text.eq_ignore_ascii_case("last") {
            return Ok(Selector::Last(0));
        }
        if let Some(back) = text.strip_prefix("last~") {
            return back
                .parse::<usize>()
                .map(Selector::Last)
                .map_err(|_| bad("after last~ comes a number"));
        }
        if text.len() < MIN_PREFIX {
            return Err(bad("an id prefix is too short"));
        }
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(bad("ids hold only letters and digits"));
        }
        Ok(Selector::IdPrefix(text.to_ascii_uppercase()))
    }

    /// The one capture this selector names, streaming the store.
    pub fn resolve_one(&self, reader: &mut StoreReader) -> anyhow::Result<StoredCapture> {
        let store = reader.path().display().to_string();
        match self {
            Selector::Index(index) => {
                let mut count = 0;
                for capture in reader.by_ref() {
                    let capture = capture?;
                    count = capture.index;
                    if capture.index == *index {
                        return Ok(capture);
                    }
                }
                Err(Failure::usage(format!(
                    "there is no capture {index}: the store {store} holds {count}"
                ))
                .into())
            }
            Selector::Last(back) => {
                let mut window: VecDeque<StoredCapture> = VecDeque::with_capacity(back + 1);
                for capture in reader.by_ref() {
                    if window.len() == back + 1 {
                        window.pop_front();
                    }
                    window.push_back(capture?);
                }
                if window.len() == back + 1 {
                    Ok(window.pop_front().expect("window is full"))
                } else if window.is_empty() {
                    Err(Failure::usage(format!("the store {store} has no captures yet")).into())
                } else {
                    Err(Failure::usage(format!(
                        "there is no capture last~{back}: the store {store} holds {}",
                        window.len()
                    ))
                    .into())
                }
            }
            Selector::Range(..) | Selector::All => Err(Failure::usage(
                "this command shows one capture; use an index, last, last~N or an id",
            )
            .into()),
            Selector::IdPrefix(prefix) => {
                let mut found: Option<StoredCapture> = None;
                let mut others: Vec<String> = Vec::new();
                for capture in reader.by_ref() {
                    let capture = capture?;
                    if capture
                        .record
                        .id
                        .to_ascii_uppercase()
                        .starts_with(prefix.as_str())
                    {
                        if found.is_none() {
                            found = Some(capture);
                        } else {
                            others.push(capture.record.id);
                        }
                    }
                }
                match found {
                    None => Err(Failure::usage(format!(
                        "no capture id starts with '{prefix}' in {store}"
                    ))
                    .into()),
                    Some(first) if others.is_empty() => Ok(first),
                    Some(first) => Err(Failure::usage(format!(
                        "'{prefix}' matches {} captures ({}, {}{}); give more characters",
                        others.len() + 1,
                        first.record.id,
                        others[0],
                        if others.len() > 1 { ", ..." } else { "" }
                    ))
                    .into()),
                }
            }
        }
    }
}

/// Which captures a command that takes many works on: selectors and filters, resolved against
/// a source into index ranges so that the records themselves can be streamed afterwards.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub selectors: Vec<Selector>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub since: Option<std::time::SystemTime>,
}

/// The indexes a selection resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexPlan {
    All,
    /// Inclusive ranges, in any order.
    Ranges(Vec<(usize, usize)>),
}

impl IndexPlan {
    pub fn contains(&self, index: usize) -> bool {
        match self {
            IndexPlan::All => true,
            IndexPlan::Ranges(ranges) => ranges
                .iter()
                .any(|(from, to)| (*from..=*to).contains(&index)),
        }
    }

    /// The last index that can match, to stop reading early.
    pub fn last(&self) -> Option<usize> {
        match self {
            IndexPlan::All => None,
            IndexPlan::Ranges(ranges) => ranges.iter().map(|(_, to)| *to).max(),
        }
    }
}

impl Selection {
    pub fn from_args(args: &crate::cli::SelectionArgs) -> Result<Selection, Failure> {
        Ok(Selection {
            selectors: args
                .selectors
                .iter()
                .map(|s| Selector::parse_many(s))
                .collect::<Result<_, _>>()?,
            method: args.method.clone(),
            path: args.path.clone(),
            since: args.since.map(|d| crate::clock::now() - d),
        })
    }

    fn has_filters(&self) -> bool {
        self.method.is_some() || self.path.is_some() || self.since.is_some()
    }

    /// The selectors in force: those given, else `all` with a filter and `last` without.
    fn effective(&self, default_all: bool) -> Vec<Selector> {
        if !self.selectors.is_empty() {
            self.selectors.clone()
        } else if self.has_filters() || default_all {
            vec![Selector::All]
        } else {
            vec![Selector::Last(0)]
        }
    }

    /// Resolves the selectors to indexes. `last~N` and id prefixes need the whole source once
    /// (counting, and checking a prefix is unique); `open` gives a fresh pass over it.
    pub fn plan<I>(
        &self,
        default_all: bool,
        open: impl Fn() -> anyhow::Result<I>,
    ) -> anyhow::Result<IndexPlan>
    where
        I: Iterator<Item = anyhow::Result<StoredCapture>>,
    {
        let selectors = self.effective(default_all);
        if selectors.contains(&Selector::All) {
            return Ok(IndexPlan::All);
        }
        // Every selector is checked against the source once (a count, and unique prefixes), so
        // that one naming a capture that is not there is an error, never silently nothing.
        let mut total = 0;
        let mut matches: Vec<Vec<(usize, String)>> = vec![Vec::new(); selectors.len()];
        for capture in open()? {
            let capture = capture?;
            total = capture.index;
            for (selector, found) in selectors.iter().zip(matches.iter_mut()) {
                if let Selector::IdPrefix(prefix) = selector {
                    if found.len() < 3
                        && capture
                            .record
                            .id
                            .to_ascii_uppercase()
                            .starts_with(prefix.as_str())
                    {
                        found.push((capture.index, capture.record.id.clone()));
                    }
                }
            }
        }
        let mut ranges = Vec::new();
        for (selector, found) in selectors.iter().zip(matches) {
            match selector {
                Selector::Index(index) if *index > total => {
                    return Err(Failure::usage(format!("there is no capture {index}: the source holds {total}")).into())
                }
                Selector::Range(from, to) if *to > total => {
                    return Err(Failure::usage(format!(
                        "the range {from}..{to} goes past the last capture: the source holds {total}"
                    ))
                    .into())
                }
                Selector::Index(index) => ranges.push((*index, *index)),
                Selector::Range(from, to) => ranges.push((*from, *to)),
                Selector::Last(back) => {
                    if *back >= total {
                        return Err(Failure::usage(format!(
                            "there is no capture {}: the source holds {total}",
                            if *back == 0 { "last".to_string() } else { format!("last~{back}") }
                        ))
                        .into());
                    }
                    ranges.push((total - back, total - back));
                }
                Selector::IdPrefix(prefix) => match found.as_slice() {
                    [] => return Err(Failure::usage(format!("no capture id starts with '{prefix}'")).into()),
                    [(index, _)] => ranges.push((*index, *index)),
                    [(_, first), (_, second), ..] => {
                        return Err(Failure::usage(format!(
                            "'{prefix}' matches several captures ({first}, {second}, ...); give more characters"
                        ))
                        .into())
                    }
                },
                Selector::All => unreachable!("handled above"),
            }
        }
        Ok(IndexPlan::Ranges(ranges))
    }

    /// Whether a record passes the filters.
    pub fn matches(&self, record: &super::CaptureRecord) -> bool {
        if let Some(method) = &self.method {
            if !record.method.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        if let Some(pattern) = &self.path {
            if !glob_match(pattern.as_bytes(), record.path.as_bytes()) {
                return false;
            }
        }
        if let Some(since) = self.since {
            if crate::clock::parse_rfc3339(&record.received_at).is_none_or(|at| at < since) {
                return false;
            }
        }
        true
    }
}

/// `*` matches any run of characters (slashes included), `?` any one; all else itself.
pub fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_paths() {
        assert!(glob_match(b"/hooks/*", b"/hooks/github/push"));
        assert!(glob_match(b"*push", b"/hooks/github/push"));
        assert!(glob_match(b"/a?c", b"/abc"));
        assert!(!glob_match(b"/hooks/*/x", b"/other/a/x"));
        assert!(glob_match(b"*", b""));
    }

    #[test]
    fn ranges_and_all_parse_for_many() {
        assert_eq!(Selector::parse_many("3..7").unwrap(), Selector::Range(3, 7));
        assert_eq!(Selector::parse_many("ALL").unwrap(), Selector::All);
        assert!(Selector::parse_many("7..3").is_err());
        assert!(Selector::parse_many("0..3").is_err());
        assert_eq!(Selector::parse_many("last~1").unwrap(), Selector::Last(1));
    }

    #[test]
    fn selectors_parse() {
        assert_eq!(Selector::parse("3").unwrap(), Selector::Index(3));
        assert_eq!(Selector::parse("last").unwrap(), Selector::Last(0));
        assert_eq!(Selector::parse("last~2").unwrap(), Selector::Last(2));
        assert_eq!(
            Selector::parse("01jab").unwrap(),
            Selector::IdPrefix("01JAB".into())
        );
        assert!(Selector::parse("0").is_err());
        assert!(Selector::parse("abc").is_err());
        assert!(Selector::parse("last~x").is_err());
        assert!(Selector::parse("ab/cd").is_err());
    }
}
