//! The listening side: binds, accepts, and serves each connection: HTTP/1.x by the hand-written
//! [`super::h1`] (which keeps each head as received), HTTP/2 (prior knowledge, or ALPN under TLS)
//! by hyper. Both hand the handler the same [`Arrival`]: a whole request, or one refused before
//! it could be read (too large, unreadable). On shutdown, idle connections close and in-flight
//! requests are answered.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Notify;

pub use super::arrival::{summary, Arrival, ReceivedRequest, Refusal, ServerResponse};
use super::deadline::HeadDeadlines;
use super::h1::{self, ConnectionContext, Outcome};
use crate::exit::Failure;

/// How a listener serves: TLS or not, how long a client may take to send a request head
/// before its connection is closed, and the largest body it reads.
pub struct ServerSettings {
    /// How long in-flight requests may take to finish once shutdown starts.
    pub shutdown_grace: Duration,
    pub tls: Option<tokio_rustls::TlsAcceptor>,
    pub header_timeout: Duration,
    pub max_body: u64,
}
/// The least time in-flight requests get to finish once shutdown starts.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Binds the listening socket, turning the common failures into one-line errors.
pub async fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
    // `[::1]`, as IPv6 addresses are written in URLs, is the address `::1`.
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let shown = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    match TcpListener::bind((host, port)).await {
        Ok(listener) => Ok(listener),
        Err(error) => {
            let message = match error.kind() {
                std::io::ErrorKind::AddrInUse => format!(
                    "port {port} on {host} is already in use; choose another with --port, or --port 0 for a free one"
                ),
                std::io::ErrorKind::PermissionDenied => format!(
                    "not allowed to listen on {shown} (ports below 1024 need privileges); choose another with --port"
                ),
                _ => {
                    // A host that is no address of this machine, or no address at all, is bad input.
                    let not_an_address = host.parse::<std::net::IpAddr>().is_err() || error.kind() == std::io::ErrorKind::AddrNotAvailable;
                    let message = format!("cannot listen on {shown}: {error}; check --host");
                    return Err(if not_an_address { Failure::usage(message) } else { Failure::io(message) }.into());
                }
            };
            Err(Failure::io(message).into())
        }
    }
}

/// The `http://HOST:PORT` a listener can be reached at.
pub fn base_url(listener: &TcpListener, tls: bool) -> anyhow::Result<String> {
    let address = listener
        .local_addr()
        .map_err(|e| Failure::io(format!("cannot read the listening address: {e}")))?;
    Ok(format!(
        "{}://{address}",
        if tls { "https" } else { "http" }
    ))
}

/// How long a TLS client may take to finish its handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves connections until `shutdown` completes, then waits (up to the settings' grace) for
/// in-flight requests to be answered. With `tls`, every connection is TLS first.
pub async fn serve<H, F>(
    listener: TcpListener,
    settings: ServerSettings,
    handler: H,
    shutdown: impl Future<Output = ()>,
) where
    H: Fn(Arrival) -> F + Send + Sync + 'static,
    F: Future<Output = ServerResponse> + Send + 'static,
{
    let shared = Arc::new(Shared {
        handler,
        max_body: settings.max_body,
        deadlines: HeadDeadlines::start(settings.header_timeout),
    });
    let graceful = GracefulShutdown::new();
    let open = OpenConnections::default();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(accepted) => accepted,
                    Err(_) => {
                        // Out of file descriptors or a connection reset before accept: back off
                        // briefly rather than spin, and keep serving.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let connection = Accepted {
                    shared: shared.clone(),
                    remote: remote.to_string().into(),
                    http2: graceful.watcher(),
                    _open: open.enter(),
                };
                let tls = settings.tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => connection.serve(stream).await,
                        Some(acceptor) => {
                            // The handshake runs in the connection's own task, so a slow client
                            // never holds up the accept loop.
                            if let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                                if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                                    connection.serve_http2(stream).await;
                                } else {
                                    connection.serve(stream).await;
                                }
                            }
                        }
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    shared.deadlines.close_idle();
    let _ = tokio::time::timeout(settings.shutdown_grace, async {
        graceful.shutdown().await;
        open.idle().await;
    })
    .await;
}

struct Shared<H> {
    handler: H,
    max_body: u64,
    /// The header timeout; at shutdown, closes idle HTTP/1 connections.
    deadlines: Arc<HeadDeadlines>,
}

/// One accepted connection and what serving it needs.
struct Accepted<H> {
    shared: Arc<Shared<H>>,
    remote: Arc<str>,
    /// Told to finish by hyper's graceful shutdown, should the connection be HTTP/2.
    http2: Watcher,
    _open: OpenConnection,
}

