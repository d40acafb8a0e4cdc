//! The one list of header fields that belong to a connection rather than to the message they
//! travel with (RFC 9110 section 7.6.1), and of the framing fields a sender sets from the body it
//! actually sends. A replay or a forwarded request sets them anew for its own connection, a
//! forwarded answer drops them before hookcli frames it again, and `-H` may not set framing.

/// Hop-by-hop fields: they describe one connection.
pub const HOP_BY_HOP: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Fields that frame the body, set from the body that is sent.
pub const FRAMING: [&str; 2] = ["content-length", "transfer-encoding"];

pub fn is_hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP.iter().any(|h| h.eq_ignore_ascii_case(name))
}

pub fn is_framing(name: &str) -> bool {
    FRAMING.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether `listen`'s server writes this field of an answer itself, from the body it sends and
/// the connection: `-H` and a rule's `headers` may not give it.
pub fn is_set_by_the_server(name: &str) -> bool {
    is_framing(name) || name.eq_ignore_ascii_case("connection")
}

/// Whether a field is set anew when a message is sent on another connection: hop-by-hop and
/// framing fields, `Host`, `Proxy-*` (credentials for one proxy), HTTP/2 pseudo-fields
/// (`:authority`, as browsers' HAR files hold them), and the fields that a `Connection` field of
/// the same message names (`connection_named`).
pub fn is_per_connection(name: &str) -> bool {
    name.starts_with(':')
        || is_hop_by_hop(name)
        || is_framing(name)
        || name.eq_ignore_ascii_case("host")
        || name
            .as_bytes()
            .get(..6)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(b"proxy-"))
}

/// The field names a message's `Connection` fields list (`Connection: close, X-Hop`): they are
/// hop-by-hop for that message.
pub fn connection_named(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, value)| value.split(','))
        .map(|token| token.trim().to_ascii_lowercase())
        .filter(|token| !token.is_empty())
        .collect()
}

/// The fields of `headers` that travel on to another connection, in order.
pub fn end_to_end(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let named = connection_named(&headers);
    headers
        .into_iter()
        .filter(|(name, _)| {
            !is_per_connection(name) && !named.iter().any(|n| n.eq_ignore_ascii_case(name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_connection_fields_and_those_connection_names_are_dropped() {
        let headers = vec![
            ("Host".to_string(), "a".to_string()),
            ("Connection".into(), "close, X-Hop".into()),
            ("x-hop".into(), "1".into()),
            ("Keep-Alive".into(), "timeout=5".into()),
            ("Proxy-Authorization".into(), "Basic x".into()),
            (":authority".into(), "a".into()),
            ("Content-Length".into(), "3".into()),
            ("X-Kept".into(), "1".into()),
            ("Trailer".into(), "X-T".into()),
        ];
        assert_eq!(
            end_to_end(headers),
            vec![("X-Kept".to_string(), "1".to_string())]
        );
    }
}
