//! The header timeout: a connection whose next request head does not arrive in time, or whose
//! body stops arriving for that long, is closed.
//!
//! hyper can do this itself, but with a timer armed and disarmed for every request, a cost on
//! `listen`'s hot path (measured in `benches/RESULTS.md`). Here a request only counts itself; one
//! sweeper task per server looks over all connections a few times per timeout, notes when each
//! last made progress, and wakes the ones that have waited too long, whose next read then fails
//! and closes them. The same list closes idle connections at shutdown.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::Waker;
use std::time::{Duration, Instant};

use atomic_waker::AtomicWaker;

/// The connections of one server and their shared header timeout.
pub struct HeadDeadlines {
    timeout: Duration,
    started: Instant,
    closing: AtomicBool,
    connections: Mutex<Vec<Watched>>,
}

/// A connection as the sweeper last saw it.
struct Watched {
    clock: Weak<HeadClock>,
    progress: u64,
    /// When the sweeper first saw the connection idle at this much progress.
    idle_since: Duration,
}

/// One connection's state, shared by its task and the sweeper. A request touches only atomics:
/// the sweeper's own clock notices when the connection last made progress.
#[derive(Default)]
pub struct HeadClock {
    /// Heads received, body reads and answers so far: progress the sweeper can see.
    progress: AtomicU64,
    /// Requests being answered: no head is due while one is.
    in_flight: AtomicU32,
    /// HTTP/2 streams are not heads on a wire; such connections are left alone.
    exempt: AtomicBool,
    /// Shutdown has begun: the connection closes once its answer is written.
    closing: AtomicBool,
    expired: AtomicBool,
    reader: AtomicWaker,
}

impl HeadDeadlines {
    /// Starts the sweeper on the current runtime; it ends with the last handle. A connection is
    /// closed between one and one and a quarter timeouts after its last progress.
    pub fn start(timeout: Duration) -> Arc<HeadDeadlines> {
        let deadlines = Arc::new(HeadDeadlines {
            timeout,
            started: Instant::now(),
            closing: AtomicBool::new(false),
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
        if self.closing.load(Ordering::Acquire) {
            clock.closing.store(true, Ordering::Release);
            clock.expired.store(true, Ordering::Release);
        }
        self.lock().push(Watched {
            clock: Arc::downgrade(&clock),
            progress: 0,
            idle_since: self.started.elapsed(),
        });
        clock
    }

    /// Shutdown: idle connections close now, busy ones after their answer.
    pub fn close_idle(&self) {
        self.closing.store(true, Ordering::Release);
        for watched in self.lock().iter() {
            if let Some(clock) = watched.clock.upgrade() {
                clock.closing.store(true, Ordering::Release);
                if clock.in_flight.load(Ordering::Acquire) == 0 {
                    clock.expire();
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Watched>> {
        self.connections.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sweep(&self) {
        let now = self.started.elapsed();
        self.lock().retain_mut(|watched| {
            let Some(clock) = watched.clock.upgrade() else {
                return false;
            };
            let progress = clock.progress.load(Ordering::Acquire);
            if progress != watched.progress || clock.in_flight.load(Ordering::Acquire) > 0 {
                watched.progress = progress;
                watched.idle_since = now;
                return true;
            }
            if !clock.exempt.load(Ordering::Relaxed) && now - watched.idle_since >= self.timeout {
                clock.expire();
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

    /// Notes progress: a whole head, or body bytes, arrived. The deadline restarts from here,
    /// so a stalled body is cut off like a stalled head, and a slow but steady one is not.
    pub fn progressed(&self) {
        self.progress.fetch_add(1, Ordering::Release);
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

    /// Whether shutdown has begun.
    pub fn closing(&self) -> bool {
        self.closing.load(Ordering::Acquire)
    }

    fn expire(&self) {
        self.expired.store(true, Ordering::Release);
        self.reader.wake();
    }
}

/// A request being answered on a connection.
pub struct InFlight {
    clock: Arc<HeadClock>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.clock.progress.fetch_add(1, Ordering::AcqRel);
        self.clock.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}
