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

use crate::model::{Kind, PlatformId, Refund, RefundPage, SignedRequest, Status};

pub const SEP: char = '\u{1f}';
pub const NULL: char = '\u{1e}';
pub const ESCAPED: char = '\u{1d}';
/// A page value that is in the UTF-16 part.
pub const WIDE: char = '\u{1c}';

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn3";

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

    fn strings(&mut self, list: &[String]) {
        self.count(list.len());
        for s in list {
            self.text(s);
        }
    }

    fn refund(&mut self, r: &Refund<'_>) {
        self.letter(r.platform as usize);
        self.text(&r.id);
        self.opt(r.order_id.as_deref());
        self.opt(r.sub_order_id.as_deref());
        self.opt(r.shop_id.as_deref());
        self.opt(r.shop_name.as_deref());
        self.letter(r.kind as usize);
        self.letter(r.status as usize);
        self.opt(r.platform_status.code.as_deref());
        self.opt(r.platform_status.label.as_deref());
        self.opt(r.requested_amount.as_deref());
        self.opt(r.refunded_amount.as_deref());
        self.raw(r.currency);
        self.opt(r.reason.as_deref());
        self.opt(r.note.as_deref());
        match &r.buyer {
            None => self.null(),
            Some(b) => {
                self.raw("");
                self.opt(b.id.as_deref());
                self.opt(b.name.as_deref());
                self.opt(b.phone.as_deref());
            }
        }
        match &r.return_shipment {
            None => self.null(),
            Some(s) => {
                self.raw("");
                self.opt(s.company.as_deref());
                self.opt(s.company_code.as_deref());
                self.opt(s.tracking_no.as_deref());
            }
        }
        self.opt(r.created_at.as_deref());
        self.opt(r.updated_at.as_deref());
        self.opt(r.refunded_at.as_deref());
        self.count(r.items.len());
        for item in &r.items {
            self.opt(item.goods_id.as_deref());
            self.opt(item.sku_id.as_deref());
            self.opt(item.goods_no.as_deref());
            self.opt(item.sku_no.as_deref());
            self.opt(item.name.as_deref());
            self.opt(item.sku_name.as_deref());
            self.opt(item.quantity.as_deref());
            self.opt(item.unit_price.as_deref());
            self.opt(item.amount.as_deref());
        }
        self.strings(&r.warnings);
        self.opt(r.raw.as_deref());
    }
}

/// The page as flat text: version, the platform, kind and status names, page info, page
/// warnings, refunds, rejected. Returned as bytes: the main text (UTF-8, ASCII unless a
/// fixed text is not), the UTF-16LE part, then the main text's length as a u32 LE
/// (`decodePage` in `pkg/src/decode.js`).
pub fn encode(page: &RefundPage<'_>) -> Vec<u8> {
    // Records average a few hundred bytes of values; start big enough to rarely regrow.
    let mut w = Writer { out: String::with_capacity(256 + page.refunds.len() * 320), wide: Some(String::with_capacity(page.refunds.len() * 64)) };
    w.raw(VERSION);
    w.names(PlatformId::ALL.iter().map(|p| p.as_str()));
    w.names(Kind::ALL.iter().map(|k| k.as_str()));
    w.names(Status::ALL.iter().map(|s| s.as_str()));
    w.number(page.page.page);
    w.number(page.page.page_size);
    w.number(page.page.total);
    match page.page.has_more {
        Some(true) => w.raw("1"),
        Some(false) => w.raw("0"),
        None => w.null(),
    }
    w.strings(&page.warnings);
    w.count(page.refunds.len());
    for r in &page.refunds {
        w.refund(r);
    }
    w.count(page.rejected.len());
    for r in &page.rejected {
        w.number(Some(r.index as u64));
        w.opt(r.id.as_deref());
        w.raw(r.code);
        w.text(&r.message);
        w.text(&r.path);
    }
    let main = u32::try_from(w.out.len()).unwrap_or(u32::MAX);
    let mut out = w.out.into_bytes();
    push_utf16le(&mut out, &w.wide.unwrap_or_default());
    out.extend_from_slice(&main.to_le_bytes());
    out
}

