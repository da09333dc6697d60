//! The flat text a parsed page crosses into JavaScript as (`pkg/src/decode.js` reads it).
//!
//! Why not JSON or serde-wasm-bindgen objects: both make JavaScript read the whole result a
//! second time, which measured 1.75–2.05× slower than plain JS (shared/TOOLCHAIN.md,
//! "Crossing the boundary"). Here values follow each other in a fixed order separated by
//! U+001F; U+001E alone is `null`; arrays are a count then their elements. A value that
//! itself contains U+001D, U+001E or U+001F is written as U+001D + its JSON string, so no
//! text is ever lost or altered.
//!
//! Platforms, kinds and statuses cross as one letter each (`a` = 0), an index into the name
//! lists written once at the head of a page: the decoder then makes no string per record for
//! them, which is speed and, on the compact platforms, a tenth of a page's memory
//! (docs/performance.md, round 4).
//!
//! A page's values with a non-ASCII character cross apart, as UTF-16 (`rn3`): each is the
//! marker U+001C in the main text and its text in the second part. The main text is then
//! ASCII, and `TextDecoder` turns ASCII and UTF-16LE into strings several times faster than
//! mixed UTF-8: 0.58 → 0.13 ms for a 1000-record 诺云 page
//! (docs/performance.md, round 5).
//!
//! The order below is the schema. `decode.js` repeats it, and the JS tests check the decoder
//! against `serde_json` output of the same page for every fixture, so the two cannot drift.

mod page;
mod request;
mod utf16;

pub use page::encode;
pub use request::encode_request;
pub use utf16::split;

pub const SEP: char = '\u{1f}';
pub const NULL: char = '\u{1e}';
pub const ESCAPED: char = '\u{1d}';
/// A page value that is in the UTF-16 part.
pub const WIDE: char = '\u{1c}';

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn4";

struct Writer {
    out: String,
    /// The values of the UTF-16 part, as UTF-8 until the end; `None` for a request, which
    /// crosses as one text.
    wide: Option<String>,
}

/// Does `s` need the JSON form (it has U+001C..=U+001F), and has it a non-ASCII character?
/// Eight bytes at a time: most values are short ASCII without control characters.
fn kind_of(s: &str) -> (bool, bool) {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    let b = s.as_bytes();
    let mut chunks = b.chunks_exact(8);
    let mut hits = 0u64;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        // high bit: a byte >= 0x80, or (for "any") a byte below 0x20
        hits |= (w.wrapping_sub(ONES * 0x20) & !w | w) & HIGHS;
    }
    // The last bytes: as the (overlapping) last eight when there are eight, not one by one.
    let tail_clean = match b.len().checked_sub(8).and_then(|i| b.get(i..)).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        Some(last) => {
            let w = u64::from_le_bytes(last);
            (w.wrapping_sub(ONES * 0x20) & !w | w) & HIGHS == 0
        }
        None => chunks.remainder().iter().all(|&c| (0x20..0x80).contains(&c)),
    };
    if hits == 0 && tail_clean {
        return (false, false);
    }
    (b.iter().any(|&c| (0x1c..=0x1f).contains(&c)), !s.is_ascii())
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push(SEP);
    }

    fn text(&mut self, s: &str) {
        // The separators and the marker are the bytes 0x1C..=0x1F (ASCII, never inside a
        // multi-byte character).
        let (special, non_ascii) = kind_of(s);
        if let (true, Some(wide)) = (non_ascii, self.wide.as_mut()) {
            self.out.push_str("\u{1c}\u{1f}");
            // Kept as UTF-8 here and turned into UTF-16 in one loop at the end.
            if special {
                wide.push(ESCAPED);
                wide.push_str(&serde_json::to_string(s).unwrap_or_default());
            } else {
                wide.push_str(s);
            }
            wide.push(SEP);
        } else if special {
            self.out.push(ESCAPED);
            // A JSON string escapes every control character, so the separators cannot appear.
            self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
            self.out.push(SEP);
        } else {
            self.raw(s);
        }
    }

    fn null(&mut self) {
        // One two-byte copy, not two pushes that each check the capacity: a 诺云 record has
        // a dozen nulls.
        self.out.push_str("\u{1e}\u{1f}");
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    fn number(&mut self, n: Option<u64>) {
        match n {
            Some(n) => self.decimal(n),
            None => self.null(),
        }
    }

    fn count(&mut self, n: usize) {
        self.decimal(n as u64);
    }

    /// Digits written in place: a `to_string` per count was 3 % of a 苏宁 page.
    fn decimal(&mut self, n: u64) {
        crate::time::push_zero_padded(&mut self.out, n, 1);
        self.out.push(SEP);
    }

    /// A name list of the page's head: count, then the names.
    fn names(&mut self, names: impl ExactSizeIterator<Item = &'static str>) {
        self.count(names.len());
        for name in names {
            self.raw(name);
        }
    }

    /// An index into a name list of the head, as one letter (the lists are short).
    fn letter(&mut self, index: usize) {
        self.out.push(char::from(b'a'.saturating_add(u8::try_from(index).unwrap_or(u8::MAX))));
        self.out.push(SEP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-byte pieces written at once are the marker and the separator.
    #[test]
    fn pieces_are_marker_and_separator() {
        assert_eq!("\u{1e}\u{1f}", format!("{NULL}{SEP}"));
        assert_eq!("\u{1c}\u{1f}", format!("{WIDE}{SEP}"));
    }

    /// The quick ASCII check agrees with the plain one for every length and position.
    #[test]
    fn kind_of_sees_every_byte() {
        for len in 0..20 {
            for at in 0..len {
                for c in ["\u{1c}", "\u{1d}", "\u{1e}", "\u{1f}", "\u{0}", "\u{1b}", "\u{7f}", " ", "é", "中"] {
                    let s: String = (0..len).map(|i| if i == at { c } else { "a" }).collect();
                    let expected = (s.bytes().any(|b| (0x1c..=0x1f).contains(&b)), !s.is_ascii());
                    assert_eq!(kind_of(&s), expected, "{s:?}");
                }
            }
        }
    }
}
