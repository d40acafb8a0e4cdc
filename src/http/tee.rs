//! Keeps what hyper does not hand an application: each HTTP/1 request head as received, with
//! header names in their original case and order, interleaved repeats included.
//!
//! [`TeeStream`] wraps a connection and shows every byte hyper reads to a [`HeadRecorder`], which
//! parses each request head with `httparse` (the parser hyper uses) and then skips that request's
//! body by its framing (Content-Length or chunked), ready for the next head on a kept-alive
//! connection. hyper still does all of the protocol; the recorder only follows along. When it
//! cannot follow (HTTP/2, an upgrade, a head it cannot parse) it stops, and the service falls back
//! to hyper's view of the headers.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::deadline::HeadClock;

/// A request head as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHead {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Positions of header values that were not UTF-8 (kept as Latin-1 characters).
    pub latin1: Vec<usize>,
}

/// The heads recorded on one connection, in order, for its service to take.
pub type RawHeads = Arc<Mutex<VecDeque<RawHead>>>;

/// Heads larger than this are left to hyper (which answers 431 well before).
const MAX_HEAD_BYTES: usize = 1 << 20;
/// More headers than hyper accepts by default are left to hyper, too.
const MAX_HEADERS: usize = 128;
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n";

#[derive(Debug)]
enum Framing {
    /// Reading a head.
    Head,
    /// Skipping this many body bytes.
    Length(u64),
    /// Skipping a chunked body.
    Chunked(ChunkState),
    /// Not following this connection any more.
    Stopped,
}

#[derive(Debug)]
enum ChunkState {
    /// The chunk-size line, up to its line feed.
    SizeLine,
    Data(u64),
    /// The line break after a chunk's data.
    DataEnd,
    /// Trailer lines, up to an empty one; the flag says whether the current line has content.
    Trailers(bool),
}

pub struct HeadRecorder {
    framing: Framing,
    /// Bytes of an unfinished head, or bytes that followed a head in the same read.
    pending: Vec<u8>,
    /// An unfinished chunk-size line.
    chunk_line: Vec<u8>,
    heads: RawHeads,
}

enum HeadParse {
    Complete { length: usize, head: RawHead },
    Partial,
    Invalid,
}

impl HeadRecorder {
    pub fn new(heads: RawHeads) -> Self {
        HeadRecorder {
            framing: Framing::Head,
            pending: Vec::new(),
            chunk_line: Vec::new(),
            heads,
        }
    }

    /// Follows the bytes hyper has just read. Only an unfinished head is copied; everything
    /// else is followed where it lies.
    pub fn feed(&mut self, data: &[u8]) {
        if matches!(self.framing, Framing::Stopped) {
            return;
        }
        if self.pending.is_empty() {
            let used = self.follow(data);
            if !matches!(self.framing, Framing::Stopped) {
                self.pending.extend_from_slice(&data[used..]);
            }
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(data);
            let used = self.follow(&bytes);
            if !matches!(self.framing, Framing::Stopped) {
                bytes.drain(..used);
                self.pending = bytes;
            }
        }
    }

    /// Follows heads and bodies in `bytes` as far as they are complete, in a loop (not by
    /// recursion: one read may hold thousands of pipelined requests). Returns how many bytes
    /// were used; the rest is the start of a head still arriving.
    fn follow(&mut self, bytes: &[u8]) -> usize {
        let mut offset = 0;
        while offset < bytes.len() {
            match &mut self.framing {
                Framing::Stopped => return bytes.len(),
                Framing::Head => match parse_head(&bytes[offset..]) {
                    HeadParse::Complete { length, head } => {
                        self.framing = body_framing(&head.method, &head.headers);
                        self.heads
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push_back(head);
                        offset += length;
                    }
                    HeadParse::Partial if bytes.len() - offset <= MAX_HEAD_BYTES => break,
                    HeadParse::Partial | HeadParse::Invalid => {
                        self.framing = Framing::Stopped;
                        self.pending = Vec::new();
                        return bytes.len();
                    }
                },
                Framing::Length(remaining) => {
                    let skip = (*remaining).min((bytes.len() - offset) as u64);
                    *remaining -= skip;
                    offset += skip as usize;
                    if *remaining == 0 {
                        self.framing = Framing::Head;
                    }
                }
                Framing::Chunked(state) => {
                    let (used, done) = skip_chunked(state, &mut self.chunk_line, &bytes[offset..]);
                    offset += used;
                    if done {
                        self.framing = Framing::Head;
                    }
                }
            }
        }
        offset
    }
}

/// Parses one request head at the start of `bytes` (after any blank lines, as hyper allows).
fn parse_head(bytes: &[u8]) -> HeadParse {
    let start = bytes
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(bytes.len());
    let candidate = &bytes[start..];
    let preface = &HTTP2_PREFACE[..candidate.len().min(HTTP2_PREFACE.len())];
    if !candidate.is_empty() && candidate.starts_with(preface) {
        return if candidate.len() >= HTTP2_PREFACE.len() {
            HeadParse::Invalid
        } else {
            HeadParse::Partial
        };
    }
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut slots);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => HeadParse::Complete {
            length,
            head: RawHead {
                method: request.method.unwrap_or_default().to_string(),
                target: request.path.unwrap_or_default().to_string(),
                headers: request
                    .headers
                    .iter()
                    .map(|h| (h.name.to_string(), crate::capture::header_text(h.value)))
                    .collect(),
                latin1: crate::capture::latin1_positions(request.headers.iter().map(|h| h.value)),
            },
        },
        Ok(httparse::Status::Partial) => HeadParse::Partial,
        Err(_) => HeadParse::Invalid,
    }
}

