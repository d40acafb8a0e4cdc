//! Relay servers for `tests/relay.rs`, written as their sources behave: smee.io
//! (probot/smee.io's lib/server.js), gosmee (chmouel/gosmee's server.go, in its Redis mode,
//! which keeps event ids and resumes after `Last-Event-ID`), and webhook.site's API, each on a
//! free port of 127.0.0.1, plus HTTPS in front of any of them. Neither server is in a package
//! registry (gosmee is a Go program, smee.io a Node app that is not published), so these
//! stand-ins follow their sources line by line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use base64::Engine;
use serde_json::{Map, Value};

/// A request as a relay server reads it.
pub struct Incoming {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn read_request(stream: &mut BufReader<TcpStream>) -> Option<Incoming> {
    let mut line = String::new();
    stream.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        stream.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).ok()?;
    Some(Incoming {
        method,
        path,
        headers,
        body,
    })
}

pub fn answer(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(body);
}

/// One chunk of a chunked event stream.
pub fn chunk(stream: &mut TcpStream, text: &str) -> std::io::Result<()> {
    stream.write_all(format!("{:x}\r\n{text}\r\n", text.len()).as_bytes())?;
    stream.flush()
}

/// The events a relay server publishes, and its subscribers' progress.
#[derive(Default)]
pub struct Channel {
    /// (id, data) of every event published, in order.
    pub events: Vec<(String, String)>,
    /// Bumped to make every open stream end (a drop mid-stream).
    pub generation: u64,
    /// The `Last-Event-ID` of each stream request.
    pub last_event_ids: Vec<Option<String>>,
    /// gosmee's Redis stream was trimmed past the client's `Last-Event-ID`: it sends a
    /// `gosmee-gap` event and everything it still holds, from the start.
    pub trimmed: bool,
    pub streams_opened: usize,
}

pub type Shared = Arc<(Mutex<Channel>, Condvar)>;

pub fn publish(shared: &Shared, id: String, data: String) {
    let (lock, changed) = &**shared;
    lock.lock().unwrap().events.push((id, data));
    changed.notify_all();
}

pub fn drop_streams(shared: &Shared) {
    let (lock, changed) = &**shared;
    lock.lock().unwrap().generation += 1;
    changed.notify_all();
}

/// Writes events after position `from` until the generation changes; pings when idle.
pub fn stream_events(
    stream: &mut TcpStream,
    shared: &Shared,
    mut from: usize,
    ping: &dyn Fn(&mut TcpStream) -> std::io::Result<()>,
    frame: &dyn Fn(&str, &str) -> String,
) {
    let (lock, changed) = &**shared;
    let generation = lock.lock().unwrap().generation;
    loop {
        let pending: Vec<(String, String)> = {
            let guard = lock.lock().unwrap();
            let (guard, _) = changed
                .wait_timeout_while(guard, Duration::from_millis(300), |c| {
                    c.events.len() <= from && c.generation == generation
                })
                .unwrap();
            if guard.generation != generation {
                // A drop mid-stream: the connection closes without the chunked end.
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            let pending = guard.events[from..].to_vec();
            from = guard.events.len();
            pending
        };
        if pending.is_empty() {
            if ping(stream).is_err() {
                return;
            }
            continue;
        }
        for (id, data) in pending {
            if chunk(stream, &frame(&id, &data)).is_err() {
                return;
            }
        }
    }
}

/// A relay server on 127.0.0.1: `route` answers each request on its own thread.
pub fn serve(route: impl Fn(Incoming, TcpStream) + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let route = Arc::new(route);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let route = route.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                while let Some(request) = read_request(&mut reader) {
                    let keep = stream.try_clone().unwrap();
                    route(request, keep);
                }
            });
        }
    });
    port
}

pub const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n";

