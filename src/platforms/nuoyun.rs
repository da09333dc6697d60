//! 诺云 (Nuoyun) gateway `POST /Api/Order/getRefundList/2.0.0` (退款订单列表).
//!
//! Doc: shared/platforms/nuoyun.getRefundList.txt; what is known beyond it: the Nuoyun
//! section of NOTES.md. Traps handled here:
//! - authentication is undocumented: the caller supplies HTTP headers and JSON body fields
//!   (`credentials.headers`, `credentials.bodyFields`), sent exactly as given; nothing is
//!   invented and there is no signature (`signParams` is `not_supported`);
//! - the body is JSON with integers as JSON numbers (only `order_sn` is a string);
//! - the request `status` table (1–9) and the response `status` table (1–6) disagree for 4
//!   and 6: the filter takes the request codes, records are read with the response table;
//! - the doc's success example has trailing commas: tolerated (and only that), with a page
//!   warning;
//! - error envelopes carry `data: {}` (an empty object, not a list);
//! - two time styles in one record: `create_time`/`refund_time` Unix seconds (0 = none),
//!   `update_at` a Beijing wall-clock string.

use super::{
    check_common, convert_list, has_more, not_supported, warn_duplicates, CredentialField, Credentials, FilterInfo,
    RecordSink, KindCode, NativeParam, PagingInfo, ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions,
    StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, Limit, RefundError};
use crate::json::read::ReadError;
use crate::json::record::{Form, List, Listed, Member, Shape, Skip, Stop, Wire};
use crate::json::{self, FieldError, Json};
use crate::scan::Scanner;
use crate::model::{Buyer, Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, SignedRequest, Status, Warning, WarningCode};
use crate::query::{Params, Query, TimeField};
use crate::time;
use std::borrow::Cow;

pub struct Nuoyun;

const URL: &str = "https://gateway.nuoyunapi.com/Api/Order/getRefundList/2.0.0";

/// The request `status` filter (请求参数 `status`): a different table from the records'.
/// Kept as data beside `INFO.filters[status].values`, which a unit test keeps in step.
pub static REQUEST_STATUSES: [(&str, &str); 9] = [
    ("1", "待商家处理"),
    ("2", "退款成功"),
    ("3", "退款关闭"),
    ("4", "商家同意,等待买家上传物流单号"),
    ("5", "待商家收货"),
    ("6", "商家拒绝退款申请,待买家处理"),
    ("7", "待买家处理(包含4跟6)"),
    ("8", "商家拒绝收货,待买家处理"),
    ("9", "退款中"),
];

/// The records' `status` (记录状态), response table, mapped per DESIGN.md.
static STATUSES: [StatusCode; 6] = [
    StatusCode { code: "1", label: "待商家处理", unified: Status::Pending },
    StatusCode { code: "2", label: "退款成功", unified: Status::Succeeded },
    StatusCode { code: "3", label: "退款关闭", unified: Status::Closed },
    StatusCode { code: "4", label: "待买家发货", unified: Status::AwaitingReturn },
    StatusCode { code: "5", label: "待商家收货", unified: Status::ReturnInTransit },
    StatusCode { code: "6", label: "待买家确认", unified: Status::AwaitingBuyer },
];

/// `refund_type` (退款方式).
static KINDS: [KindCode; 2] = [
    KindCode { code: "1", label: "仅退款", unified: Kind::RefundOnly },
    KindCode { code: "2", label: "退货退款", unified: Kind::ReturnAndRefund },
];

/// Every request param the doc lists: a caller-supplied body field may not reuse one of
/// these names, or it would silently filter (or override) the query.
const REQUEST_PARAMS: [&str; 12] = [
    "page",
    "page_size",
    "wechat_user_space_id",
    "status",
    "order_id",
    "order_sn",
    "merchant_refund_job_status",
    "create_time_start",
    "create_time_end",
    "update_time_start",
    "update_time_end",
    "default_sort",
];

