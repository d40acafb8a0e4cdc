//! Fixtures shared by the integration tests: the real binary, a listener started on a free port,
//! a raw HTTP/1.1 client, and store readers. Every socket is on 127.0.0.1.
#![allow(dead_code)]

pub mod tinyproxy;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The hookcli binary with a clean environment: no store, color or secret settings leak in.
pub fn hookcli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookcli"));
    for name in ["HOOKCLI_STORE", "NO_COLOR", "XDG_DATA_HOME", "CI"] {
        command.env_remove(name);
    }
    command.stdin(Stdio::null());
    command
}

/// Runs hookcli to completion with a time limit, reading its output as it comes (a child that
/// fills a pipe nobody reads would never finish).
pub fn run(args: &[&str]) -> Output {
    let mut child = hookcli()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcli starts");
    let stdout = collect(child.stdout.take().expect("stdout"));
    let stderr = collect(child.stderr.take().expect("stderr"));
    wait_with_limit(&mut child, Duration::from_secs(60));
    let status = child.wait().expect("hookcli exit status");
    // The readers finish once the pipes close.
    let deadline = Instant::now() + Duration::from_secs(5);
    while (Arc::strong_count(&stdout) > 1 || Arc::strong_count(&stderr) > 1)
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let take = |buffer: Arc<Mutex<Vec<u8>>>| std::mem::take(&mut *buffer.lock().unwrap());
    Output {
        status,
        stdout: take(stdout),
        stderr: take(stderr),
    }
}

fn wait_with_limit(child: &mut Child, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if child.try_wait().expect("try_wait").is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("hookcli did not finish within {limit:?}");
}

/// A running `hookcli listen --port 0`, killed when dropped.
pub struct Listener {
    pub child: Option<Child>,
    pub addr: String,
    pub url: String,
    pub stdout: Arc<Mutex<Vec<u8>>>,
    pub stderr: Arc<Mutex<Vec<u8>>>,
}

impl Listener {
    /// Starts a listener on a free port with the given store (None: --no-store) and arguments,
    /// and waits for its start-up line.
    pub fn start(store: Option<&Path>, args: &[&str]) -> Listener {
        Self::start_with(store, args, |_| {})
    }

    pub fn start_with(
        store: Option<&Path>,
        args: &[&str],
        configure: impl FnOnce(&mut Command),
    ) -> Listener {
        let mut command = hookcli();
        command.args(["listen", "--port", "0"]);
        match store {
            Some(path) => command.arg("--store").arg(path),
            None => command.arg("--no-store"),
        };
        command
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        configure(&mut command);
        let mut child = command.spawn().expect("hookcli listen starts");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr_pipe = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut lines = BufReader::new(stderr_pipe);
        let mut first = String::new();
        lines.read_line(&mut first).expect("the start-up line");
        stderr.lock().unwrap().extend_from_slice(first.as_bytes());
        let Some(url) = first
            .trim()
            .strip_prefix("Listening on ")
            .map(str::to_string)
        else {
            // Never leave a listener behind a failed test.
            let _ = child.kill();
            let _ = child.wait();
            panic!("unexpected start-up line: {first:?}");
        };
        let addr = url.trim_start_matches("http://").to_string();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut rest = Vec::new();
            let mut reader = lines;
            let mut buffer = [0u8; 4096];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        rest.extend_from_slice(&buffer[..n]);
                        sink.lock().unwrap().extend_from_slice(&buffer[..n]);
                    }
                }
            }
        });
        Listener {
            child: Some(child),
            addr,
            url,
            stdout,
            stderr,
        }
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Waits for the listener to exit by itself and returns its exit code.
    pub fn wait(&mut self, limit: Duration) -> i32 {
        let mut child = self.child.take().expect("still running");
        wait_with_limit(&mut child, limit);
        let status = child.wait().expect("wait");
        // Let the pipe readers drain.
        std::thread::sleep(Duration::from_millis(50));
        status.code().unwrap_or(-1)
    }

    /// Waits until stdout holds at least `lines` lines.
    pub fn wait_for_stdout_lines(&self, lines: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.stdout_text().lines().count() < lines {
            assert!(
                Instant::now() < deadline,
                "listener printed: {}",
                self.stdout_text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let out = Arc::new(Mutex::new(Vec::new()));
    let sink = out.clone();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink.lock().unwrap().extend_from_slice(&buffer[..n]),
            }
        }
    });
    out
}

