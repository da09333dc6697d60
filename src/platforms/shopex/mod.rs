//! ShopEx (商派) OMS/ERP openapi: `refunds.getList` and `refunds.getRefundAmount`.
//!
//! Doc: shared/platforms/shopex-oms.refunds.txt; server behaviour: the ShopEx section of
//! NOTES.md (the ONEX OMS `openapi` app). Where they disagree the doc is the default and the
//! server's way an option, except where the doc cannot work:
//!
//! - timestamp: the doc's `yyyyMMddHHmmss` (Beijing) by default; the server compares Unix
//!   seconds, so `options.timestampStyle = "unix"` sends those instead;
//! - content type: always a form POST (the doc's JSON advice leaves PHP's `$_POST` empty);
//! - page size: at most 100 (the doc's "max 1000" is clamped to 100 by both), default 50;
//! - `start_time`/`end_time`: required (the server fails with e000006 without them);
//! - responses: the doc's bare `{count, lists: [...]}` and the server's
//!   `{"response": {"lists": {id: row, ...} | [], "count": "2" | 0}}`; the doc's numeric
//!   error codes and the server's `{"error_response": {"code": "e0000NN", ...}}`;
//! - the server's JSON writer does not escape `"`, `\` or newlines inside strings (it
//!   urldecodes after `json_encode`), so a body that is not valid JSON gets one repair pass
//!   (`repair::repair_json`) before it is declared broken.

use super::{
    check_common, convert_list, has_more, warn_duplicates, CredentialField, Credentials, FilterInfo, RecordSink, OptionInfo,
    PagingInfo, ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::read::ReadError;
use crate::json::record::{ArrayOrKeyed, Form, List, Listed, Nested, Skip, Wire};
use crate::json::{self, FieldError, Raw};
use crate::model::{Item, PageInfo, PlatformId, PlatformStatus, Refund, RefundAmount, RefundPage, SignedRequest, Status, Warning, WarningCode};
use crate::query::{Params, Query, TimeField};
use crate::{form, money, time};
use std::borrow::Cow;

mod errors;
mod repair;
mod signature;
#[cfg(test)]
mod tests;

use errors::{error_message, platform_error};
use repair::repair_json;
use signature::{php_key, sign_all};

pub struct Shopex;

const METHOD_LIST: &str = "refunds.getList";
const METHOD_AMOUNT: &str = "refunds.getRefundAmount";
/// `RequestOptions.operation` / `ParseOptions.operation` that selects `refunds.getRefundAmount`.
const OPERATION_AMOUNT: &str = "refundAmount";

/// `status`: the doc's request/response enum (§4.1) and the server's `sdb_ome_refunds.status`
/// (`app/ome/dbschema/refunds.php`), mapped per DESIGN.md. `failure` (doc) ≠ `failed` (server).
static STATUSES: [StatusCode; 10] = [
    // doc §4.1: succ-成功, failure-失败, pending-待处理
    StatusCode { code: "succ", label: "成功", unified: Status::Succeeded },
    StatusCode { code: "failure", label: "失败", unified: Status::Failed },
    StatusCode { code: "pending", label: "待处理", unified: Status::Pending },
    // server only (its `status_name` labels)
    StatusCode { code: "failed", label: "支付失败", unified: Status::Failed },
    StatusCode { code: "error", label: "处理异常", unified: Status::Failed },
    StatusCode { code: "timeout", label: "超时", unified: Status::Failed },
    StatusCode { code: "cancel", label: "未支付", unified: Status::Cancelled },
    StatusCode { code: "invalid", label: "非法参数", unified: Status::Closed },
    StatusCode { code: "progress", label: "处理中", unified: Status::Processing },
    StatusCode { code: "ready", label: "准备中", unified: Status::Pending },
];

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Shopex,
    name_zh: "商派 ShopEx OMS",
    name_en: "ShopEx OMS",
    methods: &[METHOD_LIST, METHOD_AMOUNT],
    // Doc: 创建时间开始/结束. The server filters on t_ready (退款时间), which is what the
    // records' createdAt is read from, so the filter and the field agree.
    time_fields: &[TimeFieldInfo {
        field: TimeField::Created,
        since_param: "start_time",
        until_param: "end_time",
        format: "yyyy-MM-dd HH:mm:ss",
    }],
    // Doc: optional; server: e000006 without them.
    time_range_required: true,
    max_span_seconds: None,
    // Server: t_ready >= start AND t_ready <= end.
    closed_interval: true,
    max_lookback_seconds: None,
    paging: PagingInfo {
        base: 1,
        page_param: "page_no",
        size_param: "page_size",
        page_max: 1_000_000,
        size_min: 1,
        // Doc "最大 1000 … 超过100将被限制为 100"; server: >100 means 100.
        size_max: 100,
        // Doc "默认 50" (the server's own default is 100, but we always send it).
        size_default: 50,
    },
    filters: &[
        FilterInfo { field: "status", param: "status", max_len: None, values: &["succ", "failure", "pending"] },
        FilterInfo { field: "shopId", param: "shop_bn", max_len: None, values: &[] },
        FilterInfo { field: "orderId", param: "order_bn", max_len: None, values: &[] },
        FilterInfo { field: "refundId", param: "bn", max_len: None, values: &[] },
    ],
    statuses: &STATUSES,
    // An ERP refund bill (a payment record) does not say whether goods came back.
    kinds: &[],
    native_params: &[],
    credentials: &[
        CredentialField {
            name: "baseUrl",
            kind: "string",
            required: true,
            secret: false,
            values: &[],
            description: "the instance's openapi endpoint, used as given, e.g. https://erp.example.com/index.php/openapi/rpc/service/",
        },
        CredentialField { name: "flag", kind: "string", required: true, secret: false, values: &[], description: "应用标识 flag" },
        CredentialField {
            name: "token",
            kind: "string",
            required: true,
            secret: true,
            values: &[],
            description: "interface key (interfacekey) of this flag; signs every request, never sent",
        },
    ],
    options: &[
        OptionInfo {
            name: "timestampStyle",
            values: &["doc", "unix"],
            default: Some("doc"),
            description: "doc: yyyyMMddHHmmss Beijing time as the vendor doc says; unix: Unix seconds, what ONEX-based servers check",
        },
        OptionInfo {
            name: "operation",
            values: &["refundAmount"],
            default: None,
            description: "refundAmount: call refunds.getRefundAmount instead of refunds.getList",
        },
    ],
    signs: true,
    notes: &[
        "each ERP instance has its own URL: credentials.baseUrl is the full openapi endpoint",
        "timestamp: the doc's yyyyMMddHHmmss (Beijing) by default; servers that answer e000008 want Unix seconds: options.timestampStyle = \"unix\"",
        "since and until are required (the server fails without them); the range filters on the refund bill's time (t_ready)",
        "operation \"refundAmount\" calls refunds.getRefundAmount (no paging; shopId may list several shop_bn separated by commas)",
        "kind is always unknown: an ERP refund bill does not say whether goods came back",
        "a refund bill's amount is refundedAmount at any status (paid once succ); requestedAmount is null: a bill does not say what the buyer asked",
        "the server writes invalid JSON (raw quotes, backslashes, newlines inside strings); such bodies are repaired before parsing",
    ],
};

