//! The chunked transfer coding (RFC 9112 section 7.1), decoded strictly and without I/O: bytes
//! go in as they arrive, however TCP splits them, and body bytes come out. What the grammar does
//! not allow is refused rather than guessed at, since a decoder that reads more than the grammar
//! frames bodies differently from one that reads exactly it: no bare LF or CR, no sign, no `0x`,
//! no whitespace around a size except the BWS before `;`, no empty extension. Leading zeros are
//! valid. Sizes are added with checked arithmetic, a chunk line is bounded by its length in
//! bytes (not by what one read returned), and trailers are bounded in count and size.

use super::syntax::{after_quoted_string, is_field_value_byte, skip_whitespace, token_length};

/// The longest chunk-size line, extensions included.
pub const MAX_CHUNK_LINE: usize = 4096;
/// The most trailer fields, and the most bytes of all trailer lines together.
pub const MAX_TRAILER_FIELDS: usize = 100;
pub const MAX_TRAILER_BYTES: usize = 64 * 1024;

/// Why a chunked body cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("a line of the chunked framing ends without CR")]
    BareLf,
    #[error("a line of the chunked framing holds a CR that does not end it")]
    BareCr,
    #[error("a chunk size that is not 1*HEXDIG [;extension]")]
    BadSize,
    #[error("a chunk size too large to be a size")]
    SizeOverflow,
    #[error("a chunk extension that is not ;name or ;name=value")]
    BadExtension,
    #[error("a chunk line longer than 4 KiB")]
    LineTooLong,
    #[error("a chunk without its line break")]
    MissingChunkEnd,
    #[error("a trailer line that is not a field")]
    BadTrailer,
    #[error("more than 100 trailer fields, or more than 64 KiB of them")]
    TrailersTooLarge,
    #[error("the body is larger than allowed")]
    TooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    SizeLine,
    Data(u64),
    /// The CR, then the LF, after a chunk's data.
    DataCr,
    DataLf,
    Trailers,
    Done,
}

/// A trailer field as received: name and value bytes, the value without surrounding whitespace.
pub type Trailer = (Vec<u8>, Vec<u8>);

/// Decodes one chunked body.
#[derive(Debug)]
pub struct ChunkedDecoder {
    state: State,
    /// The line being read, across as many inputs as it takes.
    line: Vec<u8>,
    max_body: u64,
    body_length: u64,
    trailers: Vec<Trailer>,
    trailer_bytes: usize,
}

impl ChunkedDecoder {
    /// A decoder that refuses a body whose chunks add up to more than `max_body` bytes, before
    /// the chunk that crosses it is read.
    pub fn new(max_body: u64) -> ChunkedDecoder {
        ChunkedDecoder {
            state: State::SizeLine,
            line: Vec::new(),
            max_body,
            body_length: 0,
            trailers: Vec::new(),
            trailer_bytes: 0,
        }
    }

    /// Whether the last chunk and the trailers have been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// How many body bytes the chunk sizes read so far announce.
    pub fn body_length(&self) -> u64 {
        self.body_length
    }

    /// The trailer fields, once done.
    pub fn take_trailers(&mut self) -> Vec<Trailer> {
        std::mem::take(&mut self.trailers)
    }

    /// Decodes what it can of `input`, handing body bytes to `data`, and returns how many bytes
    /// of `input` it used. Once the body has ended it uses no more: what follows belongs to the
    /// next message.
    pub fn decode(
        &mut self,
        mut input: &[u8],
        data: &mut impl FnMut(&[u8]),
    ) -> Result<usize, ChunkError> {
        let given = input.len();
        while !input.is_empty() {
            match self.state {
                State::Done => break,
                State::Data(remaining) => {
                    let take =
                        usize::try_from(remaining).map_or(input.len(), |r| r.min(input.len()));
                    data(&input[..take]);
                    input = &input[take..];
                    let left = remaining - take as u64;
                    self.state = if left == 0 {
                        State::DataCr
                    } else {
                        State::Data(left)
                    };
                }
                State::DataCr | State::DataLf => {
                    let expected = if self.state == State::DataCr {
                        b'\r'
                    } else {
                        b'\n'
                    };
                    if input[0] != expected {
                        return Err(ChunkError::MissingChunkEnd);
                    }
                    input = &input[1..];
                    self.state = if expected == b'\r' {
                        State::DataLf
                    } else {
                        State::SizeLine
                    };
                }
                State::SizeLine => {
                    if self.take_line(&mut input, MAX_CHUNK_LINE)? {
                        let size = chunk_size(&self.line)?;
                        self.line.clear();
                        self.start_chunk(size)?;
                    }
                }
                State::Trailers => {
                    let budget = MAX_TRAILER_BYTES.saturating_sub(self.trailer_bytes);
                    if self.take_line(&mut input, budget)? {
                        self.end_trailer_line()?;
                    }
                }
            }
        }
        Ok(given - input.len())
    }

