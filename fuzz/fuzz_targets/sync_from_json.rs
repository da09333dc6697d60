//! RefundSync::from_json on any text; a state it accepts must then work: round-trip,
//! next_request and accept of an empty page, with no panic.
#![no_main]
use fuzz_common::{check_error, check_page, credentials};
use refund_normalizer::{RefundSync, RequestOptions};

const EMPTY_PAGES: [&str; 5] = [
    include_str!("../../tests/fixtures/shopex/server_empty.json"),
    include_str!("../../tests/fixtures/suning/no_result.json"),
    include_str!("../../tests/fixtures/mogujie/empty.json"),
    include_str!("../../tests/fixtures/nuoyun/success_data_empty_array.json"),
    r#"{"code":0,"message":"","total_count":"0","trade_list":[]}"#,
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sync = match RefundSync::from_json(text) {
        Ok(sync) => sync,
        Err(e) => return check_error(&e),
    };
    let state = sync.to_json();
    let again = RefundSync::from_json(&state).unwrap_or_else(|e| panic!("own state refused: {e}\n{state}"));
    let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert_eq!(value(&again.to_json()), value(&state));
    let _ = format!("{sync:?} {:?} {}", sync.progress(), sync.is_done());
    let platform = sync.platform().as_str();
    let options = RequestOptions::at(1_718_812_800);
    for body in EMPTY_PAGES {
        match sync.next_request(&credentials(platform), &options) {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => check_error(&e),
        }
        match sync.accept(body.as_bytes()) {
            Ok(page) => check_page(&page, false),
            Err(e) => check_error(&e),
        }
        let state = sync.to_json();
        RefundSync::from_json(&state).unwrap_or_else(|e| panic!("own state refused: {e}\n{state}"));
    }
});
