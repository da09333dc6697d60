//! 旺店通 through the public API: the vendor doc's examples and every trap in NOTES.md.

use refund_normalizer::{build_request, parse_response, plan_windows, sign_params, validate_query, ErrorCode, ParseOptions, Query, RequestOptions};
use serde_json::json;

const DOC_RESPONSE: &str = include_str!("fixtures/wangdiantong/doc_response.json");
const DOC_ERROR: &str = include_str!("fixtures/wangdiantong/doc_error.json");

fn creds() -> serde_json::Value {
    json!({ "sid": "test2", "appKey": "test2-xx", "appSecret": "test_secret" })
}

fn page_query(page: u64, page_size: u64) -> ParseOptions {
    ParseOptions { query: Some(Query { page: Some(page), page_size: Some(page_size), ..Query::default() }), ..ParseOptions::default() }
}

#[test]
fn doc_request_signs_like_the_notes_worked_example() {
    let query = json!({ "since": "2016-08-01 12:00:00", "until": "2016-08-01 13:00:00" });
    let request = build_request("wangdiantong", &creds(), &query, &RequestOptions::at(1_470_042_310)).unwrap();
    assert_eq!(request.url, "https://api.wangdian.cn/openapi2/vip_api_refund_query.php");
    assert_eq!(request.method, "POST");
    assert_eq!(request.headers, vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())]);
    assert_eq!(
        request.body,
        "appkey=test2-xx&end_time=2016-08-01+13%3A00%3A00&page_no=0&page_size=40&sid=test2\
         &start_time=2016-08-01+12%3A00%3A00&timestamp=1470042310&sign=b6b3b7882f9a48858fa18e701d5485b9"
    );
    assert!(!request.body.contains("test_secret"));
}

#[test]
fn unknown_options_are_refused_not_ignored() {
    let mut options = RequestOptions::at(0);
    options.extra.insert("timestampStyle".into(), json!("unix")); // a ShopEx option
    let err = build_request("wangdiantong", &creds(), &json!({}), &options).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOptions);
    assert!(err.message.contains("timestampStyle"));
}

#[test]
fn sandbox_credentials_use_the_sandbox_url() {
    let mut c = creds();
    c["sandbox"] = json!(true);
    let request = build_request("wangdiantong", &c, &json!({}), &RequestOptions::at(1_470_042_310)).unwrap();
    assert_eq!(request.url, "https://sandbox.wangdian.cn/openapi2/vip_api_refund_query.php");
}

#[test]
fn sign_params_signs_exactly_what_it_is_given() {
    let params = json!({
        "appkey": "test2-xx", "page_no": "0", "end_time": "2016-08-01 13:00:00", "start_time": "2016-08-01 12:00:00",
        "page_size": "40", "sid": "test2", "timestamp": "1470042310"
    });
    assert_eq!(sign_params("wangdiantong", &params, &creds()).unwrap(), "b6b3b7882f9a48858fa18e701d5485b9");
    // An empty value is signed as `0000-` here (it is buildRequest that drops empties).
    let with_empty = json!({ "appkey": "test2-xx", "memo": "" });
    assert_eq!(sign_params("wangdiantong", &with_empty, &creds()).unwrap(), md5_hex("06-appkey:0008-test2-xx;04-memo:0000-test_secret"));
}

/// Known answers computed outside this crate (`printf %s '<input>' | md5sum`).
fn md5_hex(input: &str) -> &'static str {
    match input {
        "06-appkey:0008-test2-xx;04-memo:0000-test_secret" => "94601c7c15d0b3d45e266bc1ed68387f",
        "04-shop:0007-旺店通测试店铺;09-timestamp:0010-1470042310test_secret" => "afea42a6dc8816955a6254f2fd948ce5",
        other => panic!("no known answer for {other}"),
    }
}

#[test]
fn chinese_values_count_code_points() {
    let params = json!({ "shop": "旺店通测试店铺", "timestamp": "1470042310" });
    assert_eq!(
        sign_params("wangdiantong", &params, &creds()).unwrap(),
        md5_hex("04-shop:0007-旺店通测试店铺;09-timestamp:0010-1470042310test_secret")
    );
}

#[test]
fn whitespace_only_filters_are_issues_never_silently_dropped() {
    let query = json!({ "since": "2016-08-01 12:00:00", "until": "2016-08-01 13:00:00", "shopId": "   " });
    // Whitespace-only is an issue, not a silently dropped filter.
    let err = build_request("wangdiantong", &creds(), &query, &RequestOptions::at(1_470_042_310)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidQuery);
    assert_eq!(err.issues[0].field, "shopId");
}

