//! 淘宝/天猫 `taobao.refunds.receive.get` through the public API only: the reference's own
//! examples (verbatim fixtures), NOTES.md's signing answers and traps.

use refund_normalizer::model::WarningCode;
use refund_normalizer::{build_request, parse_response, platforms, sign_params, validate_query, ErrorCode, ParseOptions, Query, RequestOptions};
use serde_json::{json, Value};

const P: &str = "taobao";
const NOW: i64 = 1_709_258_400; // 2024-03-01 10:00:00 Beijing

fn fixture(name: &str) -> &'static [u8] {
    let path = format!("{}/tests/fixtures/taobao/{name}", env!("CARGO_MANIFEST_DIR"));
    Vec::leak(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn credentials(extra: Value) -> Value {
    let mut c = json!({ "appKey": "12345678", "appSecret": "0123456789abcdef0123456789abcdef", "session": "sess-6100a21b" });
    if let (Some(c), Value::Object(extra)) = (c.as_object_mut(), extra) {
        c.extend(extra);
    }
    c
}

fn day_query() -> Value {
    json!({ "since": "2024-02-29 00:00:00", "until": "2024-03-01 00:00:00" })
}

mod common;
use common::form_pairs as form;

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn page_json(body: &[u8], options: &ParseOptions) -> Value {
    serde_json::to_value(parse_response(P, body, options).unwrap()).unwrap()
}

fn with_query(query: Value) -> ParseOptions {
    ParseOptions { query: Some(Query::from_json(&query).0), ..ParseOptions::default() }
}

// ---------------------------------------------------------------------------------------
// Signing: NOTES.md's published answers (the crate's own module tests hold the strings).

/// The captured request of doc §4.1, re-signed through `signParams` (md5 from its own
/// `sign_method`, the empty `type` left out as the Java client does).
#[test]
fn sign_params_reproduces_the_captured_java_request() {
    let params = json!({
        "app_key": "12345678", "method": "taobao.refunds.receive.get", "v": "2.0", "timestamp": "2024-03-01 10:00:00",
        "partner_id": "top-sdk-java-dynamicVersionNo", "session": "sess-6100a21b", "format": "json", "sign_method": "md5",
        "buyer_nick": "张三", "start_modified": "2024-02-29 00:00:00", "page_no": "1",
        "fields": "refund_id,tid,oid,status,refund_fee,modified", "end_modified": "2024-03-01 00:00:00",
        "use_has_next": "true", "page_size": "100", "status": "WAIT_SELLER_AGREE", "type": "", "sign": "ignored",
    });
    assert_eq!(sign_params(P, &params, &credentials(json!({}))).unwrap(), "D1D68C1464495F0B669F03B0EEEABD85");
}

#[test]
fn sign_params_takes_the_method_from_the_params() {
    let doc = |method: &str| {
        json!({ "method": "taobao.item.seller.get", "app_key": "12345678", "session": "test", "timestamp": "2016-01-01 12:00:00",
                "format": "json", "v": "2.0", "sign_method": method, "fields": "num_iid,title,nick,price,num", "num_iid": "11223344" })
    };
    let secret = json!({ "appKey": "12345678", "appSecret": "helloworld", "session": "test" });
    assert_eq!(sign_params(P, &doc("md5"), &secret).unwrap(), "66987CB115214E59E6EC978214934FB8");
    assert_eq!(sign_params(P, &doc("hmac"), &secret).unwrap(), "D56D7858309C31B6251083A874D48273");
    assert_eq!(sign_params(P, &doc("hmac-sha256"), &secret).unwrap(), "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8");
    // Without sign_method: md5 (and its string then has no sign_method pair).
    let mut bare = doc("md5");
    bare.as_object_mut().unwrap().remove("sign_method");
    assert_eq!(sign_params(P, &bare, &secret).unwrap().len(), 32);
    // A mis-cased method is refused, never Java's legacy md5.
    assert_eq!(sign_params(P, &doc("MD5"), &secret).unwrap_err().code, ErrorCode::InvalidOptions);
}

/// buildRequest signs what it sends: re-signing the sent params gives the sent sign, for
/// each method, and the default is hmac-sha256.
#[test]
fn build_request_signs_exactly_what_it_sends() {
    for (method, len) in [(None, 64), (Some("md5"), 32), (Some("hmac"), 32), (Some("hmac-sha256"), 64)] {
        let c = credentials(method.map_or(json!({}), |m| json!({ "signMethod": m })));
        let request = build_request(P, &c, &day_query(), &RequestOptions::at(NOW)).unwrap();
        assert_eq!((request.method, request.url.as_ref()), ("POST", "https://eco.taobao.com/router/rest"));
        let pairs = form(&request.body);
        let sent: serde_json::Map<String, Value> = pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        let sign = value(&pairs, "sign").unwrap();
        assert_eq!(sign.len(), len, "{method:?}");
        assert_eq!(sign_params(P, &Value::Object(sent), &c).unwrap(), sign, "{method:?}");
        assert_eq!(value(&pairs, "sign_method"), Some(method.unwrap_or("hmac-sha256")));
    }
}

#[test]
fn the_request_asks_for_every_trade_type_field_and_has_next() {
    let request = build_request(P, &credentials(json!({})), &day_query(), &RequestOptions::at(NOW)).unwrap();
    let pairs = form(&request.body);
    assert_eq!(value(&pairs, "method"), Some("taobao.refunds.receive.get"));
    assert_eq!(value(&pairs, "timestamp"), Some("2024-03-01 10:00:00"));
    assert_eq!(value(&pairs, "start_modified"), Some("2024-02-29 00:00:00"));
    assert_eq!(value(&pairs, "end_modified"), Some("2024-03-01 00:00:00"));
    assert_eq!((value(&pairs, "page_no"), value(&pairs, "page_size")), (Some("1"), Some("40")));
    assert_eq!(value(&pairs, "use_has_next"), Some("true"));
    assert_eq!((value(&pairs, "v"), value(&pairs, "format")), (Some("2.0"), Some("json")));
    // The server's default type list leaves out cod, fenxiao and the rest (NOTES.md §8).
    let types = value(&pairs, "type").unwrap();
    for t in ["guarantee_trade", "auto_delivery", "cod", "fenxiao", "ec", "external_trade"] {
        assert!(types.split(',').any(|x| x == t), "{t} in {types}");
    }
    let fields = value(&pairs, "fields").unwrap();
    assert!(!fields.contains(' ') && fields.split(',').count() <= 100);
    for f in ["refund_id", "tid", "oid", "status", "refund_fee", "modified", "buyer_open_uid", "has_good_return"] {
        assert!(fields.split(',').any(|x| x == f), "{f}");
    }
    // No empty or white-space param is ever sent.
    assert!(pairs.iter().all(|(_, v)| !v.trim().is_empty()));
    assert!(!request.body.contains("simplify"));
}

#[test]
fn status_filter_takes_a_unified_or_a_native_status_and_params_pass_through() {
    let query = json!({ "status": "succeeded", "params": { "type": "cod", "use_has_next": "false", "simplify": "true", "buyer_nick": "张三" } });
    let pairs = form(&build_request(P, &credentials(json!({})), &query, &RequestOptions::at(NOW)).unwrap().body);
    assert_eq!(value(&pairs, "status"), Some("SUCCESS"));
    assert_eq!((value(&pairs, "type"), value(&pairs, "use_has_next"), value(&pairs, "simplify")), (Some("cod"), Some("false"), Some("true")));
    assert_eq!(value(&pairs, "buyer_nick"), Some("张三"));
    let native = form(&build_request(P, &credentials(json!({})), &json!({ "status": "WAIT_SELLER_CONSIGN_GOODS" }), &RequestOptions::at(NOW)).unwrap().body);
    assert_eq!(value(&native, "status"), Some("WAIT_SELLER_CONSIGN_GOODS"));
    // processing has no one 淘宝 status: refused with the allowed values.
    let v = validate_query(P, &json!({ "status": "processing" }), &RequestOptions::at(NOW)).unwrap();
    assert!(!v.ok && v.issues[0].field == "status");
    let v = validate_query(P, &json!({ "pageSize": 101 }), &RequestOptions::at(NOW)).unwrap();
    assert!(!v.ok && v.issues[0].field == "pageSize");
    let v = validate_query(P, &json!({ "timeField": "created" }), &RequestOptions::at(NOW)).unwrap();
    assert!(!v.ok && v.issues[0].field == "timeField");
}

#[test]
fn credentials_sandbox_and_format() {
    let request = build_request(P, &credentials(json!({ "sandbox": true })), &day_query(), &RequestOptions::at(NOW)).unwrap();
    assert_eq!(request.url, "https://gw.api.tbsandbox.com/router/rest");
    let e = build_request(P, &credentials(json!({ "signMethod": "sha1" })), &day_query(), &RequestOptions::at(NOW)).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::InvalidCredentials, Some("credentials.signMethod")));
    let e = build_request(P, &json!({ "appKey": "k", "appSecret": "s" }), &day_query(), &RequestOptions::at(NOW)).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("credentials.session"));
    let mut xml = RequestOptions::at(NOW);
    xml.extra.insert("format".into(), json!("xml"));
    let pairs = form(&build_request(P, &credentials(json!({})), &day_query(), &xml).unwrap().body);
    assert_eq!(value(&pairs, "format"), Some("xml"));
    let info = platforms().into_iter().find(|i| i.id.as_str() == P).unwrap();
    assert!(info.credentials.iter().any(|c| c.name == "session" && c.secret));
}