/// Params sent as JSON strings; every other param is an integer (doc 请求参数 类型).
const STRING_PARAMS: [&str; 1] = ["order_sn"];

/// The doc's timestamps are "10位秒级": 2001-09-09 09:46:40 .. 2286-11-21 01:46:39 Beijing.
const TEN_DIGIT_MIN: i64 = 1_000_000_000;
const TEN_DIGIT_MAX: i64 = 9_999_999_999;

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Nuoyun,
    name_zh: "诺云",
    name_en: "Nuoyun",
    methods: &["Api/Order/getRefundList/2.0.0"],
    time_fields: &[
        TimeFieldInfo {
            field: TimeField::Updated,
            since_param: "update_time_start",
            until_param: "update_time_end",
            format: "unix_seconds",
        },
        TimeFieldInfo {
            field: TimeField::Created,
            since_param: "create_time_start",
            until_param: "create_time_end",
            format: "unix_seconds",
        },
    ],
    // The doc's example 1 lists everything without a range.
    time_range_required: false,
    max_span_seconds: None,
    // The doc does not say whether the end is inclusive; with no span limit a range is
    // never split, and treating it as open only makes neighbouring windows share a second.
    closed_interval: false,
    max_lookback_seconds: None,
    paging: PagingInfo {
        base: 1,
        page_param: "page",
        size_param: "page_size",
        // The doc sets only a minimum (最小值1); this is a sanity cap, not a platform limit.
        page_max: 1_000_000,
        size_min: 1,
        size_max: 100,
        // Not in the doc; the doc's status example (示例2) asks for 20.
        size_default: 20,
    },
    filters: &[
        FilterInfo { field: "status", param: "status", max_len: None, values: &["1", "2", "3", "4", "5", "6", "7", "8", "9"] },
        FilterInfo { field: "orderId", param: "order_id", max_len: Some(19), values: &[] },
    ],
    statuses: &STATUSES,
    kinds: &KINDS,
    native_params: &[
        NativeParam { name: "wechat_user_space_id", description: "用户ID (buyer id), a positive integer", max_len: Some(19), values: &[] },
        NativeParam {
            name: "order_sn",
            description: "订单编号 (order number; the doc says only some UIDs may filter on it)",
            max_len: None,
            values: &[],
        },
        NativeParam {
            name: "merchant_refund_job_status",
            description: "平台介入处理状态: 1 未介入 (no intervention), 2 介入中 (in progress), 3 介入结束 (ended)",
            max_len: None,
            values: &["1", "2", "3"],
        },
        NativeParam { name: "default_sort", description: "排序: 1 正序 (ascending), 2 倒序 (descending)", max_len: None, values: &["1", "2"] },
    ],
    credentials: &[
        CredentialField {
            name: "headers",
            kind: "object",
            required: false,
            secret: true,
            values: &[],
            description: "HTTP headers your Nuoyun account authenticates with (the doc does not say which), sent exactly as given",
        },
        CredentialField {
            name: "bodyFields",
            kind: "object",
            required: false,
            secret: true,
            values: &[],
            description: "JSON body fields your Nuoyun account authenticates with, added as strings exactly as given",
        },
    ],
    options: &[],
    signs: false,
    notes: &[
        "authentication is undocumented: credentials.headers and credentials.bodyFields are sent exactly as given; nothing is signed",
        "the status filter takes the request table 1-9 (7 = 4 and 6, 8 商家拒绝收货, 9 退款中); records use the response table 1-6, which differs for 4 and 6",
        "times are 10-digit Unix seconds; timeField updated (default) or created",
        "page_size defaults to 20; rate limit 1000 requests per 10 seconds",
        "orderId is order_id (the numeric order id) both in filters and in records; filter on order_sn with params.order_sn",
        "refund_money is requestedAmount and refundedAmount at any status (paid once status is 2, 退款成功); refundedAt only when status is 2",
    ],
};

// ---------------------------------------------------------------------------------------
// Query and request.

