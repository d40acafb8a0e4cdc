//! Replaying the selected capture (`r`) to `--to`: the request `replay` would send (the
//! Replayer's, byte for byte but the connection's headers), through the shared client with
//! inspect's TLS, proxy and timeout options, on a thread of its own so that the screen never
//! waits for an answer. What came back is handed over a channel as the text of a pane, after
//! the thread has recorded the attempt in the replay log ([`super::replay_log`]). With
//! `--sign` the Replayer signs each request anew, as `replay --sign` does.

use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::capture::store::StoredCapture;
use crate::commands::replay::{ReplayResult, Url};
use crate::http::client::{Client, Target};
use crate::http::proxy::ProxySettings;
use crate::http::replayer::Replayer;
use crate::http::tls::TlsOptions;
use crate::output::redact::Redaction;
use crate::render::RenderOptions;
use crate::sign::Signer;

use super::app::ResultPane;
use super::replay_log::ReplayLog;

/// A replay done: its pane, and why it is missing from the replay log when it is.
pub struct Replayed {
    pub pane: ResultPane,
    pub unlogged: Option<String>,
}

/// Where and how replays and copied curl commands are sent.
pub struct Delivery {
    pub to: Option<Target>,
    pub tls: TlsOptions,
    pub proxies: ProxySettings,
    pub timeout: Duration,
    /// The curl options a copied command carries (timeouts, `--noproxy`), as `replay --curl`.
    pub curl_words: Vec<String>,
    /// `--sign`: replays, edited requests and copied commands are signed anew with it.
    pub signer: Option<Arc<Signer>>,
}

impl Delivery {
    /// To `to`, with no TLS or proxy options and `replay`'s default timeout.
    pub fn plain(to: Option<Target>) -> Delivery {
        Delivery {
            to,
            tls: TlsOptions::default(),
            proxies: ProxySettings::default(),
            timeout: Duration::from_secs(30),
            curl_words: crate::http::curl::option_words(
                None,
                crate::http::client::DEFAULT_CONNECT_TIMEOUT,
                Duration::from_secs(30),
                None,
            ),
            signer: None,
        }
    }

    /// How a capture becomes the request sent to `target`: as `replay --to TARGET` makes it,
    /// signed with `--sign`'s scheme when one was given (fresh timestamp, old signature
    /// replaced), so that `r`, `e` and `c` send and copy what `replay --sign` would.
    pub fn replayer(&self, target: Target) -> Replayer {
        Replayer {
            signer: self.signer.clone(),
            ..Replayer::plain(target)
        }
    }
}

/// Sends the capture to `to` on a thread, which records the attempt in `log`; the outcome
/// comes over `done`, its pane's title starting with `verb` (`replayed`, `sent as edited`),
/// the log line's `what`.
pub fn start(
    capture: &StoredCapture,
    to: &Target,
    delivery: &Delivery,
    redaction: &Redaction,
    done: mpsc::Sender<Replayed>,
    verb: &'static str,
    log: &ReplayLog,
) -> anyhow::Result<()> {
    let started_at = crate::clock::now();
    let made = delivery
        .replayer(to.clone())
        .request(&capture.record, started_at)
        .map_err(anyhow::Error::from)
        .and_then(|request| {
            let client = Client::new(to, &delivery.tls, delivery.timeout)?;
            Ok((request, client.with_proxies(delivery.proxies.clone())))
        });
    let (request, client) = match made {
        Ok(made) => made,
        Err(error) => {
            // Nothing was sent, and the log says so, as `replay --json` does.
            let id = &capture.record.id;
            let result = ReplayResult::not_sent(capture.index as u64, id, &format!("{error:#}"));
            return match log.append(started_at, verb, &result) {
                Ok(()) => Err(error),
                Err(unlogged) => Err(error.context(format!("{unlogged:#}"))),
            };
        }
    };
    let (index_number, id) = (capture.index as u64, capture.record.id.clone());
    let origin = to.origin();
    let log = log.clone();
    let index = format!("#{}", capture.index);
    let title = format!(
        "{verb} {index} {} {}{}",
        capture.record.method,
        to.origin(),
        request.target
    );
    let redaction = redaction.clone();
    let target = to.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        let started = Instant::now();
        let answer =
            runtime.block_on(async { client.exchange(&target, &mut None, &request).await });
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let result = ReplayResult {
            index: index_number,
            id: &id,
            method: &request.method,
            url: Url(&origin, &request.target),
            status: answer.as_ref().ok().map(|response| response.status),
            reason: answer
                .as_ref()
                .ok()
                .map(|response| response.reason.as_str()),
            elapsed_ms: Some((elapsed * 1000.0).round() / 1000.0),
            attempts: Some(1),
            error: answer.as_ref().err().map(|error| error.to_string()),
        };
        let unlogged = log
            .append(started_at, verb, &result)
            .err()
            .map(super::said::plainly);
        let ms = crate::output::message::format_ms(elapsed);
        let summary = match &answer {
            Ok(response) => format!("{index} {} {} in {ms}", response.status, response.reason),
            Err(error) => format!("{index} not sent: {}", super::said::plainly(error)),
        };
        let text = match answer {
            Ok(response) => format!(
                "answered in {}\n{}",
                crate::output::message::format_ms(elapsed),
                crate::output::exchange::response_block(
                    &response,
                    &RenderOptions::new(false),
                    &redaction
                )
            ),
            Err(error) => format!("not sent: {}\n", super::said::plainly(error)),
        };
        let pane = ResultPane {
            title,
            text,
            summary,
            to: origin,
        };
        let _ = done.send(Replayed { pane, unlogged });
    });
    Ok(())
}
