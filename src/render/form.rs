//! `application/x-www-form-urlencoded` bodies as decoded `key = value` lines.

use colored::Colorize;

pub fn pretty(bytes: &[u8]) -> String {
    let lines: Vec<String> = form_urlencoded::parse(bytes)
        .map(|(key, value)| {
            format!(
                "{} = {}",
                super::visible(&key).blue().bold(),
                super::visible(&value)
            )
        })
        .collect();
    if lines.is_empty() {
        "(an empty form)".dimmed().to_string()
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_plus_and_percent_escapes_in_order() {
        colored::control::set_override(false);
        assert_eq!(
            super::pretty(b"type=subscribe&data%5Bemail%5D=a%40b.c&note=hi+there&flag"),
            "type = subscribe\ndata[email] = a@b.c\nnote = hi there\nflag = "
        );
    }
}