// ---------------------------------------------------------------------------------------
// Timestamps, operations and the instance URL.

/// The doc's timestamp: `yyyyMMddHHmmss`, Beijing time.
fn doc_timestamp(now: i64) -> String {
    // `yyyy-MM-dd HH:mm:ss` without its separators, copied by field (a char-by-char filter
    // was 6 % of a ShopEx signature).
    let full = time::format_beijing(now);
    if full.len() != 19 {
        // A year past 9999 (only a Rust caller's `RequestOptions::at` can ask for one).
        return full.chars().filter(char::is_ascii_digit).collect();
    }
    // Pre-sized: a `collect` grew the string twice (a realloc each).
    let mut out = String::with_capacity(14);
    for field in [0..4, 5..7, 8..10, 11..13, 14..16, 17..19] {
        out.push_str(full.get(field).unwrap_or_default());
    }
    out
}

/// `options.timestampStyle`: `true` for `unix`.
fn unix_timestamps(options: &RequestOptions) -> Result<bool, RefundError> {
    match options.switch("timestampStyle")? {
        None | Some("doc") => Ok(false),
        Some("unix") => Ok(true),
        Some(_) => Err(RefundError::invalid_options(
            "options.timestampStyle must be \"doc\" (yyyyMMddHHmmss, the default) or \"unix\" (Unix seconds)",
            "options.timestampStyle 只能是 \"doc\"(yyyyMMddHHmmss,默认)或 \"unix\"(Unix 秒)",
        )),
    }
}

