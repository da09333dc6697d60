//! 旺店通 ERP openapi2 `vip_api_refund_query.php` (查询原始退款单).
//!
//! Doc: shared/platforms/wangdiantong.vip_api_refund_query.txt; server behaviour: the
//! Wangdiantong section of NOTES.md. Traps handled here: lengths in the sign count Unicode
//! code points and never truncate; empty params are dropped, never signed; `page_no` is
//! 0-based; `total_count` comes only on page 0; every number may be a string; the zero date
//! `0000-00-00 00:00:00` means none.

use super::{
    check_common, convert_list, has_more, warn_duplicates, CredentialField, Credentials, FilterInfo, RecordSink, KindCode,
    NativeParam, PagingInfo, ParseOptions, Platform, PlatformInfo, RecordError, RequestOptions, StatusCode,
    TimeFieldInfo,
};
use crate::error::{Issue, RefundError};
use crate::json::record::{Form, Listed, Skip, Wire};
use crate::json::{self, FieldError};
use crate::model::{Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, ReturnShipment, SignedRequest, Status, Warning, WarningCode};
use crate::query::{Params, Query, TimeField};
use crate::{form, sign, time};
use std::borrow::Cow;

pub struct Wangdiantong;

const PRODUCTION_URL: &str = "https://api.wangdian.cn/openapi2/vip_api_refund_query.php";
const SANDBOX_URL: &str = "https://sandbox.wangdian.cn/openapi2/vip_api_refund_query.php";

/// `status` (平台状态), doc §4.2, mapped per DESIGN.md.
static STATUSES: [StatusCode; 15] = [
    StatusCode { code: "0", label: "空", unified: Status::Unknown },
    StatusCode { code: "1", label: "取消退款", unified: Status::Cancelled },
    StatusCode { code: "2", label: "已申请退款", unified: Status::Pending },
    StatusCode { code: "3", label: "等待退货", unified: Status::AwaitingReturn },
    StatusCode { code: "4", label: "等待收货", unified: Status::ReturnInTransit },
    StatusCode { code: "5", label: "退款成功", unified: Status::Succeeded },
    StatusCode { code: "10", label: "换货待处理", unified: Status::Pending },
    StatusCode { code: "20", label: "待买家退货", unified: Status::AwaitingReturn },
    StatusCode { code: "30", label: "买家已退货待收货", unified: Status::ReturnInTransit },
    StatusCode { code: "40", label: "待买家修改", unified: Status::AwaitingBuyer },
    StatusCode { code: "50", label: "待发出换货商品", unified: Status::Processing },
    StatusCode { code: "55", label: "待买家收货", unified: Status::Processing },
    StatusCode { code: "60", label: "换货改退货", unified: Status::Processing },
    StatusCode { code: "70", label: "换货关闭", unified: Status::Closed },
    StatusCode { code: "80", label: "换货成功", unified: Status::Succeeded },
];

/// `process_status` (系统状态), doc §4.2: the ERP's own progress. It never decides `status`
/// (that is the platform's `status` alone); when `status` says nothing, the record's warning
/// names it.
static PROCESS_STATUSES: [StatusCode; 10] = [
    StatusCode { code: "0", label: "待递交", unified: Status::Pending },
    StatusCode { code: "10", label: "已取消", unified: Status::Cancelled },
    StatusCode { code: "15", label: "未递交", unified: Status::Pending },
    StatusCode { code: "20", label: "已递交", unified: Status::Pending },
    StatusCode { code: "30", label: "已同意", unified: Status::Processing },
    StatusCode { code: "40", label: "已拒绝", unified: Status::Rejected },
    StatusCode { code: "50", label: "待财审", unified: Status::Processing },
    StatusCode { code: "60", label: "待收货", unified: Status::ReturnInTransit },
    StatusCode { code: "70", label: "部分到货", unified: Status::ReturnInTransit },
    StatusCode { code: "80", label: "已完成", unified: Status::Succeeded },
];

/// `type` (类型), doc §4.2.
static KINDS: [KindCode; 5] = [
    KindCode { code: "0", label: "取消订单", unified: Kind::CancelOrder },
    KindCode { code: "1", label: "退款(未发货退款)", unified: Kind::RefundOnly },
    KindCode { code: "2", label: "退货", unified: Kind::ReturnAndRefund },
    KindCode { code: "3", label: "换货", unified: Kind::Exchange },
    KindCode { code: "4", label: "退款不退货", unified: Kind::RefundOnly },
];