/// A positive integer id (`order_id`, `wechat_user_space_id`) as the digits a JSON number
/// carries: leading zeros dropped, at most `i64::MAX` (a PHP/Java integer).
fn positive_integer(value: &str) -> Option<String> {
    if value.is_empty() || value.len() > 19 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<i64>().ok().filter(|n| *n > 0).map(|n| n.to_string())
}

fn not_positive_integer(field: &str) -> Issue {
    Issue::new(
        field,
        "invalid_format",
        format!("{field} must be a positive whole number (digits only, at most {})", i64::MAX),
        format!("{field} 必须是正整数(仅数字,最大 {})", i64::MAX),
    )
}

fn ten_digit_seconds(issues: &mut Vec<Issue>, field: &str, seconds: Option<i64>) {
    if seconds.is_some_and(|s| !(TEN_DIGIT_MIN..=TEN_DIGIT_MAX).contains(&s)) {
        issues.push(
            Issue::new(
                field,
                "out_of_range",
                format!(
                    "{field} must be a 10-digit Unix time, between {} and {}",
                    time::format_beijing(TEN_DIGIT_MIN),
                    time::format_beijing(TEN_DIGIT_MAX)
                ),
                format!(
                    "{field} 必须是 10 位秒级时间戳,在 {} 到 {} 之间",
                    time::format_beijing(TEN_DIGIT_MIN),
                    time::format_beijing(TEN_DIGIT_MAX)
                ),
            )
            .with_limit(Limit::Text("10-digit Unix seconds".into())),
        );
    }
}

