//! Binary bodies as a hex dump in `hexdump -C`'s layout: 16 bytes a line with their printable
//! characters beside them.

use colored::Colorize;

/// How many bytes of a binary body are dumped when the whole body was not asked for.
pub const PREVIEW_BYTES: usize = 256;

pub fn dump(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 + 16);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        if row > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{:08x}", row * 16).dimmed().to_string());
        out.push_str("  ");
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => out.push_str(&format!("{b:02x} ")),
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        // Two spaces before the text column, as `hexdump -C` and `xxd` part them.
        out.push_str(" |");
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        }));
        out.push('|');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn dumps_offsets_bytes_and_characters() {
        colored::control::set_override(false);
        assert_eq!(
            super::dump(b"\x89PNG\r\n"),
            "00000000  89 50 4e 47 0d 0a                                 |.PNG..|"
        );
    }
}
