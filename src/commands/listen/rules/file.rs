//! The rules file: TOML, read by the `toml` crate into ordered `[[rule]]` tables, each checked
//! whole before any is used. An error names the file, the line and the key, so a rule that
//! is wrong at start-up (exit 2) or after an edit (a warning) is found at once.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::capture::query::Query;
use crate::capture::SharedHeaders;
use crate::exit::Failure;

use super::super::forward::Forwarder;
use super::matcher::Matcher;
use super::{ForwardSettings, Rule, RuleAnswer};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: Option<String>,
    #[serde(rename = "match", default)]
    matching: MatchSpec,
    status: Option<Spanned<toml::Value>>,
    headers: Option<Spanned<toml::Table>>,
    body: Option<String>,
    body_file: Option<Spanned<String>>,
    delay: Option<Spanned<String>>,
    forward_to: Option<Spanned<String>>,
    #[serde(default)]
    drop: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MatchSpec {
    method: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    query: Option<Spanned<toml::Table>>,
    header: Option<Spanned<toml::Table>>,
    #[serde(rename = "where")]
    expression: Option<Spanned<String>>,
}

/// Reads and checks every rule of the file.
pub fn read(path: &Path, forward: &ForwardSettings) -> Result<Vec<Rule>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read --rules {}: {e}", path.display())))?;
    let at = |offset: usize, what: &str| {
        Failure::usage(format!(
            "--rules {} line {}: {what}",
            path.display(),
            line_of(&text, offset)
        ))
    };
    let parsed: RulesFile = toml::from_str(&text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        at(offset, error.message().trim())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    parsed
        .rule
        .into_iter()
        .map(|spec| rule(spec, base, forward).map_err(|(offset, what)| at(offset, &what)))
        .collect()
}

/// A checked rule, or the offset and text of what is wrong with it.
fn rule(spec: RuleSpec, base: &Path, forward: &ForwardSettings) -> Result<Rule, (usize, String)> {
    let matcher = matcher(spec.matching)?;
    let statuses = spec.status.map(statuses).transpose()?;
    let headers = spec.headers.map(headers).transpose()?;
    let body = match (spec.body, spec.body_file) {
        (Some(_), Some(file)) => {
            return Err((file.span().start, "give body or body_file, not both".into()))
        }
        (Some(text), None) => Some(bytes::Bytes::from(text)),
        (None, Some(file)) => {
            let full = base.join(file.get_ref());
            let bytes = std::fs::read(&full).map_err(|e| {
                (
                    file.span().start,
                    format!("body_file {}: {e}", full.display()),
                )
            })?;
            Some(bytes::Bytes::from(bytes))
        }
        (None, None) => None,
    };
    let delay = spec
        .delay
        .map(|delay| {
            humantime::parse_duration(delay.get_ref()).map_err(|e| {
                (
                    delay.span().start,
                    format!(
                        "delay '{}' is not a duration ({e}); write it as \"700ms\" or \"2s\"",
                        delay.get_ref()
                    ),
                )
            })
        })
        .transpose()?;
    let forward = spec
        .forward_to
        .map(|url| {
            Forwarder::new(
                url.get_ref(),
                forward.timeout,
                &forward.tls,
                &forward.proxies,
                forward.connect_timeout,
            )
            .map_err(|failure| (url.span().start, format!("forward_to: {}", failure.message)))
        })
        .transpose()?;
    let answer = RuleAnswer {
        statuses,
        headers,
        body,
        delay,
        forward,
        drop: spec.drop,
    };
    Ok(Rule::new(spec.name, matcher, answer))
}

fn matcher(spec: MatchSpec) -> Result<Matcher, (usize, String)> {
    let expression = spec
        .expression
        .map(|text| {
            Query::compile(text.get_ref())
                .map_err(|e| (text.span().start, format!("match.where: {e}")))
        })
        .transpose()?;
    if let Some(method) = &spec.method {
        let text = method.get_ref();
        if !super::matcher::is_rule_method(text) {
            let why = format!("match.method '{text}' is not a method (letters only, or *)");
            return Err((method.span().start, why));
        }
    }
    if let Some(path) = &spec.path {
        let text = path.get_ref();
        if !super::matcher::can_match_a_path(text) {
            let why = format!(
                "match.path '{text}' does not start with / (or a * glob), so it could never match"
            );
            return Err((path.span().start, why));
        }
    }
    Ok(Matcher {
        method: spec
            .method
            .map(|m| m.into_inner().to_ascii_uppercase())
            .filter(|m| m != "*"),
        path: spec.path.map(Spanned::into_inner),
        query: spec
            .query
            .map(|table| strings(table, "match.query"))
            .transpose()?
            .unwrap_or_default(),
        header: spec
            .header
            .map(|table| strings(table, "match.header"))
            .transpose()?
            .unwrap_or_default(),
        expression,
    })
}

/// `status = 201` or `status = [500, 500, 201]`.
fn statuses(status: Spanned<toml::Value>) -> Result<Vec<u16>, (usize, String)> {
    let offset = status.span().start;
    let not_a_status = || {
        (
            offset,
            "status must be a number or a list of numbers, such as 201 or [500, 500, 201]"
                .to_string(),
        )
    };
    let list: Vec<i64> = match status.into_inner() {
        toml::Value::Integer(status) => vec![status],
        toml::Value::Array(list) => list
            .iter()
            .map(|value| value.as_integer().ok_or_else(not_a_status))
            .collect::<Result<_, _>>()?,
        _ => return Err(not_a_status()),
    };
    if list.is_empty() {
        return Err((offset, "status is an empty list".into()));
    }
    list.into_iter()
        .map(|status| {
            u16::try_from(status)
                .ok()
                .filter(|s| crate::http::status::is_final_status(*s))
                .ok_or_else(|| {
                    (
                        offset,
                        format!("status {status} is not a final status code (200 to 999)"),
                    )
                })
        })
        .collect()
}

fn headers(table: Spanned<toml::Table>) -> Result<SharedHeaders, (usize, String)> {
    let offset = table.span().start;
    let pairs = strings(table, "headers")?;
    for (name, value) in &pairs {
        if crate::http::wire::hop::is_set_by_the_server(name) {
            return Err((
                offset,
                format!("headers.{name}: hookcli frames the answer itself; leave it out"),
            ));
        }
        if http::HeaderName::from_bytes(name.as_bytes()).is_err()
            || http::HeaderValue::from_str(value).is_err()
        {
            return Err((offset, format!("headers.{name} is not a valid header")));
        }
    }
    Ok(pairs.into())
}

/// A table of strings, in the file's order.
fn strings(
    table: Spanned<toml::Table>,
    key: &str,
) -> Result<Vec<(String, String)>, (usize, String)> {
    let offset = table.span().start;
    table
        .into_inner()
        .into_iter()
        .map(|(name, value)| match value {
            toml::Value::String(text) => Ok((name, text)),
            other => Err((
                offset,
                format!("{key}.{name} must be a string, not {}", other.type_str()),
            )),
        })
        .collect()
}

/// The line (from 1) that holds `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
