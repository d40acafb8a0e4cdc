//! The `-H` edits of `send` and `replay`, with curl's meanings: parsed from the command line,
//! then applied in order to a request's header list (a default's, a template's or a capture's).

use crate::http::request::remove;
use crate::units::parse_header;

/// A `-H` of `send` and `replay`, with curl's meanings: `Name: Value` sets a header, `Name:`
/// removes it, `Name;` sends it empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderOp {
    pub name: String,
    /// None removes the header.
    pub value: Option<String>,
}

pub fn parse_header_op(text: &str) -> Result<HeaderOp, String> {
    if let Some(name) = text.strip_suffix(';').filter(|n| !n.contains(':')) {
        let (name, _) = parse_header(&format!("{name}:"))?;
        return Ok(HeaderOp {
            name,
            value: Some(String::new()),
        });
    }
    let (name, value) = parse_header(text)?;
    let removes = text.trim_end().ends_with(':') && value.is_empty();
    Ok(HeaderOp {
        name,
        value: if removes { None } else { Some(value) },
    })
}

/// Applies `-H` operations in order: the first time a name appears, every header of that name
/// already there (a default, a template's, a captured one) is removed; then the value, if any,
/// is appended. So `-H 'A: 1' -H 'A: 2'` sends both, and `-H 'A:'` sends none.
pub fn apply_header_ops(headers: &mut Vec<(String, String)>, ops: &[HeaderOp]) {
    let mut replaced: Vec<&str> = Vec::new();
    for op in ops {
        if !replaced
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&op.name))
        {
            remove(headers, &op.name);
            replaced.push(&op.name);
        }
        if let Some(value) = &op.value {
            headers.push((op.name.clone(), value.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn header_ops_replace_defaults_add_repeats_and_remove() {
        let mut headers = pairs(&[
            ("Host", "h"),
            ("User-Agent", "hookcli/1"),
            ("Content-Type", "application/json"),
        ]);
        let ops = [
            parse_header_op("user-agent: mine").unwrap(),
            parse_header_op("X-A: 1").unwrap(),
            parse_header_op("X-A: 2").unwrap(),
            parse_header_op("Content-Type:").unwrap(),
        ];
        apply_header_ops(&mut headers, &ops);
        assert_eq!(
            headers,
            pairs(&[
                ("Host", "h"),
                ("user-agent", "mine"),
                ("X-A", "1"),
                ("X-A", "2")
            ])
        );
    }

    #[test]
    fn header_ops_follow_curl() {
        assert_eq!(
            parse_header_op("X-A: 1").unwrap(),
            HeaderOp {
                name: "X-A".into(),
                value: Some("1".into())
            }
        );
        assert_eq!(
            parse_header_op("User-Agent:").unwrap(),
            HeaderOp {
                name: "User-Agent".into(),
                value: None
            }
        );
        assert_eq!(
            parse_header_op("X-Empty;").unwrap(),
            HeaderOp {
                name: "X-Empty".into(),
                value: Some(String::new())
            }
        );
    }
}
