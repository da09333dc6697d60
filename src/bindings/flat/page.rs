//! A parsed page as flat bytes: the layout [`encode`] writes is the schema `decodePage`
//! (`pkg/src/decode.js`) reads.
//!
//! Every value is length-prefixed (`rn4`), so the decoder slices at known offsets instead of
//! searching for a separator per value, and no value needs escaping: any text crosses as it
//! is. In the main text a value is one of:
//! - a length below [`LONG`] as one byte, then that many ASCII bytes;
//! - [`LONG`], the length as five 7-bit bytes (most significant first), then the bytes;
//! - [`NULL`], which is `null`;
//! - [`WIDE`] and a length as above: that many UTF-16 units of the UTF-16 part, where the
//!   values with a non-ASCII character are, in order;
//! - [`KEEP`] and a value of the forms above but null: the value, which the decoder also
//!   appends to the page's list of kept values (`rn6`);
//! - [`SAME`] and a length as above: the kept value at that index of the list (`rn6`).
//!
//! Only the fields whose values come from a small set in real data are kept and referred to
//! ([`SHARED`]): a page has one string per distinct value of them, not one per record, which
//! is fewer strings for V8 to allocate, copy and promote (docs/performance.md).
//!
//! Counts are lengths without bytes; platforms, kinds and statuses one letter (`a` = 0, see
//! [`super`]). A record's fields that may be null come in groups: a mask says which are
//! there (`present`), then those follow; whether the buyer and the shipment are there is one
//! byte. A mask is [`MASK_BITS`] bits per byte, bit i for the group's field i, and bit 6
//! ([`MORE`]) of a byte when another mask byte follows: every byte stays ASCII, a group may
//! grow up to [`GROUP_MAX`] fields (a larger one does not compile), and the decoder refuses a
//! mask with a bit past the fields it knows.
//! Every byte of the main text is ASCII, so `TextDecoder` makes it a one-byte string.
//!
//! Both parts are cut into chunks (`rn5`) at record starts, once a chunk holds [`CHUNK`]
//! bytes of either part: V8 puts a string of more than 128 KB in its large-object space, and
//! one 170 KB main text cost ~90 µs to decode where two halves cost 8 (docs/performance.md). The decoder decodes each chunk's two parts when it reaches the chunk. A page
//! whose main text is over [`WHOLE_ABOVE`] (1 MiB) is written without cuts: crosses whole.

use super::{rejected::Rejections, utf16::push_utf16le, VERSION};
use crate::model::{Kind, PlatformId, Refund, RefundPage, Status, Warning};
use crate::platforms::ids::hash;

/// Lengths below this are one byte; this byte announces five.
pub const LONG: u8 = 0x70;
/// The value is in the UTF-16 part; its length in units follows.
pub const WIDE: u8 = 0x7e;
pub const NULL: u8 = 0x7f;
/// The value that follows is also appended to the page's list of kept values.
pub const KEEP: u8 = 0x7c;
/// The value is a kept one: its index in the list follows, as a length.
pub const SAME: u8 = 0x7d;
/// A page keeps at most this many values; the values of shared fields after that are
/// written plainly unless they are kept already.
pub const KEPT_MAX: usize = 4096;
/// Slots a look-up in the kept table tries before the value is written plainly: a page's
/// values come from the server and the hash is fixed, so colliding values cost at most this.
/// (4096 values in 8192 slots: runs of up to ~30 slots happen, so a few may not be kept.)
const PROBES: usize = 16;

