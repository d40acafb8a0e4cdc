//! `hookcli show SELECTOR`: one capture as `listen` prints it, its JSON record, or its raw body.

use crate::capture::line::write_record;
use crate::capture::select::Selector;
use crate::capture::store::{resolve_store_path, StoreReader};
use crate::cli::{GlobalArgs, ShowArgs};
use crate::exit;
use crate::output::capture_block::capture_block;
use crate::output::Printer;
use crate::render::RenderOptions;

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
    if args.body {
        printer.out_bytes(&stored.record.body_bytes()?)?;
    } else if args.json {
        let mut line = Vec::new();
        write_record(&mut line, &stored.record);
        line.push(b'\n');
        printer.out_bytes(&line)?;
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