/// `s` as UTF-16LE bytes after `out`, over a zeroed tail (a UTF-16 text never has more
/// units than its UTF-8 has bytes): ASCII needs one byte stored, eight at a time when a
/// word has no high bit; `encode_utf16` cost ~20 instructions per unit (a 蘑菇街 page has
/// ~130 000 units in this part, its warnings included).
fn push_utf16le(out: &mut Vec<u8>, s: &str) {
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

/// The UTF-16LE bytes of every mix of ASCII runs and wider characters read back as the text.
#[cfg(test)]
fn utf16le_of(s: &str) -> Vec<u8> {
    let mut out = vec![7];
    push_utf16le(&mut out, s);
    out
}

/// The two parts of [`encode`]'s bytes as text, for tests and the native driver.
pub fn split(bytes: &[u8]) -> Option<(String, String)> {
    let (body, len) = bytes.split_last_chunk::<4>()?;
    let (main, wide) = body.split_at_checked(usize::try_from(u32::from_le_bytes(*len)).ok()?)?;
    let units: Vec<u16> = wide.chunks_exact(2).map(|p| u16::from_le_bytes(<[u8; 2]>::try_from(p).unwrap_or_default())).collect();
    Some((String::from_utf8(main.to_vec()).ok()?, String::from_utf16(&units).ok()?))
}

/// A signed request as flat text: url, method, header count, name/value pairs, body
/// (`decodeRequest` in `pkg/src/decode.js`). One string crosses instead of one
/// serde-wasm-bindgen call per field (docs/performance.md).
pub fn encode_request(request: &SignedRequest) -> String {
    let size = request.url.len() + request.body.len() + request.headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>();
    let mut w = Writer { out: String::with_capacity(size + 32), wide: None };
    w.raw(VERSION);
    w.text(&request.url);
    w.text(request.method);
    w.count(request.headers.len());
    for (name, value) in &request.headers {
        w.text(name);
        w.text(value);
    }
    w.text(&request.body);
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageInfo, PlatformId};
    use std::borrow::Cow;

    #[test]
    fn requests_are_flat_too() {
        let request = SignedRequest {
            url: "https://x/\u{1f}".into(),
            method: "POST",
            headers: vec![("A".into(), "1".into()), ("B".into(), String::new())],
            body: "a=1&b=2".into(),
        };
        assert_eq!(encode_request(&request), "rn3\u{1f}\u{1d}\"https://x/\\u001f\"\u{1f}POST\u{1f}2\u{1f}A\u{1f}1\u{1f}B\u{1f}\u{1f}a=1&b=2\u{1f}");
    }

    /// The two-byte pieces written at once are the marker and the separator.
    #[test]
    fn pieces_are_marker_and_separator() {
        assert_eq!("\u{1e}\u{1f}", format!("{NULL}{SEP}"));
        assert_eq!("\u{1c}\u{1f}", format!("{WIDE}{SEP}"));
    }

    /// A kind's or status's letter is its place in `ALL`, which the head lists in that order.
    #[test]
    fn letters_index_the_head_lists() {
        assert!(Kind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
        assert!(Status::ALL.iter().enumerate().all(|(i, s)| *s as usize == i));
        assert!(PlatformId::ALL.iter().enumerate().all(|(i, p)| *p as usize == i));
    }

    #[test]
    fn separators_inside_values_are_escaped_not_lost() {
        let mut r = Refund::new(PlatformId::Wangdiantong, Cow::Borrowed("a\u{1f}b"));
        r.reason = Some(Cow::Borrowed("x\u{1e}"));
        let page = RefundPage {
            refunds: vec![r],
            page: PageInfo { page: Some(1), page_size: None, total: None, has_more: None },
            rejected: vec![],
            warnings: vec![],
        };
        let (flat, wide) = split(&encode(&page)).unwrap();
        assert_eq!(wide, "");
        let head = "rn3\u{1f}5\u{1f}shopex\u{1f}wangdiantong\u{1f}mogujie\u{1f}suning\u{1f}nuoyun\u{1f}5\u{1f}refund_only\u{1f}return_and_refund\u{1f}exchange\u{1f}cancel_order\u{1f}unknown\u{1f}11\u{1f}pending\u{1f}awaiting_return\u{1f}return_in_transit\u{1f}processing\u{1f}awaiting_buyer\u{1f}rejected\u{1f}succeeded\u{1f}cancelled\u{1f}closed\u{1f}failed\u{1f}unknown\u{1f}";
        assert!(flat.starts_with(&format!("{head}1\u{1f}\u{1e}\u{1f}\u{1e}\u{1f}\u{1e}\u{1f}0\u{1f}1\u{1f}b\u{1f}\u{1d}\"a\\u001fb\"\u{1f}")), "{flat}");
        assert!(flat.contains("\u{1d}\"x\\u001e\"\u{1f}"));
    }

    /// Values with a non-ASCII character are a marker in the main text and cross in the
    /// UTF-16 part, in order, escaped there as in the main text; the rest stays as it was.
    #[test]
    fn non_ascii_values_cross_apart() {
        let mut r = Refund::new(PlatformId::Nuoyun, Cow::Borrowed("中"));
        r.order_id = Some(Cow::Borrowed("\u{1c}x"));
        r.shop_id = Some(Cow::Borrowed("12345678901234567"));
        r.shop_name = Some(Cow::Borrowed("\u{feff}店\u{1f}"));
        r.reason = Some(Cow::Borrowed("𝄞 long reason text, 12345678"));
        r.note = Some(Cow::Borrowed("é"));
        let page = RefundPage { refunds: vec![r], page: PageInfo { page: None, page_size: None, total: None, has_more: None }, rejected: vec![], warnings: vec!["页".into()] };
        let bytes = encode(&page);
        let (flat, wide) = split(&bytes).unwrap();
        assert!(flat.is_ascii());
        assert!(flat.contains("\u{1f}1\u{1f}\u{1c}\u{1f}1\u{1f}e\u{1f}\u{1c}\u{1f}\u{1d}\"\\u001cx\"\u{1f}\u{1e}\u{1f}12345678901234567\u{1f}\u{1c}\u{1f}"), "{flat}");
        assert_eq!(wide, "页\u{1f}中\u{1f}\u{1d}\"\u{feff}店\\u001f\"\u{1f}𝄞 long reason text, 12345678\u{1f}é\u{1f}");
        // bytes: main, UTF-16LE, main's length
        assert_eq!(bytes.len(), flat.len() + 2 * wide.encode_utf16().count() + 4);
    }

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