/// The fields whose values are kept and referred to, and why they repeat in real pages:
/// - the shop's id and name: a page is one shop's (one app key or shop filter) as a rule;
/// - the platform's status code: one of its status table;
/// - the reason: one of the platform's list of refund reasons;
/// - the shipment's company and company code: a few couriers carry most parcels;
/// - an item's name, SKU name and quantity: a shop's catalogue, its best sellers on many
///   records; quantities are small numbers.
///
/// Ids, amounts, times, phone numbers and free text (notes, buyers' names) rarely repeat and
/// are written plainly (a value kept that never repeats costs a look-up and a list entry).
///
/// Bit i: the value i of the group written by [`PageWriter::present`].
pub const SHARED: Shared = Shared {
    refund: 1 << 2 | 1 << 3 | 1 << 4 | 1 << 8,
    objects: 1 << 3 | 1 << 4,
    item: 1 << 4 | 1 << 5 | 1 << 6,
};

/// Which values of each group of [`PageWriter::present`] are kept and referred to.
pub struct Shared {
    pub refund: u32,
    pub objects: u32,
    pub item: u32,
}

/// A group mask's bits per byte.
pub const MASK_BITS: usize = 6;
/// Set in a mask byte when another mask byte follows.
pub const MORE: u8 = 0x40;
/// The most fields a group of [`PageWriter::present`] may have: four mask bytes. The decoder
/// (`readMask` in `pkg/src/decode.js`) holds a mask and its byte count in one 32-bit integer.
pub const GROUP_MAX: usize = 4 * MASK_BITS;

/// The fields that may be null in each group of a record ([`PageWriter::refund`]): the
/// refund's own, the buyer's and the shipment's, an item's. `decode.js` declares the same
/// numbers (a test compares them), and refuses a mask with a bit past them.
pub const REFUND_FIELDS: usize = 14;
pub const OBJECT_FIELDS: usize = 6;
pub const ITEM_FIELDS: usize = 9;

// A shared field is one of its group's.
const _: () = assert!(SHARED.refund >> REFUND_FIELDS == 0 && SHARED.objects >> OBJECT_FIELDS == 0 && SHARED.item >> ITEM_FIELDS == 0);

/// Where a value's look-up starts: [`hash`] mixed again over all its bits (murmur3's
/// finalizer), as the table takes the low ones. Alone, 4096 short values that differ in a few
/// digits (`v1`, `SKU-00007`, `商品12号`, …) fell into runs of up to 90 of 8192 slots; mixed,
/// up to 32.
fn slot_hash(s: &str) -> usize {
    let mut h = hash(s.as_bytes()) as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h as usize
}

/// What to write for a value of a shared field.
enum Share {
    /// The kept value at this index.
    Same(usize),
    /// The value, kept now (the next one of the list).
    Keep,
    /// The value alone: the list is full, or the look-up ran out of probes.
    Plain,
}

/// The values kept so far, and an open-addressing table of them (index + 1; 0 is empty),
/// at least twice as big as the list until the list is full. The values are copies: the
/// records are written in batches while the page is still growing ([`PageStream`]), so
/// their texts cannot be borrowed from one batch to the next (a copy per distinct value).
#[derive(Default)]
struct Kept {
    values: Vec<Box<str>>,
    slots: Vec<u32>,
}

impl Kept {
    fn share(&mut self, s: &str) -> Share {
        if self.values.len() < KEPT_MAX && self.slots.len() < 2 * (self.values.len() + 1) {
            self.grow();
        }
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = slot_hash(s) & mask;
        for _ in 0..PROBES {
            let Some(slot) = self.slots.get_mut(at) else { return Share::Plain };
            let index = (*slot as usize).wrapping_sub(1);
            match self.values.get(index) {
                Some(seen) if **seen == *s => return Share::Same(index),
                Some(_) => at = (at + 1) & mask,
                None => {
                    if self.values.len() >= KEPT_MAX {
                        return Share::Plain;
                    }
                    self.values.push(s.into());
                    *slot = u32::try_from(self.values.len()).unwrap_or(0);
                    return Share::Keep;
                }
            }
        }
        Share::Plain
    }

