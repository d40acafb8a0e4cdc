//! A capture record as one JSON line, written by hand because it is written once per request on
//! `listen`'s hot path: serde_json's string escaping was its largest single cost.
//!
//! The output is byte for byte what `serde_json::to_writer` makes of the record (a property test
//! holds the two together), so the store's format has one definition: the record's serde derive.

use super::{BodyEncoding, CaptureRecord, ResponseRecord};

/// Appends the record as JSON, without a newline.
pub fn write_record(out: &mut Vec<u8>, record: &CaptureRecord) {
    out.reserve(record.body.len() + record.body.len() / 8 + 512);
    let mut json = JsonWriter::new(out);
    json.raw(b"{\"id\":");
    json.string(&record.id);
    json.raw(b",\"received_at\":");
    json.string(&record.received_at);
    json.raw(b",\"remote_addr\":");
    json.string(&record.remote_addr);
    json.raw(b",\"method\":");
    json.string(&record.method);
    json.raw(b",\"path\":");
    json.string(&record.path);
    json.raw(b",\"query\":");
    match &record.query {
        Some(query) => json.string(query),
        None => json.raw(b"null"),
    }
    json.raw(b",\"http_version\":");
    json.string(&record.http_version);
    json.raw(b",\"headers\":");
    json.headers(&record.headers);
    json.raw(b",\"body\":");
    json.string(&record.body);
    json.raw(b",\"body_encoding\":");
    json.encoding(record.body_encoding);
    json.raw(b",\"body_size\":");
    json.raw(itoa::Buffer::new().format(record.body_size).as_bytes());
    if let Some(response) = &record.response {
        json.raw(b",\"response\":");
        json.response(response);
    }
    if !record.latin1_headers.is_empty() {
        json.raw(b",\"latin1_headers\":[");
        for (i, position) in record.latin1_headers.iter().enumerate() {
            if i > 0 {
                json.raw(b",");
            }
            json.raw(itoa::Buffer::new().format(*position).as_bytes());
        }
        json.raw(b"]");
    }
    // Rare and small: serde writes these.
    if let Some(verification) = &record.verification {
        json.raw(b",\"verification\":");
        json.serde(verification);
    }
    if let Some(auth) = &record.auth {
        json.raw(b",\"auth\":");
        json.serde(auth);
    }
    if !record.trailers.is_empty() {
        json.raw(b",\"trailers\":");
        json.headers(&record.trailers);
    }
    json.raw(b"}");
    json.flush();
}

/// What follows the backslash for each byte that JSON strings escape: serde_json's table.
static ESCAPE: [u8; 256] = {
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

const STAGING: usize = 1024;
/// Room one escaped word needs: eight escapes of six bytes, and an eight-byte overrun.
#[cfg(not(target_arch = "x86_64"))]
const WORD_ROOM: usize = 56;

/// Output gathers in a stack buffer, so most bytes cost a register increment rather than a
/// `Vec` push, and reaches the line in a few large copies.
struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    staging: [u8; STAGING],
    used: usize,
}

