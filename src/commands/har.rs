//! `hookcli export --har` and `hookcli import`: captures to and from HAR 1.2.

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
    let to_stdout = args.har.as_os_str() == "-";
    let overwritten = [Some(store.as_path()), args.from.as_deref()]
        .into_iter()
        .flatten()
        .find(|read| same_file(&args.har, read));
    if let (false, Some(read)) = (to_stdout, overwritten) {
        let what = if read == store.as_path() {
            "the capture store"
        } else {
            "the file the captures are read from"
        };
        return Err(Failure::usage(format!(
            "--har {} is {what}; writing it would replace the captures, so choose another file",
            args.har.display()
        ))
        .into());
    }
    let count = if to_stdout {
        write_har(std::io::stdout().lock(), selected, "standard output")?
    } else if std::fs::metadata(&args.har).is_ok_and(|m| !m.is_file()) {
        // A device or a pipe (`/dev/stdout`, a FIFO) is written as it is: there is no file to
        // replace.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&args.har)
            .with_context(|| format!("cannot write {}", args.har.display()))?;
        write_har(file, selected, &args.har.display().to_string())?
    } else {
        // Written beside the target and renamed over it once complete, so a failure never
        // leaves a half-written file where a good one was; through a symlink, beside the file it
        // points to, so the link stays a link.
        let target = std::fs::canonicalize(&args.har).unwrap_or_else(|_| args.har.clone());
        let mut partial = target.clone().into_os_string();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        // Owner-only, as the store is: the captures' bodies and headers carry secrets.
        let file = create_private_file(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let count = match write_har(file, selected, &partial.display().to_string()) {
            Ok(count) => count,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
        };
        std::fs::rename(&partial, &target)
            .with_context(|| format!("cannot write {}", args.har.display()))?;
        count
    };
    for warning in captures.take_warnings() {
        printer.warn(&warning);
    }
    if !to_stdout {
        printer.status(&format!(
            "Exported {} capture{} to {}",
            crate::units::group_thousands(count),
            if count == 1 { "" } else { "s" },
            args.har.display()
        ));
    }
    Ok(exit::SUCCESS)
}

/// Writes the captures as one HAR document through a buffer, and returns how many.
fn write_har(
    out: impl Write,
    captures: impl Iterator<Item = anyhow::Result<crate::capture::CaptureRecord>>,
    name: &str,
) -> anyhow::Result<u64> {
    let mut out = std::io::BufWriter::new(out);
    let count = crate::har::write(&mut out, captures)?;
    out.flush()
        .with_context(|| format!("cannot write {name}"))?;
    Ok(count)
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
