//! The `Platform` trait every platform module implements, the data that describes each one
//! (`platforms()`), and the helpers they share. Nothing here knows any one platform.

use crate::error::{Issue, Limit, RefundError};
use crate::json::FieldError;
use crate::model::{Kind, PlatformId, Refund, RefundAmount, RefundPage, Rejected, SignedRequest, Status};
use std::borrow::Cow;
use crate::query::{check_span, Params, Query, TimeField};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

pub use credentials::Credentials;
pub use ids::warn_duplicates;

mod credentials;
pub(crate) mod ids;
pub mod mogujie;
pub mod nuoyun;
pub mod shopex;
pub mod suning;
pub mod taobao;
pub mod wangdiantong;

// ---------------------------------------------------------------------------------------
// Describing a platform: the same data drives `platforms()` and the validators.

/// One status code of a platform's table.
#[derive(Debug, Serialize)]
pub struct StatusCode {
    pub code: &'static str,
    pub label: &'static str,
    pub unified: Status,
}

/// One refund-type code of a platform's table.
#[derive(Debug, Serialize)]
pub struct KindCode {
    pub code: &'static str,
    pub label: &'static str,
    pub unified: Kind,
}

/// A time field a query can filter on, and the native params that carry it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeFieldInfo {
    pub field: TimeField,
    pub since_param: &'static str,
    pub until_param: &'static str,
    /// `yyyy-MM-dd HH:mm:ss` (Beijing) or `unix_seconds`.
    pub format: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PagingInfo {
    /// The platform's first page number (0 or 1); the unified `page` is always 1-based.
    pub base: u64,
    pub page_param: &'static str,
    pub size_param: &'static str,
    /// Highest unified page number accepted.
    pub page_max: u64,
    pub size_min: u64,
    pub size_max: u64,
    pub size_default: u64,
}

/// A unified filter the platform supports, and its native param.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterInfo {
    /// `status`, `shopId`, `orderId` or `refundId`.
    pub field: &'static str,
    pub param: &'static str,
    pub max_len: Option<usize>,
    /// Allowed values (a status filter's request enum); empty when free text.
    pub values: &'static [&'static str],
}

/// A native param a caller may pass in `query.params`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeParam {
    pub name: &'static str,
    pub description: &'static str,
    pub max_len: Option<usize>,
    /// Allowed values, when the doc lists them.
    pub values: &'static [&'static str],
}

/// A platform-specific switch of `buildRequest` options (`RequestOptions::switch`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionInfo {
    pub name: &'static str,
    /// Allowed values; empty when free text.
    pub values: &'static [&'static str],
    pub default: Option<&'static str>,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialField {
    pub name: &'static str,
    /// `string`, `boolean` or `object` (诺云's caller-supplied headers and body fields).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub required: bool,
    /// Never shown, logged or echoed (mask it in a UI).
    pub secret: bool,
    /// The only strings it takes (淘宝/天猫 `signMethod`); empty when any string is taken.
    pub values: &'static [&'static str],
    pub description: &'static str,
}

/// Everything a UI or a sync needs to know about a platform.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformInfo {
    pub id: PlatformId,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// The API method(s) this crate calls.
    pub methods: &'static [&'static str],
    /// The first one is the default `timeField`.
    pub time_fields: &'static [TimeFieldInfo],
    /// Must a query give both `since` and `until`?
    pub time_range_required: bool,
    /// Longest `until - since` in seconds, if the platform limits it.
    pub max_span_seconds: Option<i64>,
    /// Is `until` inclusive? (Then the next window starts one second later.)
    pub closed_interval: bool,
    /// How far back `since` may reach, in seconds before now.
    pub max_lookback_seconds: Option<i64>,
    pub paging: PagingInfo,
    pub filters: &'static [FilterInfo],
    pub statuses: &'static [StatusCode],
    pub kinds: &'static [KindCode],
    pub native_params: &'static [NativeParam],
    pub credentials: &'static [CredentialField],
    /// Platform-specific `buildRequest` options.
    pub options: &'static [OptionInfo],
    /// Has a documented signature algorithm (`signParams` works).
    pub signs: bool,
    pub notes: &'static [&'static str],
}

