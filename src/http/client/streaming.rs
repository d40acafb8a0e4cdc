//! A response read as it arrives rather than whole: the head first, then the body in pieces
//! as the server sends them. A relay's Server-Sent Events stream never ends, so `exchange`,
//! which holds a whole body, cannot read it. HTTP/1.1 only.

use bytes::Bytes;

use super::{ClientError, Connection, ReceivedResponse, WireRequest};
use crate::http::wire::chunked::ChunkedDecoder;
use crate::http::wire::framing::Framing;

/// Where the body of a streamed response stands.
enum Remaining {
    Length(u64),
    Chunked(Box<ChunkedDecoder>),
    UntilClose,
    Done,
}

/// A response whose body is read piece by piece; it owns its connection.
pub struct StreamedResponse {
    connection: Connection,
    remaining: Remaining,
}

impl Connection {
    /// Sends `request` and reads the answer's head; the body is read with
    /// [`StreamedResponse::next_piece`].
    pub async fn send_streaming(
        mut self,
        request: &WireRequest,
    ) -> Result<(ReceivedResponse, StreamedResponse), ClientError> {
        if self.h2.is_some() {
            return Err(ClientError::Protocol(
                "a streamed answer needs HTTP/1.1".into(),
            ));
        }
        self.used = true;
        let mut out = Vec::new();
        match &self.forward_proxy {
            None => request.write_head(&mut out),
            Some(proxy) => {
                request.write_head_via(&mut out, &proxy.origin, proxy.authorization.as_deref())
            }
        }
        out.extend_from_slice(&request.body);
        tokio::io::AsyncWriteExt::write_all(&mut self.stream, &out).await?;
        tokio::io::AsyncWriteExt::flush(&mut self.stream).await?;
        let (head, framing) = loop {
            let (head, framing) = self.read_head(&request.method).await?;
            if !(100..200).contains(&head.status) {
                break (head, framing);
            }
        };
        let remaining = match framing {
            Framing::Empty => Remaining::Done,
            Framing::Length(length) => Remaining::Length(length),
            Framing::Chunked => Remaining::Chunked(Box::new(ChunkedDecoder::new(u64::MAX))),
            Framing::UntilClose => Remaining::UntilClose,
        };
        Ok((
            head,
            StreamedResponse {
                connection: self,
                remaining,
            },
        ))
    }
}

impl StreamedResponse {
    /// The next piece of the body as it arrived; None at its end. A body cut short is an error.
    pub async fn next_piece(&mut self) -> Result<Option<Bytes>, ClientError> {
        loop {
            let connection = &mut self.connection;
            let piece = match &mut self.remaining {
                Remaining::Done => return Ok(None),
                Remaining::Length(0) => {
                    self.remaining = Remaining::Done;
                    return Ok(None);
                }
                Remaining::Length(left) => {
                    let take = connection.pending().len().min(*left as usize);
                    let piece = Bytes::copy_from_slice(&connection.pending()[..take]);
                    connection.consume(take);
                    *left -= take as u64;
                    piece
                }
                Remaining::Chunked(decoder) => {
                    let mut piece = Vec::new();
                    let used = decoder
                        .decode(connection.pending(), &mut |data: &[u8]| {
                            piece.extend_from_slice(data)
                        })
                        .map_err(|error| ClientError::Protocol(error.to_string()))?;
                    connection.consume(used);
                    if decoder.is_done() && piece.is_empty() {
                        self.remaining = Remaining::Done;
                        return Ok(None);
                    }
                    Bytes::from(piece)
                }
                Remaining::UntilClose => {
                    let piece = Bytes::copy_from_slice(connection.pending());
                    connection.consume(piece.len());
                    piece
                }
            };
            if !piece.is_empty() {
                return Ok(Some(piece));
            }
            if !self.connection.fill().await? {
                return match self.remaining {
                    Remaining::UntilClose => Ok(None),
                    _ => Err(ClientError::Protocol("the stream was cut short".into())),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use crate::http::client::{Client, Target, WireRequest};
    use crate::http::tls::TlsOptions;

    /// Serves one answer, written in two parts with a pause, and reads it piece by piece.
    async fn pieces_of(answer: &'static [&'static [u8]]) -> Vec<u8> {
        let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = server.accept().await.unwrap();
            let mut buffer = vec![0u8; 4096];
            let _ = socket.read(&mut buffer).await.unwrap();
            for part in answer {
                socket.write_all(part).await.unwrap();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        let target = Target::parse(&format!("http://127.0.0.1:{port}/events")).unwrap();
        let client = Client::new(&target, &TlsOptions::default(), Duration::from_secs(5)).unwrap();
        let request = WireRequest::new(
            "GET".into(),
            "/events".into(),
            Vec::new(),
            Default::default(),
        )
        .unwrap();
        let connection = client.connect(&target).await.unwrap();
        let (head, mut body) = connection.send_streaming(&request).await.unwrap();
        assert_eq!(head.status, 200);
        let mut all = Vec::new();
        while let Some(piece) = body.next_piece().await.unwrap() {
            all.extend_from_slice(&piece);
        }
        all
    }

    #[tokio::test]
    async fn streamed_bodies_arrive_by_every_framing() {
        let chunked: &[&[u8]] = &[
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nid: 1",
            b"\r\n3\r\n\n\n\n\r\n0\r\n\r\n",
        ];
        assert_eq!(pieces_of(chunked).await, b"id: 1\n\n\n");
        let length: &[&[u8]] = &[b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab", b"cdef"];
        assert_eq!(pieces_of(length).await, b"abcdef");
        let until_close: &[&[u8]] = &[b"HTTP/1.0 200 OK\r\n\r\ndata: x\n", b"\n"];
        assert_eq!(pieces_of(until_close).await, b"data: x\n\n");
    }
}