    /// Twice the slots (16 at first), the kept values placed again; one that finds no
    /// free slot within [`PROBES`] stays in the list (its index is still valid) but is not
    /// found again, so a later occurrence is kept anew.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let mask = size - 1;
        self.slots = vec![0; size];
        for (i, value) in self.values.iter().enumerate() {
            let mut at = slot_hash(value) & mask;
            for _ in 0..PROBES {
                match self.slots.get_mut(at) {
                    Some(slot) if *slot == 0 => {
                        *slot = u32::try_from(i + 1).unwrap_or(0);
                        break;
                    }
                    _ => at = (at + 1) & mask,
                }
            }
        }
    }
}
/// A chunk is closed at the next record start once either of its parts holds this many
/// bytes: well below V8's 128 KB large-object line, whatever one record adds.
pub const CHUNK: usize = 64 * 1024;
/// A page whose main text is longer crosses whole (no cuts). Chunks pay for pages of a few
/// hundred KB (1000 records: 150–340 KB, ~80 µs saved per part), but a 10000-record 旺店通
/// page (2.6 MB) in 40 chunks took 53–69 ms against 36–38 whole: so many young strings cost
/// V8 more than one large object (docs/performance.md, "Where the budgets stand").
pub const WHOLE_ABOVE: usize = 1024 * 1024;

#[derive(Default)]
pub(super) struct PageWriter {
    pub(super) main: Vec<u8>,
    /// The values with a non-ASCII character, as UTF-16LE, written as they come.
    pub(super) wide: Vec<u8>,
    /// The values of the shared fields kept so far.
    kept: Kept,
}

/// Has `b` only ASCII bytes? Eight at a time (most values are short ASCII ids, times and
/// amounts); the last bytes as the overlapping last eight.
fn is_ascii(b: &[u8]) -> bool {
    const HIGHS: u64 = (u64::MAX / 255) << 7;
    let word = |w: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
    let mut chunks = b.chunks_exact(8);
    let mut any = 0u64;
    for chunk in &mut chunks {
        any |= word(chunk);
    }
    match b.len().checked_sub(8).and_then(|i| b.get(i..)) {
        Some(last) => (any | word(last)) & HIGHS == 0,
        None => chunks.remainder().iter().all(|&c| c < 0x80),
    }
}

impl PageWriter {
    pub(super) fn size(&mut self, n: usize) {
        match u8::try_from(n) {
            Ok(small) if small < LONG => self.main.push(small),
            _ => {
                let n = u64::try_from(n).unwrap_or(u64::MAX);
                self.main.extend_from_slice(&[LONG, (n >> 28 & 0x7f) as u8, (n >> 21 & 0x7f) as u8, (n >> 14 & 0x7f) as u8, (n >> 7 & 0x7f) as u8, (n & 0x7f) as u8]);
            }
        }
    }

    pub(super) fn text(&mut self, s: &str) {
        if is_ascii(s.as_bytes()) {
            self.size(s.len());
            self.main.extend_from_slice(s.as_bytes());
        } else {
            let start = self.wide.len();
            push_utf16le(&mut self.wide, s);
            self.main.push(WIDE);
            self.size((self.wide.len() - start) / 2);
        }
    }

    pub(super) fn null(&mut self) {
        self.main.push(NULL);
    }

    /// A value of a shared field: a reference to the same value kept before, or the value
    /// (kept now while the list has room); a value of one byte as it is. Out of line, so
    /// [`Self::present`] stays as small as it was and is inlined where it was.
    #[inline(never)]
    fn shared(&mut self, s: &str) {
        // V8 makes one string of each one-character value itself: no look-up for those.
        if s.len() <= 1 {
            return self.text(s);
        }
        match self.kept.share(s) {
            Share::Same(index) => {
                self.main.push(SAME);
                self.size(index);
            }
            Share::Keep => {
                self.main.push(KEEP);
                self.text(s);
            }
            Share::Plain => self.text(s),
        }
    }

