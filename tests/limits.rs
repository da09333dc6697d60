//! `maxBodyBytes` and `maxRecords`: a body or page over them is refused with `too_large`,
//! in both languages, before it is read; `RefundSync` keeps them for every `accept`.

use refund_normalizer::{parse_response, ErrorCode, ParseOptions, PlatformId, RefundSync, RequestOptions};
use serde_json::json;

mod common;
use common::empty_records;

fn options(limits: serde_json::Value) -> ParseOptions {
    ParseOptions::from_json(&limits).unwrap()
}

#[test]
fn a_body_or_page_over_its_bound_is_too_large_and_one_within_is_read() {
    for platform in PlatformId::IDS {
        let body = empty_records(platform, 10);
        let e = parse_response(platform, body.as_bytes(), &options(json!({ "maxBodyBytes": body.len() - 1 }))).unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::TooLarge, false), "{platform}");
        assert!(e.message.contains(&format!("{} bytes, over maxBodyBytes {}", body.len(), body.len() - 1)), "{}", e.message);
        assert!(e.message_zh.contains("超过 maxBodyBytes"), "{}", e.message_zh);

        let e = parse_response(platform, body.as_bytes(), &options(json!({ "maxRecords": 9 }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge, "{platform}");
        assert!(e.message.contains("10 records, over maxRecords 9") && e.message_zh.contains("超过 maxRecords 9"), "{}", e.message);

        let page = parse_response(platform, body.as_bytes(), &options(json!({ "maxBodyBytes": body.len(), "maxRecords": 10 }))).unwrap();
        assert_eq!(page.rejected.len(), 10, "{platform}");
        // The flat way (the package's) refuses the same.
        assert!(refund_normalizer::bindings::parse_response_flat(platform, body.as_bytes(), &options(json!({ "maxRecords": 9 }))).is_err());
    }
}

#[test]
fn bounds_must_be_whole_numbers_of_at_least_one() {
    for bad in [json!(0), json!(-1), json!(1.5), json!("x"), json!(true)] {
        for name in ["maxBodyBytes", "maxRecords"] {
            let e = ParseOptions::from_json(&json!({ name: bad.clone() })).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOptions, "{name} {bad}");
            assert_eq!(e.path.as_deref(), Some(format!("options.{name}").as_str()));
        }
    }
}

#[test]
fn a_sync_keeps_its_bounds_across_to_json_and_applies_them_to_every_accept() {
    let now = 1_790_000_000;
    let range = json!({ "since": "2026-09-01 00:00:00", "until": "2026-09-02 00:00:00" });
    let mut options = RequestOptions::at(now);
    options.extra.insert("maxRecords".into(), json!(5));
    options.extra.insert("maxBodyBytes".into(), json!(4096));
    let sync = RefundSync::new("wangdiantong", &range, &options).unwrap();
    let mut sync = RefundSync::from_json(&sync.to_json()).unwrap();
    let creds = json!({ "sid": "s", "appKey": "k", "appSecret": "x" });
    sync.next_request(&creds, &RequestOptions::at(now)).unwrap().unwrap();
    let before = sync.to_json();
    let e = sync.accept(empty_records("wangdiantong", 6).as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLarge);
    let e = sync.accept(empty_records("wangdiantong", 2000).as_bytes()).unwrap_err();
    assert!(e.message.contains("over maxBodyBytes 4096"), "{}", e.message);
    assert_eq!(sync.to_json(), before, "a refused body leaves the cursor where it was");
    assert_eq!(sync.accept(empty_records("wangdiantong", 5).as_bytes()).unwrap().rejected.len(), 5);
    // A state with a bound of 0 does not hold together.
    let zero = before.replace("\"maxRecords\":5", "\"maxRecords\":0");
    assert_ne!(zero, before);
    assert_eq!(RefundSync::from_json(&zero).unwrap_err().path.as_deref(), Some("maxRecords"));
}