impl PlatformInfo {
    pub fn status(&self, code: &str) -> Option<&'static StatusCode> {
        self.statuses.iter().find(|s| s.code == code)
    }

    pub fn kind(&self, code: &str) -> Option<&'static KindCode> {
        self.kinds.iter().find(|k| k.code == code)
    }

    pub fn time_field(&self, field: TimeField) -> Option<&'static TimeFieldInfo> {
        self.time_fields.iter().find(|t| t.field == field)
    }
}

// ---------------------------------------------------------------------------------------
// Inputs shared by every platform.

/// Options of `buildRequest` / `validateQuery`, beyond the query.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// The current time, Unix seconds (the facade fills it from the host clock).
    pub now: i64,
    /// A second API of the platform (ShopEx `refundAmount`).
    pub operation: Option<String>,
    /// Send to this URL instead of the platform's (a local gateway, a proxy).
    pub endpoint: Option<String>,
    /// Platform-specific switches listed in the platform's docs (ShopEx `timestampStyle`,
    /// 苏宁 `format`, 蘑菇街 `paramsWrapper`).
    pub extra: Map<String, Value>,
}

impl RequestOptions {
    pub fn at(now: i64) -> RequestOptions {
        RequestOptions { now, ..RequestOptions::default() }
    }

    /// Refuses option names the platform does not list (a typo would otherwise be ignored).
    pub fn check_known(&self, info: &PlatformInfo) -> Result<(), RefundError> {
        match self.extra.keys().find(|k| !info.options.iter().any(|o| o.name == k.as_str())) {
            None => Ok(()),
            Some(unknown) => {
                let mut known: Vec<&str> = vec!["now", "endpoint"];
                known.extend(info.options.iter().map(|o| o.name));
                Err(RefundError::invalid_options(
                    format!("{} has no option {unknown:?}; options: {}", info.name_en, known.join(", ")),
                    format!("{}没有选项 {unknown:?};可用选项:{}", info.name_zh, known.join("、")),
                ))
            }
        }
    }

    /// A string switch from `extra`.
    pub fn switch(&self, name: &str) -> Result<Option<&str>, RefundError> {
        match self.extra.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(RefundError::invalid_options(
                format!("options.{name} must be a string"),
                format!("options.{name} 必须是字符串"),
            )),
        }
    }
}

/// Options of `parseResponse`.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// The query the request was built from: gives the page and page size.
    pub query: Option<Query>,
    /// The total the first page reported, for platforms that say it only there (旺店通).
    pub total: Option<u64>,
    pub include_raw: bool,
    pub operation: Option<String>,
    /// The HTTP status the body came with, when the host passes it: a 429 or 5xx with a body
    /// that is not the platform's answer is a retryable `http_error`, not a bad body.
    pub http_status: Option<u16>,
    /// Refuse a body longer than this many bytes, or a page of more records, with
    /// `too_large` before reading it.
    pub limits: crate::limits::Limits,
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------
// The trait.

/// One platform: sign, validate, build a request, parse a response.
pub trait Platform: Sync {
    fn info(&self) -> &'static PlatformInfo;

    /// The unified query as native params in send order, or every issue with it. Shared
    /// rules come from [`check_common`]; the platform adds its own.
    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>>;

    /// The bare signature over exactly these params, as the platform computes it.
    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError>;

    /// A request ready for `fetch`, signed with `options.now`.
    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError>;

    /// A refund-list response body into the unified page.
    fn parse_response<'a>(&self, body: &'a str, options: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
        self.parse_response_with(body, options, &mut |_| {})
    }

    /// [`Platform::parse_response`], showing `sink` the page after each record it converts.
    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError>;

    /// A refund-amount response (ShopEx only).
    fn parse_refund_amount(&self, _body: &str, _options: &ParseOptions) -> Result<RefundAmount, RefundError> {
        Err(not_supported(self.info(), "operation refundAmount", "refundAmount 操作"))
    }
}

