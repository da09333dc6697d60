//! 蘑菇街 (Mogujie) xiaodian open platform `xiaodian.trade.refund.list` (退款列表).
//!
//! Doc: shared/platforms/mogujie.xiaodian.trade.refund.list.txt; server behaviour: the
//! Mogujie section of NOTES.md. Traps handled here: the sign is
//! `UPPER(md5(secret + Σ key+value + secret))` over byte-sorted keys (upper-case keys such as
//! `Params` sort first), always 32 hex digits; empty params are never sent, so never signed;
//! exactly one date pair is used and the other is sent as the doc's literal `[0]`; the doc's
//! 异常示例 is a bare `{ }`; there is no total, only `hasNext`; amounts are 分 except
//! `sellerRefundAmount`, whose unit is decided per record and always stated in a warning;
//! ids above 2^53 arrive as JSON numbers and keep their digits.
//!
//! Business params travel as flat form fields by default (NOTES.md \[G\]: the refund.list doc
//! lists them one by one, with no wrapper name). Sibling APIs wrap theirs in one JSON-string
//! param (`xiaodian.trade.sold.get`'s `Params`), so the request option `paramsWrapper`
//! (e.g. `"Params"`) puts the business params into one JSON-string param of that name
//! instead; `page`/`pageSize` are JSON numbers inside it (the doc types them Number), the
//! rest strings, in the doc's table order.

