//! One delivery: a request sent until it gets an answer worth keeping, retrying connection
//! failures, 5xx and 429 with exponential backoff and jitter, honouring Retry-After. Each attempt
//! builds its request afresh, so time-stamped signatures stay current.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::client::{Client, ClientError, Connection, ReceivedResponse, Target, WireRequest};
use crate::exit::Failure;

/// Builds the request for an attempt made at a given time.
/// A request that does not change between attempts is built once and shared.
pub type BuildRequest = Arc<dyn Fn(SystemTime) -> Result<Arc<WireRequest>, Failure> + Send + Sync>;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub retries: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl RetryPolicy {
    pub fn new(retries: u32) -> Self {
        RetryPolicy {
            retries,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(10),
        }
    }

    /// The wait before attempt `attempt + 1`: Retry-After when the answer gives one, else
    /// `base * 2^(attempt-1)` capped, with full jitter in its upper half.
    pub fn delay(&self, attempt: u32, response: Option<&ReceivedResponse>) -> Duration {
        if let Some(after) = response.and_then(retry_after) {
            return after;
        }
        let exponential = self
            .base
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.cap);
        let half = exponential / 2;
        let jitter = (crate::clock::random_u64() % (half.as_millis() as u64 + 1)) as u32;
        half + Duration::from_millis(jitter as u64)
    }
}

/// Statuses worth another try.
pub fn retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// Retry-After as seconds or an HTTP date, bounded to ten minutes.
pub fn retry_after(response: &ReceivedResponse) -> Option<Duration> {
    let value = response.header("retry-after")?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(SystemTime::now())
            .unwrap_or_default(),
    };
    Some(wait.min(Duration::from_secs(600)))
}

/// What one delivery came to.
pub struct Delivered {
    pub request: Arc<WireRequest>,
    pub result: Result<ReceivedResponse, ClientError>,
    /// The last attempt's duration.
    pub elapsed: Duration,
    pub attempts: u32,
    /// The redirects the last attempt followed (`-L`).
    pub redirects: Vec<super::redirect::Hop>,
    /// What the user should be told about them.
    pub notes: Vec<String>,
}

/// An attempt that will be retried, for the caller to show.
pub struct RetryNotice<'a> {
    pub attempt: u32,
    pub outcome: Result<&'a ReceivedResponse, &'a ClientError>,
    pub wait: Duration,
}

pub async fn deliver(
    client: &Client,
    target: &Target,
    connection: &mut Option<Connection>,
    build: &BuildRequest,
    policy: RetryPolicy,
    mut on_retry: impl FnMut(RetryNotice<'_>),
) -> Result<Delivered, Failure> {
    let mut attempt = 1;
    loop {
        let request = build(crate::clock::now())?;
        let started = Instant::now();
        let followed =
            super::redirect::exchange_following(client, target, connection, &request).await;
        let result = followed.result;
        let elapsed = started.elapsed();
        let again = attempt <= policy.retries
            && match &result {
                Ok(response) => retryable(response.status),
                Err(_) => true,
            };
        if !again {
            return Ok(Delivered {
                request,
                result,
                elapsed,
                attempts: attempt,
                redirects: followed.hops,
                notes: followed.notes,
            });
        }
        let wait = policy.delay(attempt, result.as_ref().ok());
        on_retry(RetryNotice {
            attempt,
            outcome: result.as_ref(),
            wait,
        });
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)]) -> ReceivedResponse {
        ReceivedResponse {
            http_version: "HTTP/1.1".into(),
            status: 503,
            reason: String::new(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: vec![],
            body_length: 0,
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_honours_retry_after() {
        let policy = RetryPolicy::new(5);
        for attempt in 1..=6 {
            let full = policy
                .base
                .saturating_mul(1 << (attempt - 1))
                .min(policy.cap);
            let wait = policy.delay(attempt, None);
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: {wait:?}"
            );
        }
        assert_eq!(
            policy.delay(1, Some(&response(&[("Retry-After", "2")]))),
            Duration::from_secs(2)
        );
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let wait = policy.delay(1, Some(&response(&[("Retry-After", &date)])));
        assert!(wait > Duration::from_secs(27) && wait <= Duration::from_secs(30));
        assert!(retryable(429) && retryable(502) && !retryable(404));
    }
}