/// The platform behind an id.
pub fn platform(id: PlatformId) -> &'static dyn Platform {
    match id {
        PlatformId::Shopex => &shopex::Shopex,
        PlatformId::Wangdiantong => &wangdiantong::Wangdiantong,
        PlatformId::Mogujie => &mogujie::Mogujie,
        PlatformId::Suning => &suning::Suning,
        PlatformId::Nuoyun => &nuoyun::Nuoyun,
        PlatformId::Taobao => &taobao::Taobao,
    }
}

/// The platform behind an id string, or `unknown_platform`.
pub fn lookup(id: &str) -> Result<&'static dyn Platform, RefundError> {
    PlatformId::parse(id).map(platform).ok_or_else(|| RefundError::unknown_platform(id))
}

/// Words that mark a temporary failure (rate limit, busy or failing server, time skew) in the
/// free-text error message of a platform that publishes no code table (旺店通, 蘑菇街).
const TEMPORARY_FAILURE_WORDS: [&str; 18] = [
    "频繁", "频率", "限流", "流控", "繁忙", "超时", "稍后", "系统错误", "系统异常", "服务异常", "时间戳", "时间误差",
    "timestamp", "timeout", "busy", "too many", "rate limit", "throttl",
];

/// Does this error message describe a failure worth retrying unchanged?
/// (ASCII lower-casing: the words are ASCII, and Unicode case tables were 6 KB of wasm.)
pub fn says_temporary_failure(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    TEMPORARY_FAILURE_WORDS.iter().any(|w| lower.contains(w))
}

impl fmt::Debug for dyn Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().id.as_str())
    }
}

/// The issue for a `timeField` the platform cannot filter on.
pub fn time_field_not_supported(info: &PlatformInfo, field: TimeField) -> Issue {
    Issue::new(
        "timeField",
        "not_supported",
        format!("{} cannot filter on {} time", info.name_en, field.as_str()),
        format!("{}不支持按{}时间筛选", info.name_zh, if field == TimeField::Created { "创建" } else { "更新" }),
    )
}

pub fn not_supported(info: &PlatformInfo, what: &str, what_zh: &str) -> RefundError {
    RefundError::new(
        crate::error::ErrorCode::NotSupported,
        format!("{} does not support {what}", info.name_en),
        format!("{}不支持{what_zh}", info.name_zh),
    )
}

// ---------------------------------------------------------------------------------------
// Shared validation, driven by `PlatformInfo`.

/// The query after the shared rules: times resolved, page mapped, defaults applied.
#[derive(Debug, Clone)]
pub struct Checked {
    pub time_field: &'static TimeFieldInfo,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// The platform's own page number (base applied).
    pub native_page: u64,
    pub page_size: u64,
}

