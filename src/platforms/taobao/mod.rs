//! 淘宝/天猫 TOP `taobao.refunds.receive.get` (查询卖家收到的退款列表).
//!
//! Doc: shared/platforms/taobao.refunds.receive.get.md; signing and server behaviour: the
//! 淘宝/天猫 section of NOTES.md. Traps handled here:
//! - the signature covers every sent param but `sign`, sorted by key bytes, `key+value` joined
//!   with no separators; `md5` wraps the string in the secret, `hmac` and `hmac-sha256` key
//!   the digest with it; upper-case hex. `sign_method` is itself signed. Empty or
//!   white-space params are never sent (the SDKs disagree on how to sign them);
//! - `type` defaults on the server to `guarantee_trade,auto_delivery` only: refunds of every
//!   other trade type would be silently missing, so every type is asked for;
//! - `fields` is required: it lists every field the model uses;
//! - `use_has_next=true` (sent by default) drops `total_results`: paging follows `has_next`;
//! - the list is `refunds.refund[…]` under `refunds_receive_get_response`, a plain `refunds[…]`
//!   at the root with `simplify=true` (chosen by what the request sent), one `refund` object
//!   where a list is expected, and no `refunds` at all on an empty page;
//! - XML (`options.format = "xml"`) is read through its JSON form (`crate::xml`);
//! - `tid`/`oid` are 18–19-digit JSON numbers: their text is kept, never a float;
//! - `buyer_nick` is masked since 2024-08-15: the buyer's id is `buyer_open_uid`;
//! - errors come as `error_response` with HTTP 200; code 7 is a ban whose length `sub_msg`
//!   states, `isp.*` sub-codes are the server's own trouble.

