//! ShopEx OMS (`shopex`) through the public API: the vendor doc's examples verbatim, the
//! server's real shapes (NOTES.md), and every trap NOTES.md lists for this platform.

use refund_normalizer::{
    build_request, parse_refund_amount, parse_response, platforms, plan_windows, sign_params, validate_query, ErrorCode,
    ParseOptions, RequestOptions,
};
use serde_json::{json, Value};

const TOKEN: &str = "test_secret";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/shopex/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn credentials() -> Value {
    json!({ "baseUrl": "https://erp.example.com/index.php/openapi/rpc/service/", "flag": "test", "token": TOKEN })
}

fn at(now: i64) -> RequestOptions {
    RequestOptions::at(now)
}

fn with(now: i64, operation: Option<&str>, extra: Value) -> RequestOptions {
    RequestOptions { now, operation: operation.map(String::from), extra: extra.as_object().cloned().unwrap_or_default(), ..RequestOptions::default() }
}

fn parse_opts(options: Value) -> ParseOptions {
    ParseOptions::from_json(&options).unwrap()
}

/// The NOTES.md worked example's query: one day, 100 per page.
fn notes_query() -> Value {
    json!({ "since": "2023-11-14 00:00:00", "until": "2023-11-14 23:59:59", "pageSize": 100 })
}

fn form_fields(body: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
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

fn accounted(page: &refund_normalizer::RefundPage<'_>, inputs: usize) {
    assert_eq!(page.refunds.len() + page.rejected.len(), inputs, "every record in refunds or rejected");
}

// ---------------------------------------------------------------------------------------
// platforms()

#[test]
fn platform_info_states_the_rules() {
    let all = platforms();
    let info = all.iter().find(|p| p.id.as_str() == "shopex").unwrap();
    let v = serde_json::to_value(info).unwrap();
    assert_eq!(v["methods"], json!(["refunds.getList", "refunds.getRefundAmount"]));
    assert_eq!(v["timeRangeRequired"], json!(true));
    assert_eq!(v["maxSpanSeconds"], Value::Null);
    assert_eq!(v["timeFields"][0]["field"], "created");
    assert_eq!(v["paging"]["base"], 1);
    assert_eq!(v["paging"]["sizeMax"], 100);
    assert_eq!(v["paging"]["sizeDefault"], 50);
    assert_eq!(v["filters"][0]["values"], json!(["succ", "failure", "pending"]));
    let creds: Vec<(&str, bool)> = info.credentials.iter().map(|c| (c.name, c.secret)).collect();
    assert_eq!(creds, [("baseUrl", false), ("flag", false), ("token", true)]);
    assert_eq!(info.statuses.len(), 10);
    assert!(info.kinds.is_empty());
}

// ---------------------------------------------------------------------------------------
// Signing and requests.

#[test]
fn notes_worked_example_sign_params() {
    let params = json!({
        "flag": "test", "method": "refunds.getList", "ver": "1", "charset": "utf-8", "type": "json",
        "timestamp": "1700000000", "start_time": "2023-11-14 00:00:00", "end_time": "2023-11-14 23:59:59",
        "page_no": "1", "page_size": "100"
    });
    assert_eq!(sign_params("shopex", &params, &json!({ "token": TOKEN })).unwrap(), "43EEC05C7ED416A57BAF4A9880DE545E");
}

#[test]
fn notes_worked_example_build_request_unix_timestamp() {
    let request = build_request("shopex", &credentials(), &notes_query(), &with(1_700_000_000, None, json!({ "timestampStyle": "unix" }))).unwrap();
    assert_eq!(request.url, "https://erp.example.com/index.php/openapi/rpc/service/");
    assert_eq!(request.method, "POST");
    assert_eq!(request.headers, vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())]);
    assert_eq!(
        request.body,
        "flag=test&method=refunds.getList&ver=1&charset=utf-8&type=json&timestamp=1700000000\
         &start_time=2023-11-14+00%3A00%3A00&end_time=2023-11-14+23%3A59%3A59&page_no=1&page_size=100\
         &sign=43EEC05C7ED416A57BAF4A9880DE545E"
    );
}

#[test]
fn doc_timestamp_style_is_the_default() {
    let request = build_request("shopex", &credentials(), &notes_query(), &at(1_700_000_000)).unwrap();
    let fields = form_fields(&request.body);
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    // 1700000000 = 2023-11-15 06:13:20 Beijing.
    assert_eq!(get("timestamp").as_deref(), Some("20231115061320"));
    assert_eq!(get("sign").as_deref(), Some("E281DD74A550BE46E5CFA821AC44D53E"));
    let explicit = build_request("shopex", &credentials(), &notes_query(), &with(1_700_000_000, None, json!({ "timestampStyle": "doc" }))).unwrap();
    assert_eq!(explicit.body, request.body);
}

