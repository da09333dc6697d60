//! 苏宁: `sn_responseContent.sn_body.batchQueryRejected` with its `sn_head`.
use super::{FieldRow, Generated, Kit, ACCESS_TOKEN, APP_SECRET};
use refund_normalizer::SignedRequest;
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, _n| {
        format!(r#"{{"sn_responseContent":{{"sn_head":{{"pageNo":"1","pageTotal":"1","returnMessage":"biz.handler.data-get:success"}},"sn_body":{{"batchQueryRejected":{list}}}}}}}"#)
    },
    record: |id, amount, beijing, _unix| {
        format!(r#"{{"orderCode":{id},"productCode":"102609934","dealMoney":{amount},"returnMoney":{amount},"applyTime":{beijing},"statusDesc":"8","refundtype":"1"}}"#)
    },
    error_envelope: r#"{"sn_responseContent":{"sn_head":{},"sn_error":{"error_code":"sys.check.app-sign:error"}}}"#,
    generated,
    credentials: || json!({ "appKey": "key1", "appSecret": APP_SECRET, "accessToken": ACCESS_TOKEN }),
    check_sent,
    first_record: "/sn_responseContent/sn_body/batchQueryRejected/0",
    field_rows,
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: None,
    xml_page: Some((xml_page, "orderCode")),
};

/// `access_token` is a header, never in the body or the URL.
fn check_sent(request: &SignedRequest) {
    assert!(request.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("access_token") && v == ACCESS_TOKEN), "{request:?}");
    assert!(!request.body.contains(ACCESS_TOKEN) && !request.url.contains(ACCESS_TOKEN));
}

fn generated(g: &Generated) -> String {
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"orderCode\":\"{}\"", g.id));
    }
    let status = ["1", "2", "退款成功", "待买家发货", "5", "6", "自由文本", "8"][g.code];
    fields.extend([
        format!("\"productCode\":\"{}\"", 102_609_934 + g.index),
        format!("\"dealMoney\":{}", g.yuan),
        format!("\"returnMoney\":{}", g.yuan),
        format!("\"applyTime\":{}", g.at),
        format!("\"statusDesc\":\"{status}\""),
        format!("\"refundtype\":\"{}\"", if g.code % 2 == 0 { "1" } else { "" }),
    ]);
    format!("{{{}}}", fields.join(","))
}

fn field_rows() -> Vec<FieldRow> {
    let rejected = json!("rejected");
    vec![
        ("/id", "orderCode", json!("2000532010:102609934:20131021110235"), rejected.clone()),
        ("/id", "applyTime", json!("2000532010:102609934:20131021110235"), rejected.clone()),
        ("/orderId", "orderCode", json!("2000532010"), rejected.clone()),
        ("/buyer/id", "customer", json!("17817800005"), Value::Null),
        ("/status", "statusDesc", json!("unknown"), json!("unknown")),
        ("/platformStatus/code", "statusDesc", json!("卖家不同意协议, 等待买家投诉"), Value::Null),
        ("/kind", "refundtype", json!("refund_only"), json!("return_and_refund")),
        ("/requestedAmount", "dealMoney", Value::Null, Value::Null),
        ("/refundedAmount", "returnMoney", json!("188.00"), Value::Null),
        ("/items/0/amount", "dealMoney", json!("188.00"), Value::Null),
        ("/reason", "returnReason", json!("发票问题"), Value::Null),
        ("/returnShipment/companyCode", "expressCompanyCode", json!("A01"), Value::Null),
        ("/returnShipment/trackingNo", "expressNo", json!("ssssssss"), Value::Null),
        ("/createdAt", "applyTime", json!("2013-10-21T11:02:35+08:00"), rejected),
        ("/updatedAt", "statusPassTime", Value::Null, Value::Null),
    ]
}

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"sn_responseContent":{"sn_body":{"batchQueryRejected":[{"orderCode":"1"},"x"]}}}"#,
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"sn_responseContent":{"sn_head":{"pageNo":"1","totalSize":2},"sn_body":{"batchQueryRejected":[{"orderCode":"1","productCode":2,"applyTime":"2024-06-15 15:05:02","dealMoney":"1.50","returnMoney":-0.5e1,"statusDesc":"8","x":[{"y":null},true,false],"returnReason":"a\"\\b\u4e2d"},{"orderCode":"3","productCode":"4","applyTime":"2024-06-15 15:05:03","refundtype":"1","expressNo":"中文"}]},"sn_error":null}}"#,
];

/// An XML page of `n` records, every 7th rejected (a bad amount).
fn xml_page(n: usize) -> String {
    let records: String = (0..n)
        .map(|i| {
            let money = if i % 7 == 3 { "x" } else { "1.00" };
            format!("<batchQueryRejected><orderCode>{i}</orderCode><productCode>P</productCode><applyTime>2024-06-01 10:00:00</applyTime><returnMoney>{money}</returnMoney></batchQueryRejected>")
        })
        .collect();
    format!("<sn_responseContent><sn_head><returnMessage>biz.handler.data-get:success</returnMessage></sn_head><sn_body>{records}</sn_body></sn_responseContent>")
}
