//! Request bodies that are written in pieces rather than held as one buffer: the interface
//! between what builds a large body (a multipart form of files) and a connection that writes it.
//!
//! A request whose body is streamed says `Content-Length: length()` in its head, and the HTTP/1
//! connection calls `write_to` on its stream after the head (HTTP/2 reads it whole). The trait
//! lives here, on the client's side, so that `http` needs nothing from the modules that build
//! bodies.

use std::future::Future;
use std::pin::Pin;

use tokio::io::AsyncWrite;

/// What writing a body returns: done, or the I/O error that stopped it.
pub type Written<'a> = Pin<Box<dyn Future<Output = std::io::Result<()>> + Send + 'a>>;

/// A body of a known, exact length, written through a bounded buffer.
pub trait StreamedBody: std::fmt::Debug + Send + Sync {
    /// The exact number of bytes `write_to` writes: what Content-Length says.
    fn length(&self) -> u64;

    /// Writes the whole body to `out`; an error when it cannot write exactly `length()` bytes.
    fn write_to<'a>(&'a self, out: &'a mut (dyn AsyncWrite + Unpin + Send)) -> Written<'a>;
}

/// A streamed body as a request would hold it: shared by every attempt and repetition, and
/// equal only to itself (two bodies of files are the same body when they are the same value).
#[derive(Debug, Clone)]
pub struct SharedBody(pub std::sync::Arc<dyn StreamedBody>);

impl PartialEq for SharedBody {
    fn eq(&self, other: &SharedBody) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedBody {}