    fn start_chunk(&mut self, size: u64) -> Result<(), ChunkError> {
        if size == 0 {
            self.state = State::Trailers;
            return Ok(());
        }
        self.body_length = self
            .body_length
            .checked_add(size)
            .filter(|total| *total <= self.max_body)
            .ok_or(ChunkError::TooLarge)?;
        self.state = State::Data(size);
        Ok(())
    }

    fn end_trailer_line(&mut self) -> Result<(), ChunkError> {
        if self.line.is_empty() {
            self.state = State::Done;
            return Ok(());
        }
        if self.trailers.len() >= MAX_TRAILER_FIELDS {
            return Err(ChunkError::TrailersTooLarge);
        }
        self.trailer_bytes += self.line.len() + 2;
        let field = trailer_field(&self.line)?;
        self.trailers.push(field);
        self.line.clear();
        Ok(())
    }

    /// Moves bytes up to and including a LF from `input` into the line; true when the line is
    /// whole (then it holds the line without its CRLF). The limit counts the line's own bytes, so
    /// the same body is read the same way however it is split.
    fn take_line(&mut self, input: &mut &[u8], limit: usize) -> Result<bool, ChunkError> {
        let too_long = if self.state == State::SizeLine {
            ChunkError::LineTooLong
        } else {
            ChunkError::TrailersTooLarge
        };
        match memchr::memchr(b'\n', input) {
            None => {
                if self.line.len() + input.len() > limit {
                    return Err(too_long);
                }
                self.line.extend_from_slice(input);
                *input = &[];
                Ok(false)
            }
            Some(at) => {
                if self.line.len() + at > limit {
                    return Err(too_long);
                }
                self.line.extend_from_slice(&input[..at]);
                *input = &input[at + 1..];
                if self.line.pop() != Some(b'\r') {
                    return Err(ChunkError::BareLf);
                }
                if memchr::memchr(b'\r', &self.line).is_some() {
                    return Err(ChunkError::BareCr);
                }
                Ok(true)
            }
        }
    }
}

/// The size on a chunk-size line: hex digits (leading zeros allowed), then nothing or
/// extensions.
fn chunk_size(line: &[u8]) -> Result<u64, ChunkError> {
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if digits == 0 {
        return Err(ChunkError::BadSize);
    }
    let size = line[..digits].iter().try_fold(0u64, |size, digit| {
        let value = (*digit as char).to_digit(16).unwrap_or(0);
        size.checked_mul(16)?.checked_add(u64::from(value))
    });
    let size = size.ok_or(ChunkError::SizeOverflow)?;
    check_extensions(&line[digits..])?;
    Ok(size)
}

/// `*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )` and nothing else.
fn check_extensions(mut rest: &[u8]) -> Result<(), ChunkError> {
    let mut first = true;
    while !rest.is_empty() {
        rest = match skip_whitespace(rest).split_first() {
            Some((b';', after)) => skip_whitespace(after),
            // After the size, only `;` may follow (with BWS before it).
            _ if first => return Err(ChunkError::BadSize),
            _ => return Err(ChunkError::BadExtension),
        };
        first = false;
        let name = token_length(rest);
        if name == 0 {
            return Err(ChunkError::BadExtension);
        }
        rest = &rest[name..];
        if let Some(value) = skip_whitespace(rest).strip_prefix(b"=") {
            let value = skip_whitespace(value);
            rest = if value.first() == Some(&b'"') {
                after_quoted_string(value).ok_or(ChunkError::BadExtension)?
            } else {
                match token_length(value) {
                    0 => return Err(ChunkError::BadExtension),
                    length => &value[length..],
                }
            };
        }
    }
    Ok(())
}

