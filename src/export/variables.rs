//! Which captured headers an exported test must not carry, and the variable each of their values
//! becomes. The classification is the printer's ([`Redaction`]): what `show` masks (credentials
//! by name, every scheme's signature headers, and those the capturing listener checked) is what
//! an export leaves out. A variable is named after its header (`X-Hub-Signature-256` →
//! `x_hub_signature_256`); another value of the same header in a later capture gets `_2`, `_3`,
//! since a signature belongs to one body.

use crate::capture::CaptureRecord;
use crate::output::redact::Redaction;

/// One variable an exported file uses for a header's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Hurl's name, lowercase: `x_hub_signature_256`.
    pub name: String,
    /// The header, as the first capture that carried it spelled it.
    pub header: String,
    /// The capture whose value it stands for.
    pub capture_id: String,
}

impl Variable {
    /// The name as an environment variable, for the curl script: `X_HUB_SIGNATURE_256`.
    pub fn env_name(&self) -> String {
        self.name.to_ascii_uppercase()
    }
}

/// Names given so far, with the values they stand for (kept in memory only, to tell values
/// apart).
#[derive(Debug)]
pub struct Variables {
    redaction: Redaction,
    assigned: Vec<(Variable, String)>,
}

/// The variable every export uses for the receiver's address.
pub const BASE_URL: &str = "base_url";

impl Default for Variables {
    fn default() -> Self {
        // Every scheme's signature headers, whether or not the listener checked them.
        let signatures = <crate::sign::SchemeName as clap::ValueEnum>::value_variants()
            .iter()
            .flat_map(|name| {
                crate::sign::scheme(*name, &crate::sign::HmacSettings::default())
                    .signature_headers()
            });
        Variables {
            redaction: Redaction::new(false).with_signatures(signatures),
            assigned: Vec::new(),
        }
    }
}

impl Variables {
    /// The variable that stands for this header's value in `record`, when the header is a
    /// credential or a signature; None when the value may be written as it is. An empty value
    /// hides nothing and stays as it is.
    pub fn for_header(
        &mut self,
        record: &CaptureRecord,
        header: &str,
        value: &str,
    ) -> Option<String> {
        if value.is_empty() || !self.redaction.for_record(record).is_secret(header) {
            return None;
        }
        let base = base_name(header);
        if let Some((variable, _)) = self
            .assigned
            .iter()
            .find(|(v, known)| known == value && stem(&v.name, &base))
        {
            return Some(variable.name.clone());
        }
        let name = (1..)
            .map(|n| match n {
                1 => base.clone(),
                n => format!("{base}_{n}"),
            })
            .find(|name| name != BASE_URL && !self.assigned.iter().any(|(v, _)| &v.name == name))
            .unwrap_or_default();
        self.assigned.push((
            Variable {
                name: name.clone(),
                header: header.to_string(),
                capture_id: record.id.clone(),
            },
            value.to_string(),
        ));
        Some(name)
    }

    /// How many variables are in use so far.
    pub fn count(&self) -> usize {
        self.assigned.len()
    }

    /// The variables first used after the first `known`.
    pub fn after(&self, known: usize) -> Vec<Variable> {
        self.assigned
            .iter()
            .skip(known)
            .map(|(v, _)| v.clone())
            .collect()
    }

    /// The variables in the order they were first used.
    pub fn into_list(self) -> Vec<Variable> {
        self.assigned.into_iter().map(|(v, _)| v).collect()
    }
}

/// `X-Hub-Signature-256` → `x_hub_signature_256`: lowercase, `_` for anything but a letter or a
/// digit, and a leading `_` before a digit (names of shell variables cannot start with one).
fn base_name(header: &str) -> String {
    let mut name: String = header
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// Whether `name` is `base` or `base_N`.
fn stem(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::record_for_tests as record;

    #[test]
    fn secrets_become_variables_named_after_their_header() {
        let mut variables = Variables::default();
        let first = record("A");
        assert_eq!(
            variables.for_header(&first, "X-Hub-Signature-256", "sha256=1"),
            Some("x_hub_signature_256".into())
        );
        assert_eq!(
            variables.for_header(&first, "Authorization", "Bearer t"),
            Some("authorization".into())
        );
        assert_eq!(
            variables.for_header(&first, "X-Shopify-Hmac-Sha256", "x"),
            Some("x_shopify_hmac_sha256".into())
        );
        for plain in [
            "Content-Type",
            "X-GitHub-Event",
            "X-Request-Id",
            "webhook-id",
        ] {
            assert_eq!(variables.for_header(&first, plain, "v"), None, "{plain}");
        }
        assert_eq!(variables.for_header(&first, "X-Api-Key", ""), None);
        // The same value again is the same variable; another value is another one.
        let second = record("B");
        assert_eq!(
            variables.for_header(&second, "x-hub-signature-256", "sha256=1"),
            Some("x_hub_signature_256".into())
        );
        assert_eq!(
            variables.for_header(&second, "X-Hub-Signature-256", "sha256=2"),
            Some("x_hub_signature_256_2".into())
        );
        // Another header, another variable.
        assert_eq!(
            variables.for_header(&second, "Base-Url-Token", "t"),
            Some("base_url_token".into())
        );
        let list = variables.into_list();
        assert_eq!(list.len(), 5);
        assert_eq!(list[3].capture_id, "B");
        assert_eq!(list[3].env_name(), "X_HUB_SIGNATURE_256_2");
    }

    #[test]
    fn the_listener_s_own_credential_header_is_a_secret() {
        let mut captured = record("C");
        captured.auth = Some(crate::capture::AuthOutcome {
            ok: true,
            reason: None,
            header: Some("X-Customer-Key".into()),
        });
        let mut variables = Variables::default();
        assert_eq!(
            variables.for_header(&captured, "X-Customer-Key", "k"),
            Some("x_customer_key".into())
        );
        assert_eq!(base_name("1-Key"), "_1_key");
    }
}
