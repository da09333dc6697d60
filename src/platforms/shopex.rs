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
//!   ([`repair_json`]) before it is declared broken.

use super::{OptionInfo, Lines,
    check_common, convert_records, has_more, push_refund, warn_duplicates, CredentialField, Credentials, FilterInfo, Fresh, PagingInfo,
    ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::read::{ReadError, Wire};
use crate::json::{self, FieldError, Raw};
use crate::model::{Item, PageInfo, PlatformId, PlatformStatus, Refund, RefundAmount, RefundPage, Rejected, SignedRequest, Status};
use crate::query::{Params, Query, TimeField};
use crate::scan::Scanner;
use crate::{form, money, sign, time};
use std::borrow::Cow;

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
            description: "the instance's openapi endpoint, used as given, e.g. https://erp.example.com/index.php/openapi/rpc/service/",
        },
        CredentialField { name: "flag", kind: "string", required: true, secret: false, description: "应用标识 flag" },
        CredentialField {
            name: "token",
            kind: "string",
            required: true,
            secret: true,
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
        "the server writes invalid JSON (raw quotes, backslashes, newlines inside strings); such bodies are repaired before parsing",
    ],
};

// ---------------------------------------------------------------------------------------
// Signing (NOTES.md, ShopEx "Sign algorithm" [C]).

/// A form field name as PHP files it in `$_POST`: the base name and its `[...]` segments
/// (`None` for `[]`, which appends).
fn php_key(name: &str) -> Result<(&str, Vec<Option<&str>>), &'static str> {
    // Byte searches: the char searcher of `find('[')` was most of this function's time.
    let (base, mut rest) = match name.bytes().position(|b| b == b'[') {
        Some(at) => (name.get(..at).unwrap_or(""), name.get(at..).unwrap_or("")),
        None => (name, ""),
    };
    if base.is_empty() {
        return Err("has no name before its first [ (or is empty)");
    }
    if base.bytes().all(|b| b.is_ascii_digit()) {
        // `array_merge($params, $_POST)` renumbers digit-only keys: such a request never verifies.
        return Err("is digit-only: the server renumbers such keys, so the request could never verify");
    }
    if base.bytes().any(|b| matches!(b, b'.' | b' ' | b']')) {
        return Err("contains '.', ' ' or ']', which PHP rewrites in form field names");
    }
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or("has text after a closing ]")?;
        let close = inner.find(']').ok_or("has an unclosed [")?;
        let segment = inner.get(..close).unwrap_or("");
        segments.push(if segment.is_empty() { None } else { Some(segment) });
        rest = inner.get(close + 1..).unwrap_or("");
    }
    Ok((base, segments))
}

/// A posted value as PHP sees it: a string, or an array built from `a[b][c]` keys. Names
/// and values borrow from the params (copying each was a tenth of a ShopEx signature).
enum Field<'p> {
    Text(&'p str),
    Array(Vec<(Cow<'p, str>, Field<'p>)>),
}

impl<'p> Field<'p> {
    fn set(&mut self, path: &[Option<&'p str>], value: &'p str) {
        let Some((first, rest)) = path.split_first() else {
            *self = Field::Text(value);
            return;
        };
        if let Field::Text(_) = self {
            *self = Field::Array(Vec::new());
        }
        let Field::Array(entries) = self else { return };
        let key = match first {
            Some(k) => Cow::Borrowed(*k),
            // `[]` appends at the next integer index, like PHP.
            None => Cow::Owned(
                entries
                    .iter()
                    .filter_map(|(k, _)| k.parse::<u64>().ok())
                    .max()
                    .map_or(0, |m| m.saturating_add(1))
                    .to_string(),
            ),
        };
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, child)) => child.set(rest, value),
            None => {
                let mut child = Field::Text("");
                child.set(rest, value);
                entries.push((key, child));
            }
        }
    }
}

/// `assemble()`: keys byte-sorted (`ksort(SORT_STRING)`), `key + value` with no separator,
/// arrays recursively.
/// The tree is sorted in place (it is `assemble`'s own): no index or name vectors.
fn assemble_into(out: &mut String, entries: &mut Vec<(Cow<'_, str>, Field<'_>)>) {
    super::sort_by_name_with(entries, |(name, _)| name);
    for (key, value) in entries.iter_mut() {
        out.push_str(key);
        match value {
            Field::Text(text) => out.push_str(text),
            Field::Array(children) => assemble_into(out, children),
        }
    }
}

/// The server's `assemble_str` over every posted field but `sign`, or the reason a field
/// name can never verify (the offending name comes back with it).
fn assemble(params: &Params) -> Result<String, (String, &'static str)> {
    let mut root: Vec<(Cow<'_, str>, Field<'_>)> = Vec::with_capacity(params.len());
    for (name, value) in params {
        if name == "sign" {
            continue;
        }
        let (base, segments) = php_key(name).map_err(|why| (name.to_string(), why))?;
        match root.iter_mut().find(|(k, _)| k == base) {
            Some((_, field)) => field.set(&segments, value),
            None => {
                let mut field = Field::Text("");
                field.set(&segments, value);
                root.push((Cow::Borrowed(base), field));
            }
        }
    }
    let mut out = String::with_capacity(params.iter().map(|(k, v)| k.len() + v.len()).sum());
    assemble_into(&mut out, &mut root);
    Ok(out)
}

