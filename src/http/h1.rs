//! `listen`'s HTTP/1.x connections, served by hand rather than by hyper.
//!
//! A capture needs the request head exactly as received (header case, order, repeats, bytes that
//! are not UTF-8) and the whole body, which hyper does not hand out; following hyper with a
//! second parser cost as much as serving the request. So the head is parsed once here, with
//! `httparse` (hyper's own parser), the body is read by its framing, and the answer is written in
//! one `write`. What a receiver must refuse is refused here: ambiguous framing (400), a head too
//! large (431), a body over `--max-body` (413, before reading it when it is declared).
//! A connection that opens with the HTTP/2 preface is handed back for hyper to serve.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use super::arrival::{Arrival, ReceivedRequest, Refusal, ServerResponse};
use super::deadline::HeadClock;
use super::wire::chunked::{ChunkedDecoder, Trailer};
use super::wire::framing::{self, has_token, Framing};
use super::wire::head::{self as wire_head, HeadError};

/// The longest request head accepted; a longer one gets 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields accepted (hyper's default); more get 431.
const MAX_HEADERS: usize = 100;
pub const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How a connection ended.
pub enum Outcome<S> {
    Closed,
    /// The client speaks HTTP/2: the stream and the bytes already read from it.
    Http2(S, Vec<u8>),
}

/// What a connection needs besides its stream.
pub struct ConnectionContext<H> {
    pub handler: H,
    pub remote: Arc<str>,
    pub deadline: Arc<HeadClock>,
    pub max_body: u64,
}

/// A parsed head and how its body is framed.
struct Head {
    request: ReceivedRequest,
    length: usize,
    framing: Framing,
    expects_continue: bool,
    keep_alive: bool,
}