/// smee.io as probot/smee.io's lib/server.js serves it.
pub fn smee_server(shared: Shared) -> u16 {
    let port = Arc::new(Mutex::new(0u16));
    let own_port = port.clone();
    let served = serve(move |request, mut stream| {
        let port = *own_port.lock().unwrap();
        let channel = request
            .path
            .trim_start_matches('/')
            .split('?')
            .next()
            .unwrap_or("")
            .to_string();
        match (request.method.as_str(), channel.as_str()) {
            ("GET", "new") => answer(
                &mut stream,
                "307 Temporary Redirect",
                &[(
                    "Location",
                    &format!("http://127.0.0.1:{port}/SmeeChannel01"),
                )],
                b"",
            ),
            ("GET", _) if request.header("accept") == Some("text/event-stream") => {
                let _ = stream.write_all(STREAM_HEAD.as_bytes());
                // Ids count per connection, from 0, as `message_count` is per reply.
                let counter = Arc::new(Mutex::new(0u64));
                let next = {
                    let counter = counter.clone();
                    move || {
                        let mut c = counter.lock().unwrap();
                        *c += 1;
                        *c - 1
                    }
                };
                let ready = format!("id: {}\nevent: ready\ndata: {{}}\n\n", next());
                if chunk(&mut stream, &ready).is_err() {
                    return;
                }
                let from = shared.0.lock().unwrap().events.len();
                shared.0.lock().unwrap().streams_opened += 1;
                let ping_next = next.clone();
                stream_events(
                    &mut stream,
                    &shared,
                    from,
                    &move |s| {
                        chunk(
                            s,
                            &format!("id: {}\nevent: ping\ndata: {{}}\n\n", ping_next()),
                        )
                    },
                    &move |_, data| format!("id: {}\ndata: {data}\n\n", next()),
                );
            }
            ("GET", _) => answer(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=utf-8")],
                b"<html>webhooks</html>",
            ),
            ("POST", _) => {
                let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                    return answer(&mut stream, "400 Bad Request", &[], b"body must be object");
                };
                let mut payload = Map::new();
                for (name, value) in &request.headers {
                    payload.insert(name.to_ascii_lowercase(), Value::String(value.clone()));
                }
                payload.insert("body".into(), body);
                payload.insert("query".into(), Value::Object(Map::new()));
                payload.insert("timestamp".into(), Value::from(now_ms()));
                publish(&shared, String::new(), Value::Object(payload).to_string());
                answer(&mut stream, "200 OK", &[], b"");
            }
            _ => answer(&mut stream, "404 Not Found", &[], b""),
        }
    });
    *port.lock().unwrap() = served;
    served
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

pub const GOSMEE_CHANNEL: &str = "GosmeeChan01";

/// gosmee as chmouel/gosmee's server.go serves it (its Redis mode, which has event ids and
/// resumes after `Last-Event-ID`).
pub fn gosmee_server(shared: Shared) -> u16 {
    let port = Arc::new(Mutex::new(0u16));
    let own_port = port.clone();
    let served = serve(move |request, mut stream| {
        let port = *own_port.lock().unwrap();
        let path = request.path.clone();
        match (request.method.as_str(), path.as_str()) {
            ("GET", "/new") => answer(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain")],
                format!("http://127.0.0.1:{port}/{GOSMEE_CHANNEL}\n").as_bytes(),
            ),
            ("GET", p) if p == format!("/events/{GOSMEE_CHANNEL}") => {
                let last = request.header("last-event-id").map(str::to_string);
                let from = {
                    let mut channel = shared.0.lock().unwrap();
                    channel.last_event_ids.push(last.clone());
                    channel.streams_opened += 1;
                    match &last {
                        Some(_) if channel.trimmed => 0,
                        Some(id) => channel
                            .events
                            .iter()
                            .position(|(i, _)| i == id)
                            .map_or(0, |p| p + 1),
                        None => channel.events.len(),
                    }
                };
                let _ = stream.write_all(STREAM_HEAD.as_bytes());
                let _ = chunk(&mut stream, "data: {\"message\":\"connected\"}\n\n");
                let _ = chunk(&mut stream, "data: {\"message\":\"ready\"}\n\n");
                if last.is_some() && shared.0.lock().unwrap().trimmed {
                    let gap = "event: gosmee-gap\ndata: {\"error\":\"missed_history\"}\n\n";
                    let _ = chunk(&mut stream, gap);
                }
                stream_events(
                    &mut stream,
                    &shared,
                    from,
                    &|s| chunk(s, ": keepalive\n\n"),
                    &|id, data| format!("id: {id}\ndata: {data}\n\n"),
                );
            }
            ("POST", p) if p == format!("/{GOSMEE_CHANNEL}") => {
                gosmee_publish(&shared, request, &mut stream)
            }
            _ => answer(&mut stream, "404 Not Found", &[], b"404 page not found\n"),
        }
    });
    *port.lock().unwrap() = served;
    served
}

