//! docs/fields.md's source table, cell by cell: each platform's doc example (its first record)
//! gives the doc's value from the named wire field, and the same body without that field gives
//! what the table says a missing field gives. The table's cells are read from the document, so
//! the two cannot drift.

use refund_normalizer::{parse_response, ParseOptions};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// platform, unified field (a JSON pointer into the refund), wire field (a `/` path inside
/// the first record), the doc example's value, the value once the wire field is removed
/// (`"rejected"`: the record is rejected).
type Row = (&'static str, &'static str, &'static str, Value, Value);

fn rows() -> Vec<Row> {
    let rejected = json!("rejected");
    vec![
        // shopex: the doc's bare shape (`lists[0]`).
        ("shopex", "/id", "bn", json!("REFUND202401010001"), rejected.clone()),
        ("shopex", "/orderId", "order_bn", json!("SALES202401010001"), Value::Null),
        ("shopex", "/shopId", "shop_bn", json!("SHOP001"), Value::Null),
        ("shopex", "/shopName", "shop_name", json!("测试店铺"), Value::Null),
        ("shopex", "/status", "status", json!("succeeded"), json!("unknown")),
        ("shopex", "/platformStatus/code", "status", json!("succ"), Value::Null),
        ("shopex", "/requestedAmount", "total_amount", Value::Null, Value::Null),
        ("shopex", "/refundedAmount", "total_amount", json!("1000.00"), Value::Null),
        ("shopex", "/createdAt", "createtime", json!("2024-01-01T10:00:00+08:00"), Value::Null),
        ("shopex", "/updatedAt", "updatetime", json!("2024-01-01T10:00:00+08:00"), Value::Null),
        // wangdiantong: `trade_list[0]`.
        ("wangdiantong", "/id", "refund_no", json!("12310054tuihuo"), rejected.clone()),
        ("wangdiantong", "/orderId", "tid", json!("wjw20190726002"), Value::Null),
        ("wangdiantong", "/subOrderId", "goods_list", json!("wejweqwew222"), Value::Null),
        ("wangdiantong", "/shopId", "shop_no", json!("jszc2-test"), Value::Null),
        ("wangdiantong", "/kind", "type", json!("return_and_refund"), json!("unknown")),
        ("wangdiantong", "/status", "status", json!("return_in_transit"), json!("unknown")),
        ("wangdiantong", "/platformStatus/code", "status", json!("4"), Value::Null),
        ("wangdiantong", "/requestedAmount", "refund_amount", json!("0.00"), Value::Null),
        ("wangdiantong", "/refundedAmount", "actual_refund_amount", json!("0.00"), Value::Null),
        ("wangdiantong", "/returnShipment/company", "logistics_name", json!("顺丰快递"), Value::Null),
        ("wangdiantong", "/returnShipment/trackingNo", "logistics_no", json!("588123679"), Value::Null),
        ("wangdiantong", "/createdAt", "refund_time", json!("2019-07-29T11:36:57+08:00"), Value::Null),
        ("wangdiantong", "/updatedAt", "modified", json!("2019-07-29T11:37:54+08:00"), Value::Null),
        ("wangdiantong", "/refundedAt", "current_phase_timeout", Value::Null, Value::Null),
        ("wangdiantong", "/items/0/quantity", "goods_list", json!("1.00"), Value::Null),
        // mogujie: `result.data.refundFullDTOList[0]`.
        ("mogujie", "/id", "refundId", json!("62511111231"), rejected.clone()),
        ("mogujie", "/orderId", "shopOrderId", json!("23215476275678"), Value::Null),
        ("mogujie", "/subOrderId", "itemOrderId", json!("2322512222222222"), Value::Null),
        ("mogujie", "/kind", "refundType", json!("return_and_refund"), json!("unknown")),
        ("mogujie", "/status", "status", json!("succeeded"), json!("unknown")),
        ("mogujie", "/requestedAmount", "expense", json!("153.20"), Value::Null),
        ("mogujie", "/refundedAmount", "sellerRefundAmount", json!("163.20"), Value::Null),
        ("mogujie", "/reason", "reason", json!("其他"), Value::Null),
        ("mogujie", "/note", "refundDescription", json!("老公不喜欢"), Value::Null),
        ("mogujie", "/buyer/name", "refundShipInfo/name", json!("刘sxx"), Value::Null),
        ("mogujie", "/buyer/phone", "refundShipInfo/mobile", json!("158076121212"), Value::Null),
        ("mogujie", "/returnShipment/company", "refundShipInfo/shipExpressName", json!("中通速递"), Value::Null),
        ("mogujie", "/returnShipment/trackingNo", "refundShipInfo/shipExpressId", json!("43533131117"), Value::Null),
        ("mogujie", "/createdAt", "createdStr", json!("2016-06-09T16:41:15+08:00"), Value::Null),
        ("mogujie", "/updatedAt", "updatedStr", json!("2016-06-09T16:45:35+08:00"), Value::Null),
        ("mogujie", "/refundedAt", "timeLines", json!("2016-06-09T16:45:35+08:00"), Value::Null),
        ("mogujie", "/items/0/goodsId", "itemId", json!("25971223238"), Value::Null),
        ("mogujie", "/items/0/quantity", "number", json!("2.00"), Value::Null),
        ("mogujie", "/items/0/unitPrice", "nowPrice", json!("81.60"), json!("136.00")),
        ("mogujie", "/items/0/amount", "goodsPrice", json!("163.20"), Value::Null),
        // suning: `sn_body.batchQueryRejected[0]`.
        ("suning", "/id", "orderCode", json!("2000532010:102609934:20131021110235"), rejected.clone()),
        ("suning", "/id", "applyTime", json!("2000532010:102609934:20131021110235"), rejected.clone()),
        ("suning", "/orderId", "orderCode", json!("2000532010"), rejected.clone()),
        ("suning", "/buyer/id", "customer", json!("17817800005"), Value::Null),
        ("suning", "/status", "statusDesc", json!("unknown"), json!("unknown")),
        ("suning", "/platformStatus/code", "statusDesc", json!("卖家不同意协议, 等待买家投诉"), Value::Null),
        ("suning", "/kind", "refundtype", json!("refund_only"), json!("return_and_refund")),
        ("suning", "/requestedAmount", "dealMoney", Value::Null, Value::Null),
        ("suning", "/refundedAmount", "returnMoney", json!("188.00"), Value::Null),
        ("suning", "/items/0/amount", "dealMoney", json!("188.00"), Value::Null),
        ("suning", "/reason", "returnReason", json!("发票问题"), Value::Null),
        ("suning", "/returnShipment/companyCode", "expressCompanyCode", json!("A01"), Value::Null),
        ("suning", "/returnShipment/trackingNo", "expressNo", json!("ssssssss"), Value::Null),
        ("suning", "/createdAt", "applyTime", json!("2013-10-21T11:02:35+08:00"), rejected.clone()),
        ("suning", "/updatedAt", "statusPassTime", Value::Null, Value::Null),
        // nuoyun: `data.list[0]` (the doc's trailing commas removed, as the package does).
        ("nuoyun", "/id", "refund_no", json!("RF202501010001"), rejected.clone()),
        ("nuoyun", "/orderId", "order_id", json!("20001"), Value::Null),
        ("nuoyun", "/subOrderId", "order_goods_id", json!("30001"), Value::Null),
        ("nuoyun", "/kind", "refund_type", json!("refund_only"), json!("unknown")),
        ("nuoyun", "/status", "status", json!("succeeded"), json!("unknown")),
        ("nuoyun", "/requestedAmount", "refund_money", json!("99.00"), Value::Null),
        ("nuoyun", "/refundedAmount", "refund_money", json!("99.00"), Value::Null),
        ("nuoyun", "/reason", "reason", json!("商品质量问题"), Value::Null),
        ("nuoyun", "/note", "remark", json!("商品有破损"), Value::Null),
        ("nuoyun", "/buyer/id", "wechat_user_space_id", json!("123456789"), Value::Null),
        ("nuoyun", "/buyer/name", "buyer_name", json!("用户A"), Value::Null),
        ("nuoyun", "/buyer/phone", "phone", json!("138****8888"), Value::Null),
        ("nuoyun", "/createdAt", "create_time", json!("2022-01-01T08:00:00+08:00"), Value::Null),
        ("nuoyun", "/updatedAt", "update_at", json!("2022-01-01T10:00:00+08:00"), Value::Null),
        ("nuoyun", "/refundedAt", "refund_time", json!("2022-01-01T08:01:00+08:00"), Value::Null),
        ("nuoyun", "/items/0/goodsId", "goods_id", json!("10001"), Value::Null),
        // taobao: `refunds_receive_get_response.refunds.refund[0]` of doc §10.1 (its second
        // record for what only a returned, succeeded refund has).
        ("taobao", "/id", "refund_id", json!("233906283671234567"), rejected),
        ("taobao", "/orderId", "tid", json!("4185647193829501234"), Value::Null),
        ("taobao", "/subOrderId", "oid", json!("4185647193830501234"), Value::Null),
        ("taobao", "/shopName", "seller_nick", json!("示例旗舰店"), Value::Null),
        ("taobao", "/kind", "has_good_return", json!("refund_only"), json!("unknown")),
        ("taobao", "/status", "status", json!("pending"), json!("unknown")),
        ("taobao", "/platformStatus/code", "status", json!("WAIT_SELLER_AGREE"), Value::Null),
        ("taobao", "/requestedAmount", "refund_fee", json!("129.00"), Value::Null),
        ("taobao", "/refundedAmount", "refund_fee", json!("129.00"), Value::Null),
        ("taobao", "/reason", "reason", json!("不想要了"), Value::Null),
        ("taobao", "/note", "desc", json!("拍错颜色了，麻烦退款"), Value::Null),
        ("taobao", "/buyer/name", "buyer_nick", json!("t**1"), Value::Null),
        ("taobao", "/createdAt", "created", json!("2024-03-01T09:12:45+08:00"), Value::Null),
        ("taobao", "/updatedAt", "modified", json!("2024-03-01T09:12:45+08:00"), Value::Null),
        ("taobao", "/items/0/name", "title", json!("天堂伞 三折晴雨伞 黑胶防晒"), Value::Null),
        ("taobao", "/items/0/quantity", "num", json!("1.00"), Value::Null),
        ("taobao", "/items/0/amount", "total_fee", json!("129.00"), Value::Null),
    ]
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The doc example as a JSON value (诺云's trailing commas dropped) and the pointer to its
/// first record.
fn doc_example(platform: &str) -> (Value, &'static str) {
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(platform).join("doc_response.json")).unwrap();
    let strict: String = {
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            if c == ',' && text[i + 1..].trim_start().starts_with(['}', ']']) {
                continue;
            }
            out.push(c);
        }
        out
    };
    let first = match platform {
        "shopex" => "/lists/0",
        "wangdiantong" => "/trade_list/0",
        "mogujie" => "/result/data/refundFullDTOList/0",
        "suning" => "/sn_responseContent/sn_body/batchQueryRejected/0",
        "taobao" => "/refunds_receive_get_response/refunds/refund/0",
        _ => "/data/list/0",
    };
    (serde_json::from_str(&strict).unwrap(), first)
}

/// The first refund of a body as JSON, or `"rejected"` when its first record was.
fn first_refund(platform: &str, body: &Value) -> Value {
    let text = body.to_string();
    let page = parse_response(platform, text.as_bytes(), &ParseOptions::default()).unwrap();
    if page.rejected.first().is_some_and(|r| r.index == 0) {
        return json!("rejected");
    }
    serde_json::to_value(&page.refunds[0]).unwrap()
}

#[test]
fn every_cell_reads_its_wire_field() {
    for (platform, unified, wire, doc_value, when_missing) in rows() {
        let (body, first) = doc_example(platform);
        let refund = first_refund(platform, &body);
        assert_eq!(refund.pointer(unified), Some(&doc_value), "{platform} {unified} from the doc's {wire}");

        let mut without = body.clone();
        let (parent, key) = match wire.rsplit_once('/') {
            Some((inner, key)) => (format!("{first}/{inner}"), key),
            None => (first.to_string(), wire),
        };
        let removed = without.pointer_mut(&parent).and_then(Value::as_object_mut).and_then(|record| record.remove(key));
        assert!(removed.is_some(), "{platform}: the doc example has no {wire}");
        let refund = first_refund(platform, &without);
        let got = if refund == json!("rejected") { refund } else { refund.pointer(unified).cloned().unwrap_or(Value::Null) };
        assert_eq!(got, when_missing, "{platform} {unified} without {wire}");
    }
}

/// docs/fields.md's source table names, in the cell of each row above, its wire field; a
/// cell that says "none" is a field that stays null.
#[test]
fn the_table_names_each_wire_field() {
    let doc = std::fs::read_to_string(root().join("docs/fields.md")).unwrap();
    let mut lines = doc.lines().skip_while(|l| !l.starts_with("| unified field |"));
    let header: Vec<&str> = lines.next().unwrap().split('|').map(str::trim).collect();
    let mut cells: HashMap<(String, String), String> = HashMap::new();
    for line in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let row: Vec<&str> = line.split('|').map(str::trim).collect();
        for (platform, cell) in header.iter().zip(&row).skip(2) {
            cells.insert((row[1].trim_matches('`').to_string(), platform.to_string()), cell.to_string());
        }
    }
    for (platform, unified, wire, doc_value, _) in rows() {
        let field = unified.trim_start_matches('/').split('/').find(|s| !s.is_empty()).unwrap();
        let field = if field == "platformStatus" { unified.trim_start_matches('/').replace('/', ".") } else { field.to_string() };
        let cell = cells.get(&(field.clone(), platform.to_string())).unwrap_or_else(|| panic!("no cell for {field} on {platform}"));
        if cell.starts_with("none") {
            // A field the platform does not state: null even where the doc example has values.
            assert_eq!(doc_value, Value::Null, "docs/fields.md, {field} on {platform}: {cell:?}");
            continue;
        }
        let name = wire.rsplit('/').next().unwrap();
        assert!(cell.contains(name), "docs/fields.md, {field} on {platform}: {cell:?} does not name {name}");
    }
    // Every platform of the registry has its column.
    for info in refund_normalizer::platforms() {
        assert!(header.contains(&info.id.as_str()), "docs/fields.md has no {} column", info.id.as_str());
    }
}