/// How the body after a head is framed (RFC 9112 section 6.3, for requests).
fn body_framing(method: &str, headers: &[(String, String)]) -> Framing {
    if method.eq_ignore_ascii_case("CONNECT")
        || headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("upgrade"))
    {
        return Framing::Stopped;
    }
    let transfer_encodings: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
        .map(|(_, v)| v.as_str())
        .collect();
    if !transfer_encodings.is_empty() {
        let last = transfer_encodings.join(",");
        let chunked_last = last
            .rsplit(',')
            .next()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("chunked"));
        // hyper rejects any other request framing with a transfer coding, closing the connection.
        return if chunked_last {
            Framing::Chunked(ChunkState::SizeLine)
        } else {
            Framing::Stopped
        };
    }
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.trim())
        .collect();
    match lengths.first() {
        None => Framing::Head,
        Some(first) => match first.parse::<u64>() {
            Ok(0) => Framing::Head,
            Ok(length) if lengths.iter().all(|l| l == first) => Framing::Length(length),
            _ => Framing::Stopped,
        },
    }
}

/// Skips chunked framing; returns the bytes used and whether the body ended. `line` collects the
/// chunk-size line across reads.
fn skip_chunked(state: &mut ChunkState, line: &mut Vec<u8>, data: &[u8]) -> (usize, bool) {
    let mut i = 0;
    while i < data.len() {
        match state {
            ChunkState::SizeLine => {
                let byte = data[i];
                i += 1;
                if byte == b'\n' {
                    let text = String::from_utf8_lossy(line);
                    let digits = text.split(';').next().unwrap_or("").trim();
                    let size = u64::from_str_radix(digits, 16).unwrap_or(0);
                    line.clear();
                    *state = if size == 0 {
                        ChunkState::Trailers(false)
                    } else {
                        ChunkState::Data(size)
                    };
                } else if line.len() < 4096 {
                    line.push(byte);
                }
            }
            ChunkState::Data(remaining) => {
                let skip = (*remaining).min((data.len() - i) as u64);
                *remaining -= skip;
                i += skip as usize;
                if *remaining == 0 {
                    *state = ChunkState::DataEnd;
                }
            }
            ChunkState::DataEnd => {
                let byte = data[i];
                i += 1;
                if byte == b'\n' {
                    *state = ChunkState::SizeLine;
                }
            }
            ChunkState::Trailers(has_content) => {
                let byte = data[i];
                i += 1;
                match byte {
                    b'\n' if !*has_content => return (i, true),
                    b'\n' => *has_content = false,
                    b'\r' => {}
                    _ => *has_content = true,
                }
            }
        }
    }
    (i, false)
}

/// A connection whose reads are shown to a [`HeadRecorder`] on their way to hyper.
/// Its reads also end in an error once the connection's header deadline has passed.
pub struct TeeStream<S> {
    inner: S,
    recorder: HeadRecorder,
    deadline: Arc<HeadClock>,
    /// The waker the deadline holds, so it is handed over only when it changes.
    deadline_waker: Option<std::task::Waker>,
}

impl<S> TeeStream<S> {
    pub fn new(inner: S, heads: RawHeads, deadline: Arc<HeadClock>) -> Self {
        TeeStream {
            inner,
            recorder: HeadRecorder::new(heads),
            deadline,
            deadline_waker: None,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for TeeStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.inner).poll_read(cx, buf);
        match &result {
            Poll::Ready(Ok(())) => this.recorder.feed(&buf.filled()[before..]),
            Poll::Ready(Err(_)) => {}
            Poll::Pending => {
                if !this
                    .deadline_waker
                    .as_ref()
                    .is_some_and(|w| w.will_wake(cx.waker()))
                {
                    this.deadline.register(cx.waker());
                    this.deadline_waker = Some(cx.waker().clone());
                }
                if this.deadline.expired() {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the request head did not arrive within --header-timeout",
                    )));
                }
            }
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TeeStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(chunks: &[&[u8]]) -> Vec<RawHead> {
        let heads: RawHeads = Default::default();
        let mut recorder = HeadRecorder::new(heads.clone());
        for chunk in chunks {
            recorder.feed(chunk);
        }
        let out = heads.lock().unwrap().drain(..).collect();
        out
    }

    #[test]
    fn keeps_case_and_interleaved_order_across_kept_alive_requests() {
        let wire = b"POST /a?x=1 HTTP/1.1\r\nX-B: 1\r\nhost: h\r\nX-b: 2\r\nContent-Length: 5\r\n\r\nhello\
GET /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-T: 1\r\n\r\n\
PUT /c HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        // Byte by byte, to cross every boundary.
        let bytes: Vec<&[u8]> = wire.chunks(1).collect();
        let heads = record(&bytes);
        assert_eq!(heads.len(), 3);
        assert_eq!(heads[0].target, "/a?x=1");
        assert_eq!(
            heads[0].headers,
            vec![
                ("X-B".into(), "1".into()),
                ("host".into(), "h".into()),
                ("X-b".into(), "2".into()),
                ("Content-Length".into(), "5".into())
            ]
        );
        assert_eq!(heads[1].method, "GET");
        assert_eq!(heads[2].method, "PUT");
    }

    #[test]
    fn stops_following_http2_and_garbage() {
        assert!(record(&[
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            b"GET / HTTP/1.1\r\n\r\n"
        ])
        .is_empty());
        assert!(record(&[b"\x00\x01garbage\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n"]).is_empty());
    }
}