#[test]
fn page_is_one_based_and_page_no_zero_based() {
    let v = validate_query("wangdiantong", &json!({ "page": 3, "pageSize": 100 }), &RequestOptions::at(0)).unwrap();
    assert!(v.ok, "{:?}", v.issues);
    assert!(v.params.contains(&("page_no".into(), "2".to_string())));
    assert!(v.params.contains(&("page_size".into(), "100".to_string())));
}

#[test]
fn validation_reports_every_issue_at_once() {
    let query = json!({
        "since": "2024-01-01 00:00:00", "until": "2024-03-01 00:00:00",
        "pageSize": 101, "page": 0, "status": "5", "params": { "platform_id": "127", "foo": "x" }
    });
    let v = validate_query("wangdiantong", &query, &RequestOptions::at(0)).unwrap();
    assert!(!v.ok);
    let got: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    for expected in [
        ("until", "span_too_long"),
        ("page", "out_of_range"),
        ("pageSize", "out_of_range"),
        ("status", "not_supported"),
        ("params.foo", "unknown_param"),
        ("params.platform_id", "requires"),
    ] {
        assert!(got.contains(&expected), "missing {expected:?} in {got:?}");
    }
    assert!(v.issues.iter().all(|i| !i.message.is_empty() && !i.message_zh.is_empty()));
}

#[test]
fn span_of_exactly_thirty_days_is_allowed_one_second_more_is_not() {
    let ok = json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-31 00:00:00" });
    assert!(validate_query("wangdiantong", &ok, &RequestOptions::at(0)).unwrap().ok);
    let over = json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-31 00:00:01" });
    assert!(!validate_query("wangdiantong", &over, &RequestOptions::at(0)).unwrap().ok);
    let reversed = json!({ "since": "2024-01-02 00:00:00", "until": "2024-01-01 00:00:00" });
    let v = validate_query("wangdiantong", &reversed, &RequestOptions::at(0)).unwrap();
    assert_eq!(v.issues[0].code, "order");
}

#[test]
fn a_badly_typed_time_is_one_issue_not_two() {
    let v = validate_query("wangdiantong", &json!({ "since": "1717171200000", "until": "2024-06-01 00:00:00" }), &RequestOptions::at(0)).unwrap();
    let fields: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(fields, [("since", "invalid_format")]);
}

#[test]
fn platform_id_only_with_tid_or_refund_no() {
    let with_tid = json!({ "orderId": "wjw20190726002", "params": { "platform_id": "127" } });
    let v = validate_query("wangdiantong", &with_tid, &RequestOptions::at(0)).unwrap();
    assert!(v.ok, "{:?}", v.issues);
    assert!(v.params.contains(&("tid".into(), "wjw20190726002".to_string())));
    assert!(v.params.contains(&("platform_id".into(), "127".to_string())));
}

#[test]
fn impossible_times_name_the_field() {
    let v = validate_query("wangdiantong", &json!({ "since": "2024-02-30 25:00:00", "until": "2024-03-01 00:00:00" }), &RequestOptions::at(0)).unwrap();
    assert_eq!(v.issues[0].field, "since");
}

#[test]
fn missing_or_empty_credentials_name_the_field_not_the_value() {
    let query = json!({});
    let err = build_request("wangdiantong", &json!({ "sid": "s", "appKey": "k" }), &query, &RequestOptions::at(0)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCredentials);
    assert_eq!(err.path.as_deref(), Some("credentials.appSecret"));
    let err = build_request("wangdiantong", &json!({ "sid": "", "appKey": "k", "appSecret": "s3cr3t" }), &query, &RequestOptions::at(0)).unwrap_err();
    assert_eq!(err.path.as_deref(), Some("credentials.sid"));
    let err = build_request("wangdiantong", &json!({ "sid": 5, "appKey": "k", "appSecret": "s3cr3t" }), &query, &RequestOptions::at(0)).unwrap_err();
    assert!(!format!("{err:?} {err}").contains("s3cr3t"));
}

