//! hookcli: test webhooks from the terminal. The binary's `main` parses the command line and
//! calls [`run`]; everything else lives in this library so tests can reach it.

#![forbid(unsafe_code)]

pub mod capture;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod exit;
pub mod export;
pub mod har;
pub mod http;
pub mod output;
pub mod payload;
pub mod relay;
pub mod render;
pub mod secrets;
pub mod sign;
pub mod templates;
pub mod units;

use std::process::ExitCode;

use cli::{Cli, Command};
use output::Printer;

/// Runs a parsed command line and returns the process's exit code, printing any error as one line.
pub fn run(cli: Cli) -> ExitCode {
    let show_secrets = match &cli.command {
        Command::Listen(args) => args.secrets.show_secrets,
        Command::Show(args) => args.secrets.show_secrets,
        Command::Inspect(args) => args.secrets.show_secrets,
        Command::Send(args) => args.secrets.show_secrets,
        Command::Replay(args) => args.secrets.show_secrets,
        _ => false,
    };
    let printer = Printer::new(cli.global.color, show_secrets);
    let global = cli.global;
    let outcome = match cli.command {
        Command::Listen(args) => commands::listen::run(*args, &global, printer),
        Command::List(args) => commands::list::run(args, &global, printer),
        Command::Show(args) => commands::show::run(args, &global, printer),
        Command::Inspect(args) => commands::inspect::run(args, &global, printer),
        Command::Send(args) => commands::send::run(*args, &global, printer),
        Command::Templates(args) => commands::templates::run(args, printer),
        Command::Replay(args) => commands::replay::run(*args, &global, printer),
        Command::Export(args) => commands::har::export(args, &global, printer),
        Command::Import(args) => commands::har::import(args, &global, printer),
        Command::Clear(args) => commands::clear::run(args, &global, printer),
        Command::Completions(args) => commands::generate::completions(args, printer),
        Command::Generate(args) => commands::generate::generate(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let (code, message) = exit::classify(&error);
            if let Some(message) = message {
                eprintln!("hookcli: error: {message}");
            }
            code
        }
    }
}