fn timestamp(options: &RequestOptions) -> Result<String, RefundError> {
    Ok(if unix_timestamps(options)? { time::decimal(options.now) } else { doc_timestamp(options.now) })
}

/// Which API an `operation` option selects: `refunds.getList` (none) or `getRefundAmount`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operation {
    List,
    Amount,
}

fn operation(value: Option<&str>) -> Result<Operation, RefundError> {
    match value {
        None => Ok(Operation::List),
        Some(OPERATION_AMOUNT) => Ok(Operation::Amount),
        Some(_) => Err(RefundError::invalid_options(
            "options.operation must be absent (refunds.getList) or \"refundAmount\" (refunds.getRefundAmount)",
            "options.operation 只能省略(refunds.getList)或为 \"refundAmount\"(refunds.getRefundAmount)",
        )),
    }
}

/// An http(s) URL with a host, used exactly as given.
fn base_url<'c>(credentials: &'c Credentials<'_>) -> Result<&'c str, RefundError> {
    let url = credentials.required("baseUrl")?;
    // The scheme in any case, compared in place (a lowercased copy was an allocation a call).
    let scheme = |s: &[u8]| url.as_bytes().get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
    let rest = if scheme(b"https://") {
        url.get(8..)
    } else if scheme(b"http://") {
        url.get(7..)
    } else {
        None
    };
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.starts_with(':')
    });
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(RefundError::invalid_credentials(
            "baseUrl",
            "must be an http(s) URL of the ERP instance's openapi endpoint",
            "必须是 ERP 实例 openapi 入口的 http(s) 地址",
        ));
    }
    Ok(url)
}

// ---------------------------------------------------------------------------------------
// Wire structs.

json::wire! {
    /// The top of any answer: the server's `response` / `error_response`, or the doc's bare
    /// data (`count`, `lists`, `total_amount`) and its assumed `{code, msg}` error envelope.
    struct Envelope<'a> {
        /// PHP writes an empty data array as `[]`.
        response: Nested<ListData<'a>, true>,
        error_response: Nested<ErrorResponse<'a>>,
        /// [G] The doc lists numeric codes (1/400/…/2003) but no envelope: assumed
        /// `{"code": 1003, "msg": "…"}`, 0 meaning success.
        code,
        msg,
        count,
        lists: Listed<'a, WireRefund<'a>, ArrayOrKeyed>,
        total_amount,
        /// Not a ShopEx field: `{code, msg, data}` is 诺云's (and others') envelope.
        data,
        /// `type=qimen` answers (`{"rsp": "succ"|"fail", ...}`), which this crate never asks for.
        rsp,
    }
}

json::wire! {
    struct ErrorResponse<'a> {
        code,
        msg,
        sub_msg,
    }
}

json::wire! {
    /// `response` of `refunds.getList` (and of `getRefundAmount`, `total_amount`).
    struct ListData<'a> {
        count,
        lists: Listed<'a, WireRefund<'a>, ArrayOrKeyed>,
        total_amount,
    }
}

json::wire! {
    /// One refund bill: the server's `sdb_ome_refunds` row and its added fields in the
    /// server's order (NOTES.md "Data, units, statuses"), then the doc's own (§4.1 lists).
    /// The reader finds members in that order without reading their names.
    #[derive(Debug)]
    struct WireRefund<'a> {
        // server
        refund_id,
        refund_bn,
        account: Skip,
        bank: Skip,
        pay_account: Skip,
        currency,
        money,
        paycost: Skip,
        cur_money,
        pay_type: Skip,
        payment: Skip,
        paymethod: Skip,
        t_ready,
        download_time: Skip,
        t_sent,
        t_received: Skip,
        status,
        memo,
        trade_no: Skip,
        return_id: Skip,
        refund_refer: Skip,
        archive: Skip,
        org_id: Skip,
        addon: Skip,
        pay_type_name: Skip,
        status_name,
        order_bn,
        shop_bn,
        shop_name,
        is_archive: Skip,
        /// An array, or an object keyed by id.
        items: Listed<'a, WireItem<'a>, ArrayOrKeyed>,
        // doc
        bn,
        total_amount,
        createtime,
        updatetime,
    }
}

