//! 诺云 getRefundList through the public API: the vendor doc's own examples verbatim
//! (tests/fixtures/nuoyun/doc_*), hand-made bodies for every status and kind code, odd and
//! wrong values, malformed bodies, and the traps of NOTES.md's Nuoyun section.

use refund_normalizer::{
    build_request, parse_response, plan_windows, platforms, sign_params, validate_query, ErrorCode, ParseOptions, RequestOptions,
};
use serde_json::{json, Value};

const NOW: i64 = 1_700_000_000;

/// A fixture's bytes, kept for the whole test run (pages borrow from the body).
fn fixture(name: &str) -> &'static [u8] {
    let bytes = std::fs::read(format!("{}/tests/fixtures/nuoyun/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    Box::leak(bytes.into_boxed_slice())
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(fixture(name)).unwrap()
}

fn options(query: Value) -> ParseOptions {
    ParseOptions::from_json(&json!({ "query": query })).unwrap()
}

fn body_json(request: &refund_normalizer::SignedRequest) -> Value {
    serde_json::from_str(&request.body).unwrap()
}

/// The list length of a fixture, counted independently of the crate.
fn input_count(name: &str) -> usize {
    let text = String::from_utf8(fixture(name).to_vec()).unwrap();
    // The doc's success example is not strict JSON; strip its `,\n }` for counting only.
    let text = text.replace(",\n            }", "\n            }");
    let v: Value = serde_json::from_str(&text).unwrap();
    v["data"]["list"].as_array().map_or(0, Vec::len)
}

fn no_secret(e: &refund_normalizer::RefundError, secret: &str) {
    let shown = format!("{e:?} {e} {}", serde_json::to_string(e).unwrap());
    assert!(!shown.contains(secret), "secret leaked: {shown}");
}

// ---------------------------------------------------------------------------------------
// Requests: the doc's three request examples.

#[test]
fn doc_request_example1_all_refunds() {
    let request = build_request("nuoyun", &json!({}), &json!({"page": 1, "pageSize": 10}), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(request.url, "https://gateway.nuoyunapi.com/Api/Order/getRefundList/2.0.0");
    assert_eq!(request.method, "POST");
    assert_eq!(request.headers, vec![("Content-Type".into(), "application/json".into())]);
    assert_eq!(request.body, r#"{"page":1,"page_size":10}"#);
    assert_eq!(body_json(&request), fixture_json("doc_request_example1_all.json"));
}

#[test]
fn doc_request_example2_status_filter() {
    let query = json!({"page": 1, "pageSize": 20, "status": "2", "params": {"default_sort": "2"}});
    let request = build_request("nuoyun", &json!(null), &query, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(request.body, r#"{"page":1,"page_size":20,"status":2,"default_sort":2}"#);
    assert_eq!(body_json(&request), fixture_json("doc_request_example2_status.json"));
    // A status given as a JSON number reads the same.
    let request = build_request("nuoyun", &json!({}), &json!({"page": 1, "status": 2, "params": {"default_sort": 2}}), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(body_json(&request), fixture_json("doc_request_example2_status.json"));
}

#[test]
fn doc_request_example3_create_time_range() {
    // Params go out in the doc's table order, so the body reads like the doc's example.
    let query = json!({
        "page": 1, "pageSize": 15, "timeField": "created",
        "since": 1_640_995_200_000_i64, "until": "2022-02-01 08:00:00",
        "params": {"default_sort": "2"}
    });
    let request = build_request("nuoyun", &json!({}), &query, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(
        request.body,
        r#"{"page":1,"page_size":15,"create_time_start":1640995200,"create_time_end":1643673600,"default_sort":2}"#
    );
    assert_eq!(body_json(&request), fixture_json("doc_request_example3_time_range.json"));
}

#[test]
fn defaults_page_size_20_and_update_time() {
    let query = json!({"since": "2022-01-01 00:00:00", "until": "2022-01-31 23:59:59"});
    let request = build_request("nuoyun", &json!({}), &query, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(
        body_json(&request),
        json!({"page": 1, "page_size": 20, "update_time_start": 1640966400, "update_time_end": 1643644799})
    );
    let v = validate_query("nuoyun", &query, &RequestOptions::at(NOW)).unwrap();
    assert!(v.ok);
    let params: Vec<(&str, &str)> = v.params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
    assert_eq!(
        params,
        [("page", "1"), ("page_size", "20"), ("update_time_start", "1640966400"), ("update_time_end", "1643644799")]
    );
}

#[test]
fn order_id_is_a_json_number_and_order_sn_a_string() {
    let query = json!({"page": 3, "orderId": "20001", "params": {"order_sn": "0012345", "wechat_user_space_id": "123456789", "merchant_refund_job_status": "2"}});
    let request = build_request("nuoyun", &json!({}), &query, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(
        request.body,
        r#"{"page":3,"page_size":20,"wechat_user_space_id":123456789,"order_id":20001,"order_sn":"0012345","merchant_refund_job_status":2}"#
    );
    // orderId as a JSON number, the biggest id a PHP/Java integer holds as a string.
    let request = build_request("nuoyun", &json!({}), &json!({"orderId": 20001}), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(body_json(&request)["order_id"], json!(20001));
    let request = build_request("nuoyun", &json!({}), &json!({"orderId": "9223372036854775807"}), &RequestOptions::at(NOW)).unwrap();
    assert!(request.body.contains(r#""order_id":9223372036854775807"#));
}

#[test]
fn every_request_status_code_is_accepted() {
    for code in 1..=9 {
        let request = build_request("nuoyun", &json!({}), &json!({"status": code.to_string()}), &RequestOptions::at(NOW)).unwrap();
        assert_eq!(body_json(&request)["status"], json!(code));
    }
    for bad in ["0", "10", "待商家处理", "2.0"] {
        let v = validate_query("nuoyun", &json!({"status": bad}), &RequestOptions::at(NOW)).unwrap();
        assert!(!v.ok, "{bad}");
        assert_eq!(v.issues[0].field, "status");
        assert_eq!(v.issues[0].code, "invalid_value");
    }
}

// ---------------------------------------------------------------------------------------
// Credentials: caller-supplied headers and body fields, sent as given, nothing invented.

#[test]
fn credentials_headers_and_body_fields_sent_as_given() {
    let credentials = json!({
        "headers": {"Authorization": "Bearer s3cret-token", "X-App-Id": "app 1"},
        "bodyFields": {"app_key": "s3cret-key", "uid": "42"}
    });
    let request = build_request("nuoyun", &credentials, &json!({"page": 2, "pageSize": 50}), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(
        request.headers,
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), "Bearer s3cret-token".into()),
            ("X-App-Id".into(), "app 1".into()),
        ]
    );
    // Body fields are strings, after the query params; "42" is not turned into a number.
    assert_eq!(request.body, r#"{"page":2,"page_size":50,"app_key":"s3cret-key","uid":"42"}"#);
    // No signature, no timestamp: nothing the caller did not give.
    assert!(!request.body.contains("sign") && !request.body.contains("timestamp"));
}

#[test]
fn credentials_collisions_are_invalid_credentials() {
    let query = json!({"page": 1});
    let cases = [
        (json!({"bodyFields": {"page": "s3cret"}}), "credentials.bodyFields.page"),
        (json!({"bodyFields": {"status": "s3cret"}}), "credentials.bodyFields.status"),
        (json!({"bodyFields": {"update_time_start": "s3cret"}}), "credentials.bodyFields.update_time_start"),
        (json!({"headers": {"Content-Type": "s3cret"}}), "credentials.headers.Content-Type"),
        (json!({"headers": {"CONTENT-TYPE": "s3cret"}}), "credentials.headers.CONTENT-TYPE"),
        (json!({"headers": {"X-Token": 12345}}), "credentials.headers.X-Token"),
        (json!({"headers": {"X-Token": "s3cret\r\nHost: evil"}}), "credentials.headers.X-Token"),
        (json!({"headers": ["s3cret"]}), "credentials.headers"),
        (json!({"bodyFields": "s3cret"}), "credentials.bodyFields"),
        (json!({"appSecret": "s3cret"}), "credentials.appSecret"),
        (json!("s3cret"), "credentials"),
    ];
    for (credentials, path) in cases {
        let e = build_request("nuoyun", &credentials, &query, &RequestOptions::at(NOW)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials, "{credentials}");
        assert_eq!(e.path.as_deref(), Some(path), "{credentials}");
        no_secret(&e, "s3cret");
    }
}

#[test]
fn notes_no_sign_algorithm_sign_params_not_supported() {
    let e = sign_params("nuoyun", &json!({"page": "1"}), &json!({"headers": {"Authorization": "s3cret"}})).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSupported);
    no_secret(&e, "s3cret");
}

// ---------------------------------------------------------------------------------------
// Validation: every issue at once.

#[test]
fn validation_reports_every_issue_at_once() {
    let query = json!({
        "page": 0, "pageSize": 101, "status": "10", "orderId": "ORD202501010001",
        "shopId": "s1", "refundId": "RF1", "since": "2022-01-01 00:00:00",
        "params": {"merchant_refund_job_status": "4", "default_sort": "3", "wechat_user_space_id": "abc", "sign": "x"}
    });
    let v = validate_query("nuoyun", &query, &RequestOptions::at(NOW)).unwrap();
    assert!(!v.ok);
    assert!(v.params.is_empty());
    let mut got: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    got.sort();
    let mut want = vec![
        ("page", "out_of_range"),
        ("pageSize", "out_of_range"),
        ("status", "invalid_value"),
        ("shopId", "not_supported"),
        ("refundId", "not_supported"),
        ("orderId", "invalid_format"),
        ("until", "required"),
        ("params.merchant_refund_job_status", "invalid_value"),
        ("params.default_sort", "invalid_value"),
        ("params.wechat_user_space_id", "invalid_format"),
        ("params.sign", "unknown_param"),
    ];
    want.sort();
    assert_eq!(got, want);
    assert!(v.issues.iter().all(|i| !i.message.is_empty() && !i.message_zh.is_empty()));

    let e = build_request("nuoyun", &json!({}), &query, &RequestOptions::at(NOW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
    assert_eq!(e.issues.len(), 11);
}

#[test]
fn page_size_bounds_1_to_100() {
    for (size, ok) in [(1, true), (100, true), (0, false), (101, false)] {
        let v = validate_query("nuoyun", &json!({"pageSize": size}), &RequestOptions::at(NOW)).unwrap();
        assert_eq!(v.ok, ok, "{size}");
    }
}

#[test]
fn times_optional_but_together_and_ordered() {
    let at = RequestOptions::at(NOW);
    assert!(validate_query("nuoyun", &json!({}), &at).unwrap().ok);
    let v = validate_query("nuoyun", &json!({"until": "2022-01-01 00:00:00"}), &at).unwrap();
    assert_eq!(v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect::<Vec<_>>(), [("since", "required")]);
    let v = validate_query("nuoyun", &json!({"since": "2022-02-01 00:00:00", "until": "2022-01-01 00:00:00"}), &at).unwrap();
    assert_eq!(v.issues[0].code, "order");
    // No documented span limit: a decade is one request.
    assert!(validate_query("nuoyun", &json!({"since": "2012-01-01 00:00:00", "until": "2022-01-01 00:00:00"}), &at).unwrap().ok);
}

#[test]
fn times_are_10_digit_unix_seconds() {
    let at = RequestOptions::at(NOW);
    let v = validate_query("nuoyun", &json!({"since": "1999-01-01 00:00:00", "until": "2300-01-01 00:00:00"}), &at).unwrap();
    let got: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(got, [("since", "out_of_range"), ("until", "out_of_range")]);
    // RFC 3339 input with another offset still lands on the same second.
    let request = build_request(
        "nuoyun",
        &json!({}),
        &json!({"since": "2021-12-31T16:00:00Z", "until": "2022-01-01T08:00:00+08:00"}),
        &at,
    )
    .unwrap();
    assert_eq!(body_json(&request)["update_time_start"], json!(1640966400));
    assert_eq!(body_json(&request)["update_time_end"], json!(1640995200));
}

#[test]
fn plan_windows_one_window_no_span_limit() {
    let windows = plan_windows("nuoyun", &json!({"since": "2020-01-01 00:00:00", "until": "2022-01-01 00:00:00"}), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!((windows[0].since, windows[0].until), (1577808000, 1640966400));
    let e = plan_windows("nuoyun", &json!({"since": "2020-01-01 00:00:00"}), &RequestOptions::at(NOW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
}

#[test]
fn platforms_describe_nuoyun() {
    let all = platforms();
    let info = all.iter().find(|p| p.name_en == "Nuoyun").unwrap();
    assert!(!info.signs);
    assert_eq!(info.paging.base, 1);
    assert_eq!((info.paging.size_min, info.paging.size_max, info.paging.size_default), (1, 100, 20));
    let statuses: Vec<(&str, &str, &str)> = info.statuses.iter().map(|s| (s.code, s.label, s.unified.as_str())).collect();
    assert_eq!(
        statuses,
        [
            ("1", "待商家处理", "pending"),
            ("2", "退款成功", "succeeded"),
            ("3", "退款关闭", "closed"),
            ("4", "待买家发货", "awaiting_return"),
            ("5", "待商家收货", "return_in_transit"),
            ("6", "待买家确认", "awaiting_buyer"),
        ]
    );
    let kinds: Vec<(&str, &str)> = info.kinds.iter().map(|k| (k.code, k.unified.as_str())).collect();
    assert_eq!(kinds, [("1", "refund_only"), ("2", "return_and_refund")]);
    let status_filter = info.filters.iter().find(|f| f.field == "status").unwrap();
    assert_eq!(status_filter.values, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    let creds: Vec<(&str, &str, bool, bool)> = info.credentials.iter().map(|c| (c.name, c.kind, c.required, c.secret)).collect();
    assert_eq!(creds, [("headers", "object", false, true), ("bodyFields", "object", false, true)]);
    assert_eq!(info.time_fields.len(), 2);
    assert_eq!(info.time_fields[0].since_param, "update_time_start");
    assert_eq!(info.max_span_seconds, None);
}

// ---------------------------------------------------------------------------------------
// Responses: the doc's three examples.

#[test]
fn doc_response_success_with_trailing_commas() {
    let body = fixture("doc_response.json");
    assert!(serde_json::from_slice::<Value>(body).is_err(), "the doc example really is invalid JSON");
    let page = parse_response("nuoyun", body, &options(json!({"page": 1, "pageSize": 10}))).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 2);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!(page.warnings.len(), 1);
    assert!(page.warnings[0].message.contains("not strict JSON"));
    assert_eq!((page.page.page, page.page.page_size, page.page.total, page.page.has_more), (Some(1), Some(10), Some(2), Some(false)));

    let a = &page.refunds[0];
    assert_eq!(a.platform.as_str(), "nuoyun");
    assert_eq!(a.id, "RF202501010001");
    assert_eq!(a.order_id.as_deref(), Some("20001"));
    assert_eq!(a.sub_order_id.as_deref(), Some("30001"));
    assert_eq!((a.shop_id.as_deref(), a.shop_name.as_deref()), (None, None));
    assert_eq!(a.kind.as_str(), "refund_only");
    assert_eq!(a.status.as_str(), "succeeded");
    assert_eq!(a.platform_status.code.as_deref(), Some("2"));
    assert_eq!(a.platform_status.label.as_deref(), Some("退款成功"));
    assert_eq!(a.requested_amount.as_deref(), Some("99.00"));
    assert_eq!(a.refunded_amount.as_deref(), Some("99.00"));
    assert_eq!(a.currency, "CNY");
    assert_eq!(a.reason.as_deref(), Some("商品质量问题"));
    assert_eq!(a.note.as_deref(), Some("商品有破损"));
    let buyer = a.buyer.as_ref().unwrap();
    assert_eq!(buyer.id.as_deref(), Some("123456789"));
    assert_eq!(buyer.name.as_deref(), Some("用户A"));
    assert_eq!(buyer.phone.as_deref(), Some("138****8888"));
    assert!(a.return_shipment.is_none());
    assert_eq!(a.created_at.as_deref(), Some("2022-01-01T08:00:00+08:00"));
    assert_eq!(a.updated_at.as_deref(), Some("2022-01-01T10:00:00+08:00"));
    assert_eq!(a.refunded_at.as_deref(), Some("2022-01-01T08:01:00+08:00"));
    assert_eq!(a.items.len(), 1);
    assert_eq!(a.items[0].goods_id.as_deref(), Some("10001"));
    assert_eq!((a.items[0].quantity.as_deref(), a.items[0].amount.as_deref(), a.items[0].name.as_deref()), (None, None, None));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert!(a.raw.is_none());

    let b = &page.refunds[1];
    assert_eq!(b.id, "RF202501010002");
    assert_eq!(b.order_id.as_deref(), Some("20002"));
    assert_eq!(b.sub_order_id.as_deref(), Some("30002"));
    assert_eq!(b.kind.as_str(), "return_and_refund");
    assert_eq!(b.status.as_str(), "pending");
    assert_eq!(b.platform_status.label.as_deref(), Some("待商家处理"));
    assert_eq!(b.requested_amount.as_deref(), Some("199.00"));
    // refund_money is what the seller refunds at any status (paid once succeeded).
    assert_eq!(b.refunded_amount.as_deref(), Some("199.00"));
    assert_eq!(b.buyer.as_ref().unwrap().id.as_deref(), Some("987654321"));
    assert_eq!(b.created_at.as_deref(), Some("2022-01-01T08:00:00+08:00"));
    // Doc quirk: a 待商家处理 refund with a completion time; not taken as refundedAt.
    assert_eq!(b.refunded_at, None);
    assert_eq!(b.warnings.len(), 1);
    assert!(b.warnings[0].message.contains("refund_time 2022-01-01T08:01:00+08:00 ignored"), "{:?}", b.warnings);
    assert_eq!(b.warnings[0].code, refund_normalizer::model::WarningCode::RefundedAtNotSucceeded);
    assert_eq!(b.items[0].goods_id.as_deref(), Some("10002"));
}

#[test]
fn doc_response_success_include_raw_is_the_repaired_record() {
    let body = fixture("doc_response.json");
    let opts = ParseOptions::from_json(&json!({"includeRaw": true})).unwrap();
    let page = parse_response("nuoyun", body, &opts).unwrap();
    let raw: Value = serde_json::from_str(page.refunds[0].raw.as_deref().unwrap()).unwrap();
    assert_eq!(raw["order_sn"], "ORD202501010001");
    assert_eq!(raw["refund_source"], 2);
    // Without options.query, the page position is unknown; the whole total is on this page.
    assert_eq!((page.page.page, page.page.page_size, page.page.total, page.page.has_more), (None, None, Some(2), Some(false)));
}

#[test]
fn doc_response_no_result_is_an_empty_page() {
    let page = parse_response("nuoyun", fixture("doc_response_no_result.json"), &options(json!({"page": 1}))).unwrap();
    assert!(page.refunds.is_empty() && page.rejected.is_empty() && page.warnings.is_empty());
    assert_eq!((page.page.page, page.page.page_size, page.page.total, page.page.has_more), (Some(1), Some(20), Some(0), Some(false)));
}

#[test]
fn doc_response_error_data_empty_object() {
    let e = parse_response("nuoyun", fixture("doc_response_error.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code.as_deref(), Some("400"));
    assert_eq!(e.platform_message.as_deref(), Some("请选择第几页"));
    assert!(!e.retryable);
    assert!(e.message.contains("400") && !e.message_zh.is_empty());
}

// ---------------------------------------------------------------------------------------
// Hand-made bodies.

#[test]
fn every_response_status_code() {
    let name = "all_statuses.json";
    let page = parse_response("nuoyun", fixture(name), &options(json!({"page": 1, "pageSize": 20}))).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row> = page
        .refunds
        .iter()
        .map(|r| (r.id.as_ref(), r.status.as_str(), r.platform_status.code.as_deref(), r.platform_status.label.as_deref(), r.refunded_amount.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("RF-S1", "pending", Some("1"), Some("待商家处理"), Some("10.50")),
            ("RF-S2", "succeeded", Some("2"), Some("退款成功"), Some("10.50")),
            ("RF-S3", "closed", Some("3"), Some("退款关闭"), Some("10.50")),
            // The response table, not the request table (商家同意,等待买家上传物流单号).
            ("RF-S4", "awaiting_return", Some("4"), Some("待买家发货"), Some("10.50")),
            ("RF-S5", "return_in_transit", Some("5"), Some("待商家收货"), Some("10.50")),
            // The response table, not the request table (商家拒绝退款申请).
            ("RF-S6", "awaiting_buyer", Some("6"), Some("待买家确认"), Some("10.50")),
            // Request-only codes are not in the response table: unknown, code kept.
            ("RF-S7", "unknown", Some("7"), None, Some("10.50")),
            ("RF-S9", "unknown", Some("9"), None, Some("10.50")),
            ("RF-S0", "unknown", Some("0"), None, Some("10.50")),
            ("RF-S2str", "succeeded", Some("2"), Some("退款成功"), Some("10.50")),
            ("RF-Sabsent", "unknown", None, None, Some("10.50")),
        ]
    );
    assert_eq!(page.refunds[1].refunded_at.as_deref(), Some("2022-01-01T08:01:00+08:00"));
    assert_eq!(page.refunds[9].refunded_at.as_deref(), Some("2022-01-01T08:01:00+08:00"));
    assert!(page.refunds.iter().all(|r| r.requested_amount.as_deref() == Some("10.50")));
    assert!(page.refunds[0].warnings.is_empty());
}

#[test]
fn every_refund_type_code() {
    let name = "all_kinds.json";
    let page = parse_response("nuoyun", fixture(name), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    let got: Vec<(&str, &str)> = page.refunds.iter().map(|r| (r.id.as_ref(), r.kind.as_str())).collect();
    assert_eq!(
        got,
        [
            ("RF-K1", "refund_only"),
            ("RF-K2", "return_and_refund"),
            ("RF-K2str", "return_and_refund"),
            ("RF-K3", "unknown"),
            ("RF-K0", "unknown"),
            ("RF-Kabsent", "unknown"),
        ]
    );
}

#[test]
fn zero_absent_and_empty_values_are_null() {
    let name = "zero_absent_empty.json";
    let page = parse_response("nuoyun", fixture(name), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    for r in &page.refunds {
        assert_eq!(r.order_id, None, "{}", r.id);
        assert_eq!(r.sub_order_id, None);
        assert!(r.buyer.is_none());
        assert!(r.items.is_empty());
        assert_eq!((r.reason.as_deref(), r.note.as_deref()), (None, None));
        assert_eq!((r.created_at.as_deref(), r.updated_at.as_deref(), r.refunded_at.as_deref()), (None, None, None));
        assert_eq!(r.refunded_amount, r.requested_amount);
        assert_eq!(r.kind.as_str(), "unknown");
    }
    let zero = &page.refunds[0];
    assert_eq!(zero.id, "RF-ZERO");
    // A zero amount is an amount, not an absence.
    assert_eq!(zero.requested_amount.as_deref(), Some("0.00"));
    assert_eq!(zero.status.as_str(), "pending");
    let only = &page.refunds[1];
    assert_eq!(only.id, "RF-ONLY-NO");
    assert_eq!((only.requested_amount.as_deref(), only.status.as_str(), only.platform_status.code.as_deref()), (None, "unknown", None));
    let nulls = &page.refunds[2];
    assert_eq!(nulls.id, "RF-NULLS");
    assert_eq!(nulls.requested_amount, None);
}

#[test]
fn numbers_as_strings_and_strings_as_numbers() {
    let name = "strings_as_numbers.json";
    let page = parse_response("nuoyun", fixture(name), &options(json!({"page": 1, "pageSize": 2}))).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!((page.page.total, page.page.has_more), (Some(2), Some(false)));
    let a = &page.refunds[0];
    assert_eq!(a.id, "RF202501010001");
    assert_eq!(a.order_id.as_deref(), Some("20001"));
    assert_eq!(a.requested_amount.as_deref(), Some("99.00"));
    assert_eq!(a.refunded_amount.as_deref(), Some("99.00"));
    assert_eq!((a.kind.as_str(), a.status.as_str()), ("refund_only", "succeeded"));
    assert_eq!(a.created_at.as_deref(), Some("2022-01-01T08:00:00+08:00"));
    assert_eq!(a.refunded_at.as_deref(), Some("2022-01-01T08:01:00+08:00"));
    let b = &page.refunds[1];
    assert_eq!(b.id, "202501010002");
    // Above 2^53: exact digits, never through f64.
    assert_eq!(b.order_id.as_deref(), Some("9007199254740993"));
    assert_eq!(b.buyer.as_ref().unwrap().id.as_deref(), Some("9007199254740993"));
    assert_eq!(b.buyer.as_ref().unwrap().name.as_deref(), Some("42"));
    assert_eq!(b.buyer.as_ref().unwrap().phone.as_deref(), Some("13900009999"));
    assert_eq!(b.items[0].goods_id.as_deref(), Some("18446744073709551615"));
    assert_eq!(b.requested_amount.as_deref(), Some("0.333"));
    assert_eq!(b.refunded_amount.as_deref(), Some("0.333"));
    assert_eq!((b.kind.as_str(), b.status.as_str()), ("return_and_refund", "return_in_transit"));
    assert_eq!(b.updated_at.as_deref(), Some("2022-01-02T23:59:59+08:00"));
    assert_eq!(b.refunded_at, None);
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
}

#[test]
fn wrong_types_are_rejected_with_paths() {
    let name = "wrong_types.json";
    let page = parse_response("nuoyun", fixture(name), &options(json!({"page": 1, "pageSize": 20}))).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    assert_eq!(page.refunds.len(), 1);
    let good = &page.refunds[0];
    assert_eq!(good.id, "RF-GOOD");
    assert_eq!((good.status.as_str(), good.kind.as_str(), good.requested_amount.as_deref()), ("closed", "return_and_refund", Some("1.50")));
    let got: Vec<(usize, Option<&str>, &str, &str)> =
        page.rejected.iter().map(|r| (r.index, r.id.as_deref(), r.code, r.path.as_str())).collect();
    assert_eq!(
        got,
        [
            (0, None, "not_an_object", "data.list[0]"),
            (1, None, "not_an_object", "data.list[1]"),
            (2, None, "not_an_object", "data.list[2]"),
            (3, None, "not_an_object", "data.list[3]"),
            (4, Some("RF-MONEY-OBJECT"), "invalid_type", "data.list[4].refund_money"),
            (5, Some("RF-MONEY-TEXT"), "invalid_money", "data.list[5].refund_money"),
            (6, Some("RF-STATUS-ARRAY"), "invalid_type", "data.list[6].status"),
            (7, Some("RF-CREATE-TEXT"), "invalid_time", "data.list[7].create_time"),
            (8, Some("RF-UPDATE-SLASHES"), "invalid_time", "data.list[8].update_at"),
            (9, Some("RF-UPDATE-NUMBER"), "invalid_time", "data.list[9].update_at"),
            (10, None, "missing_id", "data.list[10].refund_no"),
            (11, None, "missing_id", "data.list[11].refund_no"),
            (12, None, "invalid_type", "data.list[12].refund_no"),
        ]
    );
    // A missing refund_no is never replaced by the row id, but the row id helps find it.
    assert!(page.rejected[10].message.contains("row id 1009"), "{}", page.rejected[10].message);
}

#[test]
fn duplicates_and_negative_amounts_are_flagged() {
    let name = "duplicates_and_negative.json";
    let page = parse_response("nuoyun", fixture(name), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), input_count(name));
    assert_eq!(page.warnings, ["refund RF-DUP appears more than once on this page"]);
    let neg = &page.refunds[2];
    assert_eq!(neg.requested_amount.as_deref(), Some("-3.10"));
    assert_eq!(neg.refunded_amount.as_deref(), Some("-3.10"));
    assert_eq!(neg.warnings, ["negative amount -3.10", "the refund succeeded without refund_time: refundedAt unknown"]);
}

#[test]
fn paging_has_more_from_total() {
    let body = br#"{"code":200,"msg":"Success","data":{"total":45,"list":[{"refund_no":"RF1"}]}}"#;
    for (page_no, more) in [(1, true), (2, true), (3, false)] {
        let page = parse_response("nuoyun", body, &options(json!({"page": page_no}))).unwrap();
        assert_eq!((page.page.page, page.page.page_size, page.page.total, page.page.has_more), (Some(page_no), Some(20), Some(45), Some(more)));
    }
    // Without a total, a short page is the last one; a full page cannot tell.
    let page = parse_response("nuoyun", fixture("success_without_total.json"), &options(json!({"pageSize": 5}))).unwrap();
    assert_eq!((page.page.total, page.page.has_more, page.refunds.len()), (None, Some(false), 2));
    let page = parse_response("nuoyun", fixture("success_without_total.json"), &options(json!({"pageSize": 2}))).unwrap();
    assert_eq!((page.page.total, page.page.has_more), (None, None));
}

// ---------------------------------------------------------------------------------------
// Envelopes and bodies that are not pages.

#[test]
fn rate_limit_is_retryable() {
    let e = parse_response("nuoyun", fixture("rate_limit.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code.as_deref(), Some("400"));
    assert_eq!(e.platform_message.as_deref(), Some("请求过于频繁,请稍后再试"));
    assert!(e.retryable);
    assert!(e.message.contains("1000 requests per 10 seconds"));
}

#[test]
fn server_error_is_retryable_and_empty_array_data_tolerated() {
    let e = parse_response("nuoyun", fixture("server_error.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code.as_deref(), Some("500"));
    assert!(e.retryable);
}

#[test]
fn error_code_as_string_without_data() {
    let e = parse_response("nuoyun", fixture("error_code_as_string_no_data.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!((e.platform_code.as_deref(), e.platform_message.as_deref(), e.retryable), (Some("400"), Some("请选择第几页"), false));
}

#[test]
fn success_with_empty_data_is_an_empty_page() {
    for name in ["success_data_empty_object.json", "success_data_empty_array.json"] {
        let page = parse_response("nuoyun", fixture(name), &options(json!({"page": 1}))).unwrap();
        assert!(page.refunds.is_empty() && page.rejected.is_empty(), "{name}");
        assert_eq!((page.page.total, page.page.has_more), (None, Some(false)), "{name}");
        assert_eq!(page.warnings.len(), 1, "{name}");
    }
    for name in ["success_list_null_total_zero.json", "success_list_empty_object.json"] {
        let page = parse_response("nuoyun", fixture(name), &options(json!({"page": 1}))).unwrap();
        assert!(page.refunds.is_empty() && page.rejected.is_empty() && page.warnings.is_empty(), "{name}");
        assert_eq!((page.page.total, page.page.has_more), (Some(0), Some(false)), "{name}");
    }
}

#[test]
fn broken_success_shapes_are_invalid_body() {
    for (name, path) in [
        ("success_total_without_list.json", "data.list"),
        ("success_list_not_array.json", "data.list"),
        ("code_not_a_number.json", "code"),
    ] {
        let e = parse_response("nuoyun", fixture(name), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{name}");
        assert_eq!(e.path.as_deref(), Some(path), "{name}");
        assert!(!e.message_zh.is_empty());
    }
}

#[test]
fn trailing_commas_tolerated_everywhere_but_not_in_strings() {
    let page = parse_response("nuoyun", fixture("trailing_commas_everywhere.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len(), 1);
    let r = &page.refunds[0];
    assert_eq!(r.id, "RF-TC");
    assert_eq!(r.reason.as_deref(), Some("逗号,}不删"));
    assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (Some("5.50"), Some("5.50")));
    assert_eq!(r.refunded_at.as_deref(), Some("2022-01-01T08:01:00+08:00"));
    assert!(page.warnings[0].message.contains("not strict JSON"));
}

#[test]
fn nothing_looser_than_trailing_commas() {
    let e = parse_response("nuoyun", fixture("not_only_trailing_commas.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidBody);
}

#[test]
fn malformed_bodies_are_invalid_body() {
    for name in [
        "truncated.json",
        "html_error_page.html",
        "null.json",
        "empty.txt",
        "array_body.json",
        "other_platform_wangdiantong.json",
        "other_platform_wangdiantong_error.json",
        "other_platform_mogujie.json",
    ] {
        let e = parse_response("nuoyun", fixture(name), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{name}: {e:?}");
        assert!(!e.message.is_empty() && !e.message_zh.is_empty());
    }
    for body in [&b"   "[..], b"\xff\xfe{", b"{}", b"{\"code\":200", b"\"Success\"", b"{\"code\":200,\"msg\":\"ok\",\"data\":\"x\"}"] {
        let e = parse_response("nuoyun", body, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn unlisted_error_codes_are_platform_errors() {
    for (body, code, retryable) in [
        (r#"{"code":-1,"msg":"unknown error","data":{}}"#, "-1", false),
        (r#"{"code":401,"msg":"token invalid","data":null}"#, "401", false),
        (r#"{"code":429,"msg":"Too Many Requests"}"#, "429", true),
        (r#"{"code":502,"msg":"Bad Gateway","data":{}}"#, "502", true),
        (r#"{"code":400,"msg":"系统繁忙,请稍后再试","data":{}}"#, "400", true),
    ] {
        let e = parse_response("nuoyun", body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::PlatformError);
        assert_eq!((e.platform_code.as_deref(), e.retryable), (Some(code), retryable), "{body}");
    }
    // A success without data is an empty page, said so.
    let page = parse_response("nuoyun", br#"{"code":200,"msg":"Success"}"#, &ParseOptions::default()).unwrap();
    assert!(page.refunds.is_empty());
    assert_eq!(page.warnings, ["data is absent; read as no refunds"]);
}

#[test]
fn no_input_panics() {
    // Every fixture, cut at every byte: an error or a page, never a panic, counts adding up.
    for name in ["doc_response.json", "wrong_types.json", "strings_as_numbers.json"] {
        let body = fixture(name);
        for end in 0..body.len() {
            if let Ok(page) = parse_response("nuoyun", &body[..end], &ParseOptions::default()) {
                assert!(page.refunds.len() + page.rejected.len() <= 14);
            }
        }
    }
}
