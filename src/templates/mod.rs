//! Built-in sample events with the headers their real senders set, for `send --template` and
//! `hookcli templates`. Placeholders are filled for each request sent: `{{uuid}}` (a random UUID),
//! `{{id}}` (a new ULID), `{{timestamp}}` (unix seconds) and `{{now}}` (RFC 3339).

use std::time::SystemTime;

use crate::payload::Format;

#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub name: &'static str,
    pub description: &'static str,
    pub format: Format,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: &'static str,
    /// How to sign it as its sender does, for the listing.
    pub signing: Option<&'static str>,
}

const JSON_UTF8: &str = "application/json; charset=utf-8";

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "github.push",
        description: "GitHub: commits pushed to a repository (X-GitHub-Event: push)",
        format: Format::Json,
        headers: &[
            ("User-Agent", "GitHub-Hookshot/1a2b3c4"),
            ("X-GitHub-Event", "push"),
            ("X-GitHub-Delivery", "{{uuid}}"),
            ("X-GitHub-Hook-ID", "450617321"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-GitHub-Hook-Installation-Target-ID", "186853002"),
        ],
        body: include_str!("github_push.json"),
        signing: Some("--sign github"),
    },
    Template {
        name: "github.ping",
        description: "GitHub: the ping sent when a webhook is created",
        format: Format::Json,
        headers: &[
            ("User-Agent", "GitHub-Hookshot/1a2b3c4"),
            ("X-GitHub-Event", "ping"),
            ("X-GitHub-Delivery", "{{uuid}}"),
            ("X-GitHub-Hook-ID", "450617321"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-GitHub-Hook-Installation-Target-ID", "186853002"),
        ],
        body: include_str!("github_ping.json"),
        signing: Some("--sign github"),
    },
    Template {
        name: "stripe.payment_intent.succeeded",
        description: "Stripe: a payment completed",
        format: Format::Json,
        headers: &[
            (
                "User-Agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            ),
            ("Content-Type", JSON_UTF8),
        ],
        body: include_str!("stripe_payment_intent_succeeded.json"),
        signing: Some("--sign stripe"),
    },
    Template {
        name: "stripe.invoice.payment_failed",
        description: "Stripe: a subscription invoice could not be charged",
        format: Format::Json,
        headers: &[
            (
                "User-Agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            ),
            ("Content-Type", JSON_UTF8),
        ],
        body: include_str!("stripe_invoice_payment_failed.json"),
        signing: Some("--sign stripe"),
    },
    Template {
        name: "shopify.orders.create",
        description: "Shopify: a new order (X-Shopify-Topic: orders/create)",
        format: Format::Json,
        headers: &[
            ("User-Agent", "Shopify-Captain-Hook"),
            ("X-Shopify-Topic", "orders/create"),
            ("X-Shopify-Shop-Domain", "example-shop.myshopify.com"),
            ("X-Shopify-API-Version", "2024-10"),
            ("X-Shopify-Webhook-Id", "{{uuid}}"),
            ("X-Shopify-Triggered-At", "{{now}}"),
        ],
        body: include_str!("shopify_orders_create.json"),
        signing: Some("--sign shopify"),
    },
    Template {
        name: "slack.url_verification",
        description: "Slack Events API: the challenge sent when a request URL is set",
        format: Format::Json,
        headers: &[("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")],
        body: include_str!("slack_url_verification.json"),
        signing: Some("--sign slack"),
    },
    Template {
        name: "docusign.envelope.completed",
        description: "DocuSign Connect: every recipient signed an envelope (JSON, SIM format)",
        format: Format::Json,
        headers: &[],
        body: include_str!("docusign_envelope_completed.json"),
        signing: Some("--sign hmac --sign-header X-DocuSign-Signature-1 --sign-encoding base64"),
    },
    Template {
        name: "mailchimp.subscribe",
        description: "Mailchimp: a list subscription, form-encoded as Mailchimp sends it",
        format: Format::Form,
        headers: &[("User-Agent", "MailChimp")],
        body: include_str!("mailchimp_subscribe.form"),
        signing: None,
    },
    Template {
        name: "generic.ping",
        description: "A minimal JSON ping with a fresh id and time",
        format: Format::Json,
        headers: &[],
        body: include_str!("generic_ping.json"),
        signing: None,
    },
];

pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// A template with its placeholders filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilledTemplate {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Template {
    pub fn fill(&self, at: SystemTime) -> FilledTemplate {
        let uuid = crate::clock::new_uuid();
        let id = crate::clock::new_id(at);
        let timestamp = crate::clock::unix_seconds(at).to_string();
        let now = humantime::format_rfc3339_seconds(at).to_string();
        let fill = |text: &str| {
            text.replace("{{uuid}}", &uuid)
                .replace("{{id}}", &id)
                .replace("{{timestamp}}", &timestamp)
                .replace("{{now}}", &now)
        };
        FilledTemplate {
            headers: self
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), fill(v)))
                .collect(),
            body: fill(self.body).into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_fills_to_a_valid_body_of_its_format() {
        for template in TEMPLATES {
            let filled = template.fill(SystemTime::now());
            assert!(
                !String::from_utf8_lossy(&filled.body).contains("{{"),
                "{}",
                template.name
            );
            match template.format {
                Format::Json => assert!(
                    crate::render::json::validate(&filled.body).is_ok(),
                    "{}",
                    template.name
                ),
                Format::Form => assert!(form_urlencoded::parse(&filled.body).count() > 3),
                _ => {}
            }
        }
        assert_eq!(TEMPLATES.len(), 9);
        assert!(find("GitHub.Push").is_some());
    }
}
