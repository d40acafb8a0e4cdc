//! Saving from the inspector: `s` writes the selected capture's body, byte for byte as stored,
//! and `x` writes captures to a HAR file through [`crate::har::write`], the writer
//! `export --har` uses, so the file is the one `export --har` writes for the same captures.
//! Neither replaces a file that exists (the inspector deletes nothing), and both create their
//! file readable by its owner only, as `export` does: bodies and headers carry secrets.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::capture::store::StoredCapture;
use crate::render::media_type::MediaType;
use crate::units::format_size;

/// The file name `s` offers: `capture-<index>.<ext>`, the extension from the content type.
pub fn default_body_name(capture: &StoredCapture) -> String {
    format!("capture-{}.{}", capture.index, extension_of(capture))
}

/// An extension an editor or viewer opens the body with; `bin` when nothing says it is text.
fn extension_of(capture: &StoredCapture) -> &'static str {
    let record = &capture.record;
    let Some(content_type) = record.header("content-type") else {
        let text = record
            .body_bytes()
            .is_ok_and(|body| std::str::from_utf8(&body).is_ok_and(|t| !t.contains('\0')));
        return if text { "txt" } else { "bin" };
    };
    let media = MediaType::parse(content_type);
    match media.essence.as_str() {
        _ if media.is_json() => "json",
        _ if media.is_xml() => "xml",
        "text/html" => "html",
        "text/csv" => "csv",
        _ if media.is_form() || media.is_text() => "txt",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}

/// Writes the capture's body to `path`, a new file; what the status line says.
pub fn save_body(capture: &StoredCapture, path: &Path) -> anyhow::Result<String> {
    let body = capture.record.body_bytes()?;
    write_new(path, |out| {
        out.write_all(&body)
            .with_context(|| format!("cannot write {}", path.display()))
    })?;
    Ok(format!(
        "Saved the body of #{} to {} ({})",
        capture.index,
        path.display(),
        format_size(body.len() as u64)
    ))
}

/// Writes the captures to `path`, a new HAR file; what the status line says.
pub fn write_har(captures: &[&StoredCapture], path: &Path) -> anyhow::Result<String> {
    let records = captures.iter().map(|capture| Ok(capture.record.clone()));
    let count = write_new(path, |out| crate::har::write(out, records))?;
    Ok(format!(
        "Wrote {} to {}",
        crate::units::plural(count as u64, "capture", "captures"),
        path.display()
    ))
}

/// Creates `path` (refusing one that exists), writes it through a buffer with `fill`, and
/// removes it again when that fails, so no half-written file is left under the name asked for.
fn write_new<T>(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<File>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if path.as_os_str().is_empty() {
        anyhow::bail!("no file named: type a path");
    }
    let file = match crate::capture::files::create_new_private_file(path) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(
                "{} exists and is not replaced: choose another name",
                path.display()
            )
        }
        opened => opened.with_context(|| format!("cannot create {}", path.display()))?,
    };
    let mut out = std::io::BufWriter::new(file);
    let written = fill(&mut out).and_then(|written| {
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(written)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(content_type: Option<&str>, body: &[u8]) -> StoredCapture {
        let mut record = crate::capture::line::read_record(
            br#"{"id":"i","received_at":"t","remote_addr":"r","method":"POST","path":"/a","query":null,"http_version":"HTTP/1.1","headers":[],"body":"","body_encoding":"utf8","body_size":0}"#,
        )
        .unwrap();
        if let Some(value) = content_type {
            record
                .headers
                .push(("Content-Type".into(), value.to_string()));
        }
        (record.body, record.body_encoding) = crate::capture::encode_body(body);
        record.body_size = body.len() as u64;
        StoredCapture { index: 3, record }
    }

    #[test]
    fn the_name_offered_has_the_content_type_s_extension() {
        let name = |content_type, body: &[u8]| default_body_name(&capture(content_type, body));
        assert_eq!(
            name(Some("application/json; charset=utf-8"), b"{}"),
            "capture-3.json"
        );
        assert_eq!(
            name(Some("application/vnd.api+json"), b"{}"),
            "capture-3.json"
        );
        assert_eq!(name(Some("text/xml"), b"<a/>"), "capture-3.xml");
        assert_eq!(name(Some("text/plain"), b"hi"), "capture-3.txt");
        assert_eq!(
            name(Some("application/octet-stream"), b"hi"),
            "capture-3.bin"
        );
        assert_eq!(name(None, b"hi"), "capture-3.txt");
        assert_eq!(name(None, b"\xff\x00"), "capture-3.bin");
    }

    #[test]
    fn a_body_is_saved_byte_for_byte_and_a_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("body.bin");
        let bytes = b"\x00\xffbinary\r\n";
        let said = save_body(&capture(None, bytes), &path).unwrap();
        assert_eq!(
            said,
            format!("Saved the body of #3 to {} (10 bytes)", path.display())
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        let refused = save_body(&capture(None, b"other"), &path).unwrap_err();
        assert!(format!("{refused:#}").contains("exists and is not replaced"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file is as it was"
        );
    }

    #[test]
    fn a_har_file_is_the_har_writer_s_and_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.har");
        let first = capture(Some("application/json"), b"{\"a\":1}");
        let second = capture(None, b"\x00");
        let said = write_har(&[&first, &second], &path).unwrap();
        assert_eq!(said, format!("Wrote 2 captures to {}", path.display()));
        let mut expected = Vec::new();
        crate::har::write(
            &mut expected,
            [Ok(first.record.clone()), Ok(second.record.clone())].into_iter(),
        )
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), expected);
        assert!(write_har(&[&first], &path).is_err());
    }
}
