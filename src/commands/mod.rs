//! One module per subcommand. Each computes values and hands them to the printer.

pub mod clear;
pub mod generate;
pub mod har;
pub mod inspect;
pub mod list;
pub mod listen;
pub mod replay;
pub mod send;
pub mod show;
pub mod templates;