#[test]
fn sign_of_built_request_matches_sign_params() {
    let query = json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-31 23:59:59", "page": 3, "pageSize": 20,
        "status": "pending", "shopId": "商派旗舰店", "orderId": "SO1", "refundId": "R1" });
    let request = build_request("shopex", &credentials(), &query, &at(1_704_067_200)).unwrap();
    let fields = form_fields(&request.body);
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["flag", "method", "ver", "charset", "type", "timestamp", "start_time", "end_time", "page_no", "page_size", "shop_bn", "bn", "status", "order_bn", "sign"]
    );
    let (sign, rest) = fields.split_last().unwrap();
    let params: serde_json::Map<String, Value> = rest.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    assert_eq!(sign_params("shopex", &Value::Object(params), &json!({ "token": TOKEN })).unwrap(), sign.1);
    assert!(fields.contains(&("page_no".into(), "3".into())));
    assert!(fields.contains(&("shop_bn".into(), "商派旗舰店".into())));
}

#[test]
fn token_is_never_sent_or_shown() {
    let request = build_request("shopex", &credentials(), &notes_query(), &at(1_700_000_000)).unwrap();
    assert!(!request.body.contains(TOKEN));
    assert!(!request.body.contains("token"));
    assert!(!request.url.contains(TOKEN));
    let debug = format!("{request:?}");
    assert!(!debug.contains(TOKEN));
    // Errors with the token present never echo it.
    let e = build_request("shopex", &json!({ "baseUrl": "ftp://x", "flag": "f", "token": TOKEN }), &notes_query(), &at(0)).unwrap_err();
    assert!(!format!("{e:?}").contains(TOKEN));
    let bad_query = build_request("shopex", &credentials(), &json!({ "pageSize": 500 }), &at(0)).unwrap_err();
    assert!(!format!("{bad_query:?}").contains(TOKEN));
}

#[test]
fn form_post_never_json() {
    // NOTES: the doc's application/json advice leaves $_POST empty (e000001).
    let request = build_request("shopex", &credentials(), &notes_query(), &at(1_700_000_000)).unwrap();
    assert!(request.headers[0].1.starts_with("application/x-www-form-urlencoded"));
    assert!(!request.body.starts_with('{'));
}

#[test]
fn base_url_used_as_given_and_must_be_http() {
    for url in ["http://10.0.0.5:8080/erp/index.php/openapi/rpc/service/", "https://two.erp.taoex.com/index.php/openapi/rpc/service?from=x"] {
        let creds = json!({ "baseUrl": url, "flag": "f", "token": "t" });
        assert_eq!(build_request("shopex", &creds, &notes_query(), &at(0)).unwrap().url, url);
    }
    for url in [json!("erp.example.com/index.php"), json!("ftp://erp.example.com/"), json!("https://"), json!("https:// x.com/"), json!(""), json!(5)] {
        let creds = json!({ "baseUrl": url, "flag": "f", "token": "t" });
        let e = build_request("shopex", &creds, &notes_query(), &at(0)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials, "{url}");
        assert_eq!(e.path.as_deref(), Some("credentials.baseUrl"));
    }
    for missing in ["baseUrl", "flag", "token"] {
        let mut creds = credentials();
        creds.as_object_mut().unwrap().remove(missing);
        let e = build_request("shopex", &creds, &notes_query(), &at(0)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials);
        assert_eq!(e.path.as_deref(), Some(format!("credentials.{missing}").as_str()));
    }
}