/// `UPPER(md5(UPPER(md5(assemble_str)) + token))`.
fn signature(assembled: &str, token: &str) -> String {
    let inner = sign::md5_upper(assembled.as_bytes());
    sign::hex_upper(&sign::md5_parts([inner.as_bytes(), token.as_bytes()]))
}

fn sign_all(params: &Params, token: &str) -> Result<String, RefundError> {
    let assembled = assemble(params).map_err(|(name, why)| {
        RefundError::invalid_options(
            format!("param name {name:?} {why}"),
            format!("参数名 {name:?} 无法通过 ShopEx 验签(纯数字键会被服务端重新编号,含 . 或空格或不成对方括号的键会被 PHP 改名)"),
        )
        .at(format!("params.{name}"))
    })?;
    Ok(signature(&assembled, token))
}

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
// Errors: the doc's numeric table and the server's `e0000NN` codes.

struct ErrorInfo {
    code: &'static str,
    meaning: &'static str,
    meaning_zh: &'static str,
    retryable: bool,
}

static ERRORS: [ErrorInfo; 22] = [
    // server (`app/openapi/lib/errorcode.php`)
    ErrorInfo { code: "e000001", meaning: "system params lost or error (or not a form POST)", meaning_zh: "系统级参数缺失或错误(或未使用表单 POST)", retryable: false },
    ErrorInfo { code: "e000002", meaning: "sign error", meaning_zh: "签名错误", retryable: false },
    ErrorInfo { code: "e000003", meaning: "class or method does not exist", meaning_zh: "接口类或方法不存在", retryable: false },
    ErrorInfo { code: "e000004", meaning: "no permission to access this method", meaning_zh: "无权访问该接口", retryable: false },
    ErrorInfo { code: "e000005", meaning: "init interface fail (server side)", meaning_zh: "接口初始化失败(服务端)", retryable: true },
    ErrorInfo { code: "e000006", meaning: "application params error", meaning_zh: "应用级参数错误", retryable: false },
    ErrorInfo { code: "e000007", meaning: "init template fail (server side)", meaning_zh: "模板初始化失败(服务端)", retryable: true },
    ErrorInfo { code: "e000008", meaning: "timestamp outside the server's window (±3600 s, Unix seconds)", meaning_zh: "时间戳超出服务器允许范围(±3600 秒,Unix 秒)", retryable: true },
    ErrorInfo { code: "e000009", meaning: "repeat request (a re-signed request has a new timestamp)", meaning_zh: "重复请求(重新签名的请求会带新时间戳)", retryable: true },
    // The server answers code "" when the refund query itself returned false
    // (start_time/end_time not understood by strtotime).
    ErrorInfo { code: "", meaning: "the query failed without an error code (start_time/end_time not understood?)", meaning_zh: "查询失败且无错误码(start_time/end_time 无法识别?)", retryable: false },
    // doc §5
    ErrorInfo { code: "1", meaning: "invalid params", meaning_zh: "参数错误", retryable: false },
    ErrorInfo { code: "400", meaning: "invalid params", meaning_zh: "参数错误", retryable: false },
    ErrorInfo { code: "401", meaning: "unauthorized: check flag and sign", meaning_zh: "未授权访问,请检查 flag 和 sign", retryable: false },
    ErrorInfo { code: "403", meaning: "forbidden", meaning_zh: "禁止访问", retryable: false },
    ErrorInfo { code: "500", meaning: "server internal error", meaning_zh: "服务器内部错误", retryable: true },
    ErrorInfo { code: "1001", meaning: "invalid flag", meaning_zh: "非法的flag", retryable: false },
    ErrorInfo { code: "1002", meaning: "request expired: check timestamp", meaning_zh: "请求已过期,请检查timestamp", retryable: true },
    ErrorInfo { code: "1003", meaning: "sign error", meaning_zh: "签名错误", retryable: false },
    ErrorInfo { code: "1004", meaning: "unsupported type format", meaning_zh: "不支持的type格式", retryable: false },
    ErrorInfo { code: "2001", meaning: "required param missing", meaning_zh: "缺少必要的参数", retryable: false },
    ErrorInfo { code: "2002", meaning: "invalid request param", meaning_zh: "非法的请求参数", retryable: false },
    ErrorInfo { code: "2003", meaning: "method does not exist", meaning_zh: "接口不存在", retryable: false },
];

fn platform_error(code: &str, message: Option<String>) -> RefundError {
    match ERRORS.iter().find(|e| e.code == code) {
        Some(e) => RefundError::platform(code, message, e.meaning, e.meaning_zh, e.retryable),
        None => RefundError::platform(code, message, "unknown error code", "未知错误码", false),
    }
}

