//! A bounded queue from one producing thread (`replay`'s capture reader) to many async workers.
//!
//! Workers take jobs under a plain mutex held for a pop, and sleep only when the queue is empty;
//! the producer sleeps when the queue is full and is woken once it has drained to half, not at
//! every job taken: a channel shared behind an async mutex cost each job two hand-offs between
//! tasks, and a full channel woke the producer once a job.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use tokio::sync::Notify;

struct Shared<T> {
    state: Mutex<State<T>>,
    /// The producer waits here for room.
    room: Condvar,
    /// Workers wait here for jobs.
    ready: Notify,
    capacity: usize,
}

struct State<T> {
    jobs: VecDeque<T>,
    producer_waiting: bool,
    sender_gone: bool,
    receiver_gone: bool,
}

/// The producer's end. Dropping it ends the queue once the workers have taken what is in it.
pub struct JobSender<T> {
    shared: Arc<Shared<T>>,
}

/// The workers' end, shared by all of them. Dropping it makes [`JobSender::send_blocking`] fail.
pub struct JobReceiver<T> {
    shared: Arc<Shared<T>>,
}

/// A queue holding at most `capacity` jobs.
pub fn job_queue<T>(capacity: usize) -> (JobSender<T>, JobReceiver<T>) {
    let capacity = capacity.max(2);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            jobs: VecDeque::with_capacity(capacity),
            producer_waiting: false,
            sender_gone: false,
            receiver_gone: false,
        }),
        room: Condvar::new(),
        ready: Notify::new(),
        capacity,
    });
    (
        JobSender {
            shared: shared.clone(),
        },
        JobReceiver { shared },
    )
}

fn lock<T>(shared: &Shared<T>) -> MutexGuard<'_, State<T>> {
    shared
        .state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<T> JobSender<T> {
    /// Queues a job, waiting (blocking the thread) while the queue is full. Gives the job back
    /// when the workers are gone.
    pub fn send_blocking(&self, job: T) -> Result<(), T> {
        let shared = &*self.shared;
        let mut state = lock(shared);
        while state.jobs.len() >= shared.capacity && !state.receiver_gone {
            state.producer_waiting = true;
            state = shared
                .room
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        if state.receiver_gone {
            return Err(job);
        }
        state.jobs.push_back(job);
        drop(state);
        shared.ready.notify_one();
        Ok(())
    }
}

impl<T> Drop for JobSender<T> {
    fn drop(&mut self) {
        lock(&self.shared).sender_gone = true;
        self.shared.ready.notify_waiters();
    }
}

impl<T> JobReceiver<T> {
    /// The next job, or `None` once the producer is gone and the queue is empty.
    pub async fn recv(&self) -> Option<T> {
        let shared = &*self.shared;
        loop {
            // Registered before the queue is looked at, so a job queued in between still wakes
            // it. A worker sleeps only on an empty queue, and every job queued after that wakes
            // one, so no job waits while workers sleep.
            let notified = shared.ready.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut state = lock(shared);
                if let Some(job) = state.jobs.pop_front() {
                    let wake_producer =
                        state.producer_waiting && state.jobs.len() <= shared.capacity / 2;
                    if wake_producer {
                        state.producer_waiting = false;
                    }
                    drop(state);
                    if wake_producer {
                        shared.room.notify_one();
                    }
                    return Some(job);
                }
                if state.sender_gone {
                    return None;
                }
            }
            notified.await;
        }
    }
}

impl<T> Drop for JobReceiver<T> {
    fn drop(&mut self) {
        lock(&self.shared).receiver_gone = true;
        self.shared.room.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_job_reaches_exactly_one_worker_through_a_small_queue() {
        let (sender, receiver) = job_queue::<u32>(4);
        let producer = std::thread::spawn(move || {
            for job in 0..20_000 {
                sender.send_blocking(job).unwrap();
            }
        });
        let receiver = Arc::new(receiver);
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let receiver = receiver.clone();
                tokio::spawn(async move {
                    let mut taken = Vec::new();
                    while let Some(job) = receiver.recv().await {
                        taken.push(job);
                        if job % 7 == 0 {
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
    fn the_producer_is_told_when_the_workers_are_gone() {
        let (sender, receiver) = job_queue::<u32>(2);
        sender.send_blocking(1).unwrap();
        sender.send_blocking(2).unwrap();
        let blocked = std::thread::spawn(move || sender.send_blocking(3));
        std::thread::sleep(std::time::Duration::from_millis(50));
        drop(receiver);
        assert_eq!(blocked.join().unwrap(), Err(3));
    }
}