#[test]
fn timestamp_style_other_values_are_invalid_options() {
    for style in [json!("iso"), json!(""), json!(1)] {
        let e = build_request("shopex", &credentials(), &notes_query(), &with(0, None, json!({ "timestampStyle": style }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
    }
    let v = validate_query("shopex", &notes_query(), &with(0, None, json!({ "timestampStyle": "iso" }))).unwrap();
    assert!(!v.ok);
    assert_eq!(v.issues[0].field, "options.timestampStyle");
}

#[test]
fn digit_only_param_names_are_refused() {
    // NOTES: array_merge renumbers digit-only keys, so such a request never verifies.
    let e = sign_params("shopex", &json!({ "10": "a", "9": "b", "flag": "f" }), &json!({ "token": TOKEN })).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert!(e.message.contains("digit-only"), "{}", e.message);
    assert!(e.path.as_deref().unwrap().starts_with("params."));

    let mut query = notes_query();
    query["params"] = json!({ "123": "x" });
    let v = validate_query("shopex", &query, &at(0)).unwrap();
    assert!(!v.ok);
    assert_eq!(v.issues.len(), 1);
    assert_eq!(v.issues[0].field, "params.123");
    assert!(v.issues[0].message.contains("digit-only"));
    let e = build_request("shopex", &credentials(), &query, &at(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
}

#[test]
fn sign_params_covers_any_method_and_nested_keys() {
    // Any API of the platform: an orders method with array-style form keys, signed as the
    // server's recursive assemble() sees them; `sign` itself is never signed.
    let params = json!({ "flag": "test", "method": "orders.add", "items[0][bn]": "A1", "items[1][bn]": "B2", "sign": "X" });
    let a = sign_params("shopex", &params, &json!({ "token": TOKEN })).unwrap();
    let mut without_sign = params.clone();
    without_sign.as_object_mut().unwrap().remove("sign");
    assert_eq!(sign_params("shopex", &without_sign, &json!({ "token": TOKEN })).unwrap(), a);
    assert_eq!(a.len(), 32);
    let e = sign_params("shopex", &json!({ "flag": "f" }), &json!({})).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
}

// ---------------------------------------------------------------------------------------
// Query validation.

#[test]
fn since_and_until_are_required_server_e000006() {
    let v = validate_query("shopex", &json!({}), &at(0)).unwrap();
    assert!(!v.ok);
    let fields: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(fields, [("since", "required"), ("until", "required")]);
}

#[test]
fn page_size_capped_at_100_default_50() {
    let v = validate_query("shopex", &json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-02 00:00:00" }), &at(0)).unwrap();
    assert!(v.ok);
    assert_eq!(
        v.params,
        vec![
            ("start_time".into(), "2024-01-01 00:00:00".to_string()),
            ("end_time".into(), "2024-01-02 00:00:00".to_string()),
            ("page_no".into(), "1".to_string()),
            ("page_size".into(), "50".to_string()),
        ]
    );
    for (size, ok) in [(100, true), (101, false), (1000, false), (0, false)] {
        let v = validate_query("shopex", &json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-02 00:00:00", "pageSize": size }), &at(0)).unwrap();
        assert_eq!(v.ok, ok, "pageSize {size}");
        if !ok {
            assert_eq!(v.issues[0].field, "pageSize");
            assert_eq!(v.issues[0].code, "out_of_range");
        }
    }
}

#[test]
fn every_issue_at_once() {
    let query = json!({ "timeField": "updated", "pageSize": 1000, "page": 0, "status": "failed", "params": { "foo": "1", "7": "x" } });
    let v = validate_query("shopex", &query, &with(0, Some("other"), json!({}))).unwrap();
    let mut fields: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            ("options.operation", "invalid_value"),
            ("page", "out_of_range"),
            ("pageSize", "out_of_range"),
            ("params.7", "invalid_value"),
            ("params.foo", "unknown_param"),
            ("since", "required"),
            // The doc's status enum: `failed` is the server's word, `failure` the doc's.
            ("status", "invalid_value"),
            ("timeField", "not_supported"),
            ("until", "required"),
        ]
    );
    assert!(v.issues.iter().all(|i| !i.message_zh.is_empty()));
}

#[test]
fn no_max_span_one_window() {
    let windows = plan_windows("shopex", &json!({ "since": "2020-01-01 00:00:00", "until": "2024-12-31 23:59:59" }), &at(0)).unwrap();
    assert_eq!(windows.len(), 1);
    let v = validate_query("shopex", &json!({ "since": "2020-01-01 00:00:00", "until": "2024-12-31 23:59:59" }), &at(0)).unwrap();
    assert!(v.ok);
    let e = plan_windows("shopex", &json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-02 00:00:00", "timeField": "updated" }), &at(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidQuery);
}

// ---------------------------------------------------------------------------------------
// refunds.getRefundAmount

#[test]
fn refund_amount_request_has_no_paging() {
    let query = json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-31 23:59:59", "shopId": "S1,S2", "status": "succ" });
    let request = build_request("shopex", &credentials(), &query, &with(1_700_000_000, Some("refundAmount"), json!({ "timestampStyle": "unix" }))).unwrap();
    let fields = form_fields(&request.body);
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["flag", "method", "ver", "charset", "type", "timestamp", "start_time", "end_time", "shop_bn", "status", "sign"]);
    assert_eq!(fields[1].1, "refunds.getRefundAmount");
    assert_eq!(fields[8].1, "S1,S2");

    let v = validate_query("shopex", &json!({ "since": "2024-01-01 00:00:00", "until": "2024-01-02 00:00:00", "page": 2, "orderId": "O", "refundId": "R" }), &with(0, Some("refundAmount"), json!({}))).unwrap();
    let fields: Vec<(&str, &str)> = v.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(fields, [("page", "not_supported"), ("orderId", "not_supported"), ("refundId", "not_supported")]);
}

#[test]
fn unknown_operation_is_invalid_options() {
    for op in ["refundList", "getRefundAmount", ""] {
        let e = build_request("shopex", &credentials(), &notes_query(), &with(0, Some(op), json!({}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions, "{op}");
        let e = parse_response("shopex", &fixture("doc_response.json"), &parse_opts(json!({ "operation": op }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        let e = parse_refund_amount("shopex", &fixture("doc_amount_response.json"), &parse_opts(json!({ "operation": op }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
    }
    let e = parse_response("shopex", &fixture("doc_amount_response.json"), &parse_opts(json!({ "operation": "refundAmount" }))).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
}

#[test]
fn doc_refund_amount_example() {
    let amount = parse_refund_amount("shopex", &fixture("doc_amount_response.json"), &parse_opts(json!({ "operation": "refundAmount" }))).unwrap();
    assert_eq!(amount.total_amount, "5000.00");
    let amount = parse_refund_amount("shopex", &fixture("doc_amount_response.json"), &ParseOptions::default()).unwrap();
    assert_eq!(amount.total_amount, "5000.00");
    assert_eq!(serde_json::to_value(&amount).unwrap(), json!({ "totalAmount": "5000.00" }));
}

#[test]
fn server_refund_amount_shape() {
    let opts = parse_opts(json!({ "operation": "refundAmount" }));
    for (body, expected) in [
        (r#"{"response":{"total_amount":5000.00}}"#, "5000.00"),
        (r#"{"response":{"total_amount":"5000.000"}}"#, "5000.00"),
        (r#"{"response":{"total_amount":"0.125"}}"#, "0.125"),
        (r#"{"total_amount":"12345678901234567890.10"}"#, "12345678901234567890.10"),
    ] {
        assert_eq!(parse_refund_amount("shopex", body.as_bytes(), &opts).unwrap().total_amount, expected, "{body}");
    }
    for body in [r#"{"response":{}}"#, r#"{"total_amount":null}"#, r#"{"total_amount":{"v":1}}"#, r#"{"count":0,"lists":[]}"#, "null", "[]"] {
        let e = parse_refund_amount("shopex", body.as_bytes(), &opts).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{body}");
    }
    let e = parse_refund_amount("shopex", &fixture("server_error_e000008.json"), &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert!(e.retryable);
}

// ---------------------------------------------------------------------------------------
// The doc's refunds.getList example and shapes.

#[test]
fn doc_response_example() {
    let body = fixture("doc_response.json");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "query": { "page": 1, "pageSize": 50 } }))).unwrap();
    accounted(&page, 1);
    assert!(page.rejected.is_empty());
    assert_eq!(page.page.total, Some(100));
    assert_eq!(page.page.page, Some(1));
    assert_eq!(page.page.page_size, Some(50));
    assert_eq!(page.page.has_more, Some(true));
    let r = &page.refunds[0];
    assert_eq!(r.platform.as_str(), "shopex");
    assert_eq!(r.id, "REFUND202401010001");
    assert_eq!(r.shop_id.as_deref(), Some("SHOP001"));
    assert_eq!(r.shop_name.as_deref(), Some("测试店铺"));
    assert_eq!(r.order_id.as_deref(), Some("SALES202401010001"));
    assert_eq!(r.sub_order_id, None);
    assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (None, Some("1000.00")));
    assert_eq!(r.currency, "CNY");
    assert_eq!(r.status.as_str(), "succeeded");
    assert_eq!(r.kind.as_str(), "unknown");
    assert_eq!(r.platform_status.code.as_deref(), Some("succ"));
    assert_eq!(r.platform_status.label.as_deref(), Some("成功"));
    assert_eq!(r.created_at.as_deref(), Some("2024-01-01T10:00:00+08:00"));
    assert_eq!(r.updated_at.as_deref(), Some("2024-01-01T10:00:00+08:00"));
    assert_eq!(r.refunded_at, None);
    assert_eq!(r.reason, None);
    assert_eq!(r.note, None);
    assert_eq!(r.buyer, None);
    assert_eq!(r.return_shipment, None);
    assert!(r.items.is_empty());
    assert!(r.warnings.is_empty());
    assert_eq!(r.raw, None);
    assert!(page.warnings.is_empty());
}

#[test]
fn doc_response_example_include_raw() {
    let body = fixture("doc_response.json");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "includeRaw": true }))).unwrap();
    let raw = page.refunds[0].raw.as_deref().unwrap();
    assert!(raw.starts_with('{') && raw.contains("\"total_amount\": 1000.00"));
    assert_eq!(page.page.has_more, None);
}

#[test]
fn doc_status_table_code_by_code() {
    let body = fixture("doc_all_statuses.json");
    let page = parse_response("shopex", &body, &ParseOptions::default()).unwrap();
    accounted(&page, 5);
    type Row<'a> = (&'a str, Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row> = page
        .refunds
        .iter()
        .map(|r| (r.id.as_ref(), r.platform_status.code.as_deref(), r.status.as_str(), r.platform_status.label.as_deref(), r.refunded_amount.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("D0", Some("succ"), "succeeded", Some("成功"), Some("1.50")),
            ("D1", Some("failure"), "failed", Some("失败"), Some("1.50")),
            ("D2", Some("pending"), "pending", Some("待处理"), Some("1.50")),
            ("D3", Some("closed"), "unknown", None, Some("1.50")),
            ("D4", None, "unknown", None, Some("1.50")),
        ]
    );
    for r in &page.refunds {
        assert_eq!(r.kind.as_str(), "unknown");
        assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (None, Some("1.50")));
        assert_eq!(r.updated_at.as_deref(), Some("2024-01-02T11:30:00+08:00"));
    }
}

// ---------------------------------------------------------------------------------------
// The server's shapes.

#[test]
fn server_lists_keyed_by_id_count_as_string() {
    let body = fixture("server_list.json");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "query": { "pageSize": 50 } }))).unwrap();
    accounted(&page, 2);
    assert!(page.rejected.is_empty(), "{:?}", page.rejected);
    assert_eq!(page.page.total, Some(2));
    assert_eq!(page.page.has_more, Some(false));
    assert!(page.warnings.is_empty());

    let a = &page.refunds[0];
    assert_eq!(a.id, "R20240101000012");
    assert_eq!(a.order_id.as_deref(), Some("SO20240101000001"));
    assert_eq!(a.shop_id.as_deref(), Some("TB001"));
    assert_eq!(a.shop_name.as_deref(), Some("天猫旗舰店"));
    assert_eq!(a.status.as_str(), "succeeded");
    assert_eq!(a.kind.as_str(), "unknown");
    assert_eq!(a.platform_status.code.as_deref(), Some("succ"));
    // The server's status_name is the label it gave.
    assert_eq!(a.platform_status.label.as_deref(), Some("支付成功"));
    assert_eq!((a.requested_amount.as_deref(), a.refunded_amount.as_deref()), (None, Some("10.00")));
    assert_eq!(a.note.as_deref(), Some("买家申请退款"));
    assert_eq!(a.created_at.as_deref(), Some("2024-01-01T10:00:00+08:00"));
    assert_eq!(a.updated_at, None);
    assert_eq!(a.refunded_at.as_deref(), Some("2024-01-01T11:00:00+08:00"));
    assert_eq!(a.items.len(), 1);
    let item = &a.items[0];
    assert_eq!(item.sku_no.as_deref(), Some("SKU-001"));
    assert_eq!(item.name.as_deref(), Some("保温杯 500ml"));
    assert_eq!(item.quantity.as_deref(), Some("1.00"));
    assert_eq!(item.amount.as_deref(), Some("10.00"));
    assert_eq!((item.goods_id.as_deref(), item.sku_id.as_deref(), item.goods_no.as_deref(), item.sku_name.as_deref(), item.unit_price.as_deref()), (None, None, None, None, None));

    let b = &page.refunds[1];
    assert_eq!(b.id, "R20240101000015");
    assert_eq!(b.status.as_str(), "processing");
    assert_eq!(b.platform_status.label.as_deref(), Some("处理中"));
    // Not paid out yet: still what the seller refunds (paid once succeeded).
    assert_eq!((b.requested_amount.as_deref(), b.refunded_amount.as_deref()), (None, Some("153.20")));
    assert_eq!(b.note, None);
    assert_eq!(b.created_at.as_deref(), Some("2024-01-01T12:00:00+08:00"));
    // t_sent "0" is the server's "none".
    assert_eq!(b.refunded_at, None);
    type Item<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let items: Vec<Item> =
        b.items.iter().map(|i| (i.sku_no.as_deref(), i.name.as_deref(), i.quantity.as_deref(), i.amount.as_deref())).collect();
    assert_eq!(items, [(Some("SKU-002"), Some("马克杯"), Some("2.00"), Some("100.00")), (Some("SKU-003"), Some("杯垫"), Some("1.00"), Some("53.20"))]);
}

#[test]
fn server_empty_answer_lists_array_count_integer_zero() {
    let body = fixture("server_empty.json");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "query": { "page": 3 } }))).unwrap();
    accounted(&page, 0);
    assert!(page.refunds.is_empty());
    assert_eq!(page.page.total, Some(0));
    assert_eq!(page.page.has_more, Some(false));
    for body in [r#"{"response":{"lists":{},"count":"0"}}"#, r#"{"response":{"count":0}}"#, r#"{"response":[]}"#, r#"{"count":0,"lists":[]}"#, r#"{"lists":[]}"#] {
        let page = parse_response("shopex", body.as_bytes(), &ParseOptions::default()).unwrap();
        assert!(page.refunds.is_empty() && page.rejected.is_empty(), "{body}");
    }
}

