//! 苏宁 open platform `suning.custom.batchrejected.query` (批量获取退货信息, biz node
//! `batchQueryRejected`).
//!
//! Doc: shared/platforms/suning.custom.batchrejected.query.txt; server behaviour: the Suning
//! section of NOTES.md. Traps handled here:
//! - the signature rides in headers and covers `base64(exact body bytes)`, so the body is
//!   built once and signed as sent;
//! - `AppRequestTime` is a Beijing wall-clock string whatever the host's zone (the SDKs use
//!   the host zone and get `sys.check.app-time:error` on UTC hosts);
//! - `Format` defaults to XML on the server: `Format: json` is always sent unless the caller
//!   asks for XML with `options.format = "xml"`; replies are read in either format;
//! - `pageNo`/`pageSize` are always both sent (one alone is ignored by the server);
//! - no data is the error `biz.handler.data-get:no-result`: an empty page here;
//! - `pageNo`/`pageTotal`/`totalSize` come as strings or numbers; one record may come as an
//!   object instead of a one-element list;
//! - `statusDesc` is documented as codes 1–8 but the doc's own example sends free text;
//! - there is no refund number: see [`refund_id`].

use super::{OptionInfo, 
    check_common, convert_parsed, convert_parsed_at, convert_records, has_more, warn_duplicates, CredentialField, Credentials, Fresh, KindCode, PagingInfo,
    ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::read::{ReadError, Wire};
use crate::json::{self, FieldError, Raw};
use crate::scan::Scanner;
use crate::model::{Buyer, Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, ReturnShipment, SignedRequest, Status};
use crate::query::{Params, Query, TimeField};
use crate::flat::{self, HeaderValue};
use crate::{sign, time};
use std::borrow::Cow;
use std::cell::Cell;

pub struct Suning;

const PRODUCTION_URL: &str = "https://open.suning.com/api/http/sopRequest";
const SANDBOX_URL: &str = "http://openpre.cnsuning.com/api/http/sopRequest";
const APP_METHOD: &str = "suning.custom.batchrejected.query";
/// Doc: "API的版本,目前为v1.2版本".
const VERSION_NO: &str = "v1.2";
/// The biz node of the request and of every response record.
const BIZ_NODE: &str = "batchQueryRejected";
const LIST_PATH: &str = "sn_responseContent.sn_body.batchQueryRejected";

const SUCCESS: &str = "biz.handler.data-get:success";
const NO_RESULT: &str = "biz.handler.data-get:no-result";

/// `statusDesc` (订单状态), doc response table, mapped per DESIGN.md. The server may also
/// send one of these labels (or other free text) instead of the code.
static STATUSES: [StatusCode; 8] = [
    StatusCode { code: "1", label: "退款待处理", unified: Status::Pending },
    StatusCode { code: "2", label: "已拒绝退款", unified: Status::Rejected },
    StatusCode { code: "3", label: "待买家发货", unified: Status::AwaitingReturn },
    StatusCode { code: "4", label: "待商家收货", unified: Status::ReturnInTransit },
    StatusCode { code: "5", label: "退款失败", unified: Status::Failed },
    StatusCode { code: "6", label: "退款处理中", unified: Status::Processing },
    StatusCode { code: "7", label: "退款关闭", unified: Status::Closed },
    StatusCode { code: "8", label: "退款成功", unified: Status::Succeeded },
];

/// `refundtype`, doc: "空表示退货、1表示仅退款". The empty code stands for an empty or
/// absent field.
static KINDS: [KindCode; 2] = [
    KindCode { code: "1", label: "仅退款", unified: Kind::RefundOnly },
    KindCode { code: "", label: "退货(空)", unified: Kind::ReturnAndRefund },
];

/// `returntype`, doc: "2表示货未发、3表示货已发未收、4表示货已收". Where the goods are; it
/// says nothing the unified model has a field for, so it only flags codes outside the table.
static RETURN_TYPES: [(&str, &str); 3] = [("2", "货未发"), ("3", "货已发未收"), ("4", "货已收")];

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Suning,
    name_zh: "苏宁",
    name_en: "Suning",
    methods: &[APP_METHOD],
    // Doc: "查询退货状态修改开始时间" — the status modification time.
    time_fields: &[TimeFieldInfo {
        field: TimeField::Updated,
        since_param: "startTime",
        until_param: "endTime",
        format: "yyyy-MM-dd HH:mm:ss",
    }],
    time_range_required: true,
    max_span_seconds: Some(30 * time::DAY),
    // The doc does not say whether endTime is inclusive: windows share their boundary second,
    // so a record on it may come twice (a sync deduplicates by id) but is never missed.
    closed_interval: false,
    // Doc: "批量获取三个月内的退货信息"; three months taken as 90 days.
    max_lookback_seconds: Some(90 * time::DAY),
    paging: PagingInfo {
        base: 1,
        page_param: "pageNo",
        size_param: "pageSize",
        // Error table: "pageNo只允许1到99999之间的整数,pageSize只允许1到50之间的整数".
        page_max: 99_999,
        size_min: 1,
        size_max: 50,
        // Doc note 2: "否则将默认返回第1页、10条内容".
        size_default: 10,
    },
    filters: &[],
    statuses: &STATUSES,
    kinds: &KINDS,
    native_params: &[],
    credentials: &[
        CredentialField { name: "appKey", kind: "string", required: true, secret: false, description: "appKey 分配给应用的访问令牌" },
        CredentialField { name: "appSecret", kind: "string", required: true, secret: true, description: "appSecret, signs every request (signInfo)" },
        CredentialField { name: "accessToken", kind: "string", required: false, secret: true, description: "access_token, only for OAuth apps" },
        CredentialField { name: "sandbox", kind: "boolean", required: false, secret: false, description: "use openpre.cnsuning.com (预发布环境)" },
    ],
    options: &[OptionInfo {
        name: "format",
        values: &["json", "xml"],
        default: Some("json"),
        description: "the request and response format (Format header); the platform defaults to xml, the package to json",
    }],
    signs: true,
    notes: &[
        "both since and until are required, at most 30 days apart, since within the last three months (90 days)",
        "the range filters on the return's status modification time (doc); an integrator reports matching by order date, so overlap ranges when in doubt",
        "options.format = \"json\" (default) or \"xml\" chooses the request document and the Format header; replies are read in either format",
        "no refund number: id = orderCode:productCode:applyTime(yyyyMMddHHmmss)",
        "dealMoney (交易金额, the order line's amount) is items[0].amount; requestedAmount stays null; returnMoney (实际退款金额) is refundedAmount",
        "statusPassTime is a countdown deadline, not an update time: updatedAt stays null",
        "statusDesc may be a code 1-8 or free text; text that is not one of the table's labels is status unknown with the text in platformStatus.code",
        "biz.handler.data-get:no-result is an empty page",
    ],
};

// ---------------------------------------------------------------------------------------
// Error codes: both tables of the doc, one line per code (codes listed twice in the doc
// carry both of their descriptions).

struct ErrorMeaning {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    retryable: bool,
}

const fn meaning(code: &'static str, zh: &'static str, en: &'static str, retryable: bool) -> ErrorMeaning {
    ErrorMeaning { code, zh, en, retryable }
}

static ERRORS: [ErrorMeaning; 41] = [
    // The API's own table.
    meaning("sys.check.query-time:error", "时间错误;开始时间是否小于结束时间", "invalid time: startTime must be before endTime", false),
    meaning("sys.check.query-time:outofrange", "时间超过设置范围;时间查询是否超出指定范围", "the time range is too long (at most 30 days)", false),
    meaning("biz.orderquery.startTime-format:error", "查询开始时间格式不对", "startTime is not yyyy-MM-dd HH:mm:ss", false),
    // Sic: a space instead of the colon, as in the doc.
    meaning("biz.queryBatchReturnServer.endTime-format error", "查询结束时间格式不对", "endTime is not yyyy-MM-dd HH:mm:ss", false),
    // The same code with the usual colon, in case the server writes it so.
    meaning("biz.queryBatchReturnServer.endTime-format:error", "查询结束时间格式不对", "endTime is not yyyy-MM-dd HH:mm:ss", false),
    meaning("biz.orderquery.time-value:outofrange", "查询日期超过接口范围(需在三个月内)", "the dates are outside the API's range (the last three months)", false),
    meaning("sys.check.starttime-value:null", "交易开始时间为空;开始时间为空(值)", "startTime is empty", false),
    meaning("sys.check.endtime-value:null", "交易结束时间为空;结束时间为空(值)", "endTime is empty", false),
    // The platform's common table.
    meaning("sys.check.user-permission:inexistence", "访问令牌不存在;用户key不存在", "the access token or app key does not exist", false),
    meaning("sys.check.user-permission:overdue", "访问令牌已过期", "the access token has expired; refresh it", false),
    meaning("sys.check.api-permission:inexistence", "Api方法不存在", "the API method does not exist", false),
    meaning("sys.check.api-permission:overdue", "Api方法已过期", "the API method has been retired", false),
    meaning("sys.check.method-permission:authority", "无权操作此api", "the app may not call this API", false),
    meaning("sys.auth.vendor-request:errory", "无权操作此供应商", "no permission for this vendor", false),
    meaning("sys.controller.api-request:limit", "Api请求受控(超过请求次数)", "API request quota exceeded", true),
    meaning("sys.check.app-time:error", "请求参数错误api请求时间误差大", "AppRequestTime is too far from the server's clock (±10 minutes, Beijing time)", true),
    meaning("sys.check.request-params:error", "请求报文结构错误", "the request document is malformed", false),
    meaning("sys.check.starttime-format:error", "请求开始时间错误;校验开始时间不合法,格式yyyy-MM-dd HH:mm:ss", "startTime is invalid (yyyy-MM-dd HH:mm:ss)", false),
    meaning(SUCCESS, "业务数据查询成功", "success", false),
    meaning("biz.handler.data-get:fail", "业务数据查询失败", "the business data query failed", true),
    meaning(NO_RESULT, "业务数据结果为空", "no data", false),
    meaning("sys.check.pageno-format:error", "pageNo格式错误,只允许1到99999之间的整数", "pageNo must be a whole number from 1 to 99999", false),
    meaning("sys.check.pagesize-format:error", "pageSize格式错误,只允许1到50之间的整数(订单相关是1到100)", "pageSize must be a whole number from 1 to 50", false),
    meaning("sys.check.page-param:error", "pageNo或者pageSize不在要求范围内", "pageNo (1-99999) or pageSize (1-50) out of range", false),
    meaning("sys.check.miss-time:starttime", "不存在开始时间(节点)", "the startTime node is missing", false),
    meaning("sys.check.miss-time:endtime", "不存在结束时间(节点)", "the endTime node is missing", false),
    meaning("sys.check.endtime-format:error", "校验结束时间不合法,格式yyyy-MM-dd HH:mm:ss", "endTime is invalid (yyyy-MM-dd HH:mm:ss)", false),
    meaning("sys.check.app-sign:null", "签名信息为空", "signInfo is empty", false),
    meaning("sys.check.app-sign:error", "签名信息错误", "signInfo is wrong", false),
    meaning("sys.check.missing-parameter:apiversion", "API版本号未指定", "VersionNo is missing", false),
    meaning("sys.check.missing-parameter:appRequestTime", "请求时间丢失", "AppRequestTime is missing", false),
    meaning("sys.check.missing-nestElement:sn_body", "缺少sn_body节点", "the sn_body node is missing", false),
    meaning("biz.handler.batch-handler:no-support", "非查询类API不支持批量操作", "only query APIs support batch operations", false),
    meaning("biz.handler.request-message:error", "查询类API输入多个业务节点", "a query API was sent several business nodes", false),
    meaning("sys.check.header-param:null", "header参数为空", "a header parameter is empty", false),
    meaning("sys.controller.api-access:limit", "访问限制", "access limited", true),
    meaning("sys.controller.api-frequency:limit", "访问频率限制", "request rate limited", true),
    meaning("sys.error.network:failure", "网络异常", "network failure on the platform's side", true),
    // Doc: "sys.error.network-status:? 响应失败 ?为状态码": matched by prefix.
    meaning("sys.error.network-status:", "响应失败(?为状态码)", "the platform's upstream answered with a failure status", true),
    meaning("sys.check.snunionid.length.is.not:48", "混淆会员编码长度不是48位", "the obfuscated member code is not 48 characters", false),
    // Not in the doc; seen in real replies to host-zone request times (NOTES.md).
    meaning("sys.check.request-apprequesttime:error", "请求时间错误", "AppRequestTime is wrong or too far from the server's clock (send Beijing time)", true),
];

