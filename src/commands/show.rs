//! `hookcli show SELECTOR`: one capture as `listen` prints it, its JSON record, or its raw body.

use anyhow::Context;

use crate::capture::line::write_record;
use crate::capture::resolve::{Ask, Default};
use crate::capture::select::{Selection, Selector};
use crate::capture::source::CaptureSource;
use crate::capture::store::resolve_store_path;
use crate::cli::{GlobalArgs, ShowArgs};
use crate::exit::{self, Failure};
use crate::output::capture_block::capture_block;
use crate::output::Printer;
use crate::render::RenderOptions;
use crate::units::format_size;

pub fn run(args: ShowArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let selection = one_capture(&args)?;
    let path = resolve_store_path(global.store.as_deref())?;
    crate::capture::store::ensure_store(&path)?;
    let source = CaptureSource::Store(path.clone());
    let numbered = !args.json && (!args.body || args.output.is_some());
    let mut selected = selection.resolve(
        &source,
        Ask {
            default: Default::Last,
            keep_last: Some(1),
            numbered,
        },
    )?;
    let found = selected.next().transpose();
    let warnings = selected.take_warnings();
    for warning in &warnings {
        printer.warn(warning);
    }
    let Some(stored) = found? else {
        return Err(Failure::usage(if selected.undecoded() > 0 {
            format!(
                "no capture to show in the store {}: the line selected is not a capture record",
                path.display()
            )
        } else if selection.filters.is_empty() {
            format!("the store {} has no captures yet", path.display())
        } else {
            format!(
                "no capture in the store {} passes the filters",
                path.display()
            )
        })
        .into());
    };
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

/// The selection of a command that shows one capture: one selector at most, and a range or
/// `all` only with filters (the last capture of them that passes).
fn one_capture(args: &ShowArgs) -> anyhow::Result<Selection> {
    let selection = args.selection.selection()?;
    if let [first, second, ..] = args.selection.selectors.as_slice() {
        return Err(Failure::usage(format!(
            "show takes one selector, not '{first}' and '{second}'; give one, or use list"
        ))
        .into());
    }
    if let Some(Selector::Range(..) | Selector::All) = selection.selectors.first() {
        if selection.filters.is_empty() {
            return Err(Failure::usage(
                "show shows one capture; use an index, last, last~N or an id (with filters, a range or all shows the last that passes them)",
            )
            .into());
        }
    }
    Ok(selection)
}

/// Bytes a terminal would act on rather than show: not UTF-8, or control characters other than
/// tabs and line ends (an escape sequence, a NUL).
fn looks_binary(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err()
        || bytes
            .iter()
            .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
}