/// Applies every rule `PlatformInfo` states: time field, range presence, order, span and
/// look-back, page and page size ranges, filters and native params. Pushes every issue.
pub fn check_common(info: &'static PlatformInfo, query: &Query, options: &RequestOptions, issues: &mut Vec<Issue>) -> Checked {
    let time_field = match query.time_field {
        None => &info.time_fields[0],
        Some(field) => info.time_field(field).unwrap_or_else(|| {
            issues.push(time_field_not_supported(info, field));
            &info.time_fields[0]
        }),
    };
    if info.time_range_required {
        if query.since.is_none() {
            issues.push(Issue::required("since"));
        }
        if query.until.is_none() {
            issues.push(Issue::required("until"));
        }
    }
    if let (Some(since), Some(until)) = (query.since, query.until) {
        if since > until {
            issues.push(Issue::new("until", "order", "until must not be before since", "until 不能早于 since"));
        } else if let Some(span) = info.max_span_seconds {
            check_span(issues, since, until, span);
        }
    }
    if let (Some(lookback), Some(since)) = (info.max_lookback_seconds, query.since) {
        if since < options.now - lookback {
            let days = lookback / crate::time::DAY;
            issues.push(
                Issue::new(
                    "since",
                    "out_of_range",
                    format!("since may reach back at most {days} days from now"),
                    format!("since 最多只能查询最近 {days} 天"),
                )
                .with_limit(Limit::Text(format!("{days} days"))),
            );
        }
    }

    let paging = &info.paging;
    let page = query.page.unwrap_or(1);
    if page < 1 || page > paging.page_max {
        issues.push(Issue::out_of_range("page", 1, paging.page_max as i64));
    }
    let page_size = query.page_size.unwrap_or(paging.size_default);
    if page_size < paging.size_min || page_size > paging.size_max {
        issues.push(Issue::out_of_range("pageSize", paging.size_min as i64, paging.size_max as i64));
    }

    let filters: [(&str, &Option<String>); 4] = [
        ("status", &query.status),
        ("shopId", &query.shop_id),
        ("orderId", &query.order_id),
        ("refundId", &query.refund_id),
    ];
    for (field, value) in filters {
        let Some(value) = value else { continue };
        match info.filters.iter().find(|f| f.field == field) {
            None => issues.push(Issue::not_supported(field, info.name_en, info.name_zh)),
            Some(filter) => {
                check_text_value(issues, field, value, filter.max_len);
                if !filter.values.is_empty() && !filter.values.contains(&value.as_str()) {
                    issues.push(unknown_value(field, filter.values.iter().copied()));
                }
            }
        }
    }
    for (name, value) in &query.params {
        let field = format!("params.{name}");
        match info.native_params.iter().find(|p| p.name == name) {
            None => issues.push(Issue::new(
                field.as_str(),
                "unknown_param",
                format!("{} has no param {name:?} in this API", info.name_en),
                format!("{}的该接口没有参数 {name:?}", info.name_zh),
            )),
            Some(param) => {
                check_text_value(issues, &field, value, param.max_len);
                if !param.values.is_empty() && !param.values.contains(&value.as_str()) {
                    issues.push(unknown_value(&field, param.values.iter().copied()));
                }
            }
        }
    }

    Checked {
        time_field,
        since: query.since,
        until: query.until,
        native_page: page.saturating_sub(1).saturating_add(paging.base),
        page_size,
    }
}

fn check_text_value(issues: &mut Vec<Issue>, field: &str, value: &str, max_len: Option<usize>) {
    if value.trim().is_empty() {
        issues.push(Issue::new(field, "required", format!("{field} must not be empty"), format!("{field} 不能为空")));
    }
    if let Some(max) = max_len {
        if value.chars().count() > max {
            issues.push(
                Issue::new(field, "too_long", format!("{field} may have at most {max} characters"), format!("{field} 最多 {max} 个字符"))
                    .with_limit(Limit::Number(max as i64)),
            );
        }
    }
}

pub fn unknown_value<'s>(field: &str, allowed: impl Iterator<Item = &'s str>) -> Issue {
    let list: Vec<&str> = allowed.collect();
    Issue::new(
        field,
        "invalid_value",
        format!("{field} must be one of {}", list.join(", ")),
        format!("{field} 只能是以下之一:{}", list.join("、")),
    )
}

// ---------------------------------------------------------------------------------------
// Shared parsing: every record ends in `refunds` or `rejected`.

/// Shown the page after each record joins it (converted or rejected), so a caller can write
/// out or take away records while their values are still in the caches, or keep a hostile
/// page's rejections compact (the bindings' page writer does both: docs/performance.md). The
/// records it has seen are not changed afterwards.
pub type RecordSink<'f> = &'f mut dyn FnMut(&mut RefundPage<'_>);

/// Most refunds a page reserves room for before converting: a real page holds at most a
/// hundred records, and a hostile one of 100 000 invalid records must not reserve 100 000
/// refunds (wasm memory never shrinks). Longer pages grow the list as they convert.
pub const RESERVED_REFUNDS: usize = 1024;

/// The empty list of a page's refunds, with room for `records` of them (at most
/// [`RESERVED_REFUNDS`]); `too_large` when they are over `options`' `maxRecords`. Every
/// platform calls it once its records are found and before it converts any.
pub fn refunds_room<'a>(records: usize, options: &ParseOptions) -> Result<Vec<Refund<'a>>, RefundError> {
    options.limits.check_records(records)?;
    Ok(Vec::with_capacity(records.min(RESERVED_REFUNDS)))
}

/// A converted record joins the page, and `sink` is shown the page: the one place both
/// happen, so no record changes after the flat writer has seen it.
pub fn push_refund<'a>(page: &mut RefundPage<'a>, refund: Refund<'a>, sink: RecordSink<'_>) {
    page.refunds.push(refund);
    sink(page);
}

