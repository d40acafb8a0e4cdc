//! HAR 1.2 (HTTP Archive) export and import, to exchange captures with browsers' developer
//! tools, ngrok, Charles, mitmproxy and other tools.
//!
//! HAR's `postData` has no encoding field, so a body that is not UTF-8 is written as base64
//! with a custom `_encoding: "base64"` (import accepts `_encoding` or `encoding`). Fields HAR
//! has no place for (the raw path and query, the client's address) travel in `_hookcli`, so a
//! store → HAR → store round trip keeps every byte, header and order.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::capture::{decode_body, encode_body, BodyEncoding, CaptureRecord, ResponseRecord};
use crate::exit::Failure;

/// Writes a HAR document entry by entry, so memory stays flat however many captures there are.
pub fn write(
    out: &mut impl std::io::Write,
    records: impl Iterator<Item = anyhow::Result<CaptureRecord>>,
) -> anyhow::Result<u64> {
    let creator = json!({ "name": "hookcli", "version": env!("CARGO_PKG_VERSION") });
    write!(
        out,
        "{{\"log\":{{\"version\":\"1.2\",\"creator\":{creator},\"entries\":["
    )?;
    let mut count = 0u64;
    for record in records {
        if count > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &entry(&record?))?;
        count += 1;
    }
    out.write_all(b"]}}\n")?;
    Ok(count)
}

fn har_headers(headers: &[(String, String)]) -> Vec<Value> {
    headers
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

fn entry(record: &CaptureRecord) -> Value {
    let request = har_request(record);
    let response = har_response(record);
    json!({
        "startedDateTime": record.received_at,
        "time": 0,
        "request": request,
        "response": response,
        "cache": {},
        "timings": { "send": 0, "wait": 0, "receive": 0 },
        "_hookcli": {
            "id": record.id,
            "remote_addr": record.remote_addr,
            "path": record.path,
            "query": record.query,
            "latin1_headers": record.latin1_headers,
            "trailers": record.trailers,
            "latin1_trailers": record.latin1_trailers,
            "response_rule": record.response.as_ref().and_then(|r| r.rule.as_ref()),
        },
    })
}

/// The HAR `request` of a capture: its URL as sent, headers in order, and the body as text
/// (base64 under `_encoding` when it is not UTF-8).
fn har_request(record: &CaptureRecord) -> Value {
    // An HTTP/2 request names its host in `:authority`; an absolute-form target is a URL already.
    let host = record
        .header("host")
        .or_else(|| record.header(":authority"))
        .unwrap_or("localhost");
    let url = if record.is_absolute_form() {
        record.target()
    } else {
        format!("http://{host}{}", record.target())
    };
    let query_string: Vec<Value> = record
        .query
        .as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(n, v)| json!({ "name": n, "value": v }))
                .collect()
        })
        .unwrap_or_default();
    let mut request = json!({
        "method": record.method,
        "url": url,
        "httpVersion": record.http_version,
        "cookies": [],
        "headers": har_headers(&record.headers),
        "queryString": query_string,
        "headersSize": -1,
        "bodySize": record.body_size,
    });
    if record.body_size > 0 {
        let mut post_data = json!({
            "mimeType": record.header("content-type").unwrap_or("application/octet-stream"),
            "text": record.body,
        });
        if record.body_encoding == BodyEncoding::Base64 {
            post_data["_encoding"] = json!("base64");
        }
        request["postData"] = post_data;
    }
    request
}

/// The HAR `response` of a capture: what hookcli answered, or HAR's "no response" when nothing
/// was recorded.
fn har_response(record: &CaptureRecord) -> Value {
    match &record.response {
        Some(response) => {
            let mut content = json!({
                "size": response.body_bytes().map(|b| b.len()).unwrap_or(0),
                "mimeType": crate::capture::header_value(&response.headers, "content-type").unwrap_or(""),
                "text": response.body,
            });
            if response.body_encoding == BodyEncoding::Base64 {
                content["encoding"] = json!("base64");
            }
            json!({
                "status": response.status,
                "statusText": http::StatusCode::from_u16(response.status).ok().and_then(|s| s.canonical_reason()).unwrap_or(""),
                "httpVersion": record.http_version,
                "cookies": [],
                "headers": har_headers(&response.headers),
                "content": content,
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1,
            })
        }
        None => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": record.http_version,
            "cookies": [],
            "headers": [],
            "content": { "size": 0, "mimeType": "" },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        }),
    }
}

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "startedDateTime", default)]
    started: Option<String>,
    request: Request,
    #[serde(default)]
    response: Option<Response>,
    #[serde(rename = "_hookcli", default)]
    hookcli: Option<HookcliFields>,
}

#[derive(Deserialize)]
struct HookcliFields {
    #[serde(default)]
    remote_addr: Option<String>,
    path: String,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    latin1_headers: Vec<usize>,
    #[serde(default)]
    trailers: Vec<(String, String)>,
    #[serde(default)]
    latin1_trailers: Vec<usize>,
    /// The `listen --rules` rule that answered, kept through an export and an import.
    #[serde(default)]
    response_rule: Option<crate::capture::RuleRef>,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    url: String,
    #[serde(rename = "httpVersion", default)]
    http_version: Option<String>,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(rename = "postData", default)]
    post_data: Option<PostData>,
}

