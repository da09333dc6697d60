//! refund-normalizer: signs requests, validates queries and normalizes refund lists of five
//! Chinese e-commerce / ERP platforms into one model. No I/O: the host fetches.
//!
//! This file is the Rust API; `bindings` (the page's flat bytes and the `#[wasm_bindgen]`
//! glue) is the only module that knows about JavaScript. Inputs that come from JavaScript objects (queries, credentials, options) are taken as
//! `serde_json::Value` and type-checked here, so a wrong type is an `Issue` or a
//! `RefundError`, never a panic.
//!
//! ```
//! use refund_normalizer::{build_request, parse_response, RequestOptions, ParseOptions};
//! use serde_json::json;
//!
//! let credentials = json!({ "sid": "test2", "appKey": "test2-xx", "appSecret": "test_secret" });
//! let query = json!({ "since": "2016-08-01 12:00:00", "until": "2016-08-01 13:00:00" });
//! let request = build_request("wangdiantong", &credentials, &query, &RequestOptions::at(1470042310)).unwrap();
//! assert_eq!(request.method, "POST");
//! assert!(request.body.ends_with("&sign=b6b3b7882f9a48858fa18e701d5485b9"));
//!
//! let body = br#"{"code":0,"message":"","total_count":"1","trade_list":[{"refund_no":"R1","refund_amount":"100.0000","modified":"2019-07-31 21:35:26"}]}"#;
//! let page = parse_response("wangdiantong", body, &ParseOptions::default()).unwrap();
//! assert_eq!(page.refunds[0].requested_amount.as_deref(), Some("100.00"));
//! assert_eq!(page.refunds[0].updated_at.as_deref(), Some("2019-07-31T21:35:26+08:00"));
//! ```

// `RefundError` is about 150 bytes (two messages, the platform's code and message, issues,
// a path). Errors are the cold path here and a page is megabytes; boxing it would only make
// every caller's code noisier.
#![allow(clippy::result_large_err)]

mod base64;
pub mod bindings;
pub mod error;
pub mod form;
pub mod json;
pub mod limits;
pub mod model;
pub mod money;
pub mod platforms;
pub mod query;
mod scan;
pub mod sign;
pub mod sync;
pub mod time;
mod xml;

pub use error::{ErrorCode, Issue, Limit, RefundError};
pub use model::{PlatformId, Refund, RefundAmount, RefundPage, SignedRequest};
pub use platforms::{Credentials, ParseOptions, PlatformInfo, RequestOptions};
pub use query::{Query, Window};
pub use sync::{Progress, RefundSync};

use query::Params;
use serde::Serialize;
use serde_json::{Map, Value};

/// `validateQuery`'s answer: never an error for a bad query, every issue at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    pub ok: bool,
    pub issues: Vec<Issue>,
    /// The native params the query maps to, when it is valid.
    #[serde(serialize_with = "query::pairs_as_map", skip_serializing_if = "Vec::is_empty")]
    pub params: Params,
}

/// Every platform's description, in a stable order.
pub fn platforms() -> Vec<&'static PlatformInfo> {
    PlatformId::ALL.iter().map(|&id| platforms::platform(id).info()).collect()
}

/// Checks a query against the platform's rules; the issues name fields in both languages.
pub fn validate_query(platform: &str, query: &Value, options: &RequestOptions) -> Result<Validation, RefundError> {
    let platform = platforms::lookup(platform)?;
    let (query, mut issues) = Query::from_json(query);
    let params = match platform.query_params(&query, options) {
        Ok(params) if issues.is_empty() => params,
        Ok(_) => Vec::new(),
        Err(more) => {
            // A field given with the wrong type is absent to the platform's rules: its
            // "required" would only repeat the type issue.
            let given_but_bad: Vec<String> = issues.iter().map(|i| i.field.clone()).collect();
            issues.extend(more.into_iter().filter(|i| !(i.code == "required" && given_but_bad.contains(&i.field))));
            Vec::new()
        }
    };
    Ok(Validation { ok: issues.is_empty(), issues, params })
}

