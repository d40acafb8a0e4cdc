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

/// A text without `://` is read as `host:port/path`; a `//` right after its host (`htp//bad`,
/// `http//127.0.0.1:9`) is almost always a scheme that lost its colon, and read as a host it
/// would fail later at connecting to a host named `htp`. Refused here, saying how to write it.
fn refuse_doubled_slash(text: &str) -> Result<(), Failure> {
    let Some((before, _)) = text.split_once('/') else {
        return Ok(());
    };
    if !text[before.len()..].starts_with("//") {
        return Ok(());
    }
    let what = if !before.is_empty() && before.chars().all(|c| c.is_ascii_alphabetic()) {
        format!("'{before}//' lacks the ':' of '{before}://'")
    } else {
        "'//' follows the host".to_string()
    };
    Err(Failure::usage(format!(
        "'{text}' is not a URL ({what}): write it as http://host:port/path"
    )))
}

/// Refuses what the URL standard (or a reader that adds `http://`) would read as another URL
/// than the one meant, as curl refuses it: a space, a scheme without `://` (`http:/x` is
/// `http://x/` to the standard), no host after `://` (`http:///x` too), and a scheme that lost
/// its colon.
fn refuse_misreadings(text: &str) -> Result<(), Failure> {
    const HOW: &str = "write it as http://host:port/path";
    if text.contains(char::is_whitespace) {
        return Err(Failure::usage(format!(
            "'{text}' is not a URL: it holds a space (write one in a path as %20); {HOW}"
        )));
    }
    match text.split_once("://") {
        Some((_, after)) if after.is_empty() || after.starts_with(['/', '?', '#']) => {
            Err(Failure::usage(format!("'{text}' has no host; {HOW}")))
        }
        Some(_) => Ok(()),
        None if ["http:", "https:"].iter().any(|scheme| {
            text.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        }) =>
        {
            Err(Failure::usage(format!(
                "'{text}' is not a URL (a scheme needs '://'); {HOW}"
            )))
        }
        None => refuse_doubled_slash(text),
    }
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, Failure> {
        refuse_misreadings(text)?;
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

    /// The URL whole, its base path too (`http://host:port/v2`), without credentials: where
    /// a message says requests go. A lone `/` path is left out, as people write such a URL.
    pub fn url(&self) -> String {
        match self.path_and_query.as_str() {
            "/" | "" => self.origin(),
            path => format!("{}{path}", self.origin()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        Target::parse(text).expect_err(text).message
    }

    #[test]
    fn a_scheme_without_its_colon_is_refused_saying_how_to_write_it() {
        assert_eq!(
            refusal("htp//bad"),
            "'htp//bad' is not a URL ('htp//' lacks the ':' of 'htp://'): \
             write it as http://host:port/path"
        );
        for text in ["http//127.0.0.1:35933", "https//example.com/x", "HTTP//h"] {
            assert!(refusal(text).contains("lacks the ':'"), "{text}");
        }
        assert!(refusal("example.com//x").contains("'//' follows the host"));
        assert!(refusal("127.0.0.1:8080//hooks").contains("'//' follows the host"));
        assert!(!refusal("htp://bad").is_empty());
    }

    #[test]
    fn a_url_without_a_host_is_refused_as_curl_refuses_it() {
        for text in ["http:///x", "https://", "http://?a=1", "http://#f"] {
            assert_eq!(
                refusal(text),
                format!("'{text}' has no host; write it as http://host:port/path")
            );
        }
        assert_eq!(Target::parse("http://h/x").unwrap().host, "h");
        assert!(refusal("not a url").contains("it holds a space"));
        for text in ["http:/x", "HTTPS:x", "http:"] {
            assert!(refusal(text).contains("a scheme needs '://'"), "{text}");
        }
        // A host and port are no scheme.
        assert_eq!(Target::parse("localhost:3000").unwrap().port, 3000);
        assert!(refusal("http://h/a b").contains("it holds a space"));
    }

    #[test]
    fn a_host_without_a_scheme_is_still_taken_as_http() {
        let hooks = Target::parse("127.0.0.1:8080/hooks").unwrap();
        assert_eq!(
            (
                hooks.https,
                hooks.authority.as_str(),
                hooks.path_and_query.as_str()
            ),
            (false, "127.0.0.1:8080", "/hooks")
        );
        assert_eq!(Target::parse("localhost:3000").unwrap().port, 3000);
        let path = Target::parse("example.com/x").unwrap();
        assert_eq!((path.port, path.path_and_query.as_str()), (80, "/x"));
        // A doubled slash later in the path is the path's own.
        let later = Target::parse("example.com/a//b").unwrap();
        assert_eq!(later.path_and_query, "/a//b");
    }
}
