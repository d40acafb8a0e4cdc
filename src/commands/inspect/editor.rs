//! The user's editor for edit and send (`e`): `$VISUAL`, else `$EDITOR`, else `vi`, run by
//! the shell (so `EDITOR="code --wait"` works) on a private temporary file, with the terminal
//! given back to it while it runs. A message that does not read back opens the editor again
//! with why above it; a message saved empty, or an editor that fails, sends nothing.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::capture::CaptureRecord;

use super::edit::{message_of, read_message, with_error};
use super::terminal::{released, Screen};

/// The capture as edited, or why nothing is to be sent (a binary body, an empty file, a
/// failed editor, or `terminated()` true when the editor returns: a termination request that
/// came while it ran means nothing more is sent, nor the editor opened again).
pub fn edit(
    screen: &mut Screen,
    base: &CaptureRecord,
    mut terminated: impl FnMut() -> bool,
) -> anyhow::Result<Result<CaptureRecord, String>> {
    let mut message = match message_of(base) {
        Ok(message) => message,
        Err(why) => return Ok(Err(why)),
    };
    let file = EditedFile(std::env::temp_dir().join(format!(
        "hookcli-edit-{}-{}.http",
        std::process::id(),
        base.id
    )));
    loop {
        write_file(file.path(), &message)?;
        let status = released(screen, || run_editor(file.path()))??;
        if terminated() {
            return Ok(Err("asked to terminate; nothing was sent".into()));
        }
        if !status.success() {
            return Ok(Err(format!(
                "the editor exited with {status}; nothing was sent"
            )));
        }
        let saved = std::fs::read_to_string(file.path())
            .with_context(|| format!("cannot read {}", file.path().display()))?;
        if saved.trim().is_empty() {
            return Ok(Err("the message was saved empty; nothing was sent".into()));
        }
        match read_message(&saved, base) {
            Ok(record) => return Ok(Ok(record)),
            Err(why) => message = with_error(&saved, &why),
        }
    }
}

/// The file edited, removed when the editing is over: a request carries its sender's secrets.
struct EditedFile(std::path::PathBuf);

impl EditedFile {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for EditedFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let _ = std::fs::remove_file(path);
    // Owner-only: a webhook's request carries what its sender keeps private.
    crate::capture::store::create_private_file(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

fn run_editor(path: &Path) -> anyhow::Result<std::process::ExitStatus> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor {editor}"))
}
