//! `hookcli export` and `hookcli import`: captures to and from HAR 1.2, and out as a Hurl file
//! or a curl script (written by `crate::export`); this file chooses and replaces the file.

use std::io::Write;

use anyhow::Context;

use crate::capture::resolve::{Ask, Default};
use crate::capture::source::CaptureSource;
use crate::capture::store::{
    append_records, create_private_file, ensure_store, resolve_store_path, same_file,
};
use crate::cli::{ExportArgs, GlobalArgs, ImportArgs};
use crate::exit::{self, Failure};
use crate::output::Printer;

pub fn export(args: ExportArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let store = resolve_store_path(global.store.as_deref())?;
    let source = CaptureSource::open(args.from.as_deref(), &store)?;
    let selection = args.selection.selection()?;
    let ask = Ask {
        default: Default::All,
        keep_last: None,
        numbered: false,
    };
    let mut captures = selection.resolve(&source, ask)?;
    let selected = captures.by_ref().map(|c| c.map(|c| c.record));
    let (format, file) = args.output();
    let to_stdout = file.as_os_str() == "-";
    let overwritten = [Some(store.as_path()), args.from.as_deref()]
        .into_iter()
        .flatten()
        .find(|read| same_file(&file, read));
    if let (false, Some(read)) = (to_stdout, overwritten) {
        let what = if read == store.as_path() {
            "the capture store"
        } else {
            "the file the captures are read from"
        };
        return Err(Failure::usage(format!(
            "{} {} is {what}; writing it would replace the captures, so choose another file",
            format.flag(),
            file.display()
        ))
        .into());
    }
    let written = write_export(format, &file, selected)?;
    for warning in captures.take_warnings().iter().chain(&written.warnings) {
        printer.warn(warning);
    }
    if !to_stdout {
        printer.status(&format!(
            "Exported {} capture{} to {}",
            crate::units::group_thousands(written.count),
            if written.count == 1 { "" } else { "s" },
            file.display()
        ));
    }
    if let Some(how) = written.how_to_run(format, &file) {
        printer.status(&how);
    }
    Ok(exit::SUCCESS)
}

/// Writes the captures to `file`: standard output for `-`, a device or pipe as it is, and a file
/// through a partial file renamed over it once complete.
fn write_export(
    format: crate::export::Format,
    file: &std::path::Path,
    captures: impl Iterator<Item = anyhow::Result<crate::capture::CaptureRecord>>,
) -> anyhow::Result<crate::export::Written> {
    if file.as_os_str() == "-" {
        write_har(
            format,
            std::io::stdout().lock(),
            captures,
            "standard output",
        )
    } else if std::fs::metadata(file).is_ok_and(|m| !m.is_file()) {
        // A device or a pipe (`/dev/stdout`, a FIFO) is written as it is: there is no file to
        // replace.
        let device = std::fs::OpenOptions::new()
            .write(true)
            .open(file)
            .with_context(|| format!("cannot write {}", file.display()))?;
        write_har(format, device, captures, &file.display().to_string())
    } else {
        // Written beside the target and renamed over it once complete, so a failure never
        // leaves a half-written file where a good one was; through a symlink, beside the file it
        // points to, so the link stays a link.
        let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let mut partial = target.clone().into_os_string();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        // Owner-only, as the store is: the captures' bodies and headers carry secrets.
        let out = create_private_file(&partial)
            .with_context(|| format!("cannot create {}", file.display()))?;
        let written = match write_har(format, out, captures, &file.display().to_string()) {
            Ok(written) => written,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
        };
        std::fs::rename(&partial, &target)
            .with_context(|| format!("cannot write {}", file.display()))?;
        Ok(written)
    }
}

/// Writes the captures in `format` through a buffer, and says what was written; a failed write
/// names `name`. On an error (a selector that selects nothing is found only at the end of the
/// store) what is still buffered is dropped rather than written: an export to standard output
/// that fails before its first 8 KiB leaves nothing there.
fn write_har(
    format: crate::export::Format,
    out: impl Write,
    captures: impl Iterator<Item = anyhow::Result<crate::capture::CaptureRecord>>,
    name: &str,
) -> anyhow::Result<crate::export::Written> {
    let mut out = std::io::BufWriter::new(crate::output::Named { inner: out, name });
    let written = match crate::export::write(format, &mut out, captures) {
        Ok(written) => written,
        Err(error) => {
            let _unwritten = out.into_parts();
            return Err(error);
        }
    };
    out.flush()?;
    Ok(written)
}

pub fn import(args: ImportArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let store = resolve_store_path(global.store.as_deref())?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", args.file.display())))?;
    let records = crate::har::import(&bytes, &args.file.display().to_string())?;
    ensure_store(&store)?;
    append_records(&store, &records).map_err(|e| Failure::io(e.message))?;
    printer.status(&format!(
        "Imported {} request{} into {}",
        crate::units::group_thousands(records.len() as u64),
        if records.len() == 1 { "" } else { "s" },
        store.display()
    ));
    Ok(exit::SUCCESS)
}
