//! The HTTP/1 wire rules, end to end: what an independent probe of both sides found. The
//! server side is a real `hookcli listen` fed raw bytes; the client side is a real `hookcli
//! send` (or a `listen --forward-to`) talking to a raw server of the test's own that answers
//! what a hostile or broken server would. Each case failed before the wire module.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;

/// Writes `request` in pieces of `step` bytes and reads the answer's status (0: none).
fn status_of(addr: &str, request: &[u8], step: usize) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    for piece in request.chunks(step) {
        if stream.write_all(piece).is_err() {
            break;
        }
        if step < request.len() {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    if answer.is_empty() {
        return 0;
    }
    parse_response(&answer).status
}

fn chunked(body_lines: &str) -> Vec<u8> {
    format!(
        "POST /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{body_lines}"
    )
    .into_bytes()
}

#[test]
fn the_server_refuses_heads_and_chunks_that_parsers_could_split_differently() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let refused: [&[u8]; 12] = [
        b"POST / HTTP/1.1\r\nHost: x\r\nDummy: x\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        // RFC 9112 section 3.2: exactly one Host in HTTP/1.1.
        b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nA: x\ry\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nA: x\0y\r\nConnection: close\r\n\r\n",
        &chunked("a \r\n0123456789\r\n0\r\n\r\n"),
        &chunked("2;\r\nhi\r\n0\r\n\r\n"),
        &chunked("2;a\0b\r\nhi\r\n0\r\n\r\n"),
        &chunked("2;a\rb\r\nhi\r\n0\r\n\r\n"),
        &chunked("2\r\nhi\r\n0\r\nNa\x01me: x\r\n\r\n"),
        &chunked("2\r\nhi\r\n0\r\nName: a\rb\r\n\r\n"),
        &chunked("+2\r\nhi\r\n0\r\n\r\n"),
    ];
    for request in refused {
        assert_eq!(
            status_of(&listener.addr, request, request.len()),
            400,
            "{:?}",
            String::from_utf8_lossy(request)
        );
    }
    assert!(
        read_store(&store).is_empty(),
        "nothing refused was captured"
    );
}

#[test]
fn the_chunk_line_limit_does_not_depend_on_how_tcp_splits_the_bytes() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let with_extension =
        |length: usize| chunked(&format!("1;x={}\r\nz\r\n0\r\n\r\n", "a".repeat(length)));
    let fits = with_extension(4000);
    let too_long = with_extension(5000);
    for step in [fits.len(), 1000] {
        assert_eq!(status_of(&listener.addr, &fits, step), 200, "step {step}");
    }
    for step in [too_long.len(), 1000] {
        assert_eq!(
            status_of(&listener.addr, &too_long, step),
            400,
            "step {step}"
        );
    }
}

#[test]
fn trailers_that_are_not_utf8_are_kept_byte_for_byte() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let mut request = chunked("2\r\nhi\r\n0\r\nX-Sum: caf");
    request.extend_from_slice(b"\xe9\r\nX-Plain: ok\r\n\r\n");
    assert_eq!(status_of(&listener.addr, &request, request.len()), 200);
    let records = read_store(&store);
    assert_eq!(records[0]["trailers"][0][1], "caf\u{e9}");
    assert_eq!(records[0]["latin1_trailers"], serde_json::json!([0]));
    assert_eq!(records[0]["trailers"][1][1], "ok");
}

/// A raw server: every request it reads (a head and a Content-Length body) is answered with
/// what `answer` gives for its number on the connection and the connection's number.
/// What a raw server answers to its Nth request on its Mth connection.
type Answer = fn(usize, usize) -> Vec<u8>;

fn raw_server(answer: Answer) -> (String, Arc<AtomicUsize>) {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    std::thread::spawn(move || {
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { break };
            let connection = counted.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut pending = Vec::new();
                let mut number = 0;
                let mut buffer = [0u8; 8192];
                loop {
                    while let Some(end) = request_end(&pending) {
                        pending.drain(..end);
                        if stream.write_all(&answer(number, connection)).is_err() {
                            return;
                        }
                        number += 1;
                    }
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(read) => pending.extend_from_slice(&buffer[..read]),
                    }
                }
            });
        }
    });
    (addr, connections)
}

/// Where the first whole request in `bytes` ends (head plus Content-Length body).
fn request_end(bytes: &[u8]) -> Option<usize> {
    let mut slots = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut slots);
    let httparse::Status::Complete(head) = request.parse(bytes).ok()? else {
        return None;
    };
    let length: usize = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .map(|h| String::from_utf8_lossy(h.value).trim().parse().unwrap())
        .unwrap_or(0);
    (bytes.len() >= head + length).then_some(head + length)
}

fn statuses_of_bulk_send(addr: &str, repeat: &str) -> serde_json::Value {
    let output = run(&[
        "send",
        &format!("http://{addr}/"),
        "--repeat",
        repeat,
        "--json",
        "--expect-status",
        "2xx,3xx",
    ]);
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("a summary: {}", String::from_utf8_lossy(&output.stderr)));
    summary["statuses"].clone()
}

