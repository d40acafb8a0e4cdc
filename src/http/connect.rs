//! Opening a connection to a target: TCP directly, or through a proxy (an HTTP proxy's
//! `CONNECT` tunnel or absolute-form requests, or SOCKS5 through `tokio-socks`), then TLS when
//! the target is https. The target's certificate is checked the same way with or without a
//! proxy. Errors name the target or the proxy, never the proxy's credentials.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::proxy::{Proxy, ProxyKind};
use super::target::Target;
use super::wire::head as wire_head;

/// A connection's byte stream, whatever it runs over.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// Why no response came.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot connect to {address}: {}", crate::exit::plain_io(source))]
    Connect { address: String, source: io::Error },
    #[error("TLS with {address} failed: {reason} (--cacert FILE trusts its certificate; -k skips the check)")]
    Tls { address: String, reason: String },
    #[error("timed out waiting for the answer: no answer within {}", humantime::format_duration(*.0))]
    Timeout(Duration),
    #[error("timed out connecting: no connection within {} (--connect-timeout)", humantime::format_duration(*.0))]
    ConnectTimeout(Duration),
    #[error("stopped after {0} redirects (--max-redirs)")]
    TooManyRedirects(usize),
    #[error("the connection failed: {}", crate::exit::plain_io(.0))]
    Io(#[from] io::Error),
    #[error("the server closed the connection before answering")]
    Closed,
    #[error("the answer is not valid HTTP: {0}")]
    Protocol(String),
    /// The proxy could not be reached or would not carry the request; never its credentials.
    #[error("proxy {proxy} {reason}")]
    Proxy { proxy: String, reason: String },
}

/// Requests to an http target through an HTTP proxy: the target in absolute form, and the
/// proxy's credentials on every request.
#[derive(Debug, Clone)]
pub struct ForwardProxy {
    pub origin: String,
    pub authorization: Option<String>,
    /// `host:port` of the proxy, for an error that names it.
    pub address: String,
}

/// The longest answer head a proxy may give to `CONNECT`.
const MAX_TUNNEL_HEAD: usize = 64 * 1024;

pub async fn open_tcp(target: &Target) -> Result<TcpStream, ClientError> {
    let tcp = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|source| ClientError::Connect {
            address: target.origin(),
            source,
        })?;
    let _ = tcp.set_nodelay(true);
    Ok(tcp)
}

/// TLS with the target over `stream`, checking the target's certificate.
pub async fn tls_handshake(
    config: &Arc<rustls::ClientConfig>,
    target: &Target,
    stream: Box<dyn Io>,
) -> Result<tokio_rustls::client::TlsStream<Box<dyn Io>>, ClientError> {
    let name = rustls::pki_types::ServerName::try_from(target.host.clone()).map_err(|e| {
        ClientError::Tls {
            address: target.origin(),
            reason: e.to_string(),
        }
    })?;
    tokio_rustls::TlsConnector::from(config.clone())
        .connect(name, stream)
        .await
        .map_err(|e| ClientError::Tls {
            address: target.origin(),
            reason: e
                .into_inner()
                .map(|inner| inner.to_string())
                .unwrap_or_else(|| "handshake failed".into()),
        })
}

/// A stream to `target` through `proxy`, and for an http target behind an HTTP proxy, how its
/// requests are written.
pub async fn through_proxy(
    proxy: &Proxy,
    target: &Target,
) -> Result<(Box<dyn Io>, Option<ForwardProxy>), ClientError> {
    let failed = |reason: String| ClientError::Proxy {
        proxy: proxy.address(),
        reason,
    };
    match proxy.kind {
        ProxyKind::Http => {
            let mut tcp = TcpStream::connect((proxy.host.as_str(), proxy.port))
                .await
                .map_err(|e| failed(format!("cannot be reached: {e}")))?;
            let _ = tcp.set_nodelay(true);
            if target.https {
                tunnel(&mut tcp, proxy, target).await?;
                Ok((Box::new(tcp), None))
            } else {
                let forward = ForwardProxy {
                    origin: target.origin(),
                    authorization: proxy.authorization(),
                    address: proxy.address(),
                };
                Ok((Box::new(tcp), Some(forward)))
            }
        }
        ProxyKind::Socks5 | ProxyKind::Socks5h => {
            let stream = socks(proxy, target).await.map_err(failed)?;
            Ok((Box::new(stream), None))
        }
    }
}

/// `CONNECT host:port` through an HTTP proxy; any answer but 2xx is the proxy refusing.
async fn tunnel(tcp: &mut TcpStream, proxy: &Proxy, target: &Target) -> Result<(), ClientError> {
    let failed = |reason: String| ClientError::Proxy {
        proxy: proxy.address(),
        reason,
    };
    let authority = if target.host.contains(':') {
        format!("[{}]:{}", target.host, target.port)
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(credentials) = proxy.authorization() {
        head.push_str(&format!("Proxy-Authorization: {credentials}\r\n"));
    }
    head.push_str("\r\n");
    tcp.write_all(head.as_bytes())
        .await
        .map_err(|e| failed(format!("closed the tunnel: {e}")))?;
    let mut answer = Vec::with_capacity(1024);
    loop {
        let mut slots = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut slots);
        match wire_head::parse_response(&answer, &mut response, MAX_TUNNEL_HEAD) {
            Ok(Some(length)) => {
                let status = response.code.unwrap_or(0);
                if !(200..300).contains(&status) {
                    let reason = response.reason.unwrap_or("");
                    return Err(failed(format!("refused the tunnel: {status} {reason}")));
                }
                if length != answer.len() {
                    return Err(failed("sent bytes after accepting the tunnel".into()));
                }
                return Ok(());
            }
            Ok(None) => {}
            Err(error) => return Err(failed(format!("answered the tunnel badly: {error}"))),
        }
        let read = tcp
            .read_buf(&mut answer)
            .await
            .map_err(|e| failed(format!("closed the tunnel: {e}")))?;
        if read == 0 {
            return Err(failed(
                "closed the connection instead of opening the tunnel".into(),
            ));
        }
    }
}

/// A SOCKS5 connection: the target's name resolved here (`socks5`) or by the proxy
/// (`socks5h`).
async fn socks(
    proxy: &Proxy,
    target: &Target,
) -> Result<tokio_socks::tcp::Socks5Stream<TcpStream>, String> {
    let proxy_address = (proxy.host.as_str(), proxy.port);
    let connect = |destination: tokio_socks::TargetAddr<'static>| async move {
        match &proxy.credentials {
            Some((user, password)) => {
                tokio_socks::tcp::Socks5Stream::connect_with_password(
                    proxy_address,
                    destination,
                    user,
                    password,
                )
                .await
            }
            None => tokio_socks::tcp::Socks5Stream::connect(proxy_address, destination).await,
        }
    };
    let destination = match proxy.kind {
        ProxyKind::Socks5h => {
            tokio_socks::TargetAddr::Domain(target.host.clone().into(), target.port)
        }
        _ => {
            let address = tokio::net::lookup_host((target.host.as_str(), target.port))
                .await
                .ok()
                .and_then(|mut found| found.next())
                .ok_or_else(|| format!("cannot resolve {} for SOCKS5", target.host))?;
            tokio_socks::TargetAddr::Ip(address)
        }
    };
    connect(destination)
        .await
        .map_err(|e| format!("refused the connection: {e}"))
}