fn error_meaning(code: &str) -> Option<&'static ErrorMeaning> {
    ERRORS.iter().find(|m| m.code == code).or_else(|| {
        if code.starts_with("sys.error.network-status:") {
            ERRORS.iter().find(|m| m.code == "sys.error.network-status:")
        } else {
            None
        }
    })
}

/// `sn_error.error_code` as a `RefundError` with the doc's meaning. Codes the doc does not
/// list are retryable only when they follow the rate-limit or network naming.
fn platform_error(code: &str, message: Option<String>) -> RefundError {
    match error_meaning(code) {
        Some(m) => RefundError::platform(code, message, m.en, m.zh, m.retryable),
        None => {
            let rate_limited = code.starts_with("sys.controller.") && code.ends_with(":limit");
            let retryable = rate_limited || code.starts_with("sys.error.network");
            let (en, zh) = if rate_limited {
                ("rate limited (not in the doc's error table)", "访问受限(文档错误码表中没有此码)")
            } else {
                ("not in the doc's error table", "文档错误码表中没有此码")
            };
            RefundError::platform(code, message, en, zh, retryable)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Signing.

/// `signInfo`, doc: "appSecret,appMethod,appRequestTime,appKey,versionNo,请求报文base64
/// 加密后的数据顺序MD5(32位小写)". Standard base64 with padding over the exact body bytes.
/// The base64 is hashed as it is written, a few hundred bytes at a time from a buffer on
/// the stack, instead of being built as a `String` first (docs/performance.md, round 7).
fn sign_info(app_secret: &str, app_method: &str, app_request_time: &str, app_key: &str, version_no: &str, body: &[u8]) -> String {
    sign::hex_lower(&sign_digest(app_secret, app_method, app_request_time, app_key, version_no, body))
}

/// [`sign_info`]'s digest, before it is written as hex.
fn sign_digest(app_secret: &str, app_method: &str, app_request_time: &str, app_key: &str, version_no: &str, body: &[u8]) -> [u8; 16] {
    let mut md5 = sign::Md5Parts::default();
    for part in [app_secret, app_method, app_request_time, app_key, version_no] {
        md5.update(part.as_bytes());
    }
    // Whole groups of three bytes per chunk, so only the last chunk is padded.
    let mut encoded = [0u8; crate::base64::encoded_len(384)];
    for chunk in body.chunks(384) {
        let written = crate::base64::encode_into(chunk, &mut encoded);
        md5.update(encoded.get(..written).unwrap_or_default());
    }
    md5.finish()
}

/// The params `signParams` takes, DESIGN.md: `{ appMethod, appRequestTime, body, versionNo? }`.
const SIGN_PARAMS: [&str; 4] = ["appMethod", "appRequestTime", "body", "versionNo"];

fn sign_param<'p>(params: &'p Params, name: &str) -> Result<Option<&'p str>, RefundError> {
    match params.iter().find(|(k, _)| k == name) {
        None => Ok(None),
        Some((_, v)) if v.is_empty() => Err(RefundError::invalid_options(
            format!("params.{name} must not be empty"),
            format!("params.{name} 不能为空"),
        )
        .at(format!("params.{name}"))),
        Some((_, v)) => Ok(Some(v)),
    }
}

fn required_sign_param<'p>(params: &'p Params, name: &str) -> Result<&'p str, RefundError> {
    sign_param(params, name)?.ok_or_else(|| {
        RefundError::invalid_options(
            format!("params.{name} is required to compute the Suning signInfo"),
            format!("计算苏宁 signInfo 需要 params.{name}"),
        )
        .at(format!("params.{name}"))
    })
}

// ---------------------------------------------------------------------------------------
// Requests.

/// The request document format (`options.format`); also the `Format` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

fn request_format(options: &RequestOptions) -> Result<Format, RefundError> {
    match options.switch("format")? {
        None => Ok(Format::Json),
        Some(f) if f.eq_ignore_ascii_case("json") => Ok(Format::Json),
        Some(f) if f.eq_ignore_ascii_case("xml") => Ok(Format::Xml),
        Some(_) => Err(RefundError::invalid_options(
            "options.format must be \"json\" or \"xml\"",
            "options.format 只能是 \"json\" 或 \"xml\"",
        )
        .at("options.format")),
    }
}

/// A business param's value, written straight into the request document: a time as Beijing
/// `yyyy-MM-dd HH:mm:ss` or a whole number, never text that JSON or XML would escape. (Four
/// `String`s and a `Vec` a request less: docs/performance.md, round 9.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamValue {
    Time(i64),
    Number(u64),
}

impl ParamValue {
    fn push_to(self, out: &mut String) {
        match self {
            ParamValue::Time(seconds) => time::push_beijing(out, seconds),
            ParamValue::Number(n) => time::push_zero_padded(out, n, 1),
        }
    }

    fn to_text(self) -> String {
        let mut out = String::with_capacity(19);
        self.push_to(&mut out);
        out
    }
}

