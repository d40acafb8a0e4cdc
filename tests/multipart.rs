//! `send --multipart` end to end: forms sent to a real `hookcli listen` on 127.0.0.1, stored,
//! shown as parts, and parsed from the stored bytes by an independent parser (Python's standard
//! `email` package); curl's own form from the `--curl` line; and the refusals.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// One part as Python's `email` package reads it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct ParsedPart {
    name: Option<String>,
    filename: Option<String>,
    /// The part's Content-Type, `text/plain` when it has none (the multipart default).
    content_type: String,
    bytes: Vec<u8>,
}

const PARSER: &str = r#"
import base64, email, email.policy, json, sys
content_type = sys.argv[1].encode()
body = sys.stdin.buffer.read()
message = email.message_from_bytes(
    b"MIME-Version: 1.0\r\nContent-Type: " + content_type + b"\r\n\r\n" + body,
    policy=email.policy.HTTP,
)
assert message.is_multipart(), "not a multipart body"
assert not message.defects, f"defects: {message.defects}"
parts = []
for part in message.iter_parts():
    assert not part.defects, f"part defects: {part.defects}"
    parts.append({
        "name": part.get_param("name", header="content-disposition"),
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        "bytes": list(part.get_payload(decode=True)),
    })
print(json.dumps(parts))
"#;

/// The parts of a multipart body, by Python's `email` package.
fn python_parts(content_type: &str, body: &[u8]) -> Vec<ParsedPart> {
    let mut child = Command::new("python3")
        .args(["-c", PARSER, content_type])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python's email parser: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the parser's JSON")
}

/// The Content-Type and the exact body of a stored record.
fn stored(record: &serde_json::Value) -> (String, Vec<u8>) {
    let content_type = record_headers(record)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value)
        .expect("a Content-Type");
    let body = hookcli::capture::decode_body(
        record["body"].as_str().unwrap(),
        serde_json::from_value(record["body_encoding"].clone()).unwrap(),
    )
    .unwrap()
    .into_owned();
    (content_type, body)
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A UTF-8 text file, a file of all 256 byte values (CR, LF and `--` among them), and the
/// items that send them with a text part.
struct Files {
    dir: tempfile::TempDir,
    text: Vec<u8>,
    binary: Vec<u8>,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        let text = "Grüße, wörld ✓\r\nline two\n--not a boundary\n"
            .as_bytes()
            .to_vec();
        let binary: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        std::fs::write(dir.path().join("notes.txt"), &text).unwrap();
        std::fs::write(dir.path().join("bytes.bin"), &binary).unwrap();
        Files { dir, text, binary }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn items(&self) -> Vec<String> {
        vec![
            "title=Ünïcode \"quoted\" value".to_string(),
            format!("doc@{}", self.path("notes.txt")),
            format!("blob@{}", self.path("bytes.bin")),
            format!("picture@{};type=image/png", self.path("bytes.bin")),
        ]
    }

    fn expected(&self) -> Vec<ParsedPart> {
        let part =
            |name: &str, filename: Option<&str>, content_type: &str, bytes: &[u8]| ParsedPart {
                name: Some(name.into()),
                filename: filename.map(str::to_string),
                content_type: content_type.into(),
                bytes: bytes.to_vec(),
            };
        vec![
            part(
                "title",
                None,
                "text/plain",
                "Ünïcode \"quoted\" value".as_bytes(),
            ),
            part("doc", Some("notes.txt"), "text/plain", &self.text),
            part(
                "blob",
                Some("bytes.bin"),
                "application/octet-stream",
                &self.binary,
            ),
            part("picture", Some("bytes.bin"), "image/png", &self.binary),
        ]
    }
}

fn send_args<'a>(url: &'a str, items: &'a [String], extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["send", url, "--multipart"];
    args.extend(items.iter().map(String::as_str));
    args.extend_from_slice(extra);
    args
}

/// A listening `hookcli listen --store` that has captured the form of [`Files::items`].
struct Sent {
    _store_dir: tempfile::TempDir,
    store: std::path::PathBuf,
    _listener: Listener,
    url: String,
    items: Vec<String>,
}

