//! The selection: selectors name captures in the store (`3`, an index from `hookcli list`;
//! `3..7`; `last`; `last~N`, N before the last; `all`; an id or a unique prefix of one), and
//! filters (`capture::filter`) keep those that pass. How a selection is read from a store is
//! `capture::resolve`'s business.

use crate::exit::Failure;

use super::filter::{FilterSpec, Filters};

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
}

/// Which captures a command works on: selectors and filters. `list`, `show`, `replay` and
/// `export` take the same, and `Selection::resolve` (in `capture::resolve`) is the one resolver behind them all.
#[derive(Debug, Default)]
pub struct Selection {
    pub selectors: Vec<Selector>,
    pub filters: Filters,
}

impl Selection {
    /// Parses the selectors (ranges and `all` included) and compiles the filters.
    pub fn new(selectors: &[String], filters: FilterSpec) -> Result<Selection, Failure> {
        Ok(Selection {
            selectors: selectors
                .iter()
                .map(|s| Selector::parse_many(s))
                .collect::<Result<_, _>>()?,
            filters: Filters::new(filters)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
