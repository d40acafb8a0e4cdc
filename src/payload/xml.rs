//! JSON to XML, deterministic and documented (README, "JSON to XML"):
//! - the document is `<?xml version="1.0" encoding="UTF-8"?>` and one root element (`--xml-root`);
//! - an object's keys become child elements in order;
//! - an array becomes its key's element repeated; a top-level array, or an array inside an
//!   array, becomes `<item>` elements;
//! - numbers and booleans become their JSON text, null an empty element, strings escaped text;
//! - a key that is not an XML name is made one: characters other than letters, digits, `_`, `-`
//!   and `.` (and letters beyond ASCII) become `_`, and a name that cannot start an XML name gets a leading `_`;
//! - characters XML 1.0 cannot carry (control characters other than tab, line feed and carriage
//!   return) become U+FFFD.

use serde_json::Value;

pub fn json_to_xml(value: &Value, root: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let root = xml_name(root);
    match value {
        Value::Array(items) => {
            out.push_str(&format!("<{root}>"));
            for item in items {
                element(&mut out, "item", item);
            }
            out.push_str(&format!("</{root}>"));
        }
        other => element(&mut out, &root, other),
    }
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Array(items) => {
            // An array stands as the element repeated; an array inside it needs a level of its own.
            for item in items {
                match item {
                    Value::Array(_) => {
                        out.push_str(&format!("<{name}>"));
                        if let Value::Array(inner) = item {
                            for value in inner {
                                element(out, "item", value);
                            }
                        }
                        out.push_str(&format!("</{name}>"));
                    }
                    other => element(out, name, other),
                }
            }
        }
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (key, value) in map {
                element(out, &xml_name(key), value);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(text) => out.push_str(&format!("<{name}>{}</{name}>", escape(text))),
        Value::Number(number) => out.push_str(&format!("<{name}>{number}</{name}>")),
        Value::Bool(flag) => out.push_str(&format!("<{name}>{flag}</{name}>")),
    }
}

/// A valid XML element name made from a JSON key.
pub fn xml_name(key: &str) -> String {
    let mut name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.')
                || (!c.is_ascii() && c.is_alphabetic())
            {
                c
            } else {
                '_'
            }
        })
        .collect();
    let starts_well = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_well {
        name.insert(0, '_');
    }
    name
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_objects_arrays_and_scalars_in_order() {
        let value = json!({"id": 7, "ok": true, "note": null, "tags": ["a", "b"], "who": {"name": "A & B <x>"}, "9lives": 1, "a b": 2});
        assert_eq!(
            json_to_xml(&value, "payload"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><payload><id>7</id><ok>true</ok><note/><tags>a</tags><tags>b</tags><who><name>A &amp; B &lt;x&gt;</name></who><_9lives>1</_9lives><a_b>2</a_b></payload>"
        );
        assert_eq!(json_to_xml(&json!([1, {"a": 2}]), "events"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><events><item>1</item><item><a>2</a></item></events>");
        assert_eq!(json_to_xml(&json!({"m": [[1, 2], [3]]}), "p"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p><m><item>1</item><item>2</item></m><m><item>3</item></m></p>");
        assert_eq!(
            json_to_xml(&json!("x\u{1}y"), "p"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p>x\u{FFFD}y</p>"
        );
    }

    #[test]
    fn the_output_is_well_formed() {
        let value = json!({"": {"<>": [null, [], {}], "-x": "\u{0}&"}});
        let xml = json_to_xml(&value, "1root");
        assert!(
            crate::render::xml::validate(xml.as_bytes()).is_ok(),
            "{xml}"
        );
    }
}