#[test]
fn doc_response_example_normalizes_field_by_field() {
    let page = parse_response("wangdiantong", DOC_RESPONSE.as_bytes(), &page_query(1, 40)).unwrap();
    assert_eq!(page.refunds.len(), 3);
    assert!(page.rejected.is_empty());
    assert_eq!((page.page.page, page.page.page_size, page.page.total, page.page.has_more), (Some(1), Some(40), Some(3), Some(false)));

    let r = &page.refunds[0];
    assert_eq!(r.id, "12310054tuihuo");
    assert_eq!(r.order_id.as_deref(), Some("wjw20190726002"));
    assert_eq!(r.sub_order_id.as_deref(), Some("wejweqwew222"));
    assert_eq!(r.shop_id.as_deref(), Some("jszc2-test"));
    assert_eq!(r.kind.as_str(), "return_and_refund");
    assert_eq!(r.status.as_str(), "return_in_transit");
    assert_eq!(r.platform_status.code.as_deref(), Some("4"));
    assert_eq!(r.platform_status.label.as_deref(), Some("等待收货"));
    assert_eq!(r.requested_amount.as_deref(), Some("0.00"));
    assert_eq!(r.refunded_amount.as_deref(), Some("0.00"));
    assert_eq!(r.currency, "CNY");
    assert_eq!(r.reason, None, "empty strings are null");
    let shipment = r.return_shipment.as_ref().unwrap();
    assert_eq!(shipment.company.as_deref(), Some("顺丰快递"));
    assert_eq!(shipment.tracking_no.as_deref(), Some("588123679"));
    assert_eq!(r.created_at.as_deref(), Some("2019-07-29T11:36:57+08:00"));
    assert_eq!(r.updated_at.as_deref(), Some("2019-07-29T11:37:54+08:00"));
    assert_eq!(r.refunded_at, None, "0000-00-00 00:00:00 is null");
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.items[0].quantity.as_deref(), Some("1.00"));
    assert_eq!(r.items[0].unit_price.as_deref(), Some("0.00"));
    assert_eq!(r.items[0].goods_id, None);

    let second = &page.refunds[1];
    assert_eq!(second.requested_amount.as_deref(), Some("100.00"));
    assert_eq!(second.return_shipment, None);
    // The doc puts a datetime in the goods' oid; ids are not shape-checked.
    assert_eq!(second.sub_order_id.as_deref(), Some("2019-07-30 09:47:37"));
    assert_eq!(second.items[0].quantity.as_deref(), Some("2.00"));
}

#[test]
fn doc_error_example_is_a_platform_error() {
    let err = parse_response("wangdiantong", DOC_ERROR.as_bytes(), &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::PlatformError);
    assert_eq!(err.platform_code.as_deref(), Some("1060"));
    assert_eq!(err.platform_message.as_deref(), Some("充值余额为0或应用已欠费,请联系商务充值"));
    assert!(!err.retryable);
}

#[test]
fn time_skew_and_rate_limit_errors_are_retryable() {
    for message in ["时间戳错误", "调用过于频繁", "系统繁忙,请稍后再试", "Rate limit exceeded"] {
        let body = json!({ "code": 1000, "message": message }).to_string();
        let err = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert!(err.retryable, "{message}");
    }
    // Words that only look alike: a bad time range or page limit will fail the same way again.
    for message in ["开始时间不能大于结束时间", "page_size limit is 100"] {
        let body = json!({ "code": 1000, "message": message }).to_string();
        let err = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert!(!err.retryable, "{message}");
    }
}

#[test]
fn numbers_may_arrive_as_numbers_or_strings() {
    let body = r#"{"code":"0","total_count":2,"trade_list":[
        {"refund_no":123456789012345678901,"tid":9007199254740993,"type":1,"status":5,"refund_amount":99.5,"actual_refund_amount":"0.3333","modified":"2024-01-01 00:00:00"},
        {"refund_no":"R2","type":"4","status":"80","refund_amount":"5.500","actual_refund_amount":"0.3330"}]}"#;
    let page = parse_response("wangdiantong", body.as_bytes(), &page_query(1, 40)).unwrap();
    let (a, b) = (&page.refunds[0], &page.refunds[1]);
    assert_eq!(a.id, "123456789012345678901");
    assert_eq!(a.order_id.as_deref(), Some("9007199254740993"));
    assert_eq!((a.kind.as_str(), a.status.as_str()), ("refund_only", "succeeded"));
    assert_eq!(a.requested_amount.as_deref(), Some("99.50"));
    assert_eq!(a.refunded_amount.as_deref(), Some("0.3333"));
    assert_eq!(b.requested_amount.as_deref(), Some("5.50"));
    assert_eq!(b.refunded_amount.as_deref(), Some("0.333"));
    assert_eq!((b.kind.as_str(), b.status.as_str()), ("refund_only", "succeeded"));
    assert_eq!(page.page.total, Some(2));
}