/// A signed request for `fetch`; a bad query is `invalid_query` with every issue. The query
/// is checked before the credentials.
pub fn build_request(platform: &str, credentials: &Value, query: &Value, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
    let platform = platforms::lookup(platform)?;
    let (query, issues) = Query::from_json(query);
    if !issues.is_empty() {
        return Err(RefundError::invalid_query(issues));
    }
    let credentials = Credentials::from_json(credentials)?;
    credentials.check(platform.info().credentials)?;
    options.check_known(platform.info())?;
    with_endpoint(platform.build_request(&credentials, &query, options)?, options)
}

/// Points a request at `options.endpoint` instead of the platform's own URL: a local
/// gateway, a proxy, a test double. The signature does not cover the URL on any platform.
pub(crate) fn with_endpoint(mut request: SignedRequest, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
    if let Some(endpoint) = &options.endpoint {
        request.url = endpoint.clone().into();
    }
    Ok(request)
}

/// The response body (bytes as received, or text) as a unified page.
pub fn parse_response<'a>(platform: &str, body: &'a [u8], options: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
    parse_page(platforms::lookup(platform)?, body, options)
}

/// [`parse_response`] for a body that is already text: the same page or error, without
/// checking UTF-8 a second time (a JS string reaches wasm as UTF-8 its glue wrote; the check
/// was 8 % of a page's instructions: docs/performance.md).
pub fn parse_response_str<'a>(platform: &str, body: &'a str, options: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
    parse_text_with(platforms::lookup(platform)?, body, options, &mut |_| {})
}

pub(crate) fn parse_text_with<'a>(platform: &dyn platforms::Platform, body: &'a str, options: &ParseOptions, sink: platforms::RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    options.limits.check_body(body.len())?;
    non_empty(body.strip_prefix('\u{feff}').unwrap_or(body))
        .and_then(|text| platform.parse_response_with(text, options, sink))
        .map_err(|e| transport_verdict(e, body.as_bytes(), options.http_status))
}

/// A platform's page, with what the transport tells us: a body that is not the platform's
/// answer is retryable when the HTTP status says the server failed, or when it was cut short.
pub(crate) fn parse_page<'a>(platform: &dyn platforms::Platform, body: &'a [u8], options: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
    parse_page_with(platform, body, options, &mut |_| {})
}

/// [`parse_page`], showing `sink` the page after each record joins it.
pub(crate) fn parse_page_with<'a>(platform: &dyn platforms::Platform, body: &'a [u8], options: &ParseOptions, sink: platforms::RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    options.limits.check_body(body.len())?;
    let verdict = |e| transport_verdict(e, body, options.http_status);
    let not_utf8 = match body_text(body) {
        Ok(text) => return platform.parse_response_with(text, options, sink).map_err(verdict),
        Err(e) => e,
    };
    // Bytes that are not UTF-8 inside strings of an intact JSON body: only the records that
    // hold them are rejected (the page owns its text then: the repaired body is ours).
    let Some(repaired) = utf8_repaired(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)) else {
        return Err(verdict(not_utf8));
    };
    match platform.parse_response_with(&repaired, options, sink) {
        Ok(page) => Ok(page.into_owned()),
        Err(e) if e.code == ErrorCode::InvalidBody => Err(verdict(not_utf8)),
        Err(e) => Err(verdict(e)),
    }
}