json::wire! {
    /// One `items[]` line of the server: `{bn, name, nums, refund_price, item_type}`.
    #[derive(Debug)]
    struct WireItem<'a> {
        bn,
        name,
        nums,
        /// 退款商品金额: the line's refunded money, not a unit price.
        refund_price,
        item_type: Skip,
    }
}

fn is_null(raw: Raw<'_>) -> bool {
    raw.map_or(true, |r| r.get() == "null")
}

// ---------------------------------------------------------------------------------------
// Records.

/// A time given as Unix seconds (the server's `t_ready`, digits) or as Beijing
/// `yyyy-MM-dd HH:mm:ss` (the doc's `createtime`), whichever the text is.
fn any_time(field: &'static str, raw: Raw<'_>) -> Result<Option<String>, FieldError> {
    match json::text(field, raw)? {
        Some(t) if t.trim().bytes().all(|b| b.is_ascii_digit()) => json::unix_time(field, raw),
        Some(_) => json::beijing_time(field, raw),
        None => Ok(None),
    }
}

/// A record's items, each error under its line's path (`items[0].nums`, `items["7"]`).
fn convert_items<'a>(lines: Listed<'a, WireItem<'a>, ArrayOrKeyed>, out: &mut Vec<Item<'a>>) -> Result<(), FieldError> {
    let list = lines.into_list();
    if matches!(list.form, Form::One | Form::Other(_)) {
        return Err(FieldError::new("items", "invalid_type", "items must be an array"));
    }
    let lines = list.records("items")?;
    // Exactly the lines: `push` would grow the list to four at the first.
    out.reserve_exact(lines.len());
    for (segment, wire) in lines {
        out.push(convert_item(wire).map_err(|e| e.inside(&format!("items{segment}")))?);
    }
    Ok(())
}