// ---------------------------------------------------------------------------------------
// Responses: the reference's examples.

#[test]
fn doc_response_wrapped_with_total() {
    let page = page_json(fixture("doc_response.json"), &with_query(json!({ "page": 1, "pageSize": 40, "params": { "use_has_next": "false" } })));
    assert_eq!(page["page"], json!({ "page": 1, "pageSize": 40, "total": 2, "hasMore": false }));
    let first = &page["refunds"][0];
    assert_eq!(first["id"], "233906283671234567");
    // Ids above 2^53 keep every digit.
    assert_eq!((first["orderId"].as_str(), first["subOrderId"].as_str()), (Some("4185647193829501234"), Some("4185647193830501234")));
    assert_eq!((first["status"].as_str(), first["kind"].as_str()), (Some("pending"), Some("refund_only")));
    assert_eq!(first["platformStatus"], json!({ "code": "WAIT_SELLER_AGREE", "label": "买家已经申请退款,等待卖家同意" }));
    assert_eq!((first["requestedAmount"].as_str(), first["refundedAmount"].as_str()), (Some("129.00"), Some("129.00")));
    assert_eq!(first["buyer"], json!({ "id": null, "name": "t**1", "phone": null }));
    assert_eq!(first["createdAt"], "2024-03-01T09:12:45+08:00");
    assert_eq!(first["refundedAt"], Value::Null);
    assert_eq!(first["items"][0]["name"], "天堂伞 三折晴雨伞 黑胶防晒");
    let second = &page["refunds"][1];
    assert_eq!((second["status"].as_str(), second["kind"].as_str()), (Some("succeeded"), Some("return_and_refund")));
    assert_eq!(second["refundedAmount"], "100.50");
    assert_eq!(second["note"], Value::Null, "an empty desc is null");
    assert_eq!(second["returnShipment"], json!({ "company": "中通快递", "companyCode": null, "trackingNo": "78312345678901" }));
    assert_eq!(second["items"][0], json!({ "goodsId": null, "skuId": null, "goodsNo": null, "skuNo": null, "name": "纯棉T恤 男款 白色", "skuName": null, "quantity": "2.00", "unitPrice": null, "amount": "258.00" }));
}

