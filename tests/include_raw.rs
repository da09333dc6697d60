//! `includeRaw` only adds each record's own text: every fixture, every one-byte edit of a page
//! and odd bodies read the same with it and without it (`raw` aside), the same page or the
//! same error. Both ways, the wasm path's flat bytes (`parse_response_flat`, the records
//! written while the page is converted) must be `flat::encode` of the page.

use refund_normalizer::bindings::{flat, parse_response_flat};
use refund_normalizer::{parse_response, ParseOptions, PlatformId};
use std::fs;

fn options(include_raw: bool) -> ParseOptions {
    ParseOptions { include_raw, ..ParseOptions::default() }
}

/// `parse_response_flat` is `flat::encode` of `parse_response`'s page, or the same error,
/// both ways.
fn assert_flat_is_encoded(platform: &str, body: &[u8]) {
    for include_raw in [false, true] {
        let options = options(include_raw);
        match (parse_response(platform, body, &options), parse_response_flat(platform, body, &options)) {
            (Ok(page), Ok(bytes)) => assert!(bytes.as_bytes() == flat::encode(&page), "{platform}: {}", String::from_utf8_lossy(body)),
            (Err(page), Err(bytes)) => assert_eq!(page, bytes, "{platform}: {}", String::from_utf8_lossy(body)),
            (page, bytes) => panic!("{platform}: {} vs {}: {}", page.is_ok(), bytes.is_ok(), String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn every_fixture_reads_the_same_both_ways() {
    let mut compared = 0;
    for platform in PlatformId::IDS {
        let dir = format!("{}/tests/fixtures/{platform}", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let body = fs::read(&file).unwrap();
            assert_flat_is_encoded(platform, &body);
            let without_raw = parse_response(platform, &body, &options(false));
            let with_raw = parse_response(platform, &body, &options(true));
            match (without_raw, with_raw) {
                (Ok(without_raw), Ok(mut with_raw)) => {
                    for refund in &mut with_raw.refunds {
                        refund.raw = None;
                    }
                    assert_eq!(without_raw, with_raw, "{}", file.display());
                }
                (Err(without_raw), Err(with_raw)) => assert_eq!(without_raw, with_raw, "{}", file.display()),
                (without_raw, with_raw) => panic!("{}: {without_raw:?} vs {with_raw:?}", file.display()),
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} fixtures");
}

/// Records that are not objects, nested lists that are not arrays, and repeated fields reject
/// exactly those records, with or without `includeRaw`.
#[test]
fn odd_records_are_rejected_alike_both_ways() {
    let cases: [(&str, &str); 8] = [
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A"},["B"],5,null,{"refund_no":"C","goods_list":"x"}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","refund_no":"B"}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"num":"1"},[1]]}]}"#),
        ("nuoyun", r#"{"code":200,"data":{"total":2,"list":[{"refund_no":"A"},["B"]]}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1},[2]]}}}"#),
        ("suning", r#"{"sn_responseContent":{"sn_body":{"batchQueryRejected":[{"orderCode":"1"},"x"]}}}"#),
        ("shopex", r#"{"response":{"count":"2","lists":{"12":{"refund_bn":"R1"},"15":["R2"]}}}"#),
        ("shopex", r#"{"response":{"count":"1","lists":[{"refund_bn":"R1","status":"succ","status":"x"}]}}"#),
    ];
    for (platform, body) in cases {
        assert_flat_is_encoded(platform, body.as_bytes());
        let without_raw = parse_response(platform, body.as_bytes(), &options(false));
        let with_raw = parse_response(platform, body.as_bytes(), &options(true)).map(|mut p| {
            for refund in &mut p.refunds {
                refund.raw = None;
            }
            p
        });
        assert_eq!(without_raw, with_raw, "{platform}: {body}");
    }
}

/// Every one-byte deletion, change and insertion of a small page of each platform (broken
/// JSON, repeated fields, odd numbers, escapes, nesting) reads the same with and without
/// `includeRaw`.
#[test]
fn every_one_byte_edit_reads_the_same_both_ways() {
    let pages = [
        ("suning", r#"{"sn_responseContent":{"sn_head":{"pageNo":"1","totalSize":2},"sn_body":{"batchQueryRejected":[{"orderCode":"1","productCode":2,"applyTime":"2024-06-15 15:05:02","dealMoney":"1.50","returnMoney":-0.5e1,"statusDesc":"8","x":[{"y":null},true,false],"returnReason":"a\"\\b\u4e2d"},{"orderCode":"3","productCode":"4","applyTime":"2024-06-15 15:05:03","refundtype":"1","expressNo":"中文"}]},"sn_error":null}}"#),
        ("wangdiantong", r#"{"code":0,"message":"","total_count":"3","trade_list":[{"platform_id":"127","shop_no":"s1","refund_no":"TK1","tid":1,"type":"2","status":"0","process_status":"30","refund_amount":"12.5000","actual_refund_amount":-0.5e1,"x":[{"y":null},true,false],"reason":"a\"\\b\u4e2d","refund_time":"2024-06-15 15:05:02","current_phase_timeout":"0000-00-00 00:00:00","goods_list":[{"oid":"O1","num":"2.0000","price":"6.2500","total_amount":"12.5000","goods_name":"中文"},{"oid":"O1","num":1}]},{"refund_no":"TK2","status":"5","goods_list":null,"modified":"2024-06-15 15:05:03"},{"refund_no":"TK3","goods_list":[]}]}"#),
        ("shopex", r#"{"response":{"lists":{"12":{"refund_id":"12","refund_bn":"R12","currency":"CNY","money":"10.000","t_ready":"1704074400","t_sent":0,"status":"succ","memo":"a\"\\b\u4e2d","x":[{"y":null},true,false],"status_name":"支付成功","items":[{"bn":"S1","nums":"1","refund_price":"10.00"},{"bn":"S2","nums":2.5e0}]},"15":{"refund_bn":"R15","money":-1.5,"status":"ready","items":""},"16":{"bn":"B16","refund_bn":"R16","items":{"7":{"name":"中文","nums":1}}}},"count":"3"}}"#),
        ("shopex", r#"{"response":{"count":2,"lists":[{"refund_bn":"R1","createtime":"2024-06-15 15:05:02","total_amount":"1.5","items":null},{"refund_id":"2","status":"progress"}],"total_amount":"3"},"rsp":null,"error_response":null}"#),
        ("mogujie", r#"{"result":{"data":{"hasNext":false,"refundFullDTOList":[{"createdStr":"2024-06-15 15:05:02","expense":15320,"goodsPrice":"16320","itemId":9627803406129134145,"nowPrice":8160,"number":2,"refundId":9411738631386255558,"refundShipInfo":{"mobile":"158","name":"刘","shipTime":0,"shipExpressName":"a\"\\b\u4e2d","shipExpressId":4353},"refundType":"return_goods","status":"refund_completed","sellerRefundAmount":163.2,"timeLines":[{"actionType":"REFUND_MONEY_DETAIL","createdStr":"2016-06-09 16:45:35","showContent":["x",{"y":null}]},{"actionType":"X"}],"updatedStr":"2024-06-15 17:05:02"},{"refundId":"R2","expense":"-5","refundShipInfo":"","timeLines":null,"x":[true,false]}]}},"status":{"code":"0000000","msg":"ok"}}"#),
        ("nuoyun", r#"{"code":200,"msg":"ok","data":{"total":2,"list":[{"id":1,"refund_no":"R1","refund_money":12.300,"order_id":9245960206770481752,"create_time":1718435102,"status":2,"refund_time":1718435102,"x":{"a":[]},"remark":"a\"\\b\u4e2d","update_at":"2024-06-15 15:15:02"},{"refund_no":"R2","status":"1","buyer_name":"中文","refund_time":0}]}}"#),
    ];
    let edits: &[u8] = b"\"\\,:{}[] 0-1.eEnu\x01x";
    let mut compared = 0;
    for (platform, page) in pages {
        let page = page.as_bytes();
        let mut bodies = Vec::new();
        for at in 0..=page.len() {
            for &b in edits {
                let mut inserted = page.to_vec();
                inserted.insert(at, b);
                bodies.push(inserted);
                if at < page.len() {
                    let mut changed = page.to_vec();
                    changed[at] = b;
                    bodies.push(changed);
                }
            }
            if at < page.len() {
                let mut deleted = page.to_vec();
                deleted.remove(at);
                bodies.push(deleted);
            }
        }
        for body in bodies {
            assert_flat_is_encoded(platform, &body);
            let without_raw = parse_response(platform, &body, &options(false));
            let with_raw = parse_response(platform, &body, &options(true)).map(|mut p| {
                for refund in &mut p.refunds {
                    refund.raw = None;
                }
                p
            });
            assert_eq!(without_raw, with_raw, "{platform}: {}", String::from_utf8_lossy(&body));
            compared += 1;
        }
    }
    assert!(compared > 10_000, "only {compared} bodies");
}

/// 旺店通, ShopEx and 蘑菇街: repeated keys, null and non-object elements, lists that are
/// objects, in the records and their nested lists, read alike both ways.
#[test]
fn odd_bodies_read_alike_both_ways() {
    let cases = [
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"num":"1","num":"2"}]}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"oid":"1"},null]}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":{}}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_n\u006f":"A"}]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"n\u0075m":"x"}]}]}"#),
        ("wangdiantong", r#"{"code":0,"code":0,"trade_list":[]}"#),
        ("wangdiantong", r#"{"code":0,"total_count":"5","trade_list":null}"#),
        ("wangdiantong", r#"{"code":0,"total_count":"0"}"#),
        ("wangdiantong", r#"{"code":"0","total_count":5}"#),
        ("wangdiantong", r#"{"code":1060,"message":" 欠费 ","trade_list":[1,2]}"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A"},{"refund_no":"A"}]} "#),
        ("wangdiantong", " \r\n{\"code\":0,\"trade_list\":[{\"refund_no\":\"A\",\"goods_list\":null}]}\t"),
        ("wangdiantong", r#"{"code":0,"trade_list":[]} x"#),
        ("wangdiantong", r#"["0",null,null,[]]"#),
        ("wangdiantong", r#"{"code":0,"trade_list":[{"refund_no":"A","goods_list":[{"price":"1.00001"}]}]}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundId":2}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"orderStatus":"A","orderStatus":"B"}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refund\u0049d":1}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":{"n\u0061me":"x"}}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":{"name":"x","name":"y"}}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":["EMS","1"]}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"refundShipInfo":5},{"refundId":2,"refundShipInfo":""},{"refundId":3,"refundShipInfo":{}}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[["REFUND_MONEY_DETAIL","2016-06-09 16:45:35"]]}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[{"actionType":"REFUND_MONEY_DETAIL","createdStr":"x"},null]}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":{"a":1}},{"refundId":2,"status":"refund_completed","timeLines":"x"},{"refundId":3,"timeLines":5}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1,"status":"refund_completed","timeLines":[{"actionType":"REFUND_MONEY_DETAIL","actionType":"X","createdStr":"2016-06-09 16:45:35"}]}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":"1","refundFullDTOList":[{"refundId":9007199254740993,"shopOrderId":18446744073709551617,"itemOrderId":1e3,"expense":"15320","goodsPrice":16320.0,"nowPrice":"8160","price":-1,"sellerRefundAmount":"15320"}]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":false,"refundFullDTOList":[{"refundId":1},["R2"],5,null,"x"]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":[]}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":{}}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":{"refundId":1}}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true,"refundFullDTOList":null}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"hasNext":true}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":null}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":[]}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":[]}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[]},"data":{}}}"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"status":{"code":"1"},"result":{"data":{"refundFullDTOList":[]}}}"#),
        ("mogujie", r#"{"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#),
        ("mogujie", r#"{"status":null,"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#),
        ("mogujie", r#"{"status":["0000000","ok"],"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#),
        ("mogujie", r#"{"status":{"code":11,"msg":"x"},"result":{"data":{"refundFullDTOList":[{"refundId":1}]}}}"#),
        ("mogujie", r#"{"status":{"code":0},"result":{"data":{"refundFullDTOList":[{"refundId":1},{"refundId":1}]}}} "#),
        ("mogujie", " \r\n{\"status\":{\"code\":\"0000000\"},\"result\":{\"data\":{\"refundFullDTOList\":[{\"refundId\":1}]}}}\t"),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[]}}} x"#),
        ("mogujie", r#"{ }"#),
        ("mogujie", r#"{"status":{"code":"0000000"},"result":{"data":{"refundFullDTOList":[{"refundId":"\ud800"}]}}}"#),
        ("shopex", r#"{"response":{"lists":[],"count":0}}"#),
        ("shopex", r#"{"response":{"lists":{},"count":"0"}}"#),
        ("shopex", r#"{"response":{"lists":null,"count":"2"}}"#),
        ("shopex", r#"{"response":[]}"#),
        ("shopex", r#"{"response":null,"count":1,"lists":[{"bn":"R1"}]}"#),
        ("shopex", r#"{"count":1,"lists":[{"bn":"R1"}]}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"}},"count":"1"},"error_response":{"code":"e000002","msg":"x"}}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"rsp":"succ"}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"data":{},"code":5}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"}}},"response":null}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"}},"lists":[]}}"#),
        ("shopex", r#"{"response":{"lists":{"1":{"refund_bn":"R1"},"1":{"refund_bn":"R1","money":"x"}},"count":"2"}}"#),
        ("shopex", r#"{"response":{"lists":{"1\u0031":{"refund_bn":"R1","money":"x"}}}}"#),
        ("shopex", r#"{"response":{"lists":[["R1"],{"refund_bn":"R2"}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","status":"succ","status":"x"}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":"5"}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":5}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":[1]}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":[["S1","n",1]]}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":[{"bn":"X","bn":"Y"}]}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":{"a":null}}]}}"#),
        ("shopex", r#"{"response":{"lists":[{"refund_bn":"R1","items":[{"bn":"a","nums":"1.0001"}]}]}}"#),
        ("shopex", r#"{"response":{"lists":{"9":{"refund_bn":"R1","items":{"k\"":{"nums":"x"}}}}}}"#),
        ("shopex", r#"{"response":{"lists":{"9":{"refund_bn":"R1","items":{"中/b":{"nums":"x"}}}}}}"#),
        ("shopex", r#"{"response":{"lists":{"9":{"refund_id":"9","money":"1"}}}}"#),
        ("shopex", " {\"response\":{\"lists\":{\"9\":{\"refund_bn\":\"R9\",\"items\":[]}}}}\n"),
    ];
    for (platform, body) in cases {
        assert_same_both_ways(platform, body.as_bytes());
    }
}

/// Without `includeRaw`, the page with it (`raw` aside), or the same error.
fn assert_same_both_ways(platform: &str, body: &[u8]) {
    assert_flat_is_encoded(platform, body);
    let without_raw = parse_response(platform, body, &options(false));
    let with_raw = parse_response(platform, body, &options(true)).map(|mut p| {
        for refund in &mut p.refunds {
            refund.raw = None;
        }
        p
    });
    assert_eq!(without_raw, with_raw, "{platform}: {}", String::from_utf8_lossy(body));
}

/// Generated pages of every size around the writer's batches (`flat::BATCH`), its chunks and
/// `flat::WHOLE_ABOVE`, with rejected records, repeated ids (page warnings) and non-ASCII
/// values: `parse_response_flat` writes `flat::encode`'s bytes.
#[test]
fn big_pages_are_written_as_encoded() {
    let wangdiantong = |n: usize| {
        let records: Vec<String> = (0..n)
            .map(|i| {
                // every 7th rejected (a bad amount), every 11th id repeated, every 3rd reason wide;
                // the reasons differ (each its number), so the page still grows past
                // WHOLE_ABOVE though reasons are kept values, and more than the 4096 kept are
                let amount = if i % 7 == 3 { "x".to_string() } else { format!("{i}.50") };
                let id = if i % 11 == 5 { "TK0".to_string() } else { format!("TK{i}") };
                let reason = if i % 3 == 0 { format!("{}{i}", "退货".repeat(i % 40)) } else { format!("{}{i}", "reason ".repeat(i % 60)) };
                format!(r#"{{"refund_no":"{id}","tid":"T{i}","status":"{}","refund_amount":"{amount}","reason":"{reason}","modified":"2024-06-15 15:05:02","goods_list":[{{"oid":"O{i}","num":"1","goods_name":"商品{i}"}}]}}"#, i % 4 * 10)
            })
            .collect();
        format!(r#"{{"code":0,"total_count":"{n}","trade_list":[{}]}}"#, records.join(","))
    };
    let nuoyun = |n: usize| {
        let records: Vec<String> = (0..n).map(|i| format!(r#"{{"refund_no":"R{}","refund_money":"{}","remark":"备注{i}","status":{}}}"#, if i % 13 == 6 { 0 } else { i }, if i % 9 == 4 { "1.5x" } else { "1.5" }, i % 5)).collect();
        format!(r#"{{"code":200,"data":{{"total":{n},"list":[{}]}}}}"#, records.join(","))
    };
    let mut whole = false;
    for n in [0, 1, flat::BATCH - 1, flat::BATCH, flat::BATCH + 1, 2 * flat::BATCH + 5, 1000, 4000, 6000] {
        for (platform, body) in [("wangdiantong", wangdiantong(n)), ("nuoyun", nuoyun(n))] {
            let page = parse_response(platform, body.as_bytes(), &options(false)).unwrap();
            assert!(n < 100 || (!page.rejected.is_empty() && !page.warnings.is_empty()), "{platform} {n}");
            whole |= flat::split(&flat::encode(&page)).unwrap().0.len() > flat::WHOLE_ABOVE;
            assert_flat_is_encoded(platform, body.as_bytes());
        }
    }
    assert!(whole);
}

/// An XML page longer than the page writer's batch, with invalid records among the first
/// ones: every refund's `raw` is its own record's XML, in the flat bytes too (苏宁 and 淘宝/天猫
/// read XML through its JSON form, and set `raw` while each record converts).
#[test]
fn xml_raw_past_the_writers_batch_is_each_records_own() {
    let suning: String = (0..300)
        .map(|i| {
            let money = if i % 7 == 3 { "x" } else { "1.00" };
            format!("<batchQueryRejected><orderCode>{i}</orderCode><productCode>P</productCode><applyTime>2024-06-01 10:00:00</applyTime><returnMoney>{money}</returnMoney></batchQueryRejected>")
        })
        .collect();
    let suning = format!("<sn_responseContent><sn_head><returnMessage>biz.handler.data-get:success</returnMessage></sn_head><sn_body>{suning}</sn_body></sn_responseContent>");
    let taobao: String = (0..300)
        .map(|i| {
            let fee = if i % 7 == 3 { "x" } else { "1.00" };
            format!("<refund><refund_id>{i}</refund_id><refund_fee>{fee}</refund_fee></refund>")
        })
        .collect();
    let taobao = format!("<refunds_receive_get_response><refunds>{taobao}</refunds></refunds_receive_get_response>");
    for (platform, body, id_tag) in [("suning", suning, "orderCode"), ("taobao", taobao, "refund_id")] {
        let page = parse_response(platform, body.as_bytes(), &options(true)).unwrap();
        assert_eq!(page.refunds.len() + page.rejected.len(), 300, "{platform}");
        assert!(page.rejected.len() > 40, "{platform}");
        for refund in &page.refunds {
            let raw = refund.raw.as_deref().unwrap_or_else(|| panic!("{platform}: {} has no raw", refund.id));
            let own = refund.id.split(':').next().unwrap();
            assert!(raw.contains(&format!("<{id_tag}>{own}</{id_tag}>")), "{platform}: {} has {raw}", refund.id);
        }
        assert_flat_is_encoded(platform, body.as_bytes());
    }
}