impl<'a> JsonWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        JsonWriter {
            out,
            staging: [0; STAGING],
            used: 0,
        }
    }

    fn flush(&mut self) {
        self.out.extend_from_slice(&self.staging[..self.used]);
        self.used = 0;
    }

    fn raw(&mut self, bytes: &[u8]) {
        if self.used + bytes.len() > STAGING {
            self.flush();
            if bytes.len() > STAGING {
                self.out.extend_from_slice(bytes);
                return;
            }
        }
        self.staging[self.used..self.used + bytes.len()].copy_from_slice(bytes);
        self.used += bytes.len();
    }

    fn serde(&mut self, value: &impl serde::Serialize) {
        self.flush();
        serde_json::to_writer(&mut *self.out, value).expect("a record's parts serialize");
    }

    fn response(&mut self, response: &ResponseRecord) {
        self.raw(b"{\"status\":");
        self.raw(itoa::Buffer::new().format(response.status).as_bytes());
        self.raw(b",\"headers\":");
        self.headers(&response.headers);
        self.raw(b",\"body\":");
        self.string(&response.body);
        self.raw(b",\"body_encoding\":");
        self.encoding(response.body_encoding);
        if let Some(elapsed) = response.elapsed_ms {
            self.raw(b",\"elapsed_ms\":");
            self.serde(&elapsed);
        }
        if let Some(error) = &response.error {
            self.raw(b",\"error\":");
            self.string(error);
        }
        self.raw(b"}");
    }

    fn headers(&mut self, headers: &[(String, String)]) {
        self.raw(b"[");
        for (i, (name, value)) in headers.iter().enumerate() {
            self.raw(if i > 0 { b",[" } else { b"[" });
            self.string(name);
            self.raw(b",");
            self.string(value);
            self.raw(b"]");
        }
        self.raw(b"]");
    }

    fn encoding(&mut self, encoding: BodyEncoding) {
        self.raw(match encoding {
            BodyEncoding::Utf8 => b"\"utf8\"",
            BodyEncoding::Base64 => b"\"base64\"",
        });
    }

    /// A JSON string, sixteen bytes at a time (SSE2 is part of every x86-64).
    #[cfg(target_arch = "x86_64")]
    fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.raw(b"\"");
        // Kept in a register: as a field, every escape waited for its store and reload.
        let mut used = self.used;
        let mut spill = [0u8; 32];
        let mut at = 0;
        while at < bytes.len() {
            if used > STAGING - sse2::ROOM {
                self.used = used;
                self.flush();
                used = 0;
            }
            let length = (bytes.len() - at).min(16);
            // Thirty-two readable bytes from the block's start: the text's own while they last
            // (a reload from a stack copy stalls on the store that made it), then a copy.
            let source = if at + 32 <= bytes.len() {
                &bytes[at..at + 32]
            } else {
                spill[..bytes.len() - at].copy_from_slice(&bytes[at..]);
                &spill[..]
            };
            // SAFETY: `source` holds 32 bytes; the staging has `sse2::ROOM` bytes past `used`.
            used += unsafe {
                sse2::escape_block(self.staging.as_mut_ptr().add(used), source.as_ptr(), length)
            };
            at += length;
        }
        self.used = used;
        self.raw(b"\"");
    }

    /// A JSON string, eight bytes at a time.
    #[cfg(not(target_arch = "x86_64"))]
    fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.raw(b"\"");
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            if self.used > STAGING - WORD_ROOM {
                self.flush();
            }
            self.word(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        }
        if self.used > STAGING - WORD_ROOM {
            self.flush();
        }
        words.remainder().iter().for_each(|&b| self.byte(b));
        self.raw(b"\"");
    }

    #[cfg(not(target_arch = "x86_64"))]
    /// Eight bytes: copied whole, then the copy is cut back at each byte to escape. Needs
    /// [`WORD_ROOM`].
    fn word(&mut self, word: u64) {
        let mut rest = word;
        let mut left = 8;
        let mut escapes = escape_mask(word);
        loop {
            self.staging[self.used..self.used + 8].copy_from_slice(&rest.to_le_bytes());
            if escapes == 0 {
                self.used += left;
                return;
            }
            let at = (escapes.trailing_zeros() / 8) as usize;
            self.used += at;
            self.byte((rest >> (8 * at)) as u8);
            let consumed = at + 1;
            left -= consumed;
            if left == 0 {
                return;
            }
            rest >>= 8 * consumed;
            escapes >>= 8 * consumed;
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    /// Fixed-size pieces, so each is a few stores rather than a `memcpy` call.
    fn put<const N: usize>(&mut self, piece: [u8; N]) {
        self.staging[self.used..self.used + N].copy_from_slice(&piece);
        self.used += N;
    }

    #[cfg(not(target_arch = "x86_64"))]
    /// One byte, escaped as serde_json escapes it; needs room for six.
    fn byte(&mut self, byte: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match ESCAPE[byte as usize] {
            0 => self.put([byte]),
            b'u' => self.put([
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(byte >> 4) as usize],
                HEX[(byte & 0xf) as usize],
            ]),
            short => self.put([b'\\', short]),
        }
    }
}

