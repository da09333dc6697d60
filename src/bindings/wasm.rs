//! The JavaScript bridge, and the only module that knows about it.
//!
//! Arguments arrive as JSON text that `pkg/src/args.js` (`hostJson`) wrote from whatever the
//! caller passed, and become `serde_json::Value`s before the core sees them, so any JS value
//! (undefined, numbers for strings, extra fields) ends in a `RefundError`, never a trap.
//! Results and errors leave as JSON text that `JSON.parse` makes plain objects of (api.js
//! turns errors into the `RefundError` class), signed requests as length-prefixed text
//! ([`request_text`]), parsed pages as flat bytes (`flat`).

use crate::error::RefundError;
use crate::platforms::{ParseOptions, RequestOptions};
use super::flat;
use crate::time;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// A result as the plain object `JSON.parse` makes of its JSON text: one parse in the engine,
/// where serde-wasm-bindgen made one JS call per key and value, and brought 7 KB gzip of its
/// own code (docs/performance.md).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    parsed(value).ok_or_else(|| fail(RefundError::invalid_options("cannot hand the result to JavaScript", "无法将结果交给 JavaScript")))
}

fn fail(error: RefundError) -> JsValue {
    parsed(&error).unwrap_or_else(|| JsValue::from_str(&error.message))
}

/// `value`'s JSON text, parsed by the engine.
fn parsed<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    serde_json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok())
}

/// An argument from the JSON text `hostJson` (pkg/src/args.js) wrote of it: `undefined` is
/// `null`, NaN and ±Infinity a one-member object every reader of a scalar refuses, an integer
/// past 2^53 a float. Text that is not JSON is a bug on the JS side, said as such.
fn from_json(what: &str, text: &str) -> Result<Value, JsValue> {
    crate::json::read::tree(text).map_err(|_| {
        fail(RefundError::invalid_options(format!("{what} did not arrive as JSON text"), format!("{what} 未以 JSON 文本传入")))
    })
}

/// The host clock in Unix seconds (the core never reads a clock itself).
fn now_seconds() -> i64 {
    let ms = js_sys::Date::now();
    time::from_epoch_ms(ms as i64).unwrap_or(0)
}

fn request_options(options: &str) -> Result<RequestOptions, JsValue> {
    RequestOptions::from_json(&from_json("options", options)?, now_seconds()).map_err(fail)
}

fn parse_options(options: &str) -> Result<ParseOptions, JsValue> {
    ParseOptions::from_json(&from_json("options", options)?).map_err(fail)
}

#[wasm_bindgen]
pub fn platforms() -> Result<JsValue, JsValue> {
    to_js(&crate::platforms())
}

#[wasm_bindgen]
pub fn validate_query(platform: &str, query: &str, options: &str) -> Result<JsValue, JsValue> {
    let query = from_json("query", query)?;
    let validation = crate::validate_query(platform, &query, &request_options(options)?).map_err(fail)?;
    to_js(&validation)
}

/// `buildRequest`: each argument as the JSON text `hostJson` (pkg/src/args.js) wrote of it,
/// the request as [`request_text`].
#[wasm_bindgen]
pub fn build_request(platform: &str, credentials: &str, query: &str, options: &str) -> Result<String, JsValue> {
    let credentials = from_json("credentials", credentials)?;
    let query = from_json("query", query)?;
    let options = request_options(options)?;
    let request = crate::build_request(platform, &credentials, &query, &options).map_err(fail)?;
    Ok(request_text(&request))
}

