//! The `hookcli` binary: parse the command line, run it, turn the outcome into an exit code.

#![forbid(unsafe_code)]

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // An empty HOOKCLI_STORE means "not set" (the default store), as shells often leave it.
    if std::env::var_os("HOOKCLI_STORE").is_some_and(|v| v.is_empty()) {
        std::env::remove_var("HOOKCLI_STORE");
    }
    let cli = match hookcli::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    hookcli::run(cli)
}
