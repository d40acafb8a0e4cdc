//! Standard Webhooks (as used by Svix and others): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64
//! part of a `whsec_` secret. The signature header may carry several space-separated entries
//! during a rotation; any `v1` that matches verifies. Svix's own `svix-*` names are read too.

use super::*;

#[derive(Debug, Clone, Copy)]
pub struct Standard;

const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
const SIGNATURE: &str = "webhook-signature";

fn signature(key: &[u8], id: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    mac(
        Algorithm::Sha256,
        key,
        &[id.as_bytes(), b".", timestamp.as_bytes(), b".", body],
    )
}

/// A header under its Standard Webhooks name, or else its Svix name.
fn either<'a>(headers: &'a [(String, String)], name: &str) -> Result<&'a str, VerifyFailure> {
    let svix = name.replacen("webhook-", "svix-", 1);
    required(headers, name)
        .or_else(|missing| crate::capture::header_value(headers, &svix).ok_or(missing))
}

impl SignatureScheme for Standard {
    fn header_names(&self) -> Vec<String> {
        vec![ID.into(), TIMESTAMP.into(), SIGNATURE.into()]
    }

    fn signature_headers(&self) -> Vec<String> {
        vec![SIGNATURE.into()]
    }

    fn key(&self, secret: &str) -> Result<Vec<u8>, SecretError> {
        let encoded = secret
            .trim()
            .strip_prefix("whsec_")
            .unwrap_or(secret.trim());
        from_base64(encoded).ok_or_else(|| {
            SecretError("a Standard Webhooks secret is whsec_ followed by base64 (for example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw)".into())
        })
    }

    fn sign(&self, key: &[u8], body: &[u8], moment: &SigningMoment) -> Vec<(String, String)> {
        let timestamp = moment.timestamp.to_string();
        let digest = signature(key, &moment.id, &timestamp, body);
        vec![
            (ID.into(), moment.id.clone()),
            (TIMESTAMP.into(), timestamp),
            (SIGNATURE.into(), format!("v1,{}", to_base64(&digest))),
        ]
    }

    fn verify(
        &self,
        keys: &[Vec<u8>],
        headers: &[(String, String)],
        body: &[u8],
        check: &TimeCheck,
    ) -> Result<(), VerifyFailure> {
        let id = either(headers, ID)?.trim();
        let timestamp_text = either(headers, TIMESTAMP)?.trim();
        let timestamp = parse_timestamp(timestamp_text, TIMESTAMP)?;
        let value = either(headers, SIGNATURE)?;
        let candidates: Vec<Vec<u8>> = value
            .split_whitespace()
            .filter_map(|entry| entry.strip_prefix("v1,"))
            .filter_map(from_base64)
            .collect();
        if candidates.is_empty() {
            return Err(VerifyFailure::Malformed(format!(
                "{SIGNATURE} has no v1,<base64> entry"
            )));
        }
        let matched = keys.iter().any(|key| {
            let expected = signature(key, id, timestamp_text, body);
            candidates.iter().any(|given| same(&expected, given))
        });
        if !matched {
            return Err(VerifyFailure::Mismatch);
        }
        check.check(timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    /// The vector of the Standard Webhooks reference libraries' "sign" test.
    #[test]
    fn matches_the_specifications_vector() {
        let key = Standard.key(SECRET).unwrap();
        let moment = SigningMoment {
            timestamp: 1614265330,
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek".into(),
        };
        let headers = Standard.sign(&key, BODY, &moment);
        assert_eq!(
            headers[2].1,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let check = TimeCheck {
            now: 1614265330,
            tolerance: Duration::from_secs(300),
        };
        assert_eq!(
            Standard.verify(std::slice::from_ref(&key), &headers, BODY, &check),
            Ok(())
        );

        // Svix's header names, and a rotation with an unknown version and a stale signature.
        let svix = vec![
            ("svix-id".to_string(), moment.id.clone()),
            ("svix-timestamp".to_string(), "1614265330".to_string()),
            (
                "svix-signature".to_string(),
                "v1a,abc v1,AAAA v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=".to_string(),
            ),
        ];
        assert_eq!(
            Standard.verify(std::slice::from_ref(&key), &svix, BODY, &check),
            Ok(())
        );
        let late = TimeCheck {
            now: 1614265330 + 301,
            ..check
        };
        assert!(matches!(
            Standard.verify(&[key], &headers, BODY, &late),
            Err(VerifyFailure::OutsideTolerance { .. })
        ));
        assert!(Standard.key("whsec_***").is_err());
    }
}
