//! Many deliveries over C connections at once (`send --repeat`, `replay --concurrency`), fed by a
//! bounded queue so a producer reading a large store never runs far ahead of the senders, and
//! memory stays flat. Results reach the caller one by one, in completion order.
//!
//! The queue is an `async-channel` of batches: the producing thread blocks while it is full,
//! the workers end once the producer is gone and the queue is empty, and the producer is told
//! when the workers are gone. Jobs travel in batches because a hand-off per job costs a wake-up
//! of the producer per job taken (a futex call and a switch between threads on every request);
//! a batch is handed over at once whenever the queue is empty, so the workers never wait for a
//! batch to fill and a paced or sparse producer sends each job as it comes.

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
    Queue(async_channel::Receiver<Vec<Job>>),
}

/// At most this many jobs go in one batch, so that the last batches of a run still spread over
/// the workers.
const BATCH_JOBS: usize = 32;

/// At most this many bytes of bodies go in one batch (a job over it goes alone), so that
/// batches of large captures held by the queue and the workers stay small in memory.
const BATCH_BYTES: usize = 256 * 1024;

/// The producing thread's end of a [`Feed::Queue`]: jobs gather into a batch, handed over
/// when full or when the workers have nothing queued; [`JobSender::send_blocking`] waits while
/// the queue is full. The last batch is handed over by [`JobSender::finish`] or on drop.
pub struct JobSender {
    channel: async_channel::Sender<Vec<Job>>,
    batch: Vec<Job>,
    batch_bytes: usize,
}

/// The workers are gone: nothing more will be sent.
#[derive(Debug, PartialEq, Eq)]
pub struct WorkersGone;

impl JobSender {
    /// Adds a job whose request carries `bytes` of body; an error once the workers are gone.
    pub fn send_blocking(&mut self, job: Job, bytes: usize) -> Result<(), WorkersGone> {
        self.batch.push(job);
        self.batch_bytes += bytes;
        let full = self.batch.len() >= BATCH_JOBS || self.batch_bytes >= BATCH_BYTES;
        if full || self.channel.is_empty() {
            self.hand_over()?;
        }
        Ok(())
    }

    /// Hands over the batch gathered so far.
    pub fn finish(mut self) -> Result<(), WorkersGone> {
        self.hand_over()
    }

    fn hand_over(&mut self) -> Result<(), WorkersGone> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.batch_bytes = 0;
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_JOBS));
        self.channel.send_blocking(batch).map_err(|_| WorkersGone)
    }
}

impl Drop for JobSender {
    fn drop(&mut self) {
        // A producer that stops early (an error reading the store) still has its jobs sent.
        let _ = self.hand_over();
    }
}

/// A queue holding at most `capacity` jobs (in batches), from a producing thread to the
/// workers.
pub fn job_queue(capacity: usize) -> (JobSender, Feed) {
    let batches = capacity.div_ceil(BATCH_JOBS).max(1);
    let (channel, receiver) = async_channel::bounded(batches);
    let sender = JobSender {
        channel,
        batch: Vec::with_capacity(BATCH_JOBS),
        batch_bytes: 0,
    };
    (sender, Feed::Queue(receiver))
}

enum SharedFeed {
    Repeat {
        next: AtomicU64,
        total: u64,
        build: BuildRequest,
    },
    Queue(async_channel::Receiver<Vec<Job>>),
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

/// One worker's view of the feed: the rest of the batch it took, then the shared feed.
struct WorkerFeed {
    shared: Arc<SharedFeed>,
    taken: std::vec::IntoIter<Job>,
}

impl WorkerFeed {
    fn new(shared: Arc<SharedFeed>) -> WorkerFeed {
        WorkerFeed {
            shared,
            taken: Vec::new().into_iter(),
        }
    }

    async fn next(&mut self) -> Option<Job> {
        if let Some(job) = self.taken.next() {
            return Some(job);
        }
        match &*self.shared {
            SharedFeed::Repeat { next, total, build } => {
                let index = next.fetch_add(1, Ordering::Relaxed);
                (index < *total).then(|| Job {
                    index,
                    key: String::new(),
                    build: build.clone(),
                })
            }
            // An error means the producer is gone and the queue is empty.
            SharedFeed::Queue(receiver) => {
                self.taken = receiver.recv().await.ok()?.into_iter();
                self.taken.next()
            }
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
            let mut feed = WorkerFeed::new(feed);
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
        let (mut sender, feed) = job_queue(4);
        let producer = std::thread::spawn(move || {
            for index in 0..20_000 {
                assert!(sender.send_blocking(job(index), 100).is_ok());
            }
            sender.finish().unwrap();
        });
        let feed = Arc::new(SharedFeed::from(feed));
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let mut feed = WorkerFeed::new(feed.clone());
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
        let (mut sender, feed) = job_queue(1);
        // A job of a batch's worth of bytes is handed over alone: the one slot is taken.
        assert!(sender.send_blocking(job(1), BATCH_BYTES).is_ok());
        let blocked = std::thread::spawn(move || sender.send_blocking(job(2), BATCH_BYTES));
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!blocked.is_finished(), "a full queue holds the producer");
        drop(feed);
        assert_eq!(blocked.join().unwrap(), Err(WorkersGone));
    }

    #[tokio::test]
    async fn a_job_reaches_idle_workers_at_once_without_waiting_for_a_batch_to_fill() {
        let (mut sender, feed) = job_queue(1024);
        assert!(sender.send_blocking(job(7), 10).is_ok());
        let mut feed = WorkerFeed::new(Arc::new(SharedFeed::from(feed)));
        let first = tokio::time::timeout(Duration::from_secs(5), feed.next()).await;
        assert_eq!(first.ok().flatten().map(|j| j.index), Some(7));
        drop(sender);
    }

    #[tokio::test]
    async fn the_workers_take_what_is_queued_then_end_when_the_producer_is_gone() {
        let (mut sender, feed) = job_queue(1024);
        for index in 1..=3 {
            assert!(sender.send_blocking(job(index), 10).is_ok());
        }
        // Dropped with jobs still gathered: they are handed over, not lost.
        drop(sender);
        let mut feed = WorkerFeed::new(Arc::new(SharedFeed::from(feed)));
        let mut taken = Vec::new();
        while let Some(job) = feed.next().await {
            taken.push(job.index);
        }
        assert_eq!(taken, [1, 2, 3]);
    }
}
