//! `listen --relay` against relay servers written here as their sources behave: smee.io
//! (probot/smee.io: `GET /new` answers 307, the stream only for `Accept: text/event-stream`
//! exactly, `id:` lines counted per connection, `ready` and `ping` events, chunked), gosmee
//! (chmouel/gosmee: `GET /new` names the channel as text, events at `/events/CHANNEL` after
//! `{"message":"connected"}` and `{"message":"ready"}`, `bodyB`, keepalive comments, resuming
//! after `Last-Event-ID`), and webhook.site's API (`POST /token`, the request list, 429 with
//! `Retry-After`). Payloads are signed by `hookcli send --sign github` so that `--verify` runs
//! on both fidelities. Every socket is on 127.0.0.1; every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use common::{run, Listener};
use serde_json::{Map, Value};

/// A request as a relay server reads it.
struct Incoming {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &mut BufReader<TcpStream>) -> Option<Incoming> {
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

fn answer(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(body);
}

/// One chunk of a chunked event stream.
fn chunk(stream: &mut TcpStream, text: &str) -> std::io::Result<()> {
    stream.write_all(format!("{:x}\r\n{text}\r\n", text.len()).as_bytes())?;
    stream.flush()
}

/// The events a relay server publishes, and its subscribers' progress.
#[derive(Default)]
struct Channel {
    /// (id, data) of every event published, in order.
    events: Vec<(String, String)>,
    /// Bumped to make every open stream end (a drop mid-stream).
    generation: u64,
    /// The `Last-Event-ID` of each stream request.
    last_event_ids: Vec<Option<String>>,
    /// gosmee's Redis stream was trimmed past the client's `Last-Event-ID`: it sends a
    /// `gosmee-gap` event and everything it still holds, from the start.
    trimmed: bool,
    streams_opened: usize,
}

type Shared = Arc<(Mutex<Channel>, Condvar)>;

fn publish(shared: &Shared, id: String, data: String) {
    let (lock, changed) = &**shared;
    lock.lock().unwrap().events.push((id, data));
    changed.notify_all();
}

fn drop_streams(shared: &Shared) {
    let (lock, changed) = &**shared;
    lock.lock().unwrap().generation += 1;
    changed.notify_all();
}

/// Writes events after position `from` until the generation changes; pings when idle.
fn stream_events(
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
fn serve(route: impl Fn(Incoming, TcpStream) + Send + Sync + 'static) -> u16 {
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

const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n";

/// smee.io as probot/smee.io's lib/server.js serves it.
fn smee_server(shared: Shared) -> u16 {
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

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

const GOSMEE_CHANNEL: &str = "GosmeeChan01";

/// gosmee as chmouel/gosmee's server.go serves it (its Redis mode, which has event ids and
/// resumes after `Last-Event-ID`).
fn gosmee_server(shared: Shared) -> u16 {
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
fn gosmee_publish(shared: &Shared, request: Incoming, stream: &mut TcpStream) {
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

fn shared() -> Shared {
    Arc::new((Mutex::new(Channel::default()), Condvar::new()))
}

/// A GitHub-style payload with spaces a re-serializer drops, signed by `hookcli send`.
fn send_signed(url: &str, dir: &std::path::Path) {
    let file = dir.join("push.json");
    std::fs::write(
        &file,
        "{ \"action\": \"opened\", \"number\": 7, \"zeta\": true }",
    )
    .unwrap();
    let data = format!("@{}", file.display());
    let out = run(&[
        "send",
        url,
        "-d",
        &data,
        "-H",
        "X-GitHub-Event: push",
        "--sign",
        "github",
        "--secret",
        "k",
    ]);
    assert!(
        out.status.success(),
        "send failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--relay RELAY --json --verify github --secret k` and more: how most tests listen.
fn verifying<'a>(relay: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--relay", relay, "--json", "--verify", "github", "--secret", "k",
    ];
    args.extend_from_slice(more);
    args
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn records(listener: &Listener) -> Vec<Value> {
    listener
        .stdout_text()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn public_url(listener: &Listener) -> String {
    wait_until("the public URL", Duration::from_secs(10), || {
        listener.stderr_text().contains("Public URL: ")
    });
    let text = listener.stderr_text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Listening on "), "{text}");
    lines[1]
        .strip_prefix("Public URL: ")
        .expect("Public URL right after Listening on")
        .to_string()
}

#[test]
fn smee_captures_are_reserialized_and_their_signature_unverifiable() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = smee_server(shared.clone());
    let ready = dir.path().join("ready.json");
    let relay = format!("smee:http://127.0.0.1:{port}");
    let ready_path = ready.to_str().unwrap();
    let more = [
        "--count",
        "2",
        "--timeout",
        "30s",
        "--ready-file",
        ready_path,
        "--status",
        "202",
    ];
    let mut listener = Listener::start(None, &verifying(&relay, &more));
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/SmeeChannel01"));
    wait_until("the ready file", Duration::from_secs(10), || ready.exists());
    let written: Value = serde_json::from_slice(&std::fs::read(&ready).unwrap()).unwrap();
    assert_eq!(written["public_urls"], serde_json::json!([public]));
    // The stream is open before the start-up lines: what is sent now is delivered.
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(1);
    // A local request counts towards the same --count.
    send_signed(&format!("{}/local", listener.url), dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let records = records(&listener);
    assert_eq!(records.len(), 2);
    let relayed = &records[0];
    assert_eq!(relayed["relay"]["kind"], "smee");
    assert_eq!(relayed["relay"]["url"], public.as_str());
    assert_eq!(relayed["relay"]["fidelity"], "reserialized");
    assert_eq!(relayed["relay"]["event_id"], "1");
    assert_eq!(
        relayed["body"],
        r#"{"action":"opened","number":7,"zeta":true}"#
    );
    assert_eq!(relayed["path"], "/SmeeChannel01");
    assert_eq!(relayed["verification"]["ok"], Value::Null);
    assert_eq!(
        relayed["verification"]["reason"],
        "unverifiable: the relay re-serialized the body"
    );
    assert!(
        relayed.get("response").is_none(),
        "the relay answered the sender, not hookcli"
    );
    assert_eq!(records[1]["verification"]["ok"], true);
    assert!(records[1].get("relay").is_none());
    let stderr = listener.stderr_text();
    assert_eq!(
        stderr.matches("a relay has already answered").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn gosmee_captures_are_exact_verified_and_resume_after_a_drop() {
    let dir = tempfile::tempdir().unwrap();
    let (_store_dir, store) = common::temp_store();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/new");
    let mut listener = Listener::start(
        Some(&store),
        &verifying(&relay, &["--count", "3", "--timeout", "40s"]),
    );
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/{GOSMEE_CHANNEL}"));
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(1);
    // An event that is not the expected JSON: a warning naming it, and the stream goes on.
    publish(&shared, "1699999999999-0".into(), "not json".into());
    wait_until("the warning", Duration::from_secs(10), || {
        listener
            .stderr_text()
            .contains("event 1699999999999-0 is not the expected JSON")
    });
    let before = shared.0.lock().unwrap().events.len();
    drop_streams(&shared);
    wait_until("the disconnect warning", Duration::from_secs(10), || {
        listener.stderr_text().contains("disconnected")
    });
    // Sent while the stream is down: the server keeps it for Last-Event-ID.
    send_signed(&public, dir.path());
    assert_eq!(shared.0.lock().unwrap().events.len(), before + 1);
    wait_until("the reconnection", Duration::from_secs(15), || {
        listener.stderr_text().contains("reconnected")
    });
    listener.wait_for_stdout_lines(2);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let channel = shared.0.lock().unwrap();
    assert_eq!(
        channel.last_event_ids,
        [None, Some("1699999999999-0".to_string())]
    );
    let records = records(&listener);
    assert_eq!(records.len(), 3, "no event stored twice");
    for record in &records {
        assert_eq!(record["relay"]["kind"], "gosmee");
        assert_eq!(record["relay"]["fidelity"], "exact");
        assert_eq!(
            record["body"],
            "{ \"action\": \"opened\", \"number\": 7, \"zeta\": true }"
        );
        assert_eq!(record["verification"]["ok"], true, "{record}");
    }
    let ids: Vec<_> = records
        .iter()
        .map(|r| r["relay"]["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["1700000000000-0", "1700000000002-0", "1700000000003-0"]
    );
    assert_eq!(common::read_store(&store).len(), 3);
}

/// webhook.site's API: a token, and the request list with a 429 first.
fn webhook_site_server(
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

#[test]
fn webhook_site_is_polled_with_the_key_rate_limits_kept_and_each_request_once() {
    let dir = tempfile::tempdir().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let keys = Arc::new(Mutex::new(Vec::new()));
    let port = webhook_site_server(requests.clone(), keys.clone());
    let relay = format!("webhook.site:http://127.0.0.1:{port}");
    let mut listener = Listener::start_with(
        None,
        &verifying(
            &relay,
            &[
                "--relay-interval",
                "200ms",
                "--count",
                "2",
                "--timeout",
                "30s",
            ],
        ),
        |c| {
            c.env("HOOKCLI_WEBHOOK_SITE_KEY", "SECRETKEY123");
        },
    );
    let public = public_url(&listener);
    assert_eq!(public, format!("http://127.0.0.1:{port}/tok-1"));
    send_signed(&format!("{public}/hooks?x=1"), dir.path());
    listener.wait_for_stdout_lines(1);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let records = records(&listener);
    assert_eq!(records.len(), 2, "each uuid once");
    assert_eq!(records[0]["path"], "/tok-1/hooks");
    assert_eq!(records[0]["query"], "x=1");
    assert_eq!(records[0]["remote_addr"], "203.0.113.9");
    assert_eq!(records[0]["relay"]["event_id"], "req-0");
    assert_eq!(records[0]["relay"]["fidelity"], "exact");
    assert_eq!(records[0]["verification"]["ok"], true);
    let stderr = listener.stderr_text();
    assert!(
        stderr.contains("rate-limited (429); waiting 1s"),
        "{stderr}"
    );
    assert!(!stderr.contains("SECRETKEY123") && !listener.stdout_text().contains("SECRETKEY123"));
    assert!(
        keys.lock().unwrap().iter().all(|k| k == "SECRETKEY123")
            && !keys.lock().unwrap().is_empty()
    );
}

#[test]
fn a_relay_down_at_start_is_one_line_and_exit_3() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let relay = format!("gosmee:http://127.0.0.1:{closed}/SomeChannel1");
    let out = run(&["listen", "--port", "0", "--no-store", "--relay", &relay]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "hookcli: error: relay gosmee http://127.0.0.1:{closed}/SomeChannel1: "
        )),
        "{stderr}"
    );
}

#[test]
fn relays_are_named_by_kind_or_by_a_known_host() {
    for bad in ["https://example.com/abc", "gosmee", "tunnel"] {
        let out = run(&["listen", "--port", "0", "--no-store", "--relay", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let out = run(&[
        "listen",
        "--port",
        "0",
        "--no-store",
        "--relay",
        "https://example.com/abc",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("KIND:URL"));
}

#[test]
fn no_local_listens_on_no_port_and_bodies_over_the_limit_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/{GOSMEE_CHANNEL}");
    let mut child = common::hookcli()
        .args([
            "listen",
            "--no-store",
            "--no-local",
            "--relay",
            &relay,
            "--json",
            "--max-body",
            "20",
            "--timeout",
            "4s",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert_eq!(
        first.trim(),
        format!("Public URL: http://127.0.0.1:{port}/{GOSMEE_CHANNEL}")
    );
    send_signed(
        &format!("http://127.0.0.1:{port}/{GOSMEE_CHANNEL}"),
        dir.path(),
    );
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("over --max-body; not captured"), "{rest}");
    assert!(rest.contains("Captured 0 requests"), "{rest}");
}

#[test]
fn events_sent_again_after_a_reconnection_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = gosmee_server(shared.clone());
    let relay = format!("gosmee:http://127.0.0.1:{port}/{GOSMEE_CHANNEL}");
    let mut listener = Listener::start(
        None,
        &[
            "--relay",
            &relay,
            "--json",
            "--count",
            "3",
            "--timeout",
            "30s",
        ],
    );
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    send_signed(&public, dir.path());
    listener.wait_for_stdout_lines(2);
    shared.0.lock().unwrap().trimmed = true;
    drop_streams(&shared);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let ids: Vec<_> = records(&listener)
        .iter()
        .map(|r| r["relay"]["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["1700000000000-0", "1700000000001-0", "1700000000002-0"]
    );
    assert!(
        listener.stderr_text().contains("some may be lost"),
        "{} {:?}",
        listener.stderr_text(),
        shared.0.lock().unwrap().last_event_ids
    );
}

#[test]
fn the_printed_block_says_the_body_was_reserialized_and_forwarding_stores_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared();
    let port = smee_server(shared.clone());
    let app = Listener::start(None, &["--status", "201", "--quiet"]);
    let relay = format!("smee:http://127.0.0.1:{port}/SmeeChannel01");
    let mut listener = Listener::start(
        None,
        &[
            "--relay",
            &relay,
            "--count",
            "1",
            "--timeout",
            "30s",
            "--verify",
            "github",
            "--secret",
            "k",
            "--forward-to",
            &app.url,
            "--color",
            "never",
        ],
    );
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    let out = listener.stdout_text();
    assert!(
        out.contains(&format!("via smee {public} (event 1)")),
        "{out}"
    );
    assert!(out.contains("body re-serialized by the relay"), "{out}");
    assert!(
        out.contains("? signature (github) unverifiable: the relay re-serialized the body"),
        "{out}"
    );
    assert!(out.contains("forwarded, the target answered 201"), "{out}");
}

#[test]
fn ctrl_c_ends_every_source_and_counts_them_together() {
    let dir = tempfile::tempdir().unwrap();
    let (_store_dir, store) = common::temp_store();
    let gosmee_port = gosmee_server(shared());
    let gosmee = format!("gosmee:http://127.0.0.1:{gosmee_port}/{GOSMEE_CHANNEL}");
    let smee_port = smee_server(shared());
    let smee = format!("http://127.0.0.1:{smee_port}/SmeeChannel01");
    let smee_relay = format!("smee:{smee}");
    let args = ["--relay", &gosmee, "--relay", &smee_relay, "--quiet"];
    let mut listener = Listener::start(Some(&store), &args);
    let public = public_url(&listener);
    wait_until("both public URLs", Duration::from_secs(10), || {
        listener
            .stderr_text()
            .contains(&format!("Public URL: {smee}\n"))
    });
    send_signed(&public, dir.path());
    send_signed(&format!("{}/local", listener.url), dir.path());
    send_signed(&smee, dir.path());
    wait_until("three captures", Duration::from_secs(10), || {
        common::read_store(&store).len() == 3
    });
    let pid = listener.child.as_ref().unwrap().id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped promptly"
    );
    let stderr = listener.stderr_text();
    assert!(
        stderr.contains("Captured 3 requests; stored in"),
        "{stderr}"
    );
    let sources: Vec<_> = common::read_store(&store)
        .iter()
        .map(|r| r["relay"]["kind"].as_str().unwrap_or("local").to_string())
        .collect();
    assert_eq!(
        sources,
        ["gosmee", "local", "smee"],
        "one sequence for every source"
    );
}

/// The relay's stream and its channel request cross a real proxy (tinyproxy) when `--proxy`
/// names one; one that cannot be reached is the relay's exit 3 naming it.
#[test]
fn relays_are_reached_through_the_proxy_settings() {
    let Some(proxy) = common::tinyproxy::Tinyproxy::start(None) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = gosmee_server(shared());
    let relay = format!("gosmee:http://127.0.0.1:{port}");
    let proxy_url = proxy.url();
    let args = [
        "--relay",
        &relay,
        "--json",
        "--count",
        "1",
        "--timeout",
        "20s",
    ];
    let mut listener = Listener::start(None, &[&args[..], &["--proxy", &proxy_url]].concat());
    let public = public_url(&listener);
    send_signed(&public, dir.path());
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    assert_eq!(records(&listener).len(), 1);
    // `GET /new`, then the event stream.
    assert_eq!(proxy.crossings(), 2);
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = format!("http://127.0.0.1:{closed}");
    let args = [
        "listen",
        "--port",
        "0",
        "--no-store",
        "--relay",
        &relay,
        "--proxy",
        &proxy,
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{closed}")), "{stderr}");
}

/// HTTPS in front of a relay server on `port`: TLS with a certificate made now, the bytes
/// passed through. Returns its port and the certificate to trust.
fn tls_in_front_of(port: u16) -> (u16, String) {
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

#[test]
fn an_https_relay_is_trusted_with_cacert_as_the_shared_client_does() {
    let dir = tempfile::tempdir().unwrap();
    let port = smee_server(shared());
    let (tls_port, pem) = tls_in_front_of(port);
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pem).unwrap();
    let channel = format!("https://localhost:{tls_port}/SmeeChannel01");
    let relay = format!("smee:{channel}");
    let untrusted = run(&["listen", "--port", "0", "--no-store", "--relay", &relay]);
    assert_eq!(untrusted.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert!(stderr.contains("--cacert"), "{stderr}");
    let ca = ca.to_str().unwrap();
    let args = [
        "--relay",
        &relay,
        "--cacert",
        ca,
        "--json",
        "--count",
        "1",
        "--timeout",
        "20s",
    ];
    let mut listener = Listener::start(None, &args);
    assert_eq!(public_url(&listener), channel);
    let file = dir.path().join("event.json");
    std::fs::write(&file, r#"{"ok":true}"#).unwrap();
    let data = format!("@{}", file.display());
    let sent = run(&["send", &channel, "-d", &data, "--cacert", ca]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    assert_eq!(
        listener.wait(Duration::from_secs(20)),
        0,
        "{}",
        listener.stderr_text()
    );
    assert_eq!(records(&listener)[0]["relay"]["url"], channel.as_str());
}
