//! HTTP/1.1 framing, written once for both sides: `listen`'s server and the client of `send`,
//! `replay` and `--forward-to`. Two parsers that split a byte stream into messages differently
//! are how requests get smuggled past a front proxy, so the server and the client apply the same
//! rules here: heads over `httparse` with CRLF line ends only ([`head`]), one Content-Length and
//! Transfer-Encoding rule ([`framing`]), one strict chunked decoder ([`chunked`]), and one list of
//! the headers that belong to a connection rather than to a message ([`hop`]). Everything here is
//! sans-I/O: it looks at bytes and says what they are, so it is tested without sockets and the
//! callers decide how to read.

pub mod chunked;
pub mod framing;
pub mod head;
pub mod hop;
pub mod syntax;
