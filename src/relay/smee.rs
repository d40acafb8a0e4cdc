//! The smee protocol, as probot/smee.io and chmouel/gosmee serve it. A channel is made with
//! `GET /new` (smee.io answers 307 to it, gosmee names it in a text body) and read as
//! Server-Sent Events (smee.io at the channel's URL, gosmee at `/events/CHANNEL`). Each
//! unnamed event's `data` is a JSON object: the request's headers (lowercase names, at the top
//! level), `body` (the parsed JSON; smee.io sends nothing else, so its bodies are
//! re-serialized), `query`, `timestamp`, and on gosmee `bodyB`, the raw body in base64.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::{Map, Value};

use super::sse::EventStream;
use super::{
    Backoff, Deliveries, Relay, RelayKind, RelaySettings, RelaySpec, Relayed, Seen, Throttle, Warn,
};
use crate::capture::{Fidelity, RelayInfo};
use crate::http::client::Target;
use crate::http::server::ReceivedRequest;

/// An open smee or gosmee channel.
pub struct SmeeRelay {
    kind: RelayKind,
    /// The channel's URL, where senders post.
    channel_url: String,
    channel: Target,
    events_url: Target,
    settings: RelaySettings,
    stream: Option<EventStream>,
    last_event_id: Option<String>,
    seen: Seen,
}

pub async fn open(spec: &RelaySpec, settings: &RelaySettings) -> Result<Box<dyn Relay>, String> {
    let channel_url = match &spec.channel {
        Some(channel) => format!("{}/{channel}", spec.origin),
        None => create_channel(&spec.origin, settings).await?,
    };
    let channel = Target::parse(&channel_url).map_err(|f| f.message)?;
    let events_url = match spec.kind {
        RelayKind::Gosmee => {
            let name = channel.path_and_query.trim_matches('/');
            let name = name.rsplit('/').next().unwrap_or(name);
            let origin = channel_url.trim_end_matches(&channel.path_and_query);
            Target::parse(&format!("{origin}/events/{name}")).map_err(|f| f.message)?
        }
        _ => channel.clone(),
    };
    let stream = EventStream::connect(&events_url, settings, None)
        .await
        .map_err(|reason| match spec.channel {
            // The error's prefix names a channel that was given; a new one is named here.
            Some(_) => reason,
            None => format!("new channel {channel_url}: {reason}"),
        })?;
    Ok(Box::new(SmeeRelay {
        kind: spec.kind,
        channel_url,
        channel,
        events_url,
        settings: settings.clone(),
        stream: Some(stream),
        last_event_id: None,
        seen: Seen::new(),
    }))
}

/// `GET /new`: smee.io redirects to the channel (307), gosmee writes its URL as text.
async fn create_channel(origin: &str, settings: &RelaySettings) -> Result<String, String> {
    let url = format!("{origin}/new");
    let target = Target::parse(&url).map_err(|f| f.message)?;
    let client = super::client(&target, settings)?;
    let response = super::exchange(
        &client,
        &mut None,
        "GET",
        &url,
        &[("Accept", "text/plain")],
        b"",
    )
    .await
    .map_err(|e| format!("cannot make a channel at {url}: {e}"))?;
    let made = match response.status {
        300..=399 => response.header("location").map(str::to_string),
        200..=299 => Some(String::from_utf8_lossy(&response.body).trim().to_string()),
        _ => None,
    };
    match made {
        Some(made) if made.starts_with("http://") || made.starts_with("https://") => Ok(made),
        Some(made) if made.starts_with('/') => Ok(format!("{origin}{made}")),
        _ => Err(format!(
            "cannot make a channel at {url}: {}",
            super::status_text(&response)
        )),
    }
}

impl Relay for SmeeRelay {
    fn public_url(&self) -> &str {
        &self.channel_url
    }

    fn run(
        mut self: Box<Self>,
        deliveries: Deliveries,
        warn: Warn,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(async move {
            // Kept across drops, so that a relay that accepts and drops at once is not asked
            // again every second; reset once a stream has stayed up.
            let mut backoff = Backoff::new();
            loop {
                let stream = match self.stream.take() {
                    Some(stream) => stream,
                    None => self.reconnect(&mut backoff, &warn).await,
                };
                let opened = std::time::Instant::now();
                let why = self.pump(stream, &deliveries, &warn).await;
                if deliveries.is_closed() {
                    return;
                }
                if opened.elapsed() >= super::BACKOFF_MAX {
                    backoff = Backoff::new();
                }
                warn(format!(
                    "{}: disconnected ({why}); reconnecting",
                    self.name()
                ));
            }
        })
    }
}

impl SmeeRelay {
    fn name(&self) -> String {
        format!("relay {} {}", self.kind.name(), self.channel_url)
    }

