//! Expressions in the jq language over a capture (`--where`, `--expect`, a rule's `where`),
//! through the `jaq` crates: no hand-written expression parser.
//!
//! An expression sees the record as stored, with three variables that make common questions
//! short: `$json` (the body parsed as JSON, null when it is not JSON), `$form` (a form body as an
//! object of arrays) and `$headers` (lowercase header names to arrays of values). A capture
//! passes when the expression's first output is truthy (neither false nor null); no output, or
//! an error, does not pass.

use std::fmt;

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{data, unwrap_valr, Compiler, Ctx, ValT, Vars};
use jaq_json::Val;
use serde_json::{Map, Value};

use super::CaptureRecord;

type Data = data::JustLut<Val>;

/// The variables every expression may use, in the order their values are given.
const VARIABLES: [&str; 3] = ["$json", "$form", "$headers"];

/// A compiled expression, with its text to name it in messages.
pub struct Query {
    text: String,
    filter: jaq_core::compile::Filter<jaq_core::Native<Data>>,
}

impl fmt::Debug for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Query").field(&self.text).finish()
    }
}

/// An expression's first output, as far as passing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Truthy,
    False,
    Null,
    Nothing,
}

impl Outcome {
    /// `gave false`, as a failed expectation is reported.
    pub fn said(self) -> &'static str {
        match self {
            Outcome::Truthy => "held",
            Outcome::False => "gave false",
            Outcome::Null => "gave null",
            Outcome::Nothing => "gave no output",
        }
    }
}

/// Why an expression does not compile, with the column where jaq stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

impl Query {
    pub fn compile(text: &str) -> Result<Query, QueryError> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs::<Data>()
            .chain(jaq_std::funs::<Data>())
            .chain(jaq_json::funs::<Data>());
        let loader = Loader::new(defs);
        let arena = Arena::default();
        let modules = loader
            .load(
                &arena,
                File {
                    code: text,
                    path: (),
                },
            )
            .map_err(|errors| load_error(text, errors))?;
        let filter = Compiler::default()
            .with_funs(funs)
            .with_global_vars(VARIABLES)
            .compile(modules)
            .map_err(|errors| {
                let undefined: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, names)| names)
                    .map(|(name, kind)| {
                        format!(
                            "undefined {} '{name}' at column {}",
                            kind.as_str(),
                            column(text, name)
                        )
                    })
                    .collect();
                error(text, &undefined.join("; "))
            })?;
        Ok(Query {
            text: text.to_string(),
            filter,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the record passes: the first output is neither false nor null.
    pub fn holds(&self, record: &CaptureRecord) -> Result<bool, String> {
        self.outcome(record)
            .map(|outcome| outcome == Outcome::Truthy)
    }

    /// What the first output was, as far as passing goes; an error is its message.
    pub fn outcome(&self, record: &CaptureRecord) -> Result<Outcome, String> {
        let (input, variables) = inputs(record)?;
        let context = Ctx::<Data>::new(&self.filter.lut, Vars::new(variables));
        match self.filter.id.run((context, input)).map(unwrap_valr).next() {
            None => Ok(Outcome::Nothing),
            Some(Ok(Val::Null)) => Ok(Outcome::Null),
            Some(Ok(value)) if value.as_bool() => Ok(Outcome::Truthy),
            Some(Ok(_)) => Ok(Outcome::False),
            Some(Err(error)) => Err(error.to_string()),
        }
    }
}

fn error(text: &str, why: &str) -> QueryError {
    QueryError {
        message: format!("the expression '{text}' is not valid jq: {why}"),
    }
}

/// The column (from 1) where `part`, a slice of `text`, starts.
fn column(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.get(..offset.min(text.len()))
        .map_or(1, |before| before.chars().count() + 1)
}

fn load_error(text: &str, errors: jaq_core::load::Errors<&str, ()>) -> QueryError {
    use jaq_core::load::Error;
    let mut reasons = Vec::new();
    for (_, error) in errors {
        match error {
            Error::Io(items) => reasons.extend(items.into_iter().map(|(_, why)| why)),
            Error::Lex(items) => reasons.extend(items.into_iter().map(|(expected, at)| {
                format!(
                    "expected {} at column {}",
                    expected.as_str(),
                    column(text, at)
                )
            })),
            Error::Parse(items) => reasons.extend(items.into_iter().map(|(expected, at)| {
                format!(
                    "expected {} at column {}",
                    expected.as_str(),
                    column(text, at)
                )
            })),
        }
    }
    error(text, &reasons.join("; "))
}

/// The record as jaq reads it, and the values of `$json`, `$form` and `$headers`.
fn inputs(record: &CaptureRecord) -> Result<(Val, Vec<Val>), String> {
    let line = serde_json::to_vec(record).map_err(|e| e.to_string())?;
    let parse = |bytes: &[u8]| jaq_json::read::parse_single(bytes).map_err(|e| e.to_string());
    let body = record.body_bytes().map_err(|e| e.to_string())?;
    let json = jaq_json::read::parse_single(&body).unwrap_or(Val::Null);
    let form = parse(&serde_json::to_vec(&form_object(record, &body)).map_err(|e| e.to_string())?)?;
    let headers = parse(&serde_json::to_vec(&header_object(record)).map_err(|e| e.to_string())?)?;
    Ok((parse(&line)?, vec![json, form, headers]))
}

/// A form body's fields as an object of arrays (a field may repeat); null for other bodies.
fn form_object(record: &CaptureRecord, body: &[u8]) -> Value {
    let is_form = record
        .content_type_essence()
        .is_some_and(|essence| essence == "application/x-www-form-urlencoded");
    if !is_form {
        return Value::Null;
    }
    let mut fields: Map<String, Value> = Map::new();
    for (name, value) in form_urlencoded::parse(body) {
        if let Value::Array(values) = fields
            .entry(name.into_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value.into_owned()));
        }
    }
    Value::Object(fields)
}