enum HeadRead {
    Head(Box<Head>),
    /// The client closed the connection (or shutdown began) between requests.
    Gone,
    Http2,
    /// A head that cannot be served: answered with this status, and the connection closed.
    Bad(u16, &'static str),
}

/// Serves requests on one connection until it closes.
pub async fn serve<S, H, F>(stream: S, context: ConnectionContext<H>) -> Outcome<S>
where
    S: AsyncRead + AsyncWrite + Unpin,
    H: Fn(Arrival) -> F,
    F: std::future::Future<Output = ServerResponse>,
{
    let mut connection = Connection {
        stream: Deadlined {
            inner: stream,
            clock: context.deadline.clone(),
            waker: None,
        },
        buffer: Vec::with_capacity(8 * 1024),
        output: Vec::with_capacity(1024),
        trailers: Vec::new(),
        remote: context.remote.clone(),
    };
    loop {
        let head = match connection.read_head().await {
            Ok(HeadRead::Head(head)) => head,
            Ok(HeadRead::Gone) | Err(_) => return Outcome::Closed,
            Ok(HeadRead::Http2) => {
                return Outcome::Http2(connection.stream.inner, connection.buffer);
            }
            Ok(HeadRead::Bad(status, reason)) => {
                connection.refuse_head(&context, status, reason).await;
                return Outcome::Closed;
            }
        };
        context.deadline.progressed();
        let Head {
            request,
            length,
            framing,
            expects_continue,
            keep_alive,
        } = *head;
        connection.buffer.drain(..length);
        let version_10 = request.version == http::Version::HTTP_10;
        let head_only = request.method == "HEAD";
        let received_at = request.received_at;
        let body = match framing {
            Framing::Length(declared) if declared > context.max_body => Err(Refusal::TooLarge),
            framing => {
                if expects_continue && !version_10 && connection.buffer.is_empty() {
                    let _ = connection.continue_100().await;
                }
                connection.read_body(framing, context.max_body).await
            }
        };
        let arrival = connection.arrival(request, body);
        let refused = matches!(arrival, Arrival::Refused { .. });
        let in_flight = context.deadline.request_started();
        let answer = (context.handler)(arrival).await;
        if answer.abort {
            let _ = connection.stream.inner.shutdown().await;
            return Outcome::Closed;
        }
        let close = answer.close || refused || !keep_alive || context.deadline.closing();
        let written = connection
            .respond(&answer, received_at, head_only, close, version_10 && !close)
            .await;
        drop(in_flight);
        if written.is_err() {
            return Outcome::Closed;
        }
        if close {
            if refused {
                connection.linger().await;
            } else {
                let _ = connection.stream.inner.shutdown().await;
            }
            return Outcome::Closed;
        }
    }
}

struct Connection<S> {
    stream: Deadlined<S>,
    /// Bytes read and not yet used: the rest of a head, a body, pipelined requests.
    buffer: Vec<u8>,
    /// The answer being written, kept for its capacity.
    output: Vec<u8>,
    /// The trailer fields of the chunked body just read, as received.
    trailers: Vec<Trailer>,
    /// The client's address, for each request's record.
    remote: Arc<str>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Connection<S> {
    /// Answers a head that cannot be served as the handler says, then closes.
    async fn refuse_head<H, F>(
        &mut self,
        context: &ConnectionContext<H>,
        status: u16,
        reason: &'static str,
    ) where
        H: Fn(Arrival) -> F,
        F: std::future::Future<Output = ServerResponse>,
    {
        let arrival = Arrival::Refused {
            summary: format!("a request from {}", context.remote),
            refusal: Refusal::Malformed { status, reason },
        };
        let answer = (context.handler)(arrival).await;
        let now = std::time::SystemTime::now();
        if self.respond(&answer, now, false, true, false).await.is_ok() {
            self.linger().await;
        }
    }

    /// The request with its body and trailers (kept as header values are), or why its body
    /// was not read.
    fn arrival(&mut self, mut request: ReceivedRequest, body: Result<Vec<u8>, Refusal>) -> Arrival {
        let body = match body {
            Ok(body) => body,
            Err(refusal) => {
                return Arrival::Refused {
                    summary: request.summary(),
                    refusal,
                }
            }
        };
        request.body = body;
        let trailers = std::mem::take(&mut self.trailers);
        request.latin1_trailers =
            crate::capture::latin1_positions(trailers.iter().map(|(_, v)| v.as_slice()));
        request.trailers = trailers
            .iter()
            .map(|(name, value)| {
                (
                    String::from_utf8_lossy(name).into_owned(),
                    crate::capture::header_text(value),
                )
            })
            .collect();
        Arrival::Request(request)
    }

    /// Reads more bytes into the buffer; `Ok(0)` at the end of the stream.
    async fn fill(&mut self) -> io::Result<usize> {
        if self.buffer.capacity() - self.buffer.len() < 4096 {
            self.buffer.reserve(8 * 1024);
        }
        self.stream.read_buf(&mut self.buffer).await
    }

    async fn read_head(&mut self) -> io::Result<HeadRead> {
        loop {
            // Empty lines (CRLF) before a request are allowed (RFC 9112 section 2.2).
            let blank = self
                .buffer
                .chunks(2)
                .take_while(|pair| *pair == b"\r\n")
                .count();
            if blank > 0 {
                self.buffer.drain(..blank * 2);
            }
            if !self.buffer.is_empty() {
                let seen = self.buffer.len().min(HTTP2_PREFACE.len());
                if self.buffer[..seen] == HTTP2_PREFACE[..seen] {
                    if seen == HTTP2_PREFACE.len() {
                        return Ok(HeadRead::Http2);
                    }
                } else if let Some(head) = parse_head(&self.buffer, &self.remote) {
                    return Ok(head);
                }
                if self.buffer.len() > MAX_HEAD_BYTES {
                    return Ok(HeadRead::Bad(431, "the request head is larger than 64 KiB"));
                }
            }
            // Shutdown and the header timeout end this read with an error (see `Deadlined`).
            if self.fill().await? == 0 {
                return Ok(HeadRead::Gone);
            }
        }
    }

    async fn read_body(&mut self, framing: Framing, max: u64) -> Result<Vec<u8>, Refusal> {
        match framing {
            Framing::Length(length) => {
                let length = length as usize;
                let mut body = Vec::with_capacity(length);
                let available = self.buffer.len().min(length);
                body.extend_from_slice(&self.buffer[..available]);
                self.buffer.drain(..available);
                while body.len() < length {
                    let wanted = length - body.len();
                    let read = (&mut self.stream)
                        .take(wanted as u64)
                        .read_buf(&mut body)
                        .await
                        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
                    self.stream.clock.progressed();
                    if read == 0 {
                        return Err(Refusal::Unreadable(format!(
                            "the connection closed {wanted} bytes before the end of the body"
                        )));
                    }
                }
                Ok(body)
            }
            Framing::Chunked => self.read_chunked(max).await,
            // A request is never framed by the end of its connection (RFC 9112 section 6.3).
            Framing::Empty | Framing::UntilClose => Ok(Vec::new()),
        }
    }

    /// Decodes a chunked body by the wire module's rules; its trailers are kept for the record.
    async fn read_chunked(&mut self, max: u64) -> Result<Vec<u8>, Refusal> {
        let mut decoder = ChunkedDecoder::new(max);
        let mut body = Vec::new();
        loop {
            let used = decoder
                .decode(&self.buffer, &mut |data: &[u8]| {
                    body.extend_from_slice(data)
                })
                .map_err(|error| match error {
                    super::wire::chunked::ChunkError::TooLarge => Refusal::TooLarge,
                    other => Refusal::Unreadable(other.to_string()),
                })?;
            self.buffer.drain(..used);
            if decoder.is_done() {
                self.trailers = decoder.take_trailers();
                return Ok(body);
            }
            self.fill_for_body().await?;
        }
    }

    async fn fill_for_body(&mut self) -> Result<(), Refusal> {
        match self.fill().await {
            Ok(0) => Err(Refusal::Unreadable(
                "the connection closed before the end of the body".into(),
            )),
            Ok(_) => {
                self.stream.clock.progressed();
                Ok(())
            }
            Err(e) => Err(Refusal::Unreadable(e.to_string())),
        }
    }

    async fn continue_100(&mut self) -> io::Result<()> {
        let stream = &mut self.stream.inner;
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        stream.flush().await
    }

    async fn respond(
        &mut self,
        answer: &ServerResponse,
        now: std::time::SystemTime,
        head_only: bool,
        close: bool,
        keep_alive_10: bool,
    ) -> io::Result<()> {
        self.output.clear();
        encode_response(
            &mut self.output,
            answer,
            now,
            head_only,
            close,
            keep_alive_10,
        );
        let stream = &mut self.stream.inner;
        stream.write_all(&self.output).await?;
        stream.flush().await
    }

    /// Before closing after an answer the client may not have waited for (an early 413), reads
    /// and drops what it still sends for a moment: closing with unread bytes would reset the
    /// connection and could destroy the answer before the client reads it.
    async fn linger(&mut self) {
        let stream = &mut self.stream.inner;
        let _ = stream.shutdown().await;
        let drain = async {
            let mut scratch = [0u8; 8192];
            let mut total = 0usize;
            while let Ok(read) = stream.read(&mut scratch).await {
                total += read;
                if read == 0 || total > 16 * 1024 * 1024 {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), drain).await;
    }
}

/// Parses the head at the start of `bytes`: `None` while it is incomplete.
fn parse_head(bytes: &[u8], remote: &Arc<str>) -> Option<HeadRead> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut slots);
    let length = match wire_head::parse_request(bytes, &mut parsed, MAX_HEAD_BYTES) {
        Ok(Some(length)) => length,
        Ok(None) => return None,
        Err(HeadError::TooLarge(_)) => {
            return Some(HeadRead::Bad(431, "the request head is larger than 64 KiB"))
        }
        Err(HeadError::TooManyFields) => {
            return Some(HeadRead::Bad(
                431,
                "the request has more than 100 header fields",
            ))
        }
        Err(HeadError::BareLf | HeadError::BareCr) => {
            return Some(HeadRead::Bad(
                400,
                "the request head has a line end other than CRLF",
            ))
        }
        Err(HeadError::Nul) => {
            return Some(HeadRead::Bad(400, "the request head holds a NUL byte"))
        }
        Err(HeadError::Invalid(_)) => {
            return Some(HeadRead::Bad(400, "the request is not valid HTTP/1.1"))
        }
    };
    let version = if parsed.version == Some(0) {
        http::Version::HTTP_10
    } else {
        http::Version::HTTP_11
    };
    let headers = parsed.headers;
    let framing = match framing::request_framing(headers, version == http::Version::HTTP_10) {
        Ok(framing) => framing,
        Err(error) => return Some(HeadRead::Bad(400, framing_reason(&error))),
    };
    // RFC 9112 section 3.2: a server must refuse an HTTP/1.1 request without exactly one Host,
    // and any request with more than one, as the servers behind `--forward-to` do.
    let hosts = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"))
        .count();
    if hosts > 1 || (version == http::Version::HTTP_11 && hosts == 0) {
        return Some(HeadRead::Bad(
            400,
            if hosts == 0 {
                "an HTTP/1.1 request must carry a Host header"
            } else {
                "the request carries more than one Host header"
            },
        ));
    }
    let keep_alive = if version == http::Version::HTTP_10 {
        has_token(headers, "connection", "keep-alive")
    } else {
        !has_token(headers, "connection", "close")
    };
    let expects_continue = has_token(headers, "expect", "100-continue");
    // An Upgrade offer (h2c, WebSocket) is declined by answering in HTTP/1.1 (RFC 9110
    // section 7.8); a tunnel cannot be.
    if parsed.method == Some("CONNECT") {
        return Some(HeadRead::Bad(501, "listen does not open tunnels (CONNECT)"));
    }
    let request = ReceivedRequest {
        method: parsed.method.unwrap_or_default().to_string(),
        target: parsed.path.unwrap_or_default().to_string(),
        version,
        headers: headers
            .iter()
            .map(|h| (h.name.to_string(), crate::capture::header_text(h.value)))
            .collect(),
        latin1: crate::capture::latin1_positions(headers.iter().map(|h| h.value)),
        body: Vec::new(),
        trailers: Vec::new(),
        latin1_trailers: Vec::new(),
        remote: remote.clone(),
        received_at: std::time::SystemTime::now(),
    };
    Some(HeadRead::Head(Box::new(Head {
        request,
        length,
        framing,
        expects_continue,
        keep_alive,
    })))
}

/// The reason a 400 gives for framing that could be read more than one way.
fn framing_reason(error: &framing::FramingError) -> &'static str {
    match error {
        framing::FramingError::BadLength => "the Content-Length is not a number",
        framing::FramingError::DifferingLengths => {
            "the request has Content-Length values that differ"
        }
        framing::FramingError::LengthAndEncoding => {
            "a request with both Content-Length and Transfer-Encoding is ambiguous; send one"
        }
        framing::FramingError::BadEncoding => {
            "a request body must be chunked (once, last) or have a Content-Length"
        }
    }
}

