//! Assembling a request's header list, shared by `send` and `replay`: curl's `-H` rules,
//! signatures over the final body, and the Host and Content-Length the connection needs.

use crate::sign::{SignatureScheme, SigningMoment};
use crate::units::HeaderOp;

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

/// Removes every header of a name.
pub fn remove(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

/// Sets a header: replaces the first of its name in place, or appends it.
pub fn set(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    match headers
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some(index) => {
            headers[index].1 = value;
            let mut seen = false;
            headers.retain(|(n, _)| {
                !n.eq_ignore_ascii_case(name) || !std::mem::replace(&mut seen, true)
            });
        }
        None => headers.push((name.to_string(), value)),
    }
}

/// A scheme and its key, ready to sign.
#[derive(Debug)]
pub struct Signer {
    pub scheme: Box<dyn SignatureScheme>,
    pub key: Vec<u8>,
}

impl Signer {
    /// Replaces the scheme's headers with a fresh signature of `body`.
    pub fn sign_into(
        &self,
        headers: &mut Vec<(String, String)>,
        body: &[u8],
        moment: &SigningMoment,
    ) {
        for name in self.scheme.header_names() {
            remove(headers, &name);
        }
        headers.extend(self.scheme.sign(&self.key, body, moment));
    }
}

/// Methods that carry no body by convention: no `Content-Length: 0` is sent for them.
fn bodiless(method: &str) -> bool {
    ["GET", "HEAD", "OPTIONS", "DELETE", "TRACE", "CONNECT"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Sets what the connection needs: Host first when missing, and the body's Content-Length
/// (replacing any given, and dropping Transfer-Encoding: the body is sent whole).
pub fn frame(headers: &mut Vec<(String, String)>, authority: &str, method: &str, body_len: usize) {
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        headers.insert(0, ("Host".to_string(), authority.to_string()));
    }
    remove(headers, "transfer-encoding");
    if body_len > 0 || !bodiless(method) {
        set(headers, "Content-Length", body_len.to_string());
    } else {
        remove(headers, "content-length");
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
            crate::units::parse_header_op("user-agent: mine").unwrap(),
            crate::units::parse_header_op("X-A: 1").unwrap(),
            crate::units::parse_header_op("X-A: 2").unwrap(),
            crate::units::parse_header_op("Content-Type:").unwrap(),
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
    fn framing_sets_host_and_length() {
        let mut headers = pairs(&[
            ("X", "1"),
            ("Content-Length", "99"),
            ("Transfer-Encoding", "chunked"),
        ]);
        frame(&mut headers, "h:1", "POST", 3);
        assert_eq!(
            headers,
            pairs(&[("Host", "h:1"), ("X", "1"), ("Content-Length", "3")])
        );
        let mut get = Vec::new();
        frame(&mut get, "h", "GET", 0);
        assert_eq!(get, pairs(&[("Host", "h")]));
    }
}