#[test]
fn every_status_and_type_code_maps_as_the_table_says() {
    let statuses = [
        ("1", "cancelled"), ("2", "pending"), ("3", "awaiting_return"), ("4", "return_in_transit"), ("5", "succeeded"),
        ("10", "pending"), ("20", "awaiting_return"), ("30", "return_in_transit"), ("40", "awaiting_buyer"),
        ("50", "processing"), ("55", "processing"), ("60", "processing"), ("70", "closed"), ("80", "succeeded"),
        ("99", "unknown"),
    ];
    let kinds = [("0", "cancel_order"), ("1", "refund_only"), ("2", "return_and_refund"), ("3", "exchange"), ("4", "refund_only"), ("9", "unknown")];
    let records: Vec<_> = statuses
        .iter()
        .enumerate()
        .map(|(i, (s, _))| json!({ "refund_no": format!("R{i}"), "status": s, "type": kinds[i % kinds.len()].0 }))
        .collect();
    let body = json!({ "code": 0, "trade_list": records }).to_string();
    let page = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap();
    for (i, (code, unified)) in statuses.iter().enumerate() {
        let r = &page.refunds[i];
        assert_eq!(r.status.as_str(), *unified, "status {code}");
        assert_eq!(r.platform_status.code.as_deref(), Some(*code));
        assert_eq!(r.kind.as_str(), kinds[i % kinds.len()].1, "type {}", kinds[i % kinds.len()].0);
    }
    assert_eq!(page.refunds[14].platform_status.label, None, "an unknown code keeps its code, has no label");
}

/// Status 0 (空) is `unknown`: the ERP's process_status is named in a warning, never taken.
#[test]
fn status_zero_is_unknown_and_names_process_status_in_a_warning() {
    let body = json!({ "code": 0, "trade_list": [{ "refund_no": "R", "status": "0", "process_status": "40" }] }).to_string();
    let page = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds[0].status.as_str(), "unknown");
    assert_eq!(page.refunds[0].warnings, ["status \"0\" says nothing: the status is unknown; the ERP's process_status is 40 (已拒绝)"]);
}

#[test]
fn total_count_only_on_page_zero_is_carried_by_the_caller() {
    let body = json!({ "code": 0, "trade_list": [{ "refund_no": "R" }] }).to_string();
    let mut options = page_query(2, 1);
    let page = parse_response("wangdiantong", body.as_bytes(), &options).unwrap();
    assert_eq!(page.page.total, None);
    assert_eq!(page.page.has_more, None, "a full page without a total cannot tell");
    assert_eq!(page.warnings.len(), 1);
    options.total = Some(3);
    let page = parse_response("wangdiantong", body.as_bytes(), &options).unwrap();
    assert_eq!((page.page.total, page.page.has_more), (Some(3), Some(true)));
}

#[test]
fn bad_records_are_rejected_with_a_path_never_dropped() {
    let body = r#"{"code":0,"trade_list":[
        ["R-array","T"],
        "not a record",
        {"refund_no":"R1","refund_amount":{"yuan":1}},
        {"refund_no":"R2","modified":"2024-02-30 25:00:00"},
        {"tid":"no refund number"},
        {"refund_no":"R4","goods_list":[{"num":"x"}]},
        {"refund_no":"R5","refund_amount":"-3.50"}]}"#;
    let page = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 7);
    let rejected: Vec<(usize, &str, &str)> = page.rejected.iter().map(|r| (r.index, r.code, r.path.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (0, "not_an_object", "trade_list[0]"),
            (1, "not_an_object", "trade_list[1]"),
            (2, "invalid_type", "trade_list[2].refund_amount"),
            (3, "invalid_time", "trade_list[3].modified"),
            (4, "missing_id", "trade_list[4].refund_no"),
            (5, "invalid_money", "trade_list[5].goods_list[0].num"),
        ]
    );
    assert_eq!(page.rejected[2].id.as_deref(), Some("R1"));
    let negative = &page.refunds[0];
    assert_eq!(negative.requested_amount.as_deref(), Some("-3.50"));
    assert_eq!(negative.warnings, ["negative amount -3.50"]);
}