use super::{
    check_common, convert_list, warn_duplicates, CredentialField, Credentials, FilterInfo, KindCode, NativeParam, OptionInfo,
    PagingInfo, ParseOptions, Platform, PlatformInfo, RawText, RecordError, RecordSink, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::record::{ArrayOrOne, Form, List, Listed, Nested, Skip, Wire};
use crate::json::{self, FieldError};
use crate::model::{
    Buyer, Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, ReturnShipment, SignedRequest, Status, Text, Warning,
    WarningCode,
};
use crate::query::{Params, Query, TimeField};
use crate::{form, money, sign, time};
use std::borrow::Cow;

mod errors;
#[cfg(test)]
mod tests;

pub struct Taobao;

const PRODUCTION_URL: &str = "https://eco.taobao.com/router/rest";
const SANDBOX_URL: &str = "https://gw.api.tbsandbox.com/router/rest";
const METHOD: &str = "taobao.refunds.receive.get";
/// The success root: the method without `taobao.`, dots as underscores, `_response`.
const RESPONSE: &str = "refunds_receive_get_response";
const ERROR_RESPONSE: &str = "error_response";

/// `fields`: every field the conversion reads (doc §4 and §6).
const FIELDS: &str = "refund_id,tid,oid,title,buyer_nick,buyer_open_uid,seller_nick,total_fee,refund_fee,status,\
has_good_return,reason,desc,company_name,sid,num,sku,outer_id,created,modified,end_time";
/// `type`: every trade type of doc §8.6 (the server's default is only guarantee_trade and
/// auto_delivery).
const TRADE_TYPES: &str = "fixed,auction,guarantee_trade,independent_simple_trade,independent_shop_trade,auto_delivery,ec,cod,\
fenxiao,game_equipment,shopex_trade,netcn_trade,external_trade";

/// The signature methods TOP knows, as sent in `sign_method` (NOTES.md, signing).
const SIGN_METHODS: [&str; 3] = ["md5", "hmac", "hmac-sha256"];
/// The official Java client's default.
const DEFAULT_SIGN_METHOD: &str = "hmac-sha256";

/// `status` (退款状态), doc §8.1, mapped per DESIGN.md. The three later exchange states have no
/// unified meaning in the table: `unknown`, with their label.
static STATUSES: [StatusCode; 9] = [
    StatusCode { code: "WAIT_SELLER_AGREE", label: "买家已经申请退款,等待卖家同意", unified: Status::Pending },
    StatusCode { code: "WAIT_BUYER_RETURN_GOODS", label: "卖家已经同意退款,等待买家退货", unified: Status::AwaitingReturn },
    StatusCode { code: "WAIT_SELLER_CONFIRM_GOODS", label: "买家已经退货,等待卖家确认收货", unified: Status::ReturnInTransit },
    StatusCode { code: "SELLER_REFUSE_BUYER", label: "卖家拒绝退款", unified: Status::Rejected },
    StatusCode { code: "CLOSED", label: "退款关闭", unified: Status::Closed },
    StatusCode { code: "SUCCESS", label: "退款成功", unified: Status::Succeeded },
    StatusCode { code: "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", label: "等待买家确认换货卖家发货商品", unified: Status::Unknown },
    StatusCode { code: "EXCHANGE_TRANSFORM_TO_REFUND", label: "换货关闭转退款", unified: Status::Unknown },
    StatusCode { code: "WAIT_SELLER_CONSIGN_GOODS", label: "商家确认收货等待商家发货", unified: Status::Unknown },
];

/// `has_good_return` (买家是否需要退货), per DESIGN.md.
static KINDS: [KindCode; 2] = [
    KindCode { code: "true", label: "需要退货", unified: Kind::ReturnAndRefund },
    KindCode { code: "false", label: "不需要退货", unified: Kind::RefundOnly },
];

/// The `status` filter: a unified status that maps to one 淘宝 status, or the 淘宝 status itself
/// (one per call: 除了默认值外每次只能查询一种状态).
static STATUS_FILTER: [&str; 15] = [
    "pending",
    "awaiting_return",
    "return_in_transit",
    "rejected",
    "closed",
    "succeeded",
    "WAIT_SELLER_AGREE",
    "WAIT_BUYER_RETURN_GOODS",
    "WAIT_SELLER_CONFIRM_GOODS",
    "SELLER_REFUSE_BUYER",
    "CLOSED",
    "SUCCESS",
    "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS",
    "EXCHANGE_TRANSFORM_TO_REFUND",
    "WAIT_SELLER_CONSIGN_GOODS",
];

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Taobao,
    name_zh: "淘宝/天猫",
    name_en: "Taobao/Tmall",
    methods: &[METHOD],
    time_fields: &[TimeFieldInfo {
        field: TimeField::Updated,
        since_param: "start_modified",
        until_param: "end_modified",
        format: "yyyy-MM-dd HH:mm:ss",
    }],
    // Both ends are optional in the doc; without them the server lists every refund.
    time_range_required: false,
    // No span limit and no inclusivity rule is documented (NOTES.md §3): half-open windows
    // share their boundary second, so an inclusive server repeats a record rather than
    // skipping one.
    max_span_seconds: None,
    closed_interval: false,
    max_lookback_seconds: None,
    paging: PagingInfo { base: 1, page_param: "page_no", size_param: "page_size", page_max: 1_000_000, size_min: 1, size_max: 100, size_default: 40 },
    filters: &[FilterInfo { field: "status", param: "status", max_len: None, values: &STATUS_FILTER }],
    statuses: &STATUSES,
    kinds: &KINDS,
    native_params: &[
        NativeParam {
            name: "type",
            description: "交易类型列表, comma-separated (doc §8.6); every type by default, where the server's own default is only guarantee_trade,auto_delivery",
            max_len: None,
            values: &[],
        },
        NativeParam { name: "buyer_nick", description: "买家昵称 (the plain nick: only the output is masked)", max_len: None, values: &[] },
        NativeParam { name: "buyer_open_uid", description: "买家 OpenUID", max_len: None, values: &[] },
        NativeParam {
            name: "use_has_next",
            description: "true (sent by default): the answer says has_next instead of total_results",
            max_len: None,
            values: &["true", "false"],
        },
        NativeParam {
            name: "simplify",
            description: "true: the simplified JSON (no response wrapper, plain arrays); pass the same query to parseResponse",
            max_len: None,
            values: &["true", "false"],
        },
    ],
    credentials: &[
        CredentialField { name: "appKey", kind: "string", required: true, secret: false, values: &[], description: "app_key of the application" },
        CredentialField { name: "appSecret", kind: "string", required: true, secret: true, values: &[], description: "app secret, signs every request" },
        CredentialField {
            name: "session",
            kind: "string",
            required: true,
            secret: true,
            values: &[],
            description: "the seller's session (access token) from TOP authorization",
        },
        CredentialField { name: "signMethod", kind: "string", required: false, secret: false, values: &SIGN_METHODS, description: "md5, hmac or hmac-sha256 (default)" },
        CredentialField { name: "sandbox", kind: "boolean", required: false, secret: false, values: &[], description: "use the sandbox gateway (its own app key and secret)" },
    ],
    options: &[OptionInfo {
        name: "format",
        values: &["json", "xml"],
        default: Some("json"),
        description: "the answer's format (format param); the protocol defaults to xml, the package to json",
    }],
    signs: true,
    notes: &[
        "timeField updated only: start_modified/end_modified filter on modified",
        "every trade type is asked for (type); the server's default leaves out all but guarantee_trade and auto_delivery",
        "use_has_next=true is sent by default: paging follows has_next and there is no total",
        "status filters one status per call, as a unified status (pending, awaiting_return, return_in_transit, rejected, closed, succeeded) or a 淘宝 status",
        "buyer_nick is masked since 2024-08-15: buyer.id is buyer_open_uid",
        "refund_fee fills both requestedAmount and refundedAmount; refundedAt is end_time, only for SUCCESS",
        "code 7 (App Call Limited) is retryable after the ban sub_msg states; isp.* sub-codes are retryable",
    ],
};