/// The business params in the doc's order, by name.
type BusinessParams = [(&'static str, ParamValue); 4];

/// The request document, shaped as the doc's examples (no white space, no XML declaration).
/// Values stay strings, as in every SDK; none needs escaping (see [`ParamValue`]).
fn request_body(params: &BusinessParams, format: Format) -> String {
    let mut out = String::with_capacity(160);
    push_request_body(&mut out, params, format);
    out
}

/// [`request_body`] appended to `out`.
fn push_request_body(out: &mut String, params: &BusinessParams, format: Format) {
    match format {
        Format::Json => {
            out.push_str("{\"sn_request\":{\"sn_body\":{\"");
            out.push_str(BIZ_NODE);
            out.push_str("\":{");
            for (i, (k, v)) in params.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(k);
                out.push_str("\":\"");
                v.push_to(out);
                out.push('"');
            }
            out.push_str("}}}}");
        }
        Format::Xml => {
            out.push_str("<sn_request><sn_body><");
            out.push_str(BIZ_NODE);
            out.push('>');
            for (k, v) in params {
                // Keys are ours (startTime, ...), always valid element names.
                out.push('<');
                out.push_str(k);
                out.push('>');
                v.push_to(out);
                out.push_str("</");
                out.push_str(k);
                out.push('>');
            }
            out.push_str("</");
            out.push_str(BIZ_NODE);
            out.push_str("></sn_body></sn_request>");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Responses: wire structs named as in the doc.

json::wire! {
    struct Envelope<'a> {
        response_content = "sn_responseContent",
    }
}

json::wire! {
    struct ResponseContent<'a> {
        sn_head,
        sn_body,
        sn_error,
    }
}

/// A wire struct whose fields are all of one type `F`: a raw JSON value (`Raw`), or an XML
/// element's text ([`xml::Field`]) when an XML reply is read directly. `slot` finds a field
/// by its element name for the XML reader; the names come from the one field list, as
/// the JSON reader's do.
macro_rules! wire_struct {
    ($(#[$meta:meta])* struct $name:ident { $($(#[$field_meta:meta])* $field:ident,)* }) => {
        $(#[$meta])*
        #[derive(Default, Debug, PartialEq)]
        #[allow(non_snake_case)]
        struct $name<F> {
            $($(#[$field_meta])* $field: F,)*
        }

        /// The JSON form, read by the reader all wire structs share ([`json::read::object`]).
        impl<'a> Wire<'a> for $name<Raw<'a>> {
            #[allow(non_snake_case)] // the fields' names, which may be the wire's
            fn read(text: &'a str) -> Result<Self, ReadError<'a>> {
                const NAMES: &[&str] = &[$(stringify!($field)),*];
                let mut values = [None; NAMES.len()];
                json::read::object(text, NAMES, &mut values)?;
                let [$($field),*] = values;
                Ok($name { $($field,)* })
            }
        }

        impl<F> $name<F> {
            /// The field names in declaration order (the fast path's scanner reads by them;
            /// only records are scanned field by field, hence `dead_code` for the others).
            #[allow(dead_code)]
            const NAMES: [&'static str; [$(stringify!($field)),*].len()] = [$(stringify!($field)),*];

            /// The fields from their values in [`Self::NAMES`] order.
            #[allow(non_snake_case, dead_code)]
            fn from_fields([$($field),*]: [F; [$(stringify!($field)),*].len()]) -> Self {
                $name { $($field),* }
            }

            /// The same fields in another type.
            fn map<G>(self, into: impl Fn(F) -> G) -> $name<G> {
                $name { $($field: into(self.$field),)* }
            }
        }

        impl<F> xml::Slots<F> for $name<F> {
            fn slot(&mut self, name: &[u8]) -> Option<&mut F> {
                $(if name == stringify!($field).as_bytes() {
                    return Some(&mut self.$field);
                })*
                None
            }
        }
    };
}

wire_struct! {
    struct Head {
        pageNo,
        pageTotal,
        /// Not in the doc, but in real replies (NOTES.md).
        totalSize,
        returnMessage,
    }
}

json::wire! {
    #[allow(non_snake_case)]
    struct Body<'a> {
        batchQueryRejected,
    }
}

wire_struct! {
    struct SnError {
        error_code,
        /// Real replies carry only the code (NOTES.md); a message is kept if one ever comes.
        error_msg,
    }
}

wire_struct! {
    /// One `batchQueryRejected` record; field names as in the doc's response table.
    struct WireRejected {
        orderCode,
        productCode,
        customer,
        dealMoney,
        returnMoney,
        applyTime,
        /// 倒计时时间: the deadline of the current step, not when the record changed, so it is
        /// not `updatedAt`; kept only in `raw`.
        #[allow(dead_code)]
        statusPassTime,
        statusDesc,
        returnReason,
        expressCompanyCode,
        expressNo,
        returntype,
        refundtype,
    }
}

/// A field of either form. The conversion takes this one type, so it exists once in the
/// wasm rather than once per form (a generic copy per form was 7 KB more).
enum AnyField<'a> {
    Json(Raw<'a>),
    Xml(xml::Field<'a>),
}

impl<'a> json::Scalar<'a> for AnyField<'a> {
    fn text(self, field: &'static str) -> Result<Option<crate::model::Text<'a>>, FieldError> {
        match self {
            AnyField::Json(raw) => raw.text(field),
            AnyField::Xml(leaf) => leaf.text(field),
        }
    }
}

/// The fast path (docs/performance.md): the usual shape, objects down to a
/// `batchQueryRejected` array of objects, read with its records in one pass by
/// [`Scanner`]. `None` for anything else, which is then read the raw way.
fn scan_page(body: &str) -> Option<(ResponseContent<'_>, Vec<WireRejected<Raw<'_>>>)> {
    let mut s = Scanner::new(body);
    let mut found = None;
    s.object(&["sn_responseContent"], |_, s| {
        found = Some(scan_content(s)?);
        Some(())
    })?;
    s.end()?;
    found
}

fn scan_content<'a>(s: &mut Scanner<'a>) -> Option<(ResponseContent<'a>, Vec<WireRejected<Raw<'a>>>)> {
    let (mut sn_head, mut sn_error, mut list) = (None, None, None);
    s.object(&["sn_head", "sn_body", "sn_error"], |i, s| {
        match i {
            0 => sn_head = s.raw()?,
            1 => list = Some(scan_body(s)?),
            _ => sn_error = s.raw()?,
        }
        Some(())
    })?;
    Some((ResponseContent { sn_head, sn_body: None, sn_error }, list?))
}

fn scan_body<'a>(s: &mut Scanner<'a>) -> Option<Vec<WireRejected<Raw<'a>>>> {
    let mut list = None;
    s.object(&["batchQueryRejected"], |_, s| {
        list = Some(s.list(scan_record)?);
        Some(())
    })?;
    list
}

fn scan_record<'a>(s: &mut Scanner<'a>) -> Option<WireRejected<Raw<'a>>> {
    s.fields(&WireRejected::<Raw<'a>>::NAMES).map(WireRejected::from_fields)
}

/// Suning has no refund number. The id is `orderCode:productCode:applyTime`, the apply time
/// as `yyyyMMddHHmmss`: the order, the product line and the moment the buyer asked, none of
/// which changes while the return progresses, and a second request for the same line has
/// another apply time. A record missing any of the three is rejected (`missing_id`).
fn refund_id(order_code: &str, product_code: &str, apply_time_rfc3339: &str) -> String {
    // Pushed piece by piece: `format!` and a collected stamp were 8 % of a 苏宁 page.
    let mut id = String::with_capacity(order_code.len() + product_code.len() + 16);
    id.push_str(order_code);
    id.push(':');
    id.push_str(product_code);
    id.push(':');
    // The fourteen digits of our own `yyyy-MM-ddTHH:mm:ss+08:00`, picked by place (a `chars`
    // filter pushed them one by one).
    let b = apply_time_rfc3339.as_bytes();
    let mut stamp = [b'0'; 14];
    for (to, from) in stamp.iter_mut().zip([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
        *to = b.get(from).copied().filter(u8::is_ascii_digit).unwrap_or(b'0');
    }
    id.push_str(std::str::from_utf8(&stamp).unwrap_or_default());
    id
}

/// `s.trim()`, without its Unicode whitespace tables when both ends are ASCII letters, digits
/// or punctuation (the usual codes; `trim` was ~1 % of a 苏宁 page in wasm).
fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `statusDesc` as a code, a label of the table, or the doc's `1-退款待处理` form.
fn status_of(text: &str) -> Option<&'static StatusCode> {
    let t = trimmed(text);
    // The usual forms, a code or `code-label`, straight from the code's digit: the search
    // below compares each entry's code and label (calls to `memcmp` in wasm).
    if let Some(s) = t.as_bytes().first().and_then(|&c| STATUSES.get(usize::from(c.wrapping_sub(b'1')))) {
        if t.len() == 1 || t.get(1..).and_then(|r| r.strip_prefix('-')).map(str::trim) == Some(s.label) {
            return Some(s);
        }
    }
    STATUSES.iter().find(|s| {
        s.code == t
            || s.label == t
            || t.strip_prefix(s.code).and_then(|r| r.strip_prefix('-')).map(str::trim) == Some(s.label)
    })
}

fn convert<'a>(raw: &'a str) -> Result<Refund<'a>, RecordError> {
    let wire = WireRejected::read(raw).map_err(json::not_an_object)?;
    convert_json(wire)
}

fn convert_json(wire: WireRejected<Raw<'_>>) -> Result<Refund<'_>, RecordError> {
    convert_wire(wire.map(AnyField::Json))
}

fn convert_xml(wire: WireRejected<xml::Field<'_>>) -> Result<Refund<'_>, RecordError> {
    convert_wire(wire.map(AnyField::Xml))
}

fn convert_wire(wire: WireRejected<AnyField<'_>>) -> Result<Refund<'_>, RecordError> {
    let order_code = json::required_id("orderCode", wire.orderCode)?;
    let product_code = json::required_id("productCode", wire.productCode)?;
    let apply_time = json::beijing_time("applyTime", wire.applyTime)?.ok_or_else(|| {
        FieldError::new("applyTime", "missing_id", "applyTime is missing or empty; it is part of the refund's id")
    })?;
    let id = refund_id(&order_code, &product_code, &apply_time);

    // The id and the apply time move into the refund (no copies); a rejection takes the id back.
    let mut refund = Refund::new(PlatformId::Suning, Cow::Owned(id));
    refund.order_id = Some(order_code);
    refund.created_at = Some(apply_time);
    let with_id = |error: FieldError, refund: Refund<'_>| RecordError { error, id: Some(refund.id.into_owned()) };
    let result = (|| -> Result<(), FieldError> {
        if let Some(customer) = json::id("customer", wire.customer)? {
            refund.buyer = Some(Buyer { id: Some(customer), name: None, phone: None });
        }

        let status_text = json::text("statusDesc", wire.statusDesc)?;
        match status_text.as_deref().and_then(status_of) {
            Some(s) => {
                refund.status = s.unified;
                refund.platform_status = PlatformStatus { code: Some(s.code.into()), label: Some(s.label.into()) };
            }
            // Free text outside the table (the doc's own example): kept as said.
            None => refund.platform_status = PlatformStatus { code: status_text, label: None },
        }
        refund.kind = match json::text("refundtype", wire.refundtype)? {
            None => Kind::ReturnAndRefund,
            Some(code) => INFO.kind(trimmed(&code)).map_or(Kind::Unknown, |k| k.unified),
        };
        if let Some(code) = json::text("returntype", wire.returntype)? {
            if !RETURN_TYPES.iter().any(|(c, _)| *c == trimmed(&code)) {
                refund.warnings.push(format!("returntype {code:?} is not one of the doc's codes 2, 3, 4"));
            }
        }

        // 交易金额 is the order line's amount, not what the buyer asked back: it is the item's
        // amount, and requestedAmount stays null (the API does not say it).
        let deal_money = json::yuan("dealMoney", wire.dealMoney)?;
        refund.refunded_amount = json::yuan("returnMoney", wire.returnMoney)?;
        for amount in [&deal_money, &refund.refunded_amount].into_iter().flatten() {
            if crate::money::is_negative(amount) {
                refund.warnings.push(format!("negative amount {amount}"));
            }
        }
        // The doc's example gives returnMoney on a refused request: it is not money paid out.
        if let Some(amount) = &refund.refunded_amount {
            if matches!(refund.status, Status::Rejected | Status::Closed | Status::Failed) && amount.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
                // `concat`, not `format!`: on the refused third of a page `core::fmt` was 1.4 %
                // of the wasm call.
                refund.warnings.push(["returnMoney ", amount, " is given although the refund is ", refund.status.as_str(), ": nothing was paid"].concat());
            }
        }

        refund.reason = json::text("returnReason", wire.returnReason)?;
        let company_code = json::text("expressCompanyCode", wire.expressCompanyCode)?;
        let tracking_no = json::text("expressNo", wire.expressNo)?;
        if company_code.is_some() || tracking_no.is_some() {
            // Doc note 5: the company's name comes from another API.
            refund.return_shipment = Some(ReturnShipment { company: None, company_code, tracking_no });
        }
        // `vec!` allocates the one line exactly; a `push` grows an empty list to four.
        refund.items = vec![Item { goods_id: Some(product_code.clone()), amount: deal_money, ..Item::default() }];
        Ok(())
    })();
    if let Err(error) = result {
        return Err(with_id(error, refund));
    }
    Ok(refund)
}

fn shape_error(what: &str) -> RefundError {
    RefundError::invalid_body(
        format!("not a Suning {APP_METHOD} response: {what}"),
        format!("不是苏宁 {APP_METHOD} 的响应:{what}"),
    )
}

/// An object-valued node; absent, `null` and `""` (an empty XML element) are `None`.
fn node<'a, T: Wire<'a>>(raw: Raw<'a>, path: &str) -> Result<Option<T>, RefundError> {
    let Some(raw) = raw else { return Ok(None) };
    match raw.get().as_bytes().first() {
        Some(b'{') => T::read(raw.get())
            .map(Some)
            .map_err(|e| shape_error(&format!("{path}: {e}")).at(path)),
        Some(b'n') => Ok(None),
        _ if raw.get() == "\"\"" => Ok(None),
        _ => Err(shape_error(&format!("{path} is not an object")).at(path)),
    }
}

/// A head count; a bad one is a page warning, not a lost page.
fn head_count<'a>(field: &'static str, raw: impl json::Scalar<'a>, warnings: &mut Vec<String>) -> Option<u64> {
    json::count(field, raw).unwrap_or_else(|e| {
        warnings.push(format!("sn_head.{}: {}", e.field, e.message));
        None
    })
}

/// The JSON form of a response (and of an XML one the direct read leaves: [`parse_xml`]).
/// `xml_records` are the records' XML texts, for `raw`, when the body was XML.
fn parse_json<'a>(body: &'a str, options: &ParseOptions, xml_records: Option<&[&'a str]>, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
    // Fast path (docs/performance.md): envelope, content, body and records in one pass, for
    // the usual shape only; anything else is read the raw way below.
    let fast = if options.include_raw { None } else { scan_page(body) };
    let (content, parsed) = match fast {
        Some((content, list)) => (content, Some(list)),
        None => {
            let envelope = Envelope::read(body).map_err(|e| json::envelope_error(e, shape_error))?;
            let content: ResponseContent<'a> = node(envelope.response_content, "sn_responseContent")?
                .ok_or_else(|| shape_error("no sn_responseContent").at("sn_responseContent"))?;
            (content, None)
        }
    };

    let head: Option<Head<Raw<'a>>> = node(content.sn_head, "sn_responseContent.sn_head")?;
    let error: Option<SnError<Raw<'a>>> = node(content.sn_error, "sn_responseContent.sn_error")?;
    let status = read_status(head.map(|h| h.map(AnyField::Json)), error.map(|e| e.map(AnyField::Json)))?;
    let no_result = status.no_result;

    let list = if no_result {
        None
    } else {
        node::<Body<'a>>(content.sn_body, "sn_responseContent.sn_body")?.and_then(|b| b.batchQueryRejected)
    };
    let records: Vec<(String, &'a str)> = match list {
        None => Vec::new(),
        Some(list) => match list.get().as_bytes().first() {
            Some(b'[') => json::array_items(list)
                .ok_or_else(|| shape_error("batchQueryRejected is not a list").at(LIST_PATH))?
                .into_iter()
                .enumerate()
                .map(|(i, r)| (format!("[{i}]"), r))
                .collect(),
            Some(b'n') => Vec::new(),
            _ if list.get() == "\"\"" => Vec::new(),
            // One record as an object (XML's single element, or a converter's output); a
            // scalar is kept as one record so it is rejected, not lost.
            _ => vec![(String::new(), list.get())],
        },
    };
    // "No data" means no records, whatever the body holds (as the raw way reads it).
    let parsed = parsed.filter(|_| !no_result);
    let count = parsed.as_ref().map_or(records.len(), Vec::len);
    let mut page = page_around(status, count, options)?;
    if let Some(list) = parsed {
        convert_parsed(&mut page, LIST_PATH, list, convert_json, fresh);
        warn_duplicates(&mut page);
        return Ok(page);
    }
    // Records are converted in order, so a counter finds each one's XML text.
    let index = Cell::new(0usize);
    let include_raw = options.include_raw;
    let with_xml = |raw: &'a str| {
        let i = index.get();
        index.set(i + 1);
        let mut refund = convert(raw)?;
        if include_raw {
            if let Some(xml) = xml_records.and_then(|x| x.get(i)) {
                refund.raw = Some(Cow::Borrowed(xml));
            }
        }
        Ok(refund)
    };
    convert_records(&mut page, LIST_PATH, records, include_raw && xml_records.is_none(), with_xml, fresh);
    warn_duplicates(&mut page);
    Ok(page)
}

/// What `sn_head` and `sn_error` say, read the same way from either form.
struct ReplyStatus {
    /// `biz.handler.data-get:no-result`: an empty page, whatever the body holds.
    no_result: bool,
    head_page: Option<u64>,
    page_total: Option<u64>,
    total: Option<u64>,
    warnings: Vec<String>,
}

/// The platform's error (from `sn_error`, or an error code in `returnMessage`), or the
/// head's counts and the warnings about them.
fn read_status(head: Option<Head<AnyField<'_>>>, error: Option<SnError<AnyField<'_>>>) -> Result<ReplyStatus, RefundError> {
    let mut warnings = Vec::new();
    let (head_page, page_total, total, return_message) = match head {
        Some(h) => (Some(h.pageNo), Some(h.pageTotal), Some(h.totalSize), json::text("returnMessage", h.returnMessage).ok().flatten()),
        None => (None, None, None, None),
    };
    let error_code = match error {
        Some(error) => {
            let code = json::text("error_code", error.error_code)
                .map_err(|e| shape_error(&e.message))?
                .ok_or_else(|| shape_error("sn_error without error_code").at("sn_responseContent.sn_error"))?;
            let message = json::text("error_msg", error.error_msg).ok().flatten().map(|m| m.trim().to_string());
            Some((code.trim().to_string(), message))
        }
        None => None,
    };
    // "No data is an error" on this platform; it is an empty page here. Anything else in
    // sn_error (or an error code in returnMessage) is the platform's error.
    let mut no_result = false;
    match (&error_code, return_message.as_deref().map(str::trim)) {
        (Some((code, _)), _) if code == NO_RESULT => no_result = true,
        (Some((code, _)), _) if code == SUCCESS => {}
        (Some((code, message)), _) => return Err(platform_error(code, message.clone())),
        (None, Some(NO_RESULT)) => no_result = true,
        (None, None | Some(SUCCESS)) => {}
        (None, Some(other)) if error_meaning(other).is_some() => return Err(platform_error(other, None)),
        (None, Some(other)) => warnings.push(format!("sn_head.returnMessage is {other:?}, not {SUCCESS}")),
    }
    let head_page = head_page.and_then(|raw| head_count("pageNo", raw, &mut warnings));
    let page_total = page_total.and_then(|raw| head_count("pageTotal", raw, &mut warnings));
    let total = total.and_then(|raw| head_count("totalSize", raw, &mut warnings));
    Ok(ReplyStatus { no_result, head_page, page_total, total, warnings })
}

/// The page, still without its `count` records: paging from the head and the query. A head
/// that announces records the body does not have is an error.
fn page_around<'a>(status: ReplyStatus, count: usize, options: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
    let ReplyStatus { no_result, head_page, page_total, total, mut warnings } = status;
    if count == 0 && !no_result {
        let claimed = total.is_some_and(|t| t > 0) || matches!((head_page, page_total), (Some(p), Some(t)) if p <= t && t > 0);
        if claimed {
            return Err(shape_error("sn_head announces records but sn_body has no batchQueryRejected").at(LIST_PATH));
        }
    }

    let query = options.query.as_ref();
    let asked_page = query.map(|q| q.page.unwrap_or(1));
    if let (Some(asked), Some(answered)) = (asked_page, head_page) {
        if asked != answered {
            warnings.push(format!("page {asked} was asked but the server answered page {answered}"));
        }
    }
    let page_number = head_page.or(asked_page);
    let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
    let more = if no_result {
        Some(false)
    } else {
        match (page_number, page_total) {
            (Some(p), Some(t)) => Some(p < t),
            _ => has_more(page_number.unwrap_or(1), page_size, total, count),
        }
    };
    Ok(RefundPage {
        refunds: super::refunds_room(count, options)?,
        page: PageInfo { page: page_number, page_size, total, has_more: more },
        rejected: Vec::new(),
        warnings,
    })
}