#[derive(Deserialize, Serialize)]
struct NameValue {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct PostData {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    params: Vec<NameValue>,
    #[serde(rename = "_encoding", default)]
    underscore_encoding: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Deserialize)]
struct Response {
    #[serde(default)]
    status: u16,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default)]
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// True when a JSON document looks like HAR (`{"log": {"entries": ...}}`).
pub fn looks_like_har(value: &Value) -> bool {
    value
        .get("log")
        .and_then(|log| log.get("entries"))
        .is_some_and(Value::is_array)
}

/// The captures in a HAR document. `source` names it in errors.
pub fn import(bytes: &[u8], source: &str) -> Result<Vec<CaptureRecord>, Failure> {
    let not_har = |why: String| Failure::usage(format!("{source} is not a HAR file: {why}"));
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| not_har(format!("not JSON ({e})")))?;
    if !looks_like_har(&value) {
        return Err(not_har("it has no log.entries".into()));
    }
    let har: Har = serde_json::from_value(value).map_err(|e| not_har(e.to_string()))?;
    har.log
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| record(entry).map_err(|why| not_har(format!("entry {}: {why}", i + 1))))
        .collect()
}

fn record(entry: Entry) -> Result<CaptureRecord, String> {
    let at = entry
        .started
        .as_deref()
        .and_then(crate::clock::parse_rfc3339)
        .unwrap_or_else(crate::clock::now);
    let latin1_headers = entry.hookcli.as_ref().map(|f| f.latin1_headers.clone());
    let (trailers, latin1_trailers) = entry
        .hookcli
        .as_ref()
        .map(|f| (f.trailers.clone(), f.latin1_trailers.clone()))
        .unwrap_or_default();
    let (path, query) = match &entry.hookcli {
        Some(fields) => (fields.path.clone(), fields.query.clone()),
        None => split_url(&entry.request.url)?,
    };
    let from_hookcli = entry.hookcli.is_some();
    let headers: Vec<(String, String)> = entry
        .request
        .headers
        .into_iter()
        // A browser's HTTP/2 entry lists the request line again as pseudo-headers; a capture
        // keeps only `:authority`, its host.
        .filter(|h| from_hookcli || ![":method", ":path", ":scheme"].contains(&h.name.as_str()))
        .map(|h| (h.name, h.value))
        .collect();
    let (body, body_encoding) = match entry.request.post_data {
        None => (String::new(), BodyEncoding::Utf8),
        Some(post) => post_data_body(post)?,
    };
    let body_size = decode_body(&body, body_encoding)
        .map(|b| b.len())
        .unwrap_or(0) as u64;
    let rule = entry.hookcli.as_ref().and_then(|f| f.response_rule.clone());
    let response = entry
        .response
        .filter(|r| r.status != 0)
        .map(response_record)
        .map(|response| ResponseRecord { rule, ..response });
    Ok(CaptureRecord {
        id: crate::clock::new_id(at),
        received_at: crate::clock::rfc3339_millis(at),
        remote_addr: entry
            .hookcli
            .and_then(|f| f.remote_addr)
            .unwrap_or_default(),
        method: entry.request.method,
        path,
        query,
        http_version: entry
            .request
            .http_version
            .filter(|v| !v.is_empty())
            .map_or_else(|| "HTTP/1.1".into(), |v| http_version(&v)),
        headers,
        body,
        body_encoding,
        body_size,
        response,
        latin1_headers: latin1_headers.unwrap_or_default(),
        verification: None,
        auth: None,
        trailers,
        latin1_trailers,
        expect: None,
        relay: None,
    })
}

/// A HAR `response` as the record of what was answered.
fn response_record(r: Response) -> ResponseRecord {
    let (text, encoding) = match r.content {
        Some(Content {
            text: Some(text),
            encoding,
        }) if encoding.as_deref() == Some("base64") => {
            let bytes = decode_body(&text, BodyEncoding::Base64)
                .map(|b| b.into_owned())
                .unwrap_or_default();
            encode_body(&bytes)
        }
        Some(Content {
            text: Some(text), ..
        }) => (text, BodyEncoding::Utf8),
        _ => (String::new(), BodyEncoding::Utf8),
    };
    ResponseRecord {
        status: r.status,
        headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
        body: text,
        body_encoding: encoding,
        elapsed_ms: None,
        error: None,
        rule: None,
    }
}

/// A HAR `postData` as a stored body: its text, base64 decoded where marked so, or its form
/// `params` encoded as a browser would.
fn post_data_body(post: PostData) -> Result<(String, BodyEncoding), String> {
    let base64 = [&post.underscore_encoding, &post.encoding]
        .iter()
        .any(|e| e.as_deref() == Some("base64"));
    Ok(match (post.text, base64) {
        (Some(text), true) => {
            let bytes = decode_body(&text, BodyEncoding::Base64)
                .map_err(|e| format!("postData is not base64 ({e})"))?;
            encode_body(&bytes)
        }
        (Some(text), false) => (text, BodyEncoding::Utf8),
        (None, _) => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for param in &post.params {
                form.append_pair(&param.name, &param.value);
            }
            (form.finish(), BodyEncoding::Utf8)
        }
    })
}

