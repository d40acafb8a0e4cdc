//! Requests sent and responses received, as blocks people read and as JSON for scripts.
//! `send` and `replay` print through these.

use colored::Colorize;
use serde::Serialize;

use crate::capture::{encode_body, BodyEncoding};
use crate::http::client::{ReceivedResponse, Target, WireRequest};
use crate::output::message::{format_ms, method_colored, push_body, push_headers, status_colored};
use crate::output::redact::Redaction;
use crate::render::RenderOptions;

/// The request as it goes on the wire: request line, headers, and the body rendered.
pub fn request_block(
    target: &Target,
    request: &WireRequest,
    options: &RenderOptions,
    redaction: &Redaction,
) -> String {
    // The request line as written, then where it went: Host alone does not say the scheme.
    let mut out = format!(
        "{} {} {}  {}\n",
        method_colored(&request.method).bold(),
        request.target.bold(),
        "HTTP/1.1".dimmed(),
        format!("(to {})", target.origin()).dimmed()
    );
    push_headers(&mut out, &request.headers, redaction);
    push_body(&mut out, &request.headers, &request.body, options);
    out
}

/// The response: status line, headers, body rendered, and how long it took. A receiver's text
/// error (a 4xx or 5xx with a text body) is repeated prominently, as senders show it to users.
pub fn response_block(
    response: &ReceivedResponse,
    options: &RenderOptions,
    redaction: &Redaction,
) -> String {
    let mut out = format!(
        "{} {}\n",
        response.http_version.dimmed(),
        status_colored(response.status, &response.reason)
    );
    push_headers(&mut out, &response.headers, redaction);
    push_body(&mut out, &response.headers, &response.body, options);
    if let Some(message) = error_text(response) {
        out.push_str(&format!(
            "{} {}\n",
            "The receiver says:".red().bold(),
            message.red().bold()
        ));
    }
    out
}

/// `200 in 1.2 ms after 3 attempts`: how the answer came, for standard error.
pub fn timing_line(status: u16, elapsed_ms: f64, attempts: u32) -> String {
    let tries = if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    };
    format!("{status} in {}{tries}", format_ms(elapsed_ms))
}

/// The text a sender would show its user for a rejected request: the body of a 4xx or 5xx
/// answer when it is short UTF-8 text.
pub fn error_text(response: &ReceivedResponse) -> Option<String> {
    if response.status < 400 || response.body.is_empty() || response.body.len() > 2048 {
        return None;
    }
    let is_text = response
        .header("content-type")
        .map(crate::render::media_type::MediaType::parse)
        .is_none_or(|media| media.is_text());
    let text = std::str::from_utf8(&response.body).ok()?.trim();
    (is_text && !text.is_empty()).then(|| crate::render::visible(text).into_owned())
}

/// `send --json`: the response in the capture record's forms.
#[derive(Debug, Serialize)]
pub struct ResponseJson<'a> {
    pub status: u16,
    pub reason: &'a str,
    pub http_version: &'a str,
    pub headers: &'a [(String, String)],
    pub body: String,
    pub body_encoding: BodyEncoding,
    pub elapsed_ms: f64,
    pub attempts: u32,
}

impl<'a> ResponseJson<'a> {
    pub fn new(response: &'a ReceivedResponse, elapsed_ms: f64, attempts: u32) -> Self {
        let (body, body_encoding) = encode_body(&response.body);
        ResponseJson {
            status: response.status,
            reason: &response.reason,
            http_version: &response.http_version,
            headers: &response.headers,
            body,
            body_encoding,
            elapsed_ms: (elapsed_ms * 1000.0).round() / 1000.0,
            attempts,
        }
    }
}

/// `--dry-run`: the request's bytes exactly as they would be written (CRLF line ends included);
/// on a terminal, a body that is not UTF-8 is shown as a hex dump instead, to keep it sane.
pub fn dry_run(request: &WireRequest, terminal: bool) -> Vec<u8> {
    let mut out = request.head();
    match std::str::from_utf8(&request.body) {
        Err(_) if terminal => {
            out.extend_from_slice(
                format!(
                    "({} of binary body, as hex)\n",
                    crate::units::format_size(request.body.len() as u64)
                )
                .as_bytes(),
            );
            out.extend_from_slice(crate::render::hex::dump(&request.body).as_bytes());
            out.push(b'\n');
        }
        _ => out.extend_from_slice(&request.body),
    }
    out
}