// ---------------------------------------------------------------------------------------
// Signing.

/// The joined `key+value` string of NOTES.md step 4: every param but `sign` and the empty or
/// white-space ones, keys in byte order.
fn sign_string(params: &Params) -> String {
    let mut sorted: Vec<&(Cow<'static, str>, String)> = params.iter().filter(|(k, v)| k != "sign" && !v.trim().is_empty()).collect();
    super::sort_by_name_with(&mut sorted, |(k, _)| k);
    let mut out = String::with_capacity(sorted.iter().map(|(k, v)| k.len() + v.len()).sum());
    for (key, value) in sorted {
        out.push_str(key);
        out.push_str(value);
    }
    out
}

/// The signature of `params` by `method`, upper-case hex (NOTES.md step 5–6).
fn signature(params: &Params, secret: &str, method: &str) -> Result<String, RefundError> {
    let joined = sign_string(params);
    match method {
        "md5" => Ok(sign::hex_upper(&sign::md5_parts([secret.as_bytes(), joined.as_bytes(), secret.as_bytes()]))),
        "hmac" => Ok(sign::hex_upper(&sign::hmac_md5(secret.as_bytes(), joined.as_bytes()))),
        "hmac-sha256" => Ok(sign::hex_upper(&sign::hmac_sha256(secret.as_bytes(), joined.as_bytes()))),
        other => {
            let shown: String = other.chars().take(40).collect();
            Err(RefundError::invalid_options(
                format!("sign_method {shown:?} is not one of md5, hmac, hmac-sha256 (exact, lower case)"),
                format!("sign_method {shown:?} 不是 md5、hmac、hmac-sha256 之一(须完全一致,小写)"),
            ))
        }
    }
}

/// `credentials.signMethod`, checked: the default when absent.
fn sign_method<'c>(credentials: &'c Credentials) -> Result<&'c str, RefundError> {
    match credentials.optional("signMethod")? {
        None => Ok(DEFAULT_SIGN_METHOD),
        Some(method) if SIGN_METHODS.contains(&method) => Ok(method),
        Some(_) => Err(RefundError::invalid_credentials("signMethod", "must be md5, hmac or hmac-sha256", "必须是 md5、hmac 或 hmac-sha256")),
    }
}

