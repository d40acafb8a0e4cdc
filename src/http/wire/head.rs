//! Request and response heads: parsed by `httparse` (hyper's parser), then held to CRLF line
//! ends. `httparse` accepts a bare LF as a line end, as many servers do; a front proxy that keeps
//! a lone LF inside a value would then see one field where hookcli sees two
//! (`Dummy: x\nContent-Length: 23`), and the two would split the stream differently. hookcli
//! sits in front of an app with `--forward-to`, so it is the strict side: a bare LF, a bare CR
//! or a NUL anywhere in a head refuses it.

/// Why a head cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    #[error("a line of the head ends in a bare LF (HTTP/1.1 lines end in CRLF)")]
    BareLf,
    #[error("the head holds a CR that does not end a line")]
    BareCr,
    #[error("the head holds a NUL byte")]
    Nul,
    #[error("the head is larger than {} KiB", .0 / 1024)]
    TooLarge(usize),
    #[error("the head has more fields than allowed")]
    TooManyFields,
    #[error("the head is not valid HTTP/1.1 ({0})")]
    Invalid(httparse::Error),
}

impl HeadError {
    fn from_httparse(error: httparse::Error) -> HeadError {
        match error {
            httparse::Error::TooManyHeaders => HeadError::TooManyFields,
            other => HeadError::Invalid(other),
        }
    }
}

/// Refuses line ends other than CRLF, and NUL, in the bytes of a head.
pub fn check_line_ends(head: &[u8]) -> Result<(), HeadError> {
    for at in memchr::memchr3_iter(b'\r', b'\n', 0, head) {
        match head[at] {
            0 => return Err(HeadError::Nul),
            b'\n' if at == 0 || head[at - 1] != b'\r' => return Err(HeadError::BareLf),
            b'\r' if head.get(at + 1) != Some(&b'\n') => return Err(HeadError::BareCr),
            _ => {}
        }
    }
    Ok(())
}

/// Parses a request head at the start of `bytes`: its length once complete, `None` while it is
/// not. A head over `max_head` bytes is refused whether or not it is complete.
pub fn parse_request<'b>(
    bytes: &'b [u8],
    request: &mut httparse::Request<'_, 'b>,
    max_head: usize,
) -> Result<Option<usize>, HeadError> {
    let status = request.parse(bytes).map_err(HeadError::from_httparse);
    finish(bytes, status, max_head)
}

/// Parses a response head at the start of `bytes`, as [`parse_request`] does a request's.
pub fn parse_response<'b>(
    bytes: &'b [u8],
    response: &mut httparse::Response<'_, 'b>,
    max_head: usize,
) -> Result<Option<usize>, HeadError> {
    let status = response.parse(bytes).map_err(HeadError::from_httparse);
    finish(bytes, status, max_head)
}

fn finish(
    bytes: &[u8],
    status: Result<httparse::Status<usize>, HeadError>,
    max_head: usize,
) -> Result<Option<usize>, HeadError> {
    match status {
        Ok(httparse::Status::Complete(length)) if length > max_head => {
            Err(HeadError::TooLarge(max_head))
        }
        Ok(httparse::Status::Complete(length)) => {
            check_line_ends(&bytes[..length])?;
            Ok(Some(length))
        }
        Ok(httparse::Status::Partial) if bytes.len() > max_head => {
            Err(HeadError::TooLarge(max_head))
        }
        // A bare LF or NUL is refused as soon as it is seen, not only once the head ends.
        Ok(httparse::Status::Partial) => check_line_ends(partial_lines(bytes)).map(|_| None),
        // Say what is wrong with the line ends, when that is why httparse gave up.
        Err(HeadError::Invalid(error)) => Err(check_line_ends(partial_lines(bytes))
            .err()
            .unwrap_or(HeadError::Invalid(error))),
        Err(error) => Err(error),
    }
}

/// The complete lines of an unfinished head: a CR at its very end may still be followed by LF.
fn partial_lines(bytes: &[u8]) -> &[u8] {
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(bytes: &[u8]) -> Result<Option<usize>, HeadError> {
        let mut slots = [httparse::EMPTY_HEADER; 16];
        let mut parsed = httparse::Request::new(&mut slots);
        parse_request(bytes, &mut parsed, 1024)
    }

    fn response(bytes: &[u8]) -> Result<Option<usize>, HeadError> {
        let mut slots = [httparse::EMPTY_HEADER; 16];
        let mut parsed = httparse::Response::new(&mut slots);
        parse_response(bytes, &mut parsed, 1024)
    }

    #[test]
    fn crlf_heads_parse_and_partial_ones_wait() {
        assert_eq!(
            request(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"),
            Ok(Some(27))
        );
        assert_eq!(request(b"GET / HTTP/1.1\r\nHost: a\r"), Ok(None));
        assert_eq!(response(b"HTTP/1.1 200 OK\r\n\r\n"), Ok(Some(19)));
    }

    #[test]
    fn bare_lf_bare_cr_and_nul_are_refused_on_both_sides() {
        let smuggled = b"POST / HTTP/1.1\r\nHost: a\r\nDummy: x\nContent-Length: 23\r\n\r\n";
        assert_eq!(request(smuggled), Err(HeadError::BareLf));
        assert_eq!(
            request(b"GET / HTTP/1.1\nHost: a\n\n"),
            Err(HeadError::BareLf)
        );
        assert!(request(b"GET / HTTP/1.1\r\nA: x\ry\r\n\r\n").is_err());
        assert!(request(b"GET / HTTP/1.1\r\nA: x\0y\r\n\r\n").is_err());
        assert_eq!(
            response(b"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"),
            Err(HeadError::BareLf)
        );
        assert_eq!(
            request(b"GET / HTTP/1.1\r\nA: b\nC"),
            Err(HeadError::BareLf)
        );
    }

    #[test]
    fn heads_over_the_limit_are_refused_complete_or_not() {
        let long = format!("GET / HTTP/1.1\r\nA: {}\r\n\r\n", "x".repeat(2000));
        assert_eq!(request(long.as_bytes()), Err(HeadError::TooLarge(1024)));
        assert_eq!(
            request(&long.as_bytes()[..1500]),
            Err(HeadError::TooLarge(1024))
        );
    }
}