/// Lowercase header names to the arrays of their values, in received order.
fn header_object(record: &CaptureRecord) -> Value {
    let mut headers: Map<String, Value> = Map::new();
    for (name, value) in &record.headers {
        if let Value::Array(values) = headers
            .entry(name.to_ascii_lowercase())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value.clone()));
        }
    }
    Value::Object(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::BodyEncoding;

    fn record(content_type: &str, body: &str) -> CaptureRecord {
        CaptureRecord {
            id: "01TEST".into(),
            received_at: "2026-12-06T10:00:00.000Z".into(),
            remote_addr: "127.0.0.1:1".into(),
            method: "POST".into(),
            path: "/hooks/issues".into(),
            query: Some("a=1".into()),
            http_version: "HTTP/1.1".into(),
            headers: vec![
                ("Content-Type".into(), content_type.into()),
                ("X-GitHub-Event".into(), "issues".into()),
                ("X-Tag".into(), "one".into()),
                ("x-tag".into(), "two".into()),
            ],
            body: body.into(),
            body_encoding: BodyEncoding::Utf8,
            body_size: body.len() as u64,
            response: None,
            latin1_headers: Vec::new(),
            verification: None,
            auth: None,
            trailers: Vec::new(),
            latin1_trailers: Vec::new(),
            expect: None,
            relay: None,
        }
    }

    #[test]
    fn reads_the_record_and_its_variables() {
        let github = record("application/json", r#"{"action":"opened","n":3}"#);
        let holds =
            |text: &str, record: &CaptureRecord| Query::compile(text).unwrap().holds(record);
        assert_eq!(
            holds(
                r#"$json.action == "opened" and ($headers["x-github-event"][0] == "issues")"#,
                &github
            ),
            Ok(true)
        );
        assert_eq!(
            holds(
                r#".method == "POST" and (.path | startswith("/hooks"))"#,
                &github
            ),
            Ok(true)
        );
        assert_eq!(
            holds(r#"$headers["x-tag"] == ["one", "two"]"#, &github),
            Ok(true)
        );
        assert_eq!(holds("$json.n > 5", &github), Ok(false));
        assert_eq!(
            holds("$json.missing", &github),
            Ok(false),
            "null does not pass"
        );
        assert_eq!(
            holds("empty", &github),
            Ok(false),
            "no output does not pass"
        );
        assert_eq!(holds("$form", &github), Ok(false));
        let form = record("application/x-www-form-urlencoded", "c=1&c=2&d=x");
        assert_eq!(
            holds(r#"$form.c == ["1", "2"] and $json == null"#, &form),
            Ok(true)
        );
        assert!(holds("$json.n | error(\"boom\")", &github).is_err());
    }

    #[test]
    fn a_bad_expression_says_where() {
        let error = Query::compile(".method == ").unwrap_err();
        assert!(error.message.contains("column"), "{}", error.message);
        let error = Query::compile("$nope == 1").unwrap_err();
        assert!(
            error.message.contains("'$nope'") && error.message.contains("column 1"),
            "{}",
            error.message
        );
        let error = Query::compile("nofilter(1)").unwrap_err();
        assert!(error.message.contains("nofilter"), "{}", error.message);
    }
}