use super::{
    check_common, convert_list, warn_duplicates, CredentialField, Credentials, FilterInfo, RecordSink, KindCode, NativeParam,
    OptionInfo, PagingInfo, ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions, StatusCode, TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::record::{ArrayOrOne, Form, Listed, Nested, Skip, Wire};
use crate::json::{self, FieldError};
use crate::model::{
    Buyer, Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, ReturnShipment, SignedRequest, Status, Warning,
    WarningCode,
};
use crate::query::{Params, Query, TimeField};
use crate::{form, money, sign, time};
use std::borrow::Cow;

pub struct Mogujie;

const GATEWAY_URL: &str = "https://openapi.mogujie.com/invoke";
const METHOD: &str = "xiaodian.trade.refund.list";
/// `status.code` of a successful call: 7 characters, zero-padded (NOTES.md, Response).
const SUCCESS: &str = "0000000";
/// What the doc says to send for the date pair that is not used (如不需要传[0]).
const UNUSED_DATE: &str = "[0]";
/// The request option that wraps the business params into one JSON-string param.
const WRAPPER_OPTION: &str = "paramsWrapper";
/// System params (公共参数); a wrapper may not take one of these names.
const SYSTEM_PARAMS: [&str; 8] = ["app_key", "method", "access_token", "sign", "timestamp", "format", "sign_method", "version"];

/// `status` 枚举 of the response, doc 返回参数, mapped per DESIGN.md.
static STATUSES: [StatusCode; 9] = [
    StatusCode { code: "return_goods_requested", label: "买家发起退货,等待卖家同意", unified: Status::Pending },
    StatusCode { code: "return_goods_agreed", label: "卖家同意,等待买家退货", unified: Status::AwaitingReturn },
    StatusCode { code: "return_goods_shipped", label: "买家发货,等待卖家收货", unified: Status::ReturnInTransit },
    StatusCode { code: "refund_requested", label: "买家发起退款,等待卖家同意", unified: Status::Pending },
    StatusCode { code: "refund_or_return_deal_agreed", label: "买卖家协商一致,等待资金退款结果", unified: Status::Processing },
    StatusCode { code: "refund_or_return_seller_refused", label: "买家退款或退货被卖家拒绝", unified: Status::Rejected },
    StatusCode { code: "return_goods_seller_declare_not_received", label: "买家发货后,卖家未收到货", unified: Status::AwaitingBuyer },
    StatusCode { code: "refund_completed", label: "退款完成", unified: Status::Succeeded },
    StatusCode { code: "refund_cancelled", label: "退款取消", unified: Status::Cancelled },
];

/// `refundType` of the response; labels from the request's `refundType` lines.
static KINDS: [KindCode; 2] = [
    KindCode { code: "refund_money", label: "退款类型", unified: Kind::RefundOnly },
    KindCode { code: "return_goods", label: "退货类型", unified: Kind::ReturnAndRefund },
];

/// `queryStatus`, the request's status filter (a different enum from the response's).
static QUERY_STATUSES: [&str; 8] = [
    "query_refund_or_return_all",            // 全部状态(不包含已取消的退款订单)
    "query_refund_or_return_all_for_openapi", // 全部状态(包含已取消的退款订单)
    "query_return_goods_requested",          // 买家发起退货,等待卖家同意
    "query_return_goods_agreed",             // 卖家同意,等待买家退货
    "query_return_goods_shipped",            // 买家发货,等待卖家收货
    "query_refund_requested",                // 买家发起退款,等待卖家同意
    "query_refund_completed",                // 退款完成
    "query_refund_or_return_seller_refused", // 买家退款或退货或发货被卖家拒绝
];

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Mogujie,
    name_zh: "蘑菇街",
    name_en: "Mogujie xiaodian",
    methods: &[METHOD],
    // 创建时间和更新时间二选一: updated first (the default), as an incremental sync wants.
    time_fields: &[
        TimeFieldInfo {
            field: TimeField::Updated,
            since_param: "startUpdateTime",
            until_param: "endUpdateTime",
            format: "yyyy-MM-dd HH:mm:ss",
        },
        TimeFieldInfo { field: TimeField::Created, since_param: "startDate", until_param: "endDate", format: "yyyy-MM-dd HH:mm:ss" },
    ],
    // The doc marks both ends of a pair 必选.
    time_range_required: true,
    // No documented span limit.
    max_span_seconds: None,
    // The doc does not say whether `end*` is inclusive; treating the range as half-open makes
    // consecutive windows share their boundary second, so an inclusive server yields a
    // duplicate (deduplicated by id) rather than a gap.
    closed_interval: false,
    max_lookback_seconds: None,
    paging: PagingInfo {
        base: 1,
        page_param: "page",
        size_param: "pageSize",
        page_max: 1_000_000,
        size_min: 1,
        // pageSize 最大20
        size_max: 20,
        size_default: 20,
    },
    filters: &[FilterInfo { field: "status", param: "queryStatus", max_len: None, values: &QUERY_STATUSES }],
    statuses: &STATUSES,
    kinds: &KINDS,
    native_params: &[NativeParam {
        name: "refundType",
        description: "query_refund_type_all 全部类型(退款、退货) · query_refund_money 退款类型 · query_return_goods 退货类型",
        max_len: None,
        values: &["query_refund_type_all", "query_refund_money", "query_return_goods"],
    }],
    credentials: &[
        CredentialField { name: "appKey", kind: "string", required: true, secret: false, values: &[], description: "app_key 接入时申请的app_key" },
        CredentialField { name: "appSecret", kind: "string", required: true, secret: true, values: &[], description: "app secret, signs every request" },
        CredentialField {
            name: "accessToken",
            kind: "string",
            required: true,
            secret: true,
            values: &[],
            description: "access_token from OAuth2 (https://oauth.mogujie.com/token)",
        },
    ],
    options: &[OptionInfo {
        name: "paramsWrapper",
        values: &[],
        default: None,
        description: "wrap the business params into one JSON-string param of this name (e.g. Params); flat fields by default",
    }],
    signs: true,
    notes: &[
        "since and until are both required; timeField updated (default) sends startUpdateTime/endUpdateTime, created sends startDate/endDate, and the other pair is sent as [0]",
        "status filters with the request enum queryStatus (query_*); query_refund_or_return_all_for_openapi includes cancelled refunds, query_refund_or_return_all does not; without it no queryStatus is sent",
        "no total: pagination follows hasNext",
        "business params are flat form fields; options.paramsWrapper (e.g. \"Params\") wraps them into one JSON-string param instead",
        "sellerRefundAmount is fen (分) as documented; a value with a fraction (the doc's example 163.2) is read as yuan, with a warning",
        "buyer name and phone come from refundShipInfo, which holds the buyer's contact, not the seller's return address",
        "refundedAt is the REFUND_MONEY_DETAIL time line's time, only for refund_completed",
    ],
};

// ---------------------------------------------------------------------------------------
// Signing.

/// The string that is hashed: `secret + Σ(key + value) + secret`, keys in byte order, no
/// separators (NOTES.md, 蘑菇街 sign steps 2–3). `sign` itself is never part of it.
fn sign_string(params: &Params, app_secret: &str) -> String {
    let mut sorted = params.clone();
    super::sort_by_name(&mut sorted);
    sign_string_in_order(&sorted, app_secret)
}