/// `msg` and, when there is one, `sub_msg` (on e000002 the server's own assemble_str).
fn error_message(msg: Raw<'_>, sub_msg: Raw<'_>) -> Option<String> {
    let msg = json::text("msg", msg).ok().flatten().map(|m| m.trim().to_string());
    let sub = match sub_msg {
        Some(raw) if raw.get().starts_with(['{', '[']) => Some(raw.get().to_string()),
        other => json::text("sub_msg", other).ok().flatten().map(|s| s.trim().to_string()),
    }
    .filter(|s| !s.is_empty());
    match (msg, sub) {
        (Some(m), Some(s)) => Some(format!("{m}; sub_msg: {s}")),
        (Some(m), None) => Some(m),
        (None, Some(s)) => Some(format!("sub_msg: {s}")),
        (None, None) => None,
    }
}

// ---------------------------------------------------------------------------------------
// Wire structs.

json::wire! {
    /// The top of any answer: the server's `response` / `error_response`, or the doc's bare
    /// data (`count`, `lists`, `total_amount`) and its assumed `{code, msg}` error envelope.
    struct Envelope<'a> {
        response,
        error_response,
        /// [G] The doc lists numeric codes (1/400/…/2003) but no envelope: assumed
        /// `{"code": 1003, "msg": "…"}`, 0 meaning success.
        code,
        msg,
        count,
        lists,
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
        lists,
        total_amount,
    }
}

json::wire! {
    /// One refund bill: the doc's fields (§4.1 lists) and the server's `sdb_ome_refunds` row
    /// plus its added fields (NOTES.md "Data, units, statuses").
    #[derive(Debug, PartialEq)]
    struct WireRefund<'a> {
        // doc
        bn,
        shop_bn,
        shop_name,
        order_bn,
        total_amount,
        status,
        createtime,
        updatetime,
        // server
        refund_id,
        refund_bn,
        currency,
        money,
        cur_money,
        t_ready,
        t_sent,
        status_name,
        memo,
        /// Each line with its key when `items` is an id-keyed object.
        items: Lines<'a, Keyed<'a, WireItem<'a>>>,
    }
}

/// A list element read by the scanner, with its key in an id-keyed object (`None` in an array).
type Keyed<'a, T> = (Option<&'a str>, T);

json::wire! {
    /// One `items[]` line of the server: `{bn, name, nums, refund_price, item_type}`.
    #[derive(Debug, PartialEq)]
    struct WireItem<'a> {
        bn,
        name,
        nums,
        /// 退款商品金额: the line's refunded money, not a unit price.
        refund_price,
    }
}

/// [`Envelope`]'s fields, all of them so that a repeated one gives up, as the raw way refuses it.
const ENVELOPE_FIELDS: [&str; 9] = ["response", "error_response", "code", "msg", "count", "lists", "total_amount", "data", "rsp"];

/// Every field of the server's row in its order, then the doc's own, for the fast path: the
/// scanner looks for the next name first, so naming the fields [`WireRefund`] does not use
/// too saves a search for each of them. `items` is read as lines, the others kept as text.
const RECORD_FIELDS: [&str; 35] = [
    "refund_id",
    "refund_bn",
    "account",
    "bank",
    "pay_account",
    "currency",
    "money",
    "paycost",
    "cur_money",
    "pay_type",
    "payment",
    "paymethod",
    "t_ready",
    "download_time",
    "t_sent",
    "t_received",
    "status",
    "memo",
    "trade_no",
    "return_id",
    "refund_refer",
    "archive",
    "org_id",
    "addon",
    "pay_type_name",
    "status_name",
    "order_bn",
    "shop_bn",
    "shop_name",
    "is_archive",
    "items",
    "bn",
    "total_amount",
    "createtime",
    "updatetime",
];

/// `items` in [`RECORD_FIELDS`].
const ITEMS: usize = 30;

/// Every field of an item line in the server's order, as [`RECORD_FIELDS`].
const ITEM_FIELDS: [&str; 5] = ["bn", "name", "nums", "refund_price", "item_type"];

/// The fast path (docs/performance.md): the server's shape, an object envelope with no
/// error whose `response` is an object with `lists` of objects (an array or id-keyed), read
/// with its records and their items in one pass by [`Scanner`]. `None` for anything else
/// (errors, the doc's bare shape, invalid JSON), which is then read the raw way.
fn scan_page(body: &str) -> Option<(Answer<'_>, Vec<Keyed<'_, WireRefund<'_>>>)> {
    let mut s = Scanner::new(body);
    let (mut response, mut no_error) = (None, true);
    s.object(&ENVELOPE_FIELDS, |i, s| {
        match i {
            0 => response = Some(scan_response(s)?),
            // error_response, rsp: answers the raw way reads.
            1 | 8 => no_error &= s.raw()?.is_none(),
            _ => {
                s.raw()?;
            }
        }
        Some(())
    })?;
    s.end()?;
    response.filter(|_| no_error)
}

