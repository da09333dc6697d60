//! The flat form a parsed page crosses into JavaScript as (`pkg/src/decode.js` reads it).
//! Why not JSON: JavaScript would read the whole page a second time, which measured
//! 1.75–2.05× slower than plain JS (shared/TOOLCHAIN.md, "Crossing the boundary").
//!
//! A page (`page.rs`) is bytes: an ASCII main text of length-prefixed values, then the values
//! with a non-ASCII character as UTF-16LE, then where the chunks of both start (each part
//! decoded in pieces below V8's large-object size; none on a page over 1 MiB), their number
//! and the main text's length. `TextDecoder` turns ASCII and UTF-16LE into strings several
//! times faster than mixed UTF-8, and the lengths let the decoder slice each value at a known
//! offset. `PageStream` writes a page's records in batches while the page is converted, its
//! head put in front at the end; `encode` is the same writer run after the parse. Platforms,
//! kinds and statuses cross as one letter each (`a` = 0), an index into the name lists written
//! once at the head of a page; the values of the fields that repeat in real pages (shop,
//! reason, courier, item names, …: `page::SHARED`) cross once each per page and are referred
//! to after that (docs/performance.md has the measurements). Rejected records follow the
//! refunds as templates, each written once per page, and records that name one
//! (`rejected.rs`): a hostile page of 100 000 alike invalid records is about 1 MB.
//!
//! The order in `page.rs` is the schema. `decode.js` repeats it, and the JS tests check the
//! decoder against `serde_json` output of the same page for every fixture, so the two cannot
//! drift.

mod page;
mod rejected;
mod utf16;

pub use page::{encode, Flat, PageStream, BATCH, WHOLE_ABOVE};
pub use utf16::split;

/// Bumped when the layout changes; the decoder refuses other versions.
pub const VERSION: &str = "rn10";