    pub(super) fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    /// A number as its digits (page info).
    fn number(&mut self, n: Option<u64>) {
        match n {
            Some(n) => {
                let mut digits = String::new();
                crate::time::push_zero_padded(&mut digits, n, 1);
                self.text(&digits);
            }
            None => self.null(),
        }
    }

    fn count(&mut self, n: usize) {
        self.size(n);
    }

    /// Warnings: their count, then each one's code, English and Chinese message.
    fn warnings(&mut self, list: &[Warning]) {
        self.count(list.len());
        for w in list {
            self.text(w.code.as_str());
            self.text(&w.message);
            self.text(&w.message_zh);
        }
    }

    /// A name list of the page's head: count, then the names.
    fn names(&mut self, names: impl ExactSizeIterator<Item = &'static str>) {
        self.count(names.len());
        for name in names {
            self.text(name);
        }
    }

    /// An index into a name list of the head, as one letter (the lists are short).
    fn letter(&mut self, index: usize) {
        self.main.push(b'a'.saturating_add(u8::try_from(index).unwrap_or(u8::MAX)).min(b'z'));
    }

    /// Which of `values` are there, as a mask of `N.div_ceil(MASK_BITS)` bytes (bit i:
    /// `values[i]`; [`MORE`] in every byte but the last), then those values: a record's nulls
    /// are a bit each, not a value each (a 苏宁 record has 18; the decoder tests a bit instead
    /// of reading a byte). One pass: the mask bytes are filled in once the values are written.
    /// Bit i of `shared`: `values[i]` is a shared field's ([`SHARED`]).
    #[inline]
    fn present<const N: usize>(&mut self, values: &[Option<&str>; N], shared: u32) {
        const { assert!(N > 0 && N <= GROUP_MAX, "a group of PageWriter::present has more fields than a mask carries (GROUP_MAX)") };
        let bytes = N.div_ceil(MASK_BITS);
        let at = self.main.len();
        self.main.resize(at + bytes, 0);
        let mut mask = 0u32;
        for (i, value) in values.iter().enumerate() {
            if let Some(s) = *value {
                if shared & 1 << i != 0 {
                    self.shared(s);
                } else {
                    self.text(s);
                }
                mask |= 1 << i;
            }
        }
        if let Some(out) = self.main.get_mut(at..at + bytes) {
            for (k, byte) in out.iter_mut().enumerate() {
                let more = if k + 1 < bytes { MORE } else { 0 };
                *byte = ((mask >> (MASK_BITS * k)) as u8 & 0x3f) | more;
            }
        }
    }

    fn refund(&mut self, r: &Refund<'_>) {
        self.letter(r.platform as usize);
        self.letter(r.kind as usize);
        self.letter(r.status as usize);
        self.text(&r.id);
        self.text(r.currency);
        self.present::<REFUND_FIELDS>(&[
            r.order_id.as_deref(),
            r.sub_order_id.as_deref(),
            r.shop_id.as_deref(),
            r.shop_name.as_deref(),
            r.platform_status.code.as_deref(),
            r.platform_status.label.as_deref(),
            r.requested_amount.as_deref(),
            r.refunded_amount.as_deref(),
            r.reason.as_deref(),
            r.note.as_deref(),
            r.created_at.as_deref(),
            r.updated_at.as_deref(),
            r.refunded_at.as_deref(),
            r.raw.as_deref(),
        ], SHARED.refund);
        // The buyer and the shipment: whether each is there (bits 0 and 1 of one byte), then
        // their fields.
        let (b, s) = (r.buyer.as_ref(), r.return_shipment.as_ref());
        self.main.push(u8::from(b.is_some()) | u8::from(s.is_some()) << 1);
        self.present::<OBJECT_FIELDS>(&[
            b.and_then(|b| b.id.as_deref()),
            b.and_then(|b| b.name.as_deref()),
            b.and_then(|b| b.phone.as_deref()),
            s.and_then(|s| s.company.as_deref()),
            s.and_then(|s| s.company_code.as_deref()),
            s.and_then(|s| s.tracking_no.as_deref()),
        ], SHARED.objects);
        self.count(r.items.len());
        for item in &r.items {
            self.present::<ITEM_FIELDS>(&[
                item.goods_id.as_deref(),
                item.sku_id.as_deref(),
                item.goods_no.as_deref(),
                item.sku_no.as_deref(),
                item.name.as_deref(),
                item.sku_name.as_deref(),
                item.quantity.as_deref(),
                item.unit_price.as_deref(),
                item.amount.as_deref(),
            ], SHARED.item);
        }
        self.warnings(&r.warnings);
    }
}