fn scan_response<'a>(s: &mut Scanner<'a>) -> Option<(Answer<'a>, Vec<Keyed<'a, WireRefund<'a>>>)> {
    let (mut count, mut lists, mut total_amount) = (None, None, None);
    s.object(&["count", "lists", "total_amount"], |i, s| {
        match i {
            0 => count = s.raw()?,
            1 => lists = Some(keyed_list(s, scan_record)?),
            _ => total_amount = s.raw()?,
        }
        Some(())
    })?;
    Some((Answer { prefix: "response.", count, lists: None, total_amount }, lists?))
}

/// An array (keys `None`) or an id-keyed object of elements, each read by `read`.
fn keyed_list<'a, T>(s: &mut Scanner<'a>, mut read: impl FnMut(&mut Scanner<'a>) -> Option<T>) -> Option<Vec<Keyed<'a, T>>> {
    if s.ahead()? == b'[' {
        return s.list(|s| Some((None, read(s)?)));
    }
    let mut out = Vec::new();
    s.entries(|key, s| {
        if out.len() == crate::scan::MAX_LIST {
            return None;
        }
        out.push((Some(key), read(s)?));
        Some(())
    })?;
    Some(out)
}

fn scan_record<'a>(s: &mut Scanner<'a>) -> Option<WireRefund<'a>> {
    let mut fields: [Raw<'a>; 35] = [None; 35];
    let mut items = Lines::default();
    s.object(&RECORD_FIELDS, |i, s| {
        match i {
            ITEMS => items = scan_items(s)?,
            _ => *fields.get_mut(i)? = s.raw()?,
        }
        Some(())
    })?;
    let [refund_id, refund_bn, _, _, _, currency, money, _, cur_money, _, _, _, t_ready, _, t_sent, _, status, memo, _, _, _, _, _, _, _, status_name, order_bn, shop_bn, shop_name, _, _, bn, total_amount, createtime, updatetime] =
        fields;
    Some(WireRefund {
        bn,
        shop_bn,
        shop_name,
        order_bn,
        total_amount,
        status,
        createtime,
        updatetime,
        refund_id,
        refund_bn,
        currency,
        money,
        cur_money,
        t_ready,
        t_sent,
        status_name,
        memo,
        items,
    })
}

/// `items` as [`convert_items`] reads its text: lines of objects, or `null`/`""` for none;
/// any other value (an error there) gives up.
fn scan_items<'a>(s: &mut Scanner<'a>) -> Option<Lines<'a, Keyed<'a, WireItem<'a>>>> {
    match s.ahead()? {
        b'[' | b'{' => keyed_list(s, scan_item).map(Lines::Scanned),
        _ => s.raw().filter(|raw| raw.map_or(true, |r| r.get() == "\"\"")).map(Lines::Text),
    }
}

fn scan_item<'a>(s: &mut Scanner<'a>) -> Option<WireItem<'a>> {
    let [bn, name, nums, refund_price, _] = s.fields(&ITEM_FIELDS)?;
    Some(WireItem { bn, name, nums, refund_price })
}

/// A list given as an array (`[i]`) or as an id-keyed object (`["12"]`): each element with
/// its path segment. `None` when it is neither.
fn list_elements(raw: json::Json<'_>) -> Option<Vec<(String, &str)>> {
    let text = raw.get();
    if text.starts_with('[') {
        let items = json::array_items(raw)?;
        Some(items.into_iter().enumerate().map(|(i, r)| (segment(i, None), r)).collect())
    } else if text.starts_with('{') {
        let entries = json::read::entries(text).ok()?;
        Some(entries.into_iter().enumerate().map(|(i, (key, r))| (segment(i, Some(&key)), r.get())).collect())
    } else {
        None
    }
}

/// A list element's path segment: `[i]` in an array, the JSON-quoted key (`["12"]`) in an
/// id-keyed object.
fn segment(index: usize, key: Option<&str>) -> String {
    match key {
        None => format!("[{index}]"),
        Some(key) => format!("[{}]", serde_json::to_string(key).unwrap_or_default()),
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
fn convert_items<'a>(lines: Lines<'a, Keyed<'a, WireItem<'a>>>, out: &mut Vec<Item<'a>>) -> Result<(), FieldError> {
    match lines {
        Lines::Text(Some(list)) if !is_null(Some(list)) && list.get() != "\"\"" => {
            let lines = list_elements(list).ok_or_else(|| FieldError::new("items", "invalid_type", "items must be an array"))?;
            out.reserve_exact(lines.len());
            for (segment, line) in lines {
                let item = WireItem::read(line).map_err(json::not_an_object).and_then(convert_item);
                out.push(item.map_err(|e| e.inside(&format!("items{segment}")))?);
            }
        }
        Lines::Text(_) => {}
        Lines::Scanned(lines) => {
            // Exactly the lines: `push` would grow the list to four at the first.
            out.reserve_exact(lines.len());
            for (index, (key, wire)) in lines.into_iter().enumerate() {
                out.push(convert_item(wire).map_err(|e| e.inside(&format!("items{}", segment(index, key))))?);
            }
        }
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

fn convert(raw: &str) -> Result<Refund<'_>, RecordError> {
    let wire = WireRefund::read(raw).map_err(json::not_an_object)?;
    convert_wire(wire)
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
                refund.warnings.push(format!("bn {bn} and refund_bn {refund_bn} differ; bn is the id"));
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
                refund.warnings.push(format!("negative amount {a}"));
            }
        }
        // A bill in `succ` has paid its amount out; otherwise it is only what is due.
        if refund.status == Status::Succeeded {
            refund.refunded_amount = amount.clone();
        }
        refund.requested_amount = amount;
        if let Some(currency) = json::text("currency", wire.currency)? {
            if !currency.eq_ignore_ascii_case("CNY") && currency != "人民币" {
                refund.warnings.push(format!("currency {currency}: amounts are as given, not converted to CNY"));
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
        refund.refunded_at = any_time("t_sent", wire.t_sent)?;

        convert_items(wire.items, &mut refund.items)
    })()
    .map_err(with_id)?;
    Ok(refund)
}

