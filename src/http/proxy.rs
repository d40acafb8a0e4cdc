//! Which proxy a request goes through, decided as curl decides it: `--proxy URL` (or `''` for
//! none), else `http_proxy` for http targets (lowercase only: `HTTP_PROXY` can be set by a web
//! server's CGI environment, so curl ignores it), `HTTPS_PROXY`/`https_proxy` for https ones,
//! `ALL_PROXY`/`all_proxy` for both; `NO_PROXY`/`no_proxy` and `--noproxy` list exceptions
//! (host suffixes, `*`, IP addresses, CIDR ranges, `host:port`). A loopback target never goes
//! through a proxy from the environment: a corporate proxy must not break
//! `--forward-to http://localhost:3000`. An explicit `--proxy` still applies to it.

use std::net::IpAddr;

use base64::Engine;

use super::target::Target;
use crate::exit::Failure;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    /// Requests in absolute form to an http target; a CONNECT tunnel to an https one.
    Http,
    /// SOCKS5 with the target's name resolved here.
    Socks5,
    /// SOCKS5 with the target's name resolved by the proxy.
    Socks5h,
}

/// One proxy, parsed from a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
    /// From the URL's user information, percent-decoded.
    pub credentials: Option<(String, String)>,
}

impl Proxy {
    /// Parses a proxy URL; `source` names where it came from (`--proxy`, `HTTPS_PROXY`) for
    /// the error, which never repeats the URL (it may hold a password).
    pub fn parse(text: &str, source: &str) -> Result<Proxy, Failure> {
        let bad = |why: &str| {
            Failure::usage(format!(
                "{source} is not a proxy URL ({why}); write it as http://host:port, socks5://host:port or socks5h://host:port"
            ))
        };
        let with_scheme = if text.contains("://") {
            text.to_string()
        } else {
            format!("http://{text}")
        };
        let url = url::Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
        let (kind, default_port) = match url.scheme() {
            "http" => (ProxyKind::Http, 1080),
            "socks5" => (ProxyKind::Socks5, 1080),
            "socks5h" => (ProxyKind::Socks5h, 1080),
            "https" => return Err(bad("TLS to the proxy itself is not supported")),
            other => return Err(bad(&format!("'{other}' is not a proxy scheme"))),
        };
        let host = url.host_str().ok_or_else(|| bad("no host"))?;
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8_lossy()
                .into_owned()
        };
        let credentials = (!url.username().is_empty())
            .then(|| (decode(url.username()), decode(url.password().unwrap_or(""))));
        Ok(Proxy {
            kind,
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            // curl's default proxy port is 1080 for every scheme.
            port: url.port().unwrap_or(default_port),
            credentials,
        })
    }

    /// `127.0.0.1:3128`, for messages.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The URL without its credentials, as `-v` and `--curl` show it.
    pub fn shown(&self) -> String {
        let scheme = match self.kind {
            ProxyKind::Http => "http",
            ProxyKind::Socks5 => "socks5",
            ProxyKind::Socks5h => "socks5h",
        };
        format!("{scheme}://{}", self.address())
    }

    /// `Basic ...` for Proxy-Authorization, when the URL has credentials.
    pub fn authorization(&self) -> Option<String> {
        let (user, password) = self.credentials.as_ref()?;
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        ))
    }
}

/// The proxies in force and their exceptions.
#[derive(Debug, Clone, Default)]
pub struct ProxySettings {
    http: Option<Proxy>,
    https: Option<Proxy>,
    /// Why an environment variable for http (or https) targets could not be read: an error
    /// only for a target that variable applies to (see [`ProxySettings::check`]).
    http_error: Option<String>,
    https_error: Option<String>,
    /// Whether the proxies came from `--proxy` rather than the environment.
    explicit: bool,
    exceptions: Vec<Exception>,
}

