//! The HTTP/1.1 client of `send` and `replay`.
//!
//! It writes each request head itself, byte for byte as given: header names keep their case and
//! order, and nothing is added (hyper's and reqwest's clients lowercase names, and reqwest always
//! adds `Accept: */*`; hyper keeps its case map private). Responses are read by the rules of
//! [`super::wire`], the same the server applies to requests. A connection is used again only
//! when its last answer ended exactly where its framing said, with no byte after it: a server
//! that sends more than it framed (a 204 with a body, two answers to one request) would
//! otherwise hand the next request an answer that is not its own. Bodies are held up to
//! 256 MiB, in memory that grows with what arrives, or only counted when nobody prints them.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub use super::connect::ClientError;
use super::connect::{open_tcp, tls_handshake, ForwardProxy, Io};
use super::h2_client::H2Session;
pub use super::message::{ReceivedResponse, WireRequest};
use super::proxy::{Proxy, ProxySettings};
pub use super::target::Target;
use super::tls::{self, TlsOptions};
use super::wire::chunked::ChunkedDecoder;
use super::wire::framing::{self, Framing};
use super::wire::head as wire_head;
use crate::exit::Failure;

mod streaming;
pub use streaming::StreamedResponse;

/// `-L` and `--max-redirs`, and the headers (lowercase) beside Authorization and Cookie that
/// another host does not get: the signature headers of the scheme in use.
#[derive(Debug, Clone)]
pub struct RedirectSettings {
    pub max: usize,
    pub sensitive: Vec<String>,
}

/// How long opening a connection may take unless `--connect-timeout` says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Responses larger than this are refused rather than held in memory.
const MAX_RESPONSE_BODY: usize = 256 << 20;
const MAX_RESPONSE_HEAD: usize = 256 << 10;

/// Opens connections; built once per process.
#[derive(Clone)]
pub struct Client {
    tls_options: TlsOptions,
    /// Made when the first https connection needs it (at once for an https target, so a bad
    /// `--cacert` is reported before anything is sent; later for a redirect to https).
    tls: Arc<std::sync::OnceLock<Arc<rustls::ClientConfig>>>,
    /// The whole attempt: connecting, sending, and the answer.
    pub timeout: Duration,
    /// Opening the connection alone: TCP, a proxy's tunnel, the TLS handshake.
    pub connect_timeout: Duration,
    /// HTTP/2 to an `http://` target without asking first (`--http2-prior-knowledge`); over
    /// TLS, HTTP/2 is used when the server picks it from the ALPN offer (`--http2`).
    pub http2_prior_knowledge: bool,
    /// Redirects followed (`-L`), and the headers not sent to another host.
    pub redirects: Option<Arc<RedirectSettings>>,
    /// Whether response bodies are kept; bulk sends and replays that print none only count
    /// their bytes, so their memory does not grow with the answers.
    pub keep_bodies: bool,
    proxies: Arc<ProxySettings>,
}

impl Client {
    /// A client for a target; TLS is set up only when the target needs it.
    pub fn new(
        target: &Target,
        tls_options: &TlsOptions,
        timeout: Duration,
    ) -> Result<Client, Failure> {
        let tls = std::sync::OnceLock::new();
        if target.https {
            let _ = tls.set(tls::client_config(tls_options)?);
        }
        Ok(Client {
            tls_options: tls_options.clone(),
            tls: Arc::new(tls),
            timeout,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http2_prior_knowledge: tls_options.h2_prior_knowledge,
            redirects: None,
            keep_bodies: true,
            proxies: Arc::new(ProxySettings::default()),
        })
    }

    fn tls_config(&self, target: &Target) -> Result<Arc<rustls::ClientConfig>, ClientError> {
        if let Some(config) = self.tls.get() {
            return Ok(config.clone());
        }
        let config = tls::client_config(&self.tls_options).map_err(|failure| ClientError::Tls {
            address: target.origin(),
            reason: failure.message,
        })?;
        Ok(self.tls.get_or_init(|| config).clone())
    }