/// `field-name ":" OWS field-value OWS`, with no whitespace before the colon and only
/// field-value bytes in the value.
fn trailer_field(line: &[u8]) -> Result<Trailer, ChunkError> {
    let name = token_length(line);
    if name == 0 || line.get(name) != Some(&b':') {
        return Err(ChunkError::BadTrailer);
    }
    let value = super::syntax::trim_whitespace(&line[name + 1..]);
    if !value.iter().all(|b| is_field_value_byte(*b)) {
        return Err(ChunkError::BadTrailer);
    }
    Ok((line[..name].to_vec(), value.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `input` in pieces of `step` bytes: the body, the trailers, and what was left over.
    fn decode_in_steps(
        input: &[u8],
        step: usize,
    ) -> Result<(Vec<u8>, Vec<Trailer>, usize), ChunkError> {
        let mut decoder = ChunkedDecoder::new(1 << 20);
        let mut body = Vec::new();
        let mut used = 0;
        for piece in input.chunks(step.max(1)) {
            let took = decoder.decode(piece, &mut |data: &[u8]| body.extend_from_slice(data))?;
            used += took;
            if decoder.is_done() {
                break;
            }
        }
        assert!(decoder.is_done(), "the body did not end");
        Ok((body, decoder.take_trailers(), input.len() - used))
    }

    fn decode(input: &[u8]) -> Result<Vec<u8>, ChunkError> {
        decode_in_steps(input, input.len()).map(|(body, _, _)| body)
    }

    #[test]
    fn bodies_decode_the_same_however_they_are_split() {
        let input = b"3\r\nabc\r\n002;name=value;q=\"a b\" ;x\r\nde\r\n0\r\nT-One: 1 \r\nt2:\xff\r\n\r\nNEXT";
        for step in [1, 2, 3, 7, input.len()] {
            let (body, trailers, left) = decode_in_steps(input, step).unwrap();
            assert_eq!(body, b"abcde");
            assert_eq!(
                trailers,
                vec![
                    (b"T-One".to_vec(), b"1".to_vec()),
                    (b"t2".to_vec(), vec![0xff])
                ]
            );
            assert_eq!(left, 4, "the next message's bytes are left alone");
        }
    }

    #[test]
    fn what_rfc_9112_refuses_is_refused() {
        let cases: [(&[u8], ChunkError); 16] = [
            (b"3\nabc\r\n0\r\n\r\n", ChunkError::BareLf),
            (b"3\r\nabc\n0\r\n\r\n", ChunkError::MissingChunkEnd),
            (b"+3\r\nabc\r\n0\r\n\r\n", ChunkError::BadSize),
            (b" 3\r\nabc\r\n0\r\n\r\n", ChunkError::BadSize),
            (b"3 \r\nabc\r\n0\r\n\r\n", ChunkError::BadSize),
            (b"0x3\r\nabc\r\n0\r\n\r\n", ChunkError::BadSize),
            (b"3;\r\nabc\r\n0\r\n\r\n", ChunkError::BadExtension),
            (b"3;a=\r\nabc\r\n0\r\n\r\n", ChunkError::BadExtension),
            (b"3;a\0b\r\nabc\r\n0\r\n\r\n", ChunkError::BadExtension),
            (b"3;a\rb\r\nabc\r\n0\r\n\r\n", ChunkError::BareCr),
            (b"3;a=\"x\0\"\r\nabc\r\n0\r\n\r\n", ChunkError::BadExtension),
            (b"10000000000000000\r\n", ChunkError::SizeOverflow),
            (b"3\r\nabcd\r\n0\r\n\r\n", ChunkError::MissingChunkEnd),
            (b"0\r\nBad Name: x\r\n\r\n", ChunkError::BadTrailer),
            (b"0\r\nName: a\rb\r\n\r\n", ChunkError::BareCr),
            (b"0\r\nNa\x01me: x\r\n\r\n", ChunkError::BadTrailer),
        ];
        for (input, expected) in cases {
            assert_eq!(
                decode(input).unwrap_err(),
                expected,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
        assert_eq!(decode(b"0003\r\nabc\r\n00\r\n\r\n").unwrap(), b"abc");
        assert_eq!(
            decode(b"ffffffffffffffff\r\n").unwrap_err(),
            ChunkError::TooLarge,
            "the largest size parses, and is over the limit"
        );
    }

    #[test]
    fn the_line_limit_counts_bytes_not_reads() {
        let mut input = b"1;x=".to_vec();
        input.extend(std::iter::repeat_n(b'a', MAX_CHUNK_LINE));
        input.extend_from_slice(b"\r\nz\r\n0\r\n\r\n");
        for step in [1, 1000, input.len()] {
            assert_eq!(
                decode_in_steps(&input, step).unwrap_err(),
                ChunkError::LineTooLong,
                "step {step}"
            );
        }
        let mut fits = b"1;x=".to_vec();
        fits.extend(std::iter::repeat_n(b'a', MAX_CHUNK_LINE - 5));
        fits.extend_from_slice(b"\r\nz\r\n0\r\n\r\n");
        for step in [1, 1000, fits.len()] {
            assert_eq!(decode_in_steps(&fits, step).unwrap().0, b"z", "step {step}");
        }
    }

    #[test]
    fn trailers_are_bounded() {
        let many: Vec<u8> = (0..=MAX_TRAILER_FIELDS)
            .flat_map(|i| format!("T{i}: 1\r\n").into_bytes())
            .collect();
        let input = [&b"0\r\n"[..], &many, b"\r\n"].concat();
        assert_eq!(decode(&input).unwrap_err(), ChunkError::TrailersTooLarge);
    }
}
