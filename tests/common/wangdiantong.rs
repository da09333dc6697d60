//! 旺店通: `trade_list` with `total_count`, numbers often as strings.
use super::{num, FieldRow, Generated, Kit, ACCESS_TOKEN, APP_SECRET};
use serde_json::{json, Value};

pub const KIT: Kit = Kit {
    page: |list, n| format!(r#"{{"code":0,"message":"","total_count":"{n}","trade_list":{list}}}"#),
    record: |id, amount, beijing, _unix| {
        format!(r#"{{"refund_no":{id},"tid":"T1","type":"1","status":"5","refund_amount":{amount},"actual_refund_amount":{amount},"modified":{beijing},"created":{beijing},"refund_time":{beijing},"current_phase_timeout":{beijing}}}"#)
    },
    error_envelope: r#"{"code":1060,"message":"充值余额为0或应用已欠费,请联系商务充值"}"#,
    generated,
    credentials: || json!({ "sid": "sid1", "appKey": "key1", "appSecret": APP_SECRET }),
    check_sent: |request| assert!(!format!("{request:?}").contains(ACCESS_TOKEN)),
    first_record: "/trade_list/0",
    field_rows,
};

fn generated(g: &Generated) -> String {
    let n = g.as_number;
    let mut fields: Vec<String> = Vec::new();
    if g.with_id {
        fields.push(format!("\"refund_no\":\"R{}\"", g.id));
    }
    let status = ["1", "2", "3", "4", "5", "10", "40", "80"][g.code];
    let (yuan, at) = (&g.yuan, &g.at);
    fields.extend([
        format!("\"tid\":{}", num(g.id, n)),
        format!("\"type\":{}", num(g.code % 5, n)),
        format!("\"status\":{}", num(status, n)),
        format!("\"refund_amount\":{yuan}"),
        format!("\"actual_refund_amount\":{yuan}"),
        format!("\"modified\":{at}"),
        format!("\"created\":{at}"),
        format!("\"goods_list\":[{{\"num\":{},\"price\":{yuan},\"goods_name\":\"杯\"}}]", num("1.0000", n)),
    ]);
    format!("{{{}}}", fields.join(","))
}

fn field_rows() -> Vec<FieldRow> {
    vec![
        ("/id", "refund_no", json!("12310054tuihuo"), json!("rejected")),
        ("/orderId", "tid", json!("wjw20190726002"), Value::Null),
        ("/subOrderId", "goods_list", json!("wejweqwew222"), Value::Null),
        ("/shopId", "shop_no", json!("jszc2-test"), Value::Null),
        ("/kind", "type", json!("return_and_refund"), json!("unknown")),
        ("/status", "status", json!("return_in_transit"), json!("unknown")),
        ("/platformStatus/code", "status", json!("4"), Value::Null),
        ("/requestedAmount", "refund_amount", json!("0.00"), Value::Null),
        ("/refundedAmount", "actual_refund_amount", json!("0.00"), Value::Null),
        ("/returnShipment/company", "logistics_name", json!("顺丰快递"), Value::Null),
        ("/returnShipment/trackingNo", "logistics_no", json!("588123679"), Value::Null),
        ("/createdAt", "refund_time", json!("2019-07-29T11:36:57+08:00"), Value::Null),
        ("/updatedAt", "modified", json!("2019-07-29T11:37:54+08:00"), Value::Null),
        ("/refundedAt", "current_phase_timeout", Value::Null, Value::Null),
        ("/items/0/quantity", "goods_list", json!("1.00"), Value::Null),
    ]
}
