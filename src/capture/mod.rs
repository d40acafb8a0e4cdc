//! The capture record: one received request (and what hookcli answered), exactly as stored.
//!
//! The same type serves the store, `--json`, `show`, and later `replay` and HAR export. Field names
//! are a public contract. Bodies are kept as received: a UTF-8 body is stored as its text, any
//! other as base64, and decoding or pretty-printing happens only in the renderers.

#[cfg(test)]
mod arbitrary;
pub mod backwards;
pub mod count;
pub mod files;
pub mod filter;
pub mod follow;
pub mod line;
pub mod query;
pub mod reader;
pub mod resolve;
pub mod select;
pub mod source;
pub mod store;

use std::borrow::Cow;

use base64::Engine;
use serde::{Deserialize, Serialize};

/// One received request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptureRecord {
    pub id: String,
    pub received_at: String,
    pub remote_addr: String,
    pub method: String,
    /// The request target's path as received, still percent-encoded.
    pub path: String,
    /// The raw query string after `?`, or null when the target had no `?`.
    pub query: Option<String>,
    pub http_version: String,
    /// In received order with the received name case, repeated headers kept.
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub body_encoding: BodyEncoding,
    pub body_size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseRecord>,
    /// Positions in `headers` of values that arrived as bytes that are not UTF-8; they are
    /// stored as Latin-1 characters and sent again as those bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latin1_headers: Vec<usize>,
    /// The outcome of `listen --verify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// The outcome of `listen --require-auth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthOutcome>,
    /// Trailer fields after a chunked body, in received order and case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trailers: Vec<(String, String)>,
    /// Positions in `trailers` of values that were not UTF-8, kept as `latin1_headers` are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latin1_trailers: Vec<usize>,
    /// The outcome of `listen --expect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<ExpectOutcome>,
    /// The relay that delivered the request (`listen --relay`), when it did not come to the
    /// local port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<RelayInfo>,
}

/// Which relay delivered a capture, and how faithfully it kept the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayInfo {
    /// `smee`, `gosmee` or `webhook.site`, as named on the command line.
    pub kind: String,
    /// The channel or token URL.
    pub url: String,
    pub event_id: String,
    pub fidelity: Fidelity,
}

/// Whether a relay delivered the body's bytes (`exact`) or the JSON it parsed from them
/// (`reserialized`), which no signature over the original bytes can be checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fidelity {
    Exact,
    Reserialized,
}

/// Whether a capture met every `listen --expect` expression, and which it did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectOutcome {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedExpectation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedExpectation {
    pub expression: String,
    /// `gave false`, `gave null`, `gave no output`, or the error it raised.
    pub reason: String,
}

/// Headers written once and shared: a listener's answer headers go to every request's answer
/// and record without a copy each.
pub type SharedHeaders = std::sync::Arc<[(String, String)]>;

/// What hookcli answered to a captured request (the target's answer, when forwarding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: SharedHeaders,
    pub body: String,
    pub body_encoding: BodyEncoding,
    /// How long the forwarding target took (`--forward-to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<f64>,
    /// Why the answer is hookcli's own rather than the forwarding target's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The `listen --rules`/`--rule` rule that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
}

/// Which rule answered: its place in the order rules are tried (from 1: inline `--rule`s
/// first, then the file's) and its name when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRef {
    pub index: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub scheme: String,
    /// Null when the signature could not be checked (a body re-serialized by a relay).
    pub ok: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The headers the signature scheme reads, masked wherever the record is shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthOutcome {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The header that carries the credential (`--require-auth header:NAME:VALUE`), masked
    /// wherever the record is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyEncoding {
    Utf8,
    Base64,
}

/// A body as the record stores it: its text when the bytes are UTF-8, else base64.
pub fn encode_body(bytes: &[u8]) -> (String, BodyEncoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), BodyEncoding::Utf8),
        Err(_) => (
            base64::engine::general_purpose::STANDARD.encode(bytes),
            BodyEncoding::Base64,
        ),
    }
}

/// [`encode_body`] for a body that is no longer needed as bytes: UTF-8 is kept without a copy.
pub fn encode_body_owned(bytes: Vec<u8>) -> (String, BodyEncoding) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, BodyEncoding::Utf8),
        Err(error) => (
            base64::engine::general_purpose::STANDARD.encode(error.as_bytes()),
            BodyEncoding::Base64,
        ),
    }
}

/// The bytes a stored body stands for.
pub fn decode_body(
    text: &str,
    encoding: BodyEncoding,
) -> Result<Cow<'_, [u8]>, base64::DecodeError> {
    match encoding {
        BodyEncoding::Utf8 => Ok(Cow::Borrowed(text.as_bytes())),
        BodyEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(Cow::Owned),
    }
}

impl CaptureRecord {
    /// The body bytes exactly as received.
    pub fn body_bytes(&self) -> anyhow::Result<Cow<'_, [u8]>> {
        decode_body(&self.body, self.body_encoding).map_err(|e| {
            anyhow::anyhow!(
                "capture {} has a body that is not valid base64: {e}",
                self.id
            )
        })
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The path without the scheme and authority an absolute-form target (`http://host/path`, as
    /// clients send to a proxy) carries, as replay sends it to its own target.
    pub fn origin_form_path(&self) -> &str {
        let path = self.path.as_str();
        for scheme in ["http://", "https://"] {
            if path
                .get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
            {
                let rest = &path[scheme.len()..];
                return rest.find('/').map_or("/", |slash| &rest[slash..]);
            }
        }
        path
    }

    /// Whether the request target was in absolute form (`http://host/path`).
    pub fn is_absolute_form(&self) -> bool {
        self.origin_form_path().len() != self.path.len()
    }

    /// `path?query` as the request target was received.
    pub fn target(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{}", self.path, query),
            None => self.path.clone(),
        }
    }

    /// The media type of the body without parameters, lowercased (`application/json`).
    pub fn content_type_essence(&self) -> Option<String> {
        self.header("content-type")
            .map(|value| crate::render::media_type::MediaType::parse(value).essence)
    }
}

impl ResponseRecord {
    pub fn body_bytes(&self) -> anyhow::Result<Cow<'_, [u8]>> {
        decode_body(&self.body, self.body_encoding)
            .map_err(|e| anyhow::anyhow!("a stored response body is not valid base64: {e}"))
    }
}

/// The first value of a header in a `[name, value]` list, by case-insensitive name.
pub fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The positions of values that are not UTF-8, which [`header_text`] keeps as Latin-1.
pub fn latin1_positions<'a>(values: impl Iterator<Item = &'a [u8]>) -> Vec<usize> {
    values
        .enumerate()
        .filter(|(_, v)| std::str::from_utf8(v).is_err())
        .map(|(i, _)| i)
        .collect()
}

/// A header value as text: UTF-8 when it is, else each byte as the Latin-1 character it names
/// (HTTP's historical charset), so no byte is dropped.
pub fn header_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The bytes a value kept by [`header_text`] as Latin-1 characters stands for; `None` when it
/// holds a character past U+00FF (a value edited since, sent as its UTF-8 then).
pub fn latin1_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(|c| u8::try_from(c).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_through_their_stored_form() {
        for bytes in [&b"{\"a\":1}"[..], &[0xff, 0x00, 0x1f, 0x8b][..], &b""[..]] {
            let (text, encoding) = encode_body(bytes);
            assert_eq!(&*decode_body(&text, encoding).unwrap(), bytes);
        }
        assert_eq!(encode_body(&[0xff]).1, BodyEncoding::Base64);
    }
}
