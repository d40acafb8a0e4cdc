//! GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.

use super::hmac_body::BodyHmac;
use super::{Algorithm, Encoding, HmacSettings};

pub fn scheme() -> BodyHmac {
    BodyHmac::new(HmacSettings {
        header: "X-Hub-Signature-256".into(),
        algorithm: Algorithm::Sha256,
        encoding: Encoding::Hex,
        prefix: "sha256=".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
    #[test]
    fn matches_githubs_published_example() {
        let scheme = scheme(SchemeName::Github, &HmacSettings::default());
        let moment = SigningMoment {
            timestamp: 0,
            id: String::new(),
        };
        let headers = scheme.sign(b"It's a Secret to Everybody", b"Hello, World!", &moment);
        assert_eq!(
            headers,
            vec![(
                "X-Hub-Signature-256".to_string(),
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
                    .to_string()
            )]
        );
        let check = TimeCheck {
            now: 0,
            tolerance: std::time::Duration::from_secs(300),
        };
        let key = b"It's a Secret to Everybody".to_vec();
        assert_eq!(
            scheme.verify(
                std::slice::from_ref(&key),
                &headers,
                b"Hello, World!",
                &check
            ),
            Ok(())
        );
        assert_eq!(
            scheme.verify(&[key], &headers, b"Hello, World?", &check),
            Err(VerifyFailure::Mismatch)
        );
    }

    /// The generic scheme reproduces GitHub's legacy SHA-1 header.
    #[test]
    fn generic_hmac_reproduces_the_legacy_sha1_header() {
        let settings = HmacSettings {
            header: "X-Hub-Signature".into(),
            algorithm: Algorithm::Sha1,
            encoding: Encoding::Hex,
            prefix: "sha1=".into(),
        };
        let moment = SigningMoment {
            timestamp: 0,
            id: String::new(),
        };
        let headers = scheme(SchemeName::Hmac, &settings).sign(
            b"It's a Secret to Everybody",
            b"Hello, World!",
            &moment,
        );
        let expected = to_hex(&mac(
            Algorithm::Sha1,
            b"It's a Secret to Everybody",
            &[b"Hello, World!"],
        ));
        assert_eq!(
            headers[0],
            ("X-Hub-Signature".to_string(), format!("sha1={expected}"))
        );
        assert_eq!(expected, "01dc10d0c83e72ed246219cdd91669667fe2ca59");
    }
}
