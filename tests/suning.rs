//! 苏宁 `suning.custom.batchrejected.query` through the public API: the vendor doc's examples
//! verbatim, NOTES.md's worked example and traps, and hand-made bodies for every code and
//! every way a body can be wrong.

use refund_normalizer::{build_request, parse_response, platforms, plan_windows, sign_params, validate_query, ErrorCode, ParseOptions, RequestOptions};
use serde_json::{json, Value};

const SECRET: &str = "test_secret";
const TOKEN: &str = "oauth-token-9f8e7d";
/// 2026-11-22 07:49:33 Beijing, NOTES.md's AppRequestTime.
const NOTES_NOW: i64 = 1_795_304_973;
/// 2013-10-26 12:00:00 Beijing: the doc's request example is within three months of it.
const DOC_NOW: i64 = 1_382_760_000;
const NOTES_BODY: &str = r#"{"sn_request":{"sn_body":{"batchQueryRejected":{"startTime":"2013-10-20 00:00:00","endTime":"2013-10-26 00:00:00","pageNo":"1","pageSize":"2"}}}}"#;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/suning/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn credentials() -> Value {
    json!({ "appKey": "test_appkey", "appSecret": SECRET })
}

/// Parses a body and checks that every input record is accounted for.
fn parse_body(body: &[u8], options: Value, records_in: usize) -> Value {
    let options = ParseOptions::from_json(&options).unwrap();
    let page = parse_response("suning", body, &options).unwrap();
    assert_eq!(page.refunds.len() + page.rejected.len(), records_in, "every record in refunds or rejected");
    serde_json::to_value(&page).unwrap()
}

fn parse(name: &str, records_in: usize) -> Value {
    parse_body(&fixture(name), json!({}), records_in)
}

fn parse_error(body: &[u8]) -> refund_normalizer::RefundError {
    parse_response("suning", body, &ParseOptions::default()).unwrap_err()
}

fn header<'r>(request: &'r refund_normalizer::SignedRequest, name: &str) -> Option<&'r str> {
    request.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_ref())
}

fn item(goods_id: &str, amount: Value) -> Value {
    json!({ "goodsId": goods_id, "skuId": null, "goodsNo": null, "skuNo": null, "name": null, "skuName": null,
            "quantity": null, "unitPrice": null, "amount": amount })
}

// ---------------------------------------------------------------------------------------
// Signing and requests.

