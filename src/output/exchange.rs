//! Requests sent and responses received, as blocks people read and as JSON for scripts.
//! `send` and `replay` print through these.

use colored::Colorize;
use serde::Serialize;

use crate::capture::{encode_body, BodyEncoding};
use crate::http::client::{ReceivedResponse, Target, WireRequest};
use crate::output::message::{format_ms, method_colored, push_body, push_headers, status_colored};
use crate::output::redact::Redaction;
use crate::render::RenderOptions;

/// Which parts of an exchange `send` prints, as HTTPie's `--print` letters: `H` the request's
/// head, `B` its body, `h` the answer's head, `b` its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintParts {
    pub request_head: bool,
    pub request_body: bool,
    pub response_head: bool,
    pub response_body: bool,
}

impl PrintParts {
    /// On a terminal the answer's head and body; into a pipe or file its body alone, so that
    /// `send URL | jq .` reads the JSON it got. `-v` adds the request.
    pub fn default_for(terminal: bool, verbose: bool) -> PrintParts {
        PrintParts {
            request_head: verbose,
            request_body: verbose,
            response_head: terminal || verbose,
            response_body: true,
        }
    }

    pub fn any_request(&self) -> bool {
        self.request_head || self.request_body
    }
}

/// `--print`'s letters: any of `HBhb`, at least one.
pub fn parse_print_parts(text: &str) -> Result<PrintParts, String> {
    if text.is_empty() {
        return Err("give at least one of H, B, h, b".into());
    }
    let mut parts = PrintParts {
        request_head: false,
        request_body: false,
        response_head: false,
        response_body: false,
    };
    for letter in text.chars() {
        match letter {
            'H' => parts.request_head = true,
            'B' => parts.request_body = true,
            'h' => parts.response_head = true,
            'b' => parts.response_body = true,
            other => {
                return Err(format!(
                    "'{other}' is not a part; use H (request headers), B (request body), h (answer headers), b (answer body)"
                ))
            }
        }
    }
    Ok(parts)
}

/// How a printed exchange looks: `pretty` renders bodies (JSON indented and colored, binary as a
/// hex dump) for a terminal; otherwise bodies are written byte for byte as they went or came.
pub struct Look<'a> {
    pub pretty: bool,
    pub options: &'a RenderOptions,
    pub redaction: &'a Redaction,
}

/// The request as it goes on the wire: request line, headers, and the body rendered.
pub fn request_block(
    target: &Target,
    request: &WireRequest,
    options: &RenderOptions,
    redaction: &Redaction,
) -> String {
    let look = Look {
        pretty: true,
        options,
        redaction,
    };
    let both = PrintParts::default_for(true, true);
    String::from_utf8_lossy(&request_parts(target, request, both, &look)).into_owned()
}

/// The parts of the request that `parts` asks for.
pub fn request_parts(
    target: &Target,
    request: &WireRequest,
    parts: PrintParts,
    look: &Look<'_>,
) -> Vec<u8> {
    let mut head = String::new();
    if parts.request_head {
        // The request line as written, then where it went: Host alone does not say the scheme.
        head = format!(
            "{} {} {}  {}\n",
            method_colored(&request.method).bold(),
            request.target.bold(),
            "HTTP/1.1".dimmed(),
            format!("(to {})", target.origin()).dimmed()
        );
        push_headers(&mut head, &request.headers, look.redaction);
    }
    message(
        head,
        parts.request_body,
        &request.headers,
        &request.body,
        look,
    )
}

/// The answer: status line, headers and body rendered.
pub fn response_block(
    response: &ReceivedResponse,
    options: &RenderOptions,
    redaction: &Redaction,
) -> String {
    let look = Look {
        pretty: true,
        options,
        redaction,
    };
    let both = PrintParts::default_for(true, false);
    String::from_utf8_lossy(&response_parts(response, both, &look)).into_owned()
}

/// The parts of the answer that `parts` asks for.
pub fn response_parts(response: &ReceivedResponse, parts: PrintParts, look: &Look<'_>) -> Vec<u8> {
    let mut head = String::new();
    if parts.response_head {
        head = format!(
            "{} {}\n",
            response.http_version.dimmed(),
            status_colored(response.status, &response.reason)
        );
        push_headers(&mut head, &response.headers, look.redaction);
    }
    message(
        head,
        parts.response_body,
        &response.headers,
        &response.body,
        look,
    )
}

/// A head, then the body when asked for: rendered for a terminal, else its bytes as they are,
/// after a blank line when a head came first.
fn message(
    head: String,
    with_body: bool,
    headers: &[(String, String)],
    body: &[u8],
    look: &Look<'_>,
) -> Vec<u8> {
    let mut out = head.into_bytes();
    if !with_body {
        return out;
    }
    if look.pretty {
        let mut rendered = String::new();
        push_body(&mut rendered, headers, body, look.options);
        if out.is_empty() {
            // Alone, the body needs no blank line to part it from a head.
            rendered = rendered.strip_prefix('\n').unwrap_or(&rendered).to_string();
        }
        out.extend_from_slice(rendered.as_bytes());
    } else {
        if !out.is_empty() && !body.is_empty() {
            out.push(b'\n');
        }
        out.extend_from_slice(body);
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
    /// The redirects followed with `-L`, in order.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub redirects: &'a [crate::http::redirect::Hop],
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
            redirects: &[],
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