    /// Connects again, forever, with backoff and the last event's id.
    async fn reconnect(&mut self, backoff: &mut Backoff, warn: &Warn) -> EventStream {
        let mut throttle = Throttle { last: None };
        loop {
            tokio::time::sleep(backoff.delay()).await;
            let id = self.last_event_id.as_deref();
            match EventStream::connect(&self.events_url, &self.settings, id).await {
                Ok(stream) => {
                    warn(format!("{}: reconnected", self.name()));
                    return stream;
                }
                Err(reason) if throttle.allow() => warn(format!(
                    "{}: cannot reconnect ({reason}); trying again",
                    self.name()
                )),
                Err(_) => {}
            }
        }
    }

    /// Delivers the stream's events until it ends; returns why it did.
    async fn pump(
        &mut self,
        mut stream: EventStream,
        deliveries: &Deliveries,
        warn: &Warn,
    ) -> String {
        while let Some(event) = stream.next().await {
            let event = match event {
                Ok(event) => event,
                Err(error) => return error,
            };
            if !event.id.is_empty() {
                self.last_event_id = Some(event.id.clone());
            }
            if event.event == "gosmee-gap" {
                warn(format!(
                    "{}: the relay no longer holds every event since the disconnection; some may be lost",
                    self.name()
                ));
            }
            if is_control(&event.event, &event.data) || !self.seen.first_time(&event.data) {
                continue;
            }
            let id = if event.id.is_empty() {
                "(no id)"
            } else {
                event.id.as_str()
            };
            let relayed = match rebuild(&event.data, &self.channel) {
                Ok(relayed) => relayed,
                Err(reason) => {
                    warn(format!(
                        "{}: event {id} is not the expected JSON ({reason}); skipped",
                        self.name()
                    ));
                    continue;
                }
            };
            if super::over_limit(&relayed.body, &self.settings, warn, &self.name(), id) {
                continue;
            }
            let info = RelayInfo {
                kind: self.kind.name().to_string(),
                url: self.channel_url.clone(),
                event_id: if event.id.is_empty() {
                    relayed.timestamp.clone()
                } else {
                    event.id.clone()
                },
                fidelity: relayed.fidelity,
            };
            if deliveries
                .send(Relayed {
                    request: relayed.request(),
                    info,
                })
                .await
                .is_err()
            {
                return "the listener stopped".into();
            }
        }
        "the stream ended".into()
    }
}

/// smee.io's `ready` and `ping`, gosmee's `ready`, `{"message":"connected"}` and
/// `gosmee-gap`: any named event (a request is an unnamed one, type `message`).
fn is_control(name: &str, data: &str) -> bool {
    if !matches!(name, "" | "message") || data.trim() == "ready" {
        return true;
    }
    match serde_json::from_str::<Map<String, Value>>(data) {
        Ok(object) => object.len() == 1 && object.get("message").is_some_and(Value::is_string),
        Err(_) => false,
    }
}

/// A request rebuilt from one event.
#[derive(Debug)]
struct Rebuilt {
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    remote: String,
    received_at: SystemTime,
    timestamp: String,
    fidelity: Fidelity,
}

impl Rebuilt {
    fn request(self) -> ReceivedRequest {
        ReceivedRequest {
            method: "POST".into(),
            target: self.target,
            version: http::Version::HTTP_11,
            headers: self.headers,
            latin1: Vec::new(),
            body: self.body,
            trailers: Vec::new(),
            latin1_trailers: Vec::new(),
            remote: Arc::from(self.remote.as_str()),
            received_at: self.received_at,
        }
    }
}

/// The fields of an event's data that are not headers.
const NOT_HEADERS: [&str; 4] = ["body", "bodyB", "query", "timestamp"];

