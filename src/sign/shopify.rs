//! Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>`.

use super::hmac_body::BodyHmac;
use super::{Algorithm, Encoding, HmacSettings};

pub fn scheme() -> BodyHmac {
    BodyHmac::new(HmacSettings {
        header: "X-Shopify-Hmac-Sha256".into(),
        algorithm: Algorithm::Sha256,
        encoding: Encoding::Base64,
        prefix: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// The vector of Shopify's PHP library tests (RegistryTest, TEST_API_SECRET).
    #[test]
    fn matches_shopifys_published_vector() {
        let moment = SigningMoment {
            timestamp: 0,
            id: String::new(),
        };
        let headers = scheme(SchemeName::Shopify, &HmacSettings::default()).sign(
            b"7008c5f4da4718b9b45d26d3fcbbb157",
            br#"{"foo":"bar"}"#,
            &moment,
        );
        assert_eq!(
            headers,
            vec![(
                "X-Shopify-Hmac-Sha256".to_string(),
                "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=".to_string()
            )]
        );
    }
}
