//! Assembling a request's header list, shared by `send` and `replay`: setting and removing
//! headers by name, and the Host and Content-Length the connection needs.

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
