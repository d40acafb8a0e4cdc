//! `listen --forward-to URL`: each captured request is sent on to the target as `replay` sends
//! it, and the target's answer goes back to the original sender. A target that is down gets
//! the sender a 502, one that is too slow a 504, each with a short text.

use std::sync::Mutex;
use std::time::Instant;

use bytes::Bytes;

use crate::capture::CaptureRecord;
use crate::cli::TlsArgs;
use crate::exit::Failure;
use crate::http::client::{Client, ClientError, Connection, Target};
use crate::http::proxy::ProxySettings;
use crate::http::replayer::Replayer;

pub struct Forwarder {
    replayer: Replayer,
    client: Client,
    /// Kept-alive connections to the target, reused across requests.
    idle: Mutex<Vec<Connection>>,
}

/// The answer to give the sender.
pub struct Forwarded {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub elapsed_ms: f64,
    /// Why hookcli answered itself instead of relaying the target's answer.
    pub error: Option<String>,
}

impl Forwarder {
    pub fn new(
        url: &str,
        timeout: std::time::Duration,
        tls: &TlsArgs,
        proxies: &ProxySettings,
        connect_timeout: std::time::Duration,
    ) -> Result<Forwarder, Failure> {
        let target = Target::parse(url)?;
        proxies.check(&target)?;
        let options = tls.options();
        // A forwarder never follows redirects: the sender gets the target's 3xx, as from a proxy.
        let mut client = Client::new(&target, &options, timeout)?.with_proxies(proxies.clone());
        client.connect_timeout = connect_timeout;
        let replayer = Replayer::plain(target);
        Ok(Forwarder {
            replayer,
            client,
            idle: Mutex::new(Vec::new()),
        })
    }

    pub fn timeout(&self) -> std::time::Duration {
        self.client.timeout
    }

    pub fn origin(&self) -> String {
        self.replayer.target.origin()
    }

    pub async fn forward(&self, record: &CaptureRecord) -> Forwarded {
        let started = Instant::now();
        let request = match self.replayer.request(record, crate::clock::now()) {
            Ok(request) => request,
            Err(failure) => return self.own_answer(502, failure.message, started),
        };
        let mut connection = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let result = self
            .client
            .exchange(&self.replayer.target, &mut connection, &request)
            .await;
        if let Some(connection) = connection {
            self.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(connection);
        }
        match result {
            Ok(response) => Forwarded {
                status: response.status,
                headers: crate::http::wire::hop::end_to_end(response.headers),
                body: Bytes::from(response.body),
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
                error: None,
            },
            Err(ClientError::Timeout(limit)) => self.own_answer(
                504,
                format!(
                    "the forwarding target {} did not answer within {}",
                    self.origin(),
                    humantime::format_duration(limit)
                ),
                started,
            ),
            Err(error) => self.own_answer(502, format!("forwarding failed: {error}"), started),
        }
    }

    fn own_answer(&self, status: u16, reason: String, started: Instant) -> Forwarded {
        Forwarded {
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: Bytes::from(format!("hookcli: {reason}\n")),
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            error: Some(reason),
        }
    }
}