// ---------------------------------------------------------------------------------------
// Wire structs, named as in the doc.

json::wire! {
    /// The root: the wrapped answer or an error, or with `simplify=true` the answer's own
    /// members.
    struct Envelope<'a> {
        response = "refunds_receive_get_response": Nested<WireResponse<'a>>,
        error_response: Nested<errors::WireError<'a>>,
        total_results,
        has_next,
        refunds: Listed<'a, WireRefund<'a>, ArrayOrOne>,
        request_id: Skip,
    }
}

json::wire! {
    /// `refunds_receive_get_response`, doc §5.2.
    struct WireResponse<'a> {
        total_results,
        has_next,
        refunds: Nested<WireRefunds<'a>>,
        request_id: Skip,
    }
}

json::wire! {
    /// `refunds`: `{"refund": […]}`.
    struct WireRefunds<'a> {
        refund: Listed<'a, WireRefund<'a>, ArrayOrOne>,
    }
}

json::wire! {
    /// One refund, doc §6, in the order of the doc's example (§10.1) with the other fields
    /// where they fit. Those the model has no field for are skipped; `includeRaw` keeps them.
    #[derive(Debug)]
    struct WireRefund<'a> {
        refund_id,
        tid,
        oid,
        title,
        buyer_nick,
        buyer_open_uid,
        ouid: Skip,
        seller_nick,
        total_fee,
        refund_fee,
        payment: Skip,
        status,
        good_status: Skip,
        has_good_return,
        order_status: Skip,
        refund_phase: Skip,
        dispute_type: Skip,
        reason,
        desc,
        company_name,
        sid,
        num,
        refund_version: Skip,
        sku,
        attribute: Skip,
        outer_id,
        operation_contraint: Skip,
        created,
        modified,
        end_time,
    }
}

// ---------------------------------------------------------------------------------------
// Converting one record.

