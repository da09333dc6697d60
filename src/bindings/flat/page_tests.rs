//! The page layout byte by byte, its batches and chunks, the kept values' table, the masks
//! and that `decode.js` reads the same constants.

use super::*;
use crate::bindings::flat::split;
use crate::model::{PageInfo, Rejected, WarningCode};
use std::borrow::Cow;

/// A kind's or status's letter is its place in `ALL`, which the head lists in that order.
#[test]
fn letters_index_the_head_lists() {
    assert!(Kind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
    assert!(Status::ALL.iter().enumerate().all(|(i, s)| *s as usize == i));
    assert!(PlatformId::ALL.iter().enumerate().all(|(i, p)| *p as usize == i));
}

/// The head as bytes: every value its length then its text, counts as lengths.
#[test]
fn values_are_length_prefixed() {
    let mut r = Refund::new(PlatformId::Wangdiantong, Cow::Borrowed("a\u{1f}b"));
    r.reason = Some(Cow::Borrowed("x\u{1e}\u{1d}\u{1c}\u{7f}"));
    let page = RefundPage {
        refunds: vec![r],
        page: PageInfo { page: Some(1), page_size: None, total: None, has_more: None },
        rejected: vec![],
        warnings: vec![],
    };
    let (flat, wide) = split(&encode(&page)).unwrap();
    assert_eq!(wide, "");
    // the version, then the platforms (PlatformId::IDS), kinds and statuses: a count, then each name
    let named = |names: &[&str]| -> String {
        std::iter::once(char::from(names.len() as u8)).map(String::from).chain(names.iter().map(|n| format!("{}{n}", char::from(n.len() as u8)))).collect()
    };
    let head = format!("{}{VERSION}{}\u{5}\u{b}refund_only\u{11}return_and_refund\u{8}exchange\u{c}cancel_order\u{7}unknown\u{b}\u{7}pending\u{f}awaiting_return\u{11}return_in_transit\u{a}processing\u{e}awaiting_buyer\u{8}rejected\u{9}succeeded\u{9}cancelled\u{6}closed\u{6}failed\u{7}unknown", char::from(VERSION.len() as u8), named(&PlatformId::IDS));
    // page 1, size, total and hasMore null, no warnings, one refund: 旺店通, kind and status
    // unknown, its id as it is, the currency, of the fields that may be null only the reason
    // (bit 8: the mask bytes MORE, MORE | 4 and 0), kept (a shared field: KEEP first), whose ASCII bytes cross
    // as they are (the length says where the value ends); no buyer or shipment (nor their
    // fields), no items, no warnings; no rejected records (no templates, no records)
    let record = "\u{1}bek\u{3}a\u{1f}b\u{3}CNY\u{40}\u{44}\u{0}\u{7c}\u{5}x\u{1e}\u{1d}\u{1c}\u{7f}\u{0}\u{0}\u{0}\u{0}";
    assert_eq!(flat, format!("{head}\u{1}1\u{7f}\u{7f}\u{7f}\u{0}{record}\u{0}\u{0}"));
}

/// Values with a non-ASCII character are a marker and their length in UTF-16 units in the
/// main text, and cross in the UTF-16 part, in order, as they are.
#[test]
fn non_ascii_values_cross_apart() {
    let mut r = Refund::new(PlatformId::Nuoyun, Cow::Borrowed("中"));
    r.order_id = Some(Cow::Borrowed("\u{1c}x"));
    r.shop_id = Some(Cow::Borrowed("12345678901234567"));
    r.shop_name = Some(Cow::Borrowed("\u{feff}店\u{1f}"));
    r.reason = Some(Cow::Borrowed("𝄞 long reason text, 12345678"));
    r.note = Some(Cow::Borrowed("é"));
    let page = RefundPage { refunds: vec![r], page: PageInfo { page: None, page_size: None, total: None, has_more: None }, rejected: vec![], warnings: vec![Warning::new(WarningCode::Paging, "页", "頁")] };
    let bytes = encode(&page);
    let (flat, wide) = split(&bytes).unwrap();
    assert!(flat.is_ascii());
    // warnings: one, its code, its messages wide (1 unit each); refunds: one, 诺云, id wide (1), the currency, there are
    // order id, shop id, shop name (bits 0, 2, 3: 13 | MORE), reason and note (bits 8, 9:
    // (3 << 2 | MORE) << 8), nothing in the third mask byte;
    // order id, shop id (kept), shop name wide (3, kept), reason wide (29, kept), note wide (1)
    assert!(flat.contains("\u{1}\u{6}paging\u{7e}\u{1}\u{7e}\u{1}\u{1}eek\u{7e}\u{1}\u{3}CNY\u{4d}\u{4c}\u{0}\u{2}\u{1c}x\u{7c}\u{11}12345678901234567\u{7c}\u{7e}\u{3}\u{7c}\u{7e}\u{1d}\u{7e}\u{1}\u{0}"), "{flat:?}");
    assert_eq!(wide, "页頁中\u{feff}店\u{1f}𝄞 long reason text, 12345678é");
    // bytes: main, UTF-16LE, no cuts, main's length
    assert_eq!(bytes.len(), flat.len() + 2 * wide.encode_utf16().count() + 8);
    assert_eq!(bytes[bytes.len() - 8..bytes.len() - 4], [0; 4]);
}

/// A length of 0x70 and more is the marker and five 7-bit bytes; the main text stays ASCII.
#[test]
fn long_values_have_a_five_byte_length() {
    for n in [0x6f, 0x70, 0x71, 300, 0x3fff, 0x4000, 1 << 21, 5_000_000] {
        let mut w = PageWriter::default();
        w.text(&"a".repeat(n));
        let (head, text) = w.main.split_at(if n < 0x70 { 1 } else { 6 });
        assert_eq!(text.len(), n);
        let read = if n < 0x70 { usize::from(head[0]) } else { head[1..].iter().fold(0, |k, &b| k * 128 + usize::from(b)) };
        assert_eq!(read, n);
        assert!(head.is_ascii() && (n < 0x70 || head[0] == LONG));
    }
}

/// Chunks are cut only at record starts, once a part holds `CHUNK` bytes; the trailer
/// lists the cuts, and the parts are the chunks joined. With a head that fits the room
/// left for it, and one that does not (many warnings, some in the UTF-16 part).
#[test]
fn chunks_are_cut_at_record_starts() {
    let refund = |i: usize| {
        let mut r = Refund::new(PlatformId::Suning, Cow::Owned(format!("R{i}")));
        r.reason = Some(Cow::Owned(if i % 3 == 0 { "退".repeat(i % 700) } else { "x".repeat(i % 900) }));
        r
    };
    // where each record starts in the two parts, after the head
    let refunds: Vec<Refund<'_>> = (0..2000).map(refund).collect();
    let mut w = PageWriter::default();
    let mut starts = Vec::new();
    for r in &refunds {
        starts.push((w.main.len(), w.wide.len()));
        w.refund(r);
    }
    let many: Vec<Warning> = (0..40)
        .map(|i| if i % 4 == 0 { format!("警告 {i}") } else { format!("warning {i}: {}", "w".repeat(30)) })
        .map(|m| Warning::new(WarningCode::Paging, m.clone(), m))
        .collect();
    for warnings in [vec![], many] {
        let head_wide: usize =
            warnings.iter().flat_map(|w| [&w.message, &w.message_zh]).filter(|m| !m.is_ascii()).map(|m| 2 * m.encode_utf16().count()).sum();
        let page = RefundPage { refunds: (0..2000).map(refund).collect(), page: PageInfo { page: None, page_size: None, total: None, has_more: None }, rejected: vec![], warnings };
        let bytes = encode(&page);
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let n = word(bytes.len() - 8);
        assert!(n > 5);
        let (flat, wide) = split(&bytes).unwrap();
        assert_eq!(word(bytes.len() - 4), flat.len());
        let wide_bytes = 2 * wide.encode_utf16().count();
        assert_eq!(bytes.len(), flat.len() + wide_bytes + 8 * n + 8);
        // the records' bytes are the writer's above after the head (a cut adds none): each
        // cut is at one of their starts
        let head = flat.len() - w.main.len() - 2;
        assert!(head > HEAD_ROOM || page.warnings.is_empty());
        assert_eq!(flat.as_bytes()[head..head + w.main.len()], w.main[..]);
        let cuts: Vec<(usize, usize)> = (0..n).map(|k| (word(bytes.len() - 8 - 8 * n + 8 * k), word(bytes.len() - 8 - 8 * n + 8 * k + 4))).collect();
        assert!(cuts.iter().all(|&(m, w)| starts.contains(&(m - head, w - head_wide))));
        let ends: Vec<(usize, usize)> = cuts.iter().copied().chain([(flat.len(), wide_bytes)]).collect();
        for (k, ((m0, w0), (m1, w1))) in [(0, 0)].into_iter().chain(cuts.iter().copied()).zip(ends).enumerate() {
            // full when cut, and less than a record more
            let full = m1 - m0 >= CHUNK || w1 - w0 >= CHUNK;
            assert!(full || k == n, "{k}");
            assert!(m1 - m0 < CHUNK + 1000 && w1 - w0 < CHUNK + 1500, "{k}");
        }
    }
}

/// Records are written once `BATCH` of them wait, and the rest by `finish`: the bytes are
/// `encode`'s however the page was seen. A stream that wrote more records than the page
/// has writes the page's own again.
#[test]
fn records_are_written_in_batches() {
    let refund = |i: usize| {
        let mut r = Refund::new(PlatformId::Nuoyun, Cow::Owned(format!("R{i}")));
        r.note = Some(Cow::Owned(format!("备注 {i}")));
        r
    };
    let page = |n: usize| RefundPage {
        refunds: (0..n).map(refund).collect(),
        page: PageInfo { page: Some(2), page_size: Some(500), total: None, has_more: Some(true) },
        rejected: vec![Rejected { index: 3, id: Some("R3".into()), code: "invalid_amount", message: "金额".into(), path: "data.list[3].refund_money".into() }],
        warnings: vec![Warning::new(WarningCode::DuplicateId, "refund R1 appears more than once on this page", "退款单 R1 在本页出现了不止一次")],
    };
    let whole = page(3 * BATCH + 7);
    let mut growing = RefundPage { refunds: Vec::with_capacity(whole.refunds.len()), ..page(0) };
    let mut stream = PageStream::default();
    for (i, r) in whole.refunds.iter().enumerate() {
        growing.refunds.push(r.clone());
        stream.catch_up(&mut growing);
        assert_eq!(stream.starts.len(), (i + 1) / BATCH * BATCH);
    }
    assert_eq!(stream.finish(&growing).as_bytes(), encode(&whole));

    let mut stream = PageStream::default();
    stream.catch_up(&mut whole.clone());
    assert_eq!(stream.finish(&page(5)).as_bytes(), encode(&page(5)));
}

/// A page whose main text is over `WHOLE_ABOVE` crosses whole: no cuts in the trailer,
/// and the same text as the chunked form.
#[test]
fn big_pages_cross_whole() {
    let page = |n: usize| RefundPage {
        refunds: (0..n).map(|i| {
            let mut r = Refund::new(PlatformId::Wangdiantong, Cow::Owned(format!("R{i}")));
            r.order_id = Some(Cow::Owned("x".repeat(500)));
            r.note = Some(Cow::Borrowed("退"));
            r
        }).collect(),
        page: PageInfo { page: None, page_size: None, total: None, has_more: None },
        rejected: vec![],
        warnings: vec![],
    };
    let cut_count = |bytes: &[u8]| u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
    let (small, big) = (encode(&page(1500)), encode(&page(2500)));
    let (small_main, big_main) = (split(&small).unwrap().0.len(), split(&big).unwrap().0.len());
    assert!(small_main < WHOLE_ABOVE && big_main > WHOLE_ABOVE, "{small_main} {big_main}");
    assert!(cut_count(&small) > 5);
    assert_eq!(cut_count(&big), 0);
    assert_eq!(big.len(), big_main + 2 * split(&big).unwrap().1.encode_utf16().count() + 8);
}

/// The values of shared fields: the first of each text kept (KEEP, then the value), the
/// next ones a reference to it (SAME, then its index as a length); other fields and
/// one-byte values as they are.
#[test]
fn shared_values_are_kept_once() {
    let refund = |i: usize| {
        let mut r = Refund::new(PlatformId::Shopex, Cow::Owned(format!("R{i}")));
        r.shop_id = Some(Cow::Borrowed("S1"));
        r.reason = Some(Cow::Borrowed(if i % 2 == 0 { "质量" } else { "size" }));
        r.note = Some(Cow::Borrowed("note"));
        r.platform_status.code = Some(Cow::Borrowed("1"));
        r
    };
    let page = RefundPage { refunds: (0..3).map(refund).collect(), page: PageInfo { page: None, page_size: None, total: None, has_more: None }, rejected: vec![], warnings: vec![] };
    let (flat, wide) = split(&encode(&page)).unwrap();
    // shop id, code, reason, note (bits 2, 4: 20 | MORE; 8, 9: 12 | MORE; none in the third byte)
    let records = [
        "aek\u{2}R0\u{3}CNY\u{54}\u{4c}\u{0}\u{7c}\u{2}S1\u{1}1\u{7c}\u{7e}\u{2}\u{4}note\u{0}\u{0}\u{0}\u{0}",
        "aek\u{2}R1\u{3}CNY\u{54}\u{4c}\u{0}\u{7d}\u{0}\u{1}1\u{7c}\u{4}size\u{4}note\u{0}\u{0}\u{0}\u{0}",
        "aek\u{2}R2\u{3}CNY\u{54}\u{4c}\u{0}\u{7d}\u{0}\u{1}1\u{7d}\u{1}\u{4}note\u{0}\u{0}\u{0}\u{0}",
    ];
    assert!(flat.ends_with(&format!("\u{3}{}\u{0}\u{0}", records.concat())), "{flat:?}");
    assert_eq!(wide, "质量");
}

/// At most `KEPT_MAX` values are kept; after that a new value is written as it is and a
/// kept one is still referred to. Indices past one byte have the five-byte length.
#[test]
fn kept_values_stop_at_the_limit() {
    let mut kept = Kept::default();
    let texts: Vec<String> = (0..KEPT_MAX + 100).map(|i| format!("v{i}")).collect();
    // kept in order until the list is full (a value whose run of slots is over PROBES
    // long is not, which is rare: counted)
    let (mut order, mut misses) = (Vec::new(), 0);
    for (i, t) in texts.iter().enumerate() {
        match kept.share(t) {
            Share::Keep => order.push(i),
            Share::Plain if order.len() < KEPT_MAX => misses += 1,
            Share::Plain => {}
            Share::Same(_) => panic!("{i}"),
        }
    }
    assert_eq!(order.len(), KEPT_MAX);
    assert!(misses < 20, "{misses}");
    for (i, t) in texts.iter().enumerate() {
        match (kept.share(t), order.binary_search(&i)) {
            (Share::Same(k), Ok(at)) => assert_eq!(k, at),
            (Share::Plain, Err(_)) => {}
            _ => panic!("{i}"),
        }
    }
    let mut w = PageWriter::default();
    for t in &texts[..200] {
        w.shared(t);
    }
    let Share::Same(k) = w.kept.share(&texts[150]) else { panic!() };
    assert!(k > 128);
    w.main.clear();
    w.shared(&texts[150]);
    assert_eq!(w.main, [SAME, LONG, 0, 0, 0, 1, (k - 128) as u8]);
}

/// Values that all land in one slot (found by trying): `PROBES` are kept, the next is
/// written as it is after `PROBES` probes (and again the next time), the first still found.
#[test]
fn colliding_values_cost_at_most_the_probes() {
    let texts: Vec<String> = (0..).map(|k: u32| format!("c{k}")).filter(|t| slot_hash(t) & 16383 == 0).take(PROBES + 1).collect();
    let mut kept = Kept::default();
    for t in &texts[..PROBES] {
        assert!(matches!(kept.share(t), Share::Keep));
    }
    assert!(matches!(kept.share(&texts[PROBES]), Share::Plain));
    assert!(matches!(kept.share(&texts[PROBES]), Share::Plain));
    assert!(matches!(kept.share(&texts[0]), Share::Same(0)));
    assert!(matches!(kept.share(&texts[PROBES - 1]), Share::Same(k) if k == PROBES - 1));
}

/// A group of more fields than two 7-bit bytes held: its mask is a byte per `MASK_BITS`
/// fields (`MORE` in all but the last), every byte ASCII, then the values there in order.
/// `readMask` of pkg/src/decode.js reads these bytes back (tests/js/node-esm.test.mjs,
/// "the mask of a group of 20 fields").
#[test]
fn a_group_of_twenty_fields_has_a_four_byte_mask() {
    let texts: Vec<String> = (0..20).map(|i| format!("v{i}")).collect();
    let there = |i: usize| i % 3 != 1 || i == 19;
    let values: [Option<&str>; 20] = std::array::from_fn(|i| there(i).then(|| texts[i].as_str()));
    let mut w = PageWriter::default();
    w.present(&values, 0);
    // bits 0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 19: 0xedb6d, six bits a byte
    let mask: u32 = (0..20).filter(|&i| there(i)).map(|i| 1 << i).sum();
    assert_eq!(mask, 0xedb6d);
    let values: String = (0..20).filter(|&i| there(i)).map(|i| format!("{}v{i}", char::from(texts[i].len() as u8))).collect();
    assert_eq!(String::from_utf8(w.main).unwrap(), format!("mmm\u{3}{values}"));
    // the smallest and largest groups the records have: one mask byte for 6 fields, three for 14
    let mut w = PageWriter::default();
    w.present(&[None; 6], 0);
    w.present(&[Some("a"); 14], 0);
    assert_eq!(w.main, [0, 0x7f, 0x7f, 0x03, 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a', 1, b'a']);
}

/// decode.js reads masks as this writer writes them: the same bits per byte, marker, most
/// bytes and fields per group.
#[test]
fn decode_js_reads_the_same_masks() {
    let js = include_str!("../../../pkg/src/decode.js");
    for line in [
        format!("const MASK_BITS = {MASK_BITS};"),
        format!("const MORE = 0x{MORE:x};"),
        format!("const MASK_BYTES = {};", GROUP_MAX / MASK_BITS),
        format!("const REFUND_FIELDS = {REFUND_FIELDS};"),
        format!("const OBJECT_FIELDS = {OBJECT_FIELDS};"),
        format!("const ITEM_FIELDS = {ITEM_FIELDS};"),
        format!("export const FLAT_VERSION = \"{VERSION}\";"),
    ] {
        assert!(js.lines().any(|l| l == line), "decode.js lacks `{line}`");
    }
}

/// The quick ASCII check agrees with the plain one for every length and position.
#[test]
fn is_ascii_sees_every_byte() {
    for len in 0..20 {
        for at in 0..len {
            for c in ["\u{0}", "\u{7f}", "é", "中", "𝄞"] {
                let s: String = (0..len).map(|i| if i == at { c } else { "a" }).collect();
                assert_eq!(is_ascii(s.as_bytes()), s.is_ascii(), "{s:?}");
            }
        }
    }
}