#[test]
fn malformed_bodies_are_errors_not_empty_pages() {
    for body in [
        "",
        "   ",
        "null",
        "{\"code\":0,\"trade_list\":[{\"refund_no\":\"R\"",
        "<html><body>502 Bad Gateway</body></html>",
        "[]",
        "{\"result\":{\"data\":{}}}",
        "{\"code\":0,\"total_count\":\"5\"}",
        "{\"code\":0,\"trade_list\":{\"refund_no\":\"R\"}}",
        "[0,\"\",\"0\",[]]",
    ] {
        let err = parse_response("wangdiantong", body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidBody, "{body:?}");
        assert!(!err.message_zh.is_empty());
    }
    // A byte that is not UTF-8 inside a string costs only the record holding it.
    let page = parse_response("wangdiantong", b"{\"code\":0,\"trade_list\":[\"\xff\"]}", &ParseOptions::default()).unwrap();
    assert_eq!((page.refunds.len(), page.rejected[0].code, page.rejected[0].path.as_str()), (0, "not_an_object", "trade_list[0]"));
    let err = parse_response("wangdiantong", b"{\"code\":0,\"trade_list\":[\xff]}", &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidBody);
}

#[test]
fn cut_short_bodies_and_server_failures_are_retryable() {
    let body = br#"{"code":0,"total_count":"3","trade_list":[{"refund_no":"R1"#;
    let err = parse_response("wangdiantong", body, &ParseOptions::default()).unwrap_err();
    assert_eq!((err.code, err.retryable), (ErrorCode::InvalidBody, true));
    let html = b"<html><body>502 Bad Gateway</body></html>";
    let err = parse_response("wangdiantong", html, &ParseOptions::default()).unwrap_err();
    assert_eq!((err.code, err.retryable), (ErrorCode::InvalidBody, false), "without the status, an HTML page is just not the answer");
    for status in [429, 500, 502, 503] {
        let options = ParseOptions { http_status: Some(status), ..ParseOptions::default() };
        let err = parse_response("wangdiantong", html, &options).unwrap_err();
        assert_eq!((err.code, err.retryable), (ErrorCode::HttpError, true), "HTTP {status}");
        assert_eq!(err.platform_code, Some(format!("HTTP {status}")));
    }
    // A platform envelope keeps the platform's verdict whatever the status.
    let options = ParseOptions { http_status: Some(500), ..ParseOptions::default() };
    let err = parse_response("wangdiantong", DOC_ERROR.as_bytes(), &options).unwrap_err();
    assert_eq!((err.code, err.retryable), (ErrorCode::PlatformError, false));
}

#[test]
fn an_empty_result_is_an_empty_page() {
    for body in [r#"{"code":0,"message":"","total_count":"0","trade_list":[]}"#, r#"{"code":0,"total_count":0}"#] {
        let page = parse_response("wangdiantong", body.as_bytes(), &page_query(1, 40)).unwrap();
        assert!(page.refunds.is_empty());
        assert_eq!((page.page.total, page.page.has_more), (Some(0), Some(false)));
    }
}

#[test]
fn include_raw_keeps_the_record_text() {
    let body = r#"{"code":0,"trade_list":[{"refund_no":"R","tid":9007199254740993}]}"#;
    let options = ParseOptions { include_raw: true, ..ParseOptions::default() };
    let page = parse_response("wangdiantong", body.as_bytes(), &options).unwrap();
    assert_eq!(page.refunds[0].raw.as_deref(), Some(r#"{"refund_no":"R","tid":9007199254740993}"#));
}

#[test]
fn windows_are_thirty_days_closed() {
    let windows = plan_windows("wangdiantong", &json!({ "since": "2024-01-01 00:00:00", "until": "2024-04-05 00:00:00" }), &RequestOptions::at(0)).unwrap();
    let text: Vec<_> = windows.iter().map(|w| serde_json::to_value(w).unwrap()).collect();
    assert_eq!(text[0], json!({ "since": "2024-01-01T00:00:00+08:00", "until": "2024-01-31T00:00:00+08:00" }));
    assert_eq!(text[1]["since"], "2024-01-31T00:00:01+08:00");
    assert_eq!(text.last().unwrap()["until"], "2024-04-05T00:00:00+08:00");
    assert_eq!(windows.len(), 4);
}
