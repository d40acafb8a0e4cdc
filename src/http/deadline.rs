//! The header timeout: a connection whose next request head does not arrive in time is closed.
//!
//! hyper can do this itself, but with a timer armed and disarmed for every request, which cost
//! about 7% of `listen`'s throughput. Here a request only stores a coarse timestamp; one sweeper
//! task per server looks over all connections a few times per timeout and wakes the ones that
//! have waited too long, whose next read then fails and closes them.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::task::Waker;
use std::time::{Duration, Instant};

use atomic_waker::AtomicWaker;

/// Milliseconds since the first call: a clock cheap enough to read on every request.
fn now_ms() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// The connections of one server and their shared header timeout.
pub struct HeadDeadlines {
    timeout_ms: u64,
    connections: Mutex<Vec<Weak<HeadClock>>>,
}

/// One connection's state, as the sweeper sees it.
#[derive(Default)]
pub struct HeadClock {
    /// When the connection last started waiting for a request head.
    waiting_since_ms: AtomicU64,
    /// Requests being answered: no head is due while one is.
    in_flight: AtomicU32,
    /// HTTP/2 streams are not heads on a wire; such connections are left alone.
    exempt: AtomicBool,
    expired: AtomicBool,
    reader: AtomicWaker,
}

impl HeadDeadlines {
    /// Starts the sweeper on the current runtime; it ends with the last handle.
    pub fn start(timeout: Duration) -> Arc<HeadDeadlines> {
        let deadlines = Arc::new(HeadDeadlines {
            timeout_ms: timeout.as_millis().max(1) as u64,
            connections: Mutex::new(Vec::new()),
        });
        let interval = (timeout / 8).clamp(Duration::from_millis(5), Duration::from_millis(500));
        let weak = Arc::downgrade(&deadlines);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                match weak.upgrade() {
                    Some(deadlines) => deadlines.sweep(),
                    None => return,
                }
            }
        });
        deadlines
    }

    /// A clock for a new connection, which starts waiting for its first head now.
    pub fn register(&self) -> Arc<HeadClock> {
        let clock = Arc::new(HeadClock::default());
        clock.waiting_since_ms.store(now_ms(), Ordering::Relaxed);
        self.connections
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Arc::downgrade(&clock));
        clock
    }

    fn sweep(&self) {
        let now = now_ms();
        let mut connections = self.connections.lock().unwrap_or_else(|p| p.into_inner());
        connections.retain(|weak| {
            let Some(clock) = weak.upgrade() else {
                return false;
            };
            let waited = now.saturating_sub(clock.waiting_since_ms.load(Ordering::Relaxed));
            if !clock.exempt.load(Ordering::Relaxed)
                && clock.in_flight.load(Ordering::Acquire) == 0
                && waited >= self.timeout_ms
            {
                clock.expired.store(true, Ordering::Release);
                clock.reader.wake();
                return false;
            }
            true
        });
    }
}

impl HeadClock {
    /// Marks a request as being answered until the returned guard is dropped; then the
    /// connection waits for its next head.
    pub fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight {
            clock: self.clone(),
        }
    }

    pub fn exempt(&self) {
        self.exempt.store(true, Ordering::Relaxed);
    }

    /// Who to wake when the deadline passes; registered before [`HeadClock::expired`] is read,
    /// so an expiry between the two still wakes the reader.
    pub fn register(&self, waker: &Waker) {
        self.reader.register(waker);
    }

    pub fn expired(&self) -> bool {
        self.expired.load(Ordering::Acquire)
    }
}

/// A request being answered on a connection.
pub struct InFlight {
    clock: Arc<HeadClock>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.clock
            .waiting_since_ms
            .store(now_ms(), Ordering::Relaxed);
        self.clock.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}
