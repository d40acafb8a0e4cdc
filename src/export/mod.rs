//! Captures written out as requests to send again: HAR (through [`crate::har`]), a Hurl file
//! ([`hurl`]) or a shell script of curl commands ([`curl_script`]). The Hurl file and the script
//! are tests someone runs later against another receiver, so what is secret in a capture (the
//! credentials and signatures that the printer masks) goes out as a variable the runner fills in,
//! never as its value ([`variables`]). This module writes to any `Write`; choosing and replacing
//! the file is `commands::har`'s.

pub mod curl_script;
pub mod hurl;
pub mod variables;

use std::io::Write;
use std::path::Path;

use crate::capture::CaptureRecord;
use variables::Variable;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Har,
    Hurl,
    Curl,
}

/// What an export wrote, and what whoever runs it must supply.
#[derive(Debug, Default)]
pub struct Written {
    pub count: u64,
    /// The variables the file uses for credentials and signatures, in first use.
    pub variables: Vec<Variable>,
    /// Why a capture was left out or is sent differently, one line each.
    pub warnings: Vec<String>,
}

/// Writes the captures in `format` and says what was written.
pub fn write(
    format: Format,
    out: &mut impl Write,
    records: impl Iterator<Item = anyhow::Result<CaptureRecord>>,
) -> anyhow::Result<Written> {
    match format {
        Format::Har => Ok(Written {
            count: crate::har::write(out, records)?,
            ..Written::default()
        }),
        Format::Hurl => hurl::write(out, records),
        Format::Curl => curl_script::write(out, records),
    }
}

impl Format {
    /// The flag that chooses it.
    pub fn flag(self) -> &'static str {
        match self {
            Format::Har => "--har",
            Format::Hurl => "--hurl",
            Format::Curl => "--curl",
        }
    }
}

impl Written {
    /// How to run what was written (None for HAR, which is not run), with the variables it
    /// needs and where each value comes from; the values themselves are never printed.
    pub fn how_to_run(&self, format: Format, file: &Path) -> Option<String> {
        let file = if file.as_os_str() == "-" {
            "FILE".to_string()
        } else {
            crate::http::curl::shell_quote(&file.to_string_lossy())
        };
        let mut text = match format {
            Format::Har => return None,
            Format::Hurl => {
                let mut command =
                    String::from("hurl --test --variable base_url=http://127.0.0.1:8080");
                for variable in &self.variables {
                    command.push_str(&format!(" --secret {}=...", variable.name));
                }
                format!("Run it with: {command} {file}")
            }
            Format::Curl => {
                let mut command = String::from("BASE_URL=http://127.0.0.1:8080");
                for variable in &self.variables {
                    command.push_str(&format!(" {}=...", variable.env_name()));
                }
                format!("Run it with: {command} sh {file}")
            }
        };
        for variable in &self.variables {
            let name = match format {
                Format::Curl => variable.env_name(),
                _ => variable.name.clone(),
            };
            text.push_str(&format!(
                "\n  {name}: the {} of capture {} (hookcli show {} --show-secrets)",
                variable.header, variable.capture_id, variable.capture_id
            ));
        }
        Some(text)
    }
}

/// A bodiless POST to `/` with no headers and no answer, for unit tests to fill in.
#[cfg(test)]
pub(crate) fn record_for_tests(id: &str) -> CaptureRecord {
    serde_json::from_value(serde_json::json!({
        "id": id, "received_at": "2026-01-01T00:00:00.000Z", "remote_addr": "", "method": "POST",
        "path": "/", "query": null, "http_version": "HTTP/1.1", "headers": [], "body": "",
        "body_encoding": "utf8", "body_size": 0
    }))
    .expect("a record")
}