/// `sku` (`skuId|属性名:值;…`, doc §6): its id and its properties; without the `|` all of it
/// is the properties.
fn split_sku(sku: Text<'_>) -> (Option<Text<'_>>, Option<Text<'_>>) {
    fn nonempty(t: Text<'_>) -> Option<Text<'_>> {
        if t.trim().is_empty() {
            None
        } else {
            Some(t)
        }
    }
    let (id, name): (Text<'_>, Text<'_>) = match &sku {
        Cow::Borrowed(s) => match s.split_once('|') {
            Some((id, name)) => (Cow::Borrowed(id), Cow::Borrowed(name)),
            None => return (None, nonempty(sku)),
        },
        Cow::Owned(s) => match s.split_once('|') {
            Some((id, name)) => (Cow::Owned(id.to_string()), Cow::Owned(name.to_string())),
            None => return (None, nonempty(sku)),
        },
    };
    (nonempty(id), nonempty(name))
}

fn convert_wire(wire: WireRefund<'_>) -> Result<Refund<'_>, RecordError> {
    let id = json::required_id("refund_id", wire.refund_id)?;
    let id_text = id.clone();
    let with_id = |error: FieldError| RecordError { error, id: Some(id_text.to_string()) };

    let mut refund = Refund::new(PlatformId::Taobao, id);
    (|| -> Result<(), FieldError> {
        refund.order_id = json::nonzero_id("tid", wire.tid)?;
        refund.sub_order_id = json::nonzero_id("oid", wire.oid)?;
        refund.shop_name = json::text("seller_nick", wire.seller_nick)?;
        refund.kind = match json::boolean("has_good_return", wire.has_good_return)? {
            Some(true) => Kind::ReturnAndRefund,
            Some(false) => Kind::RefundOnly,
            None => Kind::Unknown,
        };
        let status = json::text("status", wire.status)?;
        let known = status.as_deref().and_then(|c| INFO.status(c));
        refund.status = known.map_or(Status::Unknown, |s| s.unified);
        refund.platform_status = PlatformStatus { label: known.map(|s| s.label.into()), code: status };

        // 退还金额: what the buyer asked back and what the seller refunds (docs/fields.md).
        refund.refunded_amount = json::yuan("refund_fee", wire.refund_fee)?;
        refund.requested_amount = refund.refunded_amount.clone();
        if let Some(amount) = &refund.refunded_amount {
            if money::is_negative(amount) {
                refund.warnings.push(Warning::negative_amount(amount));
            }
        }
        refund.reason = json::text("reason", wire.reason)?;
        refund.note = json::text("desc", wire.desc)?;

        let buyer_id = json::id("buyer_open_uid", wire.buyer_open_uid)?;
        let buyer_name = json::text("buyer_nick", wire.buyer_nick)?;
        if buyer_id.is_some() || buyer_name.is_some() {
            refund.buyer = Some(Buyer { id: buyer_id, name: buyer_name, phone: None });
        }
        let company = json::text("company_name", wire.company_name)?;
        let tracking_no = json::id("sid", wire.sid)?;
        if company.is_some() || tracking_no.is_some() {
            refund.return_shipment = Some(ReturnShipment { company, company_code: None, tracking_no });
        }

        let name = json::text("title", wire.title)?;
        let quantity = json::quantity("num", wire.num)?;
        let amount = json::yuan("total_fee", wire.total_fee)?;
        let goods_no = json::text("outer_id", wire.outer_id)?;
        let (sku_id, sku_name) = json::text("sku", wire.sku)?.map_or((None, None), split_sku);
        if name.is_some() || quantity.is_some() || amount.is_some() || goods_no.is_some() || sku_id.is_some() || sku_name.is_some() {
            refund.items = vec![Item { goods_no, sku_id, name, sku_name, quantity, amount, ..Item::default() }];
        }

        refund.created_at = json::beijing_time("created", wire.created)?;
        refund.updated_at = json::beijing_time("modified", wire.modified)?;
        // end_time is when the refund ended, closed or paid: the payment's time on SUCCESS only.
        let ended = json::beijing_time("end_time", wire.end_time)?;
        refund.set_refunded_at("end_time", ended.filter(|_| refund.status == Status::Succeeded), false);
        Ok(())
    })()
    .map_err(with_id)?;
    Ok(refund)
}

// ---------------------------------------------------------------------------------------
// Requests.

/// A `query.params` value by name.
fn param<'q>(query: &'q Query, name: &str) -> Option<&'q str> {
    query.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The 淘宝 status a `status` filter stands for.
fn native_status(filter: &str) -> &str {
    STATUSES.iter().find(|s| s.unified != Status::Unknown && s.unified.as_str() == filter).map_or(filter, |s| s.code)
}

/// `options.format`: `json` unless `xml` is asked for.
fn format(options: &RequestOptions) -> Result<&'static str, RefundError> {
    match options.switch("format")? {
        None | Some("json") => Ok("json"),
        Some("xml") => Ok("xml"),
        Some(_) => Err(RefundError::invalid_options("options.format must be json or xml", "options.format 必须是 json 或 xml")),
    }
}

