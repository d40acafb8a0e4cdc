//! Slack: `X-Slack-Request-Timestamp: <unix>` and
//! `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">`.

use super::*;

const TIMESTAMP: &str = "X-Slack-Request-Timestamp";
const SIGNATURE: &str = "X-Slack-Signature";

#[derive(Debug, Clone, Copy)]
pub struct Slack;

fn signature(secret: &[u8], timestamp: &str, body: &[u8]) -> Vec<u8> {
    mac(
        Algorithm::Sha256,
        secret,
        &[b"v0:", timestamp.as_bytes(), b":", body],
    )
}

impl SignatureScheme for Slack {
    fn header_names(&self) -> Vec<String> {
        vec![TIMESTAMP.into(), SIGNATURE.into()]
    }

    fn signature_headers(&self) -> Vec<String> {
        vec![SIGNATURE.into()]
    }

    fn sign(&self, secret: &[u8], body: &[u8], moment: &SigningMoment) -> Vec<(String, String)> {
        let timestamp = moment.timestamp.to_string();
        let digest = signature(secret, &timestamp, body);
        vec![
            (TIMESTAMP.into(), timestamp),
            (SIGNATURE.into(), format!("v0={}", to_hex(&digest))),
        ]
    }

    fn verify(
        &self,
        secrets: &[Vec<u8>],
        headers: &[(String, String)],
        body: &[u8],
        check: &TimeCheck,
    ) -> Result<(), VerifyFailure> {
        let timestamp_text = required(headers, TIMESTAMP)?.trim();
        let timestamp = parse_timestamp(timestamp_text, TIMESTAMP)?;
        let value = required(headers, SIGNATURE)?.trim();
        let given = value
            .strip_prefix("v0=")
            .and_then(|hex| from_hex(&hex.to_ascii_lowercase()))
            .ok_or_else(|| VerifyFailure::Malformed(format!("{SIGNATURE} is not v0=<hex>")))?;
        if !secrets
            .iter()
            .any(|secret| same(&signature(secret, timestamp_text, body), &given))
        {
            return Err(VerifyFailure::Mismatch);
        }
        check.check(timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    /// Slack's documented example (verifying requests from Slack).
    #[test]
    fn matches_slacks_published_example() {
        let secret = b"8f742231b10e8888abcd99yyyzzz85a5";
        let moment = SigningMoment {
            timestamp: 1531420618,
            id: String::new(),
        };
        let headers = Slack.sign(secret, BODY, &moment);
        assert_eq!(
            headers[1].1,
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        );
        let check = TimeCheck {
            now: 1531420618,
            tolerance: Duration::from_secs(300),
        };
        assert_eq!(
            Slack.verify(&[secret.to_vec()], &headers, BODY, &check),
            Ok(())
        );
        let mut wrong = BODY.to_vec();
        wrong[0] ^= 1;
        assert_eq!(
            Slack.verify(&[secret.to_vec()], &headers, &wrong, &check),
            Err(VerifyFailure::Mismatch)
        );
    }
}
