//! `listen --relay`: public services that take a webhook on a public URL and hand it on, so that
//! a listener on 127.0.0.1 sees what GitHub or Stripe send from the internet. Each relay kind
//! speaks its own protocol behind the [`Relay`] trait and yields the request as the local
//! server would have received it; `listen` stores, checks, prints and forwards it as any other
//! capture. This module names the relays (`--relay` parsing), opens them, and holds what the
//! protocols share: the HTTP client, reconnection backoff and deduplication. It is not a
//! second capture pipeline.

pub mod smee;
mod sse;
pub mod webhook_site;

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::capture::RelayInfo;
use crate::exit::Failure;
use crate::http::client::{Client, Connection, ReceivedResponse, Target, WireRequest};
use crate::http::proxy::ProxySettings;
use crate::http::server::ReceivedRequest;
use crate::http::tls::TlsOptions;

/// The relays hookcli speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayKind {
    Smee,
    Gosmee,
    WebhookSite,
}

impl RelayKind {
    pub fn name(self) -> &'static str {
        match self {
            RelayKind::Smee => "smee",
            RelayKind::Gosmee => "gosmee",
            RelayKind::WebhookSite => "webhook.site",
        }
    }

    fn from_name(name: &str) -> Option<RelayKind> {
        [RelayKind::Smee, RelayKind::Gosmee, RelayKind::WebhookSite]
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(name))
    }

    /// The public service a bare `--relay KIND` makes a channel on.
    fn public_origin(self) -> Option<&'static str> {
        match self {
            RelayKind::Smee => Some("https://smee.io"),
            RelayKind::Gosmee => None,
            RelayKind::WebhookSite => Some("https://webhook.site"),
        }
    }
}

/// A relay as named on the command line, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaySpec {
    pub kind: RelayKind,
    /// The server's scheme, host and port (`https://smee.io`), without a trailing slash.
    pub origin: String,
    /// The existing channel or token; None to create one.
    pub channel: Option<String>,
}

const KINDS: &str = "smee, gosmee or webhook.site";

/// `KIND`, `KIND:URL` or `URL` (smee.io and webhook.site only), as `--relay` takes them.
pub fn parse(text: &str) -> Result<RelaySpec, Failure> {
    if let Some(kind) = RelayKind::from_name(text) {
        let origin = kind.public_origin().ok_or_else(|| {
            Failure::usage(format!(
                "--relay {text}: gosmee has no public service; give gosmee:URL of your server"
            ))
        })?;
        return spec_from_url(kind, origin, text);
    }
    if let Some((name, url)) = text.split_once(':') {
        if let Some(kind) = RelayKind::from_name(name) {
            return spec_from_url(kind, url, text);
        }
        // `bogus:http://…`: a kind that is not one, before a URL.
        if url.contains("://") {
            return Err(Failure::usage(format!(
                "--relay {text}: '{name}' is not a relay kind; use one of {KINDS}"
            )));
        }
    }
    let url = url::Url::parse(text).map_err(|_| {
        Failure::usage(format!(
            "--relay {text}: not a relay; give KIND ({KINDS}), KIND:URL or a smee.io or webhook.site URL"
        ))
    })?;
    let kind = match url.host_str() {
        Some("smee.io") => RelayKind::Smee,
        Some("webhook.site") => RelayKind::WebhookSite,
        host => {
            return Err(Failure::usage(format!(
                "--relay {text}: cannot tell the relay from the host {}; give KIND:URL with KIND one of {KINDS}",
                host.unwrap_or("")
            )))
        }
    };
    spec_from_url(kind, text, text)
}

