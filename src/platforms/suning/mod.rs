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
//! - there is no refund number: see `reply::refund_id`.

use super::{
    check_common, CredentialField, Credentials, RecordSink, KindCode, OptionInfo, PagingInfo, ParseOptions, Platform,
    PlatformInfo, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::model::{Kind, PlatformId, RefundPage, SignedRequest, Status};
use crate::query::{Params, Query, TimeField};
use crate::{sign, time};
use std::borrow::Cow;

pub struct Suning;

mod reply;
#[cfg(test)]
mod tests;

use reply::{parse_json, parse_xml};


const PRODUCTION_URL: &str = "https://open.suning.com/api/http/sopRequest";
const SANDBOX_URL: &str = "http://openpre.cnsuning.com/api/http/sopRequest";
const APP_METHOD: &str = "suning.custom.batchrejected.query";
/// Doc: "API的版本,目前为v1.2版本".
const VERSION_NO: &str = "v1.2";
/// The biz node of the request and of every response record.
const BIZ_NODE: &str = "batchQueryRejected";
const LIST_PATH: &str = "sn_responseContent.sn_body.batchQueryRejected";
/// An XML reply's root element, and the path of its records (for `includeRaw`'s XML text).
const ROOT: &str = "sn_responseContent";
const RECORD_PATH: [&str; 3] = [ROOT, "sn_body", BIZ_NODE];

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
        CredentialField { name: "appKey", kind: "string", required: true, secret: false, values: &[], description: "appKey 分配给应用的访问令牌" },
        CredentialField { name: "appSecret", kind: "string", required: true, secret: true, values: &[], description: "appSecret, signs every request (signInfo)" },
        CredentialField { name: "accessToken", kind: "string", required: false, secret: true, values: &[], description: "access_token, only for OAuth apps" },
        CredentialField { name: "sandbox", kind: "boolean", required: false, secret: false, values: &[], description: "use openpre.cnsuning.com (预发布环境)" },
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
/// the stack, instead of being built as a `String` first (docs/performance.md).
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
/// `String`s and a `Vec` a request less: docs/performance.md.)
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

/// 苏宁's header names in send order (NOTES.md "HTTP"; `access_token` only when given): the
/// signature and its inputs ride in them.
const HEADERS: [&str; 8] = ["Content-Type", "AppMethod", "AppRequestTime", "Format", "AppKey", "VersionNo", "signInfo", "access_token"];

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
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        let access_token = credentials.optional("accessToken")?;
        let url = if credentials.flag("sandbox")? { SANDBOX_URL } else { PRODUCTION_URL };
        let format = request_format(options)?;
        let params = self.business_params(query, options).map_err(RefundError::invalid_query)?;
        // The body is written once and signed as it is sent.
        let body = request_body(&params, format);
        let request_time = time::format_beijing(options.now);
        let sign = sign_info(app_secret, APP_METHOD, &request_time, app_key, VERSION_NO, body.as_bytes());
        let (format_name, content_type) = match format {
            Format::Json => ("json", "application/json; charset=utf-8"),
            Format::Xml => ("xml", "text/xml; charset=utf-8"),
        };
        let values = [
            Cow::Borrowed(content_type),
            Cow::Borrowed(APP_METHOD),
            Cow::Owned(request_time),
            Cow::Borrowed(format_name),
            Cow::Owned(app_key.to_string()),
            Cow::Borrowed(VERSION_NO),
            Cow::Owned(sign),
        ];
        let token = access_token.map(|t| Cow::Owned(t.to_string()));
        let headers = HEADERS.into_iter().map(Cow::Borrowed).zip(values.into_iter().chain(token)).collect();
        Ok(SignedRequest { url: Cow::Borrowed(url), method: "POST", headers, body })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        match body.trim_start().as_bytes().first() {
            Some(b'<') => parse_xml(body, options, sink),
            _ => parse_json(body, options, None, sink),
        }
    }
}

