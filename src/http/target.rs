//! Where requests go: a URL parsed once into what the connection and the request line need.

use crate::exit::Failure;

/// Where requests go: parsed once from a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub https: bool,
    /// The host to connect to, without brackets.
    pub host: String,
    pub port: u16,
    /// The Host header: `host` or `host:port` when the port is not the scheme's default.
    pub authority: String,
    /// The request target: path and query.
    pub path_and_query: String,
    /// `Basic ...` from credentials in the URL (`http://user:pass@host/`), as curl uses them.
    pub basic_auth: Option<String>,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, Failure> {
        let with_scheme = if text.contains("://") {
            text.to_string()
        } else {
            format!("http://{text}")
        };
        let url = url::Url::parse(&with_scheme).map_err(|e| {
            Failure::usage(format!(
                "'{text}' is not a URL ({e}); write it as http://host:port/path"
            ))
        })?;
        let https = match url.scheme() {
            "http" => false,
            "https" => true,
            other => {
                return Err(Failure::usage(format!(
                    "'{other}' URLs are not supported; use http:// or https://"
                )))
            }
        };
        let host_text = url
            .host_str()
            .ok_or_else(|| Failure::usage(format!("'{text}' has no host")))?;
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        let authority = match url.port() {
            Some(port) => format!("{host_text}:{port}"),
            None => host_text.to_string(),
        };
        let mut path_and_query = url.path().to_string();
        if let Some(query) = url.query() {
            path_and_query.push('?');
            path_and_query.push_str(query);
        }
        let basic_auth = (!url.username().is_empty() || url.password().is_some()).then(|| {
            let decode = |part: &str| {
                percent_encoding::percent_decode_str(part)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let credentials = format!(
                "{}:{}",
                decode(url.username()),
                decode(url.password().unwrap_or(""))
            );
            use base64::Engine;
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            )
        });
        Ok(Target {
            basic_auth,
            https,
            host: host_text
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port,
            authority,
            path_and_query,
        })
    }

    /// `scheme://authority`, for messages and curl command lines.
    pub fn origin(&self) -> String {
        format!(
            "{}://{}",
            if self.https { "https" } else { "http" },
            self.authority
        )
    }
}