/// [`sign_string`] of pairs already in byte order (`build_request` sorts them for the body).
fn sign_string_in_order(sorted: &Params, app_secret: &str) -> String {
    let size = sorted.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
    let mut out = String::with_capacity(2 * app_secret.len() + size);
    out.push_str(app_secret);
    for (key, value) in sorted.iter().filter(|(k, _)| k != "sign") {
        out.push_str(key);
        out.push_str(value);
    }
    out.push_str(app_secret);
    out
}

/// Upper-case hex MD5, zero-padded to 32 digits (a Java client's `BigInteger.toString(16)`
/// drops leading zeros and then fails with "Sign错误" one time in sixteen).
fn signature(params: &Params, app_secret: &str) -> String {
    sign::md5_upper(sign_string(params, app_secret).as_bytes())
}

// ---------------------------------------------------------------------------------------
// Errors.

/// `status.code` values seen in clients (NOTES.md, Response); the doc publishes no table.
/// All are authorization problems: retrying unchanged cannot help.
static ERROR_CODES: [(&str, &str, &str); 3] = [
    ("0000001", "access token failure (invalid access_token)", "access_token 授权失败"),
    ("0000010", "access token expired: refresh it with the refresh_token", "access_token 已过期,请用 refresh_token 刷新"),
    ("0000011", "authorization expired or invalid", "授权已过期或无效"),
];

/// A code as the 7-character string the tables hold: a JSON number (`11`, `0`) loses the
/// zero padding, so it is put back.
fn padded_code(code: &str) -> String {
    if !code.is_empty() && code.len() < 7 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{code:0>7}")
    } else {
        code.to_string()
    }
}

fn platform_error(code: &str, message: Option<String>) -> RefundError {
    let text = message.as_deref().unwrap_or("");
    let lower = text.to_ascii_lowercase();
    let padded = padded_code(code);
    let (meaning, meaning_zh, retryable) = if text.contains("Sign错误") || lower.contains("sign错误") {
        ("signature rejected (Sign错误): check appSecret and the signed params", "签名错误(Sign错误):请检查 appSecret 与参与签名的参数", false)
    } else if let Some((_, en, zh)) = ERROR_CODES.iter().find(|(c, _, _)| *c == padded) {
        (*en, *zh, false)
    } else if super::says_temporary_failure(text) {
        ("temporary failure (rate limit, server busy or time skew)", "暂时失败(频率限制、服务繁忙或时间误差)", true)
    } else {
        ("request refused", "请求被拒绝", false)
    };
    RefundError::platform(code, message, meaning, meaning_zh, retryable)
}

// ---------------------------------------------------------------------------------------
// Wire structs, named as in the doc.

json::wire! {
    struct Envelope<'a> {
        result: Nested<WireResult<'a>>,
        status: Nested<WireStatus<'a>>,
    }
}

json::wire! {
    struct WireStatus<'a> {
        code,
        msg,
    }
}

json::wire! {
    struct WireResult<'a> {
        data: Nested<WireData<'a>>,
    }
}

json::wire! {
    struct WireData<'a> {
        has_next = "hasNext",
        // The doc types the list "Object": one record may come as an object.
        refund_full_dto_list = "refundFullDTOList": Listed<'a, WireRefund<'a>, ArrayOrOne>,
    }
}

json::wire! {
    /// One `refundFullDTOList` record: every field of the doc (返回参数 and its example) in
    /// its order. `orderStatus` (the order's, not the refund's) and `timeLines[].showContent`
    /// have no unified field; `includeRaw` keeps them.
    #[derive(Debug)]
    struct WireRefund<'a> {
        created_str = "createdStr",
        expense,
        goods_price = "goodsPrice",
        item_id = "itemId",
        item_order_id = "itemOrderId",
        now_price = "nowPrice",
        number,
        order_status = "orderStatus": Skip,
        price,
        reason,
        refund_description = "refundDescription",
        refund_id = "refundId",
        refund_ship_info = "refundShipInfo": Nested<WireShipInfo<'a>, true>,
        refund_type = "refundType",
        shop_order_id = "shopOrderId",
        status,
        seller_refund_amount = "sellerRefundAmount",
        time_lines = "timeLines": Listed<'a, WireTimeLine<'a>>,
        updated_str = "updatedStr",
    }
}

