//! Masking of credentials and signatures in printed headers. The store keeps full values (it is
//! mode 0600); what is printed to a terminal, a log or a CI transcript does not, unless
//! `--show-secrets` says so.

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
}

impl Redaction {
    pub fn new(show_secrets: bool) -> Self {
        Redaction {
            enabled: !show_secrets,
            extra: Vec::new(),
        }
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
            || named_like_a_secret(&lower)
    }

    /// The value to print: as is, or masked, keeping an auth scheme's name (`Bearer ••••••••`).
    pub fn show(&self, name: &str, value: &str) -> String {
        if !self.enabled || !self.is_secret(name) || value.is_empty() {
            return crate::render::visible(value).into_owned();
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
}
