//! RefundSync: next_request, then accept arbitrary bodies, several rounds, with a
//! to_json/from_json round trip after each. Input: [platform byte][len u16 LE][body]...
#![no_main]
use fuzz_common::{check_error, check_page, credentials, no_secret, PLATFORMS, SECRETS};
use refund_normalizer::{RefundSync, RequestOptions};
use serde_json::json;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, mut rest)) = data.split_first() else { return };
    let platform = PLATFORMS[usize::from(first) % PLATFORMS.len()];
    // 2024-06-20 00:00:00 Beijing; the range lies within every platform's look-back.
    let options = RequestOptions::at(1_718_812_800);
    let range = match usize::from(first) / PLATFORMS.len() % 3 {
        0 => json!({ "since": "2024-06-01 00:00:00", "until": "2024-06-01 00:00:03" }),
        1 => json!({ "since": "2024-06-01 00:00:00", "until": "2024-06-15 00:00:00", "pageSize": 20 }),
        _ => json!({ "since": "2024-06-10 00:00:00", "until": "2024-06-10 00:00:00" }),
    };
    let Ok(mut sync) = RefundSync::new(platform, &range, &options) else { return };
    let creds = credentials(platform);
    for _ in 0..8 {
        let request = match sync.next_request(&creds, &options) {
            Ok(Some(request)) => request,
            Ok(None) => break,
            Err(e) => panic!("next_request failed with valid credentials: {e}"),
        };
        // The app secret and the ShopEx token are never sent.
        let shown = format!("{request:?}");
        assert!(!shown.contains(SECRETS[0]) && !shown.contains(SECRETS[1]), "{shown}");
        if rest.len() < 2 {
            break;
        }
        let len = usize::from(u16::from_le_bytes([rest[0], rest[1]])).min(rest.len() - 2);
        let body = &rest[2..2 + len];
        rest = &rest[2 + len..];
        match sync.accept(body) {
            Ok(page) => check_page(&page, false),
            Err(e) => check_error(&e),
        }
        let state = sync.to_json();
        no_secret(&state);
        let restored = RefundSync::from_json(&state).unwrap_or_else(|e| panic!("own state refused: {e}\n{state}"));
        // The dedup set is a map: compare as JSON values, not key order.
        let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(value(&restored.to_json()), value(&state));
        sync = restored;
    }
});
