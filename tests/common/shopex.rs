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