#[test]
fn server_status_table_code_by_code() {
    let body = fixture("server_all_statuses.json");
    let page = parse_response("shopex", &body, &ParseOptions::default()).unwrap();
    accounted(&page, 9);
    let got: Vec<(&str, &str, &str, Option<&str>)> = page
        .refunds
        .iter()
        .map(|r| (r.id.as_ref(), r.platform_status.code.as_deref().unwrap(), r.status.as_str(), r.platform_status.label.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("RS100", "succ", "succeeded", Some("支付成功")),
            ("RS101", "failed", "failed", Some("支付失败")),
            ("RS102", "cancel", "cancelled", Some("未支付")),
            ("RS103", "error", "failed", Some("处理异常")),
            ("RS104", "invalid", "closed", Some("非法参数")),
            ("RS105", "progress", "processing", Some("处理中")),
            ("RS106", "timeout", "failed", Some("超时")),
            ("RS107", "ready", "pending", Some("准备中")),
            ("RS108", "refunding", "unknown", None),
        ]
    );
    assert!(page.refunds.iter().all(|r| r.kind.as_str() == "unknown" && r.items.is_empty()));
    assert!(page.refunds.iter().all(|r| r.requested_amount.is_none() && r.refunded_amount.as_deref() == Some("1.00")));
    assert_eq!(page.page.total, Some(9));
}