/// A signed request as the text `decodeRequest` (pkg/src/decode.js) reads: the url, the
/// method, the body, then each header's name and value, each field as its length in UTF-16
/// code units, `:`, and the field. Lengths make any text safe to carry, and slicing the
/// fields out is far cheaper than `JSON.parse` of the same request as an object, which was a
/// third of a `buildRequest` (docs/performance.md).
fn request_text(request: &crate::SignedRequest) -> String {
    let fields = [&*request.url, request.method, &request.body];
    let headers = request.headers.iter().flat_map(|(name, value)| [&**name, &**value]);
    let mut text = String::with_capacity(request.url.len() + request.body.len() + 64 * (request.headers.len() + 1));
    for field in fields.into_iter().chain(headers) {
        let units = if field.is_ascii() { field.len() } else { field.encode_utf16().count() };
        push_decimal(&mut text, units);
        text.push(':');
        text.push_str(field);
    }
    text
}

/// `n` in decimal (`write!` was a sixth of a `buildRequest` in wasm).
fn push_decimal(text: &mut String, n: usize) {
    if n >= 10 {
        push_decimal(text, n / 10);
    }
    text.push(char::from(b'0' + (n % 10) as u8));
}

thread_local! {
    /// The last page's flat bytes, until `release_page`: `decodePage` reads them in place from
    /// the wasm memory (`page_at`, `wasm_memory`). Returning a `Vec<u8>` made the glue copy
    /// them into a new `Uint8Array` first, 0.11 ms of a 1000-record 诺云 page
    /// (docs/performance.md).
    static PAGE: std::cell::RefCell<flat::Flat> = const { std::cell::RefCell::new(flat::Flat::new()) };
}

/// Keeps a page's flat bytes for `decodePage`; their length (the place is `page_at()`).
fn keep(page: flat::Flat) -> Result<u32, JsValue> {
    let len = u32::try_from(page.as_bytes().len()).map_err(|_| fail(RefundError::invalid_body("the page is too large to hand over", "结果过大")))?;
    PAGE.with(|kept| *kept.borrow_mut() = page);
    Ok(len)
}

/// Where the kept page's bytes start in the wasm memory.
#[wasm_bindgen]
pub fn page_at() -> u32 {
    // wasm32 addresses are 32 bits; the cast is the pointer's address, no data through it.
    PAGE.with(|kept| kept.borrow().as_bytes().as_ptr() as usize as u32)
}

/// Frees the kept page once `decodePage` has read it.
#[wasm_bindgen]
pub fn release_page() {
    PAGE.with(|kept| *kept.borrow_mut() = flat::Flat::new());
}

/// The wasm memory, for reading a kept page in place.
#[wasm_bindgen]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The page as flat text (see `flat/page.rs`; bytes, which `decodePage` turns into text), kept in
/// wasm memory: returns their length. The body given as bytes, as `fetch` hands it over.
#[wasm_bindgen]
pub fn parse_response_bytes(platform: &str, body: &[u8], options: &str) -> Result<u32, JsValue> {
    let options = parse_options(options)?;
    keep(super::parse_response_flat(platform, body, &options).map_err(fail)?)
}

/// The same, for a body already decoded to a string.
#[wasm_bindgen]
pub fn parse_response_text(platform: &str, body: &str, options: &str) -> Result<u32, JsValue> {
    let options = parse_options(options)?;
    keep(super::parse_response_str_flat(platform, body, &options).map_err(fail)?)
}

/// The page as JSON text: the tests check the flat decoder against it.
#[cfg(feature = "test-exports")]
#[wasm_bindgen]
pub fn parse_response_json(platform: &str, body: &[u8], options: &str) -> Result<String, JsValue> {
    let options = parse_options(options)?;
    let page = crate::parse_response(platform, body, &options).map_err(fail)?;
    serde_json::to_string(&page).map_err(|e| fail(RefundError::invalid_body(e.to_string(), "无法序列化结果")))
}

#[wasm_bindgen]
pub fn parse_refund_amount(platform: &str, body: &[u8], options: &str) -> Result<JsValue, JsValue> {
    let options = parse_options(options)?;
    to_js(&crate::parse_refund_amount(platform, body, &options).map_err(fail)?)
}

