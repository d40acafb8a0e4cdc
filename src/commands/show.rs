//! `hookcli show SELECTOR`: one capture as `listen` prints it, its JSON record, or its raw body.

use anyhow::Context;

use crate::capture::line::write_record;
use crate::capture::select::Selector;
use crate::capture::store::{resolve_store_path, StoreReader};
use crate::cli::{GlobalArgs, ShowArgs};
use crate::exit::{self, Failure};
use crate::output::capture_block::capture_block;
use crate::output::Printer;
use crate::render::RenderOptions;
use crate::units::format_size;

pub fn run(args: ShowArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let selector = Selector::parse(&args.selector)?;
    let path = resolve_store_path(global.store.as_deref())?;
    crate::capture::store::ensure_store(&path)?;
    let mut reader = StoreReader::open(&path)?;
    let found = selector.resolve_one(&mut reader);
    for warning in reader.take_warnings() {
        printer.warn(&warning);
    }
    let stored = found?;
    if let Some(path) = &args.output {
        let body = stored.record.body_bytes()?;
        std::fs::write(path, &body)
            .with_context(|| format!("cannot write the body to {}", path.display()))?;
        printer.status(&format!(
            "Wrote {} of #{}'s body to {}",
            format_size(body.len() as u64),
            stored.index,
            path.display()
        ));
    } else if args.body {
        let body = stored.record.body_bytes()?;
        if printer.terminal && looks_binary(&body) {
            return Err(Failure::usage(
                "this body is binary, and binary output can mess up your terminal; use --output FILE or pipe it",
            )
            .into());
        }
        printer.out_bytes(&body)?;
    } else if args.json {
        let mut line = Vec::new();
        write_record(&mut line, &stored.record);
        if printer.terminal {
            // For people, as jq shows JSON; for pipes, the record line as stored.
            printer.out(&crate::render::json::pretty(&line))?;
        } else {
            line.push(b'\n');
            printer.out_bytes(&line)?;
        }
    } else {
        let label = format!("#{}", stored.index);
        printer.out(&capture_block(
            &stored.record,
            Some(&label),
            &RenderOptions::new(args.full),
            printer.width,
            &printer.redaction,
        ))?;
    }
    Ok(exit::SUCCESS)
}

/// Bytes a terminal would act on rather than show: not UTF-8, or control characters other than
/// tabs and line ends (an escape sequence, a NUL).
fn looks_binary(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err()
        || bytes
            .iter()
            .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
}
