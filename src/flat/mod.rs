//! The flat forms a parsed page and a signed request cross into JavaScript as
//! (`pkg/src/decode.js` reads them).
//!
//! Why not JSON or serde-wasm-bindgen objects: both make JavaScript read the whole result a
//! second time, which measured 1.75–2.05× slower than plain JS (shared/TOOLCHAIN.md,
//! "Crossing the boundary").
//!
//! A page (`page.rs`, `rn4`) is bytes: an ASCII main text of length-prefixed values, then the
//! values with a non-ASCII character as UTF-16LE, then the main text's length. `TextDecoder`
//! turns ASCII and UTF-16LE into strings several times faster than mixed UTF-8 (0.58 →
//! 0.13 ms for a 1000-record 诺云 page, docs/performance.md round 5), and the lengths let the
//! decoder slice each value at a known offset (round 7). Platforms, kinds and statuses cross
//! as one letter each (`a` = 0), an index into the name lists written once at the head of a
//! page: the decoder then makes no string per record for them, which is speed and, on the
//! compact platforms, a tenth of a page's memory (round 4).
//!
//! A request (`request.rs`) is one text: values follow each other separated by U+001F; a
//! value that itself contains U+001D, U+001E or U+001F is written as U+001D + its JSON
//! string, so no text is ever lost or altered.
//!
//! The order in `page.rs` and `request.rs` is the schema. `decode.js` repeats it, and the JS
//! tests check the decoder against `serde_json` output of the same page for every fixture,
//! so the two cannot drift.

mod page;
mod request;
mod utf16;

pub use page::encode;
pub use request::encode_request;
pub use utf16::split;

pub const SEP: char = '\u{1f}';
pub const ESCAPED: char = '\u{1d}';

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn4";

/// The writer of a request's text.
struct Writer {
    out: String,
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
        // U+001C..=U+001F are ASCII bytes, never inside a multi-byte character (U+001C, the
        // page's marker before rn4, is still escaped: the request text is as it was).
        if kind_of(s).0 {
            self.out.push(ESCAPED);
            // A JSON string escapes every control character, so the separators cannot appear.
            self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
            self.out.push(SEP);
        } else {
            self.raw(s);
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
