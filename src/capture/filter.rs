//! The filters of a selection (`--method`, `--path`, `--since`, `--until`, `--status`, `--grep`,
//! `--where`): whether one capture passes. `--grep` first looks for its text in the raw store
//! line with `memchr::memmem`, so a store is searched at memory speed and only lines that may
//! match are decoded.

use std::time::SystemTime;

use memchr::memmem;

use super::query::Query;
use super::CaptureRecord;

/// A time bound: a duration before now (`1h`), or a moment (RFC 3339).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBound {
    Ago(std::time::Duration),
    At(SystemTime),
}

impl TimeBound {
    /// `1h`, `90s`, or `2026-12-06T10:00:00Z` (any offset).
    pub fn parse(text: &str) -> Result<TimeBound, String> {
        if let Ok(duration) = humantime::parse_duration(text.trim()) {
            return Ok(TimeBound::Ago(duration));
        }
        crate::clock::parse_rfc3339(text).map(TimeBound::At).ok_or_else(|| {
            format!("'{text}' is neither a duration (1h, 30m) nor an RFC 3339 time (2026-12-06T10:00:00Z)")
        })
    }

    fn moment(self, now: SystemTime) -> SystemTime {
        match self {
            TimeBound::Ago(duration) => now.checked_sub(duration).unwrap_or(SystemTime::UNIX_EPOCH),
            TimeBound::At(at) => at,
        }
    }
}

/// `--status`: `201`, `4xx`, or a list of them (`200,3xx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusSet(Vec<(u16, u16)>);

impl StatusSet {
    pub fn parse(text: &str) -> Result<StatusSet, String> {
        let mut ranges = Vec::new();
        for part in text.split(',').map(str::trim) {
            let range = match part.as_bytes() {
                [digit @ b'1'..=b'5', b'x' | b'X', b'x' | b'X'] => {
                    let hundred = u16::from(digit - b'0') * 100;
                    Some((hundred, hundred + 99))
                }
                _ => part
                    .parse::<u16>()
                    .ok()
                    .filter(|s| (100..=599).contains(s))
                    .map(|s| (s, s)),
            };
            ranges.push(range.ok_or_else(|| {
                format!("'{part}' is not a status; write 201, 4xx, or a list such as 200,3xx")
            })?);
        }
        Ok(StatusSet(ranges))
    }

    pub fn matches(&self, status: u16) -> bool {
        self.0
            .iter()
            .any(|(from, to)| (*from..=*to).contains(&status))
    }
}

/// Every filter given; a capture passes when it passes them all.
#[derive(Debug, Default)]
pub struct Filters {
    pub method: Option<String>,
    pub path: Option<String>,
    pub since: Option<SystemTime>,
    pub until: Option<SystemTime>,
    pub status: Option<StatusSet>,
    pub grep: Option<Grep>,
    pub query: Option<Query>,
}

/// The raw parts of the filters, as the command line gives them.
#[derive(Debug, Default)]
pub struct FilterSpec {
    pub method: Option<String>,
    pub path: Option<String>,
    pub since: Option<TimeBound>,
    pub until: Option<TimeBound>,
    pub status: Option<StatusSet>,
    pub grep: Option<String>,
    pub query: Option<String>,
}

