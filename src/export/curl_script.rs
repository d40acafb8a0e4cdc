//! `export --curl`: captures as a POSIX shell script of curl commands, run later with
//! `BASE_URL=http://host:port sh FILE`. Each command is the one `replay --curl` prints for the
//! capture (the same formatter, [`crate::http::curl`]), with three things a script fills in: the
//! receiver's address from `$BASE_URL`, credentials and signatures from environment variables
//! named after their header (`$X_HUB_SIGNATURE_256`), and a body that cannot be a shell
//! argument piped in from `printf` with octal escapes, so the script is one self-contained file.

use std::cell::Cell;
use std::io::Write;
use std::time::SystemTime;

use super::variables::Variables;
use super::Written;
use crate::capture::CaptureRecord;
use crate::http::client::Target;
use crate::http::curl::{command_spelled, printf_format, shell_quote, Spelling};
use crate::http::replayer::Replayer;
use crate::http::tls::TlsOptions;

/// The shell variable the receiver's address comes from.
const BASE_URL: &str = "BASE_URL";

/// Writes the script and returns what was written.
pub fn write(
    out: &mut impl Write,
    records: impl Iterator<Item = anyhow::Result<CaptureRecord>>,
) -> anyhow::Result<Written> {
    // Any origin does: the URL is replaced by `$BASE_URL`, and the Host header it implies is
    // left to curl.
    let replayer = Replayer {
        target: Target::parse("http://localhost")?,
        exact_url: false,
        header_ops: Vec::new(),
        drop_headers: Vec::new(),
        signer: None,
    };
    writeln!(
        out,
        "#!/bin/sh\n# Captures exported by hookcli {}, sent again as `hookcli replay --curl` shows them.\n\
         # Run: {BASE_URL}=http://127.0.0.1:8080 sh THIS_FILE (credentials come from the variables it names)\n\
         set -eu\n: \"${{{BASE_URL}:?set {BASE_URL} to the receiver, such as {BASE_URL}=http://127.0.0.1:8080}}\"\n\
         base=${{{BASE_URL}%/}}",
        env!("CARGO_PKG_VERSION")
    )?;
    let mut variables = Variables::default();
    let mut written = Written::default();
    for record in records {
        let record = record?;
        let known = variables.count();
        match command(&replayer, &record, &mut variables) {
            Ok(command) => {
                writeln!(out, "\n# capture {} ({})", record.id, record.received_at)?;
                for variable in variables.after(known) {
                    let name = variable.env_name();
                    writeln!(
                        out,
                        ": \"${{{name}:?set {name} to the {} of capture {}}}\"",
                        variable.header, variable.capture_id
                    )?;
                }
                writeln!(out, "{command}")?;
                written.count += 1;
            }
            Err(why) => written
                .warnings
                .push(format!("capture {} is left out: {why:#}", record.id)),
        }
    }
    written.variables = variables.into_list();
    Ok(written)
}

/// The curl command for one capture.
fn command(
    replayer: &Replayer,
    record: &CaptureRecord,
    variables: &mut Variables,
) -> anyhow::Result<String> {
    let request = replayer.request(record, SystemTime::UNIX_EPOCH)?;
    // The secret headers' words, decided before the formatter asks for them.
    let secret_words: Vec<(String, String, String)> = request
        .headers
        .iter()
        .filter_map(|(name, value)| {
            let variable = variables.for_header(record, name, value)?;
            let word = format!(
                "{}\"${}\"",
                shell_quote(&format!("{name}: ")),
                variable.to_ascii_uppercase()
            );
            Some((name.clone(), value.clone(), word))
        })
        .collect();
    let piped = Cell::new(false);
    let spelling = Spelling {
        url: format!("\"$base\"{}", shell_quote(&request.target)),
        header_word: &|name, value| {
            secret_words
                .iter()
                .find(|(n, v, _)| n == name && v == value)
                .map(|(_, _, word)| word.clone())
        },
        body_word: &|_| {
            piped.set(true);
            Ok("@-".to_string())
        },
        proxy: None,
        extra: &[],
    };
    let command = command_spelled(
        &replayer.target,
        &request,
        &TlsOptions::default(),
        &spelling,
    )?;
    Ok(if piped.get() {
        format!("printf {} | {command}", printf_format(&request.body))
    } else {
        command
    })
}