/// A JSON body with each sequence of bytes that is not UTF-8 written as `\udfff`, the escape
/// of a lone surrogate: inside a string, the field readers refuse it ("holds a lone UTF-16
/// surrogate or bytes that are not UTF-8"), so the record holding it is rejected with that
/// field's path; outside one, the body is not JSON and the caller says "not UTF-8". `None`
/// for a body that is not a JSON object, that ends inside a character (cut short), or whose
/// bad byte follows a backslash (the escape would then be read as text).
fn utf8_repaired(body: &[u8]) -> Option<String> {
    if body.trim_ascii_start().first() != Some(&b'{') {
        return None;
    }
    let mut out = String::with_capacity(body.len() + 16);
    let mut rest = body;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return Some(out);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).ok()?);
                if out.ends_with('\\') {
                    return None;
                }
                out.push_str("\\udfff");
                rest = bad.get(e.error_len()?..)?;
            }
        }
    }
}

fn transport_verdict(mut error: RefundError, body: &[u8], http_status: Option<u16>) -> RefundError {
    // A platform's own error envelope keeps the platform's verdict.
    if error.code != ErrorCode::InvalidBody {
        return error;
    }
    // A failed status with a body that is not the platform's: the status is the news. 429 and
    // 5xx are worth retrying; any other 4xx (401, 403: a gateway, a login page) is not.
    if let Some(status) = http_status.filter(|s| (400..=599).contains(s)) {
        let retryable = status == 429 || status >= 500;
        let (what, what_zh) = if looks_html(body) {
            ("an HTML page: a login page or a proxy?".to_string(), "一个 HTML 页面:登录页或代理?".to_string())
        } else {
            (format!("a body that is not the platform's answer ({})", error.message), format!("响应体不是平台的应答({})", error.message_zh))
        };
        let mut e = RefundError::new(ErrorCode::HttpError, format!("HTTP {status} and {what}"), format!("HTTP {status},{what_zh}"));
        e.platform_code = Some(format!("HTTP {status}"));
        e.http_status = Some(status);
        e.retryable = retryable;
        return e;
    }
    if looks_html(body) {
        error.message.push_str(" (an HTML page: a login page or a proxy?)");
        error.message_zh.push_str("(一个 HTML 页面:登录页或代理?)");
    } else if looks_truncated(body) {
        error.message.push_str(" (the body ends early: cut off in transit?)");
        error.message_zh.push_str("(响应体不完整,可能在传输中被截断)");
        error.retryable = true;
    }
    error
}

/// Starts like an HTML document (`<!DOCTYPE html`, `<html`, any case, after white space).
fn looks_html(body: &[u8]) -> bool {
    let start = body.trim_ascii_start();
    let head = &start[..start.len().min(14)];
    [&b"<!doctype html"[..], b"<html"].iter().any(|tag| head.len() >= tag.len() && head[..tag.len()].eq_ignore_ascii_case(tag))
}

/// A body that is a valid beginning of the shape every platform answers in, and only that:
/// a JSON object whose text ends before the object does (`{"code":0,"li`, also with ShopEx's
/// raw quotes inside strings: [`json::prefix`]), or an XML document
/// that stops before its last tag closes. `{{`, `[[[[` or `{"a":1} x` are broken, not cut short.
fn looks_truncated(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    // A cut inside a character leaves its first bytes: the text before them is the prefix.
    let text = match std::str::from_utf8(trimmed) {
        Ok(text) => Some(text),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&trimmed[..e.valid_up_to()]).ok(),
        Err(_) => None,
    };
    match (trimmed.first(), trimmed.get(1), trimmed.last()) {
        (Some(b'{'), _, _) => text.is_some_and(json::prefix::is_cut_object),
        // XML cut in a tag or in text; JSON after an XML declaration is not XML.
        (Some(b'<'), Some(next), Some(last)) => {
            let after_last_tag = trimmed.iter().rposition(|&b| b == b'>').map_or(trimmed, |i| &trimmed[i + 1..]);
            (next.is_ascii_alphabetic() || *next == b'?') && *last != b'>' && !matches!(after_last_tag.trim_ascii_start().first(), Some(b'{' | b'['))
        }
        _ => false,
    }
}