// ---------------------------------------------------------------------------------------
// The server's invalid JSON.

enum Frame {
    Object { expect_key: bool },
    Array,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// Is the `"` just before `after` the end of the string it is in? A key ends before `:`;
/// a value ends before the closer of its container (then `,`, another closer or the end),
/// or before `,` and the next key (`"name":`) or next array element.
fn closes(b: &[u8], after: usize, is_key: bool, stack: &[Frame]) -> bool {
    let i = skip_ws(b, after);
    let next = b.get(i).copied();
    if is_key {
        return next == Some(b':');
    }
    match (next, stack.last()) {
        (None, None) => true,
        (Some(b'}'), Some(Frame::Object { .. })) | (Some(b']'), Some(Frame::Array)) => {
            let mut j = i;
            while b.get(j).is_some_and(|c| matches!(c, b'}' | b']') || c.is_ascii_whitespace()) {
                j += 1;
            }
            matches!(b.get(j), None | Some(b','))
        }
        (Some(b','), Some(Frame::Object { .. })) => {
            let k = skip_ws(b, i + 1);
            if b.get(k) != Some(&b'"') {
                return false;
            }
            let mut m = k + 1;
            while let Some(&c) = b.get(m) {
                if c == b'"' {
                    return b.get(skip_ws(b, m + 1)) == Some(&b':');
                }
                if c < 0x20 || c == b'\\' {
                    return false;
                }
                m += 1;
            }
            false
        }
        (Some(b','), Some(Frame::Array)) => {
            let k = skip_ws(b, i + 1);
            matches!(b.get(k), Some(b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'))
        }
        _ => false,
    }
}

/// Appends `text` as JSON string content (without the quotes).
fn push_escaped(out: &mut Vec<u8>, text: &[u8]) {
    for &c in text {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1f => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.push(c),
        }
    }
}

/// Re-escapes one string that starts after the `"` at `start - 1`; returns the index after
/// its closing quote, or `None` when it never ends.
fn repair_string(body: &str, start: usize, is_key: bool, stack: &[Frame], out: &mut Vec<u8>) -> Option<usize> {
    let b = body.as_bytes();
    out.push(b'"');
    // A value that is itself JSON (e000002's sub_msg is `json_encode`d error data, written
    // raw): take the whole embedded value, whatever quotes it holds.
    if !is_key && matches!(b.get(start), Some(b'{' | b'[')) {
        let mut value = Scanner::new(body.get(start..)?);
        if value.value().is_some() {
            let end = start + value.position();
            if b.get(end) == Some(&b'"') && closes(b, end + 1, false, stack) {
                push_escaped(out, b.get(start..end)?);
                out.push(b'"');
                return Some(end + 1);
            }
        }
    }
    let mut i = start;
    loop {
        let c = *b.get(i)?;
        match c {
            // The writer never escapes, so a backslash is always a literal one.
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' if closes(b, i + 1, is_key, stack) => {
                out.push(b'"');
                return Some(i + 1);
            }
            _ => push_escaped(out, &[c]),
        }
        i += 1;
    }
}

/// The body with `"`, `\` and control characters inside strings escaped, as the server's
/// writer should have (it urlencodes every string, `json_encode`s, then urldecodes the whole
/// output). A quote ends a string only where JSON structure follows (see [`closes`]).
/// `None` when a string never ends or nothing needed repair.
fn repair_json(body: &str) -> Option<String> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len() + 64);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                let is_key = matches!(stack.last(), Some(Frame::Object { expect_key: true }));
                i = repair_string(body, i + 1, is_key, &stack, &mut out)?;
                continue;
            }
            b'{' => stack.push(Frame::Object { expect_key: true }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expect_key }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b',' => {
                if let Some(Frame::Object { expect_key }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    if out == b {
        return None;
    }
    // Only ASCII escapes were added around whole UTF-8 sequences.
    String::from_utf8(out).ok()
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
    json::body_error(ReadError::NotJson(body))
}

/// What the envelope holds, once errors are out of the way: the data object's fields.
struct Answer<'a> {
    /// `response.` for the server's shape, `` for the doc's bare one.
    prefix: &'static str,
    count: Raw<'a>,
    lists: Raw<'a>,
    total_amount: Raw<'a>,
}