fn business_params(query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
    let mut issues = Vec::new();
    let checked = check_common(&INFO, query, options, &mut issues);
    if checked.since.is_some() != checked.until.is_some() {
        let missing = if checked.since.is_none() { "since" } else { "until" };
        issues.push(Issue::new(missing, "required", "since and until go together", "since 与 until 必须同时提供"));
    }
    ten_digit_seconds(&mut issues, "since", checked.since);
    ten_digit_seconds(&mut issues, "until", checked.until);

    let order_id = match &query.order_id {
        Some(v) if !v.trim().is_empty() => {
            let digits = positive_integer(v);
            if digits.is_none() {
                issues.push(not_positive_integer("orderId"));
            }
            digits
        }
        _ => None, // empty: check_common has said so
    };
    let mut native: Params = Vec::new();
    for (name, value) in &query.params {
        if name == "wechat_user_space_id" && !value.trim().is_empty() {
            match positive_integer(value) {
                Some(digits) => native.push((name.clone(), digits)),
                None => issues.push(not_positive_integer("params.wechat_user_space_id")),
            }
        } else {
            native.push((name.clone(), value.clone()));
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }

    let mut params: Params = vec![
        ("page".into(), time::decimal(checked.native_page)),
        ("page_size".into(), time::decimal(checked.page_size)),
    ];
    if let Some(status) = &query.status {
        params.push(("status".into(), status.clone()));
    }
    if let Some(order_id) = order_id {
        params.push(("order_id".into(), order_id));
    }
    params.extend(native);
    if let (Some(since), Some(until)) = (checked.since, checked.until) {
        params.push((checked.time_field.since_param.into(), since.to_string()));
        params.push((checked.time_field.until_param.into(), until.to_string()));
    }
    // Send order: the doc's table order, as its request examples are written (names outside
    // the table first; a loop, not a sort: see platforms::byte_order on sorts and size).
    let mut ordered: Params = params.iter().filter(|(name, _)| !REQUEST_PARAMS.contains(&name.as_ref())).cloned().collect();
    for known in REQUEST_PARAMS {
        ordered.extend(params.iter().filter(|(name, _)| name == known).cloned());
    }
    Ok(ordered)
}

/// An HTTP token (RFC 9110 `tchar`): what `fetch` accepts as a header name.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// What a caller authenticates with: headers and body fields, each in the caller's order.
#[derive(Debug, PartialEq, Eq)]
struct Auth {
    headers: Vec<(String, String)>,
    body_fields: Vec<(String, String)>,
}

/// The caller's headers and body fields, checked (never echoed: errors name fields only).
fn auth_parts(credentials: &Credentials) -> Result<Auth, RefundError> {
    if let Some(key) = credentials.unknown_name(&["headers", "bodyFields"]) {
        return Err(RefundError::invalid_credentials(
            key,
            "is not a Nuoyun credential field (use headers or bodyFields; nothing else is sent)",
            "不是诺云的凭据字段(请用 headers 或 bodyFields;其他字段不会发送)",
        ));
    }
    let headers = credentials.string_map("headers")?;
    let mut seen: Vec<String> = vec!["content-type".into()];
    for (name, value) in &headers {
        let field = format!("headers.{name}");
        if !is_header_name(name) {
            return Err(RefundError::invalid_credentials(&field, "is not a valid HTTP header name", "不是合法的 HTTP 头名称"));
        }
        let lower = name.to_ascii_lowercase();
        if lower == "content-type" {
            return Err(RefundError::invalid_credentials(
                &field,
                "collides with Content-Type, which is always application/json",
                "与 Content-Type 冲突(固定为 application/json)",
            ));
        }
        if seen.contains(&lower) {
            return Err(RefundError::invalid_credentials(&field, "is given twice (header names ignore case)", "重复(头名称不区分大小写)"));
        }
        seen.push(lower);
        if value.contains(['\r', '\n', '\0']) {
            return Err(RefundError::invalid_credentials(&field, "contains a line break or NUL", "包含换行或 NUL 字符"));
        }
    }
    let body_fields = credentials.string_map("bodyFields")?;
    for (name, _) in &body_fields {
        if name.is_empty() {
            return Err(RefundError::invalid_credentials("bodyFields", "has a field with an empty name", "含有名称为空的字段"));
        }
        if REQUEST_PARAMS.contains(&name.as_str()) {
            return Err(RefundError::invalid_credentials(
                &format!("bodyFields.{name}"),
                "collides with a query param of getRefundList",
                "与 getRefundList 的查询参数同名",
            ));
        }
    }
    Ok(Auth { headers, body_fields })
}

/// The JSON body in send order: integers as JSON numbers, `order_sn` and the caller's body
/// fields as strings. Written by hand because `serde_json::Map` would sort the keys.
fn json_body(params: &Params, body_fields: &[(String, String)]) -> String {
    let is_number = |k: &str, v: &str| !STRING_PARAMS.contains(&k) && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let typed = params.iter().map(|(k, v)| (k.as_ref(), v.as_str(), is_number(k, v)));
    let strings = body_fields.iter().map(|(k, v)| (k.as_str(), v.as_str(), false));
    let mut out = String::from("{");
    for (i, (key, value, number)) in typed.chain(strings).enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_string(&mut out, key);
        out.push(':');
        if number {
            out.push_str(value);
        } else {
            json::push_string(&mut out, value);
        }
    }
    out.push('}');
    out
}

// ---------------------------------------------------------------------------------------
// Response.

/// `code` ≠ 200. The doc knows only 400 (失败); rate limits (10秒1000次) are recognised by
/// their words, server trouble by a 5xx-like code.
fn platform_error(code: &str, message: Option<String>) -> RefundError {
    let text = message.as_deref().unwrap_or("").to_ascii_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let number = code.parse::<u64>().ok();
    let (meaning, meaning_zh, retryable) = if number == Some(429) || says(&["频繁", "频率", "限流", "rate limit", "too many", "throttl"]) {
        ("rate limit exceeded (the doc allows 1000 requests per 10 seconds)", "超过频率限制(文档:10秒1000次)", true)
    } else if number.is_some_and(|n| (500..600).contains(&n)) {
        ("server error", "服务端错误", true)
    } else if says(&["繁忙", "稍后", "busy", "timeout", "超时"]) {
        ("server busy, try again later", "服务繁忙,请稍后再试", true)
    } else if code == "400" {
        ("request failed (the doc's only failure code; msg says why)", "失败(文档唯一的失败码,原因见 msg)", false)
    } else {
        ("request refused (a code the doc does not list)", "请求被拒绝(文档未列出的状态码)", false)
    };
    RefundError::platform(code, message, meaning, meaning_zh, retryable)
}

