//! The `Content-Type` header, split into its media type and parameters.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaType {
    /// `type/subtype`, lowercased, without parameters.
    pub essence: String,
    /// Parameter names lowercased; values unquoted.
    pub params: Vec<(String, String)>,
}

impl MediaType {
    pub fn parse(value: &str) -> MediaType {
        let mut parts = split_unquoted(value, ';').into_iter();
        let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let params = parts
            .filter_map(|part| {
                let (name, value) = part.split_once('=')?;
                let value = value.trim();
                let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                    Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
                    None => value.to_string(),
                };
                Some((name.trim().to_ascii_lowercase(), value))
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
}
