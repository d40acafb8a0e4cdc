//! Body renderers: turn a body's bytes into text a person reads, chosen by its content type
//! (JSON, XML, forms, multipart, text, binary) after undoing its `Content-Encoding`.
//!
//! Renderers never fail: what they cannot read is shown as received under a warning. They only
//! make display text; the bytes that are stored or sent are never touched here.

pub mod decode;
pub mod form;
pub mod hex;
pub mod json;
pub mod media_type;
pub mod multipart;
pub mod xml;

use colored::Colorize;

use crate::capture::header_value;
use crate::units::{format_size, group_thousands};
use media_type::MediaType;

/// How much of a body is shown when `--full` is not given.
pub const DISPLAY_LIMIT: usize = 64 * 1024;
/// The largest decompressed body shown, whatever was asked.
const DECODE_CAP: u64 = 64 << 20;

#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Show at most this many bytes of the (decoded) body; None shows all.
    pub limit: Option<usize>,
}

impl RenderOptions {
    pub fn new(full: bool) -> Self {
        RenderOptions {
            limit: if full { None } else { Some(DISPLAY_LIMIT) },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Empty,
    Json,
    Xml,
    Form,
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Info(String),
    Warning(String),
}

/// A body ready to print: notes to show above it, its text, and how much was left out.
#[derive(Debug, Clone)]
pub struct RenderedBody {
    pub kind: BodyKind,
    pub notes: Vec<Note>,
    pub text: String,
    pub omitted_bytes: u64,
}

/// Renders a body given the headers it came with.
pub fn render_body(
    headers: &[(String, String)],
    body: &[u8],
    options: &RenderOptions,
) -> RenderedBody {
    let mut notes = Vec::new();
    if body.is_empty() {
        return RenderedBody {
            kind: BodyKind::Empty,
            notes,
            text: String::new(),
            omitted_bytes: 0,
        };
    }
    let media = header_value(headers, "content-type").map(MediaType::parse);
    let (decoded_storage, undecodable) = decode_for_display(headers, body, &mut notes);
    let body: &[u8] = decoded_storage.as_deref().unwrap_or(body);
    let kind = if undecodable {
        BodyKind::Binary
    } else {
        detect(media.as_ref(), body, &mut notes)
    };

    let limit = match kind {
        BodyKind::Binary => options.limit.map(|_| hex::PREVIEW_BYTES),
        _ => options.limit,
    };
    let shown = &body[..limit.unwrap_or(body.len()).min(body.len())];
    let omitted_bytes = (body.len() - shown.len()) as u64;
    let text = match kind {
        BodyKind::Empty => String::new(),
        BodyKind::Json => json::pretty(shown),
        BodyKind::Xml => xml::pretty(shown),
        BodyKind::Form => form::pretty(shown),
        BodyKind::Multipart => {
            let boundary = media
                .as_ref()
                .and_then(|m| m.param("boundary"))
                .unwrap_or_default();
            match multipart::parts(body, boundary) {
                Some(parts) => multipart::pretty(&parts, options),
                None => {
                    notes.push(Note::Warning(
                        "malformed multipart body; shown as received".into(),
                    ));
                    text_or_hex(shown)
                }
            }
        }
        BodyKind::Text => visible(&String::from_utf8_lossy(shown)).into_owned(),
        BodyKind::Binary => {
            notes.push(Note::Info(format!(
                "binary, {}",
                format_size(body.len() as u64)
            )));
            hex::dump(shown)
        }
    };
    // A multipart body is summarised part by part, never cut.
    let omitted_bytes = if kind == BodyKind::Multipart {
        0
    } else {
        omitted_bytes
    };
    RenderedBody {
        kind,
        notes,
        text,
        omitted_bytes,
    }
}

/// The body with its `Content-Encoding` undone for display (the store keeps it as received), and
/// whether it could not be undone, with a note either way.
fn decode_for_display(
    headers: &[(String, String)],
    body: &[u8],
    notes: &mut Vec<Note>,
) -> (Option<Vec<u8>>, bool) {
    let codings = header_value(headers, "content-encoding")
        .map(decode::codings)
        .unwrap_or_default();
    if codings.is_empty() {
        return (None, false);
    }
    match decode::decode(body, &codings, DECODE_CAP) {
        Ok(decoded) => {
            notes.push(Note::Info(format!(
                "decoded {} for display: {} → {}; stored as received",
                codings.join(", "),
                format_size(body.len() as u64),
                format_size(decoded.len() as u64)
            )));
            (Some(decoded), false)
        }
        Err(error) => {
            notes.push(Note::Warning(error.to_string()));
            (None, true)
        }
    }
}

/// Chooses a renderer. A declared JSON or XML body that does not parse gets a warning and is
/// shown as text; an undeclared one is recognised when it parses.
fn detect(media: Option<&MediaType>, body: &[u8], notes: &mut Vec<Note>) -> BodyKind {
    let utf8 = std::str::from_utf8(body).is_ok();
    let Some(media) = media else {
        return if json::sniff(body) {
            BodyKind::Json
        } else if xml::sniff(body) {
            BodyKind::Xml
        } else if utf8 {
            BodyKind::Text
        } else {
            BodyKind::Binary
        };
    };
    if media.is_json() {
        return match json::validate(body) {
            Ok(()) => BodyKind::Json,
            Err(e) => {
                notes.push(Note::Warning(format!(
                    "malformed JSON: {} at line {}, column {}; shown as received",
                    e.message, e.line, e.column
                )));
                fallback(utf8)
            }
        };
    }
    if media.is_xml() {
        return match xml::validate(body) {
            Ok(()) => BodyKind::Xml,
            Err(e) => {
                notes.push(Note::Warning(format!(
                    "malformed XML: {} at line {}, column {}; shown as received",
                    e.message, e.line, e.column
                )));
                fallback(utf8)
            }
        };
    }
    if media.is_form() {
        return BodyKind::Form;
    }
    if media.is_multipart() {
        if media.param("boundary").is_some_and(|b| !b.is_empty()) {
            return BodyKind::Multipart;
        }
        notes.push(Note::Warning(
            "multipart body without a boundary parameter; shown as received".into(),
        ));
        return fallback(utf8);
    }
    let sniffable = media.essence.is_empty()
        || matches!(
            media.essence.as_str(),
            "text/plain" | "application/octet-stream"
        );
    if sniffable && json::sniff(body) {
        return BodyKind::Json;
    }
    if sniffable && xml::sniff(body) {
        return BodyKind::Xml;
    }
    if media.is_text() || media.essence.is_empty() {
        return fallback(utf8);
    }
    BodyKind::Binary
}

fn fallback(utf8: bool) -> BodyKind {
    if utf8 {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

fn text_or_hex(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => visible(text).into_owned(),
        Err(_) => hex::dump(&bytes[..bytes.len().min(hex::PREVIEW_BYTES)]),
    }
}

/// Text made safe to print on a terminal: control characters other than line feed and tab
/// (an escape sequence a sender put in a body or header could recolour or clear the screen)
/// are shown as their Unicode control pictures (`␛`, `␇`, `␡`).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let control_char = |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}';
    if !text.chars().any(control_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c as u32 {
                0x00..=0x1f if c != '\n' && c != '\t' => {
                    char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
                }
                0x7f => '\u{2421}',
                0x80..=0x9f => '\u{fffd}',
                _ => c,
            })
            .collect(),
    )
}

/// The line printed under a body that was cut for display.
pub fn omitted_line(omitted: u64) -> String {
    format!(
        "… {} more bytes not shown (--full shows all)",
        group_thousands(omitted)
    )
    .dimmed()
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> Vec<(String, String)> {
        vec![("Content-Type".to_string(), content_type.to_string())]
    }

    #[test]
    fn chooses_renderers_by_type_and_by_content() {
        let options = RenderOptions::new(false);
        assert_eq!(
            render_body(&headers("application/json"), b"[{\"a\":1}]", &options).kind,
            BodyKind::Json
        );
        assert_eq!(
            render_body(&headers("text/plain"), b"{\"a\":1}", &options).kind,
            BodyKind::Json
        );
        assert_eq!(render_body(&[], b"<a>1</a>", &options).kind, BodyKind::Xml);
        assert_eq!(
            render_body(&headers("text/xml; charset=utf-8"), b"<a>1</a>", &options).kind,
            BodyKind::Xml
        );
        assert_eq!(
            render_body(
                &headers("application/x-www-form-urlencoded"),
                b"a=1",
                &options
            )
            .kind,
            BodyKind::Form
        );
        assert_eq!(
            render_body(&headers("text/csv"), b"a,b", &options).kind,
            BodyKind::Text
        );
        assert_eq!(
            render_body(&headers("application/pdf"), b"%PDF", &options).kind,
            BodyKind::Binary
        );
        assert_eq!(
            render_body(&[], b"\xff\xfe", &options).kind,
            BodyKind::Binary
        );
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            visible("a\u{1b}[31mb\u{7}\tc\n"),
            "a\u{241b}[31mb\u{2407}\tc\n"
        );
        let rendered = render_body(
            &headers("text/plain"),
            b"x\x1b[2Jy",
            &RenderOptions::new(false),
        );
        assert!(!rendered.text.contains('\u{1b}'));
    }

    #[test]
    fn malformed_declared_json_warns_and_shows_the_text() {
        let rendered = render_body(
            &headers("application/json"),
            b"{\"a\":",
            &RenderOptions::new(false),
        );
        assert_eq!(rendered.kind, BodyKind::Text);
        assert!(matches!(&rendered.notes[0], Note::Warning(w) if w.contains("malformed JSON")));
        assert_eq!(rendered.text, "{\"a\":");
    }

    #[test]
    fn large_bodies_are_cut_for_display_only() {
        let body = format!("[{}1]", "1,".repeat(40_000));
        let rendered = render_body(
            &headers("application/json"),
            body.as_bytes(),
            &RenderOptions::new(false),
        );
        assert_eq!(rendered.omitted_bytes, (body.len() - DISPLAY_LIMIT) as u64);
        assert_eq!(
            render_body(
                &headers("application/json"),
                body.as_bytes(),
                &RenderOptions::new(true)
            )
            .omitted_bytes,
            0
        );
    }
}