static INFO: PlatformInfo = PlatformInfo {
    id: PlatformId::Wangdiantong,
    name_zh: "旺店通",
    name_en: "Wangdiantong ERP",
    methods: &["vip_api_refund_query.php"],
    time_fields: &[TimeFieldInfo {
        field: TimeField::Updated,
        since_param: "start_time",
        until_param: "end_time",
        format: "yyyy-MM-dd HH:mm:ss",
    }],
    time_range_required: false,
    max_span_seconds: Some(30 * time::DAY),
    closed_interval: true,
    max_lookback_seconds: None,
    paging: PagingInfo {
        base: 0,
        page_param: "page_no",
        size_param: "page_size",
        page_max: 1_000_000,
        size_min: 1,
        size_max: 100,
        size_default: 40,
    },
    filters: &[
        FilterInfo { field: "shopId", param: "shop_no", max_len: Some(40), values: &[] },
        FilterInfo { field: "orderId", param: "tid", max_len: Some(40), values: &[] },
        FilterInfo { field: "refundId", param: "refund_no", max_len: Some(40), values: &[] },
    ],
    statuses: &STATUSES,
    kinds: &KINDS,
    native_params: &[NativeParam {
        name: "platform_id",
        description: "平台id, only together with orderId (tid) or refundId (refund_no)",
        max_len: Some(4),
        values: &[],
    }],
    credentials: &[
        CredentialField { name: "sid", kind: "string", required: true, secret: false, values: &[], description: "卖家账号 (seller account)" },
        CredentialField { name: "appKey", kind: "string", required: true, secret: false, values: &[], description: "接口账号 appkey" },
        CredentialField { name: "appSecret", kind: "string", required: true, secret: true, values: &[], description: "appsecret, signs every request" },
        CredentialField { name: "sandbox", kind: "boolean", required: false, secret: false, values: &[], description: "use sandbox.wangdian.cn" },
    ],
    options: &[],
    signs: true,
    notes: &[
        "page_no is 0-based on the wire; the unified page stays 1-based",
        "total_count is returned only for the first page: pass it back as parseResponse options.total",
        "the time range filters on last-modified time, at most 30 days, both ends inclusive",
        "status alone decides the unified status: 0 (空) and codes outside the table are unknown, and the ERP's process_status is named in a warning",
        "createdAt is refund_time (when the buyer asked on the platform); the ERP's own row time created stays in raw",
    ],
};

/// The packed sign string: `LL-key:VVVV-value` pairs sorted by key bytes, joined by `;`.
/// Lengths count Unicode code points (PHP `iconv_strlen`), padded to at least 2 and 4 digits,
/// never truncated.
fn packed(params: &Params) -> String {
    let mut sorted = params.clone();
    super::sort_by_name(&mut sorted);
    packed_in_order(&sorted)
}

/// [`packed`] of pairs already in byte order (`build_request` sorts them for the body anyway).
fn packed_in_order(sorted: &Params) -> String {
    let mut out = String::with_capacity(sorted.iter().map(|(k, v)| k.len() + v.len() + 9).sum());
    for (i, (key, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        time::push_zero_padded(&mut out, key.chars().count() as u64, 2);
        out.push('-');
        out.push_str(key);
        out.push(':');
        time::push_zero_padded(&mut out, value.chars().count() as u64, 4);
        out.push('-');
        out.push_str(value);
    }
    out
}

fn signature(params: &Params, app_secret: &str) -> String {
    signature_of(&packed(params), app_secret)
}

fn signature_of(packed: &str, app_secret: &str) -> String {
    sign::hex_lower(&sign::md5_parts([packed.as_bytes(), app_secret.as_bytes()]))
}

/// `code` ≠ 0: the message tells the kind; the doc publishes no code table, so time skew,
/// rate limits and server trouble are recognised by their words.
fn platform_error(code: &str, message: Option<String>) -> RefundError {
    let text = message.as_deref().unwrap_or("");
    let retryable = super::says_temporary_failure(text);
    let (meaning, meaning_zh) = match code {
        "1060" => ("balance is zero or the app is in arrears", "充值余额为0或应用已欠费"),
        _ if retryable => ("temporary failure (time skew, rate limit or server busy)", "暂时失败(时间误差、频率限制或服务繁忙)"),
        _ => ("request refused", "请求被拒绝"),
    };
    RefundError::platform(code, message, meaning, meaning_zh, retryable)
}

json::wire! {
    /// The answer, field names as in doc §4.
    struct Envelope<'a> {
        code,
        message,
        total_count,
        trade_list: Listed<'a, WireRefund<'a>>,
    }
}

