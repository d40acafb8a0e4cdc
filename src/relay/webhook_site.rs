//! webhook.site: `POST /token` makes a token (its public URL is `ORIGIN/TOKEN`), and
//! `GET /token/TOKEN/requests?sorting=newest` lists what it received, each request with its
//! `uuid`, `method`, `url`, `headers` (name → list of values), `content` (the body as text),
//! `ip` and `created_at`. There is no stream: the list is polled every `--relay-interval`,
//! backing off on 429 as `Retry-After` says, and each `uuid` is delivered once. With
//! `HOOKCLI_WEBHOOK_SITE_KEY` every call carries it as `Api-Key` (it is never printed).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::{Deliveries, Relay, RelaySettings, RelaySpec, Relayed, Seen, Throttle, Warn};
use crate::capture::{Fidelity, RelayInfo};
use crate::http::client::{Client, Connection, Target};
use crate::http::server::ReceivedRequest;

/// How many requests one poll asks for.
const PER_PAGE: usize = 50;

pub struct WebhookSite {
    origin: String,
    token: String,
    public_url: String,
    client: Client,
    connection: Option<Connection>,
    settings: RelaySettings,
    /// Requests created before this (`YYYY-MM-DD HH:MM:SS`, UTC, as the API writes them) are
    /// not taken.
    since: String,
    seen: Seen,
    /// The first poll's requests, delivered when the relay runs.
    pending: Vec<Received>,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    data: Vec<Received>,
}

#[derive(Debug, Deserialize)]
struct Received {
    uuid: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    headers: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    ip: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Token {
    uuid: String,
}

pub async fn open(spec: &RelaySpec, settings: &RelaySettings) -> Result<Box<dyn Relay>, String> {
    let origin_target = Target::parse(&spec.origin).map_err(|f| f.message)?;
    let client = super::client(&origin_target, settings)?;
    let started = crate::clock::now()
        .checked_sub(settings.since.unwrap_or_default())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut relay = WebhookSite {
        origin: spec.origin.clone(),
        token: String::new(),
        public_url: String::new(),
        client,
        connection: None,
        settings: settings.clone(),
        since: api_time(started),
        seen: Seen::new(),
        pending: Vec::new(),
    };
    relay.token = match &spec.channel {
        Some(token) => token.clone(),
        None => relay.create_token().await?,
    };
    relay.public_url = format!("{}/{}", relay.origin, relay.token);
    match relay.poll().await? {
        Poll::Page(page) => relay.pending = page,
        Poll::Wait(_) => {}
    }
    Ok(Box::new(relay))
}

/// `2026-12-06 19:30:00`: webhook.site's `created_at`, which sorts as text.
fn api_time(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at)
        .to_string()
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

enum Poll {
    Page(Vec<Received>),
    /// Rate-limited: wait this long.
    Wait(Duration),
}

/// The headers of every API call: JSON, and the key when one is set.
fn api_headers(key: Option<&str>) -> Vec<(&'static str, &str)> {
    let mut headers = vec![("Accept", "application/json")];
    if let Some(key) = key {
        headers.push(("Api-Key", key));
    }
    headers
}

impl WebhookSite {
    async fn create_token(&mut self) -> Result<String, String> {
        let url = format!("{}/token", self.origin);
        let mut headers = api_headers(self.settings.api_key.as_deref());
        headers.push(("Content-Type", "application/json"));
        let response = super::exchange(
            &self.client,
            &mut self.connection,
            "POST",
            &url,
            &headers,
            b"{}",
        )
        .await
        .map_err(|e| format!("cannot make a token: {e}"))?;
        if !(200..300).contains(&response.status) {
            return Err(format!(
                "cannot make a token: {}",
                super::status_text(&response)
            ));
        }
        serde_json::from_slice::<Token>(&response.body)
            .map(|token| token.uuid)
            .map_err(|e| format!("cannot make a token: the answer has no uuid ({e})"))
    }

