//! Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. The whole secret
//! (`whsec_...`) is the key. Several `v1` entries may stand in one header during a secret's
//! rotation; any one that matches verifies.

use super::*;

const HEADER: &str = "Stripe-Signature";

#[derive(Debug, Clone, Copy)]
pub struct Stripe;

fn signature(secret: &[u8], timestamp: u64, body: &[u8]) -> Vec<u8> {
    mac(
        Algorithm::Sha256,
        secret,
        &[timestamp.to_string().as_bytes(), b".", body],
    )
}

impl SignatureScheme for Stripe {
    fn header_names(&self) -> Vec<String> {
        vec![HEADER.into()]
    }

    fn sign(&self, secret: &[u8], body: &[u8], moment: &SigningMoment) -> Vec<(String, String)> {
        let digest = signature(secret, moment.timestamp, body);
        vec![(
            HEADER.into(),
            format!("t={},v1={}", moment.timestamp, to_hex(&digest)),
        )]
    }

    fn verify(
        &self,
        secrets: &[Vec<u8>],
        headers: &[(String, String)],
        body: &[u8],
        check: &TimeCheck,
    ) -> Result<(), VerifyFailure> {
        let value = required(headers, HEADER)?;
        let mut timestamp = None;
        let mut candidates = Vec::new();
        for item in value.split(',') {
            match item.trim().split_once('=') {
                Some(("t", t)) => timestamp = Some(parse_timestamp(t, "t")?),
                Some(("v1", hex)) => candidates.push(from_hex(&hex.trim().to_ascii_lowercase())),
                Some(_) => {}
                None => {
                    return Err(VerifyFailure::Malformed(format!(
                        "'{}' in {HEADER} is not key=value",
                        item.trim()
                    )))
                }
            }
        }
        let timestamp =
            timestamp.ok_or_else(|| VerifyFailure::Malformed(format!("{HEADER} has no t=")))?;
        if candidates.is_empty() {
            return Err(VerifyFailure::Malformed(format!(
                "{HEADER} has no v1= signature"
            )));
        }
        let matched = secrets.iter().any(|secret| {
            let expected = signature(secret, timestamp, body);
            candidates
                .iter()
                .flatten()
                .any(|given| same(&expected, given))
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

    const BODY: &[u8] = include_bytes!("../../tests/fixtures/stripe_event_test_signature.json");
    const HEADER_VALUE: &str = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";

    fn at(now: u64) -> TimeCheck {
        TimeCheck {
            now,
            tolerance: Duration::from_secs(300),
        }
    }

    /// The vector of Stripe's .NET library tests (EventUtilityTest, event_test_signature.json).
    #[test]
    fn matches_stripes_published_vector() {
        let moment = SigningMoment {
            timestamp: 1533204620,
            id: String::new(),
        };
        let signed = Stripe.sign(b"webhook_secret", BODY, &moment);
        assert!(HEADER_VALUE.starts_with(&signed[0].1));
        let headers = vec![("stripe-signature".to_string(), HEADER_VALUE.to_string())];
        assert_eq!(
            Stripe.verify(
                &[b"webhook_secret".to_vec()],
                &headers,
                BODY,
                &at(1533204620)
            ),
            Ok(())
        );
        assert!(matches!(
            Stripe.verify(
                &[b"webhook_secret".to_vec()],
                &headers,
                BODY,
                &at(1533204620 + 301)
            ),
            Err(VerifyFailure::OutsideTolerance { .. })
        ));
        assert_eq!(
            Stripe.verify(&[b"other".to_vec()], &headers, BODY, &at(1533204620)),
            Err(VerifyFailure::Mismatch)
        );
    }

    /// During a rotation any v1 may match, and any secret may be the one.
    #[test]
    fn any_of_several_signatures_and_secrets_verifies() {
        let rotated = HEADER_VALUE.replace("t=1533204620,", "t=1533204620,v1=bad_signature,");
        let headers = vec![("Stripe-Signature".to_string(), rotated)];
        let secrets = [b"old".to_vec(), b"webhook_secret".to_vec()];
        assert_eq!(
            Stripe.verify(&secrets, &headers, BODY, &at(1533204620)),
            Ok(())
        );
        let malformed = vec![("Stripe-Signature".to_string(), "v1=abc".to_string())];
        assert!(matches!(
            Stripe.verify(&secrets, &malformed, BODY, &at(0)),
            Err(VerifyFailure::Malformed(_))
        ));
        assert_eq!(
            Stripe.verify(&secrets, &[], BODY, &at(0)),
            Err(VerifyFailure::Missing(HEADER.into()))
        );
    }
}
