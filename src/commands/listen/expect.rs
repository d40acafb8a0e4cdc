//! `listen --expect EXPR`: every capture is held to jq expressions as it arrives, so a CI job
//! checks what a sender delivered with one command and its exit code, not `jq` afterwards.
//! Expressions compile at start-up (a bad one is a usage error before anything binds) and see
//! the record as it arrived, before its answer is decided.

use crate::capture::query::{Outcome, Query};
use crate::capture::{CaptureRecord, ExpectOutcome, FailedExpectation};
use crate::exit::Failure;

#[derive(Debug, Default)]
pub struct Expectations {
    queries: Vec<Query>,
    /// `--expect-reject`: a capture that fails is answered 422.
    pub reject: bool,
    /// `--fail-fast`: the listener stops at the first capture that fails.
    pub fail_fast: bool,
}

impl Expectations {
    pub fn compile(
        texts: &[String],
        reject: bool,
        fail_fast: bool,
    ) -> Result<Expectations, Failure> {
        let queries = texts
            .iter()
            .map(|text| Query::compile(text).map_err(|e| Failure::usage(format!("--expect: {e}"))))
            .collect::<Result<_, _>>()?;
        Ok(Expectations {
            queries,
            reject,
            fail_fast,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// The outcome for one record, or None when nothing is expected.
    pub fn examine(&self, record: &CaptureRecord) -> Option<ExpectOutcome> {
        if self.queries.is_empty() {
            return None;
        }
        let failed: Vec<FailedExpectation> = self
            .queries
            .iter()
            .filter_map(|query| {
                let reason = match query.outcome(record) {
                    Ok(Outcome::Truthy) => return None,
                    Ok(outcome) => outcome.said().to_string(),
                    Err(error) => format!("failed: {error}"),
                };
                Some(FailedExpectation {
                    expression: query.text().to_string(),
                    reason,
                })
            })
            .collect();
        Some(ExpectOutcome {
            ok: failed.is_empty(),
            failed,
        })
    }
}