fn convert_item(wire: WireItem<'_>) -> Result<Item<'_>, FieldError> {
    Ok(Item {
        // An OMS `bn` is the product (SKU) code, 货号.
        sku_no: json::text("bn", wire.bn)?,
        name: json::text("name", wire.name)?,
        quantity: json::quantity("nums", wire.nums)?,
        amount: json::yuan("refund_price", wire.refund_price)?,
        ..Item::default()
    })
}

fn convert_wire(wire: WireRefund<'_>) -> Result<Refund<'_>, RecordError> {
    // The doc's `bn`, else the server's `refund_bn` (退款单号); `refund_id` is only the
    // database key.
    let id = match json::id("bn", wire.bn)? {
        Some(bn) => bn,
        None => json::required_id("refund_bn", wire.refund_bn).map_err(|mut error| {
            error.message = "bn / refund_bn (the refund number) is missing or empty".into();
            // The database key at least says which row it was.
            let id = json::id("refund_id", wire.refund_id).ok().flatten().map(|r| format!("refund_id {r}"));
            RecordError { error, id }
        })?,
    };
    // A copy of the borrowed id (no allocation); its text is made only for a rejection.
    let id_text = id.clone();
    let with_id = |error: FieldError| RecordError { error, id: Some(id_text.to_string()) };

    let mut refund = Refund::new(PlatformId::Shopex, id);
    (|| -> Result<(), FieldError> {
        if let (Some(bn), Some(refund_bn)) = (json::text("bn", wire.bn)?, json::text("refund_bn", wire.refund_bn)?) {
            if bn != refund_bn {
                refund.warnings.push(Warning::new(
                    WarningCode::IdMismatch,
                    format!("bn {bn} and refund_bn {refund_bn} differ; bn is the id"),
                    format!("bn {bn} 与 refund_bn {refund_bn} 不同;以 bn 为单号"),
                ));
            }
        }
        refund.order_id = json::id("order_bn", wire.order_bn)?;
        refund.shop_id = json::text("shop_bn", wire.shop_bn)?;
        refund.shop_name = json::text("shop_name", wire.shop_name)?;

        let code = json::text("status", wire.status)?;
        let known = code.as_deref().and_then(|c| INFO.status(c));
        refund.status = known.map_or(Status::Unknown, |s| s.unified);
        // The server's status_name is its own label; the table's otherwise.
        let label = match json::text("status_name", wire.status_name)? {
            Some(name) => Some(name),
            None => known.map(|s| Cow::Borrowed(s.label)),
        };
        refund.platform_status = PlatformStatus { code, label };

        // One amount per bill: the doc's total_amount, the server's money (yuan,
        // decimal(20,3)), or cur_money (the same in the bill's currency).
        let amount = match json::yuan("total_amount", wire.total_amount)? {
            Some(a) => Some(a),
            None => match json::yuan("money", wire.money)? {
                Some(a) => Some(a),
                None => json::yuan("cur_money", wire.cur_money)?,
            },
        };
        if let Some(a) = &amount {
            if money::is_negative(a) {
                refund.warnings.push(Warning::negative_amount(a));
            }
        }
        // A refund bill is what the seller refunds, at any status (paid once `succ`); it does
        // not say what the buyer asked for, so requestedAmount stays null.
        refund.refunded_amount = amount;
        if let Some(currency) = json::text("currency", wire.currency)? {
            if !currency.eq_ignore_ascii_case("CNY") && currency != "人民币" {
                refund.warnings.push(Warning::new(
                    WarningCode::Currency,
                    format!("currency {currency}: amounts are as given, not converted to CNY"),
                    format!("币种 {currency}:金额按原样给出,未换算为人民币"),
                ));
            }
        }

        refund.note = json::text("memo", wire.memo)?;
        // Doc: createtime (创建时间); server: t_ready, the time its range filter uses.
        refund.created_at = match any_time("createtime", wire.createtime)? {
            Some(t) => Some(t),
            None => any_time("t_ready", wire.t_ready)?,
        };
        refund.updated_at = any_time("updatetime", wire.updatetime)?;
        // 发款时间: when the money was sent.
        let sent = any_time("t_sent", wire.t_sent)?;
        // Not every succeeded bill says when it was paid (the doc has no such field).
        refund.set_refunded_at("t_sent", sent, false);

        convert_items(wire.items, &mut refund.items)
    })()
    .map_err(with_id)?;
    Ok(refund)
}

// ---------------------------------------------------------------------------------------
// Parsing.

fn shape_error(what: &str) -> RefundError {
    RefundError::invalid_body(
        format!("not a ShopEx OMS openapi response: {what}"),
        format!("不是商派 ShopEx OMS openapi 的响应:{what}"),
    )
}

fn syntax_error(body: &str) -> RefundError {
    if body.trim_start().starts_with('<') {
        return RefundError::invalid_body(
            "the body is HTML or XML, not JSON (a web server error page, or type=xml)",
            "响应体是 HTML 或 XML 而不是 JSON(Web 服务器错误页,或 type=xml)",
        );
    }
    json::body_error(json::read::value(body).err().unwrap_or(ReadError::NotJson { text: body, at: 0 }))
}

/// What the envelope holds, once errors are out of the way: the data object's fields.
struct Answer<'a> {
    /// `response.` for the server's shape, `` for the doc's bare one.
    prefix: &'static str,
    count: Raw<'a>,
    lists: List<'a, WireRefund<'a>>,
    total_amount: Raw<'a>,
}

/// The envelope's error, if it is one, else its data.
fn open_envelope<'a>(envelope: Envelope<'a>) -> Result<Answer<'a>, RefundError> {
    if !is_null(envelope.rsp) {
        return Err(shape_error("a type=qimen answer (rsp); requests must use type=json").at("rsp"));
    }
    match envelope.error_response.0 {
        Ok(None) => {}
        Ok(Some(error)) => {
            let code = json::text("code", error.code).ok().flatten().map(|c| c.trim().to_string()).unwrap_or_default();
            return Err(platform_error(&code, error_message(error.msg, error.sub_msg)));
        }
        Err(_) => return Err(shape_error("error_response is not an object").at("error_response")),
    }
    match envelope.response.0 {
        Ok(None) => {}
        Ok(Some(data)) => {
            return Ok(Answer { prefix: "response.", count: data.count, lists: data.lists.into_list(), total_amount: data.total_amount })
        }
        Err(_) => return Err(shape_error("response is not an object").at("response")),
    }
    if !is_null(envelope.data) {
        return Err(shape_error("it has `data` (another platform's envelope)").at("data"));
    }
    if let Some(code) = json::text("code", envelope.code).map_err(|e| shape_error(&e.message).at("code"))? {
        if code.trim() != "0" {
            return Err(platform_error(code.trim(), error_message(envelope.msg, None)));
        }
    }
    Ok(Answer { prefix: "", count: envelope.count, lists: envelope.lists.into_list(), total_amount: envelope.total_amount })
}