/// An empty path or `/new` creates a channel; any other path names one (its last segment).
fn spec_from_url(kind: RelayKind, url: &str, given: &str) -> Result<RelaySpec, Failure> {
    let bad = |why: &str| Failure::usage(format!("--relay {given}: {why}"));
    let parsed = url::Url::parse(url).map_err(|e| bad(&format!("not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(bad("the URL must be http:// or https:// with a host"));
    }
    let origin = parsed.origin().ascii_serialization();
    let path = parsed.path().trim_matches('/');
    let channel = match path {
        "" | "new" => None,
        path => Some(path.rsplit('/').next().unwrap_or(path).to_string()),
    };
    Ok(RelaySpec {
        kind,
        origin,
        channel,
    })
}

/// What `listen` gives every relay: the shared client's TLS and proxy settings, its limits.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    pub tls: TlsOptions,
    pub proxies: ProxySettings,
    pub connect_timeout: Duration,
    pub max_body: u64,
    /// How often webhook.site is polled.
    pub interval: Duration,
    /// How far back before the start webhook.site requests are taken.
    pub since: Option<Duration>,
    /// webhook.site's `Api-Key` (`HOOKCLI_WEBHOOK_SITE_KEY`), never printed.
    pub api_key: Option<String>,
}

/// A request a relay delivered, as the local server would have received it.
pub struct Relayed {
    pub request: ReceivedRequest,
    pub info: RelayInfo,
}

/// Where relays deliver their requests.
pub type Deliveries = tokio::sync::mpsc::Sender<Relayed>;
/// How relays print a warning line.
pub type Warn = Arc<dyn Fn(String) + Send + Sync>;

/// One relay protocol, opened.
pub trait Relay: Send {
    /// The URL senders post to.
    fn public_url(&self) -> &str;
    /// Delivers requests until the listener stops, reconnecting after every drop.
    fn run(
        self: Box<Self>,
        deliveries: Deliveries,
        warn: Warn,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Opens a relay: makes its channel when asked and checks it answers. The error is one line
/// naming the relay and the reason, with exit code 3.
pub async fn open(spec: &RelaySpec, settings: &RelaySettings) -> Result<Box<dyn Relay>, Failure> {
    let opened = match spec.kind {
        RelayKind::Smee | RelayKind::Gosmee => smee::open(spec, settings).await,
        RelayKind::WebhookSite => webhook_site::open(spec, settings).await,
    };
    opened.map_err(|reason| {
        Failure::io(format!(
            "relay {} {}: {reason}",
            spec.kind.name(),
            spec.channel
                .as_ref()
                .map_or(spec.origin.clone(), |c| format!("{}/{c}", spec.origin))
        ))
    })
}

/// The shared client for a relay's server, with `listen`'s TLS and proxy settings.
fn client(target: &Target, settings: &RelaySettings) -> Result<Client, String> {
    let mut client = Client::new(target, &settings.tls, Duration::from_secs(30))
        .map_err(|f| f.message)?
        .with_proxies(settings.proxies.clone());
    client.connect_timeout = settings.connect_timeout;
    Ok(client)
}

/// One request to a relay's API, its body whole.
async fn exchange(
    client: &Client,
    connection: &mut Option<Connection>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<ReceivedResponse, String> {
    let target = Target::parse(url).map_err(|f| f.message)?;
    let mut all = vec![("Host".to_string(), target.authority.clone())];
    all.extend(headers.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    if method != "GET" {
        all.push(("Content-Length".into(), body.len().to_string()));
    }
    all.push(("User-Agent".into(), user_agent()));
    let request = WireRequest::new(
        method.into(),
        target.path_and_query.clone(),
        all,
        bytes::Bytes::copy_from_slice(body),
    )
    .map_err(|f| f.message)?;
    client
        .exchange(&target, connection, &request)
        .await
        .map_err(|e| e.to_string())
}

fn user_agent() -> String {
    format!("hookcli/{}", env!("CARGO_PKG_VERSION"))
}

/// `404 Not Found` for messages.
fn status_text(response: &ReceivedResponse) -> String {
    format!("answered {} {}", response.status, response.reason)
        .trim_end()
        .to_string()
}

/// Waits between reconnection attempts: from 1 s, doubling up to 30 s, with jitter so that
/// many listeners do not come back at once.
struct Backoff {
    next: Duration,
}

const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

impl Backoff {
    fn new() -> Backoff {
        Backoff {
            next: BACKOFF_FIRST,
        }
    }

    fn delay(&mut self) -> Duration {
        let base = self.next;
        self.next = (self.next * 2).min(BACKOFF_MAX);
        // Up to a fifth less, never more than the cap.
        let jitter = base.mul_f64((crate::clock::random_u64() % 200) as f64 / 1000.0);
        base - jitter
    }
}

/// What was delivered lately, so that an event a relay sends again after a reconnect is not
/// stored twice.
struct Seen {
    order: VecDeque<u64>,
    set: HashSet<u64>,
}

impl Seen {
    const KEEP: usize = 4096;

    fn new() -> Seen {
        Seen {
            order: VecDeque::new(),
            set: HashSet::new(),
        }
    }

    /// True the first time `key` is seen.
    fn first_time(&mut self, key: &str) -> bool {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        let hash = hasher.finish();
        if !self.set.insert(hash) {
            return false;
        }
        self.order.push_back(hash);
        if self.order.len() > Self::KEEP {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }
}

/// Warnings about one relay's attempts, at most one per 30 s.
struct Throttle {
    last: Option<std::time::Instant>,
}

impl Throttle {
    fn allow(&mut self) -> bool {
        let now = std::time::Instant::now();
        if self.last.is_some_and(|l| now - l < BACKOFF_MAX) {
            return false;
        }
        self.last = Some(now);
        true
    }
}

/// Whether a body is over `--max-body`: then it is not captured, and a warning says so.
fn over_limit(
    body: &[u8],
    settings: &RelaySettings,
    warn: &Warn,
    relay: &str,
    event: &str,
) -> bool {
    if body.len() as u64 <= settings.max_body {
        return false;
    }
    warn(format!(
        "relay {relay}: event {event} has a body of {} bytes, over --max-body; not captured",
        body.len()
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relays_parse_as_the_issue_names_them() {
        let smee = parse("smee").unwrap();
        assert_eq!(
            (smee.kind, smee.origin.as_str(), smee.channel),
            (RelayKind::Smee, "https://smee.io", None)
        );
        let own = parse("gosmee:http://127.0.0.1:3333").unwrap();
        assert_eq!(
            (own.kind, own.origin.as_str(), own.channel),
            (RelayKind::Gosmee, "http://127.0.0.1:3333", None)
        );
        let new = parse("gosmee:http://127.0.0.1:3333/new").unwrap();
        assert_eq!(new.channel, None);
        let channel = parse("smee:https://smee.example.com/AbC123").unwrap();
        assert_eq!(channel.channel.as_deref(), Some("AbC123"));
        let token = parse("webhook.site:http://127.0.0.1:8084/TOKEN").unwrap();
        assert_eq!(
            (token.kind, token.channel.as_deref()),
            (RelayKind::WebhookSite, Some("TOKEN"))
        );
        let inferred = parse("https://smee.io/xyz").unwrap();
        assert_eq!(
            (inferred.kind, inferred.channel.as_deref()),
            (RelayKind::Smee, Some("xyz"))
        );
        assert_eq!(
            parse("https://webhook.site").unwrap().kind,
            RelayKind::WebhookSite
        );
        for bad in [
            "gosmee",
            "https://example.com/abc",
            "ngrok",
            "smee:ftp://x/y",
            "smee:nope",
        ] {
            assert_eq!(parse(bad).unwrap_err().code, crate::exit::USAGE, "{bad}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_thirty_seconds() {
        let mut backoff = Backoff::new();
        let delays: Vec<_> = (0..8).map(|_| backoff.delay()).collect();
        assert!(delays[0] <= BACKOFF_FIRST && delays[0] >= BACKOFF_FIRST.mul_f64(0.8));
        assert!(delays.iter().all(|d| *d <= BACKOFF_MAX));
        assert!(delays[7] >= BACKOFF_MAX.mul_f64(0.8));
    }
}
