//! Rejected records taken off a page while it is converted, kept compact until the page's
//! flat bytes are written.
//!
//! A `Rejected` is a struct and three strings (about 140 bytes in wasm memory, which never
//! shrinks); a page of 100 000 invalid records held 100 000 of them at once. Here each is one
//! fixed entry and its path's bytes, and a message is stored once for a run of records that
//! share it (they mostly do: `refund_no is missing or empty`).

use crate::model::Rejected;

/// Where a text lies in [`Drained::text`].
#[derive(Clone, Copy)]
struct Span {
    at: u32,
    len: u32,
}

struct Entry {
    index: u32,
    code: &'static str,
    id: Option<Span>,
    message: Span,
    path: Span,
}

/// The rejected records drained so far, in order.
#[derive(Default)]
pub(super) struct Drained {
    entries: Vec<Entry>,
    /// Their ids, paths and messages, one after the other.
    text: String,
}

/// One drained record, as [`Drained::each`] hands it out.
pub(super) struct Record<'d> {
    pub index: u64,
    pub id: Option<&'d str>,
    pub code: &'static str,
    pub message: &'d str,
    pub path: &'d str,
}

impl Drained {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Bytes of their texts: what writing them takes, about.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    fn keep(&mut self, s: &str) -> Option<Span> {
        let at = u32::try_from(self.text.len()).ok()?;
        let len = u32::try_from(s.len()).ok()?;
        self.text.push_str(s);
        Some(Span { at, len })
    }

    /// Takes `rejected` in; `false` (and nothing taken) past 4 GiB of text or 2^32 records,
    /// which the caller then keeps on the page.
    pub fn take(&mut self, rejected: &Rejected) -> bool {
        let (Ok(index), Ok(_)) = (u32::try_from(rejected.index), u32::try_from(self.text.len() + rejected.path.len() + rejected.message.len())) else {
            return false;
        };
        let same_message = self.entries.last().filter(|last| self.get(last.message) == rejected.message).map(|last| last.message);
        let message = match same_message {
            Some(span) => Some(span),
            None => self.keep(&rejected.message),
        };
        let id = match &rejected.id {
            Some(id) => match self.keep(id) {
                Some(span) => Some(span),
                None => return false,
            },
            None => None,
        };
        let (Some(message), Some(path)) = (message, self.keep(&rejected.path)) else { return false };
        self.entries.push(Entry { index, code: rejected.code, id, message, path });
        true
    }

    fn get(&self, span: Span) -> &str {
        self.text.get(span.at as usize..(span.at + span.len) as usize).unwrap_or_default()
    }

    /// Each drained record, in the order taken.
    pub fn each(&self) -> impl Iterator<Item = Record<'_>> {
        self.entries.iter().map(|e| Record {
            index: u64::from(e.index),
            id: e.id.map(|span| self.get(span)),
            code: e.code,
            message: self.get(e.message),
            path: self.get(e.path),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::bindings::flat::{encode, PageStream, BATCH};
    use crate::model::{PageInfo, Refund, RefundPage, Rejected};
    use std::borrow::Cow;

    fn rejected(i: usize) -> Rejected {
        let message = if i % 50 < 40 { "refund_no is missing or empty".to_string() } else { format!("金额 {i} is not money") };
        let id = (i % 3 == 0).then(|| format!("R{i}"));
        Rejected { index: i, id, code: if i % 7 == 0 { "invalid_money" } else { "missing_id" }, message, path: format!("trade_list[{i}].refund_no") }
    }

    /// Rejected records drained while the page converts give the bytes of the whole page
    /// written at once: same order, same values, messages shared or not.
    #[test]
    fn drained_rejected_records_write_the_same_bytes() {
        let empty = PageInfo { page: None, page_size: None, total: None, has_more: None };
        let n = 3 * BATCH + 5;
        let refund = |i: usize| Refund::new(crate::model::PlatformId::Wangdiantong, Cow::Owned(format!("K{i}")));
        let whole = RefundPage { refunds: (0..n.div_ceil(4)).map(refund).collect(), page: empty.clone(), rejected: (0..n).map(rejected).collect(), warnings: vec![] };
        let mut growing = RefundPage { refunds: Vec::new(), page: empty, rejected: Vec::new(), warnings: vec![] };
        let mut stream = PageStream::default();
        for i in 0..n {
            if i % 4 == 0 {
                growing.refunds.push(refund(i / 4));
            }
            growing.rejected.push(rejected(i));
            stream.catch_up(&mut growing);
            assert!(growing.rejected.len() < BATCH, "drained once a batch waits");
        }
        let (streamed, whole) = (stream.finish(&growing).as_bytes().to_vec(), encode(&whole));
        let first_difference = streamed.iter().zip(&whole).position(|(a, b)| a != b);
        assert!(streamed == whole, "lengths {} and {}, first difference at {first_difference:?}", streamed.len(), whole.len());
    }
}