// ---------------------------------------------------------------------------------------
// Odd values and wrong types: every record is accounted for.

#[test]
fn numbers_as_strings_zero_absent_and_wrong_types() {
    let body = fixture("edge_values.json");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "query": { "pageSize": 10 } }))).unwrap();
    accounted(&page, 7);
    assert_eq!(page.page.total, Some(7));
    assert_eq!(page.page.has_more, Some(false));

    let numbers = &page.refunds[0];
    assert_eq!(numbers.id, "20240101001");
    assert_eq!(numbers.order_id.as_deref(), Some("9007199254740993123"));
    assert_eq!(numbers.shop_id.as_deref(), Some("1001"));
    assert_eq!((numbers.requested_amount.as_deref(), numbers.refunded_amount.as_deref()), (None, Some("99.90")));
    assert_eq!(numbers.created_at.as_deref(), Some("2024-01-01T10:00:00+08:00"));
    assert_eq!(numbers.updated_at.as_deref(), Some("2024-01-01T11:00:00+08:00"));

    let zero = &page.refunds[1];
    assert_eq!(zero.id, "ZERO-1");
    assert_eq!((zero.shop_id.as_deref(), zero.shop_name.as_deref(), zero.order_id.as_deref()), (None, None, None));
    assert_eq!((zero.requested_amount.as_deref(), zero.refunded_amount.as_deref()), (None, Some("0.00")));
    assert_eq!(zero.status.as_str(), "pending");
    assert_eq!((zero.created_at.as_deref(), zero.updated_at.as_deref()), (None, None));

    let absent = &page.refunds[2];
    assert_eq!(absent.id, "ABSENT-1");
    assert_eq!(absent.status.as_str(), "unknown");
    assert_eq!(absent.platform_status.code, None);
    assert_eq!(absent.platform_status.label, None);
    assert_eq!((absent.requested_amount.as_deref(), absent.created_at.as_deref()), (None, None));
    assert_eq!(page.refunds.len(), 3);

    let rejected: Vec<(usize, Option<&str>, &str, &str)> =
        page.rejected.iter().map(|r| (r.index, r.id.as_deref(), r.code, r.path.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (3, None, "not_an_object", "lists[3]"),
            (4, Some("OBJ-AMOUNT"), "invalid_type", "lists[4].total_amount"),
            (5, None, "missing_id", "lists[5].refund_bn"),
            (6, Some("BAD-TIME"), "invalid_time", "lists[6].createtime"),
        ]
    );
}