json::wire! {
    /// One `trade_list` record: every field of doc §4.2 in the doc's order (the reader finds
    /// members in that order without reading their names); `Skip` ones are not used.
    #[derive(Debug)]
    struct WireRefund<'a> {
        platform_id: Skip,
        shop_no,
        refund_no,
        tid,
        kind = "type",
        status,
        process_status,
        guarantee_mode: Skip,
        cs_status: Skip,
        op_constraint: Skip,
        refund_amount,
        actual_refund_amount,
        title: Skip,
        logistics_name,
        logistics_no,
        refund_time,
        is_aftersale: Skip,
        reason,
        remark,
        modified,
        created,
        current_phase_timeout,
        goods_list: Listed<'a, WireGoods<'a>>,
    }
}

json::wire! {
    /// One `goods_list` entry.
    #[derive(Debug)]
    struct WireGoods<'a> {
        platform_id: Skip,
        refund_no: Skip,
        oid,
        status: Skip,
        goods_id,
        spec_id,
        goods_no,
        spec_no,
        goods_name,
        spec_name,
        num,
        price,
        total_amount,
        remark: Skip,
        modified: Skip,
        created: Skip,
    }
}

/// One goods line and its sub-order id (`oid`, which is not validated: the doc's own
/// example has a datetime in it).
fn convert_goods(goods: WireGoods<'_>) -> Result<(Item<'_>, Option<crate::model::Text<'_>>), FieldError> {
    let item = Item {
        goods_id: json::id("goods_id", goods.goods_id)?,
        sku_id: json::id("spec_id", goods.spec_id)?,
        goods_no: json::text("goods_no", goods.goods_no)?,
        sku_no: json::text("spec_no", goods.spec_no)?,
        name: json::text("goods_name", goods.goods_name)?,
        sku_name: json::text("spec_name", goods.spec_name)?,
        quantity: json::quantity("num", goods.num)?,
        unit_price: json::yuan("price", goods.price)?,
        amount: json::yuan("total_amount", goods.total_amount)?,
    };
    Ok((item, json::id("oid", goods.oid)?))
}