    /// The client with these proxy settings (none by default).
    pub fn with_proxies(self, proxies: ProxySettings) -> Client {
        Client {
            proxies: Arc::new(proxies),
            ..self
        }
    }

    /// The proxy a request to `target` goes through, for `-v` and `--curl`.
    pub fn proxy_for(&self, target: &Target) -> Option<&Proxy> {
        self.proxies.for_target(target)
    }

    /// Opens a connection to `target` within `connect_timeout`.
    pub async fn connect(&self, target: &Target) -> Result<Connection, ClientError> {
        let opening = async {
            let (stream, forward_proxy) = match self.proxies.for_target(target) {
                None => (Box::new(open_tcp(target).await?) as Box<dyn Io>, None),
                Some(proxy) => super::connect::through_proxy(proxy, target).await?,
            };
            let (stream, h2): (Box<dyn Io>, bool) = if target.https {
                let config = self.tls_config(target)?;
                let tls = tls_handshake(&config, target, stream).await?;
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                (Box::new(tls), h2)
            } else {
                (
                    stream,
                    self.http2_prior_knowledge && forward_proxy.is_none(),
                )
            };
            let (stream, h2) = if h2 {
                (None, Some(H2Session::handshake(stream).await?))
            } else {
                (Some(stream), None)
            };
            Ok::<_, ClientError>((stream, h2, forward_proxy))
        };
        let (stream, h2, forward_proxy) = tokio::time::timeout(self.connect_timeout, opening)
            .await
            .map_err(|_| ClientError::ConnectTimeout(self.connect_timeout))??;
        Ok(Connection {
            stream: stream.unwrap_or_else(|| Box::new(tokio::io::empty())),
            h2: h2.map(|session| (session, target.clone())),
            buffer: Vec::with_capacity(16 * 1024),
            start: 0,
            out: Vec::with_capacity(4 * 1024),
            reusable: true,
            used: false,
            keep_bodies: self.keep_bodies,
            forward_proxy,
        })
    }

    /// Sends one request on `connection` (opening one if there is none or it cannot be reused),
    /// within the client's timeout. A kept-alive connection the server closed meanwhile is
    /// replaced once.
    pub async fn exchange(
        &self,
        target: &Target,
        connection: &mut Option<Connection>,
        request: &WireRequest,
    ) -> Result<ReceivedResponse, ClientError> {
        let attempt = async {
            if let Some(idle) = connection.as_mut() {
                idle.check_idle().await;
            }
            let reused = connection.as_ref().is_some_and(|c| c.reusable && c.used);
            if !connection.as_ref().is_some_and(|c| c.reusable) {
                *connection = Some(self.connect(target).await?);
            }
            let live = connection.as_mut().expect("connected above");
            match live.send(request).await {
                Err(ClientError::Closed) | Err(ClientError::Io(_)) if reused => {
                    *connection = Some(self.connect(target).await?);
                    connection
                        .as_mut()
                        .expect("connected above")
                        .send(request)
                        .await
                }
                other => other,
            }
        };
        match tokio::time::timeout(self.timeout, attempt).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(error)) => {
                *connection = None;
                Err(error)
            }
            Err(_) => {
                *connection = None;
                Err(ClientError::Timeout(self.timeout))
            }
        }
    }
}

/// One HTTP/1.1 connection.
pub struct Connection {
    stream: Box<dyn Io>,
    /// Bytes read but not yet consumed, from `start`.
    buffer: Vec<u8>,
    start: usize,
    /// The request being written, kept for the next one.
    out: Vec<u8>,
    reusable: bool,
    used: bool,
    keep_bodies: bool,
    /// How requests are written when they go through an HTTP proxy to an http target.
    forward_proxy: Option<ForwardProxy>,
    /// The HTTP/2 session and its target, when the connection speaks HTTP/2 (then `stream`
    /// is unused: hyper's task owns the socket).
    h2: Option<(H2Session, Target)>,
}

/// A response body as it is read: kept (up to the cap), or only counted.
struct BodySink {
    bytes: Vec<u8>,
    length: u64,
    keep: bool,
}

