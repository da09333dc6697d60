//! A page's rejected records in their flat form, written as they are taken off the page.
//!
//! A hostile or broken page may hold 100 000 invalid records, and wasm memory never shrinks.
//! The records of one page are mostly alike: the same code and message, and the same path but
//! for the record's index in its list (`trade_list[7].refund_no`). So each distinct
//! *template* (code, message, and the path's text before and after `[index]`) is written once
//! per page, and a record is its index, its id and the number of its template: about ten
//! bytes of flat text, where the path alone is 30–60 (`decodePage` makes a record's path
//! from its template and index).
//!
//! The section, after the refunds: the number of templates, each template (code, message,
//! path before `[index]`, path after it: null when the path has no `[index]`, the whole path
//! being before), the number of records, each record (index as a length, id or null, its
//! template's number as a length).

use super::page::PageWriter;
use crate::model::Rejected;

/// Templates a new record is compared with (the last ones written): a page's records
/// alternate among a few (one per field that fails); one past these is written again, which
/// is longer but reads the same.
const RECENT: usize = 8;

/// A template written, kept to be found again.
struct Template {
    number: usize,
    code: &'static str,
    message: String,
    before: String,
    after: Option<String>,
}

impl Template {
    fn is(&self, code: &str, message: &str, before: &str, after: Option<&str>) -> bool {
        self.code == code && self.message == message && self.before == before && self.after.as_deref() == after
    }
}

/// The rejected records taken so far, in order, as the flat section's two parts.
#[derive(Default)]
pub(super) struct Rejections {
    /// The templates, as written.
    templates: PageWriter,
    template_count: usize,
    /// The last [`RECENT`] templates written, the oldest replaced first (at `replace`).
    recent: Vec<Template>,
    replace: usize,
    /// The records, as written.
    records: PageWriter,
    count: usize,
}

