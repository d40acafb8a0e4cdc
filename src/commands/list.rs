//! `hookcli list`: the store's captures as a table, or as JSON Lines.

use std::collections::VecDeque;

use crate::capture::line::write_record;
use crate::capture::store::{resolve_store_path, StoreReader};
use crate::cli::{GlobalArgs, ListArgs};
use crate::exit;
use crate::output::table::{self, CaptureRow};
use crate::output::Printer;

pub fn run(args: ListArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let path = resolve_store_path(global.store.as_deref())?;
    crate::capture::store::ensure_store(&path)?;
    let mut reader = StoreReader::open(&path)?;
    let keep = args.last.unwrap_or(usize::MAX);
    if args.json {
        // Only the last N lines are held; without --last each record is printed as it is read.
        let mut window: VecDeque<Vec<u8>> = VecDeque::new();
        for stored in reader.by_ref() {
            let mut line = Vec::new();
            write_record(&mut line, &stored?.record);
            line.push(b'\n');
            if args.last.is_none() {
                printer.out_bytes(&line)?;
                continue;
            }
            if window.len() == keep {
                window.pop_front();
            }
            if keep > 0 {
                window.push_back(line);
            }
        }
        for line in window {
            printer.out_bytes(&line)?;
        }
    } else {
        let mut rows: VecDeque<CaptureRow> = VecDeque::new();
        // Every id is kept (26 bytes each) so that a shown prefix is unique in the whole store.
        let mut all_ids = Vec::new();
        for stored in reader.by_ref() {
            let stored = stored?;
            all_ids.push(stored.record.id.clone());
            if rows.len() == keep {
                rows.pop_front();
            }
            if keep > 0 {
                rows.push_back(CaptureRow::from_stored(&stored));
            }
        }
        all_ids.sort_unstable();
        if rows.is_empty() {
            let holds = if all_ids.is_empty() {
                "No captures".to_string()
            } else {
                format!("{} captures, none shown,", all_ids.len())
            };
            printer.status(&format!("{holds} in {}", path.display()));
        } else {
            printer.out(&table::render(
                rows.make_contiguous(),
                &all_ids,
                printer.width,
            ))?;
        }
    }
    for warning in reader.take_warnings() {
        printer.warn(&warning);
    }
    Ok(exit::SUCCESS)
}
