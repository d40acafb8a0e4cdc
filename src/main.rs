//! The `hookcli` binary: parse the command line, run it, turn the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match hookcli::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    hookcli::run(cli)
}
