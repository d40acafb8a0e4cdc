//! HTTPie-style items after the URL: `name=value` (a string), `name:=json` (raw JSON), and
//! `name@path` (a file part of a multipart form, `name@path;type=image/png` to name its type).
//! The item's kind is set by whichever separator comes first, as in HTTPie: `a=b@c` is a string.

use std::path::PathBuf;

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: String,
    pub value: ItemValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemValue {
    /// `name=value` (a JSON string) or `name:=json`; `raw` says which was written.
    Json { value: Value, raw: bool },
    /// `name@path[;type=TYPE]`: a file sent as a part of a multipart form.
    File {
        path: PathBuf,
        content_type: Option<String>,
    },
}

impl Item {
    /// The JSON value of a `=` or `:=` item; a file item has none (JSON, XML and form payloads
    /// refuse file items before they read values).
    pub fn json(&self) -> &Value {
        match &self.value {
            ItemValue::Json { value, .. } => value,
            ItemValue::File { .. } => &Value::Null,
        }
    }

    pub fn is_file(&self) -> bool {
        matches!(self.value, ItemValue::File { .. })
    }
}

/// Parses one item; the key ends at the first `=`, `:=` or `@`.
pub fn parse_item(text: &str) -> Result<Item, String> {
    let separator = text.find(['=', '@']).ok_or_else(|| {
        format!("'{text}' is not an item; write name=value for a string, name:=json for raw JSON or name@path for a file")
    })?;
    if text.as_bytes()[separator] == b'@' {
        return parse_file_item(text, separator);
    }
    let (key, raw_json) = match text[..separator].strip_suffix(':') {
        Some(key) => (key, true),
        None => (&text[..separator], false),
    };
    if key.is_empty() {
        return Err(format!("'{text}' has no name before ="));
    }
    let rest = &text[separator + 1..];
    let value = if raw_json {
        serde_json::from_str(rest).map_err(|e| {
            format!("the value of item '{key}' is not JSON ({e}); quote strings: {key}:='\"text\"'")
        })?
    } else {
        Value::String(rest.to_string())
    };
    Ok(Item {
        key: key.to_string(),
        value: ItemValue::Json {
            value,
            raw: raw_json,
        },
    })
}

/// `name@path` or `name@path;type=TYPE`.
fn parse_file_item(text: &str, at: usize) -> Result<Item, String> {
    let key = &text[..at];
    if key.is_empty() {
        return Err(format!("'{text}' has no name before @"));
    }
    let rest = &text[at + 1..];
    let (path, content_type) = match rest.rsplit_once(";type=") {
        Some((path, media)) => {
            let valid =
                media.parse::<mime::Mime>().is_ok() && !media.bytes().any(|b| b.is_ascii_control());
            if !valid {
                return Err(format!(
                    "'{media}' in item '{key}' is not a media type; write such as ;type=image/png"
                ));
            }
            (path, Some(media.to_string()))
        }
        None => (rest, None),
    };
    if path.is_empty() {
        return Err(format!("item '{key}' names no file after @"));
    }
    Ok(Item {
        key: key.to_string(),
        value: ItemValue::File {
            path: PathBuf::from(path),
            content_type,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: Value, raw: bool) -> ItemValue {
        ItemValue::Json { value, raw }
    }

    #[test]
    fn strings_and_raw_json() {
        assert_eq!(
            parse_item("name=a=b").unwrap(),
            Item {
                key: "name".into(),
                value: json(Value::String("a=b".into()), false)
            }
        );
        assert_eq!(
            parse_item("count:=3").unwrap().json(),
            &serde_json::json!(3)
        );
        assert_eq!(
            parse_item("tags:=[\"a\",\"b\"]").unwrap().json(),
            &serde_json::json!(["a", "b"])
        );
        assert_eq!(
            parse_item("url=http://x/?a:=b").unwrap().json(),
            &Value::String("http://x/?a:=b".into())
        );
        assert_eq!(
            parse_item("email=a@b.example").unwrap().json(),
            &Value::String("a@b.example".into())
        );
        assert!(parse_item("novalue").is_err());
        assert!(parse_item("=x").is_err());
        assert!(parse_item("bad:={").is_err());
    }

    #[test]
    fn files_with_and_without_a_type() {
        assert_eq!(
            parse_item("photo@img/a b.png").unwrap().value,
            ItemValue::File {
                path: "img/a b.png".into(),
                content_type: None
            }
        );
        assert_eq!(
            parse_item("photo@a.bin;type=image/png").unwrap().value,
            ItemValue::File {
                path: "a.bin".into(),
                content_type: Some("image/png".into())
            }
        );
        assert!(parse_item("photo@a.bin;type=nonsense").is_err());
        assert!(parse_item("@a.bin").is_err());
        assert!(parse_item("photo@").is_err());
    }
}