impl Filters {
    /// Compiles the filters; a `--where` that is not valid jq is a usage error with its column.
    pub fn new(spec: FilterSpec) -> Result<Filters, crate::exit::Failure> {
        let now = crate::clock::now();
        let query = match &spec.query {
            Some(text) => Some(
                Query::compile(text)
                    .map_err(|e| crate::exit::Failure::usage(format!("--where: {e}")))?,
            ),
            None => None,
        };
        Ok(Filters {
            method: spec.method,
            path: spec.path,
            since: spec.since.map(|b| b.moment(now)),
            until: spec.until.map(|b| b.moment(now)),
            status: spec.status,
            grep: spec.grep.map(Grep::new),
            query,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.method.is_none()
            && self.path.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.status.is_none()
            && self.grep.is_none()
            && self.query.is_none()
    }

    /// False when the raw store line cannot hold a capture that passes (`--grep` finds nothing
    /// in it); true when it may, and the record must be decoded to tell.
    pub fn may_match_line(&self, line: &[u8]) -> bool {
        self.grep
            .as_ref()
            .is_none_or(|grep| grep.may_match_line(line))
    }

    /// Whether a record passes every filter.
    pub fn matches(&self, record: &CaptureRecord) -> bool {
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
        if self.since.is_some() || self.until.is_some() {
            let Some(at) = crate::clock::parse_rfc3339(&record.received_at) else {
                return false;
            };
            if self.since.is_some_and(|since| at < since)
                || self.until.is_some_and(|until| at > until)
            {
                return false;
            }
        }
        if let Some(status) = &self.status {
            if !record
                .response
                .as_ref()
                .is_some_and(|r| status.matches(r.status))
            {
                return false;
            }
        }
        if let Some(grep) = &self.grep {
            if !grep.matches(record) {
                return false;
            }
        }
        if let Some(query) = &self.query {
            // An expression that raises an error on a capture does not select it.
            if !query.holds(record).unwrap_or(false) {
                return false;
            }
        }
        true
    }
}

/// `--grep TEXT`: the text in the path, the query, a header value or the body (its bytes, as
/// received), case-sensitive.
#[derive(Debug)]
pub struct Grep {
    finder: memmem::Finder<'static>,
    /// Whether the text is written as itself in a store line: JSON escapes `"`, `\` and control
    /// characters, so a line cannot be ruled out by a text holding them.
    literal_in_lines: bool,
}

/// How a line whose body is stored as base64 reads just before its `body_size` field.
const BASE64_BODY: &[u8] = br#""body_encoding":"base64","body_size":"#;
/// The `body_size` field, looked for from the line's end: the body comes before it, so only the
/// short tail of the line is read.
const BODY_SIZE: &[u8] = br#","body_size":"#;

impl Grep {
    pub fn new(text: String) -> Grep {
        let literal_in_lines = !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
        Grep {
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            literal_in_lines,
        }
    }

    fn may_match_line(&self, line: &[u8]) -> bool {
        // A base64 body's text is not in the line: such a line is decoded to be searched.
        !self.literal_in_lines || self.finder.find(line).is_some() || body_is_base64(line)
    }

    pub fn matches(&self, record: &CaptureRecord) -> bool {
        let found = |text: &[u8]| self.finder.find(text).is_some();
        found(record.path.as_bytes())
            || record.query.as_deref().is_some_and(|q| found(q.as_bytes()))
            || record
                .headers
                .iter()
                .any(|(_, value)| found(value.as_bytes()))
            || record.body_bytes().is_ok_and(|body| found(&body))
    }
}

/// Whether a record line's body is stored as base64 (a line written in another field order is
/// taken to be, so that it is decoded and searched).
fn body_is_base64(line: &[u8]) -> bool {
    match memmem::rfind(line, BODY_SIZE) {
        Some(at) => line[..at + BODY_SIZE.len()].ends_with(BASE64_BODY),
        None => true,
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
    fn time_bounds_are_durations_or_moments() {
        assert_eq!(
            TimeBound::parse("1h"),
            Ok(TimeBound::Ago(std::time::Duration::from_secs(3600)))
        );
        assert!(matches!(
            TimeBound::parse("2026-12-06T10:00:00Z"),
            Ok(TimeBound::At(_))
        ));
        assert!(TimeBound::parse("yesterday").is_err());
    }

    #[test]
    fn statuses_are_codes_classes_or_lists() {
        let set = StatusSet::parse("201,4xx").unwrap();
        assert!(set.matches(201) && set.matches(404) && !set.matches(200));
        assert!(StatusSet::parse("2yy").is_err());
        assert!(StatusSet::parse("99").is_err());
    }

    #[test]
    fn grep_rules_out_lines_only_when_it_may() {
        let grep = Grep::new("needle".into());
        assert!(!grep
            .may_match_line(br#"{"id":"x","body":"hay","body_encoding":"utf8","body_size":3}"#));
        assert!(grep.may_match_line(br#"{"id":"x","body":"a needle"}"#));
        assert!(
            grep.may_match_line(br#"{"body":"bmVlZGxl","body_encoding":"base64","body_size":6}"#)
        );
        assert!(
            grep.may_match_line(br#"{"body":"bmVlZGxl"}"#),
            "no body_size: decoded"
        );
        let quoted = Grep::new("say \"hi\"".into());
        assert!(quoted.may_match_line(b"{}"));
    }
}
