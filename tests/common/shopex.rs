//! ShopEx: the doc's bare list (`lists`, `count`), the server's row shape.
use super::{num, FieldRow, Generated, Kit, ACCESS_TOKEN, TOKEN};
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, n| format!(r#"{{"response":{{"lists":{list},"count":"{n}"}}}}"#),
    record: |id, amount, _beijing, unix| {
        format!(r#"{{"refund_id":"1","refund_bn":{id},"money":{amount},"cur_money":{amount},"status":"succ","t_ready":{unix},"t_sent":{unix},"order_bn":"SO1","memo":"买家申请"}}"#)
    },
    error_envelope: r#"{"error_response":{"code":"e000002","msg":"sign error"}}"#,
    generated,
    credentials: || json!({ "baseUrl": "https://erp.example.com/index.php/api", "flag": "erp1", "token": TOKEN }),
    check_sent: |request| assert!(!format!("{request:?}").contains(ACCESS_TOKEN)),
    first_record: "/lists/0",
    field_rows,
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: None,
    xml_page: None,
};

fn generated(g: &Generated) -> String {
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"refund_bn\":\"R{}\"", g.id));
    }
    let status = ["succ", "failed", "cancel", "invalid", "progress", "ready", "pending", "odd"][g.code];
    let yuan = &g.yuan;
    fields.extend([
        format!("\"refund_id\":\"{}\"", g.index),
        format!("\"money\":{yuan}"),
        format!("\"cur_money\":{yuan}"),
        format!("\"status\":\"{status}\""),
        format!("\"t_ready\":{}", g.unix),
        format!("\"order_bn\":\"SO{}\"", g.id),
        format!("\"items\":[{{\"bn\":\"SKU\",\"name\":\"杯\",\"nums\":{},\"refund_price\":{yuan}}}]", num(1, g.as_number)),
    ]);
    format!("{{{}}}", fields.join(","))
}

fn field_rows() -> Vec<FieldRow> {
    vec![
        ("/id", "bn", json!("REFUND202401010001"), json!("rejected")),
        ("/orderId", "order_bn", json!("SALES202401010001"), Value::Null),
        ("/shopId", "shop_bn", json!("SHOP001"), Value::Null),
        ("/shopName", "shop_name", json!("测试店铺"), Value::Null),
        ("/status", "status", json!("succeeded"), json!("unknown")),
        ("/platformStatus/code", "status", json!("succ"), Value::Null),
        ("/requestedAmount", "total_amount", Value::Null, Value::Null),
        ("/refundedAmount", "total_amount", json!("1000.00"), Value::Null),
        ("/createdAt", "createtime", json!("2024-01-01T10:00:00+08:00"), Value::Null),
        ("/updatedAt", "updatetime", json!("2024-01-01T10:00:00+08:00"), Value::Null),
    ]
}

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"response":{"count":"2","lists":{"12":{"refund_bn":"R1"},"15":["R2"]}}}"#,
    r#"{"response":{"count":"1","lists":[{"refund_bn":"R1","status":"succ","status":"x"}]}}"#,
    r#"{"response":{"lists":[],"count":0}}"#,
    r#"{"response":{"lists":{},"count":"0"}}"#,
    r#"{"response":{"lists":null,"count":"2"}}"#,
    r#"{"response":[]}"#,
    r#"{"response":null,"count":1,"lists":[{"bn":"R1"}]}"#,
    r#"{"count":1,"lists":[{"bn":"R1"}]}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"}},"count":"1"},"error_response":{"code":"e000002","msg":"x"}}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"rsp":"succ"}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"data":{},"code":5}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"response":null}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"}},"lists":[]}}"#,
    r#"{"response":{"lists":{"1":{"refund_bn":"R1"},"1":{"refund_bn":"R1","money":"x"}},"count":"2"}}"#,
    r#"{"response":{"lists":{"1\u0031":{"refund_bn":"R1","money":"x"}}}}"#,
    r#"{"response":{"lists":[["R1"],{"refund_bn":"R2"}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","status":"succ","status":"x"}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":"5"}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":5}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":[1]}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":[["S1","n",1]]}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":[{"bn":"X","bn":"Y"}]}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":{"a":null}}]}}"#,
    r#"{"response":{"lists":[{"refund_bn":"R1","items":[{"bn":"a","nums":"1.0001"}]}]}}"#,
    r#"{"response":{"lists":{"9":{"refund_bn":"R1","items":{"k\"":{"nums":"x"}}}}}}"#,
    r#"{"response":{"lists":{"9":{"refund_bn":"R1","items":{"中/b":{"nums":"x"}}}}}}"#,
    r#"{"response":{"lists":{"9":{"refund_id":"9","money":"1"}}}}"#,
    " {\"response\":{\"lists\":{\"9\":{\"refund_bn\":\"R9\",\"items\":[]}}}}\n",
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"response":{"lists":{"12":{"refund_id":"12","refund_bn":"R12","currency":"CNY","money":"10.000","t_ready":"1704074400","t_sent":0,"status":"succ","memo":"a\"\\b\u4e2d","x":[{"y":null},true,false],"status_name":"支付成功","items":[{"bn":"S1","nums":"1","refund_price":"10.00"},{"bn":"S2","nums":2.5e0}]},"15":{"refund_bn":"R15","money":-1.5,"status":"ready","items":""},"16":{"bn":"B16","refund_bn":"R16","items":{"7":{"name":"中文","nums":1}}}},"count":"3"}}"#,
    r#"{"response":{"count":2,"lists":[{"refund_bn":"R1","createtime":"2024-06-15 15:05:02","total_amount":"1.5","items":null},{"refund_id":"2","status":"progress"}],"total_amount":"3"},"rsp":null,"error_response":null}"#,
];
