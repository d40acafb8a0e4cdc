//! `listen --rules FILE` and `--rule 'METHOD PATH => STATUS'`: answers per route, as a real
//! receiver gives them (201 for orders, 500 twice then 200 for retries, a 403 text for an unknown
//! customer). Rules are tried in order, inline ones first; the first whose match holds answers,
//! and what it leaves out comes from the command line. The file is read again when it changes;
//! one that no longer parses keeps the rules in force, with a warning naming the line.

mod file;
mod inline;
mod matcher;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::capture::{CaptureRecord, RuleRef, SharedHeaders};
use crate::exit::Failure;

use super::forward::Forwarder;
pub use matcher::Matcher;

/// One rule: when it applies and what it answers.
pub struct Rule {
    pub name: Option<String>,
    pub matcher: Matcher,
    pub answer: RuleAnswer,
    /// How many requests this rule has answered, for a list of statuses answered in turn.
    turns: AtomicU64,
}

/// What a rule answers; `None` parts come from the command line.
#[derive(Default)]
pub struct RuleAnswer {
    pub statuses: Option<Vec<u16>>,
    pub headers: Option<SharedHeaders>,
    pub body: Option<Bytes>,
    pub delay: Option<Duration>,
    pub forward: Option<Forwarder>,
    /// Close the connection without answering.
    pub drop: bool,
}

impl Rule {
    fn new(name: Option<String>, matcher: Matcher, answer: RuleAnswer) -> Rule {
        Rule {
            name,
            matcher,
            answer,
            turns: AtomicU64::new(0),
        }
    }

    /// The status for this rule's next answer, when it sets one: a list is answered in turn
    /// and then keeps its last, as `--status 500,500,200` does.
    pub fn next_status(&self) -> Option<u16> {
        let statuses = self.answer.statuses.as_ref()?;
        let turn = self.turns.fetch_add(1, Ordering::SeqCst) as usize;
        statuses.get(turn.min(statuses.len() - 1)).copied()
    }
}

/// What the forwarding rules of a file need to reach their targets.
#[derive(Clone)]
pub struct ForwardSettings {
    pub timeout: Duration,
    pub tls: crate::cli::TlsArgs,
    pub proxies: crate::http::proxy::ProxySettings,
    pub connect_timeout: Duration,
}

/// The rules in force: inline ones, then the file's, swapped whole when the file changes.
pub struct Rules {
    inline: Vec<Arc<Rule>>,
    file: Option<PathBuf>,
    from_file: RwLock<Vec<Arc<Rule>>>,
    forward: ForwardSettings,
}

/// The rule that answers a capture, and its place in the order.
pub struct Chosen {
    pub rule: Arc<Rule>,
    pub reference: RuleRef,
}

impl Rules {
    /// Reads the inline rules and the file; any error is exit 2 naming what is wrong and where.
    pub fn load(
        inline: &[String],
        file: Option<&Path>,
        forward: ForwardSettings,
    ) -> Result<Rules, Failure> {
        let inline = inline
            .iter()
            .map(|text| inline::parse(text).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        let from_file = match file {
            Some(path) => file::read(path, &forward)?,
            None => Vec::new(),
        };
        Ok(Rules {
            inline,
            file: file.map(Path::to_path_buf),
            from_file: RwLock::new(from_file.into_iter().map(Arc::new).collect()),
            forward,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.inline.is_empty() && self.file.is_none()
    }

    /// The first rule whose match holds.
    pub fn choose(&self, record: &CaptureRecord) -> Option<Chosen> {
        // Without rules, a request pays no lock.
        if self.is_empty() {
            return None;
        }
        let from_file = self.from_file.read().unwrap_or_else(|p| p.into_inner());
        self.inline
            .iter()
            .chain(from_file.iter())
            .enumerate()
            .find(|(_, rule)| rule.matcher.holds(record))
            .map(|(at, rule)| Chosen {
                reference: RuleRef {
                    index: at + 1,
                    name: rule.name.clone(),
                },
                rule: rule.clone(),
            })
    }

    /// Watches the file and reads it again when it changes, until the process ends. A file
    /// that does not parse keeps the rules in force; `warn` says why.
    pub fn watch(self: &Arc<Self>, warn: impl Fn(String) + Send + 'static) {
        let Some(path) = self.file.clone() else {
            return;
        };
        let rules = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut seen = stamp(&path);
            loop {
                tokio::time::sleep(POLL).await;
                let Some(rules) = rules.upgrade() else {
                    return;
                };
                let now = stamp(&path);
                if now == seen {
                    continue;
                }
                seen = now;
                match file::read(&path, &rules.forward) {
                    Ok(fresh) => {
                        let fresh: Vec<Arc<Rule>> = fresh.into_iter().map(Arc::new).collect();
                        let count = fresh.len();
                        *rules.from_file.write().unwrap_or_else(|p| p.into_inner()) = fresh;
                        warn(format!(
                            "{} read again: {count} rule(s) in force",
                            path.display()
                        ));
                    }
                    Err(failure) => warn(format!("{}; the previous rules stay", failure.message)),
                }
            }
        });
    }
}

/// How often the rules file is looked at: a poll of its metadata is cheap, works on every
/// file system (editors that replace the file by renaming included), and needs no watcher.
const POLL: Duration = Duration::from_millis(250);

/// What changes when a file is written or replaced.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}