#[wasm_bindgen]
pub fn plan_windows(platform: &str, range: &str, options: &str) -> Result<JsValue, JsValue> {
    let range = from_json("range", range)?;
    to_js(&crate::plan_windows(platform, &range, &request_options(options)?).map_err(fail)?)
}

#[wasm_bindgen]
pub fn sign_params(platform: &str, params: &str, credentials: &str) -> Result<String, JsValue> {
    let params = from_json("params", params)?;
    let credentials = from_json("credentials", credentials)?;
    crate::sign_params(platform, &params, &credentials).map_err(fail)
}

/// `RefundSync`'s Rust side; `pkg/src/api.js` wraps it in the public class.
#[wasm_bindgen]
pub struct SyncHandle {
    inner: crate::RefundSync,
}

#[wasm_bindgen]
impl SyncHandle {
    #[wasm_bindgen(constructor)]
    pub fn new(platform: &str, range: &str, options: &str) -> Result<SyncHandle, JsValue> {
        let range = from_json("range", range)?;
        let inner = crate::RefundSync::new(platform, &range, &request_options(options)?).map_err(fail)?;
        Ok(SyncHandle { inner })
    }

    /// The next signed request, or `null` when the sync is done.
    pub fn next(&mut self, credentials: &str, options: &str) -> Result<Option<String>, JsValue> {
        let credentials = from_json("credentials", credentials)?;
        let request = self.inner.next_request(&credentials, &request_options(options)?).map_err(fail)?;
        Ok(request.as_ref().map(request_text))
    }

    /// `http_status` 0 means unknown.
    /// Kept like `parse_response_bytes`'s page; returns its length.
    pub fn accept_bytes(&mut self, body: &[u8], http_status: u16) -> Result<u32, JsValue> {
        let status = (http_status != 0).then_some(http_status);
        let page = self.inner.accept_response(body, status).map_err(fail)?;
        keep(flat::PageStream::default().finish(&page))
    }

    pub fn accept_text(&mut self, body: &str, http_status: u16) -> Result<u32, JsValue> {
        self.accept_bytes(body.as_bytes(), http_status)
    }

    /// The `maxBodyBytes` given to the constructor, for `accept` to refuse a longer body
    /// before it is copied into wasm memory.
    pub fn max_body_bytes(&self) -> Option<f64> {
        self.inner.max_body_bytes().map(|n| n as f64)
    }

    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.progress())
    }

    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    pub fn from_json(text: &str) -> Result<SyncHandle, JsValue> {
        Ok(SyncHandle { inner: crate::RefundSync::from_json(text).map_err(fail)? })
    }
}

/// The `too_large` error of a body of `length` bytes over `max_body_bytes`, for api.js to
/// throw before it copies such a body into wasm memory (the message is the one
/// `parseResponse` gives).
#[wasm_bindgen]
pub fn body_too_large(length: f64, max_body_bytes: f64) -> JsValue {
    let limits = crate::limits::Limits { max_body_bytes: Some(max_body_bytes as u64), max_records: None };
    match limits.check_body(length as usize) {
        Err(e) => fail(e),
        Ok(()) => JsValue::NULL,
    }
}

/// The flat layout's version (the decoder reads it from a page's first bytes).
#[cfg(feature = "test-exports")]
#[wasm_bindgen]
pub fn flat_version() -> String {
    flat::VERSION.to_string()
}