impl<H, F> Accepted<H>
where
    H: Fn(Arrival) -> F + Send + Sync + 'static,
    F: Future<Output = ServerResponse> + Send + 'static,
{
    async fn serve<S>(self, stream: S)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let shared = self.shared.clone();
        let context = ConnectionContext {
            handler: move |arrival| (shared.handler)(arrival),
            remote: self.remote.clone(),
            deadline: self.shared.deadlines.register(),
            max_body: self.shared.max_body,
        };
        if let Outcome::Http2(stream, read) = h1::serve(stream, context).await {
            self.serve_http2(Prefixed {
                read,
                inner: stream,
            })
            .await;
        }
    }

    async fn serve_http2<S>(self, stream: S)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let shared = self.shared.clone();
        let remote = self.remote.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let shared = shared.clone();
            let remote = remote.clone();
            async move {
                let arrival = received_from_hyper(request, remote, shared.max_body).await;
                let answer = (shared.handler)(arrival).await;
                if answer.abort {
                    return Err(Aborted);
                }
                Ok(hyper_response(answer))
            }
        });
        let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
        builder.timer(TokioTimer::new());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let _ = self.http2.watch(connection).await;
    }
}

/// The handler chose to give no answer; hyper resets the stream.
#[derive(Debug)]
struct Aborted;

impl std::fmt::Display for Aborted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("closed without an answer")
    }
}

impl std::error::Error for Aborted {}

/// An HTTP/2 request, read whole as the HTTP/1 side reads one.
async fn received_from_hyper(
    request: Request<Incoming>,
    remote: Arc<str>,
    max_body: u64,
) -> Arrival {
    let received_at = std::time::SystemTime::now();
    let (parts, mut body) = request.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    let summary = summary(parts.method.as_str(), &target, &remote);
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body) {
        return Arrival::Refused {
            summary,
            refusal: Refusal::TooLarge,
        };
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    if (bytes.len() + data.len()) as u64 > max_body {
                        return Arrival::Refused {
                            summary,
                            refusal: Refusal::TooLarge,
                        };
                    }
                    bytes.extend_from_slice(&data);
                }
            }
            Err(error) => {
                return Arrival::Refused {
                    summary,
                    refusal: Refusal::Unreadable(error.to_string()),
                }
            }
        }
    }
    // HTTP/2 carries the host as the :authority pseudo-header; it leads the list, as on the wire.
    let authority = parts.uri.authority().map(|a| a.as_str().as_bytes());
    let fields: Vec<(&str, &[u8])> = authority
        .map(|value| (":authority", value))
        .into_iter()
        .chain(
            parts
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes())),
        )
        .collect();
    let headers = fields
        .iter()
        .map(|(name, value)| (name.to_string(), crate::capture::header_text(value)))
        .collect();
    let latin1 = crate::capture::latin1_positions(fields.iter().map(|(_, v)| *v));
    Arrival::Request(ReceivedRequest {
        method: parts.method.as_str().to_string(),
        target,
        version: parts.version,
        headers,
        latin1,
        body: bytes,
        trailers: Vec::new(),
        latin1_trailers: Vec::new(),
        remote,
        received_at,
    })
}

fn hyper_response(answer: ServerResponse) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(answer.body));
    *response.status_mut() =
        http::StatusCode::from_u16(answer.status).unwrap_or(http::StatusCode::OK);
    let headers = response.headers_mut();
    for (name, value) in answer.headers.iter() {
        // Both were validated when the command line was parsed (HTTP/2 forbids Connection).
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    response
}

/// A stream whose first reads return bytes already read from it.
struct Prefixed<S> {
    read: Vec<u8>,
    inner: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for Prefixed<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if !this.read.is_empty() {
            let count = this.read.len().min(buf.remaining());
            buf.put_slice(&this.read[..count]);
            this.read.drain(..count);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Prefixed<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Counts open connections, so shutdown can wait for the last one.
#[derive(Default)]
struct OpenConnections {
    count: Arc<(AtomicUsize, Notify)>,
}

struct OpenConnection {
    count: Arc<(AtomicUsize, Notify)>,
}

impl OpenConnections {
    fn enter(&self) -> OpenConnection {
        self.count.0.fetch_add(1, Ordering::AcqRel);
        OpenConnection {
            count: self.count.clone(),
        }
    }

    async fn idle(&self) {
        loop {
            let notified = self.count.1.notified();
            if self.count.0.load(Ordering::Acquire) == 0 {
                return;
            }
            notified.await;
        }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        if self.count.0.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.count.1.notify_waiters();
        }
    }
}