json::wire! {
    /// `refundShipInfo`: the return's express and the buyer's contact, in the doc's order.
    #[derive(Debug)]
    struct WireShipInfo<'a> {
        address: Skip,
        area: Skip,
        city: Skip,
        description: Skip,
        mobile,
        name,
        province: Skip,
        ship_time = "shipTime": Skip,
        zip: Skip,
        ship_express_name = "shipExpressName",
        ship_express_id = "shipExpressId",
    }
}

json::wire! {
    /// One `timeLines` entry.
    #[derive(Debug)]
    struct WireTimeLine<'a> {
        action_name = "actionName": Skip,
        action_type = "actionType",
        created_str = "createdStr",
        show_content = "showContent": Skip,
    }
}

// ---------------------------------------------------------------------------------------
// Converting one record.

/// `sellerRefundAmount` (商家实际退款金额(分)) is fen, as documented. A value with a fraction
/// cannot be fen (the doc's own example, `163.2`, is yuan): it is read as yuan, with a warning.
fn seller_refund_amount(text: &str) -> Result<(String, Option<Warning>), FieldError> {
    const FIELD: &str = "sellerRefundAmount";
    let invalid = |e: money::MoneyError| FieldError::new(FIELD, "invalid_money", format!("{FIELD}: {e}"));
    let as_yuan = money::yuan(text).map_err(invalid)?;
    let (int, frac) = as_yuan.split_once('.').unwrap_or((as_yuan.as_str(), ""));
    if frac.bytes().all(|b| b == b'0') {
        return Ok((money::fen_to_yuan(int).map_err(invalid)?, None));
    }
    let warning = Warning::new(
        WarningCode::AmountUnit,
        format!("{FIELD} {text} has a fraction, so it was read as yuan, not the documented fen"),
        format!("{FIELD} {text} 带有小数,按元读取,而非文档所说的分"),
    );
    Ok((as_yuan, Some(warning)))
}

/// refundedAt: the latest `REFUND_MONEY_DETAIL` (退款金额明细) time line, the moment the
/// money was settled. Read only for `refund_completed`; before that the line may exist
/// while the refund is still waiting for the money (refund_or_return_deal_agreed).
fn refunded_at(lines: Listed<'_, WireTimeLine<'_>>) -> Result<Option<String>, FieldError> {
    let lines = lines.into_list().records("timeLines")?;
    let mut latest: Option<String> = None;
    for (segment, line) in lines {
        // The path only for an error: formatting it for every line cost more than the line.
        let path = || format!("timeLines{segment}");
        if json::text("actionType", line.action_type).map_err(|e| e.inside(&path()))?.as_deref() != Some("REFUND_MONEY_DETAIL") {
            continue;
        }
        // All RFC 3339 texts here carry +08:00, so text order is time order.
        if let Some(at) = json::beijing_time("createdStr", line.created_str).map_err(|e| e.inside(&path()))? {
            if latest.as_ref().map_or(true, |l| at > *l) {
                latest = Some(at);
            }
        }
    }
    Ok(latest)
}