json::wire! {
    struct Envelope<'a> {
        code,
        msg,
        data: DataMember<'a>,
    }
}

/// `data`: an object with the list on success; absent, `null`, `[]` or `{}` (PHP's empty
/// array) when there is none.
#[derive(Default)]
enum DataMember<'a> {
    #[default]
    Absent,
    Object(Data<'a>),
    /// `null`, `[]`, `{}` or another kind of value: its text.
    Other(Json<'a>),
    /// An object that is not `data`'s shape (a member twice).
    Broken(Shape),
}

impl<'a> Member<'a> for DataMember<'a> {
    fn scan(s: &mut Scanner<'a>, _name: &'static str) -> Result<Self, Stop> {
        let start = s.position();
        if s.ahead() == Some(b'{') {
            match Data::scan(s) {
                Ok(_) if s.since(start).trim_start() == "{}" => {}
                Ok(data) => return Ok(DataMember::Object(data)),
                Err(Stop::Shape(shape)) => {
                    s.rewind(start);
                    s.value().ok_or(Stop::NotJson)?;
                    return Ok(DataMember::Broken(shape));
                }
                Err(Stop::NotJson) => return Err(Stop::NotJson),
            }
            s.rewind(start);
        }
        s.value().map(DataMember::Other).ok_or(Stop::NotJson)
    }
}

json::wire! {
    /// `data` on success (data 参数结构).
    struct Data<'a> {
        total,
        list: Listed<'a, WireRefund<'a>>,
    }
}

json::wire! {
    /// One `list` record: every field of the doc's list 参数结构 in its order (the reader finds
    /// members in that order without reading their names). Not read: `refund_source` (1
    /// 买家申请 2 商家退款 3 系统退款), `merchant_refund_job_status` (平台介入) and `order_sn`
    /// (orderId is `order_id`): no unified field; kept in `raw`.
    #[derive(Debug)]
    struct WireRefund<'a> {
        /// 退款订单ID: the gateway's row id, not the refund number; named in rejections only.
        id,
        wechat_user_space_id,
        buyer_name,
        goods_id,
        order_id,
        order_goods_id,
        refund_source: Skip,
        refund_no,
        refund_money,
        create_time,
        refund_type,
        reason,
        phone,
        remark,
        refund_time,
        status,
        merchant_refund_job_status: Skip,
        update_at,
        order_sn: Skip,
    }
}