/// An XML reply. The usual shape is read straight from the XML events into the wire structs
/// (no JSON text in between, and the page borrows from the body); `includeRaw` and anything
/// unusual take the route through the JSON form, which alone gives the messages of broken or
/// odd documents. `tests::direct_xml_reads_what_json_text_read` pins the two together.
fn parse_xml<'a>(body: &'a str, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
    if !options.include_raw {
        if let Some(reply) = xml::read(body) {
            return page_of(reply, options, fresh);
        }
    }
    parse_xml_via_json(body, options, fresh)
}

/// The XML turned into the JSON text of the same response, and read as JSON.
fn parse_xml_via_json<'a>(body: &'a str, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
    let (json_text, records) = xml::to_json(body).map_err(|(en, zh)| {
        RefundError::invalid_body(format!("not a Suning {APP_METHOD} response: {en}"), format!("不是苏宁 {APP_METHOD} 的响应:{zh}"))
    })?;
    // The JSON form is temporary: the page must own its text.
    Ok(parse_json(&json_text, options, Some(&records), fresh)?.into_owned())
}

/// The page of an XML reply read directly.
fn page_of<'a>(reply: xml::Reply<'a>, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
    let status = read_status(reply.head.map(|h| h.map(AnyField::Xml)), reply.error.map(|e| e.map(AnyField::Xml)))?;
    // "No data" means no records, whatever the body holds.
    let records = if status.no_result { Vec::new() } else { reply.records };
    let mut page = page_around(status, records.len(), options)?;
    // XML has no lists: one record is the element itself in the JSON form, so its path has no index.
    let single = records.len() == 1;
    convert_parsed_at(&mut page, |i| if single { LIST_PATH.to_string() } else { format!("{LIST_PATH}[{i}]") }, records, convert_xml, fresh);
    warn_duplicates(&mut page);
    Ok(page)
}

// ---------------------------------------------------------------------------------------
// XML replies, read into the same wire shape as JSON: an element with children is an
// object, repeated children a list, a leaf its text (entities resolved, CDATA as is).

mod xml {
    use super::{Head, SnError, WireRejected, BIZ_NODE};
    use crate::json::{self, FieldError};
    use crate::model::Text;
    use quick_xml::escape::unescape;
    use quick_xml::events::Event;
    use quick_xml::Reader;
    use std::borrow::Cow;

    /// Deeper than any Suning reply; keeps the recursive JSON writer far from the stack's end.
    const MAX_DEPTH: usize = 64;
    const ROOT: &str = "sn_responseContent";
    const RECORD_PATH: [&str; 3] = [ROOT, "sn_body", BIZ_NODE];