fn convert_wire<'a>(wire: WireRefund<'a>) -> Result<Refund<'a>, RecordError> {
    let id = json::required_id("refundId", wire.refund_id)?;
    // A copy of the borrowed id (no allocation); its text is made only for a rejection.
    let id_text = id.clone();
    let with_id = |error: FieldError| RecordError { error, id: Some(id_text.to_string()) };

    let mut refund = Refund::new(PlatformId::Mogujie, id);
    (|| -> Result<(), FieldError> {
        refund.order_id = json::nonzero_id("shopOrderId", wire.shop_order_id)?;
        refund.sub_order_id = json::nonzero_id("itemOrderId", wire.item_order_id)?;
        if let Some(code) = json::text("refundType", wire.refund_type)? {
            refund.kind = INFO.kind(&code).map_or(Kind::Unknown, |k| k.unified);
        }
        let status = json::text("status", wire.status)?;
        let known = status.as_deref().and_then(|c| INFO.status(c));
        refund.status = known.map_or(Status::Unknown, |s| s.unified);
        refund.platform_status = PlatformStatus { label: known.map(|s| s.label.into()), code: status };

        refund.requested_amount = json::fen("expense", wire.expense)?;
        let goods_price = json::fen("goodsPrice", wire.goods_price)?;
        if let Some(text) = json::text("sellerRefundAmount", wire.seller_refund_amount)? {
            let (amount, warning) = seller_refund_amount(&text)?;
            refund.refunded_amount = Some(amount.into());
            refund.warnings.extend(warning);
        }

        let now_price = json::fen("nowPrice", wire.now_price)?;
        let price = json::fen("price", wire.price)?;
        let goods_id = json::nonzero_id("itemId", wire.item_id)?;
        let quantity = json::quantity("number", wire.number)?;
        // nowPrice (现价) is what the buyer paid per unit (the doc's example: 8160 × 2 = goodsPrice
        // 16320); price is the list price, used only when nowPrice is missing, and flagged.
        let unit_price = match (now_price, price) {
            (Some(now), _) => Some(now),
            (None, Some(list)) => {
                refund.warnings.push(Warning::new(
                    WarningCode::Fallback,
                    format!("nowPrice is missing; unitPrice is price {list}, the list price"),
                    format!("缺少 nowPrice;unitPrice 取 price {list},即标价"),
                ));
                Some(list)
            }
            (None, None) => None,
        };
        if goods_id.is_some() || quantity.is_some() || unit_price.is_some() || goods_price.is_some() {
            // `vec!` allocates the one line exactly; a `push` grows an empty list to four (216
            // bytes a record of nothing, read and freed again: docs/performance.md).
            refund.items = vec![Item { goods_id, quantity, unit_price, amount: goods_price, ..Item::default() }];
        }

        for amount in [&refund.requested_amount, &refund.refunded_amount].into_iter().flatten() {
            if money::is_negative(amount) {
                refund.warnings.push(Warning::negative_amount(amount));
            }
        }
        refund.reason = json::text("reason", wire.reason)?;
        refund.note = json::text("refundDescription", wire.refund_description)?;

        let ship = wire.refund_ship_info.record("refundShipInfo")?;
        if let Some(ship) = ship {
            let inside = |e: FieldError| e.inside("refundShipInfo");
            let company = json::text("shipExpressName", ship.ship_express_name).map_err(inside)?;
            let tracking_no = json::id("shipExpressId", ship.ship_express_id).map_err(inside)?;
            if company.is_some() || tracking_no.is_some() {
                refund.return_shipment = Some(ReturnShipment { company, company_code: None, tracking_no });
            }
            // The buyer's contact: in the doc's example it differs from the seller's return
            // address given in the RETURN_GOODS_SELLER_AGREE time line (收件人, 电话, 邮编).
            let name = json::text("name", ship.name).map_err(inside)?;
            let phone = json::text("mobile", ship.mobile).map_err(inside)?;
            if name.is_some() || phone.is_some() {
                refund.buyer = Some(Buyer { id: None, name, phone });
            }
        }

        refund.created_at = json::beijing_time("createdStr", wire.created_str)?;
        refund.updated_at = json::beijing_time("updatedStr", wire.updated_str)?;
        if refund.status == Status::Succeeded {
            let settled = refunded_at(wire.time_lines)?;
            refund.set_refunded_at("a REFUND_MONEY_DETAIL time line", settled, true);
        }
        Ok(())
    })()
    .map_err(with_id)?;
    Ok(refund)
}

// ---------------------------------------------------------------------------------------
// Requests.

/// The `paramsWrapper` option: `None` for flat params, or a name that is not a system param.
fn wrapper(options: &RequestOptions) -> Result<Option<&str>, (String, String)> {
    let name = options.switch(WRAPPER_OPTION).map_err(|e| (e.message, e.message_zh))?;
    match name {
        None => Ok(None),
        Some(n) if n.is_empty() || !n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => Err((
            format!("options.{WRAPPER_OPTION} must be a param name of letters, digits and _"),
            format!("options.{WRAPPER_OPTION} 必须是由字母、数字和 _ 组成的参数名"),
        )),
        Some(n) if SYSTEM_PARAMS.contains(&n) => Err((
            format!("options.{WRAPPER_OPTION} must not be the system param {n}"),
            format!("options.{WRAPPER_OPTION} 不能是公共参数 {n}"),
        )),
        Some(n) => Ok(Some(n)),
    }
}