/// A HAR entry's protocol in the store's words: browsers write `http/2.0` or `h2` where a
/// capture says `HTTP/2`.
fn http_version(written: &str) -> String {
    match written.to_ascii_lowercase().as_str() {
        "http/1.0" => "HTTP/1.0".into(),
        "http/1.1" => "HTTP/1.1".into(),
        "http/2" | "http/2.0" | "h2" | "h2c" => "HTTP/2".into(),
        "http/3" | "http/3.0" | "h3" => "HTTP/3".into(),
        _ => written.to_string(),
    }
}

/// The path and raw query of a URL, as written (no normalisation).
fn split_url(url: &str) -> Result<(String, Option<String>), String> {
    let after_scheme = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .ok_or_else(|| format!("'{url}' is not an absolute URL"))?;
    let target = match after_scheme.find('/') {
        Some(slash) => &after_scheme[slash..],
        None => match after_scheme.find('?') {
            Some(question) => &after_scheme[question..],
            None => "",
        },
    };
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    Ok((
        if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        },
        query,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_http2_entry_imports_in_the_store_s_words() {
        let har = br#"{"log":{"entries":[{"request":{"method":"POST","url":"https://example.com/hook?a=1","httpVersion":"http/2.0",
          "headers":[{"name":":method","value":"POST"},{"name":":authority","value":"example.com"},{"name":":scheme","value":"https"},{"name":":path","value":"/hook?a=1"},{"name":"content-type","value":"application/json"}]}}]}}"#;
        let records = import(har, "x.har").unwrap();
        assert_eq!(records[0].http_version, "HTTP/2");
        assert_eq!(
            records[0].headers,
            [
                (":authority".to_string(), "example.com".to_string()),
                ("content-type".to_string(), "application/json".to_string())
            ]
        );
    }

    #[test]
    fn an_http2_capture_exports_with_its_authority() {
        let record: CaptureRecord = serde_json::from_value(json!({
            "id": "01JH2", "received_at": "2026-01-02T03:04:05.678Z", "remote_addr": "127.0.0.1:1",
            "method": "GET", "path": "/h2path", "query": "q=1", "http_version": "HTTP/2",
            "headers": [[":authority", "127.0.0.1:43027"], ["user-agent", "curl"]],
            "body": "", "body_encoding": "utf8", "body_size": 0
        }))
        .unwrap();
        assert_eq!(
            entry(&record)["request"]["url"],
            "http://127.0.0.1:43027/h2path?q=1"
        );
    }

    #[test]
    fn urls_split_without_normalising() {
        assert_eq!(
            split_url("https://h:8/a%20b/c?x=1&y=%2F#frag").unwrap(),
            ("/a%20b/c".into(), Some("x=1&y=%2F".into()))
        );
        assert_eq!(split_url("http://h").unwrap(), ("/".into(), None));
        assert!(split_url("/relative").is_err());
    }

    #[test]
    fn a_hand_written_har_imports() {
        let har = br#"{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[
          {"startedDateTime":"2026-01-02T03:04:05.678Z","time":1,"request":{"method":"POST","url":"http://example.com/hook?a=1","httpVersion":"HTTP/1.1","cookies":[],
           "headers":[{"name":"Content-Type","value":"application/json"},{"name":"X-B","value":"1"}],"queryString":[{"name":"a","value":"1"}],
           "postData":{"mimeType":"application/json","text":"{\"k\":1}"},"headersSize":-1,"bodySize":7},
           "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","cookies":[],"headers":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":0},
           "cache":{},"timings":{"send":0,"wait":0,"receive":0}},
          {"startedDateTime":"2026-01-02T03:04:06Z","request":{"method":"PUT","url":"http://example.com/bin","headers":[],"postData":{"mimeType":"application/octet-stream","text":"/wA=","encoding":"base64"}},"response":{"status":0}},
          {"request":{"method":"POST","url":"http://example.com/form","postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"a b","value":"c&d"}]}}}
        ]}}"#;
        let records = import(har, "x.har").unwrap();
        assert_eq!(records[0].path, "/hook");
        assert_eq!(records[0].query.as_deref(), Some("a=1"));
        assert_eq!(records[0].body, "{\"k\":1}");
        assert_eq!(records[0].received_at, "2026-01-02T03:04:05.678Z");
        assert_eq!(records[0].headers[1], ("X-B".to_string(), "1".to_string()));
        assert_eq!(records[1].body_bytes().unwrap().as_ref(), &[0xff, 0x00]);
        assert!(records[1].response.is_none());
        assert_eq!(records[2].body, "a+b=c%26d");
        assert!(import(b"{\"not\":\"har\"}", "x.json").is_err());
        assert!(import(b"nope", "x.txt")
            .unwrap_err()
            .message
            .contains("not a HAR file"));
    }
}