/// gosmee's POST to a channel: JSON only, the headers one value each, the raw body as `bodyB`,
/// the timestamp as a string; 202.
pub fn gosmee_publish(shared: &Shared, request: Incoming, stream: &mut TcpStream) {
    if !request
        .header("content-type")
        .unwrap_or("")
        .contains("application/json")
    {
        let why = b"content-type must be application/json";
        return answer(stream, "400 Bad Request", &[], why);
    }
    if serde_json::from_slice::<Value>(&request.body).is_err() {
        return answer(stream, "400 Bad Request", &[], b"invalid json");
    }
    let mut payload = Map::new();
    for (name, value) in &request.headers {
        payload.insert(name.to_ascii_lowercase(), Value::String(value.clone()));
    }
    payload.insert("timestamp".into(), Value::String(now_ms().to_string()));
    let raw = base64::engine::general_purpose::STANDARD.encode(&request.body);
    payload.insert("bodyB".into(), Value::String(raw));
    let id = format!(
        "{}-0",
        shared.0.lock().unwrap().events.len() + 1_700_000_000_000
    );
    publish(shared, id, Value::Object(payload).to_string());
    let body = br#"{"status":202,"message":"ok"}"#;
    answer(
        stream,
        "202 Accepted",
        &[("Content-Type", "application/json")],
        body,
    );
}

pub fn shared() -> Shared {
    Arc::new((Mutex::new(Channel::default()), Condvar::new()))
}

/// webhook.site's API: a token, and the request list with a 429 first.
pub fn webhook_site_server(
    requests: Arc<Mutex<Vec<Value>>>,
    seen_keys: Arc<Mutex<Vec<String>>>,
) -> u16 {
    let limited = Arc::new(Mutex::new(false));
    serve(move |request, mut stream| {
        if let Some(key) = request.header("api-key") {
            seen_keys.lock().unwrap().push(key.to_string());
        }
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/token") => answer(
                &mut stream,
                "201 Created",
                &[("Content-Type", "application/json")],
                br#"{"uuid":"tok-1","redirect":false}"#,
            ),
            ("GET", p) if p.starts_with("/token/tok-1/requests?sorting=newest") => {
                let mut limited = limited.lock().unwrap();
                if !*limited && !requests.lock().unwrap().is_empty() {
                    *limited = true;
                    return answer(
                        &mut stream,
                        "429 Too Many Requests",
                        &[("Retry-After", "1")],
                        b"",
                    );
                }
                let mut data: Vec<Value> = requests.lock().unwrap().clone();
                data.reverse();
                let page = serde_json::json!({"data": data, "total": data.len(), "per_page": 50, "current_page": 1, "is_last_page": true});
                answer(
                    &mut stream,
                    "200 OK",
                    &[("Content-Type", "application/json")],
                    page.to_string().as_bytes(),
                );
            }
            ("POST", p) if p.starts_with("/tok-1") => {
                let mut headers = Map::new();
                for (name, value) in &request.headers {
                    headers.insert(name.to_ascii_lowercase(), serde_json::json!([value]));
                }
                let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
                    .to_string()
                    .replace('T', " ")
                    .trim_end_matches('Z')
                    .to_string();
                let number = requests.lock().unwrap().len();
                requests.lock().unwrap().push(serde_json::json!({
                    "uuid": format!("req-{number}"), "type": "web", "token_id": "tok-1", "ip": "203.0.113.9",
                    "method": request.method, "url": format!("https://webhook.site{p}"), "query": null,
                    "headers": headers, "content": String::from_utf8_lossy(&request.body), "created_at": created,
                }));
                answer(&mut stream, "200 OK", &[], b"");
            }
            _ => answer(&mut stream, "404 Not Found", &[], b""),
        }
    })
}

/// HTTPS in front of a relay server on `port`: TLS with a certificate made now, the bytes
/// passed through. Returns its port and the certificate to trust.
pub fn tls_in_front_of(port: u16) -> (u16, String) {
    let tls = hookcli::http::tls::self_signed().unwrap();
    let pem = tls.certificate_pem.clone();
    let acceptor = tls.acceptor;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let tls_port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut secured) = acceptor.accept(socket).await else {
                        return;
                    };
                    let Ok(mut plain) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await
                    else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut secured, &mut plain).await;
                });
            }
        });
    });
    (tls_port, pem)
}
