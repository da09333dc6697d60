//! The one-pass fast path of `parse_response` (docs/performance.md) must give exactly what
//! the raw way gives. `includeRaw` always takes the raw way, so every fixture is parsed both
//! ways and compared, `raw` aside: the same page, or the same error.

use refund_normalizer::{parse_response, ParseOptions};
use std::fs;

fn options(include_raw: bool) -> ParseOptions {
    ParseOptions { include_raw, ..ParseOptions::default() }
}

#[test]
fn every_fixture_reads_the_same_both_ways() {
    let mut compared = 0;
    for platform in ["shopex", "wangdiantong", "mogujie", "suning", "nuoyun"] {
        let dir = format!("{}/tests/fixtures/{platform}", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let body = fs::read(&file).unwrap();
            let fast = parse_response(platform, &body, &options(false));
            let raw_way = parse_response(platform, &body, &options(true));
            match (fast, raw_way) {
                (Ok(fast), Ok(mut raw_way)) => {
                    for refund in &mut raw_way.refunds {
                        refund.raw = None;
                    }
                    assert_eq!(fast, raw_way, "{}", file.display());
                }
                (Err(fast), Err(raw_way)) => assert_eq!(fast, raw_way, "{}", file.display()),
                (fast, raw_way) => panic!("{}: {fast:?} vs {raw_way:?}", file.display()),
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} fixtures");
}

/// Records that are not objects, nested lists that are not arrays, and repeated fields make
/// the fast path give up; the raw way then rejects exactly those records.
#[test]
fn odd_records_fall_back_to_the_raw_way() {
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
        let fast = parse_response(platform, body.as_bytes(), &options(false));
        let raw_way = parse_response(platform, body.as_bytes(), &options(true)).map(|mut p| {
            for refund in &mut p.refunds {
                refund.raw = None;
            }
            p
        });
        assert_eq!(fast, raw_way, "{platform}: {body}");
    }
}
