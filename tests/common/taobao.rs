//! 淘宝/天猫: `refunds_receive_get_response.refunds.refund` with `total_results`.
use super::{num, FieldRow, Generated, Kit, ACCESS_TOKEN, APP_SECRET};
use refund_normalizer::SignedRequest;
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, n| format!(r#"{{"refunds_receive_get_response":{{"total_results":{n},"refunds":{{"refund":{list}}},"request_id":"r1"}}}}"#),
    record: |id, amount, beijing, _unix| {
        format!(r#"{{"refund_id":{id},"tid":4185647193829501234,"oid":4185647193830501234,"refund_fee":{amount},"status":"SUCCESS","has_good_return":false,"created":{beijing},"modified":{beijing},"end_time":{beijing}}}"#)
    },
    error_envelope: r#"{"error_response":{"code":27,"msg":"Invalid session","sub_code":"invalid-sessionkey","sub_msg":"SessionKey非法","request_id":"rxvsf5lo4ufl"}}"#,
    generated,
    credentials: || json!({ "appKey": "key1", "appSecret": APP_SECRET, "session": ACCESS_TOKEN }),
    check_sent,
    first_record: "/refunds_receive_get_response/refunds/refund/0",
    field_rows,
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: None,
    xml_page: Some((xml_page, "refund_id")),
};

/// The session rides in the form body, as the platform requires; never in a header or the URL.
fn check_sent(request: &SignedRequest) {
    assert!(request.body.contains(&format!("session={ACCESS_TOKEN}")), "{request:?}");
    assert!(request.headers.iter().all(|(_, v)| !v.contains(ACCESS_TOKEN)) && !request.url.contains(ACCESS_TOKEN));
}

fn generated(g: &Generated) -> String {
    let n = g.as_number;
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"refund_id\":\"{}\"", g.id));
    }
    let status = ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "SUCCESS", "CLOSED", "x", "SELLER_REFUSE_BUYER", "WAIT_SELLER_CONFIRM_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND"][g.code];
    fields.extend([
        format!("\"tid\":{}", num(g.id, n)),
        format!("\"oid\":{}", num(g.id + 7, n)),
        format!("\"refund_fee\":{}", g.yuan),
        format!("\"total_fee\":{}", g.yuan),
        format!("\"status\":\"{status}\""),
        format!("\"has_good_return\":{}", g.code % 2 == 0),
        format!("\"num\":{}", num(1, n)),
        format!("\"created\":{}", g.at),
        format!("\"modified\":{}", g.at),
    ]);
    format!("{{{}}}", fields.join(","))
}

/// The first record of doc §10.1.
fn field_rows() -> Vec<FieldRow> {
    vec![
        ("/id", "refund_id", json!("233906283671234567"), json!("rejected")),
        ("/orderId", "tid", json!("4185647193829501234"), Value::Null),
        ("/subOrderId", "oid", json!("4185647193830501234"), Value::Null),
        ("/shopName", "seller_nick", json!("示例旗舰店"), Value::Null),
        ("/kind", "has_good_return", json!("refund_only"), json!("unknown")),
        ("/status", "status", json!("pending"), json!("unknown")),
        ("/platformStatus/code", "status", json!("WAIT_SELLER_AGREE"), Value::Null),
        ("/requestedAmount", "refund_fee", json!("129.00"), Value::Null),
        ("/refundedAmount", "refund_fee", json!("129.00"), Value::Null),
        ("/reason", "reason", json!("不想要了"), Value::Null),
        ("/note", "desc", json!("拍错颜色了，麻烦退款"), Value::Null),
        ("/buyer/name", "buyer_nick", json!("t**1"), Value::Null),
        ("/createdAt", "created", json!("2024-03-01T09:12:45+08:00"), Value::Null),
        ("/updatedAt", "modified", json!("2024-03-01T09:12:45+08:00"), Value::Null),
        ("/items/0/name", "title", json!("天堂伞 三折晴雨伞 黑胶防晒"), Value::Null),
        ("/items/0/quantity", "num", json!("1.00"), Value::Null),
        ("/items/0/amount", "total_fee", json!("129.00"), Value::Null),
    ]
}

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"refunds_receive_get_response":{"total_results":4,"refunds":{"refund":[{"refund_id":1},["R2"],5,null]}}}"#,
    r#"{"refunds_receive_get_response":{"refunds":{"refund":[{"refund_id":1,"refund_id":2}]}}}"#,
    r#"{"refunds_receive_get_response":{"refunds":{"refund":[{"refund_\u0069d":1,"status":"SUCCESS","status":"x"}]}}}"#,
    r#"{"refunds_receive_get_response":{"refunds":{"refund":{"refund_id":1}}}}"#,
    r#"{"refunds_receive_get_response":{"refunds":{"refund":[]},"refunds":{}}}"#,
    r#"{"refunds_receive_get_response":{"refunds":{},"total_results":"0"}}"#,
    r#"{"refunds_receive_get_response":{"total_results":0}}"#,
    r#"{"refunds_receive_get_response":null}"#,
    r#"{"error_response":{"code":27,"msg":"Invalid session"},"refunds_receive_get_response":{"refunds":{"refund":[{"refund_id":1}]}}}"#,
    " {\"refunds_receive_get_response\":{\"refunds\":{\"refund\":[{\"refund_id\":\"R1\"},{\"refund_id\":\"R1\"}]}}}\n",
    r#"{"refunds_receive_get_response":{"refunds":{"refund":[]}}} x"#,
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"refunds_receive_get_response":{"total_results":2,"refunds":{"refund":[{"refund_id":233906283671234567,"tid":"4185647193829501234","oid":4185647193830501234,"refund_fee":"129.00","total_fee":-0.5e1,"status":"SUCCESS","has_good_return":false,"x":[{"y":null},true,false],"reason":"a\"\\b\u4e2d","created":"2024-03-01 09:12:45","modified":"2024-03-01 09:12:45","end_time":"2024-03-02 10:00:00","sku":"123|颜色:黑","num":1},{"refund_id":"R2","status":"WAIT_SELLER_AGREE","has_good_return":true,"desc":"中文","num":"2"}]},"request_id":"r1"}}"#,
];

/// An XML page of `n` records, every 7th rejected (a bad amount).
fn xml_page(n: usize) -> String {
    let records: String = (0..n)
        .map(|i| {
            let fee = if i % 7 == 3 { "x" } else { "1.00" };
            format!("<refund><refund_id>{i}</refund_id><refund_fee>{fee}</refund_fee></refund>")
        })
        .collect();
    format!("<refunds_receive_get_response><refunds>{records}</refunds></refunds_receive_get_response>")
}