#[test]
fn server_wrong_types_rejected_with_paths() {
    let body = fixture("server_wrong_types.json");
    let page = parse_response("shopex", &body, &ParseOptions::default()).unwrap();
    accounted(&page, 5);
    let rejected: Vec<(usize, Option<&str>, &str, &str)> =
        page.rejected.iter().map(|r| (r.index, r.id.as_deref(), r.code, r.path.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (0, Some("RB1"), "invalid_type", r#"response.lists["1"].items"#),
            (1, None, "not_an_object", r#"response.lists["2"]"#),
            (2, Some("refund_id 3"), "missing_id", r#"response.lists["3"].refund_bn"#),
            (3, Some("RB4"), "invalid_type", r#"response.lists["4"].items[0].nums"#),
        ]
    );
    let r = &page.refunds[0];
    assert_eq!(r.id, "RB5");
    assert_eq!((r.requested_amount.as_deref(), r.refunded_amount.as_deref()), (None, Some("-2.50")));
    assert_eq!(r.items[0].amount.as_deref(), Some("2.50"));
    assert_eq!(r.items[0].quantity.as_deref(), Some("1.00"));
    assert_eq!(r.warnings, ["negative amount -2.50", "currency USD: amounts are as given, not converted to CNY"]);
}

#[test]
fn duplicate_ids_warn() {
    let body = r#"{"count":2,"lists":[{"bn":"R1","status":"succ"},{"bn":"R1","status":"pending"}]}"#;
    let page = parse_response("shopex", body.as_bytes(), &ParseOptions::default()).unwrap();
    accounted(&page, 2);
    assert_eq!(page.warnings, ["refund R1 appears more than once on this page"]);
}

// ---------------------------------------------------------------------------------------
// The server's invalid JSON.

#[test]
fn invalid_json_memo_with_quote_backslash_newline_is_repaired() {
    let body = fixture("server_invalid_memo.json");
    assert!(serde_json::from_slice::<Value>(&body).is_err(), "the fixture must be invalid JSON");
    let page = parse_response("shopex", &body, &parse_opts(json!({ "includeRaw": true }))).unwrap();
    accounted(&page, 2);
    assert!(page.rejected.is_empty());
    let a = &page.refunds[0];
    assert_eq!(a.id, "R21");
    assert_eq!(a.note.as_deref(), Some("客户说\"尺码不对\",路径 C:\\退货\\单据\n第二行 \"备注\""));
    assert_eq!(a.shop_name.as_deref(), Some("店铺 \"A\" 号"));
    assert_eq!(a.items[0].name.as_deref(), Some("6\" 披萨盘"));
    assert_eq!(a.items[0].amount.as_deref(), Some("88.00"));
    assert_eq!((a.requested_amount.as_deref(), a.refunded_amount.as_deref()), (None, Some("88.00")));
    assert_eq!(a.status.as_str(), "succeeded");
    assert_eq!(a.created_at.as_deref(), Some("2024-01-01T10:00:00+08:00"));
    assert!(a.raw.as_deref().unwrap().contains(r#"\"尺码不对\""#));
    let b = &page.refunds[1];
    assert_eq!(b.id, "R22");
    assert_eq!(b.note.as_deref(), Some("正常"));
    assert_eq!(b.status.as_str(), "pending");
    assert_eq!(page.page.total, Some(2));
    assert_eq!(page.warnings.len(), 1);
    assert!(page.warnings[0].message.contains("repaired"));
}

#[test]
fn e000002_sign_error_with_raw_json_sub_msg() {
    let body = fixture("server_error_e000002.json");
    assert!(serde_json::from_slice::<Value>(&body).is_err(), "every e000002 body is invalid JSON");
    let e = parse_response("shopex", &body, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!(e.platform_code.as_deref(), Some("e000002"));
    assert!(!e.retryable);
    let sub_msg = String::from_utf8(fixture("server_error_e000002.sub_msg.txt")).unwrap();
    assert_eq!(e.platform_message.as_deref(), Some(format!("sign error; sub_msg: {sub_msg}").as_str()));
    // The server's own assemble_str is there for debugging, and it is valid JSON.
    let inner: Value = serde_json::from_str(&sub_msg).unwrap();
    assert!(inner["assemble_str"].as_str().unwrap().contains("shop_bn商派/旗舰店"));
    assert!(!format!("{e:?}").contains(TOKEN));
}

// ---------------------------------------------------------------------------------------
// Error envelopes.

#[test]
fn server_error_codes_and_retryable() {
    let cases = [
        ("e000001", "system params lost or error", false),
        ("e000002", "sign error", false),
        ("e000003", "class or method not exist", false),
        ("e000004", "no permissions to access", false),
        ("e000005", "init interface fail", true),
        ("e000006", "application params error", false),
        ("e000007", "init template fail", true),
        ("e000008", "refer server time invalid", true),
        ("e000009", "repeat request invalid", true),
        ("e000099", "something new", false),
    ];
    for (code, msg, retryable) in cases {
        let body = format!(r#"{{"error_response":{{"code":"{code}","msg":"{msg}","sub_msg":null}}}}"#);
        let e = parse_response("shopex", body.as_bytes(), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::PlatformError, "{code}");
        assert_eq!(e.platform_code.as_deref(), Some(code));
        assert_eq!(e.platform_message.as_deref(), Some(msg));
        assert_eq!(e.retryable, retryable, "{code}");
        assert!(!e.message.is_empty() && !e.message_zh.is_empty());
    }
}

#[test]
fn server_error_fixtures() {
    let e = parse_response("shopex", &fixture("server_error_e000008.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.platform_code.as_deref(), e.retryable), (Some("e000008"), true));
    assert!(e.message.contains("timestamp"));
    let e = parse_response("shopex", &fixture("server_error_e000006.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.platform_code.as_deref(), e.retryable), (Some("e000006"), false));
    assert_eq!(e.platform_message.as_deref(), Some("application params error; sub_msg: 开始时间(完成状态)必填"));
    // getList returned false (start_time not understood): code "" and msg "".
    let e = parse_response("shopex", &fixture("server_error_empty_code.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PlatformError);
    assert_eq!((e.platform_code.as_deref(), e.platform_message.as_deref(), e.retryable), (Some(""), None, false));
}

#[test]
fn doc_error_codes_and_retryable() {
    let e = parse_response("shopex", &fixture("doc_error_1003.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.code, e.platform_code.as_deref(), e.platform_message.as_deref(), e.retryable), (ErrorCode::PlatformError, Some("1003"), Some("签名错误"), false));
    let cases = [
        ("1", false), ("400", false), ("401", false), ("403", false), ("500", true), ("1001", false), ("1002", true),
        ("1003", false), ("1004", false), ("2001", false), ("2002", false), ("2003", false), ("9999", false),
    ];
    for (code, retryable) in cases {
        for body in [format!(r#"{{"code":{code},"msg":"m"}}"#), format!(r#"{{"code":"{code}","msg":"m"}}"#)] {
            let e = parse_response("shopex", body.as_bytes(), &ParseOptions::default()).unwrap_err();
            assert_eq!(e.code, ErrorCode::PlatformError, "{body}");
            assert_eq!(e.platform_code.as_deref(), Some(code));
            assert_eq!(e.retryable, retryable, "{code}");
        }
    }
    // Code 0 is success.
    let page = parse_response("shopex", r#"{"code":0,"msg":"成功","count":1,"lists":[{"bn":"R9","total_amount":"1"}]}"#.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds[0].id, "R9");
}

// ---------------------------------------------------------------------------------------
// Bodies that are not ShopEx's.

#[test]
fn malformed_bodies_are_invalid_body() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", fixture("truncated.json")),
        ("html", fixture("html_error.html")),
        ("null", b"null".to_vec()),
        ("empty", b"".to_vec()),
        ("spaces", b"  \n ".to_vec()),
        ("array", b"[]".to_vec()),
        ("string", br#""ok""#.to_vec()),
        ("number", b"200".to_vec()),
        ("not utf-8", vec![0xff, 0xfe, b'{']),
        ("nuoyun error", fixture("nuoyun_error.json")),
        ("qimen", fixture("qimen_fail.json")),
        ("wangdiantong", br#"{"code":0,"message":"","total_count":"1","trade_list":[{"refund_no":"R1"}]}"#.to_vec()),
        ("mogujie", br#"{"status":{"code":"10000","msg":"ok"},"result":{"data":{"list":[]}}}"#.to_vec()),
        ("suning", br#"{"sn_responseContent":{"sn_body":{"batchQueryRejected":[]}}}"#.to_vec()),
        ("lists a string", br#"{"count":"1","lists":"R1"}"#.to_vec()),
        ("count without lists", br#"{"response":{"count":"3"}}"#.to_vec()),
        ("count not a number", br#"{"response":{"lists":[],"count":"many"}}"#.to_vec()),
        ("response a string", br#"{"response":"ok"}"#.to_vec()),
        ("error_response a string", br#"{"error_response":"boom"}"#.to_vec()),
        ("amount answer", fixture("doc_amount_response.json")),
        ("unterminated string", br#"{"response":{"lists":{"1":{"memo":"abc"#.to_vec()),
    ];
    for (name, body) in cases {
        let e = parse_response("shopex", &body, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidBody, "{name}: {e:?}");
        assert!(!e.message.is_empty() && !e.message_zh.is_empty(), "{name}");
    }
    let e = parse_response("shopex", &fixture("html_error.html"), &ParseOptions::default()).unwrap_err();
    assert!(e.message.contains("HTML"));
}

#[test]
fn bom_and_whitespace_are_fine() {
    let mut body = b"\xEF\xBB\xBF\n ".to_vec();
    body.extend(fixture("server_list.json"));
    let page = parse_response("shopex", &body, &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len(), 2);
}

#[test]
fn hostile_inputs_never_panic() {
    let bodies: [&[u8]; 12] = [
        b"{", b"}", b"\"", b"{\"response\":", b"{\"response\":{\"lists\":{\"1\":", br#"{"a":"\"#, br#"{"a":"\u12"}"#,
        br#"{"response":{"lists":{"1":{"bn":"x","items":{"0":{"nums":"1e999999"}}}}}}"#,
        br#"{"lists":[{"bn":"x","total_amount":"1e400"}],"count":1}"#, br#"{"lists":[[[[[]]]]],"count":"1"}"#,
        br#"{"error_response":{"code":{"x":1},"msg":[1],"sub_msg":{"a":"b"}}}"#, "{\"a\":\"\u{0}\"\n\"".as_bytes(),
    ];
    for body in bodies {
        let _ = parse_response("shopex", body, &parse_opts(json!({ "includeRaw": true })));
        let _ = parse_refund_amount("shopex", body, &ParseOptions::default());
    }
    let page = parse_response("shopex", bodies[7], &ParseOptions::default()).unwrap();
    accounted(&page, 1);
    assert_eq!(page.rejected[0].path, r#"lists["1"].items["0"].nums"#.replace("lists", "response.lists"));
}