    async fn poll(&mut self) -> Result<Poll, String> {
        let url = format!(
            "{}/token/{}/requests?sorting=newest&per_page={PER_PAGE}",
            self.origin, self.token
        );
        let headers = api_headers(self.settings.api_key.as_deref());
        let response = super::exchange(
            &self.client,
            &mut self.connection,
            "GET",
            &url,
            &headers,
            b"",
        )
        .await?;
        if response.status == 429 {
            let wait = response
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(self.settings.interval * 2, Duration::from_secs);
            return Ok(Poll::Wait(wait));
        }
        if !(200..300).contains(&response.status) {
            return Err(super::status_text(&response));
        }
        let page: Page = serde_json::from_slice(&response.body)
            .map_err(|e| format!("the request list is not the expected JSON ({e})"))?;
        Ok(Poll::Page(page.data))
    }

    /// Delivers a page's new requests, oldest first; false when the listener stopped.
    async fn deliver(
        &mut self,
        mut page: Vec<Received>,
        deliveries: &Deliveries,
        warn: &Warn,
    ) -> bool {
        page.reverse();
        for received in page {
            let old = received
                .created_at
                .as_deref()
                .is_some_and(|at| *at < *self.since);
            if old || !self.seen.first_time(&received.uuid) {
                continue;
            }
            let name = format!("relay webhook.site {}", self.public_url);
            let body = received.content.clone().unwrap_or_default().into_bytes();
            if super::over_limit(&body, &self.settings, warn, &name, &received.uuid) {
                continue;
            }
            let info = RelayInfo {
                kind: "webhook.site".into(),
                url: self.public_url.clone(),
                event_id: received.uuid.clone(),
                fidelity: Fidelity::Exact,
            };
            let request = self.request(received, body);
            if deliveries.send(Relayed { request, info }).await.is_err() {
                return false;
            }
        }
        true
    }

    /// The request as received: webhook.site's URL gives the path and query.
    fn request(&self, received: Received, body: Vec<u8>) -> ReceivedRequest {
        let target = received
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| match u.query() {
                Some(query) => format!("{}?{query}", u.path()),
                None => u.path().to_string(),
            })
            .unwrap_or_else(|| format!("/{}", self.token));
        let mut headers = Vec::new();
        for (name, values) in &received.headers {
            match values {
                serde_json::Value::Array(values) => headers.extend(
                    values
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(|v| (name.clone(), v.to_string())),
                ),
                serde_json::Value::String(value) => headers.push((name.clone(), value.clone())),
                _ => {}
            }
        }
        let received_at = received
            .created_at
            .as_deref()
            .and_then(|at| humantime::parse_rfc3339_weak(&at.replace(' ', "T")).ok())
            .unwrap_or_else(crate::clock::now);
        ReceivedRequest {
            method: received.method.unwrap_or_else(|| "POST".into()),
            target,
            version: http::Version::HTTP_11,
            headers,
            latin1: Vec::new(),
            body,
            trailers: Vec::new(),
            latin1_trailers: Vec::new(),
            remote: Arc::from(received.ip.unwrap_or_default().as_str()),
            received_at,
        }
    }
}

impl Relay for WebhookSite {
    fn public_url(&self) -> &str {
        &self.public_url
    }

    fn run(
        mut self: Box<Self>,
        deliveries: Deliveries,
        warn: Warn,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(async move {
            let first = std::mem::take(&mut self.pending);
            if !self.deliver(first, &deliveries, &warn).await {
                return;
            }
            let mut throttle = Throttle { last: None };
            let mut failing = false;
            let mut wait = self.settings.interval;
            loop {
                tokio::time::sleep(wait).await;
                wait = self.settings.interval;
                match self.poll().await {
                    Ok(Poll::Page(page)) => {
                        if std::mem::take(&mut failing) {
                            warn(format!(
                                "relay webhook.site {}: reachable again",
                                self.public_url
                            ));
                        }
                        if !self.deliver(page, &deliveries, &warn).await {
                            return;
                        }
                    }
                    Ok(Poll::Wait(delay)) => {
                        if throttle.allow() {
                            warn(format!(
                                "relay webhook.site {}: rate-limited (429); waiting {}",
                                self.public_url,
                                humantime::format_duration(delay)
                            ));
                        }
                        wait = delay;
                    }
                    Err(reason) => {
                        failing = true;
                        if throttle.allow() {
                            warn(format!(
                                "relay webhook.site {}: {reason}; polling again",
                                self.public_url
                            ));
                        }
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_times_sort_as_text() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_733_500_000);
        assert_eq!(api_time(at), "2024-12-06 15:46:40");
        assert!("2024-12-06 15:46:39" < api_time(at).as_str());
    }
}
