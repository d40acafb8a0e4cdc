//! Masking of credentials and signatures in printed headers, one rule for `listen`, `show`,
//! `send -v` and `replay -v`. The store keeps full values (it is mode 0600); what is printed to a
//! terminal, a log or a CI transcript does not, unless `--show-secrets` says so. A credential is
//! hidden whole; a signature header keeps what is no secret and what one needs when a check
//! fails (`t=1733456789,v1=••••`, `sha256=••••`).

use colored::Colorize;

/// Headers whose values are secrets or signatures by default, beyond those named like one
/// (`Authorization`, `Stripe-Signature`, `X-Api-Key` are, by [`SECRET_WORDS`] and
/// [`SECRET_PAIRS`]).
const SECRET_HEADERS: [&str; 3] = ["cookie", "set-cookie", "x-shopify-hmac-sha256"];

/// Words of a header's name (split at `-`, `_` and `.`) that make it a secret one, so that a
/// credential header nothing named is masked too (`X-Gitlab-Token`, `X-Webhook-Secret`, in a
/// record from a listener told of no such header). Whole words only: `X-Author` and
/// `X-Tokens-Count` are not secrets.
const SECRET_WORDS: [&str; 10] = [
    "token",
    "secret",
    "signature",
    "password",
    "passwd",
    "auth",
    "authorization",
    "credential",
    "credentials",
    "apikey",
];

/// Pairs of words that make a secret together (`Api-Key`, `X-Access-Key`).
const SECRET_PAIRS: [(&str, &str); 3] = [("api", "key"), ("access", "key"), ("secret", "key")];

fn named_like_a_secret(lower: &str) -> bool {
    let words: Vec<&str> = lower.split(['-', '_', '.']).collect();
    words.iter().any(|word| SECRET_WORDS.contains(word))
        || words
            .windows(2)
            .any(|pair| SECRET_PAIRS.contains(&(pair[0], pair[1])))
}

/// Which header values to mask; built once and passed down.
#[derive(Debug, Clone)]
pub struct Redaction {
    enabled: bool,
    extra: Vec<String>,
    signatures: Vec<String>,
}

impl Redaction {
    pub fn new(show_secrets: bool) -> Self {
        Redaction {
            enabled: !show_secrets,
            extra: Vec::new(),
            signatures: Vec::new(),
        }
    }

    /// Also masks these headers as signatures (a scheme's, a `--sign-header`).
    pub fn with_signatures(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.signatures
            .extend(names.into_iter().map(|n| n.to_ascii_lowercase()));
        self
    }

    /// Also masks what the listener that captured `record` held secret: its signature headers
    /// and the header of its `--require-auth header:NAME`.
    pub fn for_record(&self, record: &crate::capture::CaptureRecord) -> Redaction {
        let signatures = record.verification.iter().flat_map(|v| v.headers.clone());
        let credential = record.auth.iter().filter_map(|a| a.header.clone());
        self.clone().with_signatures(signatures).with(credential)
    }

    fn is_signature(&self, lower: &str) -> bool {
        self.signatures.iter().any(|name| name == lower)
            || lower
                .split(['-', '_', '.'])
                .any(|word| word == "signature" || word == "hmac")
    }

    /// Also masks these headers (a `--require-auth header:NAME`, a `--sign-header`).
    pub fn with(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.extra
            .extend(names.into_iter().map(|n| n.to_ascii_lowercase()));
        self
    }

    pub fn is_secret(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        SECRET_HEADERS.contains(&lower.as_str())
            || self.extra.contains(&lower)
            || self.signatures.contains(&lower)
            || named_like_a_secret(&lower)
    }

    /// The value to print: as is, or masked, keeping an auth scheme's name (`Bearer ••••••••`).
    pub fn show(&self, name: &str, value: &str) -> String {
        if !self.enabled || !self.is_secret(name) || value.is_empty() {
            return crate::render::visible(value).into_owned();
        }
        if self.is_signature(&name.to_ascii_lowercase()) {
            return format!(
                "{} {}",
                crate::render::visible(&mask_signature(value)),
                "(--show-secrets shows them)".dimmed()
            );
        }
        let scheme = value
            .split_once(' ')
            .map(|(first, _)| first)
            .filter(|first| {
                ["basic", "bearer", "digest", "token", "hmac"]
                    .contains(&first.to_ascii_lowercase().as_str())
            });
        let masked = format!(
            "•••••••• ({} chars hidden; --show-secrets shows them)",
            value.chars().count()
        );
        match scheme {
            Some(scheme) => format!("{scheme} {}", masked.dimmed()),
            None => masked.dimmed().to_string(),
        }
    }
}