/// Integer ids where `0` is the integer default for "none" (absent data is null, never 0).
fn convert_wire(wire: WireRefund<'_>) -> Result<Refund<'_>, RecordError> {
    let id = match json::required_id("refund_no", wire.refund_no) {
        Ok(id) => id,
        // Never invented from the row id `id`; the row id only helps find the record.
        Err(mut e) => {
            if let Ok(Some(row)) = json::id("id", wire.id) {
                e.message = format!("{} (row id {row})", e.message);
            }
            return Err(e.into());
        }
    };
    // A copy of the borrowed id (no allocation); its text is made only for a rejection.
    let id_text = id.clone();
    let with_id = |error: FieldError| RecordError { error, id: Some(id_text.to_string()) };

    let mut refund = Refund::new(PlatformId::Nuoyun, id);
    (|| -> Result<(), FieldError> {
        refund.order_id = json::nonzero_id("order_id", wire.order_id)?;
        refund.sub_order_id = json::nonzero_id("order_goods_id", wire.order_goods_id)?;
        if let Some(code) = json::text("refund_type", wire.refund_type)? {
            refund.kind = INFO.kind(&code).map_or(Kind::Unknown, |k| k.unified);
        }
        let status = json::text("status", wire.status)?;
        let known = status.as_deref().and_then(|c| INFO.status(c));
        refund.status = known.map_or(Status::Unknown, |s| s.unified);

        let money = json::yuan("refund_money", wire.refund_money)?;
        if let Some(amount) = money.as_deref().filter(|a| crate::money::is_negative(a)) {
            refund.warnings.push(Warning::negative_amount(amount));
        }
        // refund_money (退款金额) is the one amount a refund states: what the buyer asked and
        // what the seller refunds (paid once 退款成功).
        refund.refunded_amount = money.clone();
        refund.requested_amount = money;

        refund.reason = json::text("reason", wire.reason)?;
        refund.note = json::text("remark", wire.remark)?;
        let buyer = Buyer {
            id: json::nonzero_id("wechat_user_space_id", wire.wechat_user_space_id)?,
            name: json::text("buyer_name", wire.buyer_name)?,
            phone: json::text("phone", wire.phone)?,
        };
        if buyer.id.is_some() || buyer.name.is_some() || buyer.phone.is_some() {
            refund.buyer = Some(buyer);
        }
        refund.created_at = json::unix_time("create_time", wire.create_time)?;
        refund.updated_at = json::beijing_time("update_at", wire.update_at)?;
        // The doc's own example has a completion time on a 待商家处理 refund.
        let refund_time = json::unix_time("refund_time", wire.refund_time)?;
        refund.set_refunded_at("refund_time", refund_time, true);
        refund.platform_status = PlatformStatus { label: known.map(|s| s.label.into()), code: status };
        if let Some(goods_id) = json::nonzero_id("goods_id", wire.goods_id)? {
            // `vec!` allocates the one line exactly; a `push` grows an empty list to four.
            refund.items = vec![Item { goods_id: Some(goods_id), ..Item::default() }];
        }
        Ok(())
    })()
    .map_err(with_id)?;
    Ok(refund)
}

fn shape_error(what: &str) -> RefundError {
    RefundError::invalid_body(
        format!("not a 诺云 getRefundList response: {what}"),
        format!("不是诺云 getRefundList 的响应:{what}"),
    )
}

/// A page from the envelope of a body that was strict JSON (perhaps after the repair).
fn parse_page<'a>(envelope: Envelope<'a>, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    // A whole number, as a JSON number or a string (negative codes are still codes).
    let code = json::text("code", envelope.code)
        .ok()
        .flatten()
        .ok_or_else(|| shape_error("no code").at("code"))?
        .trim()
        .parse::<i64>()
        .map_err(|_| shape_error("code is not a whole number").at("code"))?
        .to_string();
    if code != "200" {
        // Another platform's JSON also has a `code`; only 诺云's envelope has `msg` or `data`.
        if envelope.msg.is_none() && matches!(envelope.data, DataMember::Absent) {
            return Err(shape_error("an error code without msg or data"));
        }
        let message = json::text("msg", envelope.msg).ok().flatten().map(|m| m.trim().to_string());
        return Err(platform_error(&code, message));
    }

    let mut warnings = Vec::new();
    let (total, records) = match envelope.data {
        // A success without data, or PHP's empty `[]`/`{}`: no refunds.
        DataMember::Absent => {
            warnings.push(Warning::new(WarningCode::NoRecords, "data is absent; read as no refunds", "没有 data;视为没有退款单"));
            (None, List::default())
        }
        DataMember::Other(d) if matches!(d.get(), "null" | "[]" | "{}") || json::is_empty_object(d) => {
            warnings.push(Warning::new(WarningCode::NoRecords, format!("data is {}; read as no refunds", d.get()), format!("data 为 {};视为没有退款单", d.get())));
            (None, List::default())
        }
        DataMember::Other(_) => return Err(shape_error("data is not an object").at("data")),
        DataMember::Broken(shape) => return Err(shape_error(&format!("data: {}", ReadError::from(shape))).at("data")),
        DataMember::Object(data) => {
            let total = json::count("total", data.total).map_err(|e| shape_error(&e.message).at("data.total"))?;
            let list = data.list.into_list();
            match list.form {
                Form::Array | Form::Empty("{}") => {}
                Form::Absent if total.unwrap_or(0) == 0 => {}
                Form::Absent => return Err(shape_error("data.total without data.list").at("data.list")),
                Form::Empty(_) | Form::One | Form::Keyed | Form::Other(_) => {
                    return Err(shape_error("data.list is not an array").at("data.list"));
                }
            }
            (total, list)
        }
    };

    let count = records.len();
    let query = options.query.as_ref();
    let page_number = query.map(|q| q.page.unwrap_or(1));
    let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
    let more = if total == Some(0) { Some(false) } else { has_more(page_number.unwrap_or(1), page_size, total, count) };
    let mut page = RefundPage {
        refunds: super::refunds_room(count, options)?,
        page: PageInfo { page: page_number, page_size, total, has_more: more },
        rejected: Vec::new(),
        warnings,
    };
    convert_list(&mut page, "data.list", records, super::RawText::new(options.include_raw, None), convert_wire, sink);
    warn_duplicates(&mut page);
    Ok(page)
}

