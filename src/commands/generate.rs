//! `hookcli completions SHELL` and the hidden `hookcli generate DIR`, which writes the checked-in
//! completion scripts and man pages from the clap definitions (a test compares them).

use std::fs;
use std::path::Path;

use anyhow::Context;
use clap_complete::Shell;

use crate::cli::{self, CompletionsArgs, GenerateArgs};
use crate::exit;
use crate::output::Printer;

pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

pub fn completions(args: CompletionsArgs, printer: Printer) -> anyhow::Result<u8> {
    printer.out_bytes(&completion_script(args.shell))?;
    Ok(exit::SUCCESS)
}

pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut command = cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "hookcli", &mut script);
    script
}

/// The man pages: `hookcli.1`, and `hookcli-NAME.1` for each visible subcommand.
pub fn man_pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let command = cli::command();
    let mut pages = Vec::new();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    pages.push(("hookcli.1".to_string(), page));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("hookcli-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("hookcli {}", sub.get_name()));
        let mut page = Vec::new();
        clap_mangen::Man::new(sub).render(&mut page)?;
        pages.push((format!("{name}.1"), page));
    }
    Ok(pages)
}

pub fn completion_files() -> Vec<(String, Vec<u8>)> {
    SHELLS
        .iter()
        .map(|&shell| {
            let name = match shell {
                Shell::Bash => "hookcli.bash".to_string(),
                Shell::Zsh => "_hookcli".to_string(),
                Shell::Fish => "hookcli.fish".to_string(),
                Shell::PowerShell => "_hookcli.ps1".to_string(),
                Shell::Elvish => "hookcli.elv".to_string(),
                other => format!("hookcli.{other}"),
            };
            (name, completion_script(shell))
        })
        .collect()
}

pub fn generate(args: GenerateArgs) -> anyhow::Result<u8> {
    write_all(&args.out_dir.join("completions"), completion_files())?;
    write_all(&args.out_dir.join("man"), man_pages()?)?;
    Ok(exit::SUCCESS)
}

fn write_all(dir: &Path, files: Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