#[test]
fn has_next_decides_and_the_total_is_ignored() {
    let page = page_json(fixture("doc_has_next.json"), &with_query(json!({ "page": 3 })));
    assert_eq!(page["page"], json!({ "page": 3, "pageSize": 40, "total": null, "hasMore": true }));
    // use_has_next sent (the default) but a total_results of 0 alongside: has_next still decides.
    let body = r#"{"refunds_receive_get_response":{"total_results":0,"has_next":false,"refunds":{"refund":[{"refund_id":"1"}]}}}"#;
    let page = page_json(body.as_bytes(), &with_query(json!({})));
    assert_eq!((page["page"]["total"].clone(), page["page"]["hasMore"].clone()), (Value::Null, json!(false)));
    // Without a query, has_next is read when it is there.
    assert_eq!(page_json(fixture("doc_has_next.json"), &ParseOptions::default())["page"]["hasMore"], true);
}

#[test]
fn simplify_is_read_as_the_request_sent_it() {
    let simplify = with_query(json!({ "params": { "simplify": "true", "use_has_next": "false" } }));
    let page = page_json(fixture("doc_simplify.json"), &simplify);
    assert_eq!(page["refunds"].as_array().unwrap().len(), 2);
    assert_eq!(page["refunds"][1]["orderId"], "3812345678901234567");
    assert_eq!(page["page"]["total"], 2);
    // The wrong mode is an error, never an empty page.
    let e = parse_response(P, fixture("doc_response.json"), &simplify).unwrap_err();
    assert!(e.code == ErrorCode::InvalidBody && e.message.contains("simplify=true"), "{}", e.message);
    let e = parse_response(P, fixture("doc_simplify.json"), &with_query(json!({}))).unwrap_err();
    assert!(e.code == ErrorCode::InvalidBody && e.message.contains("did not send simplify=true"), "{}", e.message);
    // Without a query the body says which it is.
    assert_eq!(page_json(fixture("doc_simplify.json"), &ParseOptions::default())["refunds"].as_array().unwrap().len(), 2);
}