/// Records are written in batches of this many, each batch once converted: small enough that
/// its values are still in the caches (128 records of a body and a page are about 200 KB),
/// large enough that the writer runs as its own loop (record by record, 1000-record pages
/// were 1–13 % slower: docs/performance.md).
pub const BATCH: usize = 128;

/// Room left in front of the records for the page's head (about 250 bytes and the page's
/// warnings), so the records need not be moved once the head is known.
const HEAD_ROOM: usize = 1024;

/// A page's flat bytes, its records written while the page is converted: writing them after
/// the whole page was parsed read every value of a 10000-record page (a 9 MB body and the
/// records) again from memory (docs/performance.md). The head, which counts the
/// records and holds the page's warnings (duplicate ids among them), is known only at the
/// end: [`PageStream::finish`] puts it in the room left in front. The bytes are [`encode`]'s.
pub struct PageStream {
    /// The main text's [`HEAD_ROOM`], then the records; the UTF-16 part of the records.
    records: PageWriter,
    /// Where each record starts in the two parts: the chunks are cut at record starts,
    /// counted from the page's start, so only once the head is written.
    starts: Vec<(usize, usize)>,
    /// Rejected records taken off the page, in their flat form, to be written after the
    /// refunds.
    rejections: Rejections,
}

impl Default for PageStream {
    fn default() -> PageStream {
        PageStream { records: PageWriter { main: vec![0; HEAD_ROOM], ..PageWriter::default() }, starts: Vec::new(), rejections: Rejections::default() }
    }
}

impl PageStream {
    /// Writes the records of `page` (the page being converted) not written yet, once
    /// [`BATCH`] of them wait; takes its rejected records off it and writes them once
    /// [`BATCH`] of those wait (a page of 100 000 invalid records would hold 100 000 structs
    /// and 300 000 strings at once).
    pub fn catch_up(&mut self, page: &mut RefundPage<'_>) {
        if page.refunds.len().saturating_sub(self.starts.len()) >= BATCH {
            self.write_rest(page);
        }
        if page.rejected.len() >= BATCH {
            for r in page.rejected.drain(..) {
                self.rejections.take(&r);
            }
        }
    }

    fn write_rest(&mut self, page: &RefundPage<'_>) {
        if self.starts.capacity() == 0 {
            // The platforms reserve the refunds for every record of the body: room for all,
            // a few hundred bytes each, so the parts rarely regrow.
            let records = page.refunds.capacity();
            self.records.main.reserve(records.saturating_mul(320));
            self.records.wide.reserve(records.saturating_mul(96));
            self.starts.reserve(records);
        }
        for r in page.refunds.get(self.starts.len()..).unwrap_or_default() {
            self.starts.push((self.records.main.len(), self.records.wide.len()));
            self.records.refund(r);
        }
    }

