//! Replaying the selected capture (`r`) to `--to`: the request `replay` would send (the
//! Replayer's, byte for byte but the connection's headers), through the shared client with
//! inspect's TLS, proxy and timeout options, on a thread of its own so that the screen never
//! waits for an answer. What came back is handed over a channel as the text of a pane, after
//! the thread has recorded the attempt in the replay log ([`super::replay_log`]). With
//! `--sign` the Replayer signs each request anew, as `replay --sign` does.

use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::capture::store::StoredCapture;
use crate::commands::replay::ReplayResult;
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
    /// The number [`start`] was given: which `r` or `e` this answers.
    pub batch: u64,
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

/// Sends the captures to `to` one after the other in their order, on one thread, as `replay`
/// sends them by default (webhooks often depend on their order): the next goes when the one
/// before is answered or failed. The thread records each attempt in `log` and hands its
/// outcome over `done` as it comes, its pane's title starting with `verb` (`replayed`, `sent
/// as edited`), the log line's `what`, each outcome carrying `batch`. A capture that cannot be
/// made into a request stops everything before anything is sent, and the log says so.
#[allow(clippy::too_many_arguments)]
pub fn start(
    batch: u64,
    captures: Vec<StoredCapture>,
    to: &Target,
    delivery: &Delivery,
    redaction: &Redaction,
    done: mpsc::Sender<Replayed>,
    verb: &'static str,
    log: &ReplayLog,
) -> anyhow::Result<()> {
    let replayer = delivery.replayer(to.clone());
    let client = Client::new(to, &delivery.tls, delivery.timeout)
        .map(|client| client.with_proxies(delivery.proxies.clone()));
    let checked = client.map_err(anyhow::Error::from).and_then(|client| {
        for capture in &captures {
            made_request(&replayer, capture, crate::clock::now())?;
        }
        Ok(client)
    });
    let client = match checked {
        Ok(client) => client,
        Err(error) => {
            // Nothing was sent, and the log says so, as `replay --json` does.
            let started_at = crate::clock::now();
            for capture in &captures {
                let id = &capture.record.id;
                let why = format!("{error:#}");
                let result = ReplayResult::not_sent(capture.index as u64, id, &why);
                if let Err(unlogged) = log.append(started_at, verb, &result) {
                    return Err(error.context(format!("{unlogged:#}")));
                }
            }
            return Err(error);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let batch = Batch {
        number: batch,
        captures,
        target: to.clone(),
        replayer,
        client,
        redaction: redaction.clone(),
        verb,
        log: log.clone(),
    };
    std::thread::spawn(move || {
        for capture in &batch.captures {
            let replayed = runtime.block_on(batch.send(capture));
            if done.send(replayed).is_err() {
                // The inspector has quit: nothing more is to be sent.
                return;
            }
        }
    });
    Ok(())
}

/// The request `replayer` makes of a capture at `at`, or why it cannot.
fn made_request(
    replayer: &Replayer,
    capture: &StoredCapture,
    at: std::time::SystemTime,
) -> anyhow::Result<crate::http::client::WireRequest> {
    replayer
        .request(&capture.record, at)
        .map_err(|error| anyhow::Error::from(error).context(format!("#{}", capture.index)))
}

/// What the batch's thread holds to send its captures, one after the other.
struct Batch {
    number: u64,
    captures: Vec<StoredCapture>,
    target: Target,
    replayer: Replayer,
    client: Client,
    redaction: Redaction,
    verb: &'static str,
    log: ReplayLog,
}

impl Batch {
    /// Sends one capture, made into its request just before (a signature's timestamp is
    /// fresh), records the attempt, and returns its pane.
    async fn send(&self, capture: &StoredCapture) -> Replayed {
        let started_at = crate::clock::now();
        let origin = self.target.origin();
        let index = format!("#{}", capture.index);
        let (index_number, id) = (capture.index as u64, capture.record.id.as_str());
        let request = match made_request(&self.replayer, capture, started_at) {
            Ok(request) => request,
            Err(error) => {
                let result = ReplayResult::not_sent(index_number, id, &format!("{error:#}"));
                let unlogged = self.log.append(started_at, self.verb, &result).err();
                let why = super::said::plainly(error);
                return Replayed {
                    pane: ResultPane {
                        title: format!("{} {index} {}", self.verb, capture.record.method),
                        text: format!("not sent: {why}\n"),
                        summary: format!("{index} not sent: {why}"),
                        to: self.target.url(),
                    },
                    unlogged: unlogged.map(super::said::plainly),
                    batch: self.number,
                };
            }
        };
        let title = format!(
            "{} {index} {} {origin}{}",
            self.verb, capture.record.method, request.target
        );
        let started = Instant::now();
        let answer = self
            .client
            .exchange(&self.target, &mut None, &request)
            .await;
        let took = started.elapsed();
        let elapsed = took.as_secs_f64() * 1000.0;
        let result = ReplayResult::answered(index_number, id, &origin, &request, &answer, took, 1);
        let unlogged = self
            .log
            .append(started_at, self.verb, &result)
            .err()
            .map(super::said::plainly);
        let ms = crate::output::message::format_ms(elapsed);
        let summary = match &answer {
            Ok(response) => format!("{index} {} {} in {ms}", response.status, response.reason),
            Err(error) => format!("{index} not sent: {}", super::said::plainly(error)),
        };
        let text = match answer {
            Ok(response) => format!(
                "answered in {ms}\n{}",
                crate::output::exchange::response_block(
                    &response,
                    &RenderOptions::new(false),
                    &self.redaction
                )
            ),
            Err(error) => format!("not sent: {}\n", super::said::plainly(error)),
        };
        let pane = ResultPane {
            title,
            text,
            summary,
            to: self.target.url(),
        };
        Replayed {
            pane,
            unlogged,
            batch: self.number,
        }
    }
}
