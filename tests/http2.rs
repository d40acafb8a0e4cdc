//! The client's HTTP/2: `--http2-prior-knowledge` to an http:// target and `--http2` (ALPN)
//! over TLS, against `hookcli listen` and against an independent server built on the `h2`
//! crate; replay keeps HTTP/1.1 unless asked.

mod common;

use common::*;

fn version_of(record: &serde_json::Value) -> &str {
    record["http_version"].as_str().unwrap()
}

#[test]
fn prior_knowledge_and_alpn_reach_listen_over_http2() {
    let (_dir, store) = temp_store();
    let plain = Listener::start(Some(&store), &["--quiet"]);
    let output = run(&[
        "send",
        &plain.url,
        "--http2-prior-knowledge",
        "--json",
        "-H",
        "X-Mixed: 1",
        "a=1",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["http_version"], "HTTP/2");
    let records = read_store(&store);
    assert_eq!(version_of(&records[0]), "HTTP/2");
    assert!(record_headers(&records[0])
        .iter()
        .any(|(n, _)| n == "x-mixed"));
    assert_eq!(records[0]["body"], r#"{"a":"1"}"#);

    let (_tls_dir, tls_store) = temp_store();
    let tls = Listener::start(Some(&tls_store), &["--quiet", "--tls"]);
    let https = tls.url.replace("http://", "https://");
    let offered = run(&["send", &https, "-k", "--http2", "--json", "a=1"]);
    assert!(
        offered.status.success(),
        "{}",
        String::from_utf8_lossy(&offered.stderr)
    );
    let default = run(&["send", &https, "-k", "--json", "a=1"]);
    let prior = run(&[
        "send",
        &https,
        "-k",
        "--http2-prior-knowledge",
        "--json",
        "a=1",
    ]);
    let prior: serde_json::Value = serde_json::from_slice(&prior.stdout).unwrap();
    assert_eq!(prior["http_version"], "HTTP/2", "prior knowledge over TLS");
    let versions: Vec<String> = read_store(&tls_store)
        .iter()
        .map(|r| version_of(r).to_string())
        .collect();
    assert_eq!(versions, ["HTTP/2", "HTTP/1.1", "HTTP/2"]);
    let answer: serde_json::Value = serde_json::from_slice(&default.stdout).unwrap();
    assert_eq!(answer["http_version"], "HTTP/1.1");

    let bulk = run(&[
        "send",
        &plain.url,
        "--http2-prior-knowledge",
        "--repeat",
        "20",
        "--concurrency",
        "2",
        "--json",
    ]);
    let summary: serde_json::Value = serde_json::from_slice(&bulk.stdout).unwrap();
    assert_eq!(summary["statuses"], serde_json::json!({"200": 20}));
}

#[test]
fn an_independent_http2_server_answers_the_client() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    runtime.spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut connection = h2::server::handshake(socket).await.unwrap();
                // The connection is polled by `accept` while each stream is served in a task
                // of its own: h2 moves a stream's data only while its connection is polled.
                while let Some(Ok((request, mut respond))) = connection.accept().await {
                    let record = record.clone();
                    tokio::spawn(async move {
                        let (parts, mut body) = request.into_parts();
                        let mut bytes = Vec::new();
                        while let Some(Ok(chunk)) = body.data().await {
                            let _ = body.flow_control().release_capacity(chunk.len());
                            bytes.extend_from_slice(&chunk);
                        }
                        record.lock().unwrap().push((
                            parts.method.to_string(),
                            parts.uri.to_string(),
                            String::from_utf8_lossy(&bytes).into_owned(),
                        ));
                        let response = http::Response::builder()
                            .status(201)
                            .header("x-server", "h2-crate")
                            .body(())
                            .unwrap();
                        let mut stream = respond.send_response(response, false).unwrap();
                        stream
                            .send_data(bytes::Bytes::from_static(b"from h2"), true)
                            .unwrap();
                    });
                }
            });
        }
    });
    let url = format!("http://127.0.0.1:{port}/hooks?x=1");
    let output = run(&["send", &url, "--http2-prior-knowledge", "--json", "a=1"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (&answer["status"], &answer["http_version"], &answer["body"]),
        (
            &serde_json::json!(201),
            &serde_json::json!("HTTP/2"),
            &serde_json::json!("from h2")
        )
    );
    assert!(answer["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h[0] == "x-server" && h[1] == "h2-crate"));
    assert_eq!(
        *seen.lock().unwrap(),
        [(
            "POST".to_string(),
            format!("http://127.0.0.1:{port}/hooks?x=1"),
            r#"{"a":"1"}"#.to_string()
        )]
    );
}

#[test]
fn replay_of_an_http2_capture_uses_http1_unless_asked() {
    let (_dir, store) = temp_store();
    let first = Listener::start(Some(&store), &["--quiet"]);
    let sent = run(&["send", &first.url, "--http2-prior-knowledge", "a=1"]);
    assert!(sent.status.success());
    let (_target_dir, target_store) = temp_store();
    let target = Listener::start(Some(&target_store), &["--quiet"]);
    let store_arg = store.to_str().unwrap();
    for extra in [None, Some("--http2-prior-knowledge")] {
        let mut args = vec!["replay", "last", "--store", store_arg, "--to", &target.url];
        args.extend(extra);
        let replayed = run(&args);
        assert!(
            replayed.status.success(),
            "{}",
            String::from_utf8_lossy(&replayed.stderr)
        );
    }
    let versions: Vec<String> = read_store(&target_store)
        .iter()
        .map(|r| version_of(r).to_string())
        .collect();
    assert_eq!(versions, ["HTTP/1.1", "HTTP/2"]);
}

#[test]
fn curl_lines_ask_for_the_same_http_version() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let line = run(&[
        "send",
        &listener.url,
        "--http2-prior-knowledge",
        "--curl",
        "a=1",
    ]);
    let line = String::from_utf8_lossy(&line.stdout).trim().to_string();
    assert!(line.contains(" --http2-prior-knowledge "), "{line}");
    let ran = std::process::Command::new("sh")
        .arg("-c")
        .arg(&line)
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert_eq!(version_of(&read_store(&store)[0]), "HTTP/2");
    let offered = run(&["send", &listener.url, "--http2", "--curl", "a=1"]);
    assert!(String::from_utf8_lossy(&offered.stdout).contains(" --http2 "));
    let default = run(&["send", &listener.url, "--curl", "a=1"]);
    assert!(String::from_utf8_lossy(&default.stdout).contains(" --http1.1 "));
}
