//! An HMAC of the body alone in one header, with a chosen algorithm, encoding and prefix: the
//! generic `hmac` scheme, and the shape GitHub and Shopify use.

use super::*;

#[derive(Debug, Clone)]
pub struct BodyHmac {
    settings: HmacSettings,
}

impl BodyHmac {
    pub fn new(settings: HmacSettings) -> Self {
        BodyHmac { settings }
    }

    fn encode(&self, digest: &[u8]) -> String {
        match self.settings.encoding {
            Encoding::Hex => to_hex(digest),
            Encoding::Base64 => to_base64(digest),
        }
    }

    fn decode(&self, text: &str) -> Option<Vec<u8>> {
        match self.settings.encoding {
            Encoding::Hex => from_hex(&text.trim().to_ascii_lowercase()),
            Encoding::Base64 => from_base64(text),
        }
    }
}

impl SignatureScheme for BodyHmac {
    fn header_names(&self) -> Vec<String> {
        vec![self.settings.header.clone()]
    }

    fn sign(&self, secret: &[u8], body: &[u8], _moment: &SigningMoment) -> Vec<(String, String)> {
        let digest = mac(self.settings.algorithm, secret, &[body]);
        vec![(
            self.settings.header.clone(),
            format!("{}{}", self.settings.prefix, self.encode(&digest)),
        )]
    }

    fn verify(
        &self,
        secrets: &[Vec<u8>],
        headers: &[(String, String)],
        body: &[u8],
        _check: &TimeCheck,
    ) -> Result<(), VerifyFailure> {
        let value = required(headers, &self.settings.header)?.trim();
        let encoded = value
            .strip_prefix(self.settings.prefix.as_str())
            .ok_or_else(|| {
                VerifyFailure::Malformed(format!(
                    "{} does not start with '{}'",
                    self.settings.header, self.settings.prefix
                ))
            })?;
        let given = self.decode(encoded).ok_or_else(|| {
            VerifyFailure::Malformed(
                format!(
                    "{} is not valid {:?}",
                    self.settings.header, self.settings.encoding
                )
                .to_lowercase(),
            )
        })?;
        if secrets
            .iter()
            .any(|secret| same(&mac(self.settings.algorithm, secret, &[body]), &given))
        {
            Ok(())
        } else {
            Err(VerifyFailure::Mismatch)
        }
    }
}