/// Rebuilds the request: headers in the event's order with Host and Content-Length made for
/// the rebuilt body (Connection and Transfer-Encoding dropped); `bodyB`'s bytes when the relay
/// sent them, else `body` written compactly with its keys in the event's order.
fn rebuild(data: &str, channel: &Target) -> Result<Rebuilt, String> {
    let object: Map<String, Value> =
        serde_json::from_str(data).map_err(|e| format!("not a JSON object: {e}"))?;
    let (body, fidelity) = match (object.get("bodyB"), object.get("body")) {
        (Some(Value::String(encoded)), _) => (
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(|e| format!("bodyB is not base64: {e}"))?,
            Fidelity::Exact,
        ),
        (None, Some(Value::Null)) | (None, None) => (Vec::new(), Fidelity::Reserialized),
        (None, Some(body)) => (
            serde_json::to_vec(body).map_err(|e| e.to_string())?,
            Fidelity::Reserialized,
        ),
        (Some(_), _) => return Err("bodyB is not a string".into()),
    };
    let mut headers = Vec::new();
    let (mut host, mut length) = (false, false);
    for (name, value) in &object {
        if NOT_HEADERS.contains(&name.as_str())
            || http::HeaderName::from_bytes(name.as_bytes()).is_err()
        {
            continue;
        }
        match name.to_ascii_lowercase().as_str() {
            "connection" | "transfer-encoding" => continue,
            "host" => {
                host = true;
                headers.push((name.clone(), channel.authority.clone()));
                continue;
            }
            "content-length" => {
                length = true;
                headers.push((name.clone(), body.len().to_string()));
                continue;
            }
            _ => {}
        }
        match value {
            Value::String(text) => headers.push((name.clone(), text.clone())),
            Value::Array(values) => {
                headers.extend(values.iter().map(|v| (name.clone(), text_of(v))))
            }
            Value::Null | Value::Object(_) => {}
            other => headers.push((name.clone(), other.to_string())),
        }
    }
    if !host {
        headers.insert(0, ("host".into(), channel.authority.clone()));
    }
    if !length {
        headers.push(("content-length".into(), body.len().to_string()));
    }
    let (received_at, timestamp) = timestamp(object.get("timestamp"));
    let remote = crate::capture::header_value(&headers, "x-forwarded-for")
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    Ok(Rebuilt {
        target: target(channel, object.get("query")),
        headers,
        body,
        remote,
        received_at,
        timestamp,
        fidelity,
    })
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The channel's path with the event's query (an object of names and values, or lists).
fn target(channel: &Target, query: Option<&Value>) -> String {
    let path = channel
        .path_and_query
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    let Some(Value::Object(query)) = query else {
        return path;
    };
    if query.is_empty() {
        return path;
    }
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (name, value) in query {
        match value {
            Value::Array(values) => {
                for value in values {
                    encoded.append_pair(name, &text_of(value));
                }
            }
            value => {
                encoded.append_pair(name, &text_of(value));
            }
        }
    }
    format!("{path}?{}", encoded.finish())
}

/// smee.io's `timestamp` is a number of milliseconds, gosmee's the same as a string.
fn timestamp(value: Option<&Value>) -> (SystemTime, String) {
    let millis = match value {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(text)) => text.parse().ok(),
        _ => None,
    };
    match millis {
        Some(ms) => (
            SystemTime::UNIX_EPOCH + Duration::from_millis(ms),
            ms.to_string(),
        ),
        None => (crate::clock::now(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Target {
        Target::parse("https://smee.io/AbC123").unwrap()
    }

    #[test]
    fn smee_events_are_rebuilt_with_their_order_and_a_compact_body() {
        let data = r#"{"host":"smee.io","content-type":"application/json","x-github-event":"push","content-length":"999","connection":"close","x-forwarded-for":"140.82.115.1, 10.0.0.1","body":{"zeta":1,"alpha":{"b":[1,2],"a":"x"}},"query":{"a":"1 2","b":["x","y"]},"timestamp":1733500000123}"#;
        let rebuilt = rebuild(data, &channel()).unwrap();
        let body = br#"{"zeta":1,"alpha":{"b":[1,2],"a":"x"}}"#;
        assert_eq!(rebuilt.body, body);
        assert_eq!(rebuilt.fidelity, Fidelity::Reserialized);
        let names: Vec<_> = rebuilt.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "host",
                "content-type",
                "x-github-event",
                "content-length",
                "x-forwarded-for"
            ]
        );
        assert_eq!(rebuilt.headers[3].1, body.len().to_string());
        assert_eq!(rebuilt.target, "/AbC123?a=1+2&b=x&b=y");
        assert_eq!(rebuilt.remote, "140.82.115.1");
        assert_eq!(rebuilt.timestamp, "1733500000123");
    }

    #[test]
    fn gosmee_events_give_the_exact_bytes() {
        let raw = b"{ \"spaced\" : true }\n";
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
        let data = format!(
            r#"{{"content-type":"application/json","bodyB":"{encoded}","timestamp":"1733500000123"}}"#
        );
        let rebuilt = rebuild(&data, &channel()).unwrap();
        assert_eq!(
            (rebuilt.body.as_slice(), rebuilt.fidelity),
            (&raw[..], Fidelity::Exact)
        );
        assert_eq!(
            rebuilt.headers[0],
            ("host".to_string(), "smee.io".to_string())
        );
        assert!(rebuild("[1,2]", &channel()).is_err());
        assert!(rebuild(r#"{"bodyB":"%%%"}"#, &channel()).is_err());
    }

    #[test]
    fn control_events_are_recognised() {
        assert!(is_control("ready", "{}"));
        assert!(is_control("gosmee-gap", r#"{"error":"missed_history"}"#));
        assert!(is_control("ping", "{}"));
        assert!(is_control("", r#"{"message":"connected"}"#));
        assert!(is_control("", "ready"));
        assert!(!is_control("", r#"{"message":"hi","body":{}}"#));
        assert!(!is_control("message", r#"{"body":{}}"#));
    }
}
