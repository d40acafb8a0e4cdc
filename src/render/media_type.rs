//! The `Content-Type` header, split into its media type and parameters.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaType {
    /// `type/subtype`, lowercased, without parameters.
    pub essence: String,
    /// Parameter names lowercased; values unquoted.
    pub params: Vec<(String, String)>,
}

impl MediaType {
    /// A well-formed value's essence is read by the `mime` crate; one that is not (a missing
    /// subtype, a stray quote, a `Content-Disposition` value read for its parameters) by a lenient
    /// split, because senders do send such values and their bodies still deserve a rendering.
    /// Parameter values are kept as the sender wrote them (`mime` lowercases a charset).
    pub fn parse(value: &str) -> MediaType {
        let lenient = Self::parse_leniently(value);
        match value.trim().parse::<mime::Mime>() {
            Ok(parsed) => MediaType {
                essence: parsed.essence_str().to_ascii_lowercase(),
                ..lenient
            },
            Err(_) => lenient,
        }
    }

    fn parse_leniently(value: &str) -> MediaType {
        let mut parts = split_unquoted(value, ';').into_iter();
        let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let params = parts
            .filter_map(|part| {
                let (name, value) = part.split_once('=')?;
                Some((name.trim().to_ascii_lowercase(), unquote(value.trim())))
            })
            .collect();
        MediaType { essence, params }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_json(&self) -> bool {
        self.essence == "application/json"
            || self.essence.ends_with("+json")
            || self.essence == "text/json"
    }

    pub fn is_xml(&self) -> bool {
        matches!(self.essence.as_str(), "application/xml" | "text/xml")
            || self.essence.ends_with("+xml")
    }

    pub fn is_form(&self) -> bool {
        self.essence == "application/x-www-form-urlencoded"
    }

    pub fn is_multipart(&self) -> bool {
        self.essence.starts_with("multipart/")
    }

    pub fn is_text(&self) -> bool {
        self.essence.starts_with("text/")
    }
}

/// A parameter value without its quotes and backslash escapes.
fn unquote(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_string(),
    }
}

/// Splits on `separator` outside double quotes (a quoted boundary may hold a `;`).
pub fn split_unquoted(value: &str, separator: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for ch in value.chars() {
        if escaped {
            escaped = false;
        } else if ch == '\\' && quoted {
            escaped = true;
        } else if ch == '"' {
            quoted = !quoted;
        } else if ch == separator && !quoted {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        current.push(ch);
    }
    parts.push(current);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_essence_and_quoted_parameters() {
        let media = MediaType::parse("Multipart/Form-Data; boundary=\"a;b\"; charset=UTF-8");
        assert_eq!(media.essence, "multipart/form-data");
        assert_eq!(media.param("boundary"), Some("a;b"));
        assert!(MediaType::parse("application/vnd.api+json").is_json());
        assert!(MediaType::parse("application/atom+xml").is_xml());
    }

    #[test]
    fn well_formed_and_malformed_values_read_alike() {
        for value in [
            "multipart/form-data; boundary=\"a\\\"b\"",
            "text/plain; Charset=UTF-8",
            "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
            "application/json;charset=utf-8",
        ] {
            assert_eq!(
                MediaType::parse(value),
                MediaType::parse_leniently(value),
                "{value}"
            );
        }
        let broken = MediaType::parse("json; charset=\"utf-8");
        assert_eq!(broken.essence, "json");
        assert_eq!(broken.param("charset"), Some("\"utf-8"));
        assert_eq!(
            MediaType::parse("form-data; name=\"f\"").param("name"),
            Some("f")
        );
    }
}
