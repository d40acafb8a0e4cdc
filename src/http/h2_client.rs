//! The client's HTTP/2, for `--http2` (offered in ALPN over TLS) and `--http2-prior-knowledge`
//! (spoken at once to an `http://` target), on hyper's client connection. HTTP/2 carries header
//! names in lowercase by protocol and has no connection-specific fields, so what the user gave
//! in another case or as a hop-by-hop field cannot go out byte for byte here; HTTP/1.1 stays
//! the default for that reason.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http2::SendRequest;
use hyper_util::rt::{TokioExecutor, TokioIo};

use super::connect::{ClientError, Io};
use super::message::{ReceivedResponse, WireRequest};
use super::target::Target;

/// One HTTP/2 connection: requests are streams on it, the connection driven by its own task.
pub struct H2Session {
    sender: SendRequest<Full<Bytes>>,
}

impl H2Session {
    pub async fn handshake(stream: Box<dyn Io>) -> Result<H2Session, ClientError> {
        let (sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
                .await
                .map_err(|e| ClientError::Protocol(format!("the HTTP/2 handshake failed: {e}")))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(H2Session { sender })
    }

    /// Whether another request can go on this connection.
    pub fn is_open(&self) -> bool {
        !self.sender.is_closed()
    }

    /// Sends `request` as one stream and reads the whole answer (bodies counted rather than
    /// kept unless `keep`, and refused past `cap` bytes when kept).
    pub async fn send(
        &mut self,
        target: &Target,
        request: &WireRequest,
        keep: bool,
        cap: u64,
    ) -> Result<ReceivedResponse, ClientError> {
        let outgoing = h2_request(target, request).await?;
        self.sender.ready().await.map_err(|_| ClientError::Closed)?;
        let response = self
            .sender
            .send_request(outgoing)
            .await
            .map_err(|e| ClientError::Protocol(format!("HTTP/2: {e}")))?;
        let (parts, mut body) = response.into_parts();
        let mut kept = Vec::new();
        let mut length = 0u64;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| ClientError::Protocol(format!("HTTP/2: {e}")))?;
            if let Ok(data) = frame.into_data() {
                length += data.len() as u64;
                if keep {
                    if length > cap {
                        return Err(ClientError::Protocol(format!(
                            "the response body is larger than {} MiB",
                            cap >> 20
                        )));
                    }
                    kept.extend_from_slice(&data);
                }
            }
        }
        Ok(ReceivedResponse {
            http_version: "HTTP/2".into(),
            status: parts.status.as_u16(),
            reason: parts.status.canonical_reason().unwrap_or("").to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_string(),
                        crate::capture::header_text(value.as_bytes()),
                    )
                })
                .collect(),
            body: kept,
            body_length: length,
        })
    }
}

/// The request as HTTP/2 carries it: the target in `:scheme`, `:authority` and `:path`, without
/// `Host` and the fields that belong to an HTTP/1 connection.
async fn h2_request(
    target: &Target,
    request: &WireRequest,
) -> Result<hyper::Request<Full<Bytes>>, ClientError> {
    let uri = format!("{}{}", target.origin(), request.target);
    let body = match &request.streamed {
        // HTTP/2 takes the body whole here: a form of files is read into memory.
        Some(streamed) => {
            let mut bytes = Vec::with_capacity(streamed.0.length() as usize);
            streamed
                .0
                .write_to(&mut bytes)
                .await
                .map_err(ClientError::Io)?;
            Bytes::from(bytes)
        }
        None => request.body.clone(),
    };
    let mut builder = hyper::Request::builder()
        .method(request.method.as_str())
        .uri(uri)
        .version(http::Version::HTTP_2);
    for (at, (name, value)) in request.headers.iter().enumerate() {
        if name.eq_ignore_ascii_case("host") || super::wire::hop::is_hop_by_hop(name) {
            continue;
        }
        let bytes: Vec<u8> = if request.latin1.contains(&at) {
            value.chars().map(|c| c as u8).collect()
        } else {
            value.as_bytes().to_vec()
        };
        builder = builder.header(name.as_str(), bytes);
    }
    builder
        .body(Full::new(body))
        .map_err(|e| ClientError::Protocol(format!("the request cannot go over HTTP/2: {e}")))
}
