//! 蘑菇街 xiaodian `xiaodian.trade.refund.list` through the public API only: the vendor doc's
//! own examples (verbatim fixtures), NOTES.md's worked example and traps, and hand-made
//! bodies for every status and kind code, odd values and broken bodies.

use refund_normalizer::{
    build_request, parse_response, platforms, plan_windows, sign_params, validate_query, ErrorCode, ParseOptions,
    RequestOptions,
};
use refund_normalizer::model::WarningCode;
use serde_json::{json, Value};

const P: &str = "mogujie";
const NOW: i64 = 1_709_280_000; // 2024-03-01 16:00:00 Beijing

/// A fixture's bytes, leaked so that parsed pages may borrow from them for the whole test.
fn fixture(name: &str) -> &'static [u8] {
    let path = format!("{}/tests/fixtures/mogujie/{name}", env!("CARGO_MANIFEST_DIR"));
    Vec::leak(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn credentials() -> Value {
    json!({ "appKey": "100001", "appSecret": "test_secret", "accessToken": "TOKEN" })
}

fn day_query() -> Value {
    json!({ "since": "2024-03-01 00:00:00", "until": "2024-03-01 23:59:59" })
}

fn options_with(extra: Value) -> RequestOptions {
    let mut options = RequestOptions::at(NOW);
    if let Value::Object(map) = extra {
        options.extra = map;
    }
    options
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// The decoded `k=v` pairs of a form body (`+` and `%XX`), in order.
fn form_pairs(body: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

/// The body's params except `sign`, as the object `sign_params` takes, and the sign.
fn unsigned(body: &str) -> (Value, String) {
    let mut map = serde_json::Map::new();
    let mut sign = String::new();
    for (k, v) in form_pairs(body) {
        if k == "sign" {
            sign = v;
        } else {
            map.insert(k, Value::String(v));
        }
    }
    (Value::Object(map), sign)
}

// ---------------------------------------------------------------------------------------
// Signing and requests.

/// NOTES.md 蘑菇街 sign step 7: secret test_secret → E3781B73FCB726602254561806081396.
#[test]
fn notes_worked_example_sign() {
    let params = json!({
        "app_key": "100001", "method": "xiaodian.trade.refund.list", "access_token": "TOKEN",
        "timestamp": "1700000000", "format": "json", "page": "1", "pageSize": "20"
    });
    let sign = sign_params(P, &params, &json!({ "appSecret": "test_secret" })).unwrap();
    assert_eq!(sign, "E3781B73FCB726602254561806081396");
}

/// NOTES.md sign step 2: byte order, upper-case `Params` first (known answer).
#[test]
fn notes_upper_case_params_key_sorts_first() {
    let params = json!({ "app_key": "1", "Params": "{\"page\":1}" });
    assert_eq!(sign_params(P, &params, &json!({ "appSecret": "s" })).unwrap(), "60172CC7B945AB4D8C1905F935B51EA8");
}

#[test]
fn sign_params_needs_the_secret_and_never_shows_it() {
    let e = sign_params(P, &json!({ "a": "1" }), &json!({})).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert_eq!(e.path.as_deref(), Some("credentials.appSecret"));
    let e = sign_params(P, &json!({ "a": 1 }), &json!({ "appSecret": "very_secret_value" })).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert!(!format!("{e:?}{e}").contains("very_secret_value"));
}

/// Form POST to /invoke, system params without sign_method/version, updated pair by
/// default, the created pair as the literal [0], timestamp in Unix seconds (known answer).
#[test]
fn build_request_params_default_updated_time() {
    let request = build_request(P, &credentials(), &day_query(), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(request.url, "https://openapi.mogujie.com/invoke");
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.headers,
        vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())]
    );
    assert_eq!(
        request.body,
        "access_token=TOKEN&app_key=100001&endDate=%5B0%5D&endUpdateTime=2024-03-01+23%3A59%3A59&format=json\
         &method=xiaodian.trade.refund.list&page=1&pageSize=20&startDate=%5B0%5D&startUpdateTime=2024-03-01+00%3A00%3A00\
         &timestamp=1709280000&sign=06819772C12122D8D36F308EF09083ED"
    );
    assert!(!request.body.contains("sign_method") && !request.body.contains("version"));
    assert!(!request.body.contains("test_secret"));
}

/// timeField created → startDate/endDate, the update pair [0]; status and refundType.
#[test]
fn build_request_created_time_field_status_and_refund_type() {
    let query = json!({
        "since": "2024-03-01 00:00:00", "until": "2024-03-01T23:59:59+08:00", "timeField": "created",
        "page": 3, "pageSize": 10, "status": "query_refund_completed", "params": { "refundType": "query_return_goods" }
    });
    let request = build_request(P, &credentials(), &query, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(
        request.body,
        "access_token=TOKEN&app_key=100001&endDate=2024-03-01+23%3A59%3A59&endUpdateTime=%5B0%5D&format=json\
         &method=xiaodian.trade.refund.list&page=3&pageSize=10&queryStatus=query_refund_completed&refundType=query_return_goods\
         &startDate=2024-03-01+00%3A00%3A00&startUpdateTime=%5B0%5D&timestamp=1709280000&sign=A6C67BAE3AE8C111E52116395E221558"
    );
}

#[test]
fn build_request_sign_equals_sign_params_over_the_sent_params() {
    let query = json!({ "since": 1709222400000_i64, "until": 1709308799000_i64, "status": "query_refund_or_return_all_for_openapi" });
    let request = build_request(P, &credentials(), &query, &RequestOptions::at(NOW)).unwrap();
    let (params, sign) = unsigned(&request.body);
    assert_eq!(sign.len(), 32);
    assert_eq!(sign_params(P, &params, &credentials()).unwrap(), sign);
    assert_eq!(params["timestamp"], "1709280000");
    assert_eq!(params["startUpdateTime"], "2024-03-01 00:00:00");
    assert_eq!(params["queryStatus"], "query_refund_or_return_all_for_openapi");
    // Empty params are never sent, so never signed.
    assert!(params.as_object().unwrap().values().all(|v| !v.as_str().unwrap().is_empty()));
    assert!(params.get("refundType").is_none());
}

/// The `paramsWrapper` option wraps the business params into one JSON-string param.
#[test]
fn build_request_params_wrapper_option() {
    let query = json!({ "since": "2024-03-01 00:00:00", "until": "2024-03-01 23:59:59", "page": 2, "status": "query_refund_completed" });
    let options = options_with(json!({ "paramsWrapper": "Params" }));
    let request = build_request(P, &credentials(), &query, &options).unwrap();
    assert_eq!(
        request.body,
        "Params=%7B%22queryStatus%22%3A%22query_refund_completed%22%2C%22startDate%22%3A%22%5B0%5D%22%2C%22endDate%22%3A%22%5B0%5D%22\
         %2C%22page%22%3A2%2C%22pageSize%22%3A20%2C%22startUpdateTime%22%3A%222024-03-01+00%3A00%3A00%22%2C%22endUpdateTime%22\
         %3A%222024-03-01+23%3A59%3A59%22%7D&access_token=TOKEN&app_key=100001&format=json&method=xiaodian.trade.refund.list\
         &timestamp=1709280000&sign=3076FD976F057BE4D06BD39C196BA8C9"
    );
    let (params, sign) = unsigned(&request.body);
    let inner: Value = serde_json::from_str(params["Params"].as_str().unwrap()).unwrap();
    assert_eq!(inner["page"], json!(2));
    assert_eq!(inner["startDate"], "[0]");
    assert_eq!(sign_params(P, &params, &credentials()).unwrap(), sign);

    let v = validate_query(P, &query, &options).unwrap();
    assert!(v.ok);
    assert_eq!(v.params.len(), 1);
    assert_eq!(v.params[0].0, "Params");
}

#[test]
fn params_wrapper_bad_values_are_refused() {
    for bad in [json!(1), json!(""), json!("app_key"), json!("sign"), json!("Par ams")] {
        let options = options_with(json!({ "paramsWrapper": bad }));
        let e = build_request(P, &credentials(), &day_query(), &options).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{bad}");
        let v = validate_query(P, &day_query(), &options).unwrap();
        assert!(!v.ok);
        assert_eq!(v.issues[0].field, "options.paramsWrapper");
    }
}

#[test]
fn credentials_are_checked_and_never_echoed() {
    for missing in ["appKey", "appSecret", "accessToken"] {
        let mut c = credentials();
        c.as_object_mut().unwrap().remove(missing);
        let e = build_request(P, &c, &day_query(), &RequestOptions::at(NOW)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials);
        assert_eq!(e.path.as_deref(), Some(format!("credentials.{missing}").as_str()));
    }
    let c = json!({ "appKey": "100001", "appSecret": "SECRET_xyz", "accessToken": "TOKEN_xyz" });
    let e = build_request(P, &c, &json!({ "pageSize": 50 }), &RequestOptions::at(NOW)).unwrap_err();
    let shown = format!("{e:?}{e}{}", serde_json::to_string(&e).unwrap());
    assert!(!shown.contains("SECRET_xyz") && !shown.contains("TOKEN_xyz"));
}

// ---------------------------------------------------------------------------------------
// Validation.

/// The doc's 请求参数示例 names queryStatus, refundType, startDate, endDate, page, pageSize
/// and an undocumented userId (filled by the gateway from the token, never sent).
#[test]
fn doc_request_example_params() {
    let example: Value = serde_json::from_slice(fixture("doc_request_example.json")).unwrap();
    let query = json!({
        "since": "2016-06-01 00:00:00", "until": "2016-06-30 23:59:59", "timeField": "created",
        "status": "query_refund_or_return_all", "params": { "refundType": "query_refund_type_all" }
    });
    let v = validate_query(P, &query, &RequestOptions::at(NOW)).unwrap();
    assert!(v.ok, "{:?}", v.issues);
    let names: Vec<&str> = v.params.iter().map(|(k, _)| k.as_ref()).collect();
    for key in example.as_object().unwrap().keys().filter(|k| *k != "userId") {
        assert!(names.contains(&key.as_str()), "{key} missing from {names:?}");
    }
    assert_eq!(
        v.params,
        [
            ("queryStatus", "query_refund_or_return_all"),
            ("refundType", "query_refund_type_all"),
            ("startDate", "2016-06-01 00:00:00"),
            ("endDate", "2016-06-30 23:59:59"),
            ("page", "1"),
            ("pageSize", "20"),
            ("startUpdateTime", "[0]"),
            ("endUpdateTime", "[0]"),
        ]
        .map(|(k, v)| (k.into(), v.to_string()))
    );
    let with_user = json!({ "since": "2016-06-01 00:00:00", "until": "2016-06-30 23:59:59", "params": { "userId": "" } });
    let v = validate_query(P, &with_user, &RequestOptions::at(NOW)).unwrap();
    assert_eq!(v.issues.len(), 1);
    assert_eq!((v.issues[0].field.as_str(), v.issues[0].code), ("params.userId", "unknown_param"));
}

#[test]
fn validation_reports_every_issue_at_once() {
    let query = json!({
        "page": 0, "pageSize": 21, "status": "refund_completed", "orderId": "23215476275678", "shopId": "s",
        "refundId": "1", "params": { "refundType": "refund_money", "userId": "1" }
    });
    let v = validate_query(P, &query, &RequestOptions::at(NOW)).unwrap();
    assert!(!v.ok);
    let mut got: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("orderId", "not_supported"),
            ("page", "out_of_range"),
            ("pageSize", "out_of_range"),
            ("params.refundType", "invalid_value"),
            ("params.userId", "unknown_param"),
            ("refundId", "not_supported"),
            ("shopId", "not_supported"),
            ("since", "required"),
            ("status", "invalid_value"),
            ("until", "required"),
        ]
    );
    assert!(v.issues.iter().all(|i| !i.message.is_empty() && !i.message_zh.is_empty()));
    let e = build_request(P, &credentials(), &query, &RequestOptions::at(NOW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
    assert_eq!(e.issues.len(), 10);
}

/// Both since and until are required: one alone is an issue.
#[test]
fn since_and_until_both_required() {
    for query in [json!({ "since": "2024-03-01 00:00:00" }), json!({ "until": "2024-03-01 00:00:00" })] {
        let v = validate_query(P, &query, &RequestOptions::at(NOW)).unwrap();
        assert_eq!(v.issues.len(), 1, "{query}");
        assert_eq!(v.issues[0].code, "required");
    }
    let v = validate_query(P, &json!({ "since": "2024-03-02 00:00:00", "until": "2024-03-01 00:00:00" }), &RequestOptions::at(NOW)).unwrap();
    assert_eq!((v.issues[0].field.as_str(), v.issues[0].code), ("until", "order"));
}

#[test]
fn page_size_is_1_to_20_and_page_from_1() {
    for (size, ok) in [(1, true), (20, true), (0, false), (21, false)] {
        let mut q = day_query();
        q["pageSize"] = json!(size);
        assert_eq!(validate_query(P, &q, &RequestOptions::at(NOW)).unwrap().ok, ok, "pageSize {size}");
    }
    let mut q = day_query();
    q["page"] = json!(0);
    let v = validate_query(P, &q, &RequestOptions::at(NOW)).unwrap();
    assert_eq!((v.issues[0].field.as_str(), v.issues[0].code), ("page", "out_of_range"));
}

/// The status filter is the request enum queryStatus, all eight values; refundType native.
#[test]
fn query_status_and_refund_type_enums() {
    let info = platforms().into_iter().find(|i| to_json(i)["id"] == "mogujie").unwrap();
    let info = to_json(info);
    let values: Vec<String> = serde_json::from_value(info["filters"][0]["values"].clone()).unwrap();
    assert_eq!(info["filters"][0]["param"], "queryStatus");
    assert_eq!(values.len(), 8);
    for value in &values {
        let mut q = day_query();
        q["status"] = json!(value);
        let v = validate_query(P, &q, &RequestOptions::at(NOW)).unwrap();
        assert!(v.ok, "{value}");
        assert_eq!(v.params[0], ("queryStatus".into(), value.clone()));
    }
    for t in ["query_refund_type_all", "query_refund_money", "query_return_goods"] {
        let mut q = day_query();
        q["params"] = json!({ "refundType": t });
        assert!(validate_query(P, &q, &RequestOptions::at(NOW)).unwrap().ok, "{t}");
    }
}

#[test]
fn no_documented_span_limit_one_window() {
    let windows = plan_windows(P, &json!({ "since": "2023-01-01 00:00:00", "until": "2024-03-01 00:00:00" }), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(to_json(&windows), json!([{ "since": "2023-01-01T00:00:00+08:00", "until": "2024-03-01T00:00:00+08:00" }]));
    let v = validate_query(P, &json!({ "since": "2020-01-01 00:00:00", "until": "2024-03-01 00:00:00" }), &RequestOptions::at(NOW)).unwrap();
    assert!(v.ok);
}

#[test]
fn platforms_describes_mogujie() {
    let info = platforms().into_iter().map(to_json).find(|i| i["id"] == "mogujie").unwrap();
    assert_eq!(info["nameZh"], "蘑菇街");
    assert_eq!(info["methods"], json!(["xiaodian.trade.refund.list"]));
    assert_eq!(info["timeFields"][0]["field"], "updated");
    assert_eq!(info["timeFields"][0]["sinceParam"], "startUpdateTime");
    assert_eq!(info["timeFields"][1]["field"], "created");
    assert_eq!(info["timeFields"][1]["untilParam"], "endDate");
    assert_eq!(info["timeRangeRequired"], true);
    assert_eq!(info["maxSpanSeconds"], Value::Null);
    assert_eq!(info["paging"]["base"], 1);
    assert_eq!(info["paging"]["sizeMax"], 20);
    assert_eq!(info["statuses"].as_array().unwrap().len(), 9);
    assert_eq!(info["statuses"][7], json!({ "code": "refund_completed", "label": "退款完成", "unified": "succeeded" }));
    assert_eq!(info["kinds"], json!([
        { "code": "refund_money", "label": "退款类型", "unified": "refund_only" },
        { "code": "return_goods", "label": "退货类型", "unified": "return_and_refund" }
    ]));
    let creds: Vec<(String, bool)> = info["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["secret"].as_bool().unwrap()))
        .collect();
    assert_eq!(creds, [("appKey".into(), false), ("appSecret".into(), true), ("accessToken".into(), true)]);
    assert_eq!(info["signs"], true);
}

// ---------------------------------------------------------------------------------------
// The doc's examples.

/// The doc's 返回示例, field by field: fen amounts, ids above 2^53 exact, sellerRefundAmount
/// 163.2 read as yuan with a warning, refundedAt from REFUND_MONEY_DETAIL.
#[test]
fn doc_response_example() {
    let body = fixture("doc_response.json");
    let options = ParseOptions::from_json(&json!({ "query": { "page": 1, "pageSize": 20 } })).unwrap();
    let page = parse_response(P, body, &options).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 1);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!(to_json(&page.page), json!({ "page": 1, "pageSize": 20, "total": null, "hasMore": true }));
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
    let refund = to_json(&page.refunds[0]);
    assert_eq!(
        refund,
        json!({
            "platform": "mogujie",
            "id": "62511111231",
            "orderId": "23215476275678",
            "subOrderId": "2322512222222222",
            "shopId": null,
            "shopName": null,
            "kind": "return_and_refund",
            "status": "succeeded",
            "platformStatus": { "code": "refund_completed", "label": "退款完成" },
            "requestedAmount": "153.20",
            "refundedAmount": "163.20",
            "currency": "CNY",
            "reason": "其他",
            "note": "老公不喜欢",
            "buyer": { "id": null, "name": "刘sxx", "phone": "158076121212" },
            "returnShipment": { "company": "中通速递", "companyCode": null, "trackingNo": "43533131117" },
            "createdAt": "2016-06-09T16:41:15+08:00",
            "updatedAt": "2016-06-09T16:45:35+08:00",
            "refundedAt": "2016-06-09T16:45:35+08:00",
            "items": [{
                "goodsId": "25971223238", "skuId": null, "goodsNo": null, "skuNo": null, "name": null, "skuName": null,
                "quantity": "2.00", "unitPrice": "81.60", "amount": "163.20"
            }],
            "warnings": [{
                "code": "amount_unit",
                "message": "sellerRefundAmount 163.2 has a fraction, so it was read as yuan, not the documented fen",
                "messageZh": "sellerRefundAmount 163.2 带有小数,按元读取,而非文档所说的分"
            }],
            "raw": null
        })
    );
}

#[test]
fn doc_response_example_include_raw() {
    let body = fixture("doc_response.json");
    let page = parse_response(P, body, &ParseOptions::from_json(&json!({ "includeRaw": true })).unwrap()).unwrap();
    let raw = page.refunds[0].raw.as_deref().unwrap();
    assert!(raw.starts_with("{ \"createdStr\""));
    assert!(raw.contains("\"itemOrderId\": 2322512222222222"));
    assert!(raw.contains("\"orderStatus\": \"ORDER_CLOSED\""));
    // Without a query the page number and size are unknown.
    assert_eq!(to_json(&page.page), json!({ "page": null, "pageSize": null, "total": null, "hasMore": true }));
}

/// The doc's 异常示例 is literally `{ }`: an error, not an empty page.
#[test]
fn doc_error_example_empty_object() {
    let e = parse_response(P, fixture("doc_error.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code, None);
    assert!(!e.retryable);
    assert!(e.message.contains("异常示例"));
    for body in ["{}", " {\n} ", "{\t}"] {
        let e = parse_response(P, body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::PlatformError, "{body:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Hand-made bodies.

/// Every response status code of the doc's status 枚举, an unknown one, and every kind.
#[test]
fn every_status_and_kind_code() {
    let page = parse_response(P, fixture("all_statuses_and_kinds.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 12);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    let got: Vec<Value> = page
        .refunds
        .iter()
        .map(|r| {
            let j = to_json(r);
            json!([j["id"], j["status"], j["platformStatus"]["code"], j["platformStatus"]["label"], j["kind"]])
        })
        .collect();
    assert_eq!(
        got,
        vec![
            json!(["1000", "pending", "return_goods_requested", "买家发起退货,等待卖家同意", "return_and_refund"]),
            json!(["1001", "awaiting_return", "return_goods_agreed", "卖家同意,等待买家退货", "return_and_refund"]),
            json!(["1002", "return_in_transit", "return_goods_shipped", "买家发货,等待卖家收货", "return_and_refund"]),
            json!(["1003", "pending", "refund_requested", "买家发起退款,等待卖家同意", "refund_only"]),
            json!(["1004", "processing", "refund_or_return_deal_agreed", "买卖家协商一致,等待资金退款结果", "refund_only"]),
            json!(["1005", "rejected", "refund_or_return_seller_refused", "买家退款或退货被卖家拒绝", "refund_only"]),
            json!(["1006", "awaiting_buyer", "return_goods_seller_declare_not_received", "买家发货后,卖家未收到货", "return_and_refund"]),
            json!(["1007", "succeeded", "refund_completed", "退款完成", "refund_only"]),
            json!(["1008", "cancelled", "refund_cancelled", "退款取消", "refund_only"]),
            json!(["1009", "unknown", "refund_frozen_by_platform", null, "refund_only"]),
            json!(["1010", "unknown", null, null, "unknown"]),
            json!(["1011", "unknown", null, null, "unknown"]),
        ]
    );
    let r = &page.refunds[7];
    assert_eq!(r.requested_amount.as_deref(), Some("8.00"));
    assert_eq!(r.created_at.as_deref(), Some("2024-03-01T10:00:07+08:00"));
    assert_eq!(r.updated_at.as_deref(), Some("2024-03-02T11:00:07+08:00"));
    assert_eq!(r.refunded_at.as_deref(), Some("2024-03-02T11:00:07+08:00"));
    assert_eq!(page.refunds[0].requested_amount.as_deref(), Some("1.00"));
    assert_eq!(page.refunds[10].requested_amount.as_deref(), Some("0.01"));
    assert_eq!(page.page.has_more, Some(false));
}

/// Zero amounts stay "0.00"; empty strings, nulls, absent fields and zero dates are null.
#[test]
fn zero_absent_and_empty_values() {
    let page = parse_response(P, fixture("zero_absent_empty.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 5);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);

    let zero = to_json(&page.refunds[0]);
    assert_eq!(zero["requestedAmount"], "0.00");
    assert_eq!(zero["refundedAmount"], "0.00");
    assert_eq!(zero["warnings"], json!([]));
    assert_eq!(
        zero["items"],
        json!([{ "goodsId": null, "skuId": null, "goodsNo": null, "skuNo": null, "name": null, "skuName": null,
                 "quantity": "0.00", "unitPrice": "0.00", "amount": "0.00" }])
    );
    for field in ["orderId", "subOrderId", "reason", "note", "buyer", "returnShipment", "createdAt", "updatedAt", "refundedAt"] {
        assert_eq!(zero[field], Value::Null, "{field}");
    }

    for i in 1..3 {
        let r = to_json(&page.refunds[i]);
        for field in [
            "orderId", "subOrderId", "requestedAmount", "refundedAmount", "reason", "note", "buyer", "returnShipment",
            "createdAt", "updatedAt", "refundedAt",
        ] {
            assert_eq!(r[field], Value::Null, "record {i} {field}");
        }
        assert_eq!(r["status"], "unknown");
        assert_eq!(r["kind"], "unknown");
        assert_eq!(r["platformStatus"], json!({ "code": null, "label": null }));
        assert_eq!(r["items"], json!([]));
        assert_eq!(r["warnings"], json!([]));
    }

    // "" shipping info, "" sellerRefundAmount, createdStr "0"; completed without time lines.
    let r = &page.refunds[3];
    assert_eq!((r.buyer.is_none(), r.refunded_amount.is_none(), r.created_at.is_none()), (true, true, true));
    assert_eq!(r.warnings, ["the refund succeeded without a REFUND_MONEY_DETAIL time line: refundedAt unknown"]);
    assert_eq!(r.warnings[0].code, WarningCode::RefundedAtMissing);
    let r = &page.refunds[4];
    assert!(r.buyer.is_none() && r.return_shipment.is_none() && r.refunded_at.is_none());
    assert_eq!(r.warnings.len(), 1);
}

/// Ids and amounts as strings or numbers read alike; ids above 2^53 keep every digit.
#[test]
fn numbers_as_strings_and_strings_as_numbers() {
    let page = parse_response(P, fixture("strings_and_numbers.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 3);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!(page.page.has_more, Some(true)); // hasNext "true"

    let r = to_json(&page.refunds[0]);
    assert_eq!(r["id"], "62511111231");
    assert_eq!(r["orderId"], "23215476275678");
    assert_eq!(r["subOrderId"], "2322512222222222");
    assert_eq!(r["requestedAmount"], "153.20");
    assert_eq!(r["refundedAmount"], "163.20");
    assert_eq!(r["status"], "processing");
    assert_eq!(r["kind"], "refund_only");
    assert_eq!(r["refundedAt"], Value::Null); // not refund_completed
    assert_eq!(r["buyer"], json!({ "id": null, "name": "王某", "phone": "15807612121" }));
    assert_eq!(r["returnShipment"], json!({ "company": "圆通", "companyCode": null, "trackingNo": "43533131117" }));
    assert_eq!(r["items"][0]["goodsId"], "25971223238");
    assert_eq!(r["items"][0]["quantity"], "2.00");
    assert_eq!(r["items"][0]["unitPrice"], "81.60");
    assert_eq!(r["items"][0]["amount"], "163.20");

    let big = to_json(&page.refunds[1]);
    assert_eq!(big["id"], "12345678901234567891");
    assert_eq!(big["orderId"], "98765432109876543210");
    assert_eq!(big["subOrderId"], "9007199254740993");
    assert_eq!(big["items"][0]["goodsId"], "9007199254740995");
    assert_eq!(big["requestedAmount"], "90071992547409.93");
    assert_eq!(big["reason"], "123");

    let text_id = to_json(&page.refunds[2]);
    assert_eq!(text_id["id"], "R-abc-001");
    assert_eq!(text_id["requestedAmount"], "1.00"); // "100.0" 分
    assert_eq!(text_id["items"][0]["quantity"], "1.00");
}

/// A record that is a string, null, an array or a number; an amount that is an object; a
/// fractional fen; bad times; a missing id: each is rejected with its path, the rest kept.
#[test]
fn wrong_types_are_rejected_with_paths() {
    let page = parse_response(P, fixture("wrong_types.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 17);
    assert_eq!(page.refunds.len(), 1);
    assert_eq!(page.refunds[0].id, "3011");
    assert_eq!(page.refunds[0].requested_amount.as_deref(), Some("153.20"));
    let got: Vec<(usize, Option<&str>, &str, String)> =
        page.rejected.iter().map(|r| (r.index, r.id.as_deref(), r.code, r.path.clone())).collect();
    let expected: Vec<(usize, Option<&str>, &str, &str)> = vec![
        (0, None, "not_an_object", "[0]"),
        (1, None, "not_an_object", "[1]"),
        (2, None, "not_an_object", "[2]"),
        (3, None, "not_an_object", "[3]"),
        (4, Some("3001"), "invalid_type", "[4].expense"),
        (5, Some("3002"), "invalid_money", "[5].expense"),
        (6, Some("3003"), "invalid_time", "[6].createdStr"),
        (7, Some("3004"), "invalid_type", "[7].refundShipInfo"),
        (8, Some("3005"), "invalid_type", "[8].timeLines"),
        (9, Some("3006"), "invalid_time", "[9].timeLines[0].createdStr"),
        (10, None, "missing_id", "[10].refundId"),
        (11, None, "invalid_type", "[11].refundId"),
        (12, Some("3007"), "invalid_type", "[12].status"),
        (13, Some("3008"), "invalid_money", "[13].sellerRefundAmount"),
        (14, Some("3009"), "invalid_type", "[14].refundShipInfo.shipExpressId"),
        (15, Some("3010"), "invalid_money", "[15].number"),
    ];
    let expected: Vec<(usize, Option<&str>, &str, String)> = expected
        .into_iter()
        .map(|(i, id, code, path)| (i, id, code, format!("result.data.refundFullDTOList{path}")))
        .collect();
    assert_eq!(got, expected);
    assert!(page.rejected.iter().all(|r| !r.message.is_empty()));
}

/// sellerRefundAmount is 商家实际退款金额(分): whole numbers are fen, whatever `expense`
/// says; NOTES.md: the doc example's 163.2 cannot be fen, so a fraction is read as yuan and
/// flagged (`amount_unit`).
#[test]
fn notes_seller_refund_amount_is_fen_and_a_fraction_is_flagged() {
    let page = parse_response(P, fixture("seller_refund_amount_units.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 11);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    let got: Vec<(&str, Option<&str>, Vec<&str>)> = page
        .refunds
        .iter()
        .map(|r| (r.id.as_ref(), r.refunded_amount.as_deref(), r.warnings.iter().map(|w| w.code.as_str()).collect()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("4001", Some("163.20"), vec!["amount_unit"]),
            ("4002", Some("153.20"), vec![]),
            ("4003", Some("1.53"), vec![]),
            ("4004", Some("163.20"), vec![]),
            ("4005", Some("153.20"), vec!["amount_unit"]),
            ("4006", Some("0.00"), vec![]),
            ("4007", Some("5.00"), vec![]),
            ("4008", Some("999.99"), vec![]),
            ("4009", Some("163.20"), vec!["amount_unit"]),
            ("4010", Some("153.20"), vec![]),
            ("4011", None, vec![]),
        ]
    );
    for r in &page.refunds {
        let expected = if r.id == "4007" { None } else { Some("153.20") };
        assert_eq!(r.requested_amount.as_deref(), expected, "{}", r.id);
    }
}

/// The audit's repro: a 1.50-yuan partial refund (`sellerRefundAmount: 150`) of a 153.20
/// request was read as 150 yuan, 100× too large, because 150 is "nearer" `expense: 15320`.
#[test]
fn a_partial_seller_refund_in_fen_is_not_read_as_yuan() {
    let body = r#"{"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"expense":15320,"goodsPrice":15320,"sellerRefundAmount":150,"status":"refund_or_return_deal_agreed"}]}},"status":{"code":"0000000","msg":"ok"}}"#;
    let page = parse_response(P, body.as_bytes(), &ParseOptions::default()).unwrap();
    let r = &page.refunds[0];
    assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (Some("153.20"), Some("1.50")));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// refundedAt is the latest REFUND_MONEY_DETAIL time, and only for refund_completed.
#[test]
fn refunded_at_from_refund_money_detail_when_completed() {
    let page = parse_response(P, fixture("refunded_at_time_lines.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 4);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    let at: Vec<Option<&str>> = page.refunds.iter().map(|r| r.refunded_at.as_deref()).collect();
    assert_eq!(at, [Some("2024-05-02T08:59:59+08:00"), None, None, None]);
    assert!(page.refunds[0].warnings.is_empty());
    assert!(page.refunds[1].warnings.is_empty());
    assert_eq!(page.refunds[2].warnings, ["the refund succeeded without a REFUND_MONEY_DETAIL time line: refundedAt unknown"]);
    assert_eq!(page.refunds[3].status.as_str(), "cancelled");
}

/// A success with no refunds is an empty page, not an error.
#[test]
fn no_data_is_an_empty_page() {
    let page = parse_response(P, fixture("no_data.json"), &ParseOptions::default()).unwrap();
    assert!(page.refunds.is_empty() && page.rejected.is_empty() && page.warnings.is_empty());
    assert_eq!(page.page.has_more, Some(false));
    assert_eq!(page.page.total, None);

    let page = parse_response(P, fixture("success_null_list.json"), &ParseOptions::default()).unwrap();
    assert!(page.refunds.is_empty() && page.rejected.is_empty());
    assert_eq!(page.page.has_more, Some(false));

    let page = parse_response(P, fixture("success_without_data.json"), &ParseOptions::default()).unwrap();
    assert!(page.refunds.is_empty() && page.rejected.is_empty());
    assert_eq!(page.page.has_more, Some(false));
    assert_eq!(page.warnings, ["status 0000000 without result.data: read as an empty page"]);
}

/// The doc types refundFullDTOList "Object": a single object is one record; a string is
/// not this API's answer.
#[test]
fn doc_quirk_refund_full_dto_list_typed_object() {
    let page = parse_response(P, fixture("list_is_single_object.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), 1);
    assert_eq!(page.refunds[0].id, "6001");
    assert_eq!(page.refunds[0].requested_amount.as_deref(), Some("9.90"));
    assert_eq!(page.warnings, ["refundFullDTOList is a single object, not an array: read as one record"]);

    let e = parse_response(P, fixture("list_is_string.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidBody);
    assert_eq!(e.path.as_deref(), Some("result.data.refundFullDTOList"));
}

#[test]
fn duplicate_refund_ids_are_warned() {
    let page = parse_response(P, fixture("duplicates.json"), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len(), 2);
    assert_eq!(page.warnings, ["refund 7001 appears more than once on this page"]);
    assert_eq!(page.page.has_more, Some(true));
}

/// hasNext drives hasMore; there is never a total; page and size come from the query.
#[test]
fn pagination_by_has_next_only() {
    let options = ParseOptions::from_json(&json!({ "query": { "page": 4, "pageSize": 5 } })).unwrap();
    let page = parse_response(P, fixture("doc_response.json"), &options).unwrap();
    assert_eq!(to_json(&page.page), json!({ "page": 4, "pageSize": 5, "total": null, "hasMore": true }));
    let body = br#"{"result":{"data":{"refundFullDTOList":[]}},"status":{"code":"0000000","msg":"ok"}}"#;
    let page = parse_response(P, body, &ParseOptions::default()).unwrap();
    assert_eq!(page.page.has_more, None);
    assert_eq!(page.warnings, ["hasNext is missing: whether more pages follow is unknown"]);
    let body = br#"{"result":{"data":{"hasNext":"maybe","refundFullDTOList":[]}},"status":{"code":"0000000","msg":"ok"}}"#;
    let page = parse_response(P, body, &ParseOptions::default()).unwrap();
    assert_eq!(page.page.has_more, None);
    // A status code sent as the JSON number 0 has lost its zero padding: still success.
    let body = br#"{"result":{"data":{"hasNext":false,"refundFullDTOList":[]}},"status":{"code":0}}"#;
    let page = parse_response(P, body, &ParseOptions::default()).unwrap();
    assert_eq!(page.page.has_more, Some(false));
    let body = br#"{"result":{"data":{"hasNext":true,"refundFullDTOList":[]}},"status":{"code":"0000000","msg":"ok"}}"#;
    let page = parse_response(P, body, &ParseOptions::default()).unwrap();
    assert_eq!(page.warnings, ["hasNext is true on an empty page"]);
}

// ---------------------------------------------------------------------------------------
// Error envelopes.

/// NOTES.md: 0000011 / 0000001 / 0000010 are token problems: not retryable.
#[test]
fn notes_token_error_codes_are_not_retryable() {
    for (file, code, msg) in [
        ("error_token_expired_0000011.json", "0000011", "授权过期"),
        ("error_token_failure_0000001.json", "0000001", "token失效"),
        ("error_token_refresh_0000010.json", "0000010", "access_token已过期"),
        ("error_numeric_code.json", "11", "授权过期"),
    ] {
        let e = parse_response(P, fixture(file), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::PlatformError, "{file}");
        assert_eq!(e.platform_code.as_deref(), Some(code));
        assert_eq!(e.platform_message.as_deref(), Some(msg));
        assert!(!e.retryable, "{file}");
        assert!(e.message.contains("authoriz") || e.message.contains("access token"), "{}", e.message);
        assert!(!e.message_zh.is_empty());
    }
}

/// NOTES.md: a message containing "Sign错误" is a sign failure: not retryable.
#[test]
fn notes_sign_error_is_not_retryable() {
    let e = parse_response(P, fixture("error_sign.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code.as_deref(), Some("0000002"));
    assert_eq!(e.platform_message.as_deref(), Some("Sign错误"));
    assert!(!e.retryable);
    assert!(e.message.contains("signature"));
}

#[test]
fn rate_limit_and_busy_are_retryable_other_codes_not() {
    for file in ["error_rate_limit.json", "error_system_busy.json"] {
        let e = parse_response(P, fixture(file), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::PlatformError);
        assert!(e.retryable, "{file}");
    }
    let e = parse_response(P, fixture("error_unknown_code.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.platform_code.as_deref(), Some("0000404"));
    assert!(!e.retryable);
}

/// Bodies that are not this API's answer: truncated, an HTML error page, null, empty, an
/// array, another platform's shape, a status that is not an object or has no code.
#[test]
fn malformed_bodies_are_invalid_body() {
    for file in [
        "truncated.json", "html_error.html", "null.json", "empty.json", "array.json", "wangdiantong_shape.json",
        "status_not_object.json", "status_without_code.json", "empty_status.json",
    ] {
        let e = parse_response(P, fixture(file), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{file}: {e:?}");
        assert!(!e.message.is_empty() && !e.message_zh.is_empty());
    }
    let e = parse_response(P, fixture("wangdiantong_shape.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("status"));
    for body in [&b"\xff\xfe{}"[..], b"   ", b"\"0000000\"", b"123", b"{\"status\":{\"code\":\"0000000\"},\"result\":[]}"] {
        let e = parse_response(P, body, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{body:?}");
    }
}

/// Every prefix of the doc's response (a body cut off in transit) is an invalid_body, never
/// a panic or a partial page.
#[test]
fn every_truncation_of_doc_response_is_invalid_body() {
    let body = fixture("doc_response.json");
    let text = std::str::from_utf8(body).unwrap().trim_end();
    for end in (1..text.len()).filter(|&i| text.is_char_boundary(i)) {
        let e = parse_response(P, &text.as_bytes()[..end], &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "cut at {end}");
    }
}