/// The business params as one JSON object text: `page`/`pageSize` as numbers (the doc types
/// them Number), the rest as strings, in the given (doc) order.
fn wrapped_json(params: &Params) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_string(&mut out, key);
        out.push(':');
        let numeric = matches!(key.as_ref(), "page" | "pageSize") && !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        if numeric {
            out.push_str(value);
        } else {
            json::push_string(&mut out, value);
        }
    }
    out.push('}');
    out
}

impl Mogujie {
    /// Business params in the doc's table order, flat or wrapped per `paramsWrapper`.
    fn business_params(&self, query: &Query, options: &RequestOptions, wrapper: Option<&str>) -> Result<Params, Vec<Issue>> {
        let mut issues = Vec::new();
        let checked = check_common(&INFO, query, options, &mut issues);
        if !issues.is_empty() {
            return Err(issues);
        }
        let (Some(since), Some(until)) = (checked.since, checked.until) else {
            // check_common has reported both as required (time_range_required).
            return Err(vec![Issue::required("since")]);
        };
        let (since, until) = (time::format_beijing(since), time::format_beijing(until));
        let unused = || UNUSED_DATE.to_string();
        let (created, updated) = match checked.time_field.field {
            TimeField::Created => ((since, until), (unused(), unused())),
            TimeField::Updated => ((unused(), unused()), (since, until)),
        };

        // Room for the request's own params too (build_request adds them): no regrowth.
        let mut params: Params = Vec::with_capacity(12);
        let mut put = |key: &'static str, value: Option<String>| {
            // Empty params are never sent, so never signed: the clients disagree on how an
            // empty value is signed (NOTES.md, 蘑菇街 sign step 5).
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                params.push((key.into(), value));
            }
        };
        put("queryStatus", query.status.clone());
        let refund_type = query.params.iter().find(|(k, _)| k == "refundType").map(|(_, v)| v.clone());
        put("refundType", refund_type);
        put("startDate", Some(created.0));
        put("endDate", Some(created.1));
        put("page", Some(time::decimal(checked.native_page)));
        put("pageSize", Some(time::decimal(checked.page_size)));
        put("startUpdateTime", Some(updated.0));
        put("endUpdateTime", Some(updated.1));

        Ok(match wrapper {
            None => params,
            Some(name) => vec![(name.to_string().into(), wrapped_json(&params))],
        })
    }
}

