//! How a message's body is framed, from its head: one Content-Length rule (RFC 9110 section
//! 8.6) and one Transfer-Encoding rule (RFC 9112 sections 6.1 and 6.3) for requests and responses
//! alike. A request whose framing two parsers could read differently is refused; a response is
//! read the way RFC 9112 section 6.3 orders, and its connection is not used again when its
//! framing leaves any doubt.

use super::syntax::trim_whitespace;

/// How a body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body at all (HEAD, 1xx, 204 and 304 answers).
    Empty,
    Length(u64),
    Chunked,
    /// A response body that ends when the server closes the connection.
    UntilClose,
}

/// Framing that cannot be read one way only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FramingError {
    #[error("the Content-Length is not a number")]
    BadLength,
    #[error("Content-Length values that differ")]
    DifferingLengths,
    #[error("both Content-Length and Transfer-Encoding, which is ambiguous; send one")]
    LengthAndEncoding,
    #[error("a body must be chunked (once, last) or have a Content-Length")]
    BadEncoding,
}

/// The framing of a response and whether its connection may carry another request after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseFraming {
    pub framing: Framing,
    pub reusable: bool,
}

/// The values of every field called `name`, in order.
pub fn values<'h>(
    headers: &'h [httparse::Header<'_>],
    name: &'h str,
) -> impl Iterator<Item = &'h [u8]> + 'h {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// Whether a comma-separated field such as Connection or Expect holds `token`.
pub fn has_token(headers: &[httparse::Header<'_>], name: &str, token: &str) -> bool {
    values(headers, name).any(|value| {
        value
            .split(|b| *b == b',')
            .any(|element| trim_whitespace(element).eq_ignore_ascii_case(token.as_bytes()))
    })
}

/// The Content-Length of all such fields, `None` when there are none. A list of one value
/// repeated (`2, 2`, or the field twice) is that value; values that differ, a sign, spaces
/// inside, an empty element or a number too large are refused.
pub fn content_length<'v>(
    values: impl IntoIterator<Item = &'v [u8]>,
) -> Result<Option<u64>, FramingError> {
    let mut length = None;
    for value in values {
        for element in value.split(|b| *b == b',') {
            let digits = trim_whitespace(element);
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return Err(FramingError::BadLength);
            }
            let number = digits.iter().try_fold(0u64, |n, d| {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            });
            let number = number.ok_or(FramingError::BadLength)?;
            if length.is_some_and(|length| length != number) {
                return Err(FramingError::DifferingLengths);
            }
            length = Some(number);
        }
    }
    Ok(length)
}

/// What the Transfer-Encoding fields say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Absent,
    /// `chunked` once, as the last coding.
    ChunkedLast,
    /// Anything else: a body that chunked framing does not end.
    Other,
}

