//! One module per subcommand. Each computes values and hands them to the printer.

pub mod generate;
pub mod list;
pub mod listen;
pub mod send;
pub mod show;
pub mod templates;
