//! A captured request made ready to send again: the same method, path, query, body and headers
//! (order and case kept), with only the connection-level headers set anew. `replay` and
//! `listen --forward-to` both send captures this way.

use std::time::SystemTime;

use super::client::{Target, WireRequest};
use super::header_ops::apply_header_ops;
use super::request::frame;
use crate::sign::Signer;
use std::sync::Arc;

use super::delivery::BuildRequest;
use super::header_ops::HeaderOp;
use crate::capture::{BodyEncoding, CaptureRecord};
use crate::exit::Failure;

/// Whether a captured header is set anew for the replay's own connection (the wire module's
/// one list).
pub use super::wire::hop::is_per_connection as connection_level;

/// How each capture becomes a request.
#[derive(Debug)]
pub struct Replayer {
    pub target: Target,
    pub exact_url: bool,
    pub header_ops: Vec<HeaderOp>,
    pub drop_headers: Vec<String>,
    /// Shared: `inspect` signs each replay and copied command with the one it was started with.
    pub signer: Option<Arc<Signer>>,
}

impl Replayer {
    /// Sends captures to `target` as they came: no header changed, none signed anew (as
    /// `listen --forward-to` forwards them and `inspect` replays them).
    pub fn plain(target: Target) -> Replayer {
        Replayer {
            target,
            exact_url: false,
            header_ops: Vec::new(),
            drop_headers: Vec::new(),
            signer: None,
        }
    }

    pub fn request(&self, record: &CaptureRecord, at: SystemTime) -> Result<WireRequest, Failure> {
        let body = record
            .body_bytes()
            .map_err(|e| Failure::usage(e.to_string()))?
            .into_owned();
        self.request_with_body(record, record.headers.clone(), bytes::Bytes::from(body), at)
    }

    /// How each attempt at replaying a capture gets its request: built once and shared when
    /// nothing changes between attempts (no signature to refresh), else built anew each time.
    /// The capture's body moves into the request without a copy.
    pub fn builder(self: &Arc<Self>, mut record: CaptureRecord) -> BuildRequest {
        let body = match record.body_encoding {
            BodyEncoding::Utf8 => Ok(bytes::Bytes::from(
                std::mem::take(&mut record.body).into_bytes(),
            )),
            BodyEncoding::Base64 => record
                .body_bytes()
                .map(|b| bytes::Bytes::from(b.into_owned()))
                .map_err(|e| e.to_string()),
        };
        let body = match body {
            Ok(body) => body,
            Err(message) => return Arc::new(move |_| Err(Failure::usage(message.clone()))),
        };
        if self.signer.is_none() {
            // Built once: the record's headers move into the request, unless Latin-1 values
            // must be found again among them afterwards.
            let headers = if record.latin1_headers.is_empty() {
                std::mem::take(&mut record.headers)
            } else {
                record.headers.clone()
            };
            let fixed = self
                .request_with_body(&record, headers, body, crate::clock::now())
                .map(Arc::new)
                .map_err(|f| f.message);
            return Arc::new(move |_| fixed.clone().map_err(Failure::usage));
        }
        let replayer = self.clone();
        Arc::new(move |at| {
            replayer
                .request_with_body(&record, record.headers.clone(), body.clone(), at)
                .map(Arc::new)
        })
    }

    /// `headers` are the record's own (given apart so that they can move in).
    fn request_with_body(
        &self,
        record: &CaptureRecord,
        mut headers: Vec<(String, String)>,
        body: bytes::Bytes,
        at: SystemTime,
    ) -> Result<WireRequest, Failure> {
        headers.retain(|(name, _)| {
            !connection_level(name)
                && !self
                    .drop_headers
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(name))
        });
        if let Some(authorization) = &self.target.basic_auth {
            crate::http::request::set(&mut headers, "Authorization", authorization.clone());
        }
        apply_header_ops(&mut headers, &self.header_ops);
        if let Some(signer) = &self.signer {
            signer.sign_into(&mut headers, &body, &crate::sign::SigningMoment::at(at));
        }
        frame(
            &mut headers,
            &self.target.authority,
            &record.method,
            body.len(),
        );
        // Captured values that were not UTF-8 go out as the bytes that came in.
        let latin1_pairs: Vec<&(String, String)> = record
            .latin1_headers
            .iter()
            .filter_map(|i| record.headers.get(*i))
            .collect();
        let latin1 = headers
            .iter()
            .enumerate()
            .filter(|(_, pair)| latin1_pairs.contains(pair))
            .map(|(i, _)| i)
            .collect();
        let mut request = WireRequest::new(
            record.method.clone(),
            self.request_target(record),
            headers,
            body,
        )
        .map_err(|e| Failure::usage(format!("capture {} cannot be sent: {e}", record.id)))?;
        request.latin1 = latin1;
        Ok(request)
    }

    /// The base URL's path followed by the captured path and query (or the URL as given).
    pub fn request_target(&self, record: &CaptureRecord) -> String {
        if self.exact_url {
            return self.target.path_and_query.clone();
        }
        let (base_path, base_query) = match self.target.path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (self.target.path_and_query.as_str(), None),
        };
        let path = record.origin_form_path();
        let mut target = base_path.trim_end_matches('/').to_string();
        if !path.starts_with('/') {
            target.push('/');
        }
        target.push_str(path);
        let queries = match (base_query, record.query.as_deref()) {
            (Some(base), Some(captured)) if !captured.is_empty() => [Some(base), Some(captured)],
            (Some(base), _) => [Some(base), None],
            (None, captured) => [captured, None],
        };
        for (i, query) in queries.into_iter().flatten().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(query);
        }
        target
    }
}