    /// An element's text as both readers keep it: its text and CDATA pieces joined, borrowed
    /// from the body while it is one piece without entities, trimmed unless CDATA was part of it.
    #[derive(Default)]
    struct ElementText<'b> {
        text: Cow<'b, str>,
        cdata: bool,
    }

    impl<'b> ElementText<'b> {
        fn push(&mut self, piece: Cow<'b, str>, cdata: bool) {
            if self.text.is_empty() {
                self.text = piece;
            } else {
                self.text.to_mut().push_str(&piece);
            }
            self.cdata |= cdata;
        }

        fn finish(self) -> Cow<'b, str> {
            match self.text {
                _ if self.cdata => self.text,
                Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
                Cow::Owned(text) if trim(&text).len() == text.len() => Cow::Owned(text),
                Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
            }
        }
    }

    /// `str::trim`, without its walk over characters when both ends are visible ASCII (most
    /// values: codes, numbers, times).
    fn trim(text: &str) -> &str {
        match (text.as_bytes().first(), text.as_bytes().last()) {
            (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
            _ => text.trim(),
        }
    }

    // -----------------------------------------------------------------------------------
    // The direct read: the usual shape, straight into the wire structs.

    /// A field read from XML: the element's text as the JSON form has it, or `Nested` for an
    /// element with children or a name given twice (an object or a list in the JSON form).
    pub enum Leaf<'b> {
        Text(Cow<'b, str>),
        Nested,
    }

    /// A wire struct's field from XML; `None` when the element is absent.
    pub type Field<'b> = Option<Leaf<'b>>;

    impl<'b> json::Scalar<'b> for Field<'b> {
        fn text(self, field: &'static str) -> Result<Option<Text<'b>>, FieldError> {
            match self {
                None => Ok(None),
                Some(Leaf::Text(text)) => Ok(Some(text).filter(|t| !t.is_empty())),
                Some(Leaf::Nested) => Err(json::not_scalar(field)),
            }
        }
    }

    /// A wire struct's fields found by element name (`wire_struct!` writes it).
    pub trait Slots<F> {
        fn slot(&mut self, name: &[u8]) -> Option<&mut F>;
    }

    /// What the route through JSON text reads from the same body, when it is the usual shape.
    #[derive(Default)]
    pub struct Reply<'b> {
        pub head: Option<Head<Field<'b>>>,
        pub error: Option<SnError<Field<'b>>>,
        pub records: Vec<WireRejected<Field<'b>>>,
    }

    /// The usual nesting is 4 (root, sn_body, record, field), far below `MAX_DEPTH`; a deeper
    /// document is read through its JSON form.
    const DIRECT_DEPTH: usize = 8;

    enum Step<'b> {
        /// A start tag's name, and whether it was `<name/>`.
        Open(&'b [u8], bool),
        Close,
        /// Text with entities resolved, or CDATA (`true`).
        Text(Cow<'b, str>, bool),
        Eof,
    }

    /// The events of a body in the usual shape, for the direct read: `<name>`, `</name>`,
    /// `<name/>`, text, CDATA, comments (skipped), and an XML declaration at the very start.
    /// quick-xml spent ~300 instructions an event on generality this shape never uses
    /// (docs/performance.md). Anything else (attributes, DOCTYPE, a processing instruction
    /// after the start, white space inside a tag, a mismatched
    /// end tag, a bad entity, deep nesting, a body ending inside markup) ends the read with
    /// `None`, and the route through JSON text reads the body with quick-xml. For what it
    /// accepts this gives the events quick-xml gives, with the same entity resolution
    /// (`tests::direct_xml_reads_what_json_text_read` and the fuzz targets compare the two).
    struct Events<'b> {
        body: &'b str,
        at: usize,
        /// The open elements' names; an end tag must match the last one, as quick-xml checks.
        open: Vec<&'b [u8]>,
    }

    /// A tag name as quick-xml reads one, minus what this reader leaves to it: bytes up to
    /// white space, `/`, `>`, `<` or a quote.
    fn name_at(bytes: &[u8]) -> &[u8] {
        let len = bytes.iter().position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'<' | b'"' | b'\'')).unwrap_or(bytes.len());
        &bytes[..len]
    }

    impl<'b> Events<'b> {
        fn new(body: &'b str) -> Events<'b> {
            Events { body, at: 0, open: Vec::with_capacity(DIRECT_DEPTH) }
        }

        fn depth(&self) -> usize {
            self.open.len()
        }

        /// The next `len` bytes of the body as text (they end at ASCII markup, so on a
        /// character boundary).
        fn take(&mut self, len: usize) -> Option<&'b str> {
            let text = self.body.get(self.at..self.at.checked_add(len)?)?;
            self.at += len;
            Some(text)
        }

        fn next(&mut self) -> Option<Step<'b>> {
            loop {
                let rest = self.body.as_bytes().get(self.at..)?;
                let Some(&first) = rest.first() else { return Some(Step::Eof) };
                if first != b'<' {
                    let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
                    return Some(Step::Text(unescape(self.take(len)?).ok()?, false));
                }
                return match *rest.get(1)? {
                    b'/' => self.end_tag(rest),
                    b'!' if rest.starts_with(b"<![CDATA[") => self.cdata(rest),
                    b'!' if rest.starts_with(b"<!--") => {
                        // quick-xml's rule: the first `>` after `--`, at least `<!---->`.
                        self.at += (6..rest.len()).find(|&i| rest[i] == b'>' && rest[i - 2..i] == *b"--")? + 1;
                        continue;
                    }
                    b'?' if self.at == 0 => {
                        // The declaration ends at the first `?>`; `<?>` is an error to quick-xml.
                        self.at += (3..rest.len()).find(|&i| rest[i] == b'>' && rest[i - 1] == b'?' && rest[2] != b'>')? + 1;
                        continue;
                    }
                    b'!' | b'?' => None,
                    _ => self.start_tag(rest),
                };
            }
        }

        fn start_tag(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
            let name = name_at(&rest[1..]);
            if name.is_empty() || self.depth() >= DIRECT_DEPTH {
                return None;
            }
            let empty = match rest[1 + name.len()..] {
                [b'>', ..] => false,
                [b'/', b'>', ..] => true,
                _ => return None,
            };
            self.at += name.len() + if empty { 3 } else { 2 };
            if !empty {
                self.open.push(name);
            }
            Some(Step::Open(name, empty))
        }

        fn end_tag(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
            let name = name_at(&rest[2..]);
            if rest.get(2 + name.len()) != Some(&b'>') || self.open.pop()? != name {
                return None;
            }
            self.at += name.len() + 3;
            Some(Step::Close)
        }

        /// CDATA ends at the first `]]>` (quick-xml's rule).
        fn cdata(&mut self, rest: &'b [u8]) -> Option<Step<'b>> {
            let len = rest[9..].windows(3).position(|w| w == b"]]>")?;
            self.at += 9;
            let text = self.take(len)?;
            self.at += 3;
            Some(Step::Text(Cow::Borrowed(text), true))
        }

        /// Reads past the element just opened (`empty`: it was `<a/>`).
        fn skip(&mut self, empty: bool) -> Option<()> {
            let depth = self.depth();
            while !empty && self.depth() >= depth {
                if let Step::Eof = self.next()? {
                    return None;
                }
            }
            Some(())
        }
    }

    /// An element's value in the JSON form: an object when it has child elements, else its text.
    enum Content<'b> {
        Children,
        Text(Cow<'b, str>),
    }

    /// Reads the element just opened, handing each child element to `child` (which reads it).
    fn read_content<'b>(
        events: &mut Events<'b>,
        empty: bool,
        mut child: impl FnMut(&mut Events<'b>, &[u8], bool) -> Option<()>,
    ) -> Option<Content<'b>> {
        let mut text = ElementText::default();
        let mut children = false;
        if empty {
            // `<a/>`: no content and no end event.
            return Some(Content::Text(Cow::Borrowed("")));
        }
        loop {
            match events.next()? {
                Step::Open(name, empty) => {
                    children = true;
                    child(events, name, empty)?;
                }
                // An object's own text is not part of it.
                Step::Text(piece, cdata) if !children => text.push(piece, cdata),
                Step::Text(..) => {}
                Step::Close => break,
                Step::Eof => return None,
            }
        }
        Some(if children { Content::Children } else { Content::Text(text.finish()) })
    }

    fn read_leaf<'b>(events: &mut Events<'b>, empty: bool) -> Option<Leaf<'b>> {
        Some(match read_content(events, empty, |events, _, empty| events.skip(empty))? {
            Content::Children => Leaf::Nested,
            Content::Text(text) => Leaf::Text(text),
        })
    }

    /// An element read into a wire struct; `Some(None)` for an empty element (`""` in the
    /// JSON form, which reads as absent). Text is not the usual shape: `None`.
    fn read_fields<'b, T: Slots<Field<'b>> + Default>(events: &mut Events<'b>, empty: bool) -> Option<Option<T>> {
        let mut fields = T::default();
        let content = read_content(events, empty, |events, name, empty| match fields.slot(name) {
            Some(slot) => {
                let leaf = read_leaf(events, empty)?;
                // A name given twice is a list in the JSON form.
                *slot = Some(if slot.is_some() { Leaf::Nested } else { leaf });
                Some(())
            }
            None => events.skip(empty),
        })?;
        match content {
            Content::Children => Some(Some(fields)),
            Content::Text(text) if text.is_empty() => Some(None),
            Content::Text(_) => None,
        }
    }

    /// `sn_body`'s records; each must be an element with children (an object).
    fn read_body<'b>(events: &mut Events<'b>, empty: bool, records: &mut Vec<WireRejected<Field<'b>>>) -> Option<()> {
        let content = read_content(events, empty, |events, name, empty| {
            if name != BIZ_NODE.as_bytes() {
                return events.skip(empty);
            }
            records.push(read_fields(events, empty)??);
            Some(())
        })?;
        match content {
            Content::Text(text) if !text.is_empty() => None,
            _ => Some(()),
        }
    }

    /// Sets a part of the reply read once; a second `sn_head` (a list in the JSON form) is
    /// not the usual shape.
    fn once<T>(seen: &mut bool, read: impl FnOnce() -> Option<T>) -> Option<T> {
        if std::mem::replace(seen, true) {
            return None;
        }
        read()
    }

    fn read_root<'b>(events: &mut Events<'b>, empty: bool) -> Option<Reply<'b>> {
        let mut reply = Reply::default();
        let mut seen = [false; 3];
        let content = read_content(events, empty, |events, name, empty| {
            match name {
                b"sn_head" => reply.head = once(&mut seen[0], || read_fields(events, empty))?,
                b"sn_error" => reply.error = once(&mut seen[1], || read_fields(events, empty))?,
                b"sn_body" => once(&mut seen[2], || read_body(events, empty, &mut reply.records))?,
                _ => events.skip(empty)?,
            }
            Some(())
        })?;
        matches!(content, Content::Children).then_some(reply)
    }

    /// The reply read straight from the XML events, or `None` when it is not the usual shape
    /// or not well-formed (the route through JSON text then reads it).
    pub fn read(body: &str) -> Option<Reply<'_>> {
        let mut events = Events::new(body);
        let mut reply = None;
        loop {
            match events.next()? {
                Step::Open(name, empty) if reply.is_none() && name == ROOT.as_bytes() => {
                    reply = Some(read_root(&mut events, empty)?);
                }
                Step::Text(text, false) if !text.trim().is_empty() => return None,
                Step::Text(..) => {}
                Step::Open(..) | Step::Close => return None,
                Step::Eof => return reply,
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // The route through JSON text: every document, and each record's XML text for `raw`.

    /// An element's value: its children by name (repeats allowed, in document order), or its
    /// text. A light tree written straight to JSON text, instead of a `serde_json::Value`
    /// whose maps, serialization and drop were 60 % of an XML page (docs/performance.md).
    enum Node<'b> {
        Object(Vec<(Cow<'b, str>, Node<'b>)>),
        Text(Cow<'b, str>),
    }

    struct Element<'b> {
        /// Borrowed from the body (the tag's own bytes) whenever it can be.
        name: Cow<'b, str>,
        children: Vec<(Cow<'b, str>, Node<'b>)>,
        text: ElementText<'b>,
        start: usize,
    }

    fn node<'b>(children: Vec<(Cow<'b, str>, Node<'b>)>, text: ElementText<'b>) -> Node<'b> {
        if !children.is_empty() {
            Node::Object(children)
        } else {
            Node::Text(text.finish())
        }
    }

    /// The JSON text `serde_json` writes for the `Value` this tree stood for before: keys in
    /// byte order (its `Map` is a `BTreeMap`), a name given more than once is an array of its
    /// values in document order (XML has no lists: an array can only come from repetition),
    /// strings escaped by serde_json itself. `tests::light_tree_writes_what_value_wrote`
    /// compares the two on every fixture.
    fn write_node(out: &mut Vec<u8>, node: &Node<'_>) -> Result<(), serde_json::Error> {
        match node {
            Node::Text(text) => serde_json::to_writer(&mut *out, &**text),
            Node::Object(children) => {
                // Stable: values of one name keep their document order.
                let order = crate::platforms::byte_order(&children.iter().map(|(name, _)| &**name).collect::<Vec<_>>());
                out.push(b'{');
                let mut i = 0;
                while i < order.len() {
                    let name = &children[order[i]].0;
                    let name_end = order[i..].iter().take_while(|&&k| children[k].0 == *name).count() + i;
                    if i > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut *out, &*children[order[i]].0)?;
                    out.push(b':');
                    if name_end - i == 1 {
                        write_node(out, &children[order[i]].1)?;
                    } else {
                        out.push(b'[');
                        for (k, &child) in order[i..name_end].iter().enumerate() {
                            if k > 0 {
                                out.push(b',');
                            }
                            write_node(out, &children[child].1)?;
                        }
                        out.push(b']');
                    }
                    i = name_end;
                }
                out.push(b'}');
                Ok(())
            }
        }
    }

    /// The XML body as the JSON text of the same response, and each record's XML text.
    /// Errors are `(english, chinese)` messages.
    pub fn to_json(body: &str) -> Result<(String, Vec<&str>), (String, String)> {
        let mut reader = Reader::from_str(body);
        let mut stack: Vec<Element<'_>> = Vec::new();
        let mut root: Option<Node<'_>> = None;
        let mut records = Vec::new();
        let broken = |e: &dyn std::fmt::Display, at: u64| {
            (format!("the body is not well-formed XML at byte {at}: {e}"), format!("响应体不是合法的 XML(第 {at} 字节)"))
        };
        loop {
            let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = reader.read_event().map_err(|e| broken(&e, reader.error_position()))?;
            let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            match event {
                Event::Start(_) | Event::Empty(_) if root.is_some() => {
                    return Err(("the XML has more than one root element".into(), "XML 有多个根元素".into()));
                }
                Event::Start(ref start) | Event::Empty(ref start) => {
                    let empty = matches!(event, Event::Empty(_));
                    let name = tag_name(body, before, start.name().as_ref());
                    if stack.is_empty() && name != ROOT {
                        let shown: String = name.chars().take(40).collect();
                        return Err((
                            format!("the root element is <{shown}>, not <{ROOT}>"),
                            format!("根元素是 <{shown}>,不是 <{ROOT}>"),
                        ));
                    }
                    if stack.len() >= MAX_DEPTH {
                        return Err((format!("the XML is nested deeper than {MAX_DEPTH} levels"), format!("XML 嵌套超过 {MAX_DEPTH} 层")));
                    }
                    let element = Element { name, children: Vec::new(), text: ElementText::default(), start: before };
                    stack.push(element);
                    if empty {
                        close(&mut stack, &mut root, &mut records, body, after);
                    }
                }
                Event::End(_) => {
                    // quick-xml checks that the end tag matches the open element.
                    close(&mut stack, &mut root, &mut records, body, after);
                }
                Event::Text(text) => {
                    let text = text.unescape().map_err(|e| broken(&e, reader.buffer_position()))?;
                    match stack.last_mut() {
                        Some(open) => open.text.push(text, false),
                        None if text.trim().is_empty() => {}
                        None => return Err(("text outside the root element".into(), "根元素之外有文本".into())),
                    }
                }
                Event::CData(data) => {
                    let data = data.decode().map_err(|e| broken(&e, reader.buffer_position()))?;
                    if let Some(open) = stack.last_mut() {
                        open.text.push(data, true);
                    }
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
                Event::Eof => break,
            }
        }
        if !stack.is_empty() {
            return Err(("the XML ends before its elements are closed (truncated?)".into(), "XML 在元素闭合前结束(被截断?)".into()));
        }
        let root = root.ok_or_else(|| ("the body holds no XML element".to_string(), "响应体中没有 XML 元素".to_string()))?;
        let mut out = Vec::with_capacity(body.len());
        out.extend_from_slice(b"{\"");
        out.extend_from_slice(ROOT.as_bytes());
        out.extend_from_slice(b"\":");
        write_node(&mut out, &root)
            .map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
        out.push(b'}');
        // Only serde_json's escaped strings and ASCII punctuation were written.
        let json = String::from_utf8(out).map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
        Ok((json, records))
    }

    /// The element's name as the body's own text after `<` when it is there (it always is for
    /// a tag quick-xml read from this body), else as quick-xml gave it.
    fn tag_name<'b>(body: &'b str, tag_start: usize, name: &[u8]) -> Cow<'b, str> {
        let at = tag_start.saturating_add(1);
        match body.get(at..at.saturating_add(name.len())) {
            Some(text) if text.as_bytes() == name && body.as_bytes().get(tag_start) == Some(&b'<') => Cow::Borrowed(text),
            _ => Cow::Owned(String::from_utf8_lossy(name).into_owned()),
        }
    }

    fn close<'b>(stack: &mut Vec<Element<'b>>, root: &mut Option<Node<'b>>, records: &mut Vec<&'b str>, body: &'b str, end: usize) {
        let Some(Element { name, children, text, start }) = stack.pop() else { return };
        let is_record = stack.len() == RECORD_PATH.len() - 1
            && RECORD_PATH.last() == Some(&&*name)
            && stack.iter().zip(RECORD_PATH).all(|(open, path)| open.name == path);
        if is_record {
            if let Some(text) = body.get(start..end) {
                records.push(text);
            }
        }
        let node = node(children, text);
        match stack.last_mut() {
            Some(parent) => parent.children.push((name, node)),
            None => *root = Some(node),
        }
    }

    /// The converter this module had before: the same events into a `serde_json::Value`,
    /// serialized. Kept for `tests::light_tree_writes_what_value_wrote` only.
    #[cfg(test)]
    pub mod via_value {
        use quick_xml::events::Event;
        use quick_xml::Reader;
        use serde_json::{Map, Value};

        /// Deeper than any Suning reply; keeps the recursive JSON writer far from the stack's end.
        const MAX_DEPTH: usize = 64;
        const ROOT: &str = "sn_responseContent";
        const RECORD_PATH: [&str; 3] = [ROOT, "sn_body", super::super::BIZ_NODE];

        struct Element {
            name: String,
            children: Map<String, Value>,
            text: String,
            cdata: bool,
            start: usize,
        }

        impl Element {
            fn into_value(self) -> Value {
                if !self.children.is_empty() {
                    Value::Object(self.children)
                } else if self.cdata {
                    Value::String(self.text)
                } else {
                    Value::String(self.text.trim().to_string())
                }
            }
        }

        fn add_child(children: &mut Map<String, Value>, name: String, value: Value) {
            match children.get_mut(&name) {
                // XML has no lists: an array here can only come from repetition.
                Some(Value::Array(list)) => list.push(value),
                Some(first) => {
                    let first = first.take();
                    children.insert(name, Value::Array(vec![first, value]));
                }
                None => {
                    children.insert(name, value);
                }
            }
        }

        /// The XML body as the JSON text of the same response, and each record's XML text.
        /// Errors are `(english, chinese)` messages.
        pub fn to_json(body: &str) -> Result<(String, Vec<&str>), (String, String)> {
            let mut reader = Reader::from_str(body);
            let mut stack: Vec<Element> = Vec::new();
            let mut root: Option<Value> = None;
            let mut records = Vec::new();
            let broken = |e: &dyn std::fmt::Display, at: u64| {
                (format!("the body is not well-formed XML at byte {at}: {e}"), format!("响应体不是合法的 XML(第 {at} 字节)"))
            };
            loop {
                let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                let event = reader.read_event().map_err(|e| broken(&e, reader.error_position()))?;
                let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                match event {
                    Event::Start(_) | Event::Empty(_) if root.is_some() => {
                        return Err(("the XML has more than one root element".into(), "XML 有多个根元素".into()));
                    }
                    Event::Start(ref start) | Event::Empty(ref start) => {
                        let empty = matches!(event, Event::Empty(_));
                        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                        if stack.is_empty() && name != ROOT {
                            let shown: String = name.chars().take(40).collect();
                            return Err((
                                format!("the root element is <{shown}>, not <{ROOT}>"),
                                format!("根元素是 <{shown}>,不是 <{ROOT}>"),
                            ));
                        }
                        if stack.len() >= MAX_DEPTH {
                            return Err((format!("the XML is nested deeper than {MAX_DEPTH} levels"), format!("XML 嵌套超过 {MAX_DEPTH} 层")));
                        }
                        let element = Element { name, children: Map::new(), text: String::new(), cdata: false, start: before };
                        stack.push(element);
                        if empty {
                            close(&mut stack, &mut root, &mut records, body, after);
                        }
                    }
                    Event::End(_) => {
                        // quick-xml checks that the end tag matches the open element.
                        close(&mut stack, &mut root, &mut records, body, after);
                    }
                    Event::Text(text) => {
                        let text = text.unescape().map_err(|e| broken(&e, reader.buffer_position()))?;
                        match stack.last_mut() {
                            Some(open) => open.text.push_str(&text),
                            None if text.trim().is_empty() => {}
                            None => return Err(("text outside the root element".into(), "根元素之外有文本".into())),
                        }
                    }
                    Event::CData(data) => {
                        let data = data.decode().map_err(|e| broken(&e, reader.buffer_position()))?;
                        if let Some(open) = stack.last_mut() {
                            open.text.push_str(&data);
                            open.cdata = true;
                        }
                    }
                    Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
                    Event::Eof => break,
                }
            }
            if !stack.is_empty() {
                return Err(("the XML ends before its elements are closed (truncated?)".into(), "XML 在元素闭合前结束(被截断?)".into()));
            }
            let root = root.ok_or_else(|| ("the body holds no XML element".to_string(), "响应体中没有 XML 元素".to_string()))?;
            let mut top = Map::new();
            top.insert(ROOT.to_string(), root);
            let json = serde_json::to_string(&Value::Object(top))
                .map_err(|e| (format!("the XML could not be read: {e}"), "无法读取 XML".to_string()))?;
            Ok((json, records))
        }

        fn close<'b>(stack: &mut Vec<Element>, root: &mut Option<Value>, records: &mut Vec<&'b str>, body: &'b str, end: usize) {
            let Some(element) = stack.pop() else { return };
            let is_record = stack.len() == RECORD_PATH.len() - 1
                && RECORD_PATH.last() == Some(&element.name.as_str())
                && stack.iter().zip(RECORD_PATH).all(|(open, name)| open.name == name);
            if is_record {
                if let Some(text) = body.get(element.start..end) {
                    records.push(text);
                }
            }
            let name = element.name.clone();
            let value = element.into_value();
            match stack.last_mut() {
                Some(parent) => add_child(&mut parent.children, name, value),
                None => *root = Some(value),
            }
        }
    }
}