/// Masks each signature in a header and keeps its frame: labels (`v1`, `sha256=`), separators,
/// and a timestamp (`t=`), as Stripe, GitHub, Slack and Standard Webhooks write them.
fn mask_signature(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut token = String::new();
    for ch in value.chars() {
        if ch == ',' || ch == ' ' {
            out.push_str(&mask_token(&token));
            out.push(ch);
            token.clear();
        } else {
            token.push(ch);
        }
    }
    out.push_str(&mask_token(&token));
    out
}

fn mask_token(token: &str) -> String {
    const HIDDEN: &str = "••••";
    // The labels signature headers use: versions (`v1`), algorithms (`sha256`), timestamps (`t`).
    let is_label = |text: &str| {
        let numbered = |prefix: &str| {
            text.strip_prefix(prefix).is_some_and(|n| {
                (1..=3).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit())
            })
        };
        numbered("v") || numbered("sha") || ["t", "ts", "timestamp"].contains(&text)
    };
    if token.is_empty() || (is_label(token) && !["t", "ts", "timestamp"].contains(&token)) {
        return token.to_string();
    }
    match token.split_once('=') {
        Some((key, value)) if is_label(key) && !value.is_empty() => {
            if ["t", "ts", "timestamp"].contains(&key) {
                token.to_string()
            } else {
                format!("{key}={HIDDEN}")
            }
        }
        _ => HIDDEN.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_known_and_added_headers_only() {
        colored::control::set_override(false);
        let redaction = Redaction::new(false).with(["X-Custom-Token".to_string()]);
        assert!(redaction
            .show("Authorization", "Bearer abc")
            .starts_with("Bearer ••••••••"));
        assert!(!redaction
            .show("Stripe-Signature", "t=1,v1=ab")
            .contains("v1=ab"));
        assert!(!redaction
            .show("x-custom-token", "s3cret")
            .contains("s3cret"));
        assert_eq!(redaction.show("Content-Type", "text/plain"), "text/plain");
        // Named like a credential: masked even where nothing said it is one (`show`).
        let plain = Redaction::new(false);
        for name in [
            "X-Token",
            "X-Gitlab-Token",
            "X-DocuSign-Signature-1",
            "X-Webhook-Secret",
        ] {
            assert!(!plain.show(name, "abc123").contains("abc123"), "{name}");
        }
        for name in ["Api_Key", "X-Access-Key", "X-Auth-Token"] {
            assert!(!plain.show(name, "abc123").contains("abc123"), "{name}");
        }
        for name in ["X-Request-Id", "X-Author", "X-Tokens-Count", "X-Secretary"] {
            assert_eq!(plain.show(name, "abc123"), "abc123", "{name}");
        }
        assert_eq!(
            Redaction::new(true).show("Authorization", "Bearer abc"),
            "Bearer abc"
        );
    }

    #[test]
    fn signatures_keep_their_frame_and_timestamp() {
        for (value, masked) in [
            (
                "t=1733456789,v1=5257a869e7ec,v0=6ffbb59b",
                "t=1733456789,v1=••••,v0=••••",
            ),
            ("sha256=757107ea0eb2509fc2", "sha256=••••"),
            (
                "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1,abc=",
                "v1,•••• v1,••••",
            ),
            (
                "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                "v0=••••",
            ),
            ("K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=", "••••"),
        ] {
            assert_eq!(mask_signature(value), masked, "{value}");
        }
        colored::control::set_override(false);
        let redaction = Redaction::new(false).with_signatures(["X-Hook-Mac".to_string()]);
        let shown = redaction.show("Stripe-Signature", "t=1733456789,v1=abcdef0123456789");
        assert!(shown.starts_with("t=1733456789,v1=•••• "), "{shown}");
        assert!(!redaction
            .show("x-hook-mac", "sha1=abcdef0123")
            .contains("abcdef"));
        // An id and a timestamp beside a signature are no secrets.
        assert_eq!(
            redaction.show("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
            "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
        );
        assert_eq!(
            redaction.show("webhook-timestamp", "1733456789"),
            "1733456789"
        );
    }
}
