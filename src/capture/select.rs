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
}

impl Selector {
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

#[cfg(test)]
mod tests {
    use super::*;

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