impl Taobao {
    /// The business params in the doc's table order (§4), and `simplify` when asked for.
    fn business_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        let mut issues = Vec::new();
        let checked = check_common(&INFO, query, options, &mut issues);
        if !issues.is_empty() {
            return Err(issues);
        }
        // Room for the system params too (build_request adds them): no regrowth.
        let mut params: Params = Vec::with_capacity(20);
        let mut put = |key: &'static str, value: String| {
            // Empty params are never sent, so never signed (NOTES.md, signing step 2).
            if !value.trim().is_empty() {
                params.push((key.into(), value));
            }
        };
        put("fields", FIELDS.into());
        if let Some(status) = &query.status {
            put("status", native_status(status).into());
        }
        put("type", param(query, "type").unwrap_or(TRADE_TYPES).into());
        for name in ["buyer_nick", "buyer_open_uid"] {
            if let Some(value) = param(query, name) {
                put(name, value.into());
            }
        }
        if let Some(since) = checked.since {
            put(checked.time_field.since_param, time::format_beijing(since));
        }
        if let Some(until) = checked.until {
            put(checked.time_field.until_param, time::format_beijing(until));
        }
        put("page_no", time::decimal(checked.native_page));
        put("page_size", time::decimal(checked.page_size));
        put("use_has_next", param(query, "use_has_next").unwrap_or("true").into());
        if let Some(simplify) = param(query, "simplify") {
            put("simplify", simplify.into());
        }
        Ok(params)
    }
}

impl Platform for Taobao {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        self.business_params(query, options)
    }

    /// `sign_method` from the params themselves (`md5` when absent), as the official Java
    /// client signs what it sends.
    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError> {
        let method = params.iter().find(|(k, _)| k == "sign_method").map_or("md5", |(_, v)| v.as_str());
        signature(params, credentials.required("appSecret")?, method)
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        let session = credentials.required("session")?;
        let method = sign_method(credentials)?;
        let url = if credentials.flag("sandbox")? { SANDBOX_URL } else { PRODUCTION_URL };
        let format = format(options)?;
        let mut params = self.business_params(query, options).map_err(RefundError::invalid_query)?;
        params.push(("method".into(), METHOD.into()));
        params.push(("app_key".into(), app_key.into()));
        params.push(("session".into(), session.into()));
        params.push(("timestamp".into(), time::format_beijing(options.now)));
        params.push(("format".into(), format.into()));
        params.push(("v".into(), "2.0".into()));
        params.push(("sign_method".into(), method.into()));
        let sign = signature(&params, app_secret, method)?;
        // Every param in the form body: the gateway reads the query string and the body alike,
        // and a request pointed at `options.endpoint` keeps them all.
        let body = form::encode(params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).chain([("sign", sign.as_str())]));
        Ok(SignedRequest { url: Cow::Borrowed(url), method: "POST", headers: super::form_headers(), body })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        if body.trim_start().starts_with('<') {
            return super::parse_xml_via_json(
                body,
                &[RESPONSE, ERROR_RESPONSE],
                &[RESPONSE, "refunds", "refund"],
                |en, zh| RefundError::invalid_body(format!("not a 淘宝 {METHOD} response: {en}"), format!("不是淘宝 {METHOD} 的响应:{zh}")),
                |json, records| parse_json(json, options, Some(records), sink),
            );
        }
        parse_json(body, options, None, sink)
    }
}

// ---------------------------------------------------------------------------------------
// Responses.

fn shape_error(what: &str) -> RefundError {
    RefundError::invalid_body(format!("not a 淘宝 {METHOD} response: {what}"), format!("不是淘宝 {METHOD} 的响应:{what}"))
}

/// What the request sent, when the query is given: `simplify=true`, and `use_has_next`
/// (sent unless the query turned it off).
fn sent(options: &ParseOptions) -> (Option<bool>, Option<bool>) {
    let query = options.query.as_ref();
    (query.map(|q| param(q, "simplify") == Some("true")), query.map(|q| param(q, "use_has_next") != Some("false")))
}