    /// The page's bytes, its records not written yet written first: version, the platform,
    /// kind and status names, page info, page warnings, refunds, rejected. The main text
    /// (ASCII), the UTF-16LE part, the chunks' cuts, then their number and the main text's
    /// length as u32 LE (`decodePage` in `pkg/src/decode.js`). A page over [`WHOLE_ABOVE`] is
    /// written without its cuts.
    pub fn finish(mut self, page: &RefundPage<'_>) -> Flat {
        if self.starts.len() > page.refunds.len() {
            // Not this page's records: write them all again (its rejected ones taken stay).
            let rejections = std::mem::take(&mut self.rejections);
            self = PageStream { rejections, ..PageStream::default() };
        }
        self.write_rest(page);
        for r in &page.rejected {
            self.rejections.take(r);
        }
        let PageStream { records: mut body, starts, rejections } = self;
        let mut head = PageWriter { main: Vec::with_capacity(HEAD_ROOM), ..PageWriter::default() };
        head.text(VERSION);
        head.names(PlatformId::ALL.iter().map(|p| p.as_str()));
        head.names(Kind::ALL.iter().map(|k| k.as_str()));
        head.names(Status::ALL.iter().map(|s| s.as_str()));
        head.number(page.page.page);
        head.number(page.page.page_size);
        head.number(page.page.total);
        match page.page.has_more {
            Some(true) => head.text("1"),
            Some(false) => head.text("0"),
            None => head.null(),
        }
        head.warnings(&page.warnings);
        head.count(starts.len());
        // The rejected records after the refunds, and room for the rest of the page at once:
        // each part's capacity would otherwise double past what it needs, and wasm memory
        // never shrinks.
        let (rejected_main, rejected_wide) = rejections.bytes();
        let rest = head.wide.len() + body.wide.len() + rejected_wide + 8 * starts.len() + 8;
        body.main.reserve_exact(rejected_main + rest);
        rejections.write_into(&mut body);

        // The head at the end of the room (the rest of the room is skipped), or, when it is
        // longer, the records moved behind it.
        let (head_main, head_wide) = (head.main.len(), head.wide.len());
        let (mut out, start) = match HEAD_ROOM.checked_sub(head_main) {
            Some(start) => {
                if let Some(room) = body.main.get_mut(start..HEAD_ROOM) {
                    room.copy_from_slice(&head.main);
                }
                (body.main, start)
            }
            None => {
                head.main.extend_from_slice(body.main.get(HEAD_ROOM..).unwrap_or_default());
                (head.main, 0)
            }
        };
        let main = out.len() - start;
        // A new chunk at a record start once either part of the current one holds CHUNK bytes.
        let mut cuts = Vec::new();
        if main <= WHOLE_ABOVE {
            let mut last = (0, 0);
            for (m, w) in starts {
                // records were written after the room, and in the UTF-16 part from its start
                let at = (m - HEAD_ROOM + head_main, w + head_wide);
                if at.0 - last.0 >= CHUNK || at.1 - last.1 >= CHUNK {
                    cuts.push(at);
                    last = at;
                }
            }
        }
        let word = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
        out.reserve(head.wide.len() + body.wide.len() + 8 * cuts.len() + 8);
        out.extend_from_slice(&head.wide);
        out.extend_from_slice(&body.wide);
        for (at_main, at_wide) in &cuts {
            out.extend_from_slice(&word(*at_main));
            out.extend_from_slice(&word(*at_wide));
        }
        out.extend_from_slice(&word(cuts.len()));
        out.extend_from_slice(&word(main));
        Flat { bytes: out, start }
    }
}

/// A page's flat bytes: `bytes[start..]` (before `start`, the unused part of the room left
/// for the head).
#[derive(Default)]
pub struct Flat {
    bytes: Vec<u8>,
    start: usize,
}

impl Flat {
    pub const fn new() -> Flat {
        Flat { bytes: Vec::new(), start: 0 }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or_default()
    }

    pub fn into_vec(mut self) -> Vec<u8> {
        self.bytes.drain(..self.start.min(self.bytes.len()));
        self.bytes
    }
}

/// The page as flat bytes ([`PageStream::finish`]), its records written after the parse.
pub fn encode(page: &RefundPage<'_>) -> Vec<u8> {
    PageStream::default().finish(page).into_vec()
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
