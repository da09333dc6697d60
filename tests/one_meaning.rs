//! One meaning on every platform: each unified field means the same thing everywhere, and a
//! value the platform did not state is null, never a guess. One test per wrong value the
//! audit found (each failed before the fix), then the amount and time rules.

use refund_normalizer::model::{Refund, RefundPage, WarningCode};
use refund_normalizer::{parse_response, sign_params, validate_query, ErrorCode, ParseOptions, RefundSync, RequestOptions};
use serde_json::{json, Value};

fn parse(platform: &str, body: &str) -> RefundPage<'static> {
    let body: &'static [u8] = Box::leak(body.as_bytes().to_vec().into_boxed_slice());
    parse_response(platform, body, &ParseOptions::default()).unwrap_or_else(|e| panic!("{platform}: {e:?}"))
}

fn only(page: &RefundPage<'static>) -> Refund<'static> {
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!(page.refunds.len(), 1);
    page.refunds[0].clone()
}

fn wangdiantong(record: &str) -> String {
    format!(r#"{{"code":0,"message":"","total_count":"1","trade_list":[{record}]}}"#)
}

fn mogujie(record: &str) -> String {
    format!(r#"{{"result":{{"data":{{"hasNext":false,"refundFullDTOList":[{record}]}}}},"status":{{"code":"0000000","msg":"ok"}}}}"#)
}

fn suning(record: &str) -> String {
    format!(r#"{{"sn_responseContent":{{"sn_head":{{"pageNo":"1","pageTotal":"1","returnMessage":"biz.handler.data-get:success"}},"sn_body":{{"batchQueryRejected":[{record}]}}}}}}"#)
}

fn nuoyun(record: &str) -> String {
    format!(r#"{{"code":200,"msg":"Success","data":{{"total":1,"list":[{record}]}}}}"#)
}

fn shopex(record: &str) -> String {
    format!(r#"{{"response":{{"lists":[{record}],"count":"1"}}}}"#)
}

/// 1. 旺店通's `status` alone decides the unified status: an unknown, zero or missing one is
///    `unknown`, and `process_status` only appears in the warning.
#[test]
fn wangdiantong_status_never_comes_from_process_status() {
    for (record, code) in [
        (r#"{"refund_no":"R1","status":"99","process_status":"80"}"#, Some("99")),
        (r#"{"refund_no":"R1","status":"0","process_status":"80"}"#, Some("0")),
        (r#"{"refund_no":"R1","process_status":"40"}"#, None),
    ] {
        let r = only(&parse("wangdiantong", &wangdiantong(record)));
        assert_eq!(r.status.as_str(), "unknown", "{record}");
        assert_eq!(r.platform_status.code.as_deref(), code);
        assert_eq!(r.warnings.len(), 1, "{record}");
        assert_eq!(r.warnings[0].code, WarningCode::StatusUnknown);
        assert!(r.warnings[0].message.contains("process_status"), "{:?}", r.warnings);
        assert!(r.warnings[0].message_zh.contains("process_status"), "{:?}", r.warnings);
    }
    // A known status is taken as it is, whatever the ERP's progress.
    let r = only(&parse("wangdiantong", &wangdiantong(r#"{"refund_no":"R1","status":"2","process_status":"80"}"#)));
    assert_eq!(r.status.as_str(), "pending");
    assert!(r.warnings.is_empty());
}

/// 3. 苏宁's `platformStatus.code` is `statusDesc` exactly as said; `status` maps from it.
#[test]
fn suning_platform_status_is_what_the_platform_said() {
    let record = |desc: &str| {
        format!(r#"{{"orderCode":"1","productCode":"2","applyTime":"2024-05-01 10:00:00","statusDesc":"{desc}","returnMoney":"1.00"}}"#)
    };
    for desc in ["退款成功", "8-退款成功", "8"] {
        let r = only(&parse("suning", &suning(&record(desc))));
        assert_eq!(r.status.as_str(), "succeeded");
        assert_eq!(r.platform_status.code.as_deref(), Some(desc));
        assert_eq!(r.platform_status.label.as_deref(), Some("退款成功"));
    }
}

/// 4. A Unix time outside the plausible years (12 digits is year 7170) rejects the record,
///    with the field's path, on every platform that sends Unix seconds.
#[test]
fn implausible_unix_times_are_refused() {
    let page = parse("nuoyun", &nuoyun(r#"{"refund_no":"RF1","create_time":164099520000,"status":1}"#));
    assert!(page.refunds.is_empty());
    assert_eq!((page.rejected[0].code, page.rejected[0].path.as_str()), ("invalid_time", "data.list[0].create_time"));
    for field in ["t_ready", "createtime", "t_sent"] {
        let page = parse("shopex", &shopex(&format!(r#"{{"refund_bn":"R1","status":"succ","{field}":"164099520000"}}"#)));
        assert!(page.refunds.is_empty(), "{field}");
        assert_eq!(page.rejected[0].code, "invalid_time");
        assert_eq!(page.rejected[0].path, format!("response.lists[0].{field}"));
    }
    // A plausible one still reads.
    let r = only(&parse("nuoyun", &nuoyun(r#"{"refund_no":"RF1","create_time":1640995200,"status":1}"#)));
    assert_eq!(r.created_at.as_deref(), Some("2022-01-01T08:00:00+08:00"));
}

/// 5. 蘑菇街's zero ids are absent, as 诺云's are: no order id "0", no item made from a goods
///    id "0" alone.
#[test]
fn mogujie_zero_ids_are_null() {
    let r = only(&parse("mogujie", &mogujie(r#"{"refundId":7,"shopOrderId":0,"itemOrderId":"0","itemId":"0","status":"refund_requested"}"#)));
    assert_eq!((r.order_id.as_deref(), r.sub_order_id.as_deref()), (None, None));
    assert!(r.items.is_empty(), "{:?}", r.items);
}

/// 6. Epoch seconds where milliseconds are asked is an issue, never a 1970 query, and a
///    sync refuses them too.
#[test]
fn epoch_seconds_in_a_query_are_an_issue() {
    let query = json!({ "since": 1_717_171_200, "until": 1_719_763_200 });
    let validation = validate_query("wangdiantong", &query, &RequestOptions::default()).unwrap();
    assert!(!validation.ok);
    let codes: Vec<(&str, &str)> = validation.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(codes, [("since", "looks_like_seconds"), ("until", "looks_like_seconds")]);
    assert!(validation.issues[0].message.contains("epoch seconds"), "{}", validation.issues[0].message);
    assert!(validation.issues[0].message_zh.contains("秒级时间戳"), "{}", validation.issues[0].message_zh);
    let e = RefundSync::new("wangdiantong", &query, &RequestOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
    assert_eq!(e.issues[0].code, "looks_like_seconds");
    // The same moments in milliseconds are a good query.
    let ms = json!({ "since": 1_717_171_200_000_i64, "until": 1_719_763_200_000_i64 });
    assert!(RefundSync::new("wangdiantong", &ms, &RequestOptions::default()).is_ok());
}

/// 7. A `sign` key left in the params is not signed, as the vendors' own clients skip it:
///    the known answers of NOTES.md's worked examples hold with one present.
#[test]
fn sign_params_skips_a_sign_key() {
    let with_sign = |mut params: Value| {
        params["sign"] = json!("0123456789ABCDEF0123456789ABCDEF");
        params
    };
    let wdt = json!({ "appkey": "test2-xx", "page_no": "0", "end_time": "2016-08-01 13:00:00", "start_time": "2016-08-01 12:00:00", "page_size": "40", "sid": "test2", "timestamp": "1470042310" });
    let secret = json!({ "sid": "test2", "appKey": "test2-xx", "appSecret": "test_secret" });
    assert_eq!(sign_params("wangdiantong", &with_sign(wdt), &secret).unwrap(), "b6b3b7882f9a48858fa18e701d5485b9");
    let shopex = json!({ "flag": "test", "method": "refunds.getList", "ver": "1", "charset": "utf-8", "type": "json", "timestamp": "1700000000", "start_time": "2023-11-14 00:00:00", "end_time": "2023-11-14 23:59:59", "page_no": "1", "page_size": "100" });
    let token = json!({ "baseUrl": "https://oms.example.com/index.php/openapi/rpc/service/", "flag": "test", "token": "test_secret" });
    assert_eq!(sign_params("shopex", &with_sign(shopex), &token).unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
    let mogujie = json!({ "access_token": "TOKEN", "app_key": "100001", "format": "json", "method": "xiaodian.trade.refund.list", "page": "1", "pageSize": "20", "timestamp": "1700000000" });
    let keys = json!({ "appKey": "100001", "appSecret": "test_secret", "accessToken": "TOKEN" });
    assert_eq!(sign_params("mogujie", &with_sign(mogujie), &keys).unwrap(), "E3781B73FCB726602254561806081396");
}

/// `refundedAt` only for `succeeded`: a success time on another status is a warning.
#[test]
fn a_success_time_on_a_refund_not_succeeded_is_a_warning() {
    let cases = [
        ("nuoyun", nuoyun(r#"{"refund_no":"RF1","status":1,"refund_time":1640995260}"#)),
        ("shopex", shopex(r#"{"refund_bn":"R1","status":"progress","t_sent":"1640995260"}"#)),
        ("wangdiantong", wangdiantong(r#"{"refund_no":"R1","status":"2","current_phase_timeout":"2022-01-01 08:01:00"}"#)),
    ];
    for (platform, body) in cases {
        let r = only(&parse(platform, &body));
        assert_eq!(r.refunded_at, None, "{platform}");
        assert_eq!(r.warnings.len(), 1, "{platform}: {:?}", r.warnings);
        assert_eq!(r.warnings[0].code, WarningCode::RefundedAtNotSucceeded);
        assert!(r.warnings[0].message.contains("2022-01-01T08:01:00+08:00 ignored"), "{:?}", r.warnings);
    }
}

/// `refundedAmount` is what the seller refunds, at any status, where the platform states it;
/// `requestedAmount` what the buyer asked, where it does. Money paid back is the
/// `refundedAmount` of `succeeded` refunds.
#[test]
fn refunded_amount_means_the_same_at_any_status() {
    // platform, a body whose refund is pending (not paid yet), (requested, refunded)
    let cases = [
        ("shopex", shopex(r#"{"refund_bn":"R1","status":"ready","money":"10.000"}"#), (None, Some("10.00"))),
        ("wangdiantong", wangdiantong(r#"{"refund_no":"R1","status":"2","refund_amount":"10.0000","actual_refund_amount":"8.0000"}"#), (Some("10.00"), Some("8.00"))),
        ("mogujie", mogujie(r#"{"refundId":1,"status":"refund_requested","expense":1000,"sellerRefundAmount":800}"#), (Some("10.00"), Some("8.00"))),
        ("suning", suning(r#"{"orderCode":"1","productCode":"2","applyTime":"2024-05-01 10:00:00","statusDesc":"1","dealMoney":"12.00","returnMoney":"8.00"}"#), (None, Some("8.00"))),
        ("nuoyun", nuoyun(r#"{"refund_no":"RF1","status":1,"refund_money":10.00}"#), (Some("10.00"), Some("10.00"))),
    ];
    for (platform, body, (requested, refunded)) in cases {
        let r = only(&parse(platform, &body));
        assert_eq!(r.status.as_str(), "pending", "{platform}");
        assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (requested, refunded), "{platform}");
        assert!(r.warnings.is_empty(), "{platform}: {:?}", r.warnings);
    }
}

/// `createdAt` is when the refund was asked for on the platform: 旺店通's `refund_time`,
/// never the ERP's own row time `created`.
#[test]
fn wangdiantong_created_at_is_the_platform_request_time() {
    let r = only(&parse("wangdiantong", &wangdiantong(r#"{"refund_no":"R1","status":"2","refund_time":"2024-06-01 09:00:00","created":"2024-06-01 10:00:00"}"#)));
    assert_eq!(r.created_at.as_deref(), Some("2024-06-01T09:00:00+08:00"));
    let r = only(&parse("wangdiantong", &wangdiantong(r#"{"refund_no":"R1","status":"2","created":"2024-06-01 10:00:00"}"#)));
    assert_eq!(r.created_at, None);
}

/// Credential errors name every missing or wrong field at once, as query issues do.
#[test]
fn credential_errors_list_every_field() {
    let query = json!({ "since": "2024-06-01 00:00:00", "until": "2024-06-01 01:00:00" });
    let e = refund_normalizer::build_request("wangdiantong", &json!({ "sandbox": "yes" }), &query, &RequestOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    let fields: Vec<&str> = e.issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["credentials.sid", "credentials.appKey", "credentials.appSecret", "credentials.sandbox"]);
    assert!(e.message.starts_with("the credentials have 4 problems: credentials.sid is required;"), "{}", e.message);
    assert!(e.message_zh.starts_with("凭据有 4 个问题"), "{}", e.message_zh);
    // One problem is that problem's error, as before.
    let e = refund_normalizer::build_request("wangdiantong", &json!({ "sid": "s", "appKey": "k" }), &query, &RequestOptions::default()).unwrap_err();
    assert_eq!((e.message.as_str(), e.path.as_deref()), ("credentials.appSecret is required", Some("credentials.appSecret")));
    assert!(e.issues.is_empty());
}

/// Warnings carry a stable code and both languages, on records and pages.
#[test]
fn warnings_are_objects_with_code_and_both_languages() {
    let page = parse("nuoyun", &nuoyun(r#"{"refund_no":"RF1","status":1,"refund_money":-1.00},{"refund_no":"RF1","status":1}"#));
    let record = serde_json::to_value(&page.refunds[0]).unwrap();
    assert_eq!(record["warnings"], json!([{ "code": "negative_amount", "message": "negative amount -1.00", "messageZh": "金额为负数 -1.00" }]));
    let page = serde_json::to_value(&page).unwrap();
    assert_eq!(page["warnings"][0]["code"], "duplicate_id");
    assert_eq!(page["warnings"][0]["messageZh"], "退款单 RF1 在本页出现了不止一次");
}
