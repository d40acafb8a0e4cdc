//! A capture as a block people read: a title line, the request's facts, its headers, its body
//! through the renderers, and what hookcli answered. `listen` and `show` print the same block.

use colored::Colorize;

use crate::capture::CaptureRecord;
use crate::render::{self, Note, RenderOptions};
use crate::units::format_size;

/// Renders one capture. `label` is its number (`#3`) where the caller has one.
pub fn capture_block(
    record: &CaptureRecord,
    label: Option<&str>,
    options: &RenderOptions,
    width: usize,
) -> String {
    let mut out = String::new();
    let title = format!(
        "{}{} {}",
        label.map(|l| format!("{l} ")).unwrap_or_default(),
        method_colored(&record.method),
        record.target()
    );
    let visible_title = format!(
        "{}{} {}",
        label.map(|l| format!("{l} ")).unwrap_or_default(),
        record.method,
        record.target()
    );
    let rule_len = width
        .saturating_sub(visible_title.chars().count() + 5)
        .max(3);
    out.push_str(&format!(
        "{} {} {}\n",
        "───".dimmed(),
        title.bold(),
        "─".repeat(rule_len).dimmed()
    ));
    out.push_str(
        &format!(
            "{}  from {}  {}  {}  id {}",
            record.received_at,
            record.remote_addr,
            record.http_version,
            format_size(record.body_size),
            record.id
        )
        .dimmed()
        .to_string(),
    );
    out.push('\n');
    for (name, value) in &record.headers {
        out.push_str(&format!("{}: {}\n", name.cyan(), value));
    }
    match record.body_bytes() {
        Ok(body) => push_body(&mut out, &record.headers, &body, options),
        Err(error) => out.push_str(&format!("\n{}\n", format!("! {error}").yellow())),
    }
    if let Some(response) = &record.response {
        let reason = http::StatusCode::from_u16(response.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        let status = format!("{} {}", response.status, reason);
        let status = match response.status {
            200..=299 => status.green(),
            300..=399 => status.cyan(),
            400..=499 => status.yellow(),
            _ => status.red(),
        };
        out.push_str(&format!("{} {}\n", "answered".dimmed(), status.bold()));
    }
    out
}

/// Appends a rendered body: a blank line, its notes, the text, and what was left out.
pub fn push_body(
    out: &mut String,
    headers: &[(String, String)],
    body: &[u8],
    options: &RenderOptions,
) {
    let rendered = render::render_body(headers, body, options);
    if rendered.kind == render::BodyKind::Empty {
        out.push_str(&format!("{}\n", "(no body)".dimmed()));
        return;
    }
    out.push('\n');
    for note in &rendered.notes {
        match note {
            Note::Info(text) => out.push_str(&format!("{}\n", format!("({text})").dimmed())),
            Note::Warning(text) => {
                out.push_str(&format!("{}\n", format!("! {text}").yellow().bold()))
            }
        }
    }
    out.push_str(&rendered.text);
    out.push('\n');
    if rendered.omitted_bytes > 0 {
        out.push_str(&render::omitted_line(rendered.omitted_bytes));
        out.push('\n');
    }
}

pub fn method_colored(method: &str) -> colored::ColoredString {
    match method {
        "GET" | "HEAD" => method.green(),
        "POST" => method.yellow(),
        "PUT" | "PATCH" => method.cyan(),
        "DELETE" => method.red(),
        _ => method.magenta(),
    }
}
