//! 蘑菇街: `result.data.refundFullDTOList` with `hasNext`, amounts in fen.
use super::{num, FieldRow, Generated, Kit, ACCESS_TOKEN, APP_SECRET};
use refund_normalizer::SignedRequest;
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, _n| format!(r#"{{"result":{{"data":{{"hasNext":false,"refundFullDTOList":{list}}}}},"status":{{"code":"0000000","msg":"ok"}}}}"#),
    record,
    error_envelope: r#"{"result":{"data":{}},"status":{"code":"0000001","msg":"token失效"}}"#,
    generated,
    credentials: || json!({ "appKey": "100", "appSecret": APP_SECRET, "accessToken": ACCESS_TOKEN }),
    check_sent,
    first_record: "/result/data/refundFullDTOList/0",
    field_rows,
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: None,
    xml_page: None,
};

/// The catalogue's yuan amount becomes the same value in fen (蘑菇街 counts fen).
fn record(id: &str, amount: &str, beijing: &str, _unix: &str) -> String {
    let fen = amount.trim_matches('"').replace('.', "");
    let amount = if amount.starts_with('"') && amount.contains('.') { fen.as_str() } else { amount };
    format!(r#"{{"refundId":{id},"shopOrderId":2322512222222222,"status":"refund_completed","refundType":"refund_money","expense":{amount},"createdStr":{beijing},"updatedStr":{beijing}}}"#)
}

/// `access_token` is a form param, never a header.
fn check_sent(request: &SignedRequest) {
    assert!(request.body.contains(&format!("access_token={ACCESS_TOKEN}")) || request.url.contains(ACCESS_TOKEN));
    assert!(request.headers.iter().all(|(_, v)| !v.contains(ACCESS_TOKEN)));
}

fn generated(g: &Generated) -> String {
    let n = g.as_number;
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"refundId\":{}", num(g.id, n)));
    }
    let status = ["refund_requested", "return_goods_agreed", "refund_completed", "refund_cancelled", "x", "refund_or_return_seller_refused", "return_goods_shipped", "refund_or_return_deal_agreed"][g.code];
    fields.extend([
        format!("\"shopOrderId\":{}", num(g.id + 7, n)),
        format!("\"status\":\"{status}\""),
        format!("\"refundType\":\"{}\"", if g.code % 2 == 0 { "refund_money" } else { "return_goods" }),
        format!("\"expense\":{}", g.fen),
        format!("\"createdStr\":{}", g.at),
        format!("\"updatedStr\":{}", g.at),
    ]);
    format!("{{{}}}", fields.join(","))
}

fn field_rows() -> Vec<FieldRow> {
    vec![
        ("/id", "refundId", json!("62511111231"), json!("rejected")),
        ("/orderId", "shopOrderId", json!("23215476275678"), Value::Null),
        ("/subOrderId", "itemOrderId", json!("2322512222222222"), Value::Null),
        ("/kind", "refundType", json!("return_and_refund"), json!("unknown")),
        ("/status", "status", json!("succeeded"), json!("unknown")),
        ("/requestedAmount", "expense", json!("153.20"), Value::Null),
        ("/refundedAmount", "sellerRefundAmount", json!("163.20"), Value::Null),
        ("/reason", "reason", json!("其他"), Value::Null),
        ("/note", "refundDescription", json!("老公不喜欢"), Value::Null),
        ("/buyer/name", "refundShipInfo/name", json!("刘sxx"), Value::Null),
        ("/buyer/phone", "refundShipInfo/mobile", json!("158076121212"), Value::Null),
        ("/returnShipment/company", "refundShipInfo/shipExpressName", json!("中通速递"), Value::Null),
        ("/returnShipment/trackingNo", "refundShipInfo/shipExpressId", json!("43533131117"), Value::Null),
        ("/createdAt", "createdStr", json!("2016-06-09T16:41:15+08:00"), Value::Null),
        ("/updatedAt", "updatedStr", json!("2016-06-09T16:45:35+08:00"), Value::Null),
        ("/refundedAt", "timeLines", json!("2016-06-09T16:45:35+08:00"), Value::Null),
        ("/items/0/goodsId", "itemId", json!("25971223238"), Value::Null),
        ("/items/0/quantity", "number", json!("2.00"), Value::Null),
        ("/items/0/unitPrice", "nowPrice", json!("81.60"), json!("136.00")),
        ("/items/0/amount", "goodsPrice", json!("163.20"), Value::Null),
    ]
}

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1},[2]]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundId":2}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"orderStatus":"A","orderStatus":"B"}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refund\u0049d":1}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":{"n\u0061me":"x"}}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":{"name":"x","name":"y"}}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":["EMS","1"]}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":5},{"refundId":2,"refundShipInfo":""},{"refundId":3,"refundShipInfo":{}}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[["REFUND_MONEY_DETAIL","2016-06-09 16:45:35"]]}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[{"actionType":"REFUND_MONEY_DETAIL","createdStr":"x"},null]}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":{"a":1}},{"refundId":2,"status":"refund_completed","timeLines":"x"},{"refundId":3,"timeLines":5}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[{"actionType":"REFUND_MONEY_DETAIL","actionType":"X","createdStr":"2016-06-09 16:45:35"}]}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":"1","refundFullDTOList":[{"refundId":9007199254740993,"shopOrderId":18446744073709551617,"itemOrderId":1e3,"expense":"15320","goodsPrice":16320.0,"nowPrice":"8160","price":-1,"sellerRefundAmount":"15320"}]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1},["R2"],5,null,"x"]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":[]}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":{}}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":{"refundId":1}}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":null}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true}}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":null}}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":[]}}"#,
    r#"{"status":{"code":"0000000"},"result":[]}"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[]},"data":{}}}"#,
    r#"{"status":{"code":"0000000"},"status":{"code":"1"},"result":{"data":{"refundFullDTOList":[]}}}"#,
    r#"{"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#,
    r#"{"status":null,"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#,
    r#"{"status":["0000000","ok"],"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#,
    r#"{"status":{"code":11,"msg":"x"},"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#,
    r#"{"status":{"code":0},"result":{"data":{"refundFullDTOList":[{"refundId":1},{"refundId":1}]}}} "#,
    " \r\n{\"status\":{\"code\":\"0000000\"},\"result\":{\"data\":{\"refundFullDTOList\":[{\"refundId\":1}]}}}\t",
    r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[]}}} x"#,
    r#"{ }"#,
    r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[{"refundId":"\ud800"}]}}}"#,
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"result":{"data":{"hasNext":false,"refundFullDTOList":[{"createdStr":"2024-06-15 15:05:02","expense":15320,"goodsPrice":"16320","itemId":9627803406129134145,"nowPrice":8160,"number":2,"refundId":9411738631386255558,"refundShipInfo":{"mobile":"158","name":"刘","shipTime":0,"shipExpressName":"a\"\\b\u4e2d","shipExpressId":4353},"refundType":"return_goods","status":"refund_completed","sellerRefundAmount":163.2,"timeLines":[{"actionType":"REFUND_MONEY_DETAIL","createdStr":"2016-06-09 16:45:35","showContent":["x",{"y":null}]},{"actionType":"X"}],"updatedStr":"2024-06-15 17:05:02"},{"refundId":"R2","expense":"-5","refundShipInfo":"","timeLines":null,"x":[true,false]}]}},"status":{"code":"0000000","msg":"ok"}}"#,
];