#[test]
fn notes_worked_example_sign_params() {
    let params = json!({ "appMethod": "suning.custom.batchrejected.query", "appRequestTime": "2026-11-22 07:49:33", "body": NOTES_BODY });
    assert_eq!(sign_params("suning", &params, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
    // versionNo defaults to v1.2: giving it changes nothing.
    let explicit = json!({ "versionNo": "v1.2", "body": NOTES_BODY, "appRequestTime": "2026-11-22 07:49:33", "appMethod": "suning.custom.batchrejected.query" });
    assert_eq!(sign_params("suning", &explicit, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
    let other = json!({ "versionNo": "v1.3", "body": NOTES_BODY, "appRequestTime": "2026-11-22 07:49:33", "appMethod": "suning.custom.batchrejected.query" });
    assert_ne!(sign_params("suning", &other, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
    // One byte of body more is another signature: the exact bytes are signed.
    let spaced = json!({ "appMethod": "suning.custom.batchrejected.query", "appRequestTime": "2026-11-22 07:49:33", "body": format!("{NOTES_BODY} ") });
    assert_ne!(sign_params("suning", &spaced, &credentials()).unwrap(), "7f6da6272209f6827ab57992f3660094");
}

#[test]
fn sign_params_missing_or_unknown_keys_are_invalid_options() {
    for (params, path) in [
        (json!({ "appRequestTime": "2026-11-22 07:49:33", "body": NOTES_BODY }), "params.appMethod"),
        (json!({ "appMethod": "m", "body": NOTES_BODY }), "params.appRequestTime"),
        (json!({ "appMethod": "m", "appRequestTime": "2026-11-22 07:49:33" }), "params.body"),
        (json!({ "appMethod": "m", "appRequestTime": "2026-11-22 07:49:33", "body": "" }), "params.body"),
        (json!({ "appMethod": "m", "appRequestTime": "t", "body": "b", "appKey": "other" }), "params.appKey"),
        (json!({ "appMethod": "m", "appRequestTime": "t", "body": 5 }), "params.body"),
    ] {
        let e = sign_params("suning", &params, &credentials()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{params}");
        assert_eq!(e.path.as_deref(), Some(path), "{params}");
    }
    let e = sign_params("suning", &json!({ "appMethod": "m", "appRequestTime": "t", "body": "b" }), &json!({ "appKey": "k" })).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    assert_eq!(e.path.as_deref(), Some("credentials.appSecret"));
}

/// The doc's JSON request example, and NOTES.md's worked-example body byte for byte.
#[test]
fn doc_request_json_example_is_the_built_body() {
    let query = json!({ "since": "2013-10-20 00:00:00", "until": "2013-10-26 00:00:00", "page": 1, "pageSize": 2 });
    let request = build_request("suning", &credentials(), &query, &RequestOptions::at(DOC_NOW)).unwrap();
    assert_eq!(request.body, NOTES_BODY);
    let doc: Value = serde_json::from_slice(&fixture("doc_request.json")).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&request.body).unwrap(), doc);
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://open.suning.com/api/http/sopRequest");
    // The header signature is the signature of the exact body and header time.
    let time = header(&request, "AppRequestTime").unwrap();
    assert_eq!(time, "2013-10-26 12:00:00");
    let expected = sign_params(
        "suning",
        &json!({ "appMethod": "suning.custom.batchrejected.query", "appRequestTime": time, "body": request.body }),
        &credentials(),
    )
    .unwrap();
    assert_eq!(header(&request, "signInfo"), Some(expected.as_str()));
}

/// NOTES.md: Format defaults to XML on the server, so `Format: json` is always sent.
#[test]
fn notes_format_json_always_sent_headers_in_order() {
    let query = json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00" });
    let request = build_request("suning", &credentials(), &query, &RequestOptions::at(NOTES_NOW)).unwrap();
    let body = r#"{"sn_request":{"sn_body":{"batchQueryRejected":{"startTime":"2026-11-01 00:00:00","endTime":"2026-11-20 00:00:00","pageNo":"1","pageSize":"10"}}}}"#;
    assert_eq!(request.body, body);
    let sign = sign_params(
        "suning",
        &json!({ "appMethod": "suning.custom.batchrejected.query", "appRequestTime": "2026-11-22 07:49:33", "body": body }),
        &credentials(),
    )
    .unwrap();
    let names: Vec<(&str, &str)> = request.headers.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    assert_eq!(
        names,
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("AppMethod", "suning.custom.batchrejected.query"),
            ("AppRequestTime", "2026-11-22 07:49:33"),
            ("Format", "json"),
            ("AppKey", "test_appkey"),
            ("VersionNo", "v1.2"),
            ("signInfo", sign.as_str()),
        ]
    );
    assert!(!request.body.contains(SECRET) && request.headers.iter().all(|(_, v)| !v.contains(SECRET)));
    // The same with an explicit "json".
    let mut options = RequestOptions::at(NOTES_NOW);
    options.extra.insert("format".into(), json!("json"));
    assert_eq!(build_request("suning", &credentials(), &query, &options).unwrap(), request);
}

/// The doc's XML request example, asked for with `format: "xml"`.
#[test]
fn doc_request_xml_example_with_format_xml() {
    let query = json!({ "since": "2013-10-20 00:00:00", "until": "2013-10-26 00:00:00", "page": 1, "pageSize": 2 });
    let mut options = RequestOptions::at(DOC_NOW);
    options.extra.insert("format".into(), json!("xml"));
    let request = build_request("suning", &credentials(), &query, &options).unwrap();
    let doc = String::from_utf8(fixture("doc_request.xml")).unwrap().replace("> <", "><");
    assert_eq!(request.body, doc.trim());
    assert_eq!(header(&request, "Format"), Some("xml"));
    assert_eq!(header(&request, "Content-Type"), Some("text/xml; charset=utf-8"));
    let expected = sign_params(
        "suning",
        &json!({ "appMethod": "suning.custom.batchrejected.query", "appRequestTime": "2013-10-26 12:00:00", "body": request.body }),
        &credentials(),
    )
    .unwrap();
    assert_eq!(header(&request, "signInfo"), Some(expected.as_str()));

    for bad in [json!("yaml"), json!(1), json!(true)] {
        let mut options = RequestOptions::at(DOC_NOW);
        options.extra.insert("format".into(), bad.clone());
        let e = build_request("suning", &credentials(), &query, &options).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{bad}");
    }
}

/// NOTES.md: the SDKs format AppRequestTime in the host's zone; we always use Beijing time.
#[test]
fn notes_app_request_time_is_beijing_whatever_the_host_zone() {
    let query = json!({ "since": "1970-01-01 08:00:00", "until": "1970-01-02 08:00:00" });
    let request = build_request("suning", &credentials(), &query, &RequestOptions::at(0)).unwrap();
    assert_eq!(header(&request, "AppRequestTime"), Some("1970-01-01 08:00:00"));
    let query = json!({ "since": "2026-11-21T16:00:00Z", "until": "2026-11-22T07:49:33+08:00" });
    let request = build_request("suning", &credentials(), &query, &RequestOptions::at(NOTES_NOW)).unwrap();
    assert_eq!(header(&request, "AppRequestTime"), Some("2026-11-22 07:49:33"));
    // RFC 3339 inputs become Beijing wall-clock params.
    assert!(request.body.contains(r#""startTime":"2026-11-22 00:00:00","endTime":"2026-11-22 07:49:33""#), "{}", request.body);
}

#[test]
fn access_token_header_only_for_oauth_credentials() {
    let query = json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00" });
    let with = json!({ "appKey": "test_appkey", "appSecret": SECRET, "accessToken": TOKEN });
    let request = build_request("suning", &with, &query, &RequestOptions::at(NOTES_NOW)).unwrap();
    assert_eq!(request.headers.last().map(|(k, v)| (k.as_ref(), v.as_ref())), Some(("access_token", TOKEN)));
    let plain = build_request("suning", &credentials(), &query, &RequestOptions::at(NOTES_NOW)).unwrap();
    assert_eq!(header(&plain, "access_token"), None);
    // The token is not signed: same signInfo.
    assert_eq!(header(&request, "signInfo"), header(&plain, "signInfo"));
    let empty = json!({ "appKey": "test_appkey", "appSecret": SECRET, "accessToken": "" });
    assert_eq!(header(&build_request("suning", &empty, &query, &RequestOptions::at(NOTES_NOW)).unwrap(), "access_token"), None);
}

#[test]
fn sandbox_endpoint() {
    let query = json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00" });
    let sandbox = json!({ "appKey": "test_appkey", "appSecret": SECRET, "sandbox": true });
    let request = build_request("suning", &sandbox, &query, &RequestOptions::at(NOTES_NOW)).unwrap();
    assert_eq!(request.url, "http://openpre.cnsuning.com/api/http/sopRequest");
    let prod = json!({ "appKey": "test_appkey", "appSecret": SECRET, "sandbox": false });
    assert_eq!(build_request("suning", &prod, &query, &RequestOptions::at(NOTES_NOW)).unwrap().url, "https://open.suning.com/api/http/sopRequest");
}

#[test]
fn credential_errors_never_echo_secrets() {
    let query = json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00" });
    for (credentials, path) in [
        (json!({ "appSecret": SECRET }), "credentials.appKey"),
        (json!({ "appKey": "k" }), "credentials.appSecret"),
        (json!({ "appKey": "k", "appSecret": "  " }), "credentials.appSecret"),
        (json!({ "appKey": "k", "appSecret": 12345 }), "credentials.appSecret"),
        (json!({ "appKey": "k", "appSecret": SECRET, "accessToken": 7 }), "credentials.accessToken"),
        (json!({ "appKey": "k", "appSecret": SECRET, "accessToken": TOKEN, "sandbox": "yes" }), "credentials.sandbox"),
    ] {
        let e = build_request("suning", &credentials, &query, &RequestOptions::at(NOTES_NOW)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials, "{credentials}");
        assert_eq!(e.path.as_deref(), Some(path));
        let shown = format!("{e:?} {e}");
        assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
    }
}

// ---------------------------------------------------------------------------------------
// Query validation and windows.

#[test]
fn doc_params_both_page_fields_always_sent() {
    let v = validate_query("suning", &json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00" }), &RequestOptions::at(NOTES_NOW)).unwrap();
    assert!(v.ok, "{:?}", v.issues);
    let params: Vec<(&str, &str)> = v.params.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
    assert_eq!(
        params,
        [("startTime", "2026-11-01 00:00:00"), ("endTime", "2026-11-20 00:00:00"), ("pageNo", "1"), ("pageSize", "10")]
    );
}

/// NOTES.md: the PHP SDK's check() wants pageSize ≥ 10, the platform allows 1–50.
#[test]
fn notes_page_size_one_to_fifty_not_sdk_minimum_ten() {
    let options = RequestOptions::at(NOTES_NOW);
    for (page, size, ok) in [(1, 1, true), (1, 2, true), (99_999, 50, true), (1, 51, false), (1, 0, false), (0, 10, false), (100_000, 10, false)] {
        let q = json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-20 00:00:00", "page": page, "pageSize": size });
        let v = validate_query("suning", &q, &options).unwrap();
        assert_eq!(v.ok, ok, "page {page} size {size}: {:?}", v.issues);
        if ok {
            assert_eq!(v.params[2], ("pageNo".into(), page.to_string()));
            assert_eq!(v.params[3], ("pageSize".into(), size.to_string()));
        }
    }
}

/// Doc: both times required, at most 30 days apart, within three months (90 days); no
/// filters. Every issue at once.
#[test]
fn doc_time_rules_and_unsupported_filters_all_reported() {
    let options = RequestOptions::at(NOTES_NOW);
    let v = validate_query("suning", &json!({}), &options).unwrap();
    let issues: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(issues, [("since", "required"), ("until", "required")]);

    let q = json!({
        "since": "2026-06-01 00:00:00", "until": "2026-11-20 00:00:00", "timeField": "created",
        "page": 0, "pageSize": 60, "status": "1", "shopId": "s", "orderId": "o", "refundId": "r",
        "params": { "returntype": "2" }
    });
    let v = validate_query("suning", &q, &options).unwrap();
    assert!(!v.ok);
    let mut issues: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    issues.sort();
    assert_eq!(
        issues,
        [
            ("orderId", "not_supported"),
            ("page", "out_of_range"),
            ("pageSize", "out_of_range"),
            ("params.returntype", "unknown_param"),
            ("refundId", "not_supported"),
            ("shopId", "not_supported"),
            ("since", "out_of_range"),
            ("status", "not_supported"),
            ("timeField", "not_supported"),
            ("until", "span_too_long"),
        ]
    );
    assert!(v.issues.iter().all(|i| !i.message.is_empty() && !i.message_zh.is_empty()));
    assert!(v.params.is_empty());

    // 30 days exactly is fine, one second more is not; 90 days back is fine, one second more is not.
    let ok = validate_query("suning", &json!({ "since": "2026-10-01 00:00:00", "until": "2026-10-31 00:00:00", "timeField": "updated" }), &options).unwrap();
    assert!(ok.ok, "{:?}", ok.issues);
    let long = validate_query("suning", &json!({ "since": "2026-10-01 00:00:00", "until": "2026-10-31 00:00:01" }), &options).unwrap();
    assert_eq!(long.issues.iter().map(|i| i.code).collect::<Vec<_>>(), ["span_too_long"]);
    let edge = validate_query("suning", &json!({ "since": "2026-08-24 07:49:33", "until": "2026-09-01 00:00:00" }), &options).unwrap();
    assert!(edge.ok, "{:?}", edge.issues);
    let old = validate_query("suning", &json!({ "since": "2026-08-24 07:49:32", "until": "2026-09-01 00:00:00" }), &options).unwrap();
    assert_eq!(old.issues.iter().map(|i| (i.field.as_str(), i.code)).collect::<Vec<_>>(), [("since", "out_of_range")]);
    let reversed = validate_query("suning", &json!({ "since": "2026-11-02 00:00:00", "until": "2026-11-01 00:00:00" }), &options).unwrap();
    assert_eq!(reversed.issues.iter().map(|i| i.code).collect::<Vec<_>>(), ["order"]);

    let e = build_request("suning", &credentials(), &json!({ "since": "2026-11-01 00:00:00" }), &options).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
    assert_eq!(e.issues.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["until"]);
}

#[test]
fn plan_windows_thirty_days_no_gap() {
    let options = RequestOptions::at(NOTES_NOW);
    let windows = plan_windows("suning", &json!({ "since": "2026-09-01 00:00:00", "until": "2026-11-20 00:00:00" }), &options).unwrap();
    let shown: Vec<Value> = windows.iter().map(|w| serde_json::to_value(w).unwrap()).collect();
    assert_eq!(
        shown,
        [
            json!({ "since": "2026-09-01T00:00:00+08:00", "until": "2026-10-01T00:00:00+08:00" }),
            json!({ "since": "2026-10-01T00:00:00+08:00", "until": "2026-10-31T00:00:00+08:00" }),
            json!({ "since": "2026-10-31T00:00:00+08:00", "until": "2026-11-20T00:00:00+08:00" }),
        ]
    );
    // Every window is a valid query.
    for w in &shown {
        assert!(validate_query("suning", w, &options).unwrap().ok);
    }
    let e = plan_windows("suning", &json!({ "since": "2026-01-01 00:00:00", "until": "2026-11-20 00:00:00" }), &options).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
}

#[test]
fn platforms_describes_suning_tables() {
    let info = platforms().into_iter().find(|p| p.name_en == "Suning").unwrap();
    let info = serde_json::to_value(info).unwrap();
    assert_eq!(info["id"], "suning");
    assert_eq!(info["methods"], json!(["suning.custom.batchrejected.query"]));
    assert_eq!(info["timeFields"], json!([{ "field": "updated", "sinceParam": "startTime", "untilParam": "endTime", "format": "yyyy-MM-dd HH:mm:ss" }]));
    assert_eq!(info["timeRangeRequired"], true);
    assert_eq!(info["maxSpanSeconds"], 30 * 86_400);
    assert_eq!(info["maxLookbackSeconds"], 90 * 86_400);
    assert_eq!(
        info["paging"],
        json!({ "base": 1, "pageParam": "pageNo", "sizeParam": "pageSize", "pageMax": 99_999, "sizeMin": 1, "sizeMax": 50, "sizeDefault": 10 })
    );
    assert_eq!(info["filters"], json!([]));
    let statuses: Vec<(String, String, String)> = info["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["code"].as_str().unwrap().into(), s["label"].as_str().unwrap().into(), s["unified"].as_str().unwrap().into()))
        .collect();
    let expected = [
        ("1", "退款待处理", "pending"),
        ("2", "已拒绝退款", "rejected"),
        ("3", "待买家发货", "awaiting_return"),
        ("4", "待商家收货", "return_in_transit"),
        ("5", "退款失败", "failed"),
        ("6", "退款处理中", "processing"),
        ("7", "退款关闭", "closed"),
        ("8", "退款成功", "succeeded"),
    ];
    assert_eq!(statuses, expected.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())));
    assert_eq!(info["kinds"][0]["code"], "1");
    assert_eq!(info["kinds"][0]["unified"], "refund_only");
    assert_eq!(info["kinds"][1]["code"], "");
    assert_eq!(info["kinds"][1]["unified"], "return_and_refund");
    let creds: Vec<(&str, bool, bool)> = info["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["required"].as_bool().unwrap(), c["secret"].as_bool().unwrap()))
        .collect();
    assert_eq!(creds, [("appKey", true, false), ("appSecret", true, true), ("accessToken", false, true), ("sandbox", false, false)]);
    assert_eq!(info["signs"], true);
}

// ---------------------------------------------------------------------------------------
// Responses: the doc's examples.

fn doc_record(order: &str, apply: &str, reason: &str, express_no: &str) -> Value {
    json!({
        "platform": "suning",
        "id": format!("{order}:102609934:{}", apply.replace(['-', ' ', ':'], "")),
        "orderId": order,
        "subOrderId": null,
        "shopId": null,
        "shopName": null,
        "kind": "refund_only",
        "status": "unknown",
        "platformStatus": { "code": "卖家不同意协议, 等待买家投诉", "label": null },
        "requestedAmount": null,
        "refundedAmount": "188.00",
        "currency": "CNY",
        "reason": reason,
        "note": null,
        "buyer": { "id": "17817800005", "name": null, "phone": null },
        "returnShipment": { "company": null, "companyCode": "A01", "trackingNo": express_no },
        "createdAt": format!("{}T{}+08:00", &apply[..10], &apply[11..]),
        "updatedAt": null,
        "refundedAt": null,
        "items": [item("102609934", json!("188.00"))],
        "warnings": [],
        "raw": null,
    })
}

#[test]
fn doc_response_json_example() {
    let page = parse("doc_response.json", 2);
    assert_eq!(
        page,
        json!({
            "refunds": [
                doc_record("2000532010", "2013-10-21 11:02:35", "发票问题", "ssssssss"),
                doc_record("2000532016", "2013-10-21 11:36:03", "其他", "111111111"),
            ],
            "page": { "page": 1, "pageSize": null, "total": null, "hasMore": true },
            "rejected": [],
            "warnings": [],
        })
    );
    assert_eq!(page["refunds"][0]["id"], "2000532010:102609934:20131021110235");
}

/// The doc's XML response example reads exactly like its JSON twin.
#[test]
fn doc_response_xml_example() {
    assert_eq!(parse("doc_response.xml", 2), parse("doc_response.json", 2));
}

/// With the query it answered, the page knows its size too.
#[test]
fn doc_response_with_query_page_info() {
    let page = parse_body(&fixture("doc_response.json"), json!({ "query": { "page": 1, "pageSize": 2 } }), 2);
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": 2, "total": null, "hasMore": true }));
    assert_eq!(page["warnings"], json!([]));
    // The server answering another page than asked is worth a warning (one paging field alone is ignored).
    let page = parse_body(&fixture("doc_response.json"), json!({ "query": { "page": 3, "pageSize": 2 } }), 2);
    assert_eq!(page["page"]["page"], 1);
    assert_eq!(page["warnings"], json!([{ "code": "paging", "message": "page 3 was asked but the server answered page 1", "messageZh": "请求的是第 3 页,服务器返回的是第 1 页" }]));
}

#[test]
fn include_raw_keeps_the_record_as_received_json_and_xml() {
    let json_page = parse_body(&fixture("doc_response.json"), json!({ "includeRaw": true }), 2);
    let raw = json_page["refunds"][0]["raw"].as_str().unwrap();
    assert!(raw.starts_with(r#"{ "orderCode": "2000532010""#) && raw.ends_with(r#""refundtype":"1" }"#), "{raw}");
    let xml_page = parse_body(&fixture("doc_response.xml"), json!({ "includeRaw": true }), 2);
    let raw = xml_page["refunds"][1]["raw"].as_str().unwrap();
    assert!(raw.starts_with("<batchQueryRejected> <orderCode>2000532016</orderCode>"), "{raw}");
    assert!(raw.ends_with("<refundtype>1</refundtype> </batchQueryRejected>"), "{raw}");
}

// ---------------------------------------------------------------------------------------
// Statuses and kinds, code by code.

#[test]
fn status_codes_one_to_eight() {
    let page = parse("statuses_by_code.json", 8);
    let expected = ["pending", "rejected", "awaiting_return", "return_in_transit", "failed", "processing", "closed", "succeeded"];
    let labels = ["退款待处理", "已拒绝退款", "待买家发货", "待商家收货", "退款失败", "退款处理中", "退款关闭", "退款成功"];
    for (i, refund) in page["refunds"].as_array().unwrap().iter().enumerate() {
        assert_eq!(refund["status"], expected[i], "code {}", i + 1);
        assert_eq!(refund["platformStatus"], json!({ "code": (i + 1).to_string(), "label": labels[i] }));
        assert_eq!(refund["kind"], "return_and_refund");
        assert_eq!(refund["id"], format!("30000000{:02}:102609934:202405{:02}100000", i + 1, i + 1));
        assert_eq!(refund["createdAt"], format!("2024-05-{:02}T10:00:00+08:00", i + 1));
        assert_eq!(refund["updatedAt"], Value::Null, "statusPassTime is a deadline, not an update time");
        // returnMoney is what the seller refunds at any status; paid only once succeeded.
        assert_eq!(refund["refundedAmount"], "188.00");
        assert_eq!(refund["returnShipment"], json!({ "company": null, "companyCode": "A01", "trackingNo": format!("SF{:04}", i + 1) }));
        assert_eq!(refund["warnings"], json!([]));
    }
}

/// NOTES.md: statusDesc is documented as codes but the doc's example sends free text.
#[test]
fn notes_status_desc_as_label_or_free_text() {
    let page = parse("statuses_by_label_and_free_text.json", 14);
    let refunds = page["refunds"].as_array().unwrap();
    let expected = ["pending", "rejected", "awaiting_return", "return_in_transit", "failed", "processing", "closed", "succeeded"];
    for (i, status) in expected.iter().enumerate() {
        assert_eq!(refunds[i]["status"], *status);
        // The code is statusDesc as the platform said it (here the label); the label is the table's.
        assert_eq!(refunds[i]["platformStatus"]["code"], refunds[i]["platformStatus"]["label"]);
    }
    assert_eq!(refunds[8]["status"], "rejected");
    assert_eq!(refunds[8]["platformStatus"], json!({ "code": "2-已拒绝退款", "label": "已拒绝退款" }));
    assert_eq!(refunds[9]["status"], "unknown");
    assert_eq!(refunds[9]["platformStatus"], json!({ "code": "卖家不同意协议, 等待买家投诉", "label": null }));
    assert_eq!(refunds[10]["status"], "unknown");
    assert_eq!(refunds[10]["platformStatus"], json!({ "code": "9", "label": null }));
    assert_eq!(refunds[11]["status"], "unknown");
    assert_eq!(refunds[11]["platformStatus"], json!({ "code": null, "label": null }));
    assert_eq!(refunds[12]["status"], "succeeded", "statusDesc as a JSON number");
    assert_eq!(refunds[12]["platformStatus"], json!({ "code": "8", "label": "退款成功" }));
    assert_eq!(refunds[13]["status"], "unknown");
    assert_eq!(refunds[13]["platformStatus"], json!({ "code": null, "label": null }));
}

/// NOTES.md: `refundtype` (all lowercase) empty = 退货, 1 = 仅退款; `returntype` 2/3/4.
#[test]
fn notes_refundtype_and_returntype_lowercase_fields() {
    let page = parse("kinds.json", 10);
    let refunds = page["refunds"].as_array().unwrap();
    let kinds: Vec<&str> = refunds.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "refund_only",       // "1"
            "return_and_refund", // ""
            "return_and_refund", // absent
            "return_and_refund", // null
            "refund_only",       // 1 as a number
            "unknown",           // "2": not in the table
            "refund_only",
            "return_and_refund",
            "return_and_refund",
            "return_and_refund",
        ]
    );
    let warnings: Vec<usize> = refunds.iter().map(|r| r["warnings"].as_array().unwrap().len()).collect();
    assert_eq!(warnings, [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    assert_eq!(refunds[8]["warnings"][0]["code"], "unknown_code");
    assert_eq!(refunds[8]["warnings"][0]["message"], "returntype \"7\" is not one of the doc's codes 2, 3, 4");
}

// ---------------------------------------------------------------------------------------
// Shapes and values.

/// NOTES.md: one record may come as an object; pageNo/pageTotal/totalSize as numbers.
#[test]
fn notes_single_record_as_object_and_head_numbers() {
    let page = parse("single_record_object.json", 1);
    assert_eq!(page["page"], json!({ "page": 2, "pageSize": null, "total": 11, "hasMore": false }));
    let refund = &page["refunds"][0];
    assert_eq!(refund["id"], "2000532010:102609934:20131021110235");
    assert_eq!(refund["status"], "succeeded");
    assert_eq!(refund["kind"], "return_and_refund");
    assert_eq!(refund["refundedAmount"], "188.00");
    assert_eq!(refund["items"], json!([item("102609934", json!("188.00"))]));
}

/// NOTES.md: "numbers that are strings in the vendor doc are ints in the real response".
#[test]
fn notes_numbers_where_the_doc_says_strings() {
    let page = parse("numbers_and_strings.json", 2);
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": null, "total": 25, "hasMore": true }));
    let a = &page["refunds"][0];
    assert_eq!(a["id"], "20000000000000000123:102609934:20131021110235", "big ids keep every digit");
    assert_eq!(a["orderId"], "20000000000000000123");
    assert_eq!(a["buyer"], json!({ "id": "17817800005", "name": null, "phone": null }));
    assert_eq!(a["refundedAmount"], "99.50");
    assert_eq!(a["items"], json!([item("102609934", json!("188.00"))]));
    assert_eq!(a["status"], "processing");
    assert_eq!(a["platformStatus"], json!({ "code": "6", "label": "退款处理中" }));
    assert_eq!(a["kind"], "refund_only");
    assert_eq!(a["returnShipment"], json!({ "company": null, "companyCode": "A01", "trackingNo": "1234567890123456789" }));
    let b = &page["refunds"][1];
    assert_eq!(b["refundedAmount"], "100.00");
    assert_eq!(b["items"][0]["amount"], "150.00");
    assert_eq!(b["buyer"]["id"], "buyer_a");
    assert_eq!(b["status"], "return_in_transit");
    assert_eq!(b["returnShipment"], json!({ "company": null, "companyCode": null, "trackingNo": "SF1234" }));
}

/// NOTES.md: totalSize is in real replies though the doc omits it.
#[test]
fn notes_total_size_in_real_replies() {
    let page = parse("total_size_real_reply.json", 1);
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": null, "total": 1, "hasMore": false }));
    let refund = &page["refunds"][0];
    assert_eq!(refund["kind"], "refund_only");
    assert_eq!(refund["status"], "pending");
    assert_eq!(refund["returnShipment"], Value::Null, "empty express fields are no shipment");
    assert_eq!(refund["reason"], "七天无理由");
    assert_eq!(refund["refundedAmount"], "59.90");
}

#[test]
fn zero_absent_and_empty_values_are_null() {
    let page = parse("zero_absent_empty.json", 3);
    let a = &page["refunds"][0];
    assert_eq!(a["refundedAmount"], "0.00");
    assert_eq!(a["requestedAmount"], Value::Null);
    assert_eq!(a["buyer"], Value::Null);
    assert_eq!(a["returnShipment"], Value::Null);
    assert_eq!(a["reason"], Value::Null);
    assert_eq!(a["items"], json!([item("102609934", Value::Null)]), "empty dealMoney is no amount");
    assert_eq!(a["warnings"], json!([]));
    let b = &page["refunds"][1];
    assert_eq!(
        *b,
        json!({
            "platform": "suning", "id": "3000000002:102609935:20240502100000", "orderId": "3000000002",
            "subOrderId": null, "shopId": null, "shopName": null, "kind": "return_and_refund", "status": "unknown",
            "platformStatus": { "code": null, "label": null }, "requestedAmount": null, "refundedAmount": null,
            "currency": "CNY", "reason": null, "note": null, "buyer": null, "returnShipment": null,
            "createdAt": "2024-05-02T10:00:00+08:00", "updatedAt": null, "refundedAt": null,
            "items": [item("102609935", Value::Null)], "warnings": [], "raw": null
        })
    );
    let c = &page["refunds"][2];
    assert_eq!(c["refundedAmount"], "0.00");
    assert_eq!(c["items"][0]["amount"], "0.00");
    assert_eq!(c["returnShipment"], json!({ "company": null, "companyCode": null, "trackingNo": "SF0003" }));
}

#[test]
fn wrong_types_every_record_accounted() {
    let page = parse("wrong_types.json", 12);
    assert_eq!(page["refunds"].as_array().unwrap().len(), 1);
    assert_eq!(page["refunds"][0]["id"], "3000000007:102609934:20240507100000");
    let rejected: Vec<(u64, Value, &str, String)> = page["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["id"].clone(), r["code"].as_str().unwrap(), r["path"].as_str().unwrap().to_string()))
        .collect();
    let list = "sn_responseContent.sn_body.batchQueryRejected";
    assert_eq!(
        rejected,
        [
            (0, Value::Null, "not_an_object", format!("{list}[0]")),
            (1, json!("3000000002:102609934:20240502100000"), "invalid_type", format!("{list}[1].returnMoney")),
            (2, Value::Null, "missing_id", format!("{list}[2].orderCode")),
            (3, Value::Null, "invalid_time", format!("{list}[3].applyTime")),
            (4, Value::Null, "missing_id", format!("{list}[4].applyTime")),
            (5, Value::Null, "invalid_type", format!("{list}[5].productCode")),
            (7, Value::Null, "not_an_object", format!("{list}[7]")),
            (8, Value::Null, "not_an_object", format!("{list}[8]")),
            (9, json!("3000000010:102609934:20240510100000"), "invalid_money", format!("{list}[9].dealMoney")),
            (10, Value::Null, "missing_id", format!("{list}[10].applyTime")),
            (11, Value::Null, "missing_id", format!("{list}[11].orderCode")),
        ]
    );
    assert!(page["rejected"].as_array().unwrap().iter().all(|r| !r["message"].as_str().unwrap().is_empty()));
    assert_eq!(page["page"]["total"], 12);
}

#[test]
fn list_that_is_a_string_is_one_rejected_record() {
    let page = parse("list_is_a_string.json", 1);
    assert_eq!(page["rejected"][0]["code"], "not_an_object");
    assert_eq!(page["rejected"][0]["path"], "sn_responseContent.sn_body.batchQueryRejected");
}

#[test]
fn duplicate_records_get_a_page_warning() {
    let page = parse("duplicate_records.json", 2);
    assert_eq!(page["warnings"][0]["code"], "duplicate_id");
    assert_eq!(page["warnings"][0]["message"], "refund 3000000001:102609934:20240501100000 appears more than once on this page");
}

/// XML replies: entities, character references, CDATA, pretty-printing white space, empty
/// elements, a declaration and a comment.
#[test]
fn xml_entities_cdata_and_whitespace() {
    let page = parse_body(&fixture("xml_entities_cdata_whitespace.xml"), json!({ "includeRaw": true }), 1);
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": null, "total": 1, "hasMore": false }));
    let refund = &page["refunds"][0];
    assert_eq!(refund["id"], "2000532010:102609934:20131021110235");
    assert_eq!(refund["orderId"], "2000532010");
    assert_eq!(refund["buyer"]["id"], "小明&Co");
    assert_eq!(refund["status"], "closed");
    assert_eq!(refund["platformStatus"], json!({ "code": "退款关闭", "label": "退款关闭" }));
    assert_eq!(refund["reason"], " 尺码<不合适> & 颜色 ", "CDATA kept as is");
    assert_eq!(refund["returnShipment"], json!({ "company": null, "companyCode": null, "trackingNo": "a<b>\"c'" }));
    assert_eq!(refund["kind"], "return_and_refund", "<refundtype/> is empty");
    assert_eq!(refund["refundedAmount"], "0.00");
    assert_eq!(refund["warnings"], json!([]), "zero returnMoney on a closed refund is no contradiction");
    let raw = refund["raw"].as_str().unwrap();
    assert!(raw.starts_with("<batchQueryRejected>") && raw.ends_with("</batchQueryRejected>") && raw.contains("<![CDATA["), "{raw}");
}

// ---------------------------------------------------------------------------------------
// No data, and error envelopes.

/// NOTES.md: "No data is an error" (biz.handler.data-get:no-result): an empty page here.
#[test]
fn notes_no_result_is_an_empty_page() {
    for name in ["no_result.json", "no_result.xml"] {
        let page = parse_body(&fixture(name), json!({ "query": { "page": 1, "pageSize": 10 } }), 0);
        assert_eq!(
            page,
            json!({ "refunds": [], "page": { "page": 1, "pageSize": 10, "total": null, "hasMore": false }, "rejected": [], "warnings": [] }),
            "{name}"
        );
    }
    let page = parse("empty_success.json", 0);
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": null, "total": 0, "hasMore": false }));
}

/// NOTES.md: errors carry only a code; meaning and retryability come from the doc's tables.
#[test]
fn error_envelopes_map_to_platform_errors() {
    for (name, code, retryable, meaning) in [
        ("error_sign.json", "sys.check.app-sign:error", false, "签名信息错误"),
        ("error_app_time.json", "sys.check.app-time:error", true, "请求参数错误api请求时间误差大"),
        ("error_request_apprequesttime.json", "sys.check.request-apprequesttime:error", true, "请求时间错误"),
        ("error_rate_limit.xml", "sys.controller.api-frequency:limit", true, "访问频率限制"),
        ("error_network_status.json", "sys.error.network-status:502", true, "响应失败"),
        ("error_data_get_fail.json", "biz.handler.data-get:fail", true, "业务数据查询失败"),
        // Sic: the doc writes this code with a space.
        ("error_endtime_format_with_space.json", "biz.queryBatchReturnServer.endTime-format error", false, "查询结束时间格式不对"),
        // Listed twice in the doc with two descriptions: both are kept.
        ("error_starttime_format_listed_twice.json", "sys.check.starttime-format:error", false, "请求开始时间错误;校验开始时间不合法"),
        ("error_unknown_code.json", "biz.custom.something-new:error", false, "文档错误码表中没有此码"),
    ] {
        let e = parse_error(&fixture(name));
        assert_eq!(e.code, ErrorCode::PlatformError, "{name}");
        assert_eq!(e.platform_code.as_deref(), Some(code), "{name}");
        assert_eq!(e.platform_message, None, "{name}: Suning sends no message");
        assert_eq!(e.retryable, retryable, "{name}");
        assert!(e.message_zh.contains(meaning), "{name}: {}", e.message_zh);
        assert!(e.message.starts_with(&format!("platform error {code}: ")), "{name}: {}", e.message);
    }
}

/// Every code of both of the doc's error tables has a meaning in both languages, and
/// retryable is true exactly for rate limits, time skew, network trouble and data-get:fail.
#[test]
fn doc_error_tables_every_code() {
    let retryable = [
        "sys.controller.api-request:limit",
        "sys.check.app-time:error",
        "biz.handler.data-get:fail",
        "sys.controller.api-access:limit",
        "sys.controller.api-frequency:limit",
        "sys.error.network:failure",
        "sys.error.network-status:500",
    ];
    let refused = [
        "sys.check.query-time:error",
        "sys.check.query-time:outofrange",
        "biz.orderquery.startTime-format:error",
        "biz.queryBatchReturnServer.endTime-format error",
        "biz.orderquery.time-value:outofrange",
        "sys.check.starttime-value:null",
        "sys.check.endtime-value:null",
        "sys.check.user-permission:inexistence",
        "sys.check.user-permission:overdue",
        "sys.check.api-permission:inexistence",
        "sys.check.api-permission:overdue",
        "sys.check.method-permission:authority",
        "sys.auth.vendor-request:errory",
        "sys.check.request-params:error",
        "sys.check.starttime-format:error",
        "sys.check.pageno-format:error",
        "sys.check.pagesize-format:error",
        "sys.check.page-param:error",
        "sys.check.miss-time:starttime",
        "sys.check.miss-time:endtime",
        "sys.check.endtime-format:error",
        "sys.check.app-sign:null",
        "sys.check.app-sign:error",
        "sys.check.missing-parameter:apiversion",
        "sys.check.missing-parameter:appRequestTime",
        "sys.check.missing-nestElement:sn_body",
        "biz.handler.batch-handler:no-support",
        "biz.handler.request-message:error",
        "sys.check.header-param:null",
        "sys.check.snunionid.length.is.not:48",
    ];
    for (codes, expected) in [(&retryable[..], true), (&refused[..], false)] {
        for code in codes {
            let body = json!({ "sn_responseContent": { "sn_head": {}, "sn_error": { "error_code": code } } }).to_string();
            let e = parse_error(body.as_bytes());
            assert_eq!(e.code, ErrorCode::PlatformError, "{code}");
            assert_eq!(e.platform_code.as_deref(), Some(*code));
            assert_eq!(e.retryable, expected, "{code}");
            assert!(!e.message.contains("not in the doc"), "{code} is in the doc's tables: {}", e.message);
            assert!(!e.message_zh.contains("没有此码"), "{code}: {}", e.message_zh);
        }
    }
    // An error code in returnMessage (no sn_error) is an error too.
    let body = json!({ "sn_responseContent": { "sn_head": { "returnMessage": "sys.check.app-sign:error" } } }).to_string();
    assert_eq!(parse_error(body.as_bytes()).platform_code.as_deref(), Some("sys.check.app-sign:error"));
    // A message, should one come, is kept.
    let body = json!({ "sn_responseContent": { "sn_error": { "error_code": "sys.check.app-sign:error", "error_msg": "签名错误" } } }).to_string();
    assert_eq!(parse_error(body.as_bytes()).platform_message.as_deref(), Some("签名错误"));
}

// ---------------------------------------------------------------------------------------
// Bodies that are not Suning responses.

#[test]
fn malformed_bodies_are_invalid_body() {
    for name in [
        "truncated.json",
        "truncated.xml",
        "html_error_page.html",
        "html_doctype_page.html",
        "null.json",
        "empty.json",
        "whitespace_only.json",
        "json_array.json",
        "json_string.json",
        "other_platform_wangdiantong.json",
        "other_platform_shape.json",
        "content_not_object.json",
        "error_without_code.json",
        "head_claims_records_without_body.json",
        "xml_two_roots.xml",
    ] {
        let e = parse_error(&fixture(name));
        assert_eq!(e.code, ErrorCode::InvalidBody, "{name}: {e:?}");
        assert!(!e.message.is_empty() && !e.message_zh.is_empty(), "{name}");
        // A body cut short was most likely cut in transit: worth a retry.
        assert_eq!(e.retryable, name.starts_with("truncated"), "{name}");
    }
    // Not UTF-8, and a few more shapes inline.
    for body in [&b"\xff\xfe<sn_responseContent/>"[..], b"<sn_responseContent><a></b></sn_responseContent>", b"{\"sn_responseContent\":{}}x", b"<"] {
        assert_eq!(parse_error(body).code, ErrorCode::InvalidBody, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn bad_head_counts_are_warnings_not_lost_pages() {
    let page = parse("bad_head_counts.json", 0);
    assert_eq!(page["page"], json!({ "page": null, "pageSize": null, "total": null, "hasMore": null }));
    assert_eq!(page["warnings"][0]["code"], "paging");
    assert_eq!(page["warnings"][0]["message"], "sn_head.pageNo: pageNo must be a whole number");
}

#[test]
fn nothing_panics_on_cut_bodies() {
    for name in ["doc_response.json", "doc_response.xml", "xml_entities_cdata_whitespace.xml", "wrong_types.json"] {
        let body = fixture(name);
        for cut in 0..body.len() {
            let _ = parse_response("suning", &body[..cut], &ParseOptions::default());
        }
    }
}
