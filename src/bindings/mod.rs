//! Everything that exists because the crate runs as WebAssembly under JavaScript: the flat
//! bytes a parsed page crosses as (`flat`, read by `pkg/src/decode.js`) and the
//! `#[wasm_bindgen]` functions `pkg/src/api.js` calls (`wasm`). The core above knows none of
//! it; it only offers the record sink ([`crate::platforms::RecordSink`]) the page writer uses.

pub mod flat;
mod wasm;

use crate::error::RefundError;
use crate::model::RefundPage;
use crate::platforms::ParseOptions;

/// `flat::encode` of [`crate::parse_response`]'s page, or its error: the wasm API's answer. The
/// records are written while the page is converted ([`flat::PageStream`]), while their values
/// are still in the caches (docs/performance.md).
pub fn parse_response_flat(platform: &str, body: &[u8], options: &ParseOptions) -> Result<flat::Flat, RefundError> {
    let platform = crate::platforms::lookup(platform)?;
    streamed(|sink| crate::parse_page_with(platform, body, options, sink))
}

/// [`parse_response_flat`] for a body that is already text ([`crate::parse_response_str`]).
pub fn parse_response_str_flat(platform: &str, body: &str, options: &ParseOptions) -> Result<flat::Flat, RefundError> {
    let platform = crate::platforms::lookup(platform)?;
    streamed(|sink| crate::parse_text_with(platform, body, options, sink))
}

/// The flat bytes of the page `parse` converts, its records written as they come.
fn streamed<'a>(parse: impl FnOnce(crate::platforms::RecordSink<'_>) -> Result<RefundPage<'a>, RefundError>) -> Result<flat::Flat, RefundError> {
    let mut stream = flat::PageStream::default();
    let page = parse(&mut |page| stream.catch_up(page))?;
    Ok(stream.finish(&page))
}
