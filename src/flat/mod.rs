//! The flat forms a parsed page and a signed request cross into JavaScript as
//! (`pkg/src/decode.js` reads them).
//!
//! Why not JSON or serde-wasm-bindgen objects: both make JavaScript read the whole result a
//! second time, which measured 1.75–2.05× slower than plain JS (shared/TOOLCHAIN.md,
//! "Crossing the boundary").
//!
//! A page (`page.rs`) is bytes: an ASCII main
//! text of length-prefixed values, then the values with a non-ASCII character as UTF-16LE,
//! then where the chunks of both start (each part decoded in pieces below V8's large-object
//! size, round 8; none on a page over 1 MiB),
//! their number and the main text's length. `TextDecoder` turns ASCII and UTF-16LE into
//! strings several times faster than mixed UTF-8 (0.58 → 0.13 ms for a 1000-record 诺云
//! page, docs/performance.md round 5), and the lengths let the decoder slice each value at a
//! known offset (round 7). `PageStream` writes a page's records in batches while the page is
//! converted, its head put in front at the end (round 10); `encode` is the same writer run
//! after the parse. Platforms, kinds and statuses cross
//! as one letter each (`a` = 0), an index into the name lists written once at the head of a
//! page: the decoder then makes no string per record for them, which is speed and, on the
//! compact platforms, a tenth of a page's memory (round 4). The values of the fields that
//! repeat in real pages (shop, reason, courier, item names, …: `page::SHARED`) cross once
//! each per page and are referred to after that (`rn6`), for the same reason (round 10).
//!
//! A request (`request.rs`) is one text: values follow each other separated by U+001F; a
//! platform's fixed text (method, URL, header name or value) is U+001C + one letter of
//! `REQUEST_TEXTS`; a value that itself contains one of U+001C..=U+001F is written as
//! U+001D + its JSON string, so no text is ever lost or altered. 苏宁's header names cross
//! as one U+001E before the count.
//!
//! The order in `page.rs` and `request.rs` is the schema. `decode.js` repeats it, and the JS
//! tests check the decoder against `serde_json` output of the same page for every fixture,
//! so the two cannot drift.

mod page;
mod rejected;
mod request;
mod utf16;

pub use page::{encode, Flat, PageStream, BATCH, WHOLE_ABOVE};
pub use request::{encode_request, HeaderValue, RequestWriter, SUNING_HEADERS};
pub use utf16::split;

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn9";