impl Platform for Mogujie {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        let wrapper = wrapper(options);
        let result = self.business_params(query, options, wrapper.as_ref().ok().copied().flatten());
        match wrapper {
            Ok(_) => result,
            Err((en, zh)) => {
                let mut issues = result.err().unwrap_or_default();
                issues.push(Issue::new(format!("options.{WRAPPER_OPTION}"), "invalid_value", en, zh));
                Err(issues)
            }
        }
    }

    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError> {
        Ok(signature(params, credentials.required("appSecret")?))
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        let access_token = credentials.required("accessToken")?;
        let wrapper = wrapper(options).map_err(|(en, zh)| RefundError::invalid_options(en, zh))?;
        let mut params = self.business_params(query, options, wrapper).map_err(RefundError::invalid_query)?;
        // sign_method and version are optional and left out, as in NOTES.md's worked example.
        params.push(("app_key".into(), app_key.into()));
        params.push(("method".into(), METHOD.into()));
        params.push(("access_token".into(), access_token.into()));
        params.push(("timestamp".into(), time::decimal(options.now)));
        params.push(("format".into(), "json".into()));
        super::sort_by_name(&mut params);
        let sign = sign::md5_upper(sign_string_in_order(&params, app_secret).as_bytes());
        let body = form::encode(params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).chain([("sign", sign.as_str())]));
        Ok(SignedRequest {
            url: Cow::Borrowed(GATEWAY_URL),
            method: "POST",
            headers: super::form_headers(),
            body,
        })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        let shape_error = |what: &str| {
            RefundError::invalid_body(
                format!("not a 蘑菇街 xiaodian.trade.refund.list response: {what}"),
                format!("不是蘑菇街 xiaodian.trade.refund.list 的响应:{what}"),
            )
        };
        let envelope = Envelope::read(body).map_err(|e| json::envelope_error(e, shape_error))?;
        // The envelope was read, so the body is one object and JSON white space.
        if json::is_empty_object(json::Json::checked(body.trim())) {
            // The doc's 异常示例 is literally `{ }`: an error with neither code nor message.
            let mut e = RefundError::platform(
                "",
                None,
                "an empty answer `{ }`, the doc's error example (异常示例), with no code or message",
                "空响应 `{ }`(文档的异常示例),没有错误码和信息",
                false,
            );
            e.platform_code = None;
            return Err(e);
        }
        let status = match envelope.status.0 {
            Ok(Some(status)) => status,
            Ok(None) => return Err(shape_error("no status").at("status")),
            Err(_) => return Err(shape_error("status is not an object").at("status")),
        };
        let code = json::text("code", status.code)
            .map_err(|e| shape_error(&e.message).at("status.code"))?
            .ok_or_else(|| shape_error("status without code").at("status.code"))?;
        let message = json::text("msg", status.msg).ok().flatten().map(|m| m.trim().to_string());
        if padded_code(&code) != SUCCESS {
            return Err(platform_error(&code, message));
        }

        let mut warnings = Vec::new();
        let data = match envelope.result.0 {
            Err(_) => return Err(shape_error("result is not an object").at("result")),
            Ok(None) => None,
            Ok(Some(result)) => result.data.0.map_err(|_| shape_error("result.data is not an object").at("result.data"))?,
        };
        let (records, has_next) = match data {
            None => {
                // A success without data: nothing to lose, so an empty last page.
                warnings.push(Warning::new(WarningCode::NoRecords, "status 0000000 without result.data: read as an empty page", "status 为 0000000 但没有 result.data:视为空页"));
                (Default::default(), Some(false))
            }
            Some(data) => {
                let has_next = match json::boolean("hasNext", data.has_next) {
                    Ok(Some(b)) => Some(b),
                    Ok(None) => {
                        warnings.push(Warning::new(WarningCode::HasMore, "hasNext is missing: whether more pages follow is unknown", "缺少 hasNext:不知道是否还有下一页"));
                        None
                    }
                    Err(_) => {
                        warnings.push(Warning::new(WarningCode::HasMore, "hasNext is not a boolean: whether more pages follow is unknown", "hasNext 不是布尔值:不知道是否还有下一页"));
                        None
                    }
                };
                let records = data.refund_full_dto_list.into_list();
                match records.form {
                    Form::Array | Form::Absent | Form::Empty("{}") => {}
                    Form::One => warnings.push(Warning::new(
                        WarningCode::SingleRecord,
                        "refundFullDTOList is a single object, not an array: read as one record",
                        "refundFullDTOList 是单个对象而不是数组:按一条记录读取",
                    )),
                    Form::Empty(_) | Form::Keyed | Form::Other(_) => {
                        return Err(shape_error("refundFullDTOList is not an array").at("result.data.refundFullDTOList"));
                    }
                }
                (records, has_next)
            }
        };
        let count = records.len();
        if has_next == Some(true) && count == 0 {
            warnings.push(Warning::new(WarningCode::HasMore, "hasNext is true on an empty page", "空页上的 hasNext 为 true"));
        }

        let query = options.query.as_ref();
        let mut page = RefundPage {
            refunds: super::refunds_room(count, options)?,
            page: PageInfo {
                page: query.map(|q| q.page.unwrap_or(1)),
                page_size: query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default)),
                // No total in this API: pagination is by hasNext only.
                total: None,
                has_more: has_next,
            },
            rejected: Vec::new(),
            warnings,
        };
        convert_list(&mut page, "result.data.refundFullDTOList", records, super::RawText::new(options.include_raw, None), convert_wire, sink);
        warn_duplicates(&mut page);
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().map(|(k, v)| (k.to_string().into(), v.to_string())).collect()
    }

    fn worked_example() -> Params {
        params(&[
            ("method", "xiaodian.trade.refund.list"),
            ("app_key", "100001"),
            ("timestamp", "1700000000"),
            ("access_token", "TOKEN"),
            ("format", "json"),
            ("page", "1"),
            ("pageSize", "20"),
        ])
    }

    /// NOTES.md, 蘑菇街 sign step 7, byte for byte: the string and the sign.
    #[test]
    fn notes_worked_example() {
        let p = worked_example();
        assert_eq!(
            sign_string(&p, "test_secret"),
            "test_secretaccess_tokenTOKENapp_key100001formatjsonmethodxiaodian.trade.refund.listpage1pageSize20timestamp1700000000test_secret"
        );
        assert_eq!(signature(&p, "test_secret"), "E3781B73FCB726602254561806081396");
    }

    #[test]
    fn order_of_params_does_not_matter() {
        let mut p = worked_example();
        p.reverse();
        assert_eq!(signature(&p, "test_secret"), "E3781B73FCB726602254561806081396");
        p.rotate_left(3);
        assert_eq!(signature(&p, "test_secret"), "E3781B73FCB726602254561806081396");
    }

    #[test]
    fn sign_param_itself_is_not_signed() {
        let mut p = worked_example();
        p.push(("sign".into(), "E3781B73FCB726602254561806081396".into()));
        assert_eq!(signature(&p, "test_secret"), "E3781B73FCB726602254561806081396");
    }

    /// NOTES.md sign step 2: byte order, so `Params` (upper case) sorts before `access_token`.
    #[test]
    fn upper_case_keys_sort_first() {
        let p = params(&[("app_key", "1"), ("Params", "{\"page\":1}"), ("access_token", "T"), ("Z", "z")]);
        assert_eq!(sign_string(&p, "s"), "sParams{\"page\":1}Zzaccess_tokenTapp_key1s");
    }

    /// Chinese values are hashed as their UTF-8 bytes.
    #[test]
    fn chinese_values_hash_as_utf8() {
        let p = params(&[("reason", "老公不喜欢"), ("app_key", "100001")]);
        assert_eq!(sign_string(&p, "密钥"), "密钥app_key100001reason老公不喜欢密钥");
        assert_eq!(signature(&p, "密钥"), "832DD6813BA953702D8ED45EA69AEA95");
    }

    /// Always 32 upper-case hex digits, leading zeros kept (MoGuJieSupport's BigInteger trap).
    #[test]
    fn sign_is_zero_padded_upper_hex() {
        // md5("jk8ssl") = 0000000018e6137ac2caab16074784a6; with an empty secret the sign
        // string of { jk8: "ssl" } is exactly "jk8ssl".
        let p = params(&[("jk8", "ssl")]);
        assert_eq!(sign_string(&p, ""), "jk8ssl");
        assert_eq!(signature(&p, ""), "0000000018E6137AC2CAAB16074784A6");
        for secret in ["a", "b", "c", "test_secret"] {
            let sign = signature(&worked_example(), secret);
            assert_eq!(sign.len(), 32);
            assert!(sign.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        }
    }

    #[test]
    fn empty_values_are_signed_as_given_by_sign_params() {
        // signParams signs exactly what it is given: key + "" (MeilishuoClient's way).
        let p = params(&[("a", ""), ("b", "1")]);
        assert_eq!(sign_string(&p, "s"), "sab1s");
    }

    /// 商家实际退款金额(分): whole numbers are fen whatever `expense` says (150 is 1.50 yuan,
    /// not 150 yuan); a fraction cannot be fen and is read as yuan with an `amount_unit` warning.
    #[test]
    fn seller_refund_amount_is_fen_and_a_fraction_is_flagged() {
        for (text, yuan) in [("15320", "153.20"), ("150", "1.50"), ("153", "1.53"), ("0", "0.00"), ("99999", "999.99"), ("150.00", "1.50"), ("-150", "-1.50")] {
            assert_eq!(seller_refund_amount(text).unwrap(), (yuan.to_string(), None), "{text}");
        }
        let (amount, warning) = seller_refund_amount("163.2").unwrap();
        assert_eq!(amount, "163.20");
        let warning = warning.unwrap();
        assert_eq!(warning.code, WarningCode::AmountUnit);
        assert!(warning.message.contains("read as yuan") && warning.message_zh.contains("按元读取"), "{warning:?}");
        assert_eq!(seller_refund_amount("abc").unwrap_err().code, "invalid_money");
    }

    #[test]
    fn error_codes_and_retryable() {
        assert!(!platform_error("0000011", None).retryable);
        assert!(!platform_error("11", None).retryable);
        assert!(platform_error("0000099", Some("调用太频繁".into())).retryable);
        let e = platform_error("0000099", Some("Sign错误".into()));
        assert!(!e.retryable);
        assert!(e.message.contains("signature"));
    }
}