/// A parsed HTTP/1.1 response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends raw bytes on a new connection and reads the response until the server closes it (the
/// request should say `Connection: close`).
pub fn send_raw(addr: &str, request: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(addr).expect("connect to the listener");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream.write_all(request).expect("send the request");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    parse_response(&response)
}

pub fn parse_response(bytes: &[u8]) -> RawResponse {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Response::new(&mut headers);
    let length = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => length,
        other => panic!(
            "not an HTTP response ({other:?}): {:?}",
            String::from_utf8_lossy(bytes)
        ),
    };
    RawResponse {
        status: parsed.code.unwrap(),
        headers: parsed
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_string(),
                    String::from_utf8_lossy(h.value).into_owned(),
                )
            })
            .collect(),
        body: bytes[length..].to_vec(),
    }
}

/// A POST with `Connection: close`, the given extra header lines and body.
pub fn post(addr: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> RawResponse {
    let mut request = format!("POST {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    send_raw(addr, &bytes)
}

/// Every line of a store, parsed.
pub fn read_store(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|line| serde_json::from_str(line).expect("every stored line is JSON"))
        .collect()
}

/// A header list of a record, as pairs.
pub fn record_headers(record: &serde_json::Value) -> Vec<(String, String)> {
    record["headers"]
        .as_array()
        .expect("headers is an array")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("captures.jsonl");
    (dir, path)
}

/// A kept-alive HTTP/1.1 client for load tests: one connection, requests one after another.
pub struct KeepAlive {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl KeepAlive {
    pub fn connect(addr: &str) -> std::io::Result<KeepAlive> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(15)))?;
        stream.set_nodelay(true)?;
        Ok(KeepAlive {
            stream,
            buffer: Vec::new(),
        })
    }

    /// POSTs a body and returns the status, or an error when the connection fails.
    pub fn post(&mut self, path: &str, body: &[u8]) -> std::io::Result<u16> {
        let mut request = format!("POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
        request.extend_from_slice(body);
        self.stream.write_all(&request)?;
        loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut response = httparse::Response::new(&mut headers);
            if let Ok(httparse::Status::Complete(head)) = response.parse(&self.buffer) {
                let status = response.code.unwrap_or(0);
                let length: usize = response
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| std::str::from_utf8(h.value).ok()?.parse().ok())
                    .unwrap_or(0);
                if self.buffer.len() >= head + length {
                    self.buffer.drain(..head + length);
                    return Ok(status);
                }
            }
            let mut chunk = [0u8; 8192];
            let read = self.stream.read(&mut chunk)?;
            if read == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "closed",
                ));
            }
            self.buffer.extend_from_slice(&chunk[..read]);
        }
    }
}

/// The resident memory of a process now, and at its peak, in KiB.
pub fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs hookcli with a terminal for standard input, output and error (a pty, through
/// util-linux's `script`), for what it does only on a terminal. Returns the exit code and what
/// the terminal showed (both streams, with CRLF line ends as a pty writes them).
pub fn run_in_terminal(args: &[&str], envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_hookcli"))
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    // `timeout` bounds a run that would otherwise wait forever on a terminal.
    let mut command = Command::new("timeout");
    command
        .args([
            "60",
            "script",
            "-q",
            "-e",
            "-c",
            &quoted.join(" "),
            "/dev/null",
        ])
        .env("COLUMNS", "120")
        .env("LINES", "40");
    for name in ["HOOKCLI_STORE", "NO_COLOR", "XDG_DATA_HOME", "CI"] {
        command.env_remove(name);
    }
    for (name, value) in envs {
        command.env(name, value);
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) starts");
    let output = child.wait_with_output().expect("script finishes");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}
