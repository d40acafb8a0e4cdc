//! What the listening side hands its handler and takes back: a request as received (or why it
//! was refused) and the answer. The HTTP/1 connection code and the server that accepts
//! connections both use these types, so they live apart from either.

use std::sync::Arc;

use bytes::Bytes;

/// A request as received, body included.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub method: String,
    /// The request target as received (`/path?query`).
    pub target: String,
    pub version: http::Version,
    /// In received order and case, repeats kept (HTTP/2: `:authority`, then the fields as
    /// hyper decoded them, lowercase).
    pub headers: Vec<(String, String)>,
    /// Positions of header values that were not UTF-8 (kept as Latin-1 characters).
    pub latin1: Vec<usize>,
    pub body: Vec<u8>,
    /// Trailer fields after a chunked body (HTTP/1), in received order and case.
    pub trailers: Vec<(String, String)>,
    /// Positions of trailer values that were not UTF-8 (kept as Latin-1 characters).
    pub latin1_trailers: Vec<usize>,
    /// The client's address as text (`127.0.0.1:50312`).
    pub remote: Arc<str>,
    /// When its head was read.
    pub received_at: std::time::SystemTime,
}

impl ReceivedRequest {
    /// `POST /hook from 127.0.0.1:50312`, for messages.
    pub fn summary(&self) -> String {
        summary(&self.method, &self.target, &self.remote)
    }
}

pub fn summary(method: &str, target: &str, remote: &str) -> String {
    format!("{method} {target} from {remote}")
}

/// What reaches the handler.
pub enum Arrival {
    Request(ReceivedRequest),
    /// A request whose body was not read; the handler reports it and answers.
    Refused {
        summary: String,
        refusal: Refusal,
    },
}

/// Why a request's body was not read.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// Larger than `--max-body`, declared or as it arrived.
    TooLarge,
    /// Cut off or badly framed.
    Unreadable(String),
    /// A head that cannot be served, answered with this status.
    Malformed { status: u16, reason: &'static str },
}

/// The handler's answer.
#[derive(Debug, Clone)]
pub struct ServerResponse {
    pub status: u16,
    pub headers: crate::capture::SharedHeaders,
    pub body: Bytes,
    /// Close the connection after this answer.
    pub close: bool,
    /// Close the connection without answering at all (a rule's `drop`, to test a sender's
    /// retries); HTTP/2 resets the stream instead.
    pub abort: bool,
}

impl ServerResponse {
    /// A short text answer of hookcli's own.
    pub fn plain(status: u16, text: &str, close: bool) -> ServerResponse {
        ServerResponse {
            status,
            headers: crate::capture::SharedHeaders::from([(
                "Content-Type".to_string(),
                "text/plain; charset=utf-8".to_string(),
            )]),
            body: Bytes::from(text.to_string()),
            close,
            abort: false,
        }
    }
}