fn convert_wire(wire: WireRefund<'_>) -> Result<Refund<'_>, RecordError> {
    let id = json::required_id("refund_no", wire.refund_no)?;
    // A copy of the borrowed id (no allocation); its text is made only for a rejection.
    let id_text = id.clone();
    let with_id = |error: FieldError| RecordError { error, id: Some(id_text.to_string()) };

    let mut refund = Refund::new(PlatformId::Wangdiantong, id);
    (|| -> Result<(), FieldError> {
        refund.order_id = json::id("tid", wire.tid)?;
        refund.shop_id = json::text("shop_no", wire.shop_no)?;
        if let Some(code) = json::text("type", wire.kind)? {
            refund.kind = INFO.kind(&code).map_or(Kind::Unknown, |k| k.unified);
        }
        let status = json::text("status", wire.status)?;
        let process = json::text("process_status", wire.process_status)?;
        let known = status.as_deref().and_then(|c| INFO.status(c));
        refund.status = known.map_or(Status::Unknown, |s| s.unified);
        if refund.status == Status::Unknown {
            if let Some(p) = process.as_deref().and_then(|c| PROCESS_STATUSES.iter().find(|s| s.code == c)) {
                let said = status.as_deref().unwrap_or("");
                refund.warnings.push(Warning::new(
                    WarningCode::StatusUnknown,
                    format!("status {said:?} says nothing: the status is unknown; the ERP's process_status is {} ({})", p.code, p.label),
                    format!("status {said:?} 未说明状态:状态未知;ERP 的 process_status 为 {}({})", p.code, p.label),
                ));
            }
        }
        refund.platform_status = PlatformStatus { label: known.map(|s| s.label.into()), code: status };
        refund.requested_amount = json::yuan("refund_amount", wire.refund_amount)?;
        refund.refunded_amount = json::yuan("actual_refund_amount", wire.actual_refund_amount)?;
        for amount in [&refund.requested_amount, &refund.refunded_amount].into_iter().flatten() {
            if crate::money::is_negative(amount) {
                refund.warnings.push(Warning::negative_amount(amount));
            }
        }
        refund.reason = json::text("reason", wire.reason)?;
        refund.note = json::text("remark", wire.remark)?;
        let company = json::text("logistics_name", wire.logistics_name)?;
        let tracking_no = json::text("logistics_no", wire.logistics_no)?;
        if company.is_some() || tracking_no.is_some() {
            refund.return_shipment = Some(ReturnShipment { company, company_code: None, tracking_no });
        }
        // refund_time is when the buyer asked on the platform; `created` is when the ERP
        // downloaded it, which is not the refund's creation (it stays in `raw`).
        refund.created_at = json::beijing_time("refund_time", wire.refund_time)?;
        refund.updated_at = json::beijing_time("modified", wire.modified)?;
        // Doc label: 退款成功时间 (the zero date until then).
        let success_time = json::beijing_time("current_phase_timeout", wire.current_phase_timeout)?;
        // The zero date on a success is not flagged: the doc's own example holds it.
        refund.set_refunded_at("current_phase_timeout", success_time, false);

        let goods = wire.goods_list.into_list().records("goods_list")?;
        let mut oids = Vec::with_capacity(goods.len());
        // Exactly the lines: `push` would grow the list to four at the first.
        refund.items.reserve_exact(goods.len());
        for (segment, g) in goods {
            let (item, oid) = convert_goods(g).map_err(|e| e.inside(&format!("goods_list{segment}")))?;
            refund.items.push(item);
            oids.push(oid);
        }
        // One sub-order behind every line: that is the refund's sub-order.
        if let Some(Some(first)) = oids.first() {
            if oids.iter().all(|o| o.as_ref() == Some(first)) {
                refund.sub_order_id = Some(first.clone());
            }
        }
        Ok(())
    })()
    .map_err(with_id)?;
    Ok(refund)
}

impl Wangdiantong {
    fn business_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        let mut issues = Vec::new();
        let checked = check_common(&INFO, query, options, &mut issues);
        if checked.since.is_some() != checked.until.is_some() {
            let missing = if checked.since.is_none() { "since" } else { "until" };
            issues.push(Issue::new(
                missing,
                "required",
                "since and until go together",
                "since 与 until 必须同时提供",
            ));
        }
        let platform_id = query.params.iter().find(|(k, _)| k == "platform_id");
        if let Some((_, value)) = platform_id {
            if query.order_id.is_none() && query.refund_id.is_none() {
                issues.push(Issue::new(
                    "params.platform_id",
                    "requires",
                    "platform_id must be used together with orderId (tid) or refundId (refund_no)",
                    "platform_id 必须与 orderId(tid)或 refundId(refund_no)同时使用",
                ));
            }
            if value.parse::<u8>().is_err() {
                issues.push(Issue::out_of_range("params.platform_id", 0, 255));
            }
        }
        if !issues.is_empty() {
            return Err(issues);
        }

        // Room for the request's own params too (build_request adds them): no regrowth.
        let mut params: Params = Vec::with_capacity(12);
        let mut put = |key: Cow<'static, str>, value: String| {
            // Empty params are dropped, never signed (NOTES.md, 旺店通 sign step 8).
            if !value.trim().is_empty() {
                params.push((key, value));
            }
        };
        if let (Some(since), Some(until)) = (checked.since, checked.until) {
            put("start_time".into(), time::format_beijing(since));
            put("end_time".into(), time::format_beijing(until));
        }
        put("page_no".into(), time::decimal(checked.native_page));
        put("page_size".into(), time::decimal(checked.page_size));
        for (field, value) in [("shop_no", &query.shop_id), ("tid", &query.order_id), ("refund_no", &query.refund_id)] {
            if let Some(v) = value {
                put(field.into(), v.clone());
            }
        }
        for (k, v) in &query.params {
            put(k.clone(), v.clone());
        }
        Ok(params)
    }
}

