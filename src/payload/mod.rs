//! Payloads for `send`: the data (`-d`, a template) and the items merged into it, encoded in the
//! chosen format with its Content-Type. JSON and XML data are sent byte for byte as given; only
//! what hookcli itself builds (items, conversions) is serialised. A multipart form is built from
//! items alone, its files by reference ([`multipart::MultipartBody`]).

pub mod items;
pub mod multipart;
pub mod xml;

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::exit::Failure;
use items::Item;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// application/json
    Json,
    /// application/xml; JSON data and items are converted
    Xml,
    /// application/x-www-form-urlencoded, from items or a flat JSON object
    Form,
    /// text/plain
    Text,
    /// the bytes as given, application/octet-stream
    Raw,
    /// multipart/form-data from items: name=value text parts, name@path file parts
    Multipart,
}

impl Format {
    /// The Content-Type; a multipart body's own adds its boundary
    /// ([`multipart::MultipartBody::content_type`]).
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
            Format::Form => "application/x-www-form-urlencoded",
            Format::Text => "text/plain; charset=utf-8",
            Format::Raw => "application/octet-stream",
            Format::Multipart => "multipart/form-data",
        }
    }
}

/// An encoded payload and the Content-Type that names it (None for no body).
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// Shared, not copied, by every request built from it.
    pub body: bytes::Bytes,
    pub content_type: Option<String>,
    /// The parts of a multipart body, as built (for `--curl`, and for a client that streams).
    pub form: Option<Arc<multipart::MultipartBody>>,
}

/// A multipart form of `items` (files up to `max_upload` bytes each). Its bytes are read into
/// `body` only when `in_memory` (a signature is computed over them); else the body is empty and
/// the form is streamed from its files.
pub fn build_multipart(
    items: &[Item],
    max_upload: u64,
    in_memory: bool,
) -> Result<Payload, Failure> {
    let form = multipart::MultipartBody::from_items(items, max_upload)?;
    Ok(Payload {
        body: if in_memory {
            form.to_vec()?.into()
        } else {
            Default::default()
        },
        content_type: Some(form.content_type()),
        form: Some(Arc::new(form)),
    })
}

/// Encodes `data` (from `-d` or a template) and `items` in `format`; a multipart form is
/// [`build_multipart`]'s.
pub fn build(
    data: Option<&[u8]>,
    items: &[Item],
    format: Format,
    xml_root: &str,
) -> Result<Payload, Failure> {
    if let Some(file) = items.iter().find(|item| item.is_file()) {
        return Err(Failure::usage(format!(
            "'{}@...' is a file part, which only a multipart form sends; add --multipart",
            file.key
        )));
    }
    let body = match format {
        Format::Json => json_body(data, items)?,
        Format::Xml => xml_body(data, items, xml_root)?,
        Format::Form => form_body(data, items)?,
        Format::Text | Format::Raw => {
            if !items.is_empty() {
                return Err(Failure::usage(format!(
                    "items build JSON, XML or form payloads, not --format {}; give the body with -d",
                    if format == Format::Text { "text" } else { "raw" }
                )));
            }
            data.map(<[u8]>::to_vec).unwrap_or_default()
        }
        Format::Multipart => {
            return Err(Failure::usage(
                "a multipart form is built from items (name=value, name@path), not from -d or a template",
            ))
        }
    };
    let content_type = if body.is_empty() && data.is_none() && items.is_empty() {
        None
    } else {
        Some(format.content_type().to_string())
    };
    Ok(Payload {
        body: body.into(),
        content_type,
        form: None,
    })
}

fn json_body(data: Option<&[u8]>, items: &[Item]) -> Result<Vec<u8>, Failure> {
    if let Some(data) = data {
        check_json(data)?;
        if items.is_empty() {
            return Ok(data.to_vec());
        }
    }
    if items.is_empty() {
        return Ok(Vec::new());
    }
    merged_as_given(data, items)
}

/// The members of a JSON object as written: every key in order, duplicates kept, each value's
/// text untouched (`1E2`, `1.10`, escapes).
struct RawMembers(Vec<(String, Box<serde_json::value::RawValue>)>);

