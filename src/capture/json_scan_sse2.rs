//! JSON string scanning sixteen bytes at a time with SSE2 compares (part of every x86-64).

use std::arch::x86_64::{
    __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
    _mm_set1_epi8, _mm_storeu_si128,
};

/// Staging room one block needs when escaped: sixteen escapes of six bytes, and a sixteen-byte
/// overrun.
pub const ROOM: usize = 16 * 6 + 16;

/// A bit for each byte of the block that a JSON string escapes: `"`, `\\` or a control
/// character.
#[inline(always)]
fn specials(block: __m128i) -> u32 {
    // SAFETY: SSE2 is part of every x86-64.
    unsafe {
        let hits = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(block, _mm_set1_epi8(b'"' as i8)),
                _mm_cmpeq_epi8(block, _mm_set1_epi8(b'\\' as i8)),
            ),
            // Control characters: bytes no greater than 0x1f.
            _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1f)), block),
        );
        _mm_movemask_epi8(hits) as u32
    }
}

/// Writes the first `length` bytes at `source`, escaped, at `out`, and returns how many bytes
/// that took. The block is copied whole first and the copy is redone past each escape, so plain
/// bytes cost nothing each.
///
/// # Safety
/// `source` must have 32 readable bytes and `out` [`ROOM`] writable ones; `length` is at most
/// 16.
#[inline(always)]
pub unsafe fn escape_block(out: *mut u8, source: *const u8, length: usize) -> usize {
    let block = _mm_loadu_si128(source as *const __m128i);
    let mut escapes = specials(block) & ((1u32 << length) - 1);
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
        written += super::json_scan::write_escape(out.add(written), *source.add(escape));
        done = escape + 1;
        let rest = _mm_loadu_si128(source.add(done) as *const __m128i);
        _mm_storeu_si128(out.add(written) as *mut __m128i, rest);
    }
    written + length - done
}

/// The place of the next `"`, `\\` or control character in `text` from `at`, if any.
pub fn find_special(text: &[u8], mut at: usize) -> Option<usize> {
    let mut spill = [0u8; 32];
    while at < text.len() {
        let length = (text.len() - at).min(16);
        let source = super::json_scan::window(text, at, &mut spill);
        // SAFETY: `source` holds 32 bytes.
        let block = unsafe { _mm_loadu_si128(source.as_ptr() as *const __m128i) };
        let found = specials(block) & ((1u32 << length) - 1);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize);
        }
        at += length;
    }
    None
}

/// Decodes the rest of a JSON string, from `at` to its closing quote, onto the end of `out`,
/// and returns the place after that quote. `None` for what serde must decode (a `\\u` escape)
/// or reject (a raw control character, no closing quote).
///
/// Each block is copied whole, then every escape in it is decoded from its bitmask and the copy
/// redone past it: the places come from the mask rather than from one search after another.
pub fn unescape_to_quote(text: &[u8], mut at: usize, out: &mut Vec<u8>) -> Option<usize> {
    // Decoded, the rest is no longer than it is now; sixteen more for a block's copy.
    out.reserve(text.len().saturating_sub(at) + 16);
    let start = out.as_mut_ptr();
    let mut length = out.len();
    let mut spill = [0u8; 32];
    while at < text.len() {
        let real = (text.len() - at).min(16);
        let source = super::json_scan::window(text, at, &mut spill);
        // SAFETY: loads read sixteen bytes from `source` at most sixteen in. Decoding only
        // shrinks, so `length` has grown by no more than `at` has moved, and every store (sixteen
        // bytes at `length`, or one) stays within the capacity reserved above.
        unsafe {
            let block = _mm_loadu_si128(source.as_ptr() as *const __m128i);
            _mm_storeu_si128(start.add(length) as *mut __m128i, block);
            let mut found = specials(block) & ((1u32 << real) - 1);
            // Bytes of the block before `done` are decoded; those after it are copied.
            let mut done = 0;
            loop {
                if found == 0 {
                    length += real - done;
                    at += real;
                    break;
                }
                let special = found.trailing_zeros() as usize;
                length += special - done;
                match source[special] {
                    b'"' => {
                        out.set_len(length);
                        return Some(at + special + 1);
                    }
                    b'\\' if special + 1 < real => {
                        *start.add(length) = super::json_scan::unescape(source[special + 1])?;
                        length += 1;
                        done = special + 2;
                        // The escaped byte may be a quote or a backslash itself.
                        found &= !(3u32 << special);
                        let rest = _mm_loadu_si128(source.as_ptr().add(done) as *const __m128i);
                        _mm_storeu_si128(start.add(length) as *mut __m128i, rest);
                    }
                    // A backslash ending the block: the next block starts with it.
                    b'\\' if real == 16 => {
                        at += special;
                        break;
                    }
                    // A control character, or a backslash ending the text.
                    _ => return None,
                }
            }
        }
    }
    None
}