/// ShopEx `refunds.getRefundAmount`'s answer.
pub fn parse_refund_amount(platform: &str, body: &[u8], options: &ParseOptions) -> Result<RefundAmount, RefundError> {
    let platform = platforms::lookup(platform)?;
    options.limits.check_body(body.len())?;
    platform.parse_refund_amount(body_text(body)?, options)
}

/// The bare signature over exactly these native params, less a `sign` key: every platform's
/// own client signs every param but the signature (NOTES.md: ShopEx `gen_sign`, 旺店通
/// `packData`, 蘑菇街 `mls_sign`; 苏宁 signs a fixed set without it), so re-signing or
/// verifying a received request gives the platform's answer.
pub fn sign_params(platform: &str, params: &Value, credentials: &Value) -> Result<String, RefundError> {
    let platform = platforms::lookup(platform)?;
    let params: Params = match params {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "sign")
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone().into(), s.clone())),
                _ => Err(RefundError::invalid_options(
                    format!("params.{k} must be a string (it is signed exactly as sent)"),
                    format!("params.{k} 必须是字符串(签名按发送的原文计算)"),
                )
                .at(format!("params.{k}"))),
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(RefundError::invalid_options("params must be an object of strings", "params 必须是字符串对象"));
        }
    };
    platform.sign_params(&params, &Credentials::from_json(credentials)?)
}

/// Splits `since..until` into the platform's allowed windows, in order, no gap, no overlap.
pub fn plan_windows(platform: &str, range: &Value, options: &RequestOptions) -> Result<Vec<Window>, RefundError> {
    let platform = platforms::lookup(platform)?;
    let info = platform.info();
    let (query, mut issues) = Query::from_json(range);
    for (field, given) in [("since", query.since), ("until", query.until)] {
        if given.is_none() && !issues.iter().any(|i| i.field == field) {
            issues.push(Issue::required(field));
        }
    }
    if let Some(field) = query.time_field.filter(|f| info.time_field(*f).is_none()) {
        issues.push(platforms::time_field_not_supported(info, field));
    }
    let (Some(since), Some(until)) = (query.since, query.until) else {
        return Err(RefundError::invalid_query(issues));
    };
    if since > until {
        issues.push(Issue::new("until", "order", "until must not be before since", "until 不能早于 since"));
    }
    if let Some(lookback) = info.max_lookback_seconds {
        if since < options.now - lookback {
            let days = lookback / time::DAY;
            issues.push(Issue::new(
                "since",
                "out_of_range",
                format!("{} serves at most the last {days} days; this range can never be fetched whole", info.name_en),
                format!("{}最多只能查询最近 {days} 天,该范围无法完整获取", info.name_zh),
            ).with_limit(Limit::Text(format!("{days} days"))));
        }
    }
    if !issues.is_empty() {
        return Err(RefundError::invalid_query(issues));
    }
    Ok(query::split_windows(since, until, info.max_span_seconds, info.closed_interval))
}

/// Bytes to text: UTF-8 (a leading BOM dropped), or `invalid_body` saying where it broke.
pub(crate) fn body_text(body: &[u8]) -> Result<&str, RefundError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        RefundError::invalid_body(
            format!("the body is not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
            format!("响应体不是 UTF-8 编码(第 {} 字节无效)", e.valid_up_to()),
        )
    })?;
    non_empty(text)
}

fn non_empty(text: &str) -> Result<&str, RefundError> {
    if text.trim().is_empty() {
        return Err(RefundError::invalid_body("the body is empty", "响应体为空"));
    }
    Ok(text)
}

