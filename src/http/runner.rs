//! Many deliveries over C connections at once (`send --repeat`, `replay --concurrency`), fed by a
//! bounded queue so a producer reading a large store never runs far ahead of the senders, and
//! memory stays flat. Results reach the caller one by one, in completion order.
//!
//! The queue is an `async-channel`: the producing thread blocks while it is full, the workers
//! end once the producer is gone and the queue is empty, and the producer is told when the
//! workers are gone.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, Mutex};

use super::client::{Client, Target};
use super::delivery::{deliver, BuildRequest, Delivered, RetryPolicy};
use crate::exit::Failure;

/// One request to deliver, numbered by the producer.
pub struct Job {
    pub index: u64,
    /// What the caller calls this request (a capture's id), carried to its result.
    pub key: String,
    pub build: BuildRequest,
}

pub struct Finished {
    pub index: u64,
    pub key: String,
    pub delivered: Result<Delivered, Failure>,
}

/// Pacing between request starts (`--rate`), shared by all workers.
#[derive(Clone)]
pub struct Pace {
    next: Arc<Mutex<Instant>>,
    interval: Duration,
}

impl Pace {
    pub fn per_second(rate: f64) -> Pace {
        Pace {
            next: Arc::new(Mutex::new(Instant::now())),
            interval: Duration::from_secs_f64(1.0 / rate),
        }
    }

    async fn wait(&self) {
        let start = {
            let mut next = self.next.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + self.interval;
            start
        };
        tokio::time::sleep_until(start.into()).await;
    }
}

/// Where the workers take their jobs from.
pub enum Feed {
    /// The same request `total` times (`send --repeat`): a counter, nothing to contend on.
    Repeat { total: u64, build: BuildRequest },
    /// Jobs from a producing thread (`replay`), through a bounded queue ([`job_queue`]).
    Queue(async_channel::Receiver<Job>),
}

/// The producing thread's end of a [`Feed::Queue`]: `send_blocking` waits while the queue is
/// full, and gives the job back once the workers are gone.
pub type JobSender = async_channel::Sender<Job>;

/// A queue holding at most `capacity` jobs, from a producing thread to the workers.
pub fn job_queue(capacity: usize) -> (JobSender, Feed) {
    let (sender, receiver) = async_channel::bounded(capacity.max(1));
    (sender, Feed::Queue(receiver))
}

enum SharedFeed {
    Repeat {
        next: AtomicU64,
        total: u64,
        build: BuildRequest,
    },
    Queue(async_channel::Receiver<Job>),
}

impl From<Feed> for SharedFeed {
    fn from(feed: Feed) -> Self {
        match feed {
            Feed::Repeat { total, build } => SharedFeed::Repeat {
                next: AtomicU64::new(0),
                total,
                build,
            },
            Feed::Queue(receiver) => SharedFeed::Queue(receiver),
        }
    }
}

impl SharedFeed {
    async fn next(&self) -> Option<Job> {
        match self {
            SharedFeed::Repeat { next, total, build } => {
                let index = next.fetch_add(1, Ordering::Relaxed);
                (index < *total).then(|| Job {
                    index,
                    key: String::new(),
                    build: build.clone(),
                })
            }
            // An error means the producer is gone and the queue is empty.
            SharedFeed::Queue(receiver) => receiver.recv().await.ok(),
        }
    }
}

/// Delivers every job of the feed with `concurrency` workers, calling `on_finished` for each.
pub async fn run(
    client: Client,
    target: Target,
    concurrency: usize,
    policy: RetryPolicy,
    pace: Option<Pace>,
    feed: Feed,
    mut on_finished: impl FnMut(Finished),
) {
    let feed = Arc::new(SharedFeed::from(feed));
    let (results, mut finished) = mpsc::channel::<Finished>(concurrency.max(1) * 4);
    for _ in 0..concurrency.max(1) {
        let feed = feed.clone();
        let results = results.clone();
        let client = client.clone();
        let target = target.clone();
        let pace = pace.clone();
        tokio::spawn(async move {
            let mut connection = None;
            while let Some(job) = feed.next().await {
                if let Some(pace) = &pace {
                    pace.wait().await;
                }
                let delivered = deliver(
                    &client,
                    &target,
                    &mut connection,
                    &job.build,
                    policy,
                    |_| {},
                )
                .await;
                if results
                    .send(Finished {
                        index: job.index,
                        key: job.key,
                        delivered,
                    })
                    .await
                    .is_err()
                {
                    break;
                }
            }
        });
    }
    drop(results);
    while let Some(done) = finished.recv().await {
        on_finished(done);
    }
}

/// Latency and status counts of many deliveries, in memory that does not grow with their
/// number: latencies go into an HDR histogram (microseconds, three significant digits, as oha
/// keeps them), so a replay of a million records holds what one of a thousand does.
#[derive(Debug)]
pub struct Tally {
    pub total: u64,
    latencies_us: hdrhistogram::Histogram<u64>,
    pub statuses: std::collections::BTreeMap<u16, u64>,
    pub errors: std::collections::BTreeMap<String, u64>,
    pub unexpected: u64,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            total: 0,
            // From 1 µs to an hour: a wider range than any timeout, so no latency is clamped.
            latencies_us: hdrhistogram::Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("valid histogram bounds"),
            statuses: Default::default(),
            errors: Default::default(),
            unexpected: 0,
        }
    }
}

