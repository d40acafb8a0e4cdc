//! The messages of the client: a request exactly as it goes on the wire (written by hand, so
//! header names keep their case and order) and a response as received. HTTP/1 and HTTP/2 send
//! and read the same types.

use crate::exit::Failure;

/// A request exactly as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRequest {
    pub method: String,
    pub target: String,
    /// Every header sent, in order, including Host and Content-Length.
    pub headers: Vec<(String, String)>,
    pub body: bytes::Bytes,
    /// A body written in pieces in place of `body` (then empty): a multipart form of files.
    pub streamed: Option<super::body::SharedBody>,
    /// Positions of header values to write as Latin-1 bytes (captured values that were not
    /// UTF-8), so a replay sends the bytes that were received.
    pub latin1: Vec<usize>,
}

impl WireRequest {
    /// A request, refused when any part of it cannot be written as HTTP/1.1: a method that is
    /// not a token, a target or a header value with control characters (CR and LF would start
    /// a header or request of their own), or a header name that is not a token. The error
    /// names the part, never its value, which may hold a secret.
    pub fn new(
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: bytes::Bytes,
    ) -> Result<WireRequest, Failure> {
        if http::Method::from_bytes(method.as_bytes()).is_err() {
            return Err(Failure::usage(
                "the method is not a valid HTTP method (letters only, no spaces)",
            ));
        }
        if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(Failure::usage(
                "the request path has spaces or control characters; percent-encode them",
            ));
        }
        for (name, value) in &headers {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(Failure::usage(format!(
                    "'{}' is not a valid header name",
                    name.escape_debug()
                )));
            }
            if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
                return Err(Failure::usage(format!("the value of header {name} has control characters (such as a line break) and cannot be sent")));
            }
        }
        Ok(WireRequest {
            method,
            target,
            headers,
            body,
            streamed: None,
            latin1: Vec::new(),
        })
    }

    /// The request line and headers, ending with the blank line.
    pub fn head(&self) -> Vec<u8> {
        let mut head = Vec::new();
        self.write_head(&mut head);
        head
    }

    /// Appends the request line and headers to a buffer.
    pub fn write_head(&self, head: &mut Vec<u8>) {
        self.write_head_via(head, "", None);
    }

    /// Appends the head as it goes to an HTTP proxy: the target in absolute form (`origin`
    /// before the path), and the proxy's credentials after the request's own headers.
    pub fn write_head_via(
        &self,
        head: &mut Vec<u8>,
        origin: &str,
        proxy_authorization: Option<&str>,
    ) {
        head.reserve(
            64 + self
                .headers
                .iter()
                .map(|(n, v)| n.len() + v.len() + 4)
                .sum::<usize>(),
        );
        head.extend_from_slice(self.method.as_bytes());
        head.push(b' ');
        head.extend_from_slice(origin.as_bytes());
        head.extend_from_slice(self.target.as_bytes());
        head.extend_from_slice(b" HTTP/1.1\r\n");
        for (index, (name, value)) in self.headers.iter().enumerate() {
            head.extend_from_slice(name.as_bytes());
            head.extend_from_slice(b": ");
            match self
                .latin1
                .contains(&index)
                .then(|| crate::capture::latin1_bytes(value))
                .flatten()
            {
                Some(bytes) => head.extend_from_slice(&bytes),
                None => head.extend_from_slice(value.as_bytes()),
            }
            head.extend_from_slice(b"\r\n");
        }
        if let Some(credentials) = proxy_authorization {
            head.extend_from_slice(b"Proxy-Authorization: ");
            head.extend_from_slice(credentials.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n");
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedResponse {
    pub http_version: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    /// The body, or nothing when the client only counts bodies (`Client::keep_bodies`).
    pub body: Vec<u8>,
    /// How many body bytes arrived, kept or not.
    pub body_length: u64,
}

impl ReceivedResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::capture::header_value(&self.headers, name)
    }
}
