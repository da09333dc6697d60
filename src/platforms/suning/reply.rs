//! 苏宁's replies, JSON or XML, into the unified page: the wire records named as in the doc,
//! the error envelope, the head's counts; an XML reply is read through its JSON form.

use super::{error_meaning, platform_error, APP_METHOD, INFO, LIST_PATH, NO_RESULT, RECORD_PATH, RETURN_TYPES, ROOT, STATUSES, SUCCESS};
use crate::error::RefundError;
use crate::platforms::RawText;
use crate::json::record::{self, ArrayOrOne, Form, Listed, Nested, Shape, Wire};
use crate::json::{self, FieldError, Raw};
use crate::xml::trim;
use crate::model::{Buyer, Item, Kind, PageInfo, PlatformId, PlatformStatus, Refund, RefundPage, ReturnShipment, Status, Warning, WarningCode};
use crate::platforms::{convert_list, has_more, warn_duplicates, RecordSink, ParseOptions, RecordError, StatusCode};
use std::borrow::Cow;


json::wire! {
    struct Envelope<'a> {
        response_content = "sn_responseContent": Nested<ResponseContent<'a>, true>,
    }
}

json::wire! {
    struct ResponseContent<'a> {
        sn_head: Nested<Head<'a>, true>,
        sn_body: Nested<Body<'a>, true>,
        sn_error: Nested<SnError<'a>, true>,
    }
}

json::wire! {
    #[allow(non_snake_case)]
    struct Head<'a> {
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
        /// One record may come as an object (XML's single element, or a converter's output).
        batchQueryRejected: Listed<'a, WireRejected<'a>, ArrayOrOne>,
    }
}

json::wire! {
    struct SnError<'a> {
        error_code,
        /// Real replies carry only the code (NOTES.md); a message is kept if one ever comes.
        error_msg,
    }
}

