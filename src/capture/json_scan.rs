//! The three steps the store's line writer and reader take over JSON strings, done sixteen bytes
//! at a time with SSE2 on x86-64 and a byte at a time elsewhere: a store line is mostly one long
//! JSON string, the body, so these are most of the cost of writing and reading one.

#[cfg(target_arch = "x86_64")]
pub use super::json_scan_sse2::{escape_block, find_special, unescape_to_quote, ROOM};
#[cfg(not(target_arch = "x86_64"))]
pub use portable::{escape_block, find_special, unescape_to_quote, ROOM};

/// What follows the backslash for each byte that JSON strings escape: serde_json's table.
pub static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes the escape of a byte that JSON strings escape at `out` and returns its length: two
/// bytes for the short escapes, six for `\u00XX`, as serde_json writes them.
///
/// # Safety
/// `out` must have six writable bytes.
#[inline(always)]
pub unsafe fn write_escape(out: *mut u8, byte: u8) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match ESCAPE[byte as usize] {
        b'u' => {
            let escaped = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(byte >> 4) as usize],
                HEX[(byte & 0xf) as usize],
            ];
            std::ptr::copy_nonoverlapping(escaped.as_ptr(), out, 6);
            6
        }
        short => {
            *out = b'\\';
            *out.add(1) = short;
            2
        }
    }
}

/// Thirty-two readable bytes from `at`, for a block of sixteen and the copies redone past its
/// escapes: the text's own while they last (a load from a stack copy just made stalls on the
/// store that made it), then a copy of its end.
#[inline(always)]
pub fn window<'a>(text: &'a [u8], at: usize, spill: &'a mut [u8; 32]) -> &'a [u8] {
    if at + 32 <= text.len() {
        &text[at..at + 32]
    } else {
        spill[..text.len() - at].copy_from_slice(&text[at..]);
        &spill[..]
    }
}

/// The same steps a byte at a time: what other targets use, and what the SSE2 steps are tested
/// against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub mod portable {
    use super::ESCAPE;

    /// Room [`escape_block`] needs at `out`: sixteen escapes of six bytes.
    pub const ROOM: usize = 16 * 6;

    /// Writes the first `length` bytes at `source`, escaped, at `out`, and returns how many
    /// bytes that took.
    ///
    /// # Safety
    /// `source` must have `length` readable bytes and `out` [`ROOM`] writable ones; `length` is
    /// at most 16.
    pub unsafe fn escape_block(out: *mut u8, source: *const u8, length: usize) -> usize {
        let mut written = 0;
        for i in 0..length {
            let byte = *source.add(i);
            if ESCAPE[byte as usize] == 0 {
                *out.add(written) = byte;
                written += 1;
            } else {
                written += super::write_escape(out.add(written), byte);
            }
        }
        written
    }

    /// The place of the next `"`, `\\` or control character in `text` from `at`, if any.
    pub fn find_special(text: &[u8], at: usize) -> Option<usize> {
        text[at..]
            .iter()
            .position(|&b| ESCAPE[b as usize] != 0)
            .map(|found| at + found)
    }

    /// Decodes the rest of a JSON string, from `at` to its closing quote, onto the end of
    /// `out`, and returns the place after that quote. `None` for what serde must decode (a
    /// `\\u` escape) or reject (a raw control character, no closing quote).
    pub fn unescape_to_quote(text: &[u8], mut at: usize, out: &mut Vec<u8>) -> Option<usize> {
        loop {
            let special = find_special(text, at)?;
            out.extend_from_slice(&text[at..special]);
            match text[special] {
                b'"' => return Some(special + 1),
                b'\\' => out.push(super::unescape(*text.get(special + 1)?)?),
                _ => return None,
            }
            at = special + 2;
        }
    }
}

/// The byte a short escape (after its backslash) stands for; `\u` escapes are left to serde.
pub fn unescape(escape: u8) -> Option<u8> {
    Some(match escape {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => 0x08,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn escaped(bytes: &[u8], escape: unsafe fn(*mut u8, *const u8, usize) -> usize) -> Vec<u8> {
        let mut out = Vec::new();
        for block in bytes.chunks(16) {
            let mut source = [0u8; 32];
            source[..block.len()].copy_from_slice(block);
            let mut room = [0u8; 16 * 6 + 16];
            // SAFETY: 32 readable bytes, room for sixteen six-byte escapes and an overrun.
            let written = unsafe { escape(room.as_mut_ptr(), source.as_ptr(), block.len()) };
            out.extend_from_slice(&room[..written]);
        }
        out
    }

    /// Text that is mostly what must be escaped, so every place in a block gets one.
    fn dense() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b'"'),
                Just(b'\\'),
                Just(b'n'),
                0u8..0x20,
                Just(b'a'),
                any::<u8>()
            ],
            0..80,
        )
    }

    proptest! {
        #![proptest_config(Config { cases: 2_000, failure_persistence: None, rng_seed: RngSeed::Fixed(0x5ca1), ..Config::default() })]

        #[test]
        fn every_step_agrees_with_the_portable_one(text in dense(), start in 0usize..80) {
            let start = start.min(text.len());
            prop_assert_eq!(escaped(&text, escape_block), escaped(&text, portable::escape_block));
            prop_assert_eq!(find_special(&text, start), portable::find_special(&text, start));
            let (mut fast, mut slow) = (b"kept".to_vec(), b"kept".to_vec());
            let end = unescape_to_quote(&text, start, &mut fast);
            prop_assert_eq!(end, portable::unescape_to_quote(&text, start, &mut slow));
            if end.is_some() {
                prop_assert_eq!(fast, slow);
            }
        }

        #[test]
        fn decoding_reads_back_what_serde_wrote(
            text in proptest::collection::vec(prop_oneof![Just('"'), Just('\\'), Just('\n'), Just('\u{1}'), Just('é'), Just('x')], 0..120),
            before in 0usize..20,
        ) {
            let text: String = text.into_iter().collect();
            // A line's worth of text before the string, so the blocks fall at every offset.
            let mut line = "p".repeat(before).into_bytes();
            line.extend(serde_json::to_vec(&text).unwrap());
            line.extend_from_slice(b",\"next\":1}");
            let mut out = b"kept".to_vec();
            match unescape_to_quote(&line, before + 1, &mut out) {
                Some(end) => {
                    prop_assert_eq!(&out[4..], text.as_bytes());
                    prop_assert_eq!(&line[end..], b",\"next\":1}");
                }
                // `\u` escapes are serde's to decode.
                None => {
                    let written_as_u_escape = text.contains(char::from(1));
                    prop_assert!(written_as_u_escape);
                }
            }
        }

        #[test]
        fn escaping_is_what_serde_does(text in ".{0,80}") {
            let mut expected = serde_json::to_vec(&text).unwrap();
            expected.pop();
            expected.remove(0);
            prop_assert_eq!(escaped(text.as_bytes(), escape_block), expected);
        }
    }
}