/// The high bit of each byte that JSON escapes (a control character, `"` or `\\`), exactly;
/// the same bytes end a run of plain bytes for the line reader.
pub(super) fn escape_mask(word: u64) -> u64 {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each zero byte, without the borrow that makes the shorter trick inexact.
    let zero_bytes = |v: u64| !(((v & LOWS) + LOWS) | v) & HIGHS;
    zero_bytes(word ^ (ONES * b'"' as u64))
        | zero_bytes(word ^ (ONES * b'\\' as u64))
        | zero_bytes(word & (ONES * 0xe0))
}

/// Escaping sixteen bytes at a time with SSE2 compares.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::ESCAPE;
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_storeu_si128,
    };

    /// Staging room one block needs: sixteen escapes of six bytes, and a sixteen-byte overrun.
    pub const ROOM: usize = 16 * 6 + 16;

    /// Writes the first `length` bytes at `source`, escaped, at `out`, and returns how many
    /// bytes that took. The block is copied whole first and the copy is redone past each escape,
    /// so plain bytes cost nothing each.
    ///
    /// # Safety
    /// `source` must have 32 readable bytes and `out` [`ROOM`] writable ones; `length` is at
    /// most 16.
    #[inline(always)]
    pub unsafe fn escape_block(out: *mut u8, source: *const u8, length: usize) -> usize {
        let block = _mm_loadu_si128(source as *const __m128i);
        let hits = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(block, _mm_set1_epi8(b'"' as i8)),
                _mm_cmpeq_epi8(block, _mm_set1_epi8(b'\\' as i8)),
            ),
            // Control characters: bytes no greater than 0x1f.
            _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1f)), block),
        );
        let mut escapes = (_mm_movemask_epi8(hits) as u32) & ((1u32 << length) - 1);
        _mm_storeu_si128(out as *mut __m128i, block);
        if escapes == 0 {
            return length;
        }
        let mut written = 0;
        let mut done = 0;
        while escapes != 0 {
            let escape = escapes.trailing_zeros() as usize;
            escapes &= escapes - 1;
            written += escape - done;
            let byte = *source.add(escape);
            match ESCAPE[byte as usize] {
                b'u' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let escaped = [
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[(byte >> 4) as usize],
                        HEX[(byte & 0xf) as usize],
                    ];
                    std::ptr::copy_nonoverlapping(escaped.as_ptr(), out.add(written), 6);
                    written += 6;
                }
                short => {
                    *out.add(written) = b'\\';
                    *out.add(written + 1) = short;
                    written += 2;
                }
            }
            done = escape + 1;
            let rest = _mm_loadu_si128(source.add(done) as *const __m128i);
            _mm_storeu_si128(out.add(written) as *mut __m128i, rest);
        }
        written + length - done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn serde_line(record: &CaptureRecord) -> Vec<u8> {
        serde_json::to_vec(record).unwrap()
    }

    fn hand_line(record: &CaptureRecord) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(&mut out, record);
        out
    }

    proptest! {
        #![proptest_config(Config { cases: 2_000, failure_persistence: None, rng_seed: RngSeed::Fixed(0x11e5), ..Config::default() })]

        #[test]
        fn writes_what_serde_writes(record in crate::capture::arbitrary::record(true)) {
            prop_assert_eq!(String::from_utf8(hand_line(&record)).unwrap(), String::from_utf8(serde_line(&record)).unwrap());
        }
    }

    #[test]
    fn escapes_at_every_place_of_every_length_like_serde() {
        for length in 0..48 {
            for place in 0..length {
                for escaped in ["\"", "\\", "\n", "\u{1}", "é"] {
                    let mut text = "x".repeat(length);
                    text.replace_range(place..place + 1, escaped);
                    let mut out = Vec::new();
                    let mut json = JsonWriter::new(&mut out);
                    json.string(&text);
                    json.flush();
                    assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn escapes_every_control_character_quote_and_backslash_like_serde() {
        let all: String = (0u8..=0x7f).map(char::from).chain("é😀".chars()).collect();
        for start in 0..8 {
            let text = &all[start..];
            let mut out = Vec::new();
            let mut json = JsonWriter::new(&mut out);
            json.string(text);
            json.flush();
            assert_eq!(out, serde_json::to_vec(text).unwrap());
        }
    }
}
