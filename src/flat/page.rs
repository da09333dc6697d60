//! A parsed page as flat text: the layout [`encode`] writes is the schema `decodePage`
//! (`pkg/src/decode.js`) reads.

use super::{utf16::push_utf16le, Writer, VERSION};
use crate::model::{Kind, PlatformId, Refund, RefundPage, Status};

impl Writer {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flat::split;
    use crate::model::PageInfo;
    use std::borrow::Cow;

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
        let head = "rn4\u{1f}5\u{1f}shopex\u{1f}wangdiantong\u{1f}mogujie\u{1f}suning\u{1f}nuoyun\u{1f}5\u{1f}refund_only\u{1f}return_and_refund\u{1f}exchange\u{1f}cancel_order\u{1f}unknown\u{1f}11\u{1f}pending\u{1f}awaiting_return\u{1f}return_in_transit\u{1f}processing\u{1f}awaiting_buyer\u{1f}rejected\u{1f}succeeded\u{1f}cancelled\u{1f}closed\u{1f}failed\u{1f}unknown\u{1f}";
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
}