/// The list's form: one record is a warning, anything but a list (or none) an error.
fn check_form<T>(list: &List<'_, T>, path: &str, warnings: &mut Vec<Warning>) -> Result<(), RefundError> {
    match list.form {
        Form::Array | Form::Absent | Form::Empty("{}") => Ok(()),
        Form::One => {
            warnings.push(Warning::new(
                WarningCode::SingleRecord,
                format!("{path} is a single object, not an array: read as one record"),
                format!("{path} 是单个对象而不是数组:按一条记录读取"),
            ));
            Ok(())
        }
        Form::Empty(_) | Form::Keyed | Form::Other(_) => Err(shape_error(&format!("{path} is not an array")).at(path)),
    }
}

fn parse_json<'a>(body: &'a str, options: &ParseOptions, xml_records: Option<&[&'a str]>, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    let envelope = Envelope::read(body).map_err(|e| json::envelope_error(e, shape_error))?;
    if let Some(error) = envelope.error_response.record(ERROR_RESPONSE).map_err(|e| shape_error(&e.message).at(ERROR_RESPONSE))? {
        return Err(errors::platform_error(error));
    }
    let (simplify_sent, has_next_sent) = sent(options);
    let simplified = envelope.total_results.is_some() || envelope.has_next.is_some() || envelope.refunds.0.form != Form::Absent;
    let response = envelope.response.record(RESPONSE).map_err(|e| shape_error(&e.message).at(RESPONSE))?;
    let (total_results, has_next, records, list_path) = match (response, simplify_sent) {
        (Some(_), Some(true)) => return Err(shape_error(&format!("the request sent simplify=true, but the answer is wrapped in {RESPONSE}"))),
        (Some(response), _) => {
            let path = "refunds_receive_get_response.refunds";
            let node = response.refunds.record("refunds").map_err(|e| shape_error(&e.message).at(path))?;
            let records = node.map(|n| n.refund.into_list()).unwrap_or_default();
            (response.total_results, response.has_next, records, "refunds_receive_get_response.refunds.refund")
        }
        (None, Some(false)) if simplified => {
            return Err(shape_error(&format!("the answer is simplified (no {RESPONSE}), but the request did not send simplify=true")));
        }
        (None, _) if simplified => (envelope.total_results, envelope.has_next, envelope.refunds.into_list(), "refunds"),
        (None, _) => return Err(shape_error(&format!("no {RESPONSE} and no {ERROR_RESPONSE}"))),
    };

    let mut warnings = Vec::new();
    check_form(&records, list_path, &mut warnings)?;
    let count = records.len();
    let total = json::count("total_results", total_results).map_err(|e| shape_error(&e.message).at("total_results"))?;
    let has_next = match json::boolean("has_next", has_next) {
        Ok(b) => b,
        Err(_) => {
            warnings.push(Warning::new(WarningCode::HasMore, "has_next is not a boolean", "has_next 不是布尔值"));
            None
        }
    };
    let query = options.query.as_ref();
    let page_no = query.map_or(1, |q| q.page.unwrap_or(1));
    let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
    // With use_has_next the total is absent or 0 (NOTES.md §2): has_next alone decides.
    let (total, has_more) = if has_next_sent.unwrap_or(has_next.is_some()) {
        let has_more = has_next.or_else(|| {
            warnings.push(Warning::new(
                WarningCode::HasMore,
                "has_next is missing although use_has_next was sent",
                "已发送 use_has_next,但响应缺少 has_next",
            ));
            super::has_more(page_no, page_size, None, count)
        });
        (None, has_more)
    } else {
        (total, super::has_more(page_no, page_size, total, count))
    };
    if has_more == Some(true) && count == 0 {
        warnings.push(Warning::new(WarningCode::HasMore, "more pages are announced on an empty page", "空页上仍表示还有下一页"));
    }

    let mut page = RefundPage {
        refunds: super::refunds_room(count, options)?,
        page: PageInfo { page: query.map(|_| page_no), page_size, total, has_more },
        rejected: Vec::new(),
        warnings,
    };
    convert_list(&mut page, list_path, records, RawText::new(options.include_raw, xml_records), convert_wire, sink);
    warn_duplicates(&mut page);
    Ok(page)
}