impl Tally {
    pub fn record(
        &mut self,
        delivered: &Result<Delivered, Failure>,
        expected: &super::status::StatusExpectation,
    ) {
        self.total += 1;
        match delivered {
            Ok(done) => {
                match &done.result {
                    Ok(response) => {
                        // Latency is counted for answers only: a refused connection has none.
                        let micros = u64::try_from(done.elapsed.as_micros()).unwrap_or(u64::MAX);
                        self.latencies_us.saturating_record(micros.max(1));
                        *self.statuses.entry(response.status).or_default() += 1;
                        if !expected.matches(response.status) {
                            self.unexpected += 1;
                        }
                    }
                    Err(error) => {
                        *self.errors.entry(error_kind(error)).or_default() += 1;
                        self.unexpected += 1;
                    }
                }
            }
            Err(failure) => {
                *self.errors.entry(failure.message.clone()).or_default() += 1;
                self.unexpected += 1;
            }
        }
    }

    /// What many deliveries come to: exit 3 when none was answered at all, 1 when any answer
    /// was missing or not expected.
    pub fn verdict(
        &self,
        origin: &str,
        expected: &super::status::StatusExpectation,
    ) -> Result<u8, Failure> {
        if self.total == 0 {
            return Ok(crate::exit::SUCCESS);
        }
        if self.answered() == 0 {
            let reason = self.errors.keys().next().cloned().unwrap_or_default();
            // A timeout or a broken answer means the request may well have arrived.
            let what = if reason.starts_with("connect") || reason == "tls" {
                "could not be reached"
            } else {
                "gave no answer"
            };
            return Err(Failure::io(format!("{origin} {what} ({reason})")));
        }
        if self.unexpected > 0 {
            return Err(Failure::check(format!(
                "{} of {} requests got no answer or not {expected}",
                self.unexpected, self.total
            )));
        }
        Ok(crate::exit::SUCCESS)
    }

    pub fn answered(&self) -> u64 {
        self.statuses.values().sum()
    }

    /// The latency at a percentile, in milliseconds (to the histogram's three digits).
    pub fn percentile(&mut self, percent: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        let micros = if percent >= 100.0 {
            self.latencies_us.max()
        } else {
            self.latencies_us.value_at_quantile(percent / 100.0)
        };
        micros as f64 / 1000.0
    }
}

/// A short name for an error, to count errors of one kind together.
fn error_kind(error: &super::client::ClientError) -> String {
    use super::client::ClientError;
    match error {
        // A name that does not resolve is no OS error, and its kind says only "uncategorized".
        ClientError::Connect { source, .. } if source.raw_os_error().is_none() => {
            format!("connect: {source}")
        }
        ClientError::Connect { source, .. } => format!("connect: {}", source.kind()),
        ClientError::Tls { .. } => "tls".into(),
        ClientError::Timeout(_) => "timed out waiting for the answer".into(),
        ClientError::ConnectTimeout(_) => "timed out connecting".into(),
        ClientError::TooManyRedirects(_) => "too many redirects".into(),
        ClientError::Io(e) => format!("io: {}", e.kind()),
        ClientError::Closed => "closed".into(),
        ClientError::Protocol(_) => "protocol".into(),
        ClientError::Proxy { .. } => "proxy".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(index: u64) -> Job {
        Job {
            index,
            key: String::new(),
            build: Arc::new(|_| Err(Failure::usage("never built"))),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_job_reaches_exactly_one_worker_through_a_small_queue() {
        let (sender, feed) = job_queue(4);
        let producer = std::thread::spawn(move || {
            for index in 0..20_000 {
                assert!(sender.send_blocking(job(index)).is_ok());
            }
        });
        let feed = Arc::new(SharedFeed::from(feed));
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let feed = feed.clone();
                tokio::spawn(async move {
                    let mut taken = Vec::new();
                    while let Some(job) = feed.next().await {
                        taken.push(job.index);
                        if job.index % 7 == 0 {
                            tokio::task::yield_now().await;
                        }
                    }
                    taken
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await.unwrap());
        }
        producer.join().unwrap();
        all.sort_unstable();
        assert_eq!(all, (0..20_000).collect::<Vec<_>>());
    }

    #[test]
    fn the_producer_waits_while_the_queue_is_full_and_is_told_when_the_workers_are_gone() {
        let (sender, feed) = job_queue(2);
        assert!(sender.send_blocking(job(1)).is_ok());
        assert!(sender.send_blocking(job(2)).is_ok());
        let blocked = std::thread::spawn(move || sender.send_blocking(job(3)));
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!blocked.is_finished(), "a full queue holds the producer");
        drop(feed);
        let refused = blocked.join().unwrap().expect_err("the workers are gone");
        assert_eq!(refused.into_inner().index, 3);
    }

    #[tokio::test]
    async fn the_workers_take_what_is_queued_then_end_when_the_producer_is_gone() {
        let (sender, feed) = job_queue(4);
        assert!(sender.send_blocking(job(1)).is_ok());
        assert!(sender.send_blocking(job(2)).is_ok());
        drop(sender);
        let feed = SharedFeed::from(feed);
        assert_eq!(feed.next().await.map(|j| j.index), Some(1));
        assert_eq!(feed.next().await.map(|j| j.index), Some(2));
        assert!(feed.next().await.is_none());
    }
}