/// The answer's bytes: status line, the answer's headers, Content-Length, Date, Connection.
fn encode_response(
    out: &mut Vec<u8>,
    answer: &ServerResponse,
    now: std::time::SystemTime,
    head_only: bool,
    close: bool,
    keep_alive_10: bool,
) {
    let status = answer.status;
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(itoa::Buffer::new().format(status).as_bytes());
    out.push(b' ');
    out.extend_from_slice(reason.as_bytes());
    out.extend_from_slice(b"\r\n");
    for (name, value) in answer.headers.iter() {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    let bodiless = status == 204 || status == 304 || (100..200).contains(&status);
    if !bodiless {
        out.extend_from_slice(b"Content-Length: ");
        out.extend_from_slice(itoa::Buffer::new().format(answer.body.len()).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    // A forwarding target's Date (or one given with -H) stands; one Date only.
    if !answer
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("date"))
    {
        out.extend_from_slice(b"Date: ");
        http_date(out, now);
        out.extend_from_slice(b"\r\n");
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    } else if keep_alive_10 {
        out.extend_from_slice(b"Connection: keep-alive\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !bodiless && !head_only {
        out.extend_from_slice(&answer.body);
    }
}

/// The date as HTTP writes it, formatted once a second per thread.
fn http_date(out: &mut Vec<u8>, now: std::time::SystemTime) {
    use std::cell::RefCell;
    use std::time::UNIX_EPOCH;
    thread_local! {
        static CACHED: RefCell<(u64, String)> = const { RefCell::new((0, String::new())) };
    }
    let second = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    CACHED.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached.0 != second || cached.1.is_empty() {
            *cached = (second, httpdate::fmt_http_date(now));
        }
        out.extend_from_slice(cached.1.as_bytes());
    });
}

/// A stream whose reads fail once the connection's header deadline has passed.
struct Deadlined<S> {
    inner: S,
    clock: Arc<HeadClock>,
    /// The waker the clock holds, so it is handed over only when it changes.
    waker: Option<std::task::Waker>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Deadlined<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_read(cx, buf);
        if result.is_pending() {
            if !this.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                this.clock.register(cx.waker());
                this.waker = Some(cx.waker().clone());
            }
            if this.clock.expired() {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "nothing arrived within --header-timeout",
                )));
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(bytes: &[u8]) -> Head {
        match parse_head(bytes, &Arc::from("test")) {
            Some(HeadRead::Head(head)) => *head,
            Some(HeadRead::Bad(status, _)) => panic!("refused with {status}"),
            _ => panic!("not a head"),
        }
    }

    fn refused(bytes: &[u8]) -> u16 {
        match parse_head(bytes, &Arc::from("test")) {
            Some(HeadRead::Bad(status, _)) => status,
            _ => panic!("accepted"),
        }
    }

    #[test]
    fn keeps_case_order_and_repeats_and_frames_the_body() {
        let parsed = head(b"POST /a?x=1 HTTP/1.1\r\nX-B: 1\r\nhost: h\r\nX-b: 2\r\nContent-Length: 5\r\n\r\nhello");
        assert_eq!(parsed.request.target, "/a?x=1");
        assert_eq!(
            parsed.request.headers,
            vec![
                ("X-B".into(), "1".into()),
                ("host".into(), "h".into()),
                ("X-b".into(), "2".into()),
                ("Content-Length".into(), "5".into())
            ]
        );
        assert!(matches!(parsed.framing, Framing::Length(5)));
        assert!(parsed.keep_alive);
        assert!(!head(b"GET / HTTP/1.0\r\n\r\n").keep_alive);
        assert!(!head(b"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").keep_alive);
        assert!(matches!(
            head(b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").framing,
            Framing::Chunked
        ));
    }

    #[test]
    fn refuses_what_two_servers_could_read_differently() {
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 5,\r\n\r\n"),
            400
        );
        // One value repeated is that value (RFC 9110, section 8.6).
        for same in [
            &b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nhi"[..],
            b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi",
        ] {
            assert!(matches!(head(same).framing, Framing::Length(2)));
        }
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
            400
        );
        assert_eq!(refused(b"\x00\xff garbage\r\n\r\n"), 400);
        assert_eq!(refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
        let long = format!(
            "GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n",
            "a".repeat(MAX_HEAD_BYTES)
        );
        assert_eq!(refused(long.as_bytes()), 431);
        let many: String = (0..101).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(
            refused(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()),
            431
        );
        assert!(parse_head(b"POST / HTTP/1.1\r\nHost: x", &Arc::from("test")).is_none());
    }

    #[test]
    fn an_http11_request_carries_exactly_one_host() {
        assert_eq!(refused(b"GET / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(
            refused(b"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"),
            400
        );
        assert_eq!(
            head(b"GET / HTTP/1.1\r\nHOST: a\r\n\r\n").request.target,
            "/"
        );
        // HTTP/1.0 had no Host: a request without one is read, one with two is not.
        assert_eq!(head(b"GET /old HTTP/1.0\r\n\r\n").request.target, "/old");
        assert_eq!(
            refused(b"GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"),
            400
        );
    }

    #[test]
    fn answers_carry_one_date_and_head_answers_no_body() {
        let answer = ServerResponse {
            status: 200,
            headers: vec![("Date".into(), "Thu, 01 Jan 2026 00:00:00 GMT".into())].into(),
            body: "four".into(),
            close: false,
            abort: false,
        };
        let mut out = Vec::new();
        encode_response(
            &mut out,
            &answer,
            std::time::SystemTime::now(),
            true,
            false,
            false,
        );
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.to_ascii_lowercase().matches("date:").count(), 1);
        assert!(text.contains("Content-Length: 4\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
