//! `listen --relay`: the relays are opened before the start-up lines (one that cannot be
//! reached ends `listen` with exit 3), and what they deliver goes through the same capture
//! path as a request to the local port, one at a time in the order delivered.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use super::{capture, ListenConfig, Listener};
use crate::exit::Failure;
use crate::relay::{Relay, Relayed, Warn};

/// Opens every `--relay`, in the order given.
pub async fn open_all(config: &ListenConfig) -> Result<Vec<Box<dyn Relay>>, Failure> {
    let mut relays = Vec::with_capacity(config.relays.len());
    for spec in &config.relays {
        relays.push(crate::relay::open(spec, &config.relay_settings).await?);
    }
    Ok(relays)
}

/// The running relays and the task that captures what they deliver.
pub struct Relaying {
    relays: Vec<JoinHandle<()>>,
    capturing: JoinHandle<()>,
}

pub fn start(listener: Arc<Listener>, relays: Vec<Box<dyn Relay>>) -> Relaying {
    let (deliveries, mut delivered) = tokio::sync::mpsc::channel::<Relayed>(64);
    let printer = listener.printer.clone();
    let warn: Warn = Arc::new(move |message: String| printer.warn(&message));
    let relays = relays
        .into_iter()
        .map(|relay| tokio::spawn(relay.run(deliveries.clone(), warn.clone())))
        .collect();
    let capturing = tokio::spawn(async move {
        while let Some(relayed) = delivered.recv().await {
            capture(&listener, relayed.request, Some(relayed.info)).await;
        }
    });
    Relaying { relays, capturing }
}

impl Relaying {
    /// Stops the relays, and lets the capture under way finish (a forwarding target's answer)
    /// within `grace`.
    pub async fn stop(self, grace: Duration) {
        for relay in &self.relays {
            relay.abort();
        }
        for relay in self.relays {
            let _ = relay.await;
        }
        let _ = tokio::time::timeout(grace, self.capturing).await;
    }
}
