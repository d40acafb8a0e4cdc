//! HTTPie-style items after the URL: `name=value` (a string) and `name:=json` (raw JSON).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: String,
    pub value: Value,
}

/// Parses one item; the key ends at the first `=` (or `:=`).
pub fn parse_item(text: &str) -> Result<Item, String> {
    let equals = text.find('=').ok_or_else(|| {
        format!("'{text}' is not an item; write name=value for a string or name:=json for raw JSON")
    })?;
    let (key, raw_json) = match text[..equals].strip_suffix(':') {
        Some(key) => (key, true),
        None => (&text[..equals], false),
    };
    if key.is_empty() {
        return Err(format!("'{text}' has no name before ="));
    }
    let rest = &text[equals + 1..];
    let value = if raw_json {
        serde_json::from_str(rest).map_err(|e| {
            format!("the value of item '{key}' is not JSON ({e}); quote strings: {key}:='\"text\"'")
        })?
    } else {
        Value::String(rest.to_string())
    };
    Ok(Item {
        key: key.to_string(),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_raw_json() {
        assert_eq!(
            parse_item("name=a=b").unwrap(),
            Item {
                key: "name".into(),
                value: Value::String("a=b".into())
            }
        );
        assert_eq!(parse_item("count:=3").unwrap().value, serde_json::json!(3));
        assert_eq!(
            parse_item("tags:=[\"a\",\"b\"]").unwrap().value,
            serde_json::json!(["a", "b"])
        );
        assert_eq!(
            parse_item("url=http://x/?a:=b").unwrap().value,
            Value::String("http://x/?a:=b".into())
        );
        assert!(parse_item("novalue").is_err());
        assert!(parse_item("=x").is_err());
        assert!(parse_item("bad:={").is_err());
    }
}