impl RequestOptions {
    /// The names [`RequestOptions::from_json`] reads itself; any other is a platform switch.
    const OWN: [&'static str; 3] = ["now", "operation", "endpoint"];

    /// Reads `{ now?, operation?, ...platform switches }`; `now` in epoch milliseconds,
    /// `default_now` (Unix seconds) when absent.
    pub fn from_json(value: &Value, default_now: i64) -> Result<RequestOptions, RefundError> {
        let Some(map) = options_map(value)? else { return Ok(RequestOptions::at(default_now)) };
        let now = match map.get("now") {
            None | Some(Value::Null) => default_now,
            Some(v) => query::time_input("options.now", v).map_err(|i| RefundError::invalid_options(i.message, i.message_zh))?,
        };
        let operation = operation(map.get("operation"))?;
        let endpoint = match map.get("endpoint") {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) if (url.starts_with("http://") || url.starts_with("https://")) && !url.contains(char::is_whitespace) => Some(url.clone()),
            Some(_) => {
                return Err(RefundError::invalid_options(
                    "options.endpoint must be an http(s) URL",
                    "options.endpoint 必须是 http(s) 地址",
                ))
            }
        };
        Ok(RequestOptions { now, operation, endpoint, extra: switches(map, &[&Self::OWN]) })
    }
}

impl ParseOptions {
    /// The names [`ParseOptions::from_json`] reads itself (and [`limits::Limits::NAMES`]); any
    /// other is a platform switch.
    const OWN: [&'static str; 5] = ["query", "total", "includeRaw", "operation", "httpStatus"];

    /// Reads `{ query?, total?, includeRaw?, operation?, httpStatus?, maxBodyBytes?,
    /// maxRecords?, ...platform switches }`.
    pub fn from_json(value: &Value) -> Result<ParseOptions, RefundError> {
        let Some(map) = options_map(value)? else { return Ok(ParseOptions::default()) };
        let query = match map.get("query") {
            None | Some(Value::Null) => None,
            Some(q) => {
                let (query, issues) = Query::from_json(q);
                if !issues.is_empty() {
                    let mut e = RefundError::invalid_options("options.query has issues", "options.query 有问题");
                    e.issues = issues;
                    return Err(e);
                }
                Some(query)
            }
        };
        let total = match map.get("total") {
            None | Some(Value::Null) => None,
            Some(v) => Some(query::whole_number("options.total", v).map_err(|i| RefundError::invalid_options(i.message, i.message_zh))?),
        };
        let include_raw = match map.get("includeRaw") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(RefundError::invalid_options("options.includeRaw must be true or false", "options.includeRaw 必须是布尔值")),
        };
        let operation = operation(map.get("operation"))?;
        let http_status = match map.get("httpStatus") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .filter(|s| (100..=599).contains(s))
                    .and_then(|s| u16::try_from(s).ok())
                    .ok_or_else(|| RefundError::invalid_options("options.httpStatus must be an HTTP status (100-599)", "options.httpStatus 必须是 HTTP 状态码(100-599)"))?,
            ),
        };
        let limits = limits::Limits::from_options(map)?;
        Ok(ParseOptions { query, total, include_raw, operation, http_status, limits, extra: switches(map, &[&Self::OWN, &limits::Limits::NAMES]) })
    }
}

/// An options object's members, borrowed; `None` for `null` (no options).
fn options_map(value: &Value) -> Result<Option<&Map<String, Value>>, RefundError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        _ => Err(RefundError::invalid_options("options must be an object", "options 必须是对象")),
    }
}

/// The members of `options` not named in `own`: the platform switches, copied one by one
/// (most options have none; `collect()` would bring `BTreeMap`'s bulk build, +3.5 KB gzip).
fn switches(options: &Map<String, Value>, own: &[&[&str]]) -> Map<String, Value> {
    let mut extra = Map::new();
    for (name, v) in options.iter().filter(|(name, _)| !own.iter().any(|names| names.contains(&name.as_str()))) {
        extra.insert(name.clone(), v.clone());
    }
    extra
}

fn operation(value: Option<&Value>) -> Result<Option<String>, RefundError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(RefundError::invalid_options("options.operation must be a string", "options.operation 必须是字符串")),
    }
}