json::wire! {
    /// One `batchQueryRejected` record; field names as in the doc's response table.
    #[allow(non_snake_case)]
    struct WireRejected<'a> {
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

/// `statusDesc` as a code, a label of the table, or the doc's `1-退款待处理` form.
pub(super) fn status_of(text: &str) -> Option<&'static StatusCode> {
    let t = trim(text);
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

fn convert(wire: WireRejected<'_>) -> Result<Refund<'_>, RecordError> {
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

        // platformStatus.code is statusDesc exactly as said (a code, `code-label`, a label or
        // free text); the table gives the unified status and the label. Free text outside the
        // table (the doc's own example) is `unknown` with no label.
        let status_text = json::text("statusDesc", wire.statusDesc)?;
        let known = status_text.as_deref().and_then(status_of);
        refund.status = known.map_or(Status::Unknown, |s| s.unified);
        refund.platform_status = PlatformStatus { code: status_text, label: known.map(|s| s.label.into()) };
        refund.kind = match json::text("refundtype", wire.refundtype)? {
            None => Kind::ReturnAndRefund,
            Some(code) => INFO.kind(trim(&code)).map_or(Kind::Unknown, |k| k.unified),
        };
        if let Some(code) = json::text("returntype", wire.returntype)? {
            if !RETURN_TYPES.iter().any(|(c, _)| *c == trim(&code)) {
                refund.warnings.push(Warning::new(
                    WarningCode::UnknownCode,
                    format!("returntype {code:?} is not one of the doc's codes 2, 3, 4"),
                    format!("returntype {code:?} 不是文档中的 2、3、4 之一"),
                ));
            }
        }

        // 交易金额 is the order line's amount, not what the buyer asked back: it is the item's
        // amount, and requestedAmount stays null (the API does not say it).
        let deal_money = json::yuan("dealMoney", wire.dealMoney)?;
        refund.refunded_amount = json::yuan("returnMoney", wire.returnMoney)?;
        for amount in [&deal_money, &refund.refunded_amount].into_iter().flatten() {
            if crate::money::is_negative(amount) {
                refund.warnings.push(Warning::negative_amount(amount));
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
/// A node of the reply: its record, none, or the error of a node of another shape.
fn node<T, const P: bool>(node: Nested<T, P>, path: &str) -> Result<Option<T>, RefundError> {
    node.0.map_err(|shape| match shape {
        Shape::Not { .. } => shape_error(&format!("{path} is not an object")).at(path),
        shape => shape_error(&format!("{path}: {}", json::read::ReadError::from(shape))).at(path),
    })
}

/// A head count; a bad one is a page warning, not a lost page.
fn head_count<'a>(field: &'static str, raw: Raw<'a>, warnings: &mut Vec<Warning>) -> Option<u64> {
    json::count(field, raw).unwrap_or_else(|e| {
        warnings.push(Warning::new(WarningCode::Paging, format!("sn_head.{}: {}", e.field, e.message), format!("sn_head.{} 不是有效的计数:{}", e.field, e.message)));
        None
    })
}

/// The JSON form of a response (also of an XML one: [`parse_xml`]).
/// `xml_records` are the records' XML texts, for `raw`, when the body was XML.
pub(super) fn parse_json<'a>(body: &'a str, options: &ParseOptions, xml_records: Option<&[&'a str]>, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    let envelope = Envelope::read(body).map_err(|e| json::envelope_error(e, shape_error))?;
    let content = node(envelope.response_content, "sn_responseContent")?.ok_or_else(|| shape_error("no sn_responseContent").at("sn_responseContent"))?;
    let head = node(content.sn_head, "sn_responseContent.sn_head")?;
    let error = node(content.sn_error, "sn_responseContent.sn_error")?;
    let status = read_status(head, error)?;
    let body = node(content.sn_body, "sn_responseContent.sn_body")?;

    // "No data" means no records, whatever the body holds.
    let records = match body {
        Some(body) if !status.no_result => body.batchQueryRejected.into_list(),
        _ => record::List::default(),
    };
    // A scalar where the list should be is kept as one record, so it is rejected, not lost.
    let scalar = match records.form {
        Form::Other(found) => Some(found),
        _ => None,
    };
    let count = records.len() + usize::from(scalar.is_some());
    let mut page = page_around(status, count, options)?;
    if let Some(found) = scalar {
        let shape = Shape::Not { expected: "an object", found };
        let error = json::not_an_object(shape.into());
        let rejected = crate::model::Rejected { index: 0, id: None, code: error.code, message: error.message, path: LIST_PATH.to_string() };
        crate::platforms::push_rejected(&mut page, rejected, sink);
    }
    convert_list(&mut page, LIST_PATH, records, RawText::new(options.include_raw, xml_records), convert, sink);
    warn_duplicates(&mut page);
    Ok(page)
}

/// What `sn_head` and `sn_error` say.
struct ReplyStatus {
    /// `biz.handler.data-get:no-result`: an empty page, whatever the body holds.
    no_result: bool,
    head_page: Option<u64>,
    page_total: Option<u64>,
    total: Option<u64>,
    warnings: Vec<Warning>,
}

/// The platform's error (from `sn_error`, or an error code in `returnMessage`), or the
/// head's counts and the warnings about them.
fn read_status(head: Option<Head<'_>>, error: Option<SnError<'_>>) -> Result<ReplyStatus, RefundError> {
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
        (None, Some(other)) => warnings.push(Warning::new(
            WarningCode::Envelope,
            format!("sn_head.returnMessage is {other:?}, not {SUCCESS}"),
            format!("sn_head.returnMessage 为 {other:?},不是 {SUCCESS}"),
        )),
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
            warnings.push(Warning::new(
                WarningCode::Paging,
                format!("page {asked} was asked but the server answered page {answered}"),
                format!("请求的是第 {asked} 页,服务器返回的是第 {answered} 页"),
            ));
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
        refunds: crate::platforms::refunds_room(count, options)?,
        page: PageInfo { page: page_number, page_size, total, has_more: more },
        rejected: Vec::new(),
        warnings,
    })
}

/// An XML reply: turned into the JSON text of the same response, and read as JSON.
pub(super) fn parse_xml<'a>(body: &'a str, options: &ParseOptions, sink: RecordSink<'_>) -> Result<RefundPage<'a>, RefundError> {
    crate::platforms::parse_xml_via_json(
        body,
        &[ROOT],
        &RECORD_PATH,
        |en, zh| RefundError::invalid_body(format!("not a Suning {APP_METHOD} response: {en}"), format!("不是苏宁 {APP_METHOD} 的响应:{zh}")),
        |json, records| parse_json(json, options, Some(records), sink),
    )
}