/// The envelope's error, if it is one, else its data.
fn open_envelope<'a>(envelope: Envelope<'a>) -> Result<Answer<'a>, RefundError> {
    if !is_null(envelope.rsp) {
        return Err(shape_error("a type=qimen answer (rsp); requests must use type=json").at("rsp"));
    }
    if let Some(error) = envelope.error_response.filter(|r| r.get() != "null") {
        let error = ErrorResponse::read(error.get()).map_err(|_| shape_error("error_response is not an object").at("error_response"))?;
        let code = json::text("code", error.code).ok().flatten().map(|c| c.trim().to_string()).unwrap_or_default();
        return Err(platform_error(&code, error_message(error.msg, error.sub_msg)));
    }
    if let Some(response) = envelope.response.filter(|r| r.get() != "null") {
        // PHP writes an empty data array as `[]`.
        if response.get().starts_with('[') && json::array_items(response).is_some_and(|a| a.is_empty()) {
            return Ok(Answer { prefix: "response.", count: None, lists: None, total_amount: None });
        }
        let data = ListData::read(response.get()).map_err(|_| shape_error("response is not an object").at("response"))?;
        return Ok(Answer { prefix: "response.", count: data.count, lists: data.lists, total_amount: data.total_amount });
    }
    if !is_null(envelope.data) {
        return Err(shape_error("it has `data` (another platform's envelope)").at("data"));
    }
    if let Some(code) = json::text("code", envelope.code).map_err(|e| shape_error(&e.message).at("code"))? {
        if code.trim() != "0" {
            return Err(platform_error(code.trim(), error_message(envelope.msg, None)));
        }
    }
    Ok(Answer { prefix: "", count: envelope.count, lists: envelope.lists, total_amount: envelope.total_amount })
}

/// Strict JSON first; the repair pass only for a body that is not JSON. For answers that
/// do not borrow from the body (`parse_response` does the same with a borrowing page).
fn with_envelope<T>(body: &str, read: impl for<'b> Fn(Envelope<'b>) -> Result<T, RefundError>) -> Result<T, RefundError> {
    match Envelope::read(body) {
        Ok(envelope) => read(envelope),
        Err(ReadError::NotJson(_)) => {
            let fixed = repair_json(body).ok_or_else(|| syntax_error(body))?;
            let envelope = Envelope::read(&fixed).map_err(|_| syntax_error(body))?;
            read(envelope)
        }
        Err(e) => Err(json::envelope_error(e, shape_error)),
    }
}