#[test]
fn a_connection_with_bytes_after_its_answer_is_not_used_again() {
    // A 204 that carries a body shaped like a second answer, on every request.
    let (addr, connections) = raw_server(|_, _| {
        b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".to_vec()
    });
    assert_eq!(
        statuses_of_bulk_send(&addr, "3"),
        serde_json::json!({"204": 3}),
        "a stray 201 was counted as the next request's answer"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 3);

    // A Content-Length shorter than the body sent.
    let (addr, _) = raw_server(|number, _| {
        format!("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-N: {number}\r\n\r\nokHTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n")
            .into_bytes()
    });
    assert_eq!(
        statuses_of_bulk_send(&addr, "3"),
        serde_json::json!({"200": 3})
    );
}

#[test]
fn a_forwarded_request_never_gets_an_answer_meant_for_nobody() {
    // The app answers the first request of each connection twice; the second is a 302.
    let (app, _) = raw_server(|number, _| {
        if number == 0 {
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n".to_vec()
        } else {
            b"HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n".to_vec()
        }
    });
    let listener = Listener::start(None, &["--quiet", "--forward-to", &format!("http://{app}")]);
    for sender in 0..3 {
        let answer = post(&listener.addr, "/hook", &[], b"{}");
        assert_eq!(answer.status, 200, "sender {sender} got another's answer");
    }
}

#[test]
fn the_client_reads_responses_by_the_same_rules_as_the_server() {
    let cases: [(Answer, Option<&str>); 7] = [
        (
            |_, _| b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc".to_vec(),
            Some("Content-Length values that differ"),
        ),
        (
            |_, _| b"HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nab".to_vec(),
            Some("Content-Length is not a number"),
        ),
        (
            |_, _| {
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+2\r\nab\r\n0\r\n\r\n"
                    .to_vec()
            },
            Some("chunk size"),
        ),
        (
            |_, _| {
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n 2 \r\nab\r\n0\r\n\r\n"
                    .to_vec()
            },
            Some("chunk size"),
        ),
        (
            |_, _| b"HTTP/1.1 200 OK\nContent-Length: 2\n\nab".to_vec(),
            Some("bare LF"),
        ),
        (
            |_, _| {
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n".to_vec()
            },
            Some("without CR"),
        ),
        (
            |_, _| b"HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nab".to_vec(),
            None,
        ),
    ];
    for (answer, refusal) in cases {
        let (addr, _) = raw_server(answer);
        let output = run(&["send", &format!("http://{addr}/"), "a=1"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match refusal {
            Some(reason) => {
                assert_eq!(output.status.code(), Some(3), "{stderr}");
                assert!(stderr.contains(reason), "{reason:?} not in {stderr}");
            }
            None => {
                assert_eq!(output.status.code(), Some(0), "{stderr}");
                assert_eq!(output.stdout, b"ab");
            }
        }
    }
}

#[test]
fn bulk_sends_count_answer_bodies_without_holding_them() {
    // Each answer is 200 MiB; two at once, held, would be 400 MiB.
    const BODY: usize = 200 << 20;
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let ready = Arc::new(AtomicUsize::new(0));
    let go = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ready_seen, go_given) = (ready.clone(), go.clone());
    std::thread::spawn(move || {
        for stream in server.incoming().take(2) {
            let mut stream = stream.unwrap();
            let (ready, go) = (ready_seen.clone(), go_given.clone());
            std::thread::spawn(move || {
                let mut pending = Vec::new();
                let mut buffer = [0u8; 8192];
                while request_end(&pending).is_none() {
                    let read = stream.read(&mut buffer).unwrap();
                    pending.extend_from_slice(&buffer[..read]);
                }
                let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {BODY}\r\n\r\n");
                stream.write_all(head.as_bytes()).unwrap();
                let block = vec![b'x'; 1 << 20];
                for _ in 0..BODY / block.len() - 1 {
                    stream.write_all(&block).unwrap();
                }
                stream.write_all(&block[1..]).unwrap();
                // All but the last byte sent: the client's peak is read before it ends.
                ready.fetch_add(1, Ordering::SeqCst);
                while !go.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                let _ = stream.write_all(b"x");
                let _ = stream.read(&mut buffer);
            });
        }
    });
    let child = hookcli()
        .args([
            "send",
            &format!("http://{addr}/"),
            "--repeat",
            "2",
            "--concurrency",
            "2",
            "--json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while ready.load(Ordering::SeqCst) < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let the client read what is still in the sockets, then read its peak.
    std::thread::sleep(Duration::from_millis(300));
    let peak_kib = memory_kib(child.id()).1;
    go.store(true, Ordering::SeqCst);
    let output = child.wait_with_output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(summary["statuses"], serde_json::json!({"200": 2}));
    assert!(
        peak_kib > 0 && peak_kib < 64 * 1024,
        "the bulk send held its answers: peak {peak_kib} KiB"
    );
}