impl Platform for Wangdiantong {
    fn info(&self) -> &'static PlatformInfo {
        &INFO
    }

    fn query_params(&self, query: &Query, options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        self.business_params(query, options)
    }

    fn sign_params(&self, params: &Params, credentials: &Credentials) -> Result<String, RefundError> {
        Ok(signature(params, credentials.required("appSecret")?))
    }

    fn build_request(&self, credentials: &Credentials, query: &Query, options: &RequestOptions) -> Result<SignedRequest, RefundError> {
        let sid = credentials.required("sid")?;
        let app_key = credentials.required("appKey")?;
        let app_secret = credentials.required("appSecret")?;
        let url = if credentials.flag("sandbox")? { SANDBOX_URL } else { PRODUCTION_URL };
        let mut params = self.business_params(query, options).map_err(RefundError::invalid_query)?;
        params.push(("sid".into(), sid.into()));
        params.push(("appkey".into(), app_key.into()));
        params.push(("timestamp".into(), time::decimal(options.now)));
        // Sorted like the vendor's PHP client (ksort by reference), `sign` last.
        super::sort_by_name(&mut params);
        let sign = signature_of(&packed_in_order(&params), app_secret);
        let body = form::encode(params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).chain([("sign", sign.as_str())]));
        Ok(SignedRequest {
            url: Cow::Borrowed(url),
            method: "POST",
            headers: super::form_headers(),
            body,
        })
    }

    fn parse_response_with<'a>(&self, body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
        // A body that is not an object is `json::body_error`'s "not a JSON object".
        let envelope = Envelope::read(body).map_err(json::body_error)?;
        let shape_error = |what: &str| {
            RefundError::invalid_body(
                format!("not a 旺店通 vip_api_refund_query response: {what}"),
                format!("不是旺店通 vip_api_refund_query 的响应:{what}"),
            )
        };
        let code = json::text("code", envelope.code).map_err(|e| shape_error(&e.message))?.ok_or_else(|| shape_error("no code"))?;
        if code != "0" {
            let message = json::text("message", envelope.message).ok().flatten().map(|m| m.trim().to_string());
            return Err(platform_error(&code, message));
        }
        let reported_total = json::count("total_count", envelope.total_count).map_err(|e| shape_error(&e.message))?;
        let records = envelope.trade_list.into_list();
        match records.form {
            Form::Array => {}
            // An empty result may come without a list; a claimed total without one is broken.
            Form::Absent if reported_total.unwrap_or(0) == 0 => {}
            Form::Absent => return Err(shape_error("total_count without trade_list").at("trade_list")),
            _ => return Err(shape_error("trade_list is not an array").at("trade_list")),
        }

        let query = options.query.as_ref();
        let page_number = query.map(|q| q.page.unwrap_or(1));
        let page_size = query.map(|q| q.page_size.unwrap_or(INFO.paging.size_default));
        let total = reported_total.or(options.total);
        let mut page = RefundPage {
            refunds: super::refunds_room(records.len(), options)?,
            page: PageInfo {
                page: page_number,
                page_size,
                total,
                has_more: has_more(page_number.unwrap_or(1), page_size, total, records.len()),
            },
            rejected: Vec::new(),
            warnings: Vec::new(),
        };
        if total.is_none() && page_number.is_some_and(|p| p > 1) {
            page.warnings.push(Warning::new(
                WarningCode::TotalElsewhere,
                "total_count is sent only with the first page; pass it as options.total to know the total",
                "total_count 只随第一页返回;请通过 options.total 传入以得知总数",
            ));
        }
        convert_list(&mut page, "trade_list", records, super::RawText::new(options.include_raw, None), convert_wire, sink);
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

    /// NOTES.md, 旺店通 sign step 6, byte for byte.
    #[test]
    fn notes_worked_example() {
        let p = params(&[
            ("appkey", "test2-xx"),
            ("page_no", "0"),
            ("end_time", "2016-08-01 13:00:00"),
            ("start_time", "2016-08-01 12:00:00"),
            ("page_size", "40"),
            ("sid", "test2"),
            ("timestamp", "1470042310"),
        ]);
        assert_eq!(
            packed(&p),
            "06-appkey:0008-test2-xx;08-end_time:0019-2016-08-01 13:00:00;07-page_no:0001-0;09-page_size:0002-40;03-sid:0005-test2;10-start_time:0019-2016-08-01 12:00:00;09-timestamp:0010-1470042310"
        );
        assert_eq!(signature(&p, "test_secret"), "b6b3b7882f9a48858fa18e701d5485b9");
    }

    #[test]
    fn lengths_are_code_points_and_never_truncated() {
        assert_eq!(packed(&params(&[("shop", "旺店通测试店铺")])), "04-shop:0007-旺店通测试店铺");
        assert_eq!(packed(&params(&[("e", "😀")])), "01-e:0001-😀");
        let long = "x".repeat(10_005);
        assert_eq!(packed(&params(&[("k", &long)])), format!("01-k:10005-{long}"));
        let mid = "y".repeat(1000);
        assert_eq!(packed(&params(&[("k", &mid)])), format!("01-k:1000-{mid}"));
        assert_eq!(packed(&params(&[("k", "a;b:c-d")])), "01-k:0007-a;b:c-d");
        assert_eq!(packed(&params(&[("k", "")])), "01-k:0000-");
    }
}
