//! `hookcli clear`: empty the store, after asking on a terminal.

use std::io::{BufRead, IsTerminal, Write};

use crate::capture::store::{clear, resolve_store_path, StoreReader};
use crate::cli::{ClearArgs, GlobalArgs};
use crate::exit::{self, Failure};
use crate::output::Printer;

pub fn run(args: ClearArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let path = resolve_store_path(global.store.as_deref())?;
    crate::capture::store::ensure_store(&path)?;
    let mut reader = StoreReader::open(&path)?;
    let mut count = 0;
    for capture in reader.by_ref() {
        capture?;
        count += 1;
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(Failure::usage(format!(
                "refusing to clear {} without --yes (there is no terminal to ask on)",
                path.display()
            ))
            .into());
        }
        eprint!("Delete all {count} captures in {}? [y/N] ", path.display());
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            printer.status("Nothing deleted.");
            return Ok(exit::SUCCESS);
        }
    }
    clear(&path)?;
    printer.status(&format!(
        "Deleted {count} capture{} from {}",
        if count == 1 { "" } else { "s" },
        path.display()
    ));
    Ok(exit::SUCCESS)
}
