//! The progress bar of a bulk send on a terminal: shown only once a run has lasted long enough to
//! want one (a sub-second run prints none), with a whole-number rate and an ETA.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::units::group_thousands;

/// How long a run goes before its bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

impl Progress {
    /// A bar for `total` steps, drawn on standard error once [`SHOW_AFTER`] has passed.
    pub fn new(total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} {rate} · {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(
                        out,
                        "{} req/s",
                        group_thousands(state.per_sec().round() as u64)
                    );
                },
            );
        bar.set_style(style);
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    pub fn step(&mut self) {
        self.bar.inc(1);
        if !self.shown && self.started.elapsed() >= SHOW_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
