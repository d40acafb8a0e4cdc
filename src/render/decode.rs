//! `Content-Encoding` decoding for display (gzip, deflate, br). The store always keeps the
//! bytes as received; decoding stops at a cap so a compression bomb cannot exhaust memory.

use std::io::Read;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Unsupported(String),
    Corrupt { coding: String, reason: String },
    TooLarge { coding: String, cap: u64 },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Unsupported(coding) => write!(
                f,
                "Content-Encoding '{coding}' is not one hookcli decodes; shown as received"
            ),
            DecodeError::Corrupt { coding, reason } => write!(
                f,
                "the body is not valid {coding} ({reason}); shown as received"
            ),
            DecodeError::TooLarge { coding, cap } => write!(
                f,
                "the {coding} body decodes to more than {}; shown as received",
                crate::units::format_size(*cap)
            ),
        }
    }
}

/// The codings named by a `Content-Encoding` value that change the bytes, in the order applied.
pub fn codings(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect()
}

/// Undoes the codings, last applied first.
pub fn decode(body: &[u8], codings: &[String], cap: u64) -> Result<Vec<u8>, DecodeError> {
    let mut current = body.to_vec();
    for coding in codings.iter().rev() {
        current = decode_one(&current, coding, cap)?;
    }
    Ok(current)
}

fn decode_one(body: &[u8], coding: &str, cap: u64) -> Result<Vec<u8>, DecodeError> {
    let attempt = |reader: Box<dyn Read + '_>| -> Result<Vec<u8>, DecodeError> {
        let mut out = Vec::new();
        reader
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| DecodeError::Corrupt {
                coding: coding.to_string(),
                reason: e.to_string(),
            })?;
        if out.len() as u64 > cap {
            return Err(DecodeError::TooLarge {
                coding: coding.to_string(),
                cap,
            });
        }
        Ok(out)
    };
    match coding {
        "gzip" | "x-gzip" => attempt(Box::new(flate2::read::MultiGzDecoder::new(body))),
        // HTTP's deflate is zlib-wrapped; some senders send raw deflate, accepted too.
        "deflate" => attempt(Box::new(flate2::read::ZlibDecoder::new(body)))
            .or_else(|_| attempt(Box::new(flate2::read::DeflateDecoder::new(body)))),
        "br" => attempt(Box::new(brotli::Decompressor::new(body, 4096))),
        other => Err(DecodeError::Unsupported(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_zlib_raw_deflate_and_brotli_decode() {
        let text = b"{\"hello\":\"world\"}";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text).unwrap();
        assert_eq!(
            decode(&gz.finish().unwrap(), &codings("gzip"), 1 << 20).unwrap(),
            text
        );
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        zlib.write_all(text).unwrap();
        assert_eq!(
            decode(&zlib.finish().unwrap(), &codings("deflate"), 1 << 20).unwrap(),
            text
        );
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(text).unwrap();
        assert_eq!(
            decode(&raw.finish().unwrap(), &codings("Deflate"), 1 << 20).unwrap(),
            text
        );
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &text[..], &mut br, &Default::default()).unwrap();
        assert_eq!(decode(&br, &codings("br"), 1 << 20).unwrap(), text);
    }

    #[test]
    fn bombs_and_garbage_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![0u8; 1 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(matches!(
            decode(&bomb, &codings("gzip"), 1000),
            Err(DecodeError::TooLarge { .. })
        ));
        assert!(matches!(
            decode(b"not gzip", &codings("gzip"), 1000),
            Err(DecodeError::Corrupt { .. })
        ));
        assert!(matches!(
            decode(b"x", &codings("zstd"), 1000),
            Err(DecodeError::Unsupported(_))
        ));
    }
}
