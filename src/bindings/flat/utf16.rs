//! The UTF-16 part of a page: values with a non-ASCII character, as UTF-16LE.

/// `s` as UTF-16LE bytes after `out`, over a zeroed tail (a UTF-16 text never has more
/// units than its UTF-8 has bytes): ASCII needs one byte stored, eight at a time when a
/// word has no high bit; `encode_utf16` cost ~20 instructions per unit (a 蘑菇街 page has
/// ~130 000 units in this part, its warnings included).
pub(super) fn push_utf16le(out: &mut Vec<u8>, s: &str) {
    const HIGHS: u64 = (u64::MAX / 255) << 7;
    let start = out.len();
    out.resize(start + 2 * s.len(), 0);
    let Some(tail) = out.get_mut(start..) else { return };
    let b = s.as_bytes();
    let (mut i, mut j) = (0, 0);
    while let Some(&c) = b.get(i) {
        if c < 0x80 {
            if let Some(word) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).filter(|w| u64::from_le_bytes(*w) & HIGHS == 0) {
                if let Some(dst) = tail.get_mut(j..j + 16) {
                    for (pair, c) in dst.chunks_exact_mut(2).zip(word) {
                        if let Some(low) = pair.first_mut() {
                            *low = c;
                        }
                    }
                }
                i += 8;
                j += 16;
            } else {
                if let Some(low) = tail.get_mut(j) {
                    *low = c;
                }
                i += 1;
                j += 2;
            }
            continue;
        }
        // A multi-byte character (the text is valid UTF-8): two- and three-byte ones (CJK)
        // by hand, four-byte ones (a surrogate pair) the general way.
        let at = |k: usize| u16::from(b.get(i + k).copied().unwrap_or_default() & 0x3f);
        let (unit, len) = match c {
            0xc0..=0xdf => (u16::from(c & 0x1f) << 6 | at(1), 2),
            0xe0..=0xef => (u16::from(c & 0x0f) << 12 | at(1) << 6 | at(2), 3),
            _ => {
                let ch = s.get(i..).and_then(|r| r.chars().next()).unwrap_or_default();
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    if let Some(pair) = tail.get_mut(j..j + 2) {
                        pair.copy_from_slice(&unit.to_le_bytes());
                    }
                    j += 2;
                }
                i += ch.len_utf8().max(1);
                continue;
            }
        };
        if let Some(pair) = tail.get_mut(j..j + 2) {
            pair.copy_from_slice(&unit.to_le_bytes());
        }
        j += 2;
        i += len;
    }
    out.truncate(start + j);
}

/// The two parts of [`super::encode`]'s bytes as text, for tests and the native driver.
/// The chunks' cuts are left out: the chunks of each part are in order, so a part is the
/// chunks joined.
pub fn split(bytes: &[u8]) -> Option<(String, String)> {
    let (body, len) = bytes.split_last_chunk::<4>()?;
    let (body, cuts) = body.split_last_chunk::<4>()?;
    let table = usize::try_from(u32::from_le_bytes(*cuts)).ok()?.checked_mul(8)?;
    let body = body.get(..body.len().checked_sub(table)?)?;
    let (main, wide) = body.split_at_checked(usize::try_from(u32::from_le_bytes(*len)).ok()?)?;
    let units: Vec<u16> = wide.chunks_exact(2).map(|p| u16::from_le_bytes(<[u8; 2]>::try_from(p).unwrap_or_default())).collect();
    Some((String::from_utf8(main.to_vec()).ok()?, String::from_utf16(&units).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as UTF-16LE after one byte already in the buffer.
    fn utf16le_of(s: &str) -> Vec<u8> {
        let mut out = vec![7];
        push_utf16le(&mut out, s);
        out
    }

    /// The UTF-16LE bytes of every mix of ASCII runs and wider characters read back as the text.
    #[test]
    fn utf16le_is_encode_utf16() {
        for s in ["", "a", "é", "中文", "𝄞", "abcdefgh", "abcdefghi中", "中abcdefghijklmnopq𝄞r", "\u{feff}x\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}"] {
            for pad in 0..9 {
                let s = format!("{}{s}{}", "x".repeat(pad), "y".repeat(pad));
                let expected: Vec<u8> = [7].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect();
                assert_eq!(utf16le_of(&s), expected, "{s:?}");
            }
        }
    }
}