impl Suning {
    fn business_params(&self, query: &Query, options: &RequestOptions) -> Result<BusinessParams, Vec<Issue>> {
        let mut issues = Vec::new();
        let checked = check_common(&INFO, query, options, &mut issues);
        let (Some(since), Some(until)) = (checked.since, checked.until) else {
            return Err(issues);
        };
        if !issues.is_empty() {
            return Err(issues);
        }
        // Doc order; pageNo and pageSize always both (one alone is ignored by the server).
        Ok([
            ("startTime", ParamValue::Time(since)),
            ("endTime", ParamValue::Time(until)),
            ("pageNo", ParamValue::Number(checked.native_page)),
            ("pageSize", ParamValue::Number(checked.page_size)),
        ])
    }
}

/// A request before its body is written and signed.
struct Unsigned<'c> {
    sandbox: bool,
    format: Format,
    params: BusinessParams,
    now: i64,
    app_key: &'c str,
    app_secret: &'c str,
    access_token: Option<&'c str>,
}

/// The signature's place in the flat text until the body after it is written.
const UNSIGNED: &str = "00000000000000000000000000000000";

impl<'c> Unsigned<'c> {
    fn new(credentials: &'c Credentials, query: &Query, options: &RequestOptions) -> Result<Self, RefundError> {
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        let access_token = credentials.optional("accessToken")?;
        let sandbox = credentials.flag("sandbox")?;
        let format = request_format(options)?;
        let params = Suning.business_params(query, options).map_err(RefundError::invalid_query)?;
        Ok(Unsigned { sandbox, format, params, now: options.now, app_key, app_secret, access_token })
    }

    /// The header values in `flat::SUNING_HEADERS`' order, and how many are sent (the token's
    /// only when given). The time and the signature are slots: the `SignedRequest` fills them
    /// from its `Parts`, the flat text writes them in place.
    fn header_slots(&self) -> ([Slot<'c>; 8], usize) {
        let (format_name, content_type) = match self.format {
            Format::Json => ("json", "application/json; charset=utf-8"),
            Format::Xml => ("xml", "text/xml; charset=utf-8"),
        };
        let slots = [
            Slot::Value(HeaderValue::Fixed(content_type)),
            Slot::Value(HeaderValue::Fixed(APP_METHOD)),
            Slot::RequestTime,
            Slot::Value(HeaderValue::Fixed(format_name)),
            Slot::Value(HeaderValue::Own(self.app_key)),
            Slot::Value(HeaderValue::Fixed(VERSION_NO)),
            Slot::SignInfo,
            Slot::Value(HeaderValue::Own(self.access_token.unwrap_or_default())),
        ];
        (slots, if self.access_token.is_some() { 8 } else { 7 })
    }

    fn url(&self) -> &'static str {
        if self.sandbox {
            SANDBOX_URL
        } else {
            PRODUCTION_URL
        }
    }

    fn sign(self) -> Parts<'c> {
        let body = request_body(&self.params, self.format);
        let request_time = time::format_beijing(self.now);
        let sign = sign_info(self.app_secret, APP_METHOD, &request_time, self.app_key, VERSION_NO, body.as_bytes());
        Parts { unsigned: self, body, request_time, sign }
    }

    /// The flat text `flat::encode_request` writes for the request of `self.sign()` (a test
    /// compares them), written in one buffer: the time, signature and body in place, with no
    /// `String` or marker scan of their own, and the signature filled in last, once the body
    /// after it is written (docs/performance.md, round 12).
    fn write_flat(&self) -> String {
        let (slots, count) = self.header_slots();
        let mut w = flat::RequestWriter::new(HeaderValue::Fixed(self.url()), "POST", count, true, 320);
        let (mut request_time, mut sign) = (0..0, 0..0);
        for slot in slots.into_iter().take(count) {
            match slot {
                Slot::Value(value) => w.part(value),
                Slot::RequestTime => request_time = w.plain(|out| time::push_beijing(out, self.now)),
                Slot::SignInfo => sign = w.plain(|out| out.push_str(UNSIGNED)),
            }
        }
        let body = w.plain(|out| push_request_body(out, &self.params, self.format));
        let digest = sign_digest(self.app_secret, APP_METHOD, w.written(request_time), self.app_key, VERSION_NO, w.written(body).as_bytes());
        w.overwrite(sign, &sign::hex_lower_digits(&digest));
        w.finish()
    }
}

/// One of 苏宁's header values, or the place of the two that are made with the request.
#[derive(Clone, Copy)]
enum Slot<'c> {
    Value(HeaderValue<'c>),
    RequestTime,
    SignInfo,
}

/// A request's parts, signed: [`Platform::build_request`] is made from these, and the flat
/// text of them is what [`Unsigned::write_flat`] writes.
struct Parts<'c> {
    unsigned: Unsigned<'c>,
    body: String,
    request_time: String,
    sign: String,
}

impl<'c> Parts<'c> {
    fn new(credentials: &'c Credentials, query: &Query, options: &RequestOptions) -> Result<Self, RefundError> {
        Ok(Unsigned::new(credentials, query, options)?.sign())
    }

    /// The headers in send order (the token's only when given).
    fn headers(&self) -> impl Iterator<Item = (&'static str, HeaderValue<'_>)> {
        let (slots, count) = self.unsigned.header_slots();
        let values = slots.into_iter().map(|slot| match slot {
            Slot::Value(value) => value,
            Slot::RequestTime => HeaderValue::Own(&self.request_time),
            Slot::SignInfo => HeaderValue::Own(&self.sign),
        });
        flat::SUNING_HEADERS.into_iter().zip(values).take(count)
    }
}