impl ProxySettings {
    /// The settings from `--proxy` and `--noproxy` (`None` when not given) and the environment,
    /// read through `env` so tests can give their own.
    pub fn resolve(
        flag: Option<&str>,
        noproxy: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ProxySettings, Failure> {
        let var = |names: &[&'static str]| {
            names.iter().find_map(|name| {
                env(name)
                    .filter(|value| !value.trim().is_empty())
                    .map(|value| (*name, value))
            })
        };
        // A variable that does not parse is held back: it matters only to targets it applies to.
        let parse = |found: Option<(&str, String)>| match found {
            None => (None, None),
            Some((name, value)) => match Proxy::parse(value.trim(), name) {
                Ok(proxy) => (Some(proxy), None),
                Err(failure) => (None, Some(failure.message)),
            },
        };
        let mut exceptions: Vec<Exception> = var(&["no_proxy", "NO_PROXY"])
            .map(|(_, list)| Exception::parse_list(&list))
            .unwrap_or_default();
        if let Some(list) = noproxy {
            exceptions.extend(Exception::parse_list(list));
        }
        if let Some(flag) = flag {
            let proxy = (!flag.trim().is_empty())
                .then(|| Proxy::parse(flag.trim(), "--proxy"))
                .transpose()?;
            return Ok(ProxySettings {
                http: proxy.clone(),
                https: proxy,
                explicit: true,
                exceptions,
                ..ProxySettings::default()
            });
        }
        let (all, all_error) = parse(var(&["all_proxy", "ALL_PROXY"]));
        let (http, http_error) = parse(var(&["http_proxy"]));
        let (https, https_error) = parse(var(&["https_proxy", "HTTPS_PROXY"]));
        let scheme = |own: Option<Proxy>, own_error: Option<String>| match (own, own_error) {
            (Some(proxy), _) => (Some(proxy), None),
            (None, Some(error)) => (None, Some(error)),
            (None, None) => (all.clone(), all_error.clone()),
        };
        let (http, http_error) = scheme(http, http_error);
        let (https, https_error) = scheme(https, https_error);
        Ok(ProxySettings {
            http,
            https,
            http_error,
            https_error,
            explicit: false,
            exceptions,
        })
    }

    /// The settings of this process's environment and flags.
    pub fn from_environment(
        flag: Option<&str>,
        noproxy: Option<&str>,
    ) -> Result<ProxySettings, Failure> {
        Self::resolve(flag, noproxy, |name| std::env::var(name).ok())
    }

    /// Refuses a target whose proxy variable does not parse (exit 2, naming the variable); a
    /// loopback target or an exception never uses it, so is never refused for it.
    pub fn check(&self, target: &Target) -> Result<(), Failure> {
        let error = if target.https {
            &self.https_error
        } else {
            &self.http_error
        };
        match error {
            Some(message) if !self.bypassed(target) => Err(Failure::usage(message.clone())),
            _ => Ok(()),
        }
    }

    fn bypassed(&self, target: &Target) -> bool {
        (!self.explicit && is_loopback(&target.host))
            || self
                .exceptions
                .iter()
                .any(|e| e.covers(&target.host, target.port))
    }

    /// The proxy a request to `target` goes through, if any.
    pub fn for_target(&self, target: &Target) -> Option<&Proxy> {
        let proxy = if target.https {
            self.https.as_ref()
        } else {
            self.http.as_ref()
        }?;
        (!self.bypassed(target)).then_some(proxy)
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// One entry of a no-proxy list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Exception {
    Everything,
    /// A name and the names under it (`example.com` and `.example.com` both cover
    /// `api.example.com`), with a port when one is given.
    Name(String, Option<u16>),
    /// An address or a CIDR range.
    Range(IpAddr, u8, Option<u16>),
}

impl Exception {
    fn parse_list(list: &str) -> Vec<Exception> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(Exception::parse)
            .collect()
    }

    fn parse(entry: &str) -> Exception {
        if entry == "*" {
            return Exception::Everything;
        }
        let (host, port) = split_port(entry);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let (address, prefix) = match host.split_once('/') {
            Some((address, bits)) => (address, bits.parse::<u8>().ok()),
            None => (host, None),
        };
        match address.parse::<IpAddr>() {
            Ok(ip) => {
                let full = if ip.is_ipv4() { 32 } else { 128 };
                Exception::Range(ip, prefix.unwrap_or(full).min(full), port)
            }
            Err(_) => Exception::Name(host.trim_start_matches('.').to_ascii_lowercase(), port),
        }
    }

    fn covers(&self, host: &str, port: u16) -> bool {
        match self {
            Exception::Everything => true,
            Exception::Name(name, wanted) => {
                let host = host.to_ascii_lowercase();
                wanted.is_none_or(|p| p == port)
                    && (host == *name || host.ends_with(&format!(".{name}")))
            }
            Exception::Range(network, bits, wanted) => {
                wanted.is_none_or(|p| p == port)
                    && host
                        .parse::<IpAddr>()
                        .is_ok_and(|ip| in_range(ip, *network, *bits))
            }
        }
    }
}

/// `host:port` split when the part after the last colon is a port (and the host is not a bare
/// IPv6 address).
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((host, after)) = rest.split_once(']') {
            return (host, after.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => match port.parse::<u16>() {
            Ok(port) => (host, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

fn in_range(ip: IpAddr, network: IpAddr, bits: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(flag: Option<&str>, vars: &[(&str, &str)]) -> ProxySettings {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        ProxySettings::resolve(flag, None, |name| {
            vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
        })
        .unwrap()
    }

    fn via(settings: &ProxySettings, url: &str) -> Option<String> {
        settings
            .for_target(&Target::parse(url).unwrap())
            .map(Proxy::shown)
    }

    #[test]
    fn the_environment_is_read_as_curl_reads_it() {
        let env = settings(
            None,
            &[
                ("HTTP_PROXY", "http://ignored:1"),
                ("http_proxy", "http://p:3128"),
                ("HTTPS_PROXY", "socks5h://s:1080"),
                ("NO_PROXY", ".internal, 10.0.0.0/8, other:8443"),
            ],
        );
        assert_eq!(
            via(&env, "http://example.com/"),
            Some("http://p:3128".into())
        );
        assert_eq!(
            via(&env, "https://example.com/"),
            Some("socks5h://s:1080".into())
        );
        assert_eq!(via(&env, "http://api.internal/"), None);
        assert_eq!(via(&env, "http://internal/"), None);
        assert_eq!(via(&env, "http://10.1.2.3/"), None);
        assert_eq!(via(&env, "https://other:8443/"), None);
        assert_eq!(via(&env, "https://other/"), Some("socks5h://s:1080".into()));
        for loopback in [
            "http://localhost:3000/",
            "http://127.0.0.5/",
            "http://[::1]:80/",
        ] {
            assert_eq!(via(&env, loopback), None, "{loopback}");
        }
        let all = settings(None, &[("ALL_PROXY", "p:8080"), ("no_proxy", "*")]);
        assert_eq!(via(&all, "http://example.com/"), None);
        let all = settings(None, &[("all_proxy", "p:8080")]);
        assert_eq!(
            via(&all, "https://example.com/"),
            Some("http://p:8080".into())
        );
    }

    #[test]
    fn an_explicit_proxy_applies_to_loopback_and_empty_turns_proxies_off() {
        let explicit = settings(
            Some("http://u:p%40ss@127.0.0.1:3128"),
            &[("http_proxy", "x:1")],
        );
        let proxy = explicit
            .for_target(&Target::parse("http://127.0.0.1:9/").unwrap())
            .unwrap();
        assert_eq!(proxy.credentials, Some(("u".into(), "p@ss".into())));
        assert_eq!(proxy.shown(), "http://127.0.0.1:3128");
        let off = settings(Some(""), &[("http_proxy", "http://p:3128")]);
        assert_eq!(via(&off, "http://example.com/"), None);
    }

    #[test]
    fn bad_proxy_urls_name_their_source_and_never_their_secret() {
        let settings = ProxySettings::resolve(None, None, |name| {
            (name == "HTTPS_PROXY").then(|| "ftp://user:hunter2@p:1".to_string())
        })
        .unwrap();
        assert!(settings
            .check(&Target::parse("http://example.com/").unwrap())
            .is_ok());
        assert!(settings
            .check(&Target::parse("https://127.0.0.1/").unwrap())
            .is_ok());
        let error = settings
            .check(&Target::parse("https://example.com/").unwrap())
            .unwrap_err();
        assert!(error.message.contains("HTTPS_PROXY"), "{}", error.message);
        assert!(!error.message.contains("hunter2"));
        assert_eq!(error.code, crate::exit::USAGE);
    }
}
