//! 诺云: `data.list` with `data.total`; caller-chosen headers and body fields.
use super::{num, FieldRow, Generated, Kit, NUOYUN_FIELD, NUOYUN_HEADER};
use refund_normalizer::SignedRequest;
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, n| format!(r#"{{"code":200,"msg":"Success","data":{{"total":{n},"list":{list}}}}}"#),
    record: |id, amount, beijing, unix| {
        format!(r#"{{"id":1,"refund_no":{id},"order_id":20001,"refund_money":{amount},"create_time":{unix},"refund_time":{unix},"refund_type":1,"status":2,"update_at":{beijing}}}"#)
    },
    error_envelope: r#"{"code":400,"msg":"请选择第几页","data":{}}"#,
    generated,
    credentials: || json!({ "headers": { "Authorization": NUOYUN_HEADER }, "bodyFields": { "app_secret": NUOYUN_FIELD } }),
    check_sent,
    first_record: "/data/list/0",
    field_rows,
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: Some(big_page),
    xml_page: None,
};

/// The caller's headers and body fields are sent exactly as given.
fn check_sent(request: &SignedRequest) {
    assert!(request.headers.iter().any(|(k, v)| k == "Authorization" && v == NUOYUN_HEADER), "{request:?}");
    assert!(request.body.contains(NUOYUN_FIELD), "{request:?}");
}

fn generated(g: &Generated) -> String {
    let n = g.as_number;
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"refund_no\":\"RF{}\"", g.id));
    }
    fields.extend([
        format!("\"id\":{}", num(g.index + 1, n)),
        format!("\"order_id\":{}", num(g.id, n)),
        format!("\"refund_money\":{}", g.yuan),
        format!("\"create_time\":{}", g.unix),
        format!("\"refund_type\":{}", num(g.code % 2 + 1, n)),
        format!("\"status\":{}", num(g.code % 6 + 1, n)),
        format!("\"update_at\":{}", g.at),
    ]);
    format!("{{{}}}", fields.join(","))
}

fn field_rows() -> Vec<FieldRow> {
    vec![
        ("/id", "refund_no", json!("RF202501010001"), json!("rejected")),
        ("/orderId", "order_id", json!("20001"), Value::Null),
        ("/subOrderId", "order_goods_id", json!("30001"), Value::Null),
        ("/kind", "refund_type", json!("refund_only"), json!("unknown")),
        ("/status", "status", json!("succeeded"), json!("unknown")),
        ("/requestedAmount", "refund_money", json!("99.00"), Value::Null),
        ("/refundedAmount", "refund_money", json!("99.00"), Value::Null),
        ("/reason", "reason", json!("商品质量问题"), Value::Null),
        ("/note", "remark", json!("商品有破损"), Value::Null),
        ("/buyer/id", "wechat_user_space_id", json!("123456789"), Value::Null),
        ("/buyer/name", "buyer_name", json!("用户A"), Value::Null),
        ("/buyer/phone", "phone", json!("138****8888"), Value::Null),
        ("/createdAt", "create_time", json!("2022-01-01T08:00:00+08:00"), Value::Null),
        ("/updatedAt", "update_at", json!("2022-01-01T10:00:00+08:00"), Value::Null),
        ("/refundedAt", "refund_time", json!("2022-01-01T08:01:00+08:00"), Value::Null),
        ("/items/0/goodsId", "goods_id", json!("10001"), Value::Null),
    ]
}

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"code":200,"data":{"total":2,"list":[{"refund_no":"A"},["B"]]}}"#,
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"code":200,"msg":"ok","data":{"total":2,"list":[{"id":1,"refund_no":"R1","refund_money":12.300,"order_id":9245960206770481752,"create_time":1718435102,"status":2,"refund_time":1718435102,"x":{"a":[]},"remark":"a\"\\b\u4e2d","update_at":"2024-06-15 15:15:02"},{"refund_no":"R2","status":"1","buyer_name":"中文","refund_time":0}]}}"#,
];

/// A page of `n` records: every 13th id repeated, every 9th rejected (a bad amount), remarks non-ASCII.
fn big_page(n: usize) -> String {
    let records: Vec<String> = (0..n).map(|i| format!(r#"{{"refund_no":"R{}","refund_money":"{}","remark":"备注{i}","status":{}}}"#, if i % 13 == 6 { 0 } else { i }, if i % 9 == 4 { "1.5x" } else { "1.5" }, i % 5)).collect();
    format!(r#"{{"code":200,"data":{{"total":{n},"list":[{}]}}}}"#, records.join(","))
}
