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
    odd_bodies: ODD_BODIES,
    edited_pages: EDITED_PAGES,
    big_page: Some(big_page),
    xml_page: None,
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

/// Bodies of odd shapes that read alike with and without `includeRaw` (include_raw.rs).
const ODD_BODIES: &[&str] = &[
    r#"{"code":0,"trade_list":[{"refund_no":"A"},["B"],5,null,{"refund_no":"C","goods_list":"x"}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","refund_no":"B"}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"num":"1"},[1]]}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"num":"1","num":"2"}]}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"oid":"1"},null]}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":{}}]}"#,
    r#"{"code":0,"trade_list":[{"refund_n\u006f":"A"}]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"n\u0075m":"x"}]}]}"#,
    r#"{"code":0,"code":0,"trade_list":[]}"#,
    r#"{"code":0,"total_count":"5","trade_list":null}"#,
    r#"{"code":0,"total_count":"0"}"#,
    r#"{"code":"0","total_count":5}"#,
    r#"{"code":1060,"message":" 欠费 ","trade_list":[1,2]}"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A"},{"refund_no":"A"}]} "#,
    " \r\n{\"code\":0,\"trade_list\":[{\"refund_no\":\"A\",\"goods_list\":null}]}\t",
    r#"{"code":0,"trade_list":[]} x"#,
    r#"["0",null,null,[]]"#,
    r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"price":"1.00001"}]}]}"#,
];

/// Pages every one-byte edit of which reads alike with and without `includeRaw` (include_raw.rs).
const EDITED_PAGES: &[&str] = &[
    r#"{"code":0,"message":"","total_count":"3","trade_list":[{"platform_id":"127","shop_no":"s1","refund_no":"TK1","tid":1,"type":"2","status":"0","process_status":"30","refund_amount":"12.5000","actual_refund_amount":-0.5e1,"x":[{"y":null},true,false],"reason":"a\"\\b\u4e2d","refund_time":"2024-06-15 15:05:02","current_phase_timeout":"0000-00-00 00:00:00","goods_list":[{"oid":"O1","num":"2.0000","price":"6.2500","total_amount":"12.5000","goods_name":"中文"},{"oid":"O1","num":1}]},{"refund_no":"TK2","status":"5","goods_list":null,"modified":"2024-06-15 15:05:03"},{"refund_no":"TK3","goods_list":[]}]}"#,
];

/// A page of `n` records: every 7th rejected (a bad amount), every 11th id repeated, every 3rd
/// reason wide; the reasons differ (each its number), so the page grows past the writer's
/// whole-page size though reasons are kept values, and more than the 4096 kept are.
fn big_page(n: usize) -> String {
    let records: Vec<String> = (0..n)
        .map(|i| {
            let amount = if i % 7 == 3 { "x".to_string() } else { format!("{i}.50") };
            let id = if i % 11 == 5 { "TK0".to_string() } else { format!("TK{i}") };
            let reason = if i % 3 == 0 { format!("{}{i}", "退货".repeat(i % 40)) } else { format!("{}{i}", "reason ".repeat(i % 60)) };
            format!(r#"{{"refund_no":"{id}","tid":"T{i}","status":"{}","refund_amount":"{amount}","reason":"{reason}","modified":"2024-06-15 15:05:02","goods_list":[{{"oid":"O{i}","num":"1","goods_name":"商品{i}"}}]}}"#, i % 4 * 10)
        })
        .collect();
    format!(r#"{{"code":0,"total_count":"{n}","trade_list":[{}]}}"#, records.join(","))
}