impl Platform for Nuoyun {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        business_params(query, options)
    }

    fn sign_params(&self, _params: &Params, _credentials: &Credentials) -> Result<String, RefundError> {
        Err(not_supported(&INFO, "signing (its authentication is undocumented)", "签名(其认证方式未公开)"))
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let auth = auth_parts(credentials)?;
        let params = business_params(query, options).map_err(RefundError::invalid_query)?;
        let mut headers = vec![(Cow::Borrowed("Content-Type"), Cow::Borrowed("application/json"))];
        headers.extend(auth.headers.into_iter().map(|(name, value)| (Cow::Owned(name), Cow::Owned(value))));
        Ok(SignedRequest { url: Cow::Borrowed(URL), method: "POST", headers, body: json_body(&params, &auth.body_fields) })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        // Only an object is 诺云's (a trailing comma cannot make one).
        if !body.trim_start().starts_with('{') {
            return Err(match json::read::value(body) {
                Err(e) => json::body_error(e),
                Ok(_) => shape_error("the body is not a JSON object"),
            });
        }
        let strict = match Envelope::read(body) {
            Ok(envelope) => return parse_page(envelope, options, sink),
            Err(e @ ReadError::NotJson { .. }) => e,
            Err(e) => return Err(json::envelope_error(e, shape_error)),
        };
        // The doc's own success example ends its records with `,}`: tolerate exactly that,
        // nothing looser (the repaired text must then be strict JSON).
        let Some(repaired) = json::without_trailing_commas(body) else {
            return Err(json::envelope_error(strict, shape_error));
        };
        let envelope = match Envelope::read(&repaired) {
            Ok(envelope) => envelope,
            Err(ReadError::NotJson { .. }) => return Err(json::envelope_error(strict, shape_error)),
            Err(e) => return Err(json::envelope_error(e, shape_error)),
        };
        let mut page = parse_page(envelope, options, sink)?.into_owned();
        page.warnings.insert(
            0,
            Warning::new(
                WarningCode::BodyRepaired,
                "the body was not strict JSON (trailing commas before } or ]); read with them removed",
                "响应体不是严格的 JSON(} 或 ] 前有多余的逗号);已去掉后读取",
            ),
        );
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn credentials(value: serde_json::Value) -> Credentials<'static> {
        Credentials::from_value(value).unwrap()
    }

    /// NOTES.md, Nuoyun "Auth / signing": no algorithm is known, so none is invented.
    #[test]
    fn notes_no_sign_algorithm() {
        let params: Params = vec![("page".into(), "1".into())];
        let e = Nuoyun.sign_params(&params, &credentials(json!({"headers": {"Authorization": "Bearer s3cret"}}))).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::NotSupported);
        assert!(!format!("{e:?}").contains("s3cret"));
        assert!(!INFO.signs);
    }

    #[test]
    fn request_status_table_matches_filter_values() {
        let filter = INFO.filters.iter().find(|f| f.field == "status").unwrap();
        let codes: Vec<&str> = REQUEST_STATUSES.iter().map(|(c, _)| *c).collect();
        assert_eq!(filter.values, codes.as_slice());
        assert_eq!(REQUEST_STATUSES[3].1, "商家同意,等待买家上传物流单号");
        assert_eq!(STATUSES[3].label, "待买家发货");
    }

    #[test]
    fn json_body_keeps_order_and_types() {
        let params: Params = vec![
            ("page".into(), "1".into()),
            ("page_size".into(), "20".into()),
            ("order_sn".into(), "0012".into()),
            ("status".into(), "2".into()),
        ];
        let fields = vec![("token".to_string(), "a\"b\\中".to_string()), ("uid".to_string(), "42".to_string())];
        assert_eq!(
            json_body(&params, &fields),
            r#"{"page":1,"page_size":20,"order_sn":"0012","status":2,"token":"a\"b\\中","uid":"42"}"#
        );
        assert_eq!(json_body(&Vec::new(), &[]), "{}");
    }

    #[test]
    fn positive_integers_only() {
        assert_eq!(positive_integer("20001").as_deref(), Some("20001"));
        assert_eq!(positive_integer("007").as_deref(), Some("7"));
        assert_eq!(positive_integer("9223372036854775807").as_deref(), Some("9223372036854775807"));
        for bad in ["", "0", "000", "-1", "1.5", "1e3", " 1", "9223372036854775808", "12345678901234567890", "١٢"] {
            assert_eq!(positive_integer(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn credential_checks_never_echo_values() {
        let cases = [
            json!({"headers": {"Content-Type": "text/plain; s3cret"}}),
            json!({"headers": {"content-type": "s3cret"}}),
            json!({"headers": {"X-Token": "s3cret\r\nX-Evil: 1"}}),
            json!({"headers": {"Bad Name": "s3cret"}}),
            json!({"headers": {"X-A": "s3cret", "x-a": "s3cret"}}),
            json!({"headers": {"X-A": 1}}),
            json!({"headers": "s3cret"}),
            json!({"bodyFields": {"page": "s3cret"}}),
            json!({"bodyFields": {"": "s3cret"}}),
            json!({"bodyFields": {"token": 5}}),
            json!({"appSecret": "s3cret"}),
        ];
        for case in cases {
            let e = auth_parts(&credentials(case.clone())).unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::InvalidCredentials, "{case}");
            let shown = format!("{e:?} {e} {}", serde_json::to_string(&e).unwrap());
            assert!(!shown.contains("s3cret"), "{shown}");
        }
        let auth = auth_parts(&credentials(json!({"headers": {"Authorization": "Bearer x"}, "bodyFields": {"app_id": "7"}}))).unwrap();
        assert_eq!(auth.headers, vec![("Authorization".to_string(), "Bearer x".to_string())]);
        assert_eq!(auth.body_fields, vec![("app_id".to_string(), "7".to_string())]);
        assert_eq!(auth_parts(&Credentials::default()).unwrap(), Auth { headers: Vec::new(), body_fields: Vec::new() });
    }

    #[test]
    fn error_codes_retryable() {
        assert!(!platform_error("400", Some("请选择第几页".into())).retryable);
        assert!(platform_error("400", Some("请求过于频繁".into())).retryable);
        assert!(platform_error("429", None).retryable);
        assert!(platform_error("500", Some("Internal Server Error".into())).retryable);
        assert!(platform_error("503", None).retryable);
        assert!(!platform_error("401", Some("unauthorized".into())).retryable);
        assert!(platform_error("400", Some("Rate limit exceeded".into())).retryable);
    }
}