/// A rejected record joins the page, and `sink` is shown the page (the flat writer may take
/// the rejected records off it into its compact store).
pub fn push_rejected(page: &mut RefundPage<'_>, rejected: Rejected, sink: RecordSink<'_>) {
    page.rejected.push(rejected);
    sink(page);
}

/// A record that could not be converted: which field, and the record's id if it was read.
pub struct RecordError {
    pub error: FieldError,
    pub id: Option<String>,
}

impl RecordError {
    /// The rejection of the record at `index`, whose own path is `record_path`.
    fn rejected(self, index: usize, record_path: &str) -> Rejected {
        let RecordError { error, id } = self;
        let path = if error.field.is_empty() { record_path.to_string() } else { format!("{record_path}.{}", error.field) };
        Rejected { index, id, code: error.code, message: error.message, path }
    }
}

impl From<FieldError> for RecordError {
    fn from(error: FieldError) -> RecordError {
        RecordError { error, id: None }
    }
}

/// Converts records read some other way than [`convert_list`] (苏宁's XML), each record's
/// path given by `path_of(index)` (made only for a rejection).
pub fn convert_parsed_at<'a, T>(
    page: &mut RefundPage<'a>,
    path_of: impl Fn(usize) -> String,
    records: Vec<T>,
    convert: impl Fn(T) -> Result<Refund<'a>, RecordError>,
    sink: RecordSink<'_>,
) {
    for (index, wire) in records.into_iter().enumerate() {
        match convert(wire) {
            Ok(refund) => push_refund(page, refund, sink),
            Err(e) => push_rejected(page, e.rejected(index, &path_of(index)), sink),
        }
    }
}

/// An XML answer read by the platform's JSON reader (`read`) through the JSON text of the
/// same answer ([`crate::xml::to_json`]), each record's XML handed to `read` for `raw`. The JSON
/// form is temporary, so the page owns its text. A document the XML reader refuses is
/// `invalid_body`, worded by `not_ours(english, chinese)` with the platform's name.
pub(crate) fn parse_xml_via_json<'a>(
    body: &'a str,
    roots: &[&str],
    record_path: &[&str],
    not_ours: impl FnOnce(&str, &str) -> RefundError,
    read: impl for<'x> FnOnce(&'x str, &[&'x str]) -> Result<RefundPage<'x>, RefundError>,
) -> Result<RefundPage<'a>, RefundError> {
    let (json, records) = crate::xml::to_json(body, roots, record_path).map_err(|(en, zh)| not_ours(&en, &zh))?;
    Ok(read(&json, &records)?.into_owned())
}

/// Where a converted record's `raw` comes from (`includeRaw`).
#[derive(Clone, Copy)]
pub enum RawText<'r, 'a> {
    /// No `raw` (`includeRaw` off).
    Off,
    /// The record's own JSON text.
    Json,
    /// The record's XML text, by its index in the list (an XML answer read through its JSON
    /// form: `crate::xml::to_json` gives them in list order).
    Xml(&'r [&'a str]),
}

impl<'r, 'a> RawText<'r, 'a> {
    /// `includeRaw`'s source for a body that was JSON (`xml` none) or XML.
    pub fn new(include_raw: bool, xml: Option<&'r [&'a str]>) -> RawText<'r, 'a> {
        match (include_raw, xml) {
            (false, _) => RawText::Off,
            (true, None) => RawText::Json,
            (true, Some(texts)) => RawText::Xml(texts),
        }
    }
}