impl BodySink {
    fn new(keep: bool) -> BodySink {
        BodySink {
            bytes: Vec::new(),
            length: 0,
            keep,
        }
    }

    fn push(&mut self, data: &[u8]) {
        self.length += data.len() as u64;
        if self.keep {
            self.bytes.extend_from_slice(data);
        }
    }

    fn over_cap(&self) -> bool {
        self.keep && self.length > MAX_RESPONSE_BODY as u64
    }

    fn too_large(&self) -> ClientError {
        ClientError::Protocol(format!(
            "the response body is larger than {} MiB",
            MAX_RESPONSE_BODY >> 20
        ))
    }
}

impl Connection {
    pub async fn send(&mut self, request: &WireRequest) -> Result<ReceivedResponse, ClientError> {
        self.used = true;
        if let Some((session, target)) = &mut self.h2 {
            let cap = MAX_RESPONSE_BODY as u64;
            return session.send(target, request, self.keep_bodies, cap).await;
        }
        // One write for head and body when the body is small; the buffer is reused.
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        match &self.forward_proxy {
            None => request.write_head(&mut out),
            Some(proxy) => {
                request.write_head_via(&mut out, &proxy.origin, proxy.authorization.as_deref())
            }
        }
        let small = request.body.len() <= 64 * 1024;
        if small {
            out.extend_from_slice(&request.body);
        }
        let written = async {
            self.stream.write_all(&out).await?;
            if !small {
                self.stream.write_all(&request.body).await?;
            }
            if let Some(body) = &request.streamed {
                body.0.write_to(&mut self.stream).await?;
            }
            Ok::<_, std::io::Error>(())
        }
        .await;
        self.out = out;
        let answer = if let Err(error) = written {
            // A server may answer before the whole body is sent (a 413 for a body over its
            // limit) and close; its answer is worth more than the broken pipe.
            self.reusable = false;
            match self.read_final_response(&request.method).await {
                Ok(response) => Ok(response),
                Err(_) => Err(error.into()),
            }
        } else {
            self.stream.flush().await?;
            self.read_final_response(&request.method).await
        };
        self.proxy_refusal(answer)
    }

    /// A 407 through an HTTP proxy is the proxy's refusal, not the target's answer.
    fn proxy_refusal(
        &self,
        answer: Result<ReceivedResponse, ClientError>,
    ) -> Result<ReceivedResponse, ClientError> {
        match (&self.forward_proxy, answer) {
            (Some(proxy), Ok(response)) if response.status == 407 => Err(ClientError::Proxy {
                proxy: proxy.address.clone(),
                reason: format!("refused the request: 407 {}", response.reason),
            }),
            (_, answer) => answer,
        }
    }

    async fn read_final_response(&mut self, method: &str) -> Result<ReceivedResponse, ClientError> {
        loop {
            let (response, framing) = self.read_head(method).await?;
            if (100..200).contains(&response.status) && response.status != 101 {
                // An interim answer (100 Continue, 103 Early Hints): the final one follows.
                continue;
            }
            let mut sink = BodySink::new(self.keep_bodies);
            match framing {
                Framing::Empty => {}
                Framing::Length(length) => self.read_length(length, &mut sink).await?,
                Framing::Chunked => self.read_chunked(&mut sink).await?,
                Framing::UntilClose => {
                    self.reusable = false;
                    self.read_to_close(&mut sink).await?;
                }
            }
            // Bytes after the answer's end are not an answer to the next request.
            if !self.pending().is_empty() {
                self.reusable = false;
            }
            return Ok(ReceivedResponse {
                body: sink.bytes,
                body_length: sink.length,
                ..response
            });
        }
    }