#[test]
fn an_empty_page_has_no_refunds_member() {
    let page = page_json(fixture("doc_empty.json"), &with_query(json!({ "params": { "use_has_next": "false" } })));
    assert_eq!(page["refunds"], json!([]));
    assert_eq!((page["page"]["total"].clone(), page["page"]["hasMore"].clone()), (json!(0), json!(false)));
}

#[test]
fn one_refund_object_where_a_list_is_expected() {
    let body = r#"{"refunds_receive_get_response":{"total_results":1,"refunds":{"refund":{"refund_id":"9","tid":4185647193829501234,"status":"CLOSED"}}}}"#;
    let page = parse_response(P, body.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds.len(), 1);
    assert_eq!(page.refunds[0].order_id.as_deref(), Some("4185647193829501234"));
    assert!(page.warnings.iter().any(|w| w.code == WarningCode::SingleRecord));
}

#[test]
fn xml_reads_as_the_json_and_raw_is_each_records_xml() {
    let json_page = page_json(fixture("doc_response.json"), &ParseOptions::default());
    let xml_page = page_json(fixture("doc_response.xml"), &ParseOptions::default());
    assert_eq!(xml_page["refunds"], json_page["refunds"]);
    assert_eq!(xml_page["page"]["total"], 2);
    let raw = parse_response(P, fixture("doc_response.xml"), &ParseOptions { include_raw: true, ..ParseOptions::default() }).unwrap();
    let first = raw.refunds[0].raw.as_deref().unwrap();
    assert!(first.starts_with("<refund>") && first.ends_with("</refund>") && first.contains("233906283671234567"), "{first}");
    // One <refund> is one record, and a long XML page keeps raw on every record through the
    // package's page writer (its batches).
    let many: String = (0..300).map(|i| format!("<refund><refund_id>{i}</refund_id><status>SUCCESS</status></refund>")).collect();
    let body = format!("<refunds_receive_get_response><refunds>{many}</refunds><total_results>300</total_results></refunds_receive_get_response>");
    let page = parse_response(P, body.as_bytes(), &ParseOptions { include_raw: true, ..ParseOptions::default() }).unwrap();
    assert_eq!(page.refunds.len(), 300);
    assert_eq!(page.refunds[299].raw.as_deref(), Some("<refund><refund_id>299</refund_id><status>SUCCESS</status></refund>"));
    let options = ParseOptions { include_raw: true, ..ParseOptions::default() };
    let flat = refund_normalizer::bindings::parse_response_flat(P, body.as_bytes(), &options).unwrap();
    let text = String::from_utf8_lossy(flat.as_bytes());
    assert!(text.contains("<refund><refund_id>299</refund_id>"), "the flat page carries the last record's raw");
}