/// Converts each record of a list read by [`crate::json::record`]: a record becomes a refund
/// (with its text from `raw` as `raw`), or a `Rejected` naming `list_path[index].field`; an
/// element that is not a record is rejected as `not_an_object`.
pub fn convert_list<'a, T: crate::json::record::Wire<'a>>(
    page: &mut RefundPage<'a>,
    list_path: &str,
    list: crate::json::record::List<'a, T>,
    raw: RawText<'_, 'a>,
    convert: impl Fn(T) -> Result<Refund<'a>, RecordError>,
    sink: RecordSink<'_>,
) {
    for (index, element) in list.into_elements().enumerate() {
        let converted = element.read.map_err(|shape| RecordError::from(crate::json::not_an_object(shape.into()))).and_then(&convert);
        match converted {
            Ok(mut refund) => {
                refund.raw = match raw {
                    RawText::Off => None,
                    RawText::Json => Some(Cow::Borrowed(element.text)),
                    RawText::Xml(texts) => texts.get(index).map(|text| Cow::Borrowed(*text)),
                };
                push_refund(page, refund, sink);
            }
            Err(e) => push_rejected(page, e.rejected(index, &format!("{list_path}{}", element.segment)), sink),
        }
    }
}

/// The hasMore of a page from what is known: a total, or a short page. Without the page size
/// (no query given) only what the answer settles alone: the whole total on this page (an
/// empty page without a total may be a page past a head the reader could not use).
pub fn has_more(page: u64, page_size: Option<u64>, total: Option<u64>, records: usize) -> Option<bool> {
    match (total, page_size) {
        (Some(total), Some(size)) => Some(page.saturating_mul(size) < total),
        (None, Some(size)) if (records as u64) < size => Some(false),
        (Some(total), None) if records as u64 >= total => Some(false),
        _ => None,
    }
}

/// The indices of `names` in byte order, equal names in their given order (PHP's
/// `ksort(SORT_STRING)` and serde_json's `BTreeMap` order). Every sort of names goes through
/// this one non-generic function: each `sort_by` on its own element type was another ~5 KB
/// of wasm, seven of them 38 KB (docs/performance.md).
pub fn byte_order(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(names[b]));
    order
}

/// The `Content-Type` of the form-encoded platforms (旺店通, 蘑菇街, ShopEx).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The headers of a form-encoded request (旺店通, 蘑菇街, ShopEx): its `Content-Type`.
pub fn form_headers() -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
    vec![(Cow::Borrowed("Content-Type"), Cow::Borrowed(FORM_CONTENT_TYPE))]
}

/// Lists up to this long are sorted by `insertion_sort_by_name`.
const SMALL_SORT: usize = 32;

/// Stable insertion sort by name in byte order, in place: a signed request has 5–15 params,
/// where `byte_order`'s index vector, the names' vector and the moved copy were three
/// allocations and most of a sort's time (docs/performance.md).
fn insertion_sort_by_name<T>(items: &mut [T], name: &impl Fn(&T) -> &str) {
    for i in 1..items.len() {
        let Some(item) = items.get(i) else { break };
        let key = name(item);
        // Where it goes: after the last name not above it (stable).
        let at = items.get(..i).map_or(i, |sorted| sorted.iter().rposition(|other| !above(name(other), key)).map_or(0, |p| p + 1));
        // One move of the slice instead of a swap per place.
        if let Some(moved) = items.get_mut(at..=i) {
            moved.rotate_right(1);
        }
    }
}

/// `a > b` in byte order; most names differ in their first byte, which needs no `memcmp`.
fn above(a: &str, b: &str) -> bool {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x > y,
        _ => a > b,
    }
}

/// Sorts by name in byte order, stable, in place; a long list (a caller's many
/// `query.params`) by `byte_order`, whose time does not grow with the square of its length.
pub fn sort_by_name_with<T>(items: &mut Vec<T>, name: impl Fn(&T) -> &str) {
    if items.len() <= SMALL_SORT {
        insertion_sort_by_name(items, &name);
        return;
    }
    let order = byte_order(&items.iter().map(&name).collect::<Vec<_>>());
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
}

/// Sorts request parameters by name in byte order, in place, stable (the pairs are moved,
/// not cloned: a clone of every name and value was a tenth of a signature).
pub fn sort_by_name(params: &mut Params) {
    sort_by_name_with(params, |(name, _)| name);
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
