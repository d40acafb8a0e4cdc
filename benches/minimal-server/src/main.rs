//! A minimal hyper 1.x HTTP/1.1 server: reads each request body, answers 200 "ok". The ceiling
//! that benches/compare.sh measures hookcli against.
//!
//! `minimal-server PORT FILE` also appends each body and a newline to FILE: the least any store
//! can do (the body's bytes only, no record around them, in 64 KiB writes, answering without
//! waiting for the write), so its rate is an upper bound for any server that stores every body.
//! `minimal-server PORT FILE BYTES` pads each body with spaces to BYTES, the newline included:
//! given the length of hookcli's line for the same request, what writing that many bytes costs.
//! `minimal-server PORT FILE BYTES json` writes each body as a JSON string (escaped by
//! serde_json, as any JSON-lines store must write a JSON body) before the padding: what the
//! escaping adds to that floor.

use std::convert::Infallible;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

const FLUSH_AT: usize = 64 * 1024;

struct Appender {
    /// Each body is padded with spaces to this many bytes, the newline included.
    record_bytes: usize,
    /// Each body goes in as a JSON string, escaped.
    escaped: bool,
    buffer: Mutex<Vec<u8>>,
    file: Mutex<File>,
}

impl Appender {
    fn append(&self, body: &[u8]) {
        let full = {
            let mut buffer = self.buffer.lock().unwrap();
            let before = buffer.len();
            match std::str::from_utf8(body) {
                Ok(text) if self.escaped => serde_json::to_writer(&mut *buffer, text).expect("a string serializes"),
                _ => buffer.extend_from_slice(body),
            }
            let written = buffer.len() - before;
            let padded = buffer.len() + self.record_bytes.saturating_sub(written + 1);
            buffer.resize(padded, b' ');
            buffer.push(b'\n');
            if buffer.len() < FLUSH_AT {
                return;
            }
            std::mem::replace(&mut *buffer, Vec::with_capacity(FLUSH_AT * 2))
        };
        self.file.lock().unwrap().write_all(&full).expect("append");
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let port = args.next().unwrap_or_else(|| "0".into());
    let appender = args.next().map(|path| {
        let file = OpenOptions::new().create(true).append(true).open(&path).expect("open the file to append to");
        let record_bytes = args.next().map(|b| b.parse().expect("BYTES is a number")).unwrap_or(0);
        let escaped = args.next().as_deref() == Some("json");
        Arc::new(Appender { record_bytes, escaped, buffer: Mutex::new(Vec::with_capacity(FLUSH_AT * 2)), file: Mutex::new(file) })
    });
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await.expect("bind");
    eprintln!("Listening on http://{}", listener.local_addr().expect("address"));
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        let appender = appender.clone();
        tokio::spawn(async move {
            let service = service_fn(|request: Request<hyper::body::Incoming>| {
                let appender = appender.clone();
                async move {
                    let body = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                    if let Some(appender) = &appender {
                        appender.append(&body);
                    }
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"ok"))))
                }
            });
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
