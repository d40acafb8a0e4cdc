//! When a rule applies: every part it gives must hold (method, path glob, query and header
//! globs, a jq expression over the record).

use crate::capture::filter::glob_match;
use crate::capture::query::Query;
use crate::capture::CaptureRecord;

/// Whether a rule's method can match a request: a method as HTTP spells one, or `*` for any.
pub fn is_rule_method(text: &str) -> bool {
    text == "*" || http::Method::from_bytes(text.as_bytes()).is_ok()
}

/// Whether a rule's path glob can match a request's path, which always starts with `/`.
pub fn can_match_a_path(glob: &str) -> bool {
    glob.starts_with('/') || glob.starts_with('*')
}

#[derive(Default)]
pub struct Matcher {
    /// Uppercase; `None` for any method.
    pub method: Option<String>,
    pub path: Option<String>,
    /// Query parameter name (decoded) to a glob one of its values must match.
    pub query: Vec<(String, String)>,
    /// Header name (any case) to a glob one of its values must match.
    pub header: Vec<(String, String)>,
    pub expression: Option<Query>,
}

impl Matcher {
    pub fn holds(&self, record: &CaptureRecord) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(&record.method))
            && self
                .path
                .as_deref()
                .is_none_or(|p| glob_match(p.as_bytes(), record.path.as_bytes()))
            && self.query.iter().all(|(name, pattern)| {
                let query = record.query.as_deref().unwrap_or("");
                form_urlencoded::parse(query.as_bytes()).any(|(n, v)| {
                    n == name.as_str() && glob_match(pattern.as_bytes(), v.as_bytes())
                })
            })
            && self.header.iter().all(|(name, pattern)| {
                record.headers.iter().any(|(n, v)| {
                    n.eq_ignore_ascii_case(name) && glob_match(pattern.as_bytes(), v.as_bytes())
                })
            })
            && self
                .expression
                .as_ref()
                .is_none_or(|query| query.holds(record).unwrap_or(false))
    }
}
