//! validate_query, build_request, plan_windows, sign_params and the option readers with
//! arbitrary JSON queries, credentials and options. Secrets put into the credentials'
//! secret fields must never come out (except an access token where the platform sends it).
#![no_main]
use arbitrary::Unstructured;
use fuzz_common::{arbitrary_object, arbitrary_value, check_error, no_secret, PLATFORMS, SECRETS};
use refund_normalizer::{ParseOptions, RefundSync, RequestOptions};
use serde_json::Value;

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let platform = *u.choose(&PLATFORMS)?;
    let query = if u.ratio(3, 4)? { Value::Object(arbitrary_object(u, 2)?) } else { arbitrary_value(u, 2)? };
    let mut creds = if u.ratio(3, 4)? { Value::Object(arbitrary_object(u, 2)?) } else { arbitrary_value(u, 1)? };
    if let Value::Object(map) = &mut creds {
        if u.ratio(1, 2)? {
            map.insert("appSecret".into(), SECRETS[0].into());
            map.insert("token".into(), SECRETS[1].into());
        }
    }
    let options_value = if u.ratio(1, 2)? { Value::Null } else { Value::Object(arbitrary_object(u, 1)?) };
    let params = if u.ratio(3, 4)? { Value::Object(arbitrary_object(u, 0)?) } else { arbitrary_value(u, 1)? };

    let options = match RequestOptions::from_json(&options_value, 1_718_812_800) {
        Ok(o) => o,
        Err(e) => {
            check_error(&e);
            RequestOptions::at(1_718_812_800)
        }
    };
    if let Err(e) = ParseOptions::from_json(&options_value) {
        check_error(&e);
    }
    match refund_normalizer::validate_query(platform, &query, &options) {
        Ok(v) => {
            assert_eq!(v.ok, v.issues.is_empty());
            no_secret(&serde_json::to_string(&v).unwrap());
        }
        Err(e) => check_error(&e),
    }
    match refund_normalizer::build_request(platform, &creds, &query, &options) {
        Ok(request) => {
            let shown = format!("{request:?}");
            assert!(!shown.contains(SECRETS[0]) && !shown.contains(SECRETS[1]), "{shown}");
        }
        Err(e) => check_error(&e),
    }
    match refund_normalizer::plan_windows(platform, &query, &options) {
        Ok(windows) => {
            for pair in windows.windows(2) {
                assert!(pair[0].since <= pair[0].until && pair[0].until <= pair[1].since);
            }
        }
        Err(e) => check_error(&e),
    }
    match refund_normalizer::sign_params(platform, &params, &creds) {
        Ok(signature) => no_secret(&signature),
        Err(e) => check_error(&e),
    }
    match RefundSync::new(platform, &query, &options) {
        Ok(mut sync) => {
            no_secret(&sync.to_json());
            match sync.next_request(&creds, &options) {
                Ok(Some(request)) => {
                    let shown = format!("{request:?}");
                    assert!(!shown.contains(SECRETS[0]) && !shown.contains(SECRETS[1]), "{shown}");
                }
                Ok(None) => {}
                Err(e) => check_error(&e),
            }
            no_secret(&sync.to_json());
            no_secret(&format!("{sync:?}"));
        }
        Err(e) => check_error(&e),
    }
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