impl Platform for Suning {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        let params = self.business_params(query, options)?;
        Ok(params.iter().map(|(k, v)| ((*k).into(), v.to_text())).collect())
    }

    /// `params = { appMethod, appRequestTime, body, versionNo? }` (versionNo defaults to
    /// v1.2); appKey and appSecret from the credentials.
    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError> {
        if let Some((unknown, _)) = params.iter().find(|(k, _)| !SIGN_PARAMS.contains(&k.as_ref())) {
            return Err(RefundError::invalid_options(
                format!("params.{unknown} is not part of the Suning signInfo; expected appMethod, appRequestTime, body, versionNo"),
                format!("params.{unknown} 不参与苏宁 signInfo;应为 appMethod、appRequestTime、body、versionNo"),
            )
            .at(format!("params.{unknown}")));
        }
        let app_method = required_sign_param(params, "appMethod")?;
        let app_request_time = required_sign_param(params, "appRequestTime")?;
        let body = required_sign_param(params, "body")?;
        let version_no = sign_param(params, "versionNo")?.unwrap_or(VERSION_NO);
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        Ok(sign_info(app_secret, app_method, app_request_time, app_key, version_no, body.as_bytes()))
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let parts = Parts::new(credentials, query, options)?;
        let headers = parts.headers().map(|(name, value)| (Cow::Borrowed(name), value.to_cow())).collect();
        Ok(SignedRequest { url: Cow::Borrowed(parts.unsigned.url()), method: "POST", headers, body: parts.body })
    }

    fn build_request_flat(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<String, RefundError> {
        Ok(Unsigned::new(credentials, query, options)?.write_flat())
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, fresh: Fresh<'_>) -> Result<RefundPage<'a>, RefundError> {
        match body.trim_start().as_bytes().first() {
            Some(b'<') => parse_xml(body, options, fresh),
            _ => parse_json(body, options, None, fresh),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::base64::Engine as _;

    const EXAMPLE_BODY: &str = r#"{"sn_request":{"sn_body":{"batchQueryRejected":{"startTime":"2013-10-20 00:00:00","endTime":"2013-10-26 00:00:00","pageNo":"1","pageSize":"2"}}}}"#;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
    }

    fn credentials() -> Credentials<'static> {
        Credentials::from_json(&serde_json::json!({ "appKey": "test_appkey", "appSecret": "test_secret" })).unwrap()
    }

    /// The doc examples' business params.
    fn doc_params() -> BusinessParams {
        [
            ("startTime", ParamValue::Time(time::parse_beijing("2013-10-20 00:00:00").unwrap())),
            ("endTime", ParamValue::Time(time::parse_beijing("2013-10-26 00:00:00").unwrap())),
            ("pageNo", ParamValue::Number(1)),
            ("pageSize", ParamValue::Number(2)),
        ]
    }

    /// The request document from text params, escaping as JSON and XML need: what
    /// `request_body` wrote before it took [`ParamValue`]s (round 9), the reference for it.
    fn params_body(params: &Params, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Json => {
                out.push_str("{\"sn_request\":{\"sn_body\":{\"batchQueryRejected\":{");
                for (i, (k, v)) in params.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::push_string(&mut out, k);
                    out.push(':');
                    json::push_string(&mut out, v);
                }
                out.push_str("}}}}");
            }
            Format::Xml => {
                out.push_str("<sn_request><sn_body><batchQueryRejected>");
                for (k, v) in params {
                    out.push_str(&format!("<{k}>{}</{k}>", escape_xml(v)));
                }
                out.push_str("</batchQueryRejected></sn_body></sn_request>");
            }
        }
        out
    }

    fn escape_xml(text: &str) -> Cow<'_, str> {
        if !text.contains(['&', '<', '>', '"', '\'']) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                _ => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    /// The body written from values is the one written from `query_params`' texts with
    /// every escape, for both formats, across times, pages and sizes.
    #[test]
    fn body_from_values_is_the_escaped_one() {
        for (since, until, page, size) in [
            ("2024-06-01 00:00:00", "2024-06-01 23:59:59", Some(2), Some(20)),
            ("2024-05-31 23:59:59", "2024-06-29 23:59:59", None, None),
            ("2024-02-29 08:00:00", "2024-03-01 00:00:00", Some(99_999), Some(50)),
            ("2024-12-31 23:59:59", "2025-01-01 00:00:01", Some(10), Some(1)),
        ] {
            let query = Query {
                since: Some(time::parse_beijing(since).unwrap()),
                until: Some(time::parse_beijing(until).unwrap()),
                page,
                page_size: size,
                ..Query::default()
            };
            let options = RequestOptions::at(time::parse_beijing(until).unwrap() + time::DAY);
            let values = Suning.business_params(&query, &options).unwrap();
            let texts = Suning.query_params(&query, &options).unwrap();
            for format in [Format::Json, Format::Xml] {
                assert_eq!(request_body(&values, format), params_body(&texts, format), "{since} {format:?}");
            }
        }
    }

    /// The flat text written in one buffer is the `SignedRequest`'s, with and without a
    /// token, in the sandbox, in XML, with keys that need escaping in the flat text, and at
    /// the first and last second the fast time writer takes and beyond them.
    #[test]
    fn flat_text_is_the_requests() {
        for now in [time::parse_beijing("2024-06-02 08:00:00").unwrap(), 0, -28_800, -28_801, 253_402_271_999, 253_402_272_000] {
            let query = Query { since: Some(now - 86_400), until: Some(now - 1), page: Some(2), page_size: Some(20), ..Query::default() };
            for credentials in [
                serde_json::json!({ "appKey": "k", "appSecret": "s", "accessToken": "t" }),
                serde_json::json!({ "appKey": "k", "appSecret": "s", "accessToken": "" }),
                serde_json::json!({ "appKey": "json", "appSecret": "s", "sandbox": true }),
                serde_json::json!({ "appKey": "k\u{1c}a", "appSecret": "s", "accessToken": "\u{1f}" }),
            ] {
                let credentials = Credentials::from_json(&credentials).unwrap();
                for options in [serde_json::json!({}), serde_json::json!({ "format": "xml" })] {
                    let options = RequestOptions::from_json(&options, now).unwrap();
                    let request = Suning.build_request(&credentials, &query, &options).unwrap();
                    assert_eq!(Suning.build_request_flat(&credentials, &query, &options).unwrap(), flat::encode_request(&request), "{now}");
                }
            }
        }
    }

    /// NOTES.md, Suning sign step 4, byte for byte.
    #[test]
    fn notes_worked_example() {
        assert_eq!(request_body(&doc_params(), Format::Json), EXAMPLE_BODY);
        let encoded = ::base64::engine::general_purpose::STANDARD.encode(EXAMPLE_BODY);
        assert!(encoded.starts_with("eyJzbl9yZXF1ZXN0Ijp7InNuX2JvZHkiOnsiYmF0Y2hRdWVyeVJlamVjdGVkIjp7"), "{encoded}");
        assert!(encoded.ends_with("fX19fQ=="), "{encoded}");
        let now = time::parse_beijing("2026-11-22 07:49:33").unwrap();
        assert_eq!(time::format_beijing(now), "2026-11-22 07:49:33");
        assert_eq!(
            sign_info("test_secret", APP_METHOD, "2026-11-22 07:49:33", "test_appkey", "v1.2", EXAMPLE_BODY.as_bytes()),
            "7f6da6272209f6827ab57992f3660094"
        );
        let signed = Suning
            .sign_params(
                &params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY)]),
                &credentials(),
            )
            .unwrap();
        assert_eq!(signed, "7f6da6272209f6827ab57992f3660094");
    }

    /// The doc's XML request example, without its white space.
    #[test]
    fn doc_xml_request_body() {
        assert_eq!(
            request_body(&doc_params(), Format::Xml),
            "<sn_request><sn_body><batchQueryRejected><startTime>2013-10-20 00:00:00</startTime><endTime>2013-10-26 00:00:00</endTime><pageNo>1</pageNo><pageSize>2</pageSize></batchQueryRejected></sn_body></sn_request>"
        );
        assert_eq!(escape_xml("a<b&'c'>\""), "a&lt;b&amp;&apos;c&apos;&gt;&quot;");
    }

    /// The signature is md5 over the plain concatenation, and base64 is over the UTF-8 bytes
    /// (Chinese text and all), as sent.
    #[test]
    fn known_answers_over_the_concatenation() {
        let body = "{\"k\":\"苏宁退货\"}";
        let encoded = ::base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
        assert_eq!(encoded, "eyJrIjoi6IuP5a6B6YCA6LSnIn0=");
        let plain = format!("s{APP_METHOD}2024-01-02 03:04:05kv1.2{encoded}");
        assert_eq!(sign_info("s", APP_METHOD, "2024-01-02 03:04:05", "k", "v1.2", body.as_bytes()), sign::md5_lower(plain.as_bytes()));
        // Padding kept, no line breaks even for long bodies.
        let long = "x".repeat(200);
        let encoded = ::base64::engine::general_purpose::STANDARD.encode(&long);
        assert!(!encoded.contains('\n') && encoded.ends_with('='));
        // Bodies around the 384-byte chunks of sign_info, every padding.
        for len in [0, 1, 2, 3, 383, 384, 385, 386, 767, 768, 769, 2000] {
            let body: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let plain = format!("s{APP_METHOD}tkv{}", ::base64::engine::general_purpose::STANDARD.encode(&body));
            assert_eq!(sign_info("s", APP_METHOD, "t", "k", "v", &body), sign::md5_lower(plain.as_bytes()), "{len}");
        }
        // Empty parts still count: md5 of the bare concatenation.
        assert_eq!(sign_info("", "", "", "", "", b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn sign_params_order_independent_and_version_defaults() {
        let a = params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY)]);
        let b = params(&[("body", EXAMPLE_BODY), ("versionNo", "v1.2"), ("appRequestTime", "2026-11-22 07:49:33"), ("appMethod", APP_METHOD)]);
        assert_eq!(Suning.sign_params(&a, &credentials()).unwrap(), Suning.sign_params(&b, &credentials()).unwrap());
        let other_version = params(&[("appMethod", APP_METHOD), ("appRequestTime", "2026-11-22 07:49:33"), ("body", EXAMPLE_BODY), ("versionNo", "v1.3")]);
        assert_ne!(Suning.sign_params(&other_version, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
        let missing = Suning.sign_params(&params(&[("appMethod", APP_METHOD), ("body", "{}")]), &credentials()).unwrap_err();
        assert_eq!(missing.code, crate::error::ErrorCode::InvalidOptions);
        assert_eq!(missing.path.as_deref(), Some("params.appRequestTime"));
        let extra = Suning.sign_params(&params(&[("appKey", "x")]), &credentials()).unwrap_err();
        assert_eq!(extra.code, crate::error::ErrorCode::InvalidOptions);
    }

    /// The scanner fills each field of [`WireRejected`] from the member the raw way fills it
    /// from.
    #[test]
    fn scanned_records_match_the_raw_way() {
        let record = format!("{{{}}}", WireRejected::<Raw<'_>>::NAMES.map(|f| format!("\"{f}\":\"{f}\"")).join(","));
        let raw = WireRejected::read(&record).unwrap();
        assert_eq!(scan_record(&mut Scanner::new(&record)), Some(raw));
        assert!(WireRejected::<Raw<'_>>::NAMES.iter().all(|f| record.matches(f).count() == 2));
        // The doc's example takes the fast path.
        let doc = std::fs::read_to_string(format!("{}/tests/fixtures/suning/doc_response.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(scan_page(&doc).is_some_and(|(_, list)| !list.is_empty()));
    }

    #[test]
    fn trimmed_is_trim() {
        for t in ["", " ", "1", " 1", "1 ", "\u{3000}2\u{3000}", "退款", " 退款 ", "\t3\n", "a b", "\u{85}x", "x\u{a0}", "\u{7f}"] {
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn status_text_matching() {
        assert_eq!(status_of("8").map(|s| s.unified), Some(Status::Succeeded));
        assert_eq!(status_of("退款成功").map(|s| s.code), Some("8"));
        assert_eq!(status_of(" 2-已拒绝退款 ").map(|s| s.code), Some("2"));
        assert!(status_of("卖家不同意协议, 等待买家投诉").is_none());
        assert!(status_of("9").is_none());
        assert!(status_of("1-退款成功").is_none());
        // The digit's shortcut finds what the search finds, for every code and form.
        assert!(STATUSES.iter().enumerate().all(|(i, s)| s.code == (i + 1).to_string()));
        let search = |t: &str| STATUSES.iter().find(|s| s.code == t || s.label == t || t.strip_prefix(s.code).and_then(|r| r.strip_prefix('-')).map(str::trim) == Some(s.label));
        for s in &STATUSES {
            for t in [s.code.to_string(), format!("{}-{}", s.code, s.label), format!("{}- {} ", s.code, s.label), format!("{}-", s.code), format!("{}x", s.code), format!("{}-{}", s.code, STATUSES[0].label)] {
                assert_eq!(status_of(&t).map(|s| s.code), search(t.trim()).map(|s| s.code), "{t}");
            }
        }
        assert!(["0", "9", "/", ":", "", "-", "\u{ff}"].iter().all(|t| status_of(t).is_none()));
    }

    #[test]
    fn error_table_lookup() {
        assert!(error_meaning("sys.error.network-status:502").is_some_and(|m| m.retryable));
        assert!(platform_error("sys.controller.new-thing:limit", None).retryable);
        assert!(!platform_error("sys.check.app-sign:error", None).retryable);
        let codes: std::collections::HashSet<_> = ERRORS.iter().map(|m| m.code).collect();
        assert_eq!(codes.len(), ERRORS.len(), "one line per code");
    }

    /// Every XML fixture and the benchmark's 1000-record page when it was generated
    /// (`bench/bodies/suning-xml-1000.xml`).
    fn xml_fixtures() -> Vec<String> {
        let dir = format!("{}/tests/fixtures/suning", env!("CARGO_MANIFEST_DIR"));
        let mut bodies: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml" || x == "html"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        assert!(bodies.len() >= 4);
        let bench_page = format!("{}/bench/bodies/suning-xml-1000.xml", env!("CARGO_MANIFEST_DIR"));
        bodies.extend(std::fs::read_to_string(bench_page).ok());
        bodies
    }

    /// The light tree of `xml` writes exactly the JSON text the `serde_json::Value` tree wrote
    /// (the JSON path then reads the same bytes, so pages and messages cannot differ): every
    /// XML fixture, odd documents, and the benchmark's 1000-record page when it was generated.
    #[test]
    fn light_tree_writes_what_value_wrote() {
        let mut bodies = xml_fixtures();
        for odd in [
            "<sn_responseContent><b>2</b><a>1</a><b><c>x</c></b><a> 3 </a><z/><b>4</b></sn_responseContent>",
            "<sn_responseContent><a><![CDATA[ <x> ]]></a><a>&lt;&amp;\"\u{1f}\u{7}\\ \u{7f}</a><a b=\"1\">back\\slash</a><é>中</é><É/><a1/><a/></sn_responseContent>",
            "<sn_responseContent>text<a>1</a>more</sn_responseContent>",
            "<sn_responseContent><a> x <![CDATA[y]]> z </a><b> p <!-- c --> q </b><c><![CDATA[]]></c><d>  </d></sn_responseContent>",
            "<sn_responseContent><sn_body><batchQueryRejected><orderCode>1</orderCode><orderCode>2</orderCode></batchQueryRejected></sn_body></sn_responseContent>",
            "<sn_responseContent/>",
            "<other/>",
            "<sn_responseContent><a></sn_responseContent>",
            "<sn_responseContent></sn_responseContent><x/>",
            "",
        ] {
            bodies.push(odd.to_string());
        }
        for body in &bodies {
            assert_eq!(xml::to_json(body), xml::via_value::to_json(body), "{body}");
        }
    }

    /// A 苏宁 XML reply around `records` (already XML) under a usual head.
    fn xml_reply(head: &str, body: &str) -> String {
        format!("<sn_responseContent><sn_head>{head}</sn_head><sn_body>{body}</sn_body></sn_responseContent>")
    }

    const RECORD: &str = "<batchQueryRejected><orderCode>1</orderCode><productCode>P</productCode><customer>c</customer><dealMoney>1.00</dealMoney><returnMoney>0.50</returnMoney><applyTime>2024-01-02 03:04:05</applyTime><statusDesc>8</statusDesc><returntype>2</returntype><refundtype>1</refundtype></batchQueryRejected>";

    /// Documents the direct XML read must read as the route through JSON text does, whether
    /// it reads them itself or leaves them to that route.
    fn odd_xml_replies() -> Vec<String> {
        let ok = "<pageNo>1</pageNo><pageTotal>1</pageTotal><returnMessage>biz.handler.data-get:success</returnMessage>";
        let two = format!("{RECORD}{}", RECORD.replace("<orderCode>1<", "<orderCode>2<"));
        let with = |field: &str| RECORD.replace("<statusDesc>8</statusDesc>", field);
        let mut out: Vec<String> = [
            // Records: one, two, the same twice, one rejected alone (no index in its path) and among others.
            xml_reply(ok, RECORD),
            xml_reply(ok, &two),
            xml_reply(ok, &format!("{RECORD}\n {RECORD}")),
            xml_reply(ok, &RECORD.replace("<orderCode>1</orderCode>", "")),
            xml_reply(ok, &format!("{two}{}", RECORD.replace("2024-01-02 03:04:05", "2024-13-02 03:04:05"))),
            xml_reply(ok, &with("<dealMoney>1.2.3</dealMoney>")),
            // Fields: repeated, nested, empty, blank, CDATA, entities, control characters, text split by comments.
            xml_reply(ok, &with("<statusDesc>8</statusDesc><statusDesc>2</statusDesc>")),
            xml_reply(ok, &with("<statusDesc><code>8</code></statusDesc>")),
            xml_reply(ok, &with("<statusDesc>x<b/>y</statusDesc><returnReason/><expressNo></expressNo><expressCompanyCode>  </expressCompanyCode>")),
            xml_reply(ok, &with("<statusDesc><![CDATA[ 退款成功 ]]></statusDesc><returnReason> a <![CDATA[<b>]]> c </returnReason><expressNo><![CDATA[]]></expressNo>")),
            xml_reply(ok, &with("<statusDesc>&#36864;&#27454;&#25104;&#21151;</statusDesc><returnReason>&lt;&amp;&quot;&apos;&gt; \\ \u{1f}\u{7}\u{7f}</returnReason>")),
            xml_reply(ok, &with("<statusDesc> 8<!-- x -->\n</statusDesc><returnReason>a<?pi x?>b</returnReason>")),
            xml_reply(ok, &with("<statusDesc a=\"1\">8</statusDesc><x:returnReason>ns</x:returnReason><unknown><deep><er>1</er></deep></unknown>")),
            xml_reply(ok, &RECORD.replace("<orderCode>1</orderCode>", "text<orderCode>1</orderCode>more")),
            xml_reply(ok, &with("<statusDesc><a><b><c><d><e><f>8</f></e></d></c></b></a></statusDesc>")),
            // Records that are not objects, and lists that are empty.
            xml_reply(ok, &format!("{RECORD}<batchQueryRejected/>")),
            xml_reply(ok, "<batchQueryRejected>text</batchQueryRejected>"),
            xml_reply(ok, "<batchQueryRejected/>"),
            xml_reply(ok, ""),
            xml_reply(ok, " "),
            xml_reply(ok, "text"),
            xml_reply(ok, "<other>1</other>"),
            xml_reply("<pageNo>1</pageNo><pageTotal>3</pageTotal><totalSize>30</totalSize>", ""),
            format!("<sn_responseContent><sn_head>{ok}</sn_head><sn_body/></sn_responseContent>"),
            format!("<sn_responseContent><sn_head>{ok}</sn_head></sn_responseContent>"),
            format!("<sn_responseContent><sn_body>{RECORD}</sn_body><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            format!("<sn_responseContent><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            // Heads: empty, text, repeated, odd counts, messages.
            format!("<sn_responseContent><sn_head/><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            format!("<sn_responseContent><sn_head>x</sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            format!("<sn_responseContent><sn_head><![CDATA[]]></sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            format!("<sn_responseContent><sn_head>{ok}</sn_head><sn_head>{ok}</sn_head><sn_body>{RECORD}</sn_body></sn_responseContent>"),
            xml_reply("<pageNo>x</pageNo><pageTotal><n>1</n></pageTotal><totalSize>-1</totalSize><totalSize>2</totalSize>", RECORD),
            xml_reply("<pageNo>2</pageNo><pageTotal>3</pageTotal><totalSize>5</totalSize>", &two),
            xml_reply("<returnMessage>biz.handler.data-get:no-result</returnMessage>", RECORD),
            xml_reply("<returnMessage>sys.check.app-sign:error</returnMessage>", RECORD),
            xml_reply("<returnMessage>something else</returnMessage>", RECORD),
            xml_reply("<returnMessage><x/></returnMessage>", RECORD),
            // Error replies.
            "<sn_responseContent><sn_error><error_code>biz.handler.data-get:no-result</error_code></sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error><error_code> sys.check.app-sign:error </error_code><error_msg> bad </error_msg></sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error><error_code>biz.handler.data-get:success</error_code></sn_error><sn_body>x</sn_body></sn_responseContent>".into(),
            "<sn_responseContent><sn_error><error_code>x.new:limit</error_code><error_msg><m/></error_msg></sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error><error_code><c>1</c></error_code></sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error><error_msg>m</error_msg></sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error/><sn_error/></sn_responseContent>".into(),
            "<sn_responseContent><sn_error>text</sn_error></sn_responseContent>".into(),
            "<sn_responseContent><sn_error/></sn_responseContent>".into(),
            // Documents: declarations, comments, odd roots, broken.
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<!-- c -->\n{}\n<!-- end -->\n", xml_reply(ok, RECORD)),
            format!("<![CDATA[x]]>{}", xml_reply(ok, RECORD)),
            format!("x{}", xml_reply(ok, RECORD)),
            format!("{}<x/>", xml_reply(ok, RECORD)),
            format!("{}</x>", xml_reply(ok, RECORD)),
            xml_reply(ok, &RECORD.replace("</orderCode>", "</ordercode>")),
            xml_reply(ok, &with("<statusDesc>&nope;</statusDesc>")),
            "<sn_responseContent/>".into(),
            "<sn_responseContent>text</sn_responseContent>".into(),
            "<sn_responseContent> </sn_responseContent>".into(),
            "<other><sn_body/></other>".into(),
            "<?xml version=\"1.0\"?>".into(),
            "<".into(),
            format!("<sn_responseContent>{}{}</sn_responseContent>", "<a>".repeat(70), "</a>".repeat(70)),
        ]
        .into();
        // Markup at the edges of what the direct read's own tokenizer takes (it must agree
        // with quick-xml or leave the body to it).
        for markup in [
            "<statusDesc >8</statusDesc>",
            "<statusDesc>8</statusDesc >",
            "<statusDesc\n>8</statusDesc>",
            "<returnReason\n/><returnReason/ >",
            "<statusDesc>8</statusDesc><returnReason a='>'>x</returnReason>",
            "<statusDesc>8</statusDesc><x\"y>1</x\"y>",
            "<statusDesc>8</statusDesc><é>中</é><a.b-c_d:e>1</a.b-c_d:e>",
            "<statusDesc>8</statusDesc><>x</>",
            "<statusDesc>8<!----></statusDesc><returnReason>a<!-->b--></returnReason>",
            "<statusDesc>8<!---></statusDesc>",
            "<statusDesc>8<!-- a -- b --></statusDesc><returnReason>x<!- y -></returnReason>",
            "<statusDesc><![CDATA[8]]]></statusDesc><returnReason><![CDATA[a]]]]><![CDATA[]]></returnReason>",
            "<statusDesc><![cdata[8]]></statusDesc>",
            "<statusDesc><![CDATA[8]]</statusDesc>",
            "<statusDesc>8<?pi?></statusDesc>",
            "<statusDesc>8</statusDesc><!DOCTYPE x>",
            "<statusDesc>&#56;</statusDesc><returnReason>&#x4e2d;&#0;</returnReason>",
            "<statusDesc>8</statusDesc><returnReason>&#xD800;</returnReason>",
            "<statusDesc>8</statusDesc><returnReason>a & b</returnReason>",
            "<statusDesc>8</statusDesc><returnReason>a > b ]]> c</returnReason>",
            "<statusDesc>8</statusDesc><returnReason>\r\n x \r\n</returnReason>",
        ] {
            out.push(xml_reply(ok, &with(markup)));
        }
        for start in ["<?xml?>", "<?xml version=\"1.0\"?>", "<??>", "<?>", "<?x>?>", "<?xml>", "\u{feff}", " ", "<!-- c -->", "<![CDATA[x]]>"] {
            out.push(format!("{start}{}", xml_reply(ok, RECORD)));
        }
        out.push(format!("{}<", xml_reply(ok, RECORD)));
        out.push(format!("{} <!-- end --> <?pi?>", xml_reply(ok, RECORD)));
        // Every prefix of a small reply: truncated anywhere.
        let small = xml_reply(ok, &format!("{two}<batchQueryRejected><orderCode>&amp;<![CDATA[x]]></orderCode></batchQueryRejected>"));
        out.extend(small.char_indices().map(|(i, _)| small[..i].to_string()));
        out.push(small);
        out
    }

    /// The direct XML read gives what the route through JSON text gives, for every input:
    /// the same page (borrowed or owned alike) or the same error, with and without a query.
    #[test]
    fn direct_xml_reads_what_json_text_read() {
        let fixtures = xml_fixtures();
        let odd = odd_xml_replies();
        let queries = [
            None,
            Some(Query { page: Some(1), page_size: Some(2), ..Query::default() }),
            Some(Query { page: Some(2), ..Query::default() }),
        ];
        let mut direct = 0;
        for body in fixtures.iter().chain(&odd) {
            for query in &queries {
                let options = ParseOptions { query: query.clone(), ..ParseOptions::default() };
                assert_eq!(parse_xml(body, &options, &mut |_| {}), parse_xml_via_json(body, &options, &mut |_| {}), "{body}");
            }
            direct += usize::from(xml::read(body).is_some());
        }
        // Not vacuous: the usual documents are read directly.
        assert!(direct >= 40, "only {direct} read directly");
        for name in ["doc_response.xml", "xml_entities_cdata_whitespace.xml", "no_result.xml", "error_rate_limit.xml"] {
            let body = std::fs::read_to_string(format!("{}/tests/fixtures/suning/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            assert!(xml::read(&body).is_some(), "{name}");
        }
    }

    #[test]
    fn xml_records_keep_their_text() {
        let body = "<sn_responseContent><sn_body>\n <batchQueryRejected><orderCode>1</orderCode></batchQueryRejected>\n <batchQueryRejected/></sn_body></sn_responseContent>";
        let (json, records) = xml::to_json(body).unwrap();
        assert_eq!(records, ["<batchQueryRejected><orderCode>1</orderCode></batchQueryRejected>", "<batchQueryRejected/>"]);
        assert_eq!(json, r#"{"sn_responseContent":{"sn_body":{"batchQueryRejected":[{"orderCode":"1"},""]}}}"#);
    }
}
