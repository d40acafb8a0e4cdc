//! The HTTP server loop: binds, accepts, serves HTTP/1.1 (keep-alive, chunked) and HTTP/2 (prior
//! knowledge) through hyper, and on shutdown lets in-flight requests finish.
//!
//! Each connection's reads pass through the raw-head recorder, so a handler gets the request head
//! as received alongside hyper's parsed request. Slow clients are bounded by the header timeout
//! of [`super::deadline`]; malformed requests get hyper's 400 and never reach the handler.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::TcpListener;

use super::deadline::{HeadClock, HeadDeadlines};
use super::tee::{RawHead, RawHeads, TeeStream};
use crate::exit::Failure;

/// How a listener serves: TLS or not, and how long a client may take to send a request head
/// before its connection is closed.
pub struct ServerSettings {
    /// How long in-flight requests may take to finish once shutdown starts.
    pub shutdown_grace: Duration,
    pub tls: Option<tokio_rustls::TlsAcceptor>,
    pub header_timeout: Duration,
}
/// The least time in-flight requests get to finish once shutdown starts.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A request as the handler sees it.
pub struct IncomingRequest {
    pub request: Request<Incoming>,
    /// The client's address as text (`127.0.0.1:50312`), formatted once per connection.
    pub remote: Arc<str>,
    /// The head as received (HTTP/1 only), with original header case and order.
    pub raw_head: Option<RawHead>,
}

/// Binds the listening socket, turning the common failures into one-line errors.
pub async fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
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

/// Serves connections until `shutdown` completes, then waits (up to [`SHUTDOWN_GRACE`]) for
/// in-flight requests to be answered. With `tls`, every connection is TLS first.
pub async fn serve<H, F>(
    listener: TcpListener,
    settings: ServerSettings,
    handler: H,
    shutdown: impl Future<Output = ()>,
) where
    H: Fn(IncomingRequest) -> F + Send + Sync + 'static,
    F: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    let handler = Arc::new(handler);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // No hyper timer for HTTP/1: the header timeout is kept by `deadlines`, far cheaper.
    builder.http1().keep_alive(true);
    builder.http2().timer(TokioTimer::new());
    let deadlines = HeadDeadlines::start(settings.header_timeout);
    let graceful = GracefulShutdown::new();
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
                let connection = Connection { builder: builder.clone(), watcher: graceful.watcher(), handler: handler.clone(), remote: remote.to_string().into(), deadline: deadlines.register() };
                match &settings.tls {
                    None => connection.serve(stream),
                    Some(acceptor) => {
                        let acceptor = acceptor.clone();
                        tokio::spawn(async move {
                            // The handshake runs in the connection's own task, so a slow client
                            // never holds up the accept loop.
                            if let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                                connection.serve(stream);
                            }
                        });
                    }
                }
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(settings.shutdown_grace, graceful.shutdown()).await;
}

/// One accepted connection and what serving it needs.
struct Connection<H> {
    builder: auto::Builder<TokioExecutor>,
    watcher: Watcher,
    handler: Arc<H>,
    remote: Arc<str>,
    deadline: Arc<HeadClock>,
}

impl<H, F> Connection<H>
where
    H: Fn(IncomingRequest) -> F + Send + Sync + 'static,
    F: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    /// Serves HTTP/1.1 or HTTP/2 on a stream, with its reads shown to the head recorder.
    fn serve<S>(self, stream: S)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let heads: RawHeads = Default::default();
        let deadline = self.deadline;
        let io = TokioIo::new(TeeStream::new(stream, heads.clone(), deadline.clone()));
        let handler = self.handler;
        let remote = self.remote;
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            if request.version() >= http::Version::HTTP_2 {
                deadline.exempt();
            }
            let in_flight = deadline.request_started();
            let raw_head = take_raw_head(&heads, &request);
            let response = handler(IncomingRequest {
                request,
                remote: remote.clone(),
                raw_head,
            });
            async move {
                let response = response.await;
                drop(in_flight);
                Ok::<_, Infallible>(response)
            }
        });
        let connection = self
            .watcher
            .watch(self.builder.serve_connection(io, service).into_owned());
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}

/// The recorded head for an HTTP/1 request, when the recorder followed the connection.
fn take_raw_head(heads: &RawHeads, request: &Request<Incoming>) -> Option<RawHead> {
    if request.version() >= http::Version::HTTP_2 {
        return None;
    }
    let mut queue = heads.lock().unwrap_or_else(|p| p.into_inner());
    let head = queue.pop_front()?;
    if head.method == request.method().as_str() {
        Some(head)
    } else {
        // The recorder lost track of this connection: trust hyper from here on.
        queue.clear();
        None
    }
}