#[cfg(feature = "test-exports")]
thread_local! {
    /// The request text [`request_crossing`] hands back.
    static CROSSING_REPLY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Sets the request text [`request_crossing`] returns.
#[cfg(feature = "test-exports")]
#[wasm_bindgen]
pub fn set_crossing_reply(request_text: &str) {
    CROSSING_REPLY.with(|reply| *reply.borrow_mut() = request_text.to_string());
}

/// [`build_request`]'s crossing without its work: the same arguments in, a request text of
/// the same length back, nothing read or signed (bench/sign-floor.mjs: what the JS/wasm
/// transport alone costs a call).
#[cfg(feature = "test-exports")]
#[wasm_bindgen]
pub fn request_crossing(_platform: &str, _credentials: &str, _query: &str, _options: &str) -> String {
    CROSSING_REPLY.with(|reply| reply.borrow().clone())
}

/// The bridge itself, run in wasm under Node by `cargo test --target wasm32-unknown-unknown`.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const DOC: &str = include_str!("../../tests/fixtures/wangdiantong/doc_response.json");

    fn error_code(e: JsValue) -> String {
        js_sys::Reflect::get(&e, &JsValue::from_str("code")).ok().and_then(|c| c.as_string()).unwrap_or_default()
    }

    #[wasm_bindgen_test]
    fn parses_the_doc_example_into_flat_text() {
        let len = parse_response_bytes("wangdiantong", DOC.as_bytes(), "null").unwrap();
        let bytes = PAGE.with(|kept| kept.borrow().as_bytes().to_vec());
        assert_eq!(len as usize, bytes.len());
        let (flat, _) = flat::split(&bytes).unwrap();
        assert!(flat.starts_with("\u{4}rn10"));
        assert!(flat.contains("\u{f}wjwceshi0731001"));
        parse_response_text("wangdiantong", DOC, "null").unwrap();
        assert_eq!(PAGE.with(|kept| kept.borrow().as_bytes().to_vec()), bytes);
        release_page();
        assert_eq!(PAGE.with(|kept| kept.borrow().as_bytes().len()), 0);
    }

    #[wasm_bindgen_test]
    fn signs_the_notes_worked_example() {
        let params = r#"{"appkey":"test2-xx","page_no":"0","end_time":"2016-08-01 13:00:00","start_time":"2016-08-01 12:00:00","page_size":"40","sid":"test2","timestamp":"1470042310"}"#;
        let creds = r#"{"sid":"test2","appKey":"test2-xx","appSecret":"test_secret"}"#;
        assert_eq!(sign_params("wangdiantong", params, creds).unwrap(), "b6b3b7882f9a48858fa18e701d5485b9");
    }

    #[wasm_bindgen_test]
    fn odd_arguments_are_errors_not_traps() {
        let refused = |credentials: &str, query: &str| error_code(build_request("wangdiantong", credentials, query, "null").unwrap_err());
        assert_eq!(refused("null", "null"), "invalid_credentials");
        assert_eq!(refused("{}", "[{},"), "invalid_options");
        assert_eq!(refused("\u{0}", "null"), "invalid_options");
        assert_eq!(error_code(parse_response_bytes("wangdiantong", b"{\xff}", "null").unwrap_err()), "invalid_body");
        assert_eq!(error_code(parse_response_bytes("wangdiantong", b"{}", "3").unwrap_err()), "invalid_options");
        assert_eq!(error_code(parse_response_bytes("wangdiantong", b"{}", "{").unwrap_err()), "invalid_options");
        assert_eq!(error_code(parse_response_text("nope", "{}", "null").unwrap_err()), "unknown_platform");
        assert_eq!(error_code(validate_query("wangdiantong", "not json", "null").unwrap_err()), "invalid_options");
        let validation = validate_query("wangdiantong", "7", "null").unwrap();
        let ok = js_sys::Reflect::get(&validation, &JsValue::from_str("ok")).unwrap();
        assert_eq!(ok.as_bool(), Some(false));
    }

    #[wasm_bindgen_test]
    fn the_host_clock_is_used_when_now_is_absent() {
        let request = build_request("wangdiantong", r#"{"sid":"s","appKey":"k","appSecret":"x"}"#, "null", "null").unwrap();
        let body = request.split_once("timestamp=").map(|(_, rest)| rest).unwrap();
        let now = (js_sys::Date::now() as i64) / 1000;
        let stamp: i64 = body[..10].parse().unwrap();
        assert!((now - stamp).abs() <= 2);
    }
}
