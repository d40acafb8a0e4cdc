//! Signature schemes: one file per provider, each signing and verifying in one place so the two
//! cannot drift. `send --sign` and `replay --sign` call `sign`; `listen --verify` calls `verify`.
//!
//! Every scheme is an HMAC over the exact body bytes (and, for some, a timestamp and an id).
//! Comparisons are constant-time.

pub mod github;
pub mod hmac_body;
pub mod shopify;
pub mod slack;
pub mod standard;
pub mod stripe;

use std::fmt;
use std::time::Duration;

use hmac::{Hmac, Mac};

use crate::capture::header_value;

/// The schemes people choose with `--sign` and `--verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemeName {
    /// X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>
    Github,
    /// Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">
    Stripe,
    /// Standard Webhooks (Svix): webhook-id, webhook-timestamp, webhook-signature: v1,<base64>
    Standard,
    /// X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>
    Shopify,
    /// X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">
    Slack,
    /// Any HMAC of the body: --sign-header, --sign-algo, --sign-encoding, --sign-prefix
    Hmac,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    Hex,
    Base64,
}

/// The settings of the generic `hmac` scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HmacSettings {
    pub header: String,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    pub prefix: String,
}

impl Default for HmacSettings {
    fn default() -> Self {
        HmacSettings {
            header: "X-Signature".into(),
            algorithm: Algorithm::Sha256,
            encoding: Encoding::Hex,
            prefix: String::new(),
        }
    }
}

/// When and as what a request is signed: a fresh timestamp and id for each attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningMoment {
    /// Unix seconds.
    pub timestamp: u64,
    /// A message id, for schemes that sign one (Standard Webhooks).
    pub id: String,
}

impl SigningMoment {
    pub fn at(at: std::time::SystemTime) -> SigningMoment {
        SigningMoment {
            timestamp: crate::clock::unix_seconds(at),
            id: format!("msg_{}", crate::clock::new_id(at)),
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyFailure {
    #[error("header {0} is missing")]
    Missing(String),
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("timestamp outside tolerance: signed {}, {tolerance}s allowed", when(*age))]
    OutsideTolerance { age: i64, tolerance: u64 },
    #[error("signature mismatch")]
    Mismatch,
}

/// `3600s ago` or `60s in the future`.
fn when(age: i64) -> String {
    if age >= 0 {
        format!("{age}s ago")
    } else {
        format!("{}s in the future", -age)
    }
}

/// A secret that cannot be used by a scheme (Standard Webhooks wants whsec_ and base64).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SecretError(pub String);

/// One signature scheme. `sign` returns the headers to add; `verify` checks a request's headers
/// against any of the secrets.
pub trait SignatureScheme: Send + Sync + fmt::Debug {
    /// The headers this scheme sets, so re-signing can replace them.
    fn header_names(&self) -> Vec<String>;
    /// The headers among them that carry a signature, masked where headers are printed; an id
    /// or a timestamp beside it is no secret, and is what one reads when a check fails.
    fn signature_headers(&self) -> Vec<String> {
        self.header_names()
    }
    fn sign(&self, secret: &[u8], body: &[u8], moment: &SigningMoment) -> Vec<(String, String)>;
    fn verify(
        &self,
        secrets: &[Vec<u8>],
        headers: &[(String, String)],
        body: &[u8],
        check: &TimeCheck,
    ) -> Result<(), VerifyFailure>;
    /// Turns the secret as the user wrote it into key bytes.
    fn key(&self, secret: &str) -> Result<Vec<u8>, SecretError> {
        Ok(secret.as_bytes().to_vec())
    }
}

/// The clock and tolerance that timestamped schemes verify against.
#[derive(Debug, Clone, Copy)]
pub struct TimeCheck {
    pub now: u64,
    pub tolerance: Duration,
}

impl TimeCheck {
    pub fn check(&self, timestamp: u64) -> Result<(), VerifyFailure> {
        let age = self.now as i64 - timestamp as i64;
        if age.unsigned_abs() > self.tolerance.as_secs() {
            Err(VerifyFailure::OutsideTolerance {
                age,
                tolerance: self.tolerance.as_secs(),
            })
        } else {
            Ok(())
        }
    }
}

/// A scheme and its key, ready to sign.
#[derive(Debug)]
pub struct Signer {
    pub scheme: Box<dyn SignatureScheme>,
    pub key: Vec<u8>,
}

impl Signer {
    /// Replaces the scheme's headers with a fresh signature of `body`.
    pub fn sign_into(
        &self,
        headers: &mut Vec<(String, String)>,
        body: &[u8],
        moment: &SigningMoment,
    ) {
        for name in self.scheme.header_names() {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        }
        headers.extend(self.scheme.sign(&self.key, body, moment));
    }
}

/// Builds the scheme a user chose.
pub fn scheme(name: SchemeName, settings: &HmacSettings) -> Box<dyn SignatureScheme> {
    match name {
        SchemeName::Github => Box::new(github::scheme()),
        SchemeName::Shopify => Box::new(shopify::scheme()),
        SchemeName::Hmac => Box::new(hmac_body::BodyHmac::new(settings.clone())),
        SchemeName::Stripe => Box::new(stripe::Stripe),
        SchemeName::Standard => Box::new(standard::Standard),
        SchemeName::Slack => Box::new(slack::Slack),
    }
}

/// HMAC of the concatenated parts.
pub fn mac(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC takes keys of any length");
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, parts),
        Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, parts),
        Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, parts),
    }
}

/// Constant-time equality of two byte strings.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

pub fn to_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn from_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
}

/// A required header's value.
pub fn required<'a>(headers: &'a [(String, String)], name: &str) -> Result<&'a str, VerifyFailure> {
    header_value(headers, name).ok_or_else(|| VerifyFailure::Missing(name.to_string()))
}

/// A unix timestamp in a header.
pub fn parse_timestamp(text: &str, what: &str) -> Result<u64, VerifyFailure> {
    text.trim()
        .parse()
        .map_err(|_| VerifyFailure::Malformed(format!("{what} '{text}' is not a unix timestamp")))
}