/// Strict JSON first; the repair pass only for a body that is not JSON. For answers that
/// do not borrow from the body (`parse_response` does the same with a borrowing page).
fn with_envelope<T>(body: &str, read: impl for<'b> Fn(Envelope<'b>) -> Result<T, RefundError>) -> Result<T, RefundError> {
    match Envelope::read(body) {
        Ok(envelope) => read(envelope),
        Err(ReadError::NotJson { .. }) => {
            let fixed = repair_json(body).ok_or_else(|| syntax_error(body))?;
            let envelope = Envelope::read(&fixed).map_err(|_| syntax_error(body))?;
            read(envelope)
        }
        Err(e) => Err(json::envelope_error(e, shape_error)),
    }
}

fn page_from<'a>(answer: Answer<'a>, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    let count_path = format!("{}count", answer.prefix);
    let lists_path = format!("{}lists", answer.prefix);
    let reported_total = json::count("count", answer.count).map_err(|e| shape_error(&e.message).at(count_path.as_str()))?;
    let records = answer.lists;
    match records.form {
        Form::Array | Form::Keyed | Form::Empty("{}") => {}
        // No list: fine for an empty answer, broken when a total is claimed or for a body
        // that has nothing of ours.
        Form::Absent if answer.count.is_some() && reported_total.unwrap_or(0) == 0 => {}
        Form::Absent if answer.prefix.is_empty() && answer.count.is_none() => {
            return Err(if answer.total_amount.is_some() {
                shape_error("a refunds.getRefundAmount answer; parse it with operation \"refundAmount\"")
            } else {
                shape_error("no lists and no count")
            })
        }
        Form::Absent if answer.count.is_none() => {}
        Form::Absent => return Err(shape_error("count without lists").at(lists_path.as_str())),
        Form::Empty(_) | Form::One | Form::Other(_) => {
            return Err(shape_error("lists is neither an array nor an object").at(lists_path.as_str()));
        }
    }

    let query = options.query.as_ref();
    let page_number = query.map(|q| q.page.unwrap_or(1));
    let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
    let total = reported_total.or(options.total);
    let count = records.len();
    let mut page = RefundPage {
        refunds: super::refunds_room(count, options)?,
        page: PageInfo {
            page: page_number,
            page_size,
            total,
            has_more: has_more(page_number.unwrap_or(1), page_size, total, count),
        },
        rejected: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some(size) = page_size {
        if count as u64 > size {
            page.warnings.push(Warning::new(WarningCode::Paging, format!("{count} records on a page of {size}"), format!("每页 {size} 条,本页却有 {count} 条")));
        }
    }
    convert_list(&mut page, &lists_path, records, super::RawText::new(options.include_raw, None), convert_wire, sink);
    warn_duplicates(&mut page);
    Ok(page)
}

impl Shopex {
    fn business_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        let mut issues = Vec::new();
        let op = match operation(options.operation.as_deref()) {
            Ok(op) => op,
            Err(e) => {
                issues.push(Issue::new("options.operation", "invalid_value", e.message, e.message_zh));
                Operation::List
            }
        };
        // Only the style is checked here: formatting the time twice was 6 % of a signature.
        if let Err(e) = unix_timestamps(options) {
            issues.push(Issue::new("options.timestampStyle", "invalid_value", e.message, e.message_zh));
        }
        let checked = check_common(&INFO, query, options, &mut issues);
        // Digit-only names are renumbered by the server (a clearer word than unknown_param).
        for (name, _) in &query.params {
            if let Err(why) = php_key(name) {
                let field = format!("params.{name}");
                issues.retain(|i| i.field != field);
                issues.push(Issue::new(
                    field.as_str(),
                    "invalid_value",
                    format!("param name {name:?} {why}"),
                    format!("参数名 {name:?} 无法通过验签(纯数字键会被服务端重新编号)"),
                ));
            }
        }
        if op == Operation::Amount {
            // refunds.getRefundAmount (doc §4.2): start_time, end_time, shop_bn, status only.
            for (field, given) in [
                ("page", query.page.is_some()),
                ("pageSize", query.page_size.is_some()),
                ("orderId", query.order_id.is_some()),
                ("refundId", query.refund_id.is_some()),
            ] {
                if given {
                    issues.push(Issue::new(
                        field,
                        "not_supported",
                        format!("refunds.getRefundAmount has no {field}"),
                        format!("refunds.getRefundAmount 不支持 {field}"),
                    ));
                }
            }
        }
        if !issues.is_empty() {
            return Err(issues);
        }