impl<'de> serde::Deserialize<'de> for RawMembers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = RawMembers;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMembers, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(RawMembers(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Items merged into JSON data without re-serialising what was given: only the items are
/// written by hookcli (compactly); an item replaces every member of its name where the first
/// one stood.
fn merged_as_given(data: Option<&[u8]>, items: &[Item]) -> Result<Vec<u8>, Failure> {
    let mut members = match data {
        None => Vec::new(),
        Some(data) => match serde_json::from_slice::<RawMembers>(data) {
            Ok(RawMembers(members)) => members
                .into_iter()
                .map(|(k, v)| (k, v.get().to_string()))
                .collect::<Vec<_>>(),
            Err(_) => {
                return Err(Failure::usage(
                    "items merge into a JSON object, but the data is not an object",
                ))
            }
        },
    };
    for item in items {
        let value = serde_json::to_string(item.json()).expect("a JSON value serialises");
        match members.iter().position(|(k, _)| *k == item.key) {
            Some(first) => {
                members[first].1 = value;
                let mut index = 0;
                members.retain(|(k, _)| {
                    index += 1;
                    index - 1 == first || *k != item.key
                });
            }
            None => members.push((item.key.clone(), value)),
        }
    }
    let mut out = Vec::from(&b"{"[..]);
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, key).expect("a string serialises");
        out.push(b':');
        out.extend_from_slice(value.as_bytes());
    }
    out.push(b'}');
    Ok(out)
}

fn xml_body(data: Option<&[u8]>, items: &[Item], root: &str) -> Result<Vec<u8>, Failure> {
    if let Some(data) = data {
        let starts_like_xml = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if starts_like_xml {
            if !items.is_empty() {
                return Err(Failure::usage(
                    "items cannot be merged into XML data; give them as JSON data instead",
                ));
            }
            crate::render::xml::validate(data).map_err(|e| {
                Failure::usage(format!(
                    "the data is not well-formed XML: {} at line {}, column {}",
                    e.message, e.line, e.column
                ))
            })?;
            return Ok(data.to_vec());
        }
        check_json(data).map_err(|e| {
            Failure::usage(format!(
                "with --format xml the data is XML (starting with '<') or JSON to convert, and this is neither: {}",
                e.message
            ))
        })?;
    }
    if data.is_none() && items.is_empty() {
        return Ok(Vec::new());
    }
    let value = if items.is_empty() {
        serde_json::from_slice(data.unwrap_or(b"{}"))
            .map_err(|e| Failure::usage(format!("the data is not JSON: {e}")))?
    } else {
        merged_object(data, items)?
    };
    Ok(xml::json_to_xml(&value, root).into_bytes())
}

fn form_body(data: Option<&[u8]>, items: &[Item]) -> Result<Vec<u8>, Failure> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(data) = data {
        let first = data.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'[') {
            return Err(Failure::usage(
                "form data is a JSON object or form-encoded text; a JSON array has no field names",
            ));
        }
        if first == Some(&b'{') {
            check_json(data)?;
            let value: Value = serde_json::from_slice(data)
                .map_err(|e| Failure::usage(format!("the data is not JSON: {e}")))?;
            for (key, value) in value.as_object().into_iter().flatten() {
                for value in form_values(key, value)? {
                    pairs.push((key.clone(), value));
                }
            }
        } else if items.is_empty() {
            // Already form-encoded (a template, or -d 'a=1&b=2'): sent as given.
            return Ok(data.to_vec());
        } else {
            pairs.extend(
                form_urlencoded::parse(data).map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
    }
    for item in items {
        // An item replaces every field of its name, where the first of them stood.
        let values = form_values(&item.key, item.json())?;
        let at = pairs
            .iter()
            .position(|(k, _)| *k == item.key)
            .unwrap_or(pairs.len());
        pairs.retain(|(k, _)| *k != item.key);
        let at = at.min(pairs.len());
        pairs.splice(at..at, values.into_iter().map(|v| (item.key.clone(), v)));
    }
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &pairs {
        serializer.append_pair(key, value);
    }
    Ok(serializer.finish().into_bytes())
}

/// A field's values: one, or one a member of an array (`"c":[1,2]` is `c=1&c=2`, as forms
/// repeat a field).
fn form_values(key: &str, value: &Value) -> Result<Vec<String>, Failure> {
    match value {
        Value::Array(members) => members.iter().map(|m| form_value(key, m)).collect(),
        other => Ok(vec![form_value(key, other)?]),
    }
}

fn form_value(key: &str, value: &Value) -> Result<String, Failure> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Null => Ok(String::new()),
        Value::Number(_) | Value::Bool(_) => Ok(value.to_string()),
        Value::Array(_) | Value::Object(_) => Err(Failure::usage(format!(
            "form fields are flat, but '{key}' holds {}; use --format json or xml",
            if value.is_array() {
                "an array inside an array"
            } else {
                "an object"
            }
        ))),
    }
}

/// The data as a JSON object with the items set in it, keys in order.
fn merged_object(data: Option<&[u8]>, items: &[Item]) -> Result<Value, Failure> {
    let mut object = match data {
        None => Map::new(),
        Some(data) => match serde_json::from_slice::<Value>(data) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(Failure::usage(
                    "items merge into a JSON object, but the data is not an object",
                ))
            }
            Err(e) => return Err(Failure::usage(format!("the data is not JSON: {e}"))),
        },
    };
    for item in items {
        object.insert(item.key.clone(), item.json().clone());
    }
    Ok(Value::Object(object))
}

