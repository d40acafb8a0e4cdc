//! The parts every printed HTTP message shares, whichever command prints it: colored methods and
//! statuses, header lines with secrets masked, a body through the renderers, and durations.

use colored::Colorize;

use crate::output::redact::Redaction;
use crate::render::{self, Note, RenderOptions};

pub fn method_colored(method: &str) -> colored::ColoredString {
    match method {
        "GET" | "HEAD" => method.green(),
        "POST" => method.yellow(),
        "PUT" | "PATCH" => method.cyan(),
        "DELETE" => method.red(),
        _ => method.magenta(),
    }
}

/// A status line colored by class: 2xx green, 3xx cyan, 4xx yellow, 5xx red.
pub fn status_colored(status: u16, reason: &str) -> colored::ColoredString {
    let text = format!("{status} {reason}").trim_end().to_string();
    match status {
        200..=299 => text.green().bold(),
        300..=399 => text.cyan().bold(),
        400..=499 => text.yellow().bold(),
        _ => text.red().bold(),
    }
}

/// Header lines, with secret values masked.
pub fn push_headers(out: &mut String, headers: &[(String, String)], redaction: &Redaction) {
    for (name, value) in headers {
        out.push_str(&format!(
            "{}: {}\n",
            name.cyan(),
            redaction.show(name, value)
        ));
    }
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

/// A duration for people: milliseconds below a second, seconds above.
pub fn format_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}