/// `path` around the first `[index]` in it: the text before and the text after, or the whole
/// path and `None` when it has none (`["12"]` of an id-keyed list). `before[index]after` is
/// `path` either way.
fn split_path(path: &str, index: usize) -> (&str, Option<&str>) {
    // `[`, at most 20 digits, `]`
    let mut needle = [0u8; 22];
    let mut digits = [0u8; 20];
    let (mut n, mut rest) = (0, index);
    loop {
        if let Some(d) = digits.get_mut(n) {
            *d = b'0' + (rest % 10) as u8;
        }
        n += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    needle[0] = b'[';
    for (k, at) in (1..=n).enumerate() {
        if let (Some(slot), Some(&d)) = (needle.get_mut(at), digits.get(n - 1 - k)) {
            *slot = d;
        }
    }
    if let Some(slot) = needle.get_mut(n + 1) {
        *slot = b']';
    }
    let needle = needle.get(..n + 2).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
    match path.find(needle) {
        Some(at) => (path.get(..at).unwrap_or_default(), path.get(at + needle.len()..)),
        None => (path, None),
    }
}

impl Rejections {
    /// Writes `rejected` as the next record.
    pub fn take(&mut self, rejected: &Rejected) {
        let (before, after) = split_path(&rejected.path, rejected.index);
        let found = self.recent.iter().find(|t| t.is(rejected.code, &rejected.message, before, after)).map(|t| t.number);
        let number = match found {
            Some(number) => number,
            None => self.add(rejected.code, &rejected.message, before, after),
        };
        self.records.size(rejected.index);
        self.records.opt(rejected.id.as_deref());
        self.records.size(number);
        self.count += 1;
    }

    /// Writes a new template; its number.
    fn add(&mut self, code: &'static str, message: &str, before: &str, after: Option<&str>) -> usize {
        let number = self.template_count;
        self.template_count += 1;
        self.templates.text(code);
        self.templates.text(message);
        self.templates.text(before);
        self.templates.opt(after);
        if self.recent.len() < RECENT {
            self.recent.push(Template { number, code, message: message.into(), before: before.into(), after: after.map(String::from) });
        } else if let Some(old) = self.recent.get_mut(self.replace) {
            // the oldest one's buffers reused: a page of distinct messages allocates no more
            old.number = number;
            old.code = code;
            old.message.clear();
            old.message.push_str(message);
            old.before.clear();
            old.before.push_str(before);
            match (&mut old.after, after) {
                (Some(text), Some(after)) => {
                    text.clear();
                    text.push_str(after);
                }
                (slot, after) => *slot = after.map(String::from),
            }
            self.replace = (self.replace + 1) % RECENT;
        }
        number
    }

    /// Bytes the section adds to the main text and to the UTF-16 part, about (the two counts
    /// at most 6 bytes each).
    pub fn bytes(&self) -> (usize, usize) {
        (self.templates.main.len() + self.records.main.len() + 12, self.templates.wide.len() + self.records.wide.len())
    }

    /// The section at the end of `page`'s two parts.
    pub fn write_into(self, page: &mut PageWriter) {
        let Rejections { templates, template_count, records, count, .. } = self;
        page.size(template_count);
        page.main.extend_from_slice(&templates.main);
        page.wide.extend_from_slice(&templates.wide);
        drop(templates);
        page.size(count);
        page.main.extend_from_slice(&records.main);
        page.wide.extend_from_slice(&records.wide);
    }
}

#[cfg(test)]
mod tests {
    use super::split_path;
    use crate::bindings::flat::{encode, split, PageStream, BATCH};
    use crate::model::{PageInfo, Refund, RefundPage, Rejected};
    use std::borrow::Cow;

    fn rejected(i: usize) -> Rejected {
        let message = if i % 50 < 40 { "refund_no is missing or empty".to_string() } else { format!("金额 {i} is not money") };
        let id = (i % 3 == 0).then(|| format!("R{i}"));
        let path = match i % 5 {
            0 => format!("trade_list[{i}]"),
            1 => format!("trade_list[\"{i}\"].refund_no"),
            _ => format!("trade_list[{i}].goods_list[{i}].num"),
        };
        Rejected { index: i, id, code: if i % 7 == 0 { "invalid_money" } else { "missing_id" }, message, path }
    }

    /// Rejected records taken off while the page converts give the bytes of the whole page
    /// written at once: same order, same values, templates shared or not.
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

    /// A path splits around the first `[index]`, and the two sides with `[index]` between
    /// them are the path again.
    #[test]
    fn paths_split_around_the_index() {
        for (path, index, before, after) in [
            ("trade_list[3].refund_no", 3, "trade_list", Some(".refund_no")),
            ("trade_list[0]", 0, "trade_list", Some("")),
            ("a[12].b[12].c", 12, "a", Some(".b[12].c")),
            ("a[1].b[12].c", 12, "a[1].b", Some(".c")),
            ("lists[\"12\"].refund_bn", 12, "lists[\"12\"].refund_bn", None),
            ("x[18446744073709551615]", usize::MAX, "x", Some("")),
            ("x[123]", 12, "x[123]", None),
            ("", 0, "", None),
        ] {
            assert_eq!(split_path(path, index), (before, after), "{path}");
            if let Some(after) = after {
                assert_eq!(format!("{before}[{index}]{after}"), path);
            }
        }
    }

    /// 100 000 records alike are one template and about ten bytes each; records of distinct
    /// messages each write their own.
    #[test]
    fn alike_records_share_one_template() {
        let records = |message: &dyn Fn(usize) -> String| RefundPage {
            refunds: vec![],
            page: PageInfo { page: None, page_size: None, total: None, has_more: None },
            rejected: (0..100_000).map(|i| Rejected { index: i, id: None, code: "missing_id", message: message(i), path: format!("sn_responseContent.sn_body.batchQueryRejected[{i}].orderCode") }).collect(),
            warnings: vec![],
        };
        let alike = encode(&records(&|_| "orderCode is missing or empty".into()));
        assert!(alike.len() < 1_000_000, "{} bytes", alike.len());
        let (main, _) = split(&alike).unwrap();
        assert_eq!(main.matches("batchQueryRejected").count(), 1);
        let distinct = encode(&records(&|i| format!("orderCode {i} is missing")));
        assert_eq!(split(&distinct).unwrap().0.matches("batchQueryRejected").count(), 100_000);
    }
}