fn check_json(data: &[u8]) -> Result<(), Failure> {
    crate::render::json::validate(data).map_err(|e| {
        Failure::usage(format!(
            "the data is not valid JSON: {} at line {}, column {} (use --format text or raw to send it as it is)",
            e.message, e.line, e.column
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> Item {
        items::parse_item(text).unwrap()
    }

    #[test]
    fn json_data_is_sent_as_given_and_items_merge_into_it() {
        let data = b"{ \"amount\": 1.10,\n \"a\": 1 }";
        assert_eq!(
            build(Some(data), &[], Format::Json, "p")
                .unwrap()
                .body
                .to_vec(),
            data
        );
        let merged = build(Some(data), &[item("a:=2"), item("b=x")], Format::Json, "p").unwrap();
        assert_eq!(merged.body.to_vec(), br#"{"amount":1.10,"a":2,"b":"x"}"#);
        let error = build(Some(b"{\"a\": }"), &[], Format::Json, "p").unwrap_err();
        assert!(
            error.message.contains("line 1, column 7"),
            "{}",
            error.message
        );
        assert!(build(Some(b"[1]"), &[item("a=1")], Format::Json, "p").is_err());
    }

    #[test]
    fn merging_keeps_what_was_given_as_written() {
        let data = br#"{"a":1E2, "dup":1, "dup":2, "s":"\u00e9"}"#;
        assert_eq!(
            build(Some(data), &[item("z=1")], Format::Json, "p")
                .unwrap()
                .body
                .to_vec(),
            br#"{"a":1E2,"dup":1,"dup":2,"s":"\u00e9","z":"1"}"#
        );
        assert_eq!(
            build(Some(data), &[item("dup:=3")], Format::Json, "p")
                .unwrap()
                .body
                .to_vec(),
            br#"{"a":1E2,"dup":3,"s":"\u00e9"}"#
        );
    }

    #[test]
    fn xml_from_json_items_and_xml_data_as_is() {
        let payload = build(
            None,
            &[item("event=ping"), item("tags:=[\"a\",\"b\"]")],
            Format::Xml,
            "payload",
        )
        .unwrap();
        assert_eq!(payload.content_type.as_deref(), Some("application/xml"));
        assert_eq!(payload.body.to_vec(), b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><payload><event>ping</event><tags>a</tags><tags>b</tags></payload>");
        assert_eq!(
            build(Some(b"<a>1</a>"), &[], Format::Xml, "p")
                .unwrap()
                .body
                .to_vec(),
            b"<a>1</a>"
        );
        assert!(build(Some(b"<a>1</b>"), &[], Format::Xml, "p").is_err());
    }

    #[test]
    fn forms_from_items_flat_json_or_encoded_text() {
        let form = |data: &[u8], items: &[Item]| {
            let data = (!data.is_empty()).then_some(data);
            build(data, items, Format::Form, "p").map(|payload| payload.body.to_vec())
        };
        assert_eq!(
            form(b"", &[item("a=1 2"), item("b:=true")]).unwrap(),
            b"a=1+2&b=true"
        );
        assert_eq!(
            form(br#"{"x":"y","n":null}"#, &[item("x=z")]).unwrap(),
            b"x=z&n="
        );
        assert_eq!(
            form(b"type=subscribe&data%5Bid%5D=1", &[]).unwrap(),
            b"type=subscribe&data%5Bid%5D=1"
        );
        assert!(form(br#"{"x":{"y":1}}"#, &[]).is_err());
        // An array is the field repeated; an item replaces every field of its name in place.
        assert_eq!(
            form(br#"{"a":1,"c":[1,"two"],"d":true}"#, &[]).unwrap(),
            b"a=1&c=1&c=two&d=true"
        );
        assert_eq!(
            form(br#"{"a":1,"c":[1,2],"d":true}"#, &[item("c:=[8,9]")]).unwrap(),
            b"a=1&c=8&c=9&d=true"
        );
        assert!(form(br#"{"c":[[1]]}"#, &[]).is_err());
        assert!(form(b"[1,2]", &[item("z=1")]).is_err());
    }

    #[test]
    fn text_and_raw_take_data_only() {
        assert_eq!(
            build(Some(b"\xff\x00"), &[], Format::Raw, "p")
                .unwrap()
                .content_type
                .as_deref(),
            Some("application/octet-stream")
        );
        assert!(build(None, &[item("a=1")], Format::Text, "p").is_err());
        assert_eq!(
            build(None, &[], Format::Json, "p").unwrap(),
            Payload {
                body: Default::default(),
                content_type: None,
                form: None
            }
        );
    }
}