fn send_the_form(files: &Files) -> Sent {
    let (store_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let url = format!("{}/upload", listener.url);
    let items = files.items();
    let output = run(&send_args(&url, &items, &["-q"]));
    assert!(output.status.success(), "{}", stderr(&output));
    Sent {
        _store_dir: store_dir,
        store,
        _listener: listener,
        url,
        items,
    }
}

#[test]
fn a_form_round_trips_through_listen_show_and_an_independent_parser() {
    let files = Files::new();
    let Sent { store, .. } = &send_the_form(&files);

    let records = read_store(store);
    assert_eq!(records.len(), 1);
    let (content_type, body) = stored(&records[0]);
    assert!(
        content_type.starts_with("multipart/form-data; boundary=hookcli-"),
        "{content_type}"
    );
    assert_eq!(python_parts(&content_type, &body), files.expected());

    let store_arg = store.display().to_string();
    let shown = run(&["show", "last", "--store", &store_arg]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let shown = String::from_utf8_lossy(&shown.stdout);
    for line in [
        "part 1  name=title  type=text/plain (default)",
        "part 2  name=doc  filename=notes.txt  type=text/plain",
        "part 3  name=blob  filename=bytes.bin  type=application/octet-stream  512 bytes",
        "part 4  name=picture  filename=bytes.bin  type=image/png  512 bytes",
        "    Grüße, wörld ✓",
    ] {
        assert!(shown.contains(line), "`{line}` not in:\n{shown}");
    }
}

#[test]
fn the_curl_line_sends_the_same_parts_through_real_curl() {
    let files = Files::new();
    let Sent {
        store, url, items, ..
    } = &send_the_form(&files);
    let line = run(&send_args(url, items, &["--curl"]));
    assert!(line.status.success(), "{}", stderr(&line));
    let line = String::from_utf8(line.stdout).unwrap();
    assert!(line.contains(" --form "), "{line}");
    let curl = Command::new("sh")
        .args(["-c", line.trim()])
        .current_dir(files.dir.path())
        .output()
        .expect("sh runs the curl line");
    assert!(curl.status.success(), "{line}: {}", stderr(&curl));

    let records = read_store(store);
    assert_eq!(records.len(), 2);
    let (ours_type, ours) = stored(&records[0]);
    let (curls_type, curls) = stored(&records[1]);
    // curl draws its own boundary, so the bytes differ; the parts may not.
    assert!(!curls_type.contains("hookcli-"), "{curls_type}");
    assert_eq!(
        python_parts(&curls_type, &curls),
        python_parts(&ours_type, &ours)
    );
    assert_eq!(python_parts(&curls_type, &curls), files.expected());
}

#[test]
fn dry_run_prints_the_exact_request_and_sends_nothing() {
    let files = Files::new();
    let (_store_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let items = files.items();
    let output = run(&send_args(&listener.url, &items, &["--dry-run"]));
    assert!(output.status.success(), "{}", stderr(&output));
    let split = memchr::memmem::find(&output.stdout, b"\r\n\r\n").expect("a head") + 4;
    let (head, body) = output.stdout.split_at(split);
    let head = String::from_utf8_lossy(head);
    let header = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in {head}"))
            .to_string()
    };
    assert_eq!(header("Content-Length"), body.len().to_string());
    assert_eq!(
        python_parts(&header("Content-Type"), body),
        files.expected()
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(read_store(&store).is_empty(), "a dry run sent something");
}

#[test]
fn data_with_a_multipart_form_is_refused_with_a_pointer_to_items() {
    let files = Files::new();
    let at_file = format!("@{}", files.path("notes.txt"));
    for args in [
        vec!["--multipart", "-d", at_file.as_str()],
        vec!["--format", "multipart", "-d", "a=1"],
        vec!["--format", "multipart", "--template", "github.ping"],
    ] {
        let mut all = vec!["send", "http://127.0.0.1:9/never"];
        all.extend(args.iter().copied());
        let output = run(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.contains("name=value") && message.contains("name@path"),
            "{message}"
        );
    }
    // A Content-Type of the user's would name no boundary, or another one.
    let output = run(&[
        "send",
        "http://127.0.0.1:9/never",
        "--multipart",
        "-H",
        "Content-Type: multipart/form-data",
        "a=1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("boundary"), "{}", stderr(&output));
    // A file item without a multipart form says how to get one.
    let item = format!("doc@{}", files.path("notes.txt"));
    let output = run(&["send", "http://127.0.0.1:9/never", item.as_str()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--multipart"),
        "{}",
        stderr(&output)
    );
}

fn sparse_file(dir: &Path, name: &str, length: u64) -> String {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .set_len(length)
        .unwrap();
    path.display().to_string()
}

#[test]
fn a_file_over_max_upload_is_refused_before_anything_is_sent() {
    let files = Files::new();
    let (_store_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    // One byte over the default 100 MiB, without writing 100 MiB.
    let huge = sparse_file(files.dir.path(), "huge.iso", (100 << 20) + 1);
    let item = format!("disk@{huge}");
    let output = run(&["send", &listener.url, "--multipart", "a=1", &item]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{huge} is 100.0 MiB (104,857,601 bytes)"))
            && message.contains("--max-upload 100 MiB"),
        "{message}"
    );

    let small = sparse_file(files.dir.path(), "small.bin", 2048);
    let item = format!("f@{small}");
    let over = run(&[
        "send",
        &listener.url,
        "--multipart",
        &item,
        "--max-upload",
        "1KiB",
    ]);
    assert_eq!(over.status.code(), Some(2), "{}", stderr(&over));
    assert!(stderr(&over).contains("small.bin is 2,048 bytes"));
    let fits = run(&[
        "send",
        &listener.url,
        "--multipart",
        &item,
        "--max-upload",
        "2KiB",
        "-q",
    ]);
    assert!(fits.status.success(), "{}", stderr(&fits));
    let records = read_store(&store);
    assert_eq!(records.len(), 1, "only the file that fits was sent");
    let (content_type, body) = stored(&records[0]);
    assert_eq!(python_parts(&content_type, &body)[0].bytes, vec![0u8; 2048]);
}