    /// Before an idle connection is used again: anything that arrived on it since its last
    /// answer (stray bytes, or the server closing it) means it cannot be.
    async fn check_idle(&mut self) {
        if let Some((session, _)) = &self.h2 {
            self.reusable = session.is_open();
            return;
        }
        if !self.reusable || !self.pending().is_empty() {
            self.reusable = false;
            return;
        }
        let mut read = std::pin::pin!(self.stream.read_buf(&mut self.buffer));
        let polled =
            std::future::poll_fn(|cx| std::task::Poll::Ready(read.as_mut().poll(cx))).await;
        if polled.is_ready() {
            self.reusable = false;
        }
    }

    fn pending(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    fn consume(&mut self, count: usize) {
        self.start += count;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
    }

    /// Reads more bytes; false at the end of the stream.
    async fn fill(&mut self) -> Result<bool, ClientError> {
        if self.start > 0 && self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        if self.start > 0 && self.start >= self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        // Reads into spare capacity: nothing is zeroed first.
        self.buffer.reserve(16 * 1024);
        let read = self.stream.read_buf(&mut self.buffer).await?;
        Ok(read > 0)
    }

    /// Hands what is buffered to `sink`, up to `limit` bytes, and returns how many it took.
    fn drain_into(&mut self, sink: &mut BodySink, limit: u64) -> usize {
        let take = self
            .pending()
            .len()
            .min(usize::try_from(limit).unwrap_or(usize::MAX));
        sink.push(&self.buffer[self.start..self.start + take]);
        self.consume(take);
        take
    }

    async fn read_head(
        &mut self,
        method: &str,
    ) -> Result<(ReceivedResponse, Framing), ClientError> {
        loop {
            let parsed = {
                let mut slots = [httparse::EMPTY_HEADER; 128];
                let mut response = httparse::Response::new(&mut slots);
                let complete =
                    wire_head::parse_response(self.pending(), &mut response, MAX_RESPONSE_HEAD)
                        .map_err(|error| ClientError::Protocol(error.to_string()))?;
                match complete {
                    Some(length) => {
                        let status = response.code.unwrap_or(0);
                        let http_10 = response.version == Some(0);
                        let framing = framing::response_framing(
                            response.headers,
                            status,
                            http_10,
                            method.eq_ignore_ascii_case("HEAD"),
                        )
                        .map_err(|error| ClientError::Protocol(error.to_string()))?;
                        Some((length, framing, received(&response)))
                    }
                    None => None,
                }
            };
            if let Some((length, framing, response)) = parsed {
                self.consume(length);
                self.reusable &= framing.reusable;
                return Ok((response, framing.framing));
            }
            if !self.fill().await? {
                return Err(if self.pending().is_empty() {
                    ClientError::Closed
                } else {
                    ClientError::Protocol("the response head was cut short".into())
                });
            }
        }
    }

    async fn read_length(&mut self, length: u64, sink: &mut BodySink) -> Result<(), ClientError> {
        if sink.keep && length > MAX_RESPONSE_BODY as u64 {
            return Err(sink.too_large());
        }
        if sink.keep {
            // Reserved, not touched: memory is used only as the bytes arrive, and the body is
            // never copied to grow.
            sink.bytes.reserve_exact(length as usize);
        }
        let mut left = length;
        loop {
            left -= self.drain_into(sink, left) as u64;
            if left == 0 {
                return Ok(());
            }
            if !self.fill().await? {
                return Err(ClientError::Protocol(format!(
                    "the response body was cut short: {left} of {length} bytes missing"
                )));
            }
        }
    }

    async fn read_chunked(&mut self, sink: &mut BodySink) -> Result<(), ClientError> {
        let cap = if sink.keep {
            MAX_RESPONSE_BODY as u64
        } else {
            u64::MAX
        };
        let mut decoder = ChunkedDecoder::new(cap);
        loop {
            let used = decoder
                .decode(&self.buffer[self.start..], &mut |data: &[u8]| {
                    sink.push(data)
                })
                .map_err(|error| match error {
                    super::wire::chunked::ChunkError::TooLarge => sink.too_large(),
                    other => ClientError::Protocol(other.to_string()),
                })?;
            self.consume(used);
            if decoder.is_done() {
                return Ok(());
            }
            if !self.fill().await? {
                return Err(ClientError::Protocol(
                    "the chunked body was cut short".into(),
                ));
            }
        }
    }

    async fn read_to_close(&mut self, sink: &mut BodySink) -> Result<(), ClientError> {
        loop {
            self.drain_into(sink, u64::MAX);
            if sink.over_cap() {
                return Err(sink.too_large());
            }
            if !self.fill().await? {
                return Ok(());
            }
        }
    }
}

/// The parts of a parsed response head that a caller sees.
fn received(response: &httparse::Response<'_, '_>) -> ReceivedResponse {
    ReceivedResponse {
        http_version: format!("HTTP/1.{}", response.version.unwrap_or(1)),
        status: response.code.unwrap_or(0),
        reason: response.reason.unwrap_or("").to_string(),
        headers: response
            .headers
            .iter()
            .map(|h| (h.name.to_string(), crate::capture::header_text(h.value)))
            .collect(),
        body: Vec::new(),
        body_length: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_with_host_header_and_request_target() {
        let target = Target::parse("http://127.0.0.1:8080/hooks/x?a=1").unwrap();
        assert_eq!(
            (
                target.host.as_str(),
                target.port,
                target.authority.as_str(),
                target.path_and_query.as_str()
            ),
            ("127.0.0.1", 8080, "127.0.0.1:8080", "/hooks/x?a=1")
        );
        let bare = Target::parse("localhost:3000").unwrap();
        assert_eq!((bare.https, bare.path_and_query.as_str()), (false, "/"));
        let v6 = Target::parse("https://[::1]/").unwrap();
        assert_eq!(
            (v6.host.as_str(), v6.port, v6.authority.as_str()),
            ("::1", 443, "[::1]")
        );
        assert!(Target::parse("ftp://x/").is_err());
    }

    /// Responses framed every way, on one kept-alive connection, from a raw server.
    #[tokio::test]
    async fn reads_length_chunked_and_interim_responses_on_one_connection() {
        let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = server.accept().await.unwrap();
            let answers: [&[u8]; 3] = [
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello",
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n",
                b"HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nRejected",
            ];
            let mut buffer = vec![0u8; 4096];
            for answer in answers {
                let _ = socket.read(&mut buffer).await.unwrap();
                socket.write_all(answer).await.unwrap();
            }
            socket.shutdown().await.unwrap();
        });
        let target = Target::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        let client = Client::new(&target, &TlsOptions::default(), Duration::from_secs(5)).unwrap();
        let request = WireRequest {
            method: "POST".into(),
            target: "/".into(),
            headers: vec![("Content-Length".into(), "0".into())],
            body: Default::default(),
            streamed: None,
            latin1: Vec::new(),
        };
        let mut connection = None;
        let first = client
            .exchange(&target, &mut connection, &request)
            .await
            .unwrap();
        assert_eq!(
            (first.status, first.body.as_slice(), first.header("x-a")),
            (200, &b"hello"[..], Some("1"))
        );
        let second = client
            .exchange(&target, &mut connection, &request)
            .await
            .unwrap();
        assert_eq!(
            (second.status, second.body.as_slice()),
            (201, &b"abcde"[..])
        );
        let third = client
            .exchange(&target, &mut connection, &request)
            .await
            .unwrap();
        assert_eq!(
            (third.status, third.reason.as_str(), third.body.as_slice()),
            (403, "Forbidden", &b"Rejected"[..])
        );
    }

    #[test]
    fn heads_keep_case_and_order() {
        let request = WireRequest {
            method: "POST".into(),
            target: "/x?y=1".into(),
            headers: vec![
                ("Host".into(), "h".into()),
                ("X-b".into(), "1".into()),
                ("x-B".into(), "2".into()),
            ],
            body: Default::default(),
            streamed: None,
            latin1: Vec::new(),
        };
        assert_eq!(
            request.head(),
            b"POST /x?y=1 HTTP/1.1\r\nHost: h\r\nX-b: 1\r\nx-B: 2\r\n\r\n"
        );
    }
}
