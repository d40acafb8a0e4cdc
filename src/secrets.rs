//! Secrets and payloads read from the command line, the environment, files or standard input,
//! with errors that name the file but never echo a secret.

use std::io::Read;
use std::path::Path;

use crate::exit::Failure;

/// `HOOKCLI_SECRET`, the secret of `--sign` and `--verify` when no flag gives one; unset or
/// empty is none.
pub fn from_environment() -> Option<String> {
    std::env::var("HOOKCLI_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A secret from `--secret`/its environment variable, or from a file (one trailing newline dropped).
pub fn secret(inline: Option<&str>, file: Option<&Path>) -> Result<Option<String>, Failure> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!("cannot read --secret-file {}: {e}", path.display()))
        })?;
        let text = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        if text.is_empty() {
            return Err(Failure::usage(format!(
                "--secret-file {} is empty",
                path.display()
            )));
        }
        return Ok(Some(text.to_string()));
    }
    if inline.is_some_and(str::is_empty) {
        return Err(Failure::usage(
            "the secret is empty; give --secret, HOOKCLI_SECRET or --secret-file",
        ));
    }
    Ok(inline.map(str::to_string))
}

/// `-d` data: `TEXT`, `@FILE`, or `@-` for standard input.
pub fn data(argument: &str) -> Result<Vec<u8>, Failure> {
    match argument.strip_prefix('@') {
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                Failure::usage(format!("cannot read the data from standard input: {e}"))
            })?;
            Ok(bytes)
        }
        Some(path) => {
            std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read -d @{path}: {e}")))
        }
        None => Ok(argument.as_bytes().to_vec()),
    }
}
