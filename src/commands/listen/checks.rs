//! What `listen` checks before it answers: a sender's signature (`--verify`) and required
//! credentials (`--require-auth`). Both use constant-time comparisons and never put a secret
//! into an error message or the printed output.

use std::time::Duration;

use base64::Engine;

use crate::capture::{header_value, AuthOutcome, Verification};
use crate::cli::VerifyArgs;
use crate::exit::Failure;
use crate::sign::{self, SignatureScheme, TimeCheck};

/// Credentials a request must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequiredAuth {
    Basic { user: String, password: String },
    Bearer(String),
    Header { name: String, value: String },
}

impl RequiredAuth {
    /// `basic:USER:PASS`, `bearer:TOKEN` or `header:NAME:VALUE`. The message of an error never
    /// repeats the value, which holds a secret.
    pub fn parse(text: &str) -> Result<RequiredAuth, Failure> {
        let usage = || {
            Failure::usage(
                "--require-auth takes basic:USER:PASS, bearer:TOKEN or header:NAME:VALUE",
            )
        };
        let (kind, rest) = text.split_once(':').ok_or_else(usage)?;
        match kind.to_ascii_lowercase().as_str() {
            "basic" => {
                let (user, password) = rest.split_once(':').ok_or_else(usage)?;
                Ok(RequiredAuth::Basic {
                    user: user.to_string(),
                    password: password.to_string(),
                })
            }
            "bearer" if !rest.is_empty() => Ok(RequiredAuth::Bearer(rest.to_string())),
            "header" => {
                let (name, value) = rest.split_once(':').ok_or_else(usage)?;
                if http::HeaderName::from_bytes(name.as_bytes()).is_err() || value.is_empty() {
                    return Err(usage());
                }
                Ok(RequiredAuth::Header {
                    name: name.to_string(),
                    value: value.to_string(),
                })
            }
            _ => Err(usage()),
        }
    }

    /// Checks a request's headers; the reason says what was wrong without echoing values.
    pub fn check(&self, headers: &[(String, String)]) -> Result<(), String> {
        match self {
            RequiredAuth::Basic { user, password } => {
                let given = header_value(headers, "authorization")
                    .ok_or("Authorization header is missing")?;
                let encoded = strip_scheme(given, "basic").ok_or("Authorization is not Basic")?;
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded.trim())
                    .map_err(|_| "Basic credentials are not base64")?;
                if sign::same(&decoded, format!("{user}:{password}").as_bytes()) {
                    Ok(())
                } else {
                    Err("wrong user or password".into())
                }
            }
            RequiredAuth::Bearer(token) => {
                let given = header_value(headers, "authorization")
                    .ok_or("Authorization header is missing")?;
                let presented =
                    strip_scheme(given, "bearer").ok_or("Authorization is not Bearer")?;
                if sign::same(presented.trim().as_bytes(), token.as_bytes()) {
                    Ok(())
                } else {
                    Err("wrong bearer token".into())
                }
            }
            RequiredAuth::Header { name, value } => {
                let given = header_value(headers, name)
                    .ok_or_else(|| format!("header {name} is missing"))?;
                if sign::same(given.as_bytes(), value.as_bytes()) {
                    Ok(())
                } else {
                    Err(format!("header {name} has the wrong value"))
                }
            }
        }
    }

    /// The challenge a 401 carries (Basic only, as browsers and clients expect it).
    pub fn challenge(&self) -> Option<&'static str> {
        matches!(self, RequiredAuth::Basic { .. })
            .then_some("Basic realm=\"hookcli\", charset=\"UTF-8\"")
    }
}

fn strip_scheme<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    let (given, rest) = value.trim().split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// The checks configured for a listener.
#[derive(Debug)]
pub struct Checks {
    verifier: Option<Verifier>,
    pub report_only: bool,
    pub auth: Option<RequiredAuth>,
}

#[derive(Debug)]
struct Verifier {
    name: String,
    scheme: Box<dyn SignatureScheme>,
    /// The headers that carry the signature, named in each record so that showing it later
    /// masks them (decided once, not per request).
    header_names: Vec<String>,
    keys: Vec<Vec<u8>>,
    tolerance: Duration,
}

/// What the checks found about one request.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub verification: Option<Verification>,
    pub auth: Option<AuthOutcome>,
}

impl Findings {
    pub fn auth_failed(&self) -> bool {
        self.auth.as_ref().is_some_and(|a| !a.ok)
    }

    /// A signature over bytes the relay did not keep cannot be checked: say so rather than
    /// report a failure the sender did not cause.
    pub fn unverifiable(&mut self) {
        if let Some(verification) = &mut self.verification {
            verification.ok = None;
            verification.reason = Some("unverifiable: the relay re-serialized the body".into());
        }
    }

