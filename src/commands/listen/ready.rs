//! `listen --ready-file PATH`: once the listener is bound, a JSON file says where to send, so a CI
//! script waits for the file rather than reading the log with `sed`. It is written whole or not at
//! all (a temporary file renamed into place), and removed when the listener stops.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// Refuses, before anything is bound, a ready file whose folder does not exist: a script
/// waiting for it would wait for ever.
pub fn check_folder(path: &Path) -> Result<(), crate::exit::Failure> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if folder.is_dir() {
        Ok(())
    } else {
        Err(crate::exit::Failure::usage(format!(
            "--ready-file {}: the folder {} does not exist; create it or choose another path",
            path.display(),
            folder.display()
        )))
    }
}

/// The written file; dropping it removes the file.
pub struct ReadyFile {
    path: PathBuf,
}

impl ReadyFile {
    pub fn write(
        path: &Path,
        url: Option<&str>,
        public_urls: &[String],
    ) -> anyhow::Result<ReadyFile> {
        let content = serde_json::json!({
            "url": url,
            "public_urls": public_urls,
            "pid": std::process::id(),
        });
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".{}.tmp", std::process::id()));
        let temporary = PathBuf::from(temporary);
        std::fs::write(&temporary, format!("{content}\n"))
            .with_context(|| format!("cannot write --ready-file {}", temporary.display()))?;
        std::fs::rename(&temporary, path).with_context(|| {
            let _ = std::fs::remove_file(&temporary);
            format!("cannot write --ready-file {}", path.display())
        })?;
        Ok(ReadyFile {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for ReadyFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
