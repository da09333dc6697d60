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
//! The order below is the schema. `decode.js` repeats it, and the JS tests check the decoder
//! against `serde_json` output of the same page for every fixture, so the two cannot drift.

use crate::model::{Kind, PlatformId, Refund, RefundPage, SignedRequest, Status};

pub const SEP: char = '\u{1f}';
pub const NULL: char = '\u{1e}';
pub const ESCAPED: char = '\u{1d}';

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn2";

/// The three separators are the bytes 0x1D..=0x1F (ASCII, never inside a multi-byte
/// character): a byte scan, cheaper than `contains` with a char set, eight bytes at a time
/// (a request body is hundreds of bytes, and a word without any byte below 0x20 needs no
/// closer look).
fn has_separator(s: &str) -> bool {
    let is_separator = |b: &u8| (0x1d..=0x1f).contains(b);
    let mut words = s.as_bytes().chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // Non-zero exactly when some byte is below 0x20 ("hasless", Bit Twiddling Hacks).
        let below_space = w.wrapping_sub(0x2020_2020_2020_2020) & !w & 0x8080_8080_8080_8080;
        if below_space != 0 && word.iter().any(is_separator) {
            return true;
        }
    }
    words.remainder().iter().any(is_separator)
}

struct Writer {
    out: String,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push(SEP);
    }

    fn text(&mut self, s: &str) {
        if has_separator(s) {
            self.out.push(ESCAPED);
            // A JSON string escapes every control character, so the separators cannot appear.
            self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
            self.out.push(SEP);
        } else {
            self.raw(s);
        }
    }

    fn null(&mut self) {
        self.out.push(NULL);
        self.out.push(SEP);
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
/// warnings, refunds, rejected.
pub fn encode(page: &RefundPage<'_>) -> String {
    // Records average a few hundred bytes of values; start big enough to rarely regrow.
    let mut w = Writer { out: String::with_capacity(256 + page.refunds.len() * 320) };
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
    w.out
}

/// A signed request as flat text: url, method, header count, name/value pairs, body
/// (`decodeRequest` in `pkg/src/decode.js`). One string crosses instead of one
/// serde-wasm-bindgen call per field (docs/performance.md).
pub fn encode_request(request: &SignedRequest) -> String {
    let size = request.url.len() + request.body.len() + request.headers.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>();
    let mut w = Writer { out: String::with_capacity(size + 32) };
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
    fn separators_are_found_anywhere() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0u8..0x80 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let s = String::from_utf8(bytes).unwrap();
                    assert_eq!(has_separator(&s), (0x1d..=0x1f).contains(&b), "{s:?}");
                }
            }
        }
        assert!(!has_separator("旺店通\u{7f}\u{1c} \u{20}\u{ff}abcdefgh"));
        assert!(has_separator("旺店通旺店通\u{1e}"));
    }

    #[test]
    fn requests_are_flat_too() {
        let request = SignedRequest {
            url: "https://x/\u{1f}".into(),
            method: "POST",
            headers: vec![("A".into(), "1".into()), ("B".into(), String::new())],
            body: "a=1&b=2".into(),
        };
        assert_eq!(encode_request(&request), "rn2\u{1f}\u{1d}\"https://x/\\u001f\"\u{1f}POST\u{1f}2\u{1f}A\u{1f}1\u{1f}B\u{1f}\u{1f}a=1&b=2\u{1f}");
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
        let flat = encode(&page);
        let head = "rn2\u{1f}5\u{1f}shopex\u{1f}wangdiantong\u{1f}mogujie\u{1f}suning\u{1f}nuoyun\u{1f}5\u{1f}refund_only\u{1f}return_and_refund\u{1f}exchange\u{1f}cancel_order\u{1f}unknown\u{1f}11\u{1f}pending\u{1f}awaiting_return\u{1f}return_in_transit\u{1f}processing\u{1f}awaiting_buyer\u{1f}rejected\u{1f}succeeded\u{1f}cancelled\u{1f}closed\u{1f}failed\u{1f}unknown\u{1f}";
        assert!(flat.starts_with(&format!("{head}1\u{1f}\u{1e}\u{1f}\u{1e}\u{1f}\u{1e}\u{1f}0\u{1f}1\u{1f}b\u{1f}\u{1d}\"a\\u001fb\"\u{1f}")), "{flat}");
        assert!(flat.contains("\u{1d}\"x\\u001e\"\u{1f}"));
    }
}