/// `parsed`: the records when the fast path read them with the envelope.
fn page_from<'a>(answer: Answer<'a>, parsed: Option<Vec<Keyed<'a, WireRefund<'a>>>>, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
    let count_path = format!("{}count", answer.prefix);
    let lists_path = format!("{}lists", answer.prefix);
    let reported_total = json::count("count", answer.count).map_err(|e| shape_error(&e.message).at(count_path.as_str()))?;
    let records = match answer.lists {
        _ if parsed.is_some() => Vec::new(),
        Some(list) if list.get() != "null" => {
            list_elements(list).ok_or_else(|| shape_error("lists is neither an array nor an object").at(lists_path.as_str()))?
        }
        // No list: fine for an empty answer, broken when a total is claimed or for a body
        // that has nothing of ours.
        _ if answer.count.is_some() && reported_total.unwrap_or(0) == 0 => Vec::new(),
        _ if answer.prefix.is_empty() && answer.count.is_none() => {
            return Err(if answer.total_amount.is_some() {
                shape_error("a refunds.getRefundAmount answer; parse it with operation \"refundAmount\"")
            } else {
                shape_error("no lists and no count")
            })
        }
        _ if answer.count.is_none() => Vec::new(),
        _ => return Err(shape_error("count without lists").at(lists_path.as_str())),
    };

    let query = options.query.as_ref();
    let page_number = query.map(|q| q.page.unwrap_or(1));
    let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
    let total = reported_total.or(options.total);
    let count = parsed.as_ref().map_or(records.len(), Vec::len);
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
            page.warnings.push(format!("{count} records on a page of {size}"));
        }
    }
    match parsed {
        None => convert_records(&mut page, &lists_path, records, options.include_raw, convert, fresh),
        Some(list) => {
            for (index, (key, wire)) in list.into_iter().enumerate() {
                match convert_wire(wire) {
                    Ok(refund) => push_refund(&mut page, refund, fresh),
                    Err(RecordError { error, id }) => {
                        // The same path the raw way gives: `[i]`, or the JSON-quoted key.
                        let segment = segment(index, key);
                        let field = if error.field.is_empty() { String::new() } else { format!(".{}", error.field) };
                        let rejected = Rejected { index, id, code: error.code, message: error.message, path: format!("{lists_path}{segment}{field}") };
                        super::push_rejected(&mut page, rejected, fresh);
                    }
                }
            }
        }
    }
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

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
        if operation(options.operation.as_deref())? == Operation::Amount {
            return Err(RefundError::invalid_options(
                "operation \"refundAmount\" answers are read by parseRefundAmount, not parseResponse",
                "operation 为 \"refundAmount\" 的响应请用 parseRefundAmount 解析",
            ));
        }
        // Fast path (docs/performance.md): the server's shape in one pass ([`scan_page`]);
        // anything else (errors, the doc's bare shape, invalid JSON) the raw way.
        if !options.include_raw {
            if let Some((answer, list)) = scan_page(body) {
                return page_from(answer, Some(list), options, fresh);
            }
        }
        match Envelope::read(body) {
            Ok(envelope) => page_from(open_envelope(envelope)?, None, options, fresh),
            Err(ReadError::NotJson(_)) => {
                let fixed = repair_json(body).ok_or_else(|| syntax_error(body))?;
                let envelope = Envelope::read(&fixed).map_err(|_| syntax_error(body))?;
                let mut page = page_from(open_envelope(envelope)?, None, options, fresh)?.into_owned();
                page.warnings.push(
                    "the body was not valid JSON (raw quotes, backslashes or newlines inside strings) and was repaired before parsing".into(),
                );
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
                if answer.lists.is_some() {
                    shape_error("a refunds.getList answer, not refunds.getRefundAmount").at(path.as_str())
                } else {
                    shape_error("no total_amount").at(path.as_str())
                }
            })
        })?;
        Ok(RefundAmount { total_amount: amount })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
    }

    fn notes_fields() -> Params {
        params(&[
            ("flag", "test"),
            ("method", "refunds.getList"),
            ("ver", "1"),
            ("charset", "utf-8"),
            ("type", "json"),
            ("timestamp", "1700000000"),
            ("start_time", "2023-11-14 00:00:00"),
            ("end_time", "2023-11-14 23:59:59"),
            ("page_no", "1"),
            ("page_size", "100"),
        ])
    }

    /// NOTES.md, ShopEx sign step 5, byte for byte: assemble_str, the inner digest, the sign.
    #[test]
    fn notes_worked_example() {
        let p = notes_fields();
        let assembled = assemble(&p).unwrap();
        assert_eq!(
            assembled,
            "charsetutf-8end_time2023-11-14 23:59:59flagtestmethodrefunds.getListpage_no1page_size100start_time2023-11-14 00:00:00timestamp1700000000typejsonver1"
        );
        assert_eq!(sign::md5_upper(assembled.as_bytes()), "53605D8DC63F352C69F14D153201B3AE");
        assert_eq!(signature(&assembled, "test_secret"), "43EEC05C7ED416A57BAF4A9880DE545E");
        assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
    }

    #[test]
    fn order_of_params_does_not_matter_and_sign_is_not_signed() {
        let mut p = notes_fields();
        p.reverse();
        assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
        p.push(("sign".into(), "ANYTHING".into()));
        assert_eq!(sign_all(&p, "test_secret").unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
    }

    #[test]
    fn chinese_values_and_empty_values() {
        let p = params(&[("shop_bn", "商派店铺"), ("memo", ""), ("a", "x y")]);
        let assembled = assemble(&p).unwrap();
        // Byte order: "a" < "memo" < "shop_bn"; an empty value still contributes its key.
        assert_eq!(assembled, "ax ymemoshop_bn商派店铺");
        // Known answers computed independently (Python hashlib over the UTF-8 bytes).
        assert_eq!(sign::md5_upper(assembled.as_bytes()), "7B6E3C5523822BB112937A8586C3AEB7");
        assert_eq!(sign_all(&p, "tok").unwrap(), "27478D2196278EC07B613AA0BC86804F");
    }

    #[test]
    fn chinese_flag_and_shop_known_answer() {
        let mut p = notes_fields();
        p[0].1 = "测试".into();
        p.push(("shop_bn".into(), "商派旗舰店".into()));
        assert_eq!(
            assemble(&p).unwrap(),
            "charsetutf-8end_time2023-11-14 23:59:59flag测试methodrefunds.getListpage_no1page_size100shop_bn商派旗舰店start_time2023-11-14 00:00:00timestamp1700000000typejsonver1"
        );
        assert_eq!(sign_all(&p, "test_secret").unwrap(), "879017153234F24FBE47F3CB97C4A6D3");
    }

    #[test]
    fn doc_style_timestamp_known_answer() {
        let mut p = notes_fields();
        p[5].1 = doc_timestamp(1_700_000_000);
        assert_eq!(sign_all(&p, "test_secret").unwrap(), "E281DD74A550BE46E5CFA821AC44D53E");
    }

    #[test]
    fn keys_sort_by_bytes_not_by_number_or_case() {
        let p = params(&[("b", "2"), ("B", "1"), ("a_b", "3"), ("a", "4"), ("page_no", "1"), ("page_size", "2")]);
        // 'B' (0x42) < '_' (0x5f) < 'a' (0x61); "a" < "a_b"; "page_no" < "page_size".
        assert_eq!(assemble(&p).unwrap(), "B1a4a_b3b2page_no1page_size2");
    }

    #[test]
    fn a_repeated_name_keeps_its_last_value() {
        assert_eq!(assemble(&params(&[("b", "1"), ("a", "2"), ("b", "3")])).unwrap(), "a2b3");
        assert_eq!(assemble(&params(&[("b[]", "1"), ("a", "2"), ("b[]", "3")])).unwrap(), "a2b0113");
    }

    #[test]
    fn bracket_keys_assemble_recursively() {
        let p = params(&[("items[1][name]", "乙"), ("items[0][bn]", "A1"), ("items[0][name]", "甲"), ("tags[]", "x"), ("tags[]", "y")]);
        assert_eq!(assemble(&p).unwrap(), "items0bnA1name甲1name乙tags0x1y");
    }

    #[test]
    fn digit_only_and_mangled_names_are_refused() {
        for name in ["10", "9", "0", "a.b", "a b", "a[b", "a[b]c", "[x]"] {
            let e = sign_all(&params(&[(name, "v"), ("flag", "f")]), "tok").unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::InvalidOptions, "{name}");
            assert!(!e.message.contains("tok"));
        }
        // Digits inside brackets are fine (array_merge renumbers only the top level).
        assert!(sign_all(&params(&[("items[10][bn]", "v")]), "tok").is_ok());
    }

    #[test]
    fn doc_timestamp_is_beijing_wall_clock_at_any_year() {
        for now in [0, 1_700_000_000, 253_402_271_999, 253_402_272_000, 999_999_999_999, -1] {
            let expected: String = time::format_beijing(now).chars().filter(char::is_ascii_digit).collect();
            assert_eq!(doc_timestamp(now), expected, "{now}");
        }
    }

    #[test]
    fn doc_timestamp_is_beijing_wall_clock() {
        assert_eq!(doc_timestamp(1_700_000_000), "20231115061320");
        assert_eq!(doc_timestamp(0), "19700101080000");
    }

    /// The scanner fills each field of [`WireRefund`] and [`WireItem`] from the member the raw
    /// way fills it from, and the server's example takes the fast path.
    #[test]
    fn scanned_records_match_the_raw_way() {
        let members = |names: &[&str]| names.iter().map(|f| format!("\"{f}\":\"{f}\"")).collect::<Vec<_>>().join(",");
        let item = format!("{{{}}}", members(&ITEM_FIELDS));
        let fields: Vec<&str> = RECORD_FIELDS.into_iter().filter(|f| *f != "items").collect();
        assert_eq!(RECORD_FIELDS[ITEMS], "items");
        let record = format!("{{{},\"items\":[{item},{item}]}}", members(&fields));
        let mut raw = WireRefund::read(&record).unwrap();
        let Lines::Text(Some(items)) = raw.items else { panic!("items not raw") };
        let items = json::read::array(items.get()).unwrap().into_iter().map(|i| (None, WireItem::read(i).unwrap()));
        raw.items = Lines::Scanned(items.collect());
        assert_eq!(scan_record(&mut Scanner::new(&record)), Some(raw));
        let server = std::fs::read_to_string(format!("{}/tests/fixtures/shopex/server_list.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(scan_page(&server).is_some_and(|(_, list)| list.len() > 1 && list.iter().all(|(key, _)| key.is_some())));
    }

    #[test]
    fn repair_escapes_raw_quotes_backslashes_and_newlines() {
        let body = "{\"response\":{\"lists\":{\"1\":{\"memo\":\"他说\"好\",然后 C:\\dir\\\n第二行 \"quoted\"\",\"x\":\"y\"}},\"count\":\"1\"}}";
        assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
        let fixed = repair_json(body).unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["response"]["lists"]["1"]["memo"], "他说\"好\",然后 C:\\dir\\\n第二行 \"quoted\"");
        assert_eq!(v["response"]["lists"]["1"]["x"], "y");
        assert_eq!(v["response"]["count"], "1");
    }

    #[test]
    fn repair_escapes_control_characters() {
        let body = "{\"count\":1,\"lists\":[{\"bn\":\"R1\",\"memo\":\"a\tb\u{1}c\r\"}]}";
        let v: serde_json::Value = serde_json::from_str(&repair_json(body).unwrap()).unwrap();
        assert_eq!(v["lists"][0]["memo"], "a\tb\u{1}c\r");
    }

    #[test]
    fn repair_keeps_embedded_json_whole() {
        let body = r#"{"error_response":{"code":"e000002","msg":"sign error","sub_msg":"{"request_sign":"ABC","assemble_str":"charsetutf-8flagtest\/x"}"}}"#;
        let fixed = repair_json(body).unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["error_response"]["sub_msg"], r#"{"request_sign":"ABC","assemble_str":"charsetutf-8flagtest\/x"}"#);
        assert_eq!(v["error_response"]["code"], "e000002");
    }

    #[test]
    fn repair_gives_up_on_unterminated_or_valid_bodies() {
        assert_eq!(repair_json(r#"{"a":"b"}"#), None);
        assert_eq!(repair_json(r#"{"a":"b"#), None);
        assert_eq!(repair_json(""), None);
    }
}
