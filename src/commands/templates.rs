//! `hookcli templates`: the built-in sample events, listed or shown.

use colored::Colorize;

use crate::cli::{TemplatesAction, TemplatesArgs};
use crate::exit::{self, Failure};
use crate::output::Printer;
use crate::templates::{self, TEMPLATES};

pub fn run(args: TemplatesArgs, printer: Printer) -> anyhow::Result<u8> {
    match args.action {
        None => {
            let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
            let lines: Vec<String> = TEMPLATES
                .iter()
                .map(|t| {
                    let signed = t
                        .signing
                        .map(|flags| format!(" (signed: {flags})"))
                        .unwrap_or_default();
                    format!(
                        "{}{}  {}{}",
                        t.name.bold(),
                        " ".repeat(width - t.name.len()),
                        t.description,
                        signed.dimmed()
                    )
                })
                .collect();
            printer.out(&lines.join("\n"))?;
        }
        Some(TemplatesAction::Show { name }) => {
            let template = templates::find(&name).ok_or_else(|| {
                Failure::usage(format!(
                    "there is no template '{name}'; `hookcli templates` lists them"
                ))
            })?;
            let filled = template.fill(crate::clock::now());
            let mut out = format!(
                "{} {}\n",
                template.name.bold(),
                format!("({})", template.format.content_type()).dimmed()
            );
            for (name, value) in &filled.headers {
                out.push_str(&format!("{}: {}\n", name.cyan(), value));
            }
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&filled.body));
            printer.out(out.trim_end())?;
        }
    }
    Ok(exit::SUCCESS)
}