    pub fn signature_failed(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(|v| v.ok == Some(false))
    }
}

impl Checks {
    pub fn from_args(args: &VerifyArgs) -> Result<Checks, Failure> {
        let verifier = match args.verify {
            None => None,
            Some(name) => {
                if args.secrets.iter().any(String::is_empty) {
                    return Err(Failure::usage("a --secret is empty"));
                }
                let mut secrets = args.secrets.clone();
                if secrets.is_empty() && args.secret_files.is_empty() {
                    secrets.extend(crate::secrets::from_environment());
                }
                for path in &args.secret_files {
                    secrets.extend(crate::secrets::secret(None, Some(path))?);
                }
                let shown = clap::ValueEnum::to_possible_value(&name)
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default();
                if secrets.is_empty() {
                    return Err(Failure::usage(format!("--verify {shown} needs a secret: give --secret, HOOKCLI_SECRET or --secret-file")));
                }
                let scheme = sign::scheme(name, &args.hmac.settings()?);
                let keys = secrets
                    .iter()
                    .map(|s| scheme.key(s).map_err(|e| Failure::usage(e.0)))
                    .collect::<Result<_, _>>()?;
                Some(Verifier {
                    name: shown,
                    header_names: scheme.signature_headers(),
                    scheme,
                    keys,
                    tolerance: args.tolerance,
                })
            }
        };
        Ok(Checks {
            verifier,
            report_only: args.verify_report_only,
            auth: args
                .require_auth
                .as_deref()
                .map(RequiredAuth::parse)
                .transpose()?,
        })
    }

    /// The names of headers that carry this listener's secrets, to mask in printed output.
    /// The headers that carry the verified scheme's signature.
    pub fn signature_headers(&self) -> Vec<String> {
        self.verifier
            .as_ref()
            .map(|v| v.header_names.clone())
            .unwrap_or_default()
    }

    pub fn examine(&self, headers: &[(String, String)], body: &[u8]) -> Findings {
        let verification = self.verifier.as_ref().map(|verifier| {
            let check = TimeCheck {
                now: crate::clock::unix_seconds(crate::clock::now()),
                tolerance: verifier.tolerance,
            };
            match verifier
                .scheme
                .verify(&verifier.keys, headers, body, &check)
            {
                Ok(()) => Verification {
                    scheme: verifier.name.clone(),
                    ok: Some(true),
                    reason: None,
                    headers: verifier.header_names.clone(),
                },
                Err(failure) => Verification {
                    scheme: verifier.name.clone(),
                    ok: Some(false),
                    reason: Some(failure.to_string()),
                    headers: verifier.header_names.clone(),
                },
            }
        });
        let auth = self.auth.as_ref().map(|required| {
            let header = match required {
                RequiredAuth::Header { name, .. } => Some(name.clone()),
                _ => None,
            };
            match required.check(headers) {
                Ok(()) => AuthOutcome {
                    ok: true,
                    reason: None,
                    header,
                },
                Err(reason) => AuthOutcome {
                    ok: false,
                    reason: Some(reason),
                    header,
                },
            }
        });
        Findings { verification, auth }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn required_auth_parses_and_checks_each_kind() {
        let basic = RequiredAuth::parse("basic:hook:pa:ss").unwrap();
        assert_eq!(
            basic,
            RequiredAuth::Basic {
                user: "hook".into(),
                password: "pa:ss".into()
            }
        );
        assert_eq!(
            basic.check(&headers(&[("Authorization", "Basic aG9vazpwYTpzcw==")])),
            Ok(())
        );
        assert_eq!(
            basic.check(&headers(&[("Authorization", "Basic aG9vazp4")])),
            Err("wrong user or password".into())
        );
        assert_eq!(
            basic.check(&[]),
            Err("Authorization header is missing".into())
        );
        let bearer = RequiredAuth::parse("bearer:t0k").unwrap();
        assert_eq!(
            bearer.check(&headers(&[("authorization", "bearer t0k")])),
            Ok(())
        );
        assert!(bearer
            .check(&headers(&[("Authorization", "Basic t0k")]))
            .is_err());
        let header = RequiredAuth::parse("header:X-Api-Key:k:1").unwrap();
        assert_eq!(header.check(&headers(&[("x-api-key", "k:1")])), Ok(()));
        assert_eq!(
            header.check(&headers(&[("X-Api-Key", "nope")])),
            Err("header X-Api-Key has the wrong value".into())
        );
        for bad in [
            "basic:nopassSECRET",
            "bearer:",
            "header:bad name:vSECRET",
            "digest:xSECRET",
            "SECRETwithoutkind",
        ] {
            let error = RequiredAuth::parse(bad).unwrap_err();
            assert!(
                !error.message.contains("SECRET"),
                "never echo the value: {}",
                error.message
            );
        }
    }
}