fn transfer_coding(headers: &[httparse::Header<'_>]) -> Coding {
    if values(headers, "transfer-encoding").next().is_none() {
        return Coding::Absent;
    }
    let codings = values(headers, "transfer-encoding")
        .flat_map(|value| value.split(|b| *b == b','))
        .map(trim_whitespace)
        .filter(|coding| !coding.is_empty());
    let mut chunked = 0;
    let mut last_is_chunked = false;
    for coding in codings {
        last_is_chunked = coding.eq_ignore_ascii_case(b"chunked");
        chunked += usize::from(last_is_chunked);
    }
    if chunked == 1 && last_is_chunked {
        Coding::ChunkedLast
    } else {
        Coding::Other
    }
}

/// A request's framing: a Content-Length, or chunked once and last (never in HTTP/1.0), or no
/// body. Both fields together are refused, as is any other coding.
pub fn request_framing(
    headers: &[httparse::Header<'_>],
    http_10: bool,
) -> Result<Framing, FramingError> {
    let length = content_length(values(headers, "content-length"))?;
    match (transfer_coding(headers), length) {
        (Coding::Absent, length) => Ok(Framing::Length(length.unwrap_or(0))),
        (_, Some(_)) => Err(FramingError::LengthAndEncoding),
        (Coding::ChunkedLast, None) if !http_10 => Ok(Framing::Chunked),
        _ => Err(FramingError::BadEncoding),
    }
}

/// A response's framing, in RFC 9112 section 6.3's order: no body after HEAD and for 1xx, 204
/// and 304; Transfer-Encoding over Content-Length (the connection then closes after, since such
/// an answer may be an attempt at response splitting); a Content-Length; else until close.
pub fn response_framing(
    headers: &[httparse::Header<'_>],
    status: u16,
    http_10: bool,
    after_head_request: bool,
) -> Result<ResponseFraming, FramingError> {
    let persistent = if http_10 {
        has_token(headers, "connection", "keep-alive")
    } else {
        !has_token(headers, "connection", "close")
    };
    if after_head_request || (100..200).contains(&status) || status == 204 || status == 304 {
        return Ok(ResponseFraming {
            framing: Framing::Empty,
            reusable: persistent,
        });
    }
    let length = values(headers, "content-length").next().is_some();
    let (framing, clean) = match transfer_coding(headers) {
        Coding::ChunkedLast => (Framing::Chunked, !length && !http_10),
        Coding::Other => (Framing::UntilClose, false),
        Coding::Absent => match content_length(values(headers, "content-length"))? {
            Some(length) => (Framing::Length(length), true),
            None => (Framing::UntilClose, false),
        },
    };
    Ok(ResponseFraming {
        framing,
        reusable: persistent && clean,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers<'a>(fields: &'a [(&'a str, &'a str)]) -> Vec<httparse::Header<'a>> {
        fields
            .iter()
            .map(|(name, value)| httparse::Header {
                name,
                value: value.as_bytes(),
            })
            .collect()
    }

    #[test]
    fn content_length_is_one_number_repeated_or_refused() {
        let one = |text: &'static str| content_length([text.as_bytes()]);
        assert_eq!(one("2"), Ok(Some(2)));
        assert_eq!(one(" 2 , 2 "), Ok(Some(2)));
        assert_eq!(one("007"), Ok(Some(7)));
        assert_eq!(content_length([&b"2"[..], b"2"]), Ok(Some(2)));
        for bad in ["+2", "-1", "2 2", "", "2,", "0x2", "18446744073709551616"] {
            assert_eq!(one(bad), Err(FramingError::BadLength), "{bad:?}");
        }
        assert_eq!(one("2, 3"), Err(FramingError::DifferingLengths));
        assert_eq!(
            content_length([&b"2"[..], b"3"]),
            Err(FramingError::DifferingLengths)
        );
    }

    #[test]
    fn requests_are_framed_one_way_or_refused() {
        let framing = |fields: &[(&str, &str)]| request_framing(&headers(fields), false);
        assert_eq!(framing(&[]), Ok(Framing::Length(0)));
        assert_eq!(framing(&[("content-length", "5")]), Ok(Framing::Length(5)));
        assert_eq!(
            framing(&[("Transfer-Encoding", "gzip, chunked")]),
            Ok(Framing::Chunked)
        );
        assert_eq!(
            framing(&[("Content-Length", "5"), ("Transfer-Encoding", "chunked")]),
            Err(FramingError::LengthAndEncoding)
        );
        for bad in ["gzip", "chunked, gzip", "chunked, chunked", ""] {
            assert_eq!(
                framing(&[("Transfer-Encoding", bad)]),
                Err(FramingError::BadEncoding),
                "{bad:?}"
            );
        }
        assert_eq!(
            request_framing(&headers(&[("Transfer-Encoding", "chunked")]), true),
            Err(FramingError::BadEncoding)
        );
    }

    #[test]
    fn responses_follow_rfc_9112_section_6_3() {
        let framing = |fields: &[(&str, &str)], status| {
            response_framing(&headers(fields), status, false, false).unwrap()
        };
        let body = [("Content-Length", "4")];
        assert_eq!(framing(&body, 204).framing, Framing::Empty);
        assert_eq!(framing(&body, 304).framing, Framing::Empty);
        assert_eq!(
            response_framing(&headers(&body), 200, false, true)
                .unwrap()
                .framing,
            Framing::Empty
        );
        assert_eq!(
            framing(&body, 200),
            ResponseFraming {
                framing: Framing::Length(4),
                reusable: true
            }
        );
        assert_eq!(
            framing(
                &[("Content-Length", "4"), ("Transfer-Encoding", "chunked")],
                200
            ),
            ResponseFraming {
                framing: Framing::Chunked,
                reusable: false
            }
        );
        assert_eq!(
            framing(&[("Transfer-Encoding", "gzip")], 200),
            ResponseFraming {
                framing: Framing::UntilClose,
                reusable: false
            }
        );
        assert!(
            !framing(
                &[("Connection", "keep-alive, close"), ("Content-Length", "1")],
                200
            )
            .reusable
        );
        assert!(
            response_framing(&headers(&[("Content-Length", "+4")]), 200, false, false).is_err()
        );
        assert!(
            !response_framing(&headers(&body), 200, true, false)
                .unwrap()
                .reusable,
            "HTTP/1.0 closes unless kept alive"
        );
    }
}