#[test]
fn errors_by_the_code_table() {
    let e = parse_response(P, fixture("doc_error_session.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.code, e.platform_code.as_deref(), e.platform_sub_code.as_deref(), e.retryable), (ErrorCode::PlatformError, Some("27"), Some("invalid-sessionkey"), false));
    assert!(e.message.contains("authorize") && e.message_zh.contains("重新授权"), "{} / {}", e.message, e.message_zh);
    let e = parse_response(P, fixture("doc_error_rate_limit.json"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.platform_code.as_deref(), e.retryable, e.retry_after_ms), (Some("7"), true, Some(2000)));
    let e = parse_response(P, fixture("doc_error_app_key.xml"), &ParseOptions::default()).unwrap_err();
    assert_eq!((e.platform_code.as_deref(), e.platform_sub_code.as_deref(), e.retryable), (Some("29"), Some("isv.appkey-not-exists"), false));
    let isp = r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.top-remote-connection-timeout"}}"#;
    assert!(parse_response(P, isp.as_bytes(), &ParseOptions::default()).unwrap_err().retryable);
    let isv = r#"{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.invalid-parameter"}}"#;
    assert!(!parse_response(P, isv.as_bytes(), &ParseOptions::default()).unwrap_err().retryable);
    // Clock skew (31) is retried with a new signature; a bad signature (25) is not.
    let skew = r#"{"error_response":{"code":31,"msg":"Invalid timestamp"}}"#;
    assert!(parse_response(P, skew.as_bytes(), &ParseOptions::default()).unwrap_err().retryable);
    let sign = r#"{"error_response":{"code":25,"msg":"Invalid signature","request_id":"109wcmcgllsj1"}}"#;
    let e = parse_response(P, sign.as_bytes(), &ParseOptions::default()).unwrap_err();
    assert!(!e.retryable && e.message.contains("signature"));
}

#[test]
fn refunded_at_is_end_time_only_on_success() {
    let body = |status: &str| {
        format!(r#"{{"refunds_receive_get_response":{{"refunds":{{"refund":[{{"refund_id":"1","status":"{status}","end_time":"2024-03-02 08:00:00"}}]}}}}}}"#)
    };
    let (success, closed) = (body("SUCCESS"), body("CLOSED"));
    let page = parse_response(P, success.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds[0].refunded_at.as_deref(), Some("2024-03-02T08:00:00+08:00"));
    // A closed refund ends too: not a payment, and nothing to warn about.
    let page = parse_response(P, closed.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(page.refunds[0].refunded_at, None);
    assert!(page.refunds[0].warnings.is_empty(), "{:?}", page.refunds[0].warnings);
}

#[test]
fn buyer_open_uid_is_the_buyer_id_and_ids_may_be_strings() {
    let body = r#"{"refunds_receive_get_response":{"refunds":{"refund":[{"refund_id":106322832633563058,"tid":"4185647193829501234","buyer_nick":"t**1","buyer_open_uid":"AAHm5d-EAAeGwJedwSHpg8bT","sku":"30004447689|颜色分类:军绿色;尺码:XS","status":"WAIT_SELLER_CONSIGN_GOODS"}]}}}"#;
    let page = page_json(body.as_bytes(), &ParseOptions::default());
    let r = &page["refunds"][0];
    assert_eq!((r["id"].as_str(), r["orderId"].as_str()), (Some("106322832633563058"), Some("4185647193829501234")));
    assert_eq!(r["buyer"]["id"], "AAHm5d-EAAeGwJedwSHpg8bT");
    assert_eq!((r["items"][0]["skuId"].as_str(), r["items"][0]["skuName"].as_str()), (Some("30004447689"), Some("颜色分类:军绿色;尺码:XS")));
    // A later exchange state: unknown, with its label.
    assert_eq!((r["status"].as_str(), r["platformStatus"]["label"].as_str()), (Some("unknown"), Some("商家确认收货等待商家发货")));
}