        // Room for the request's own params too (build_request puts these after them).
        let mut params: Params = Vec::with_capacity(16);
        if let (Some(since), Some(until)) = (checked.since, checked.until) {
            params.push(("start_time".into(), time::format_beijing(since)));
            params.push(("end_time".into(), time::format_beijing(until)));
        }
        if op == Operation::List {
            params.push(("page_no".into(), time::decimal(checked.native_page)));
            params.push(("page_size".into(), time::decimal(checked.page_size)));
        }
        for (param, value) in [("shop_bn", &query.shop_id), ("bn", &query.refund_id), ("status", &query.status), ("order_bn", &query.order_id)] {
            if let Some(v) = value {
                params.push((param.into(), v.clone()));
            }
        }
        for (k, v) in &query.params {
            params.push((k.clone(), v.clone()));
        }
        Ok(params)
    }
}

impl Platform for Shopex {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        self.business_params(query, options)
    }

    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError> {
        sign_all(params, credentials.required("token")?)
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let op = operation(options.operation.as_deref())?;
        let timestamp = timestamp(options)?;
        let url = base_url(credentials)?;
        let flag = credentials.required("flag")?;
        let token = credentials.required("token")?;
        let business = self.business_params(query, options).map_err(RefundError::invalid_query)?;

        let method = if op == Operation::Amount { METHOD_AMOUNT } else { METHOD_LIST };
        // The request's own params first, in the business params' vector (sized for them).
        let mut params = business;
        params.splice(
            0..0,
            [
                ("flag".into(), flag.into()),
                ("method".into(), method.into()),
                ("ver".into(), "1".into()),
                ("charset".into(), "utf-8".into()),
                ("type".into(), "json".into()),
                ("timestamp".into(), timestamp),
            ],
        );
        let sign = sign_all(&params, token)?;
        let body = form::encode(params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).chain([("sign", sign.as_str())]));
        Ok(SignedRequest {
            url: Cow::Owned(url.into()),
            method: "POST",
            headers: super::form_headers(),
            body,
        })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        if operation(options.operation.as_deref())? == Operation::Amount {
            return Err(RefundError::invalid_options(
                "operation \"refundAmount\" answers are read by parseRefundAmount, not parseResponse",
                "operation 为 \"refundAmount\" 的响应请用 parseRefundAmount 解析",
            ));
        }
        match Envelope::read(body) {
            Ok(envelope) => page_from(open_envelope(envelope)?, options, sink),
            Err(ReadError::NotJson { .. }) => {
                let fixed = repair_json(body).ok_or_else(|| syntax_error(body))?;
                let envelope = Envelope::read(&fixed).map_err(|_| syntax_error(body))?;
                let mut page = page_from(open_envelope(envelope)?, options, sink)?.into_owned();
                page.warnings.push(Warning::new(
                    WarningCode::BodyRepaired,
                    "the body was not valid JSON (raw quotes, backslashes or newlines inside strings) and was repaired before parsing",
                    "响应体不是有效的 JSON(字符串中有未转义的引号、反斜杠或换行),已修复后再解析",
                ));
                Ok(page)
            }
            Err(e) => Err(json::envelope_error(e, shape_error)),
        }
    }

    fn parse_refund_amount(&self, body: &str, options: &ParseOptions) -> Result<RefundAmount, RefundError> {
        if let Some(op) = options.operation.as_deref() {
            if operation(Some(op))? != Operation::Amount {
                return Err(RefundError::invalid_options(
                    "parseRefundAmount reads operation \"refundAmount\" answers only",
                    "parseRefundAmount 只解析 operation 为 \"refundAmount\" 的响应",
                ));
            }
        }
        let amount = with_envelope(body, |envelope| {
            let answer = open_envelope(envelope)?;
            let path = format!("{}total_amount", answer.prefix);
            let amount = json::yuan("total_amount", answer.total_amount).map_err(|e| shape_error(&e.message).at(path.as_str()))?;
            amount.map(Cow::into_owned).ok_or_else(|| {
                if answer.lists.form != Form::Absent {
                    shape_error("a refunds.getList answer, not refunds.getRefundAmount").at(path.as_str())
                } else {
                    shape_error("no total_amount").at(path.as_str())
                }
            })
        })?;
        Ok(RefundAmount { total_amount: amount })
    }
}
