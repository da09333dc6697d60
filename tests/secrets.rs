//! Secret hygiene: every public function, run with recognisable secrets for every platform,
//! and every output, error (`Display`, `Debug`, serde JSON), `to_json()` state and `Debug`
//! string searched for them. DESIGN.md: secrets never appear anywhere except inside the
//! signed request where the platform requires them (each platform's kit in tests/common says
//! where: 蘑菇街's `access_token` and 淘宝/天猫's `session` as params, 苏宁's `access_token`
//! header, 诺云's caller-supplied headers and body fields as given); no platform ever sends an
//! app secret or the ShopEx token.

use refund_normalizer::platforms::Credentials;
use refund_normalizer::{
    build_request, parse_refund_amount, parse_response, plan_windows, platforms, sign_params, validate_query, ParseOptions, PlatformId, RefundError,
    RefundSync, RequestOptions, SignedRequest,
};
use serde_json::{json, Value};
use std::fmt::Debug;

mod common;
use common::{kit, ACCESS_TOKEN, APP_SECRET, SECRETS as ALL, TOKEN};

const PLATFORMS: [&str; PlatformId::IDS.len()] = PlatformId::IDS;
/// 2024-06-20 00:00:00 Beijing.
const NOW: i64 = 1_718_812_800;

/// The platform's credentials holding the recognisable secrets (its kit, tests/common).
fn credentials(platform: &str) -> Value {
    (kit(platform).credentials)()
}

fn query() -> Value {
    json!({ "since": "2024-06-10 00:00:00", "until": "2024-06-10 12:00:00", "page": 1, "pageSize": 20 })
}

/// Every text a user might print, log or send on: Display, Debug, serde JSON.
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    fn debug(&mut self, what: &str, value: &impl Debug) {
        self.0.push((format!("{what} (Debug)"), format!("{value:?}")));
    }
    fn json(&mut self, what: &str, value: &impl serde::Serialize) {
        self.0.push((format!("{what} (JSON)"), serde_json::to_string(value).unwrap()));
    }
    fn error(&mut self, what: &str, e: &RefundError) {
        self.0.push((format!("{what} (Display)"), e.to_string()));
        self.debug(what, e);
        self.json(what, e);
    }
    fn result<T: Debug + serde::Serialize>(&mut self, what: &str, r: &Result<T, RefundError>) {
        match r {
            Ok(v) => {
                self.debug(what, v);
                self.json(what, v);
            }
            Err(e) => self.error(what, e),
        }
    }
    /// A signed request is checked by [`check_signed_request`]; only errors land here.
    fn request(&mut self, platform: &str, what: &str, r: &Result<SignedRequest, RefundError>) {
        match r {
            Ok(request) => check_signed_request(platform, request, false),
            Err(e) => self.error(what, e),
        }
    }
    fn assert_clean(&self) {
        assert!(self.0.len() > 20, "too little was checked");
        for (what, text) in &self.0 {
            for secret in ALL {
                assert!(!text.contains(secret), "{secret} leaked into {what}: {text}");
            }
        }
    }
}

/// What the signed request may contain: exactly what the platform requires.
fn check_signed_request(platform: &str, request: &SignedRequest, full_credentials: bool) {
    let text = format!("{} {:?} {}", request.url, request.headers, request.body);
    assert!(!text.contains(APP_SECRET), "{platform} sent the app secret: {text}");
    assert!(!text.contains(TOKEN), "{platform} sent the ShopEx token: {text}");
    if !full_credentials {
        // Made from altered credentials: only the never-sent secrets are checked.
        return;
    }
    // Where the platform sends the secrets it sends (its kit).
    (kit(platform).check_sent)(request);
}

#[test]
fn platforms_describe_no_secret_values() {
    let mut seen = Seen::default();
    seen.json("platforms()", &platforms());
    seen.debug("platforms()", &platforms());
    // Padding so the "too little was checked" guard does not trip on this small test.
    for p in PLATFORMS {
        seen.debug(p, &Credentials::from_json(&credentials(p)).unwrap());
        seen.0.push((format!("{p} credentials fields"), platforms().iter().map(|i| format!("{:?}", i.credentials)).collect()));
    }
    for i in 0..10 {
        seen.0.push((format!("pad {i}"), String::new()));
    }
    seen.assert_clean();
    // And the secret fields are marked so a UI masks them.
    for info in platforms() {
        for field in info.credentials {
            if ["appSecret", "token", "accessToken"].contains(&field.name) {
                assert!(field.secret, "{} {} is not marked secret", info.id.as_str(), field.name);
            }
        }
    }
}

#[test]
fn credentials_debug_prints_field_names_only() {
    for p in PLATFORMS {
        let credentials = Credentials::from_value(credentials(p)).unwrap();
        let shown = format!("{credentials:?} {credentials:#?}");
        for secret in ALL {
            assert!(!shown.contains(secret), "{p}: {shown}");
        }
        assert!(shown.contains("<redacted>"));
    }
}

#[test]
fn signed_requests_carry_only_what_each_platform_requires() {
    let options = RequestOptions::at(NOW);
    for p in PLATFORMS {
        let request = build_request(p, &credentials(p), &query(), &options).unwrap_or_else(|e| panic!("{p}: {e}"));
        check_signed_request(p, &request, true);
        // The bare signature is a hash, never the secret.
        let signature = match p {
            "suning" => sign_params(p, &json!({ "appMethod": "m", "appRequestTime": "2024-06-10 00:00:00", "body": "{}" }), &credentials(p)),
            _ => sign_params(p, &json!({ "a": "1", "b": "2" }), &credentials(p)),
        };
        match signature {
            Ok(s) => assert!(ALL.iter().all(|secret| !s.contains(secret)), "{p}: {s}"),
            Err(e) => assert_eq!(p, "nuoyun", "{e}"),
        }
    }
}

#[test]
fn every_function_and_error_is_free_of_secrets() {
    let options = RequestOptions::at(NOW);
    let mut seen = Seen::default();
    for p in PLATFORMS {
        let good = credentials(p);
        // Good calls.
        seen.result(&format!("{p} validate_query"), &validate_query(p, &query(), &options));
        seen.result(&format!("{p} plan_windows"), &plan_windows(p, &query(), &options));
        seen.result(&format!("{p} sign_params"), &sign_params(p, &json!({ "a": "1" }), &good));
        // Errors from a bad query, with good credentials.
        let bad_query = json!({ "since": "yesterday", "until": 5, "page": 0, "pageSize": -1, "status": "?", "params": { "x": APP_SECRET } });
        seen.request(p, &format!("{p} build_request bad query"), &build_request(p, &good, &bad_query, &options));
        // Errors from bad credentials: each secret field of the wrong type, empty, misnamed,
        // and the whole credentials object replaced by a secret string.
        let mut variants: Vec<Value> = vec![json!(APP_SECRET), json!([APP_SECRET, TOKEN, ACCESS_TOKEN]), json!(null), json!({})];
        if let Value::Object(map) = &good {
            for key in map.keys() {
                for replacement in [json!(7), json!(""), json!([APP_SECRET]), json!({ "value": ACCESS_TOKEN }), json!(true)] {
                    let mut copy = map.clone();
                    copy.insert(key.clone(), replacement);
                    variants.push(Value::Object(copy));
                }
                let mut renamed = map.clone();
                let value = renamed.remove(key).unwrap();
                renamed.insert(key.to_lowercase() + "_typo", value);
                variants.push(Value::Object(renamed));
            }
        }
        for (i, creds) in variants.iter().enumerate() {
            seen.request(p, &format!("{p} build_request credentials #{i}"), &build_request(p, creds, &query(), &options));
            seen.result(&format!("{p} sign_params credentials #{i}"), &sign_params(p, &json!({ "a": "1" }), creds));
            let mut sync = RefundSync::new(p, &query(), &options).unwrap();
            let r = sync.next_request(creds, &options);
            if let Ok(Some(request)) = &r {
                check_signed_request(p, request, false);
            } else {
                seen.result(&format!("{p} next_request credentials #{i}"), &r.map(|_| ()));
            }
            seen.0.push((format!("{p} sync state after credentials #{i}"), sync.to_json()));
        }
        // Arguments swapped by mistake: credentials where the query or the options belong.
        seen.result(&format!("{p} validate_query(credentials)"), &validate_query(p, &good, &options));
        seen.request(p, &format!("{p} build_request(query, credentials)"), &build_request(p, &query(), &good, &options));
        seen.result(&format!("{p} plan_windows(credentials)"), &plan_windows(p, &good, &options));
        seen.result(&format!("{p} sign_params(credentials, credentials)"), &sign_params(p, &good, &good));
        let mut sync_range = good.clone();
        sync_range.as_object_mut().map(|m| m.insert("pageSize".into(), json!(APP_SECRET)));
        seen.result(&format!("{p} RefundSync::new(credentials)"), &RefundSync::new(p, &sync_range, &options).map(|_| ()));
        // (Options given credentials by mistake keep them in `extra`, the caller's own
        // value; only errors are checked here.)
        if let Err(e) = RequestOptions::from_json(&good, NOW) {
            seen.error(&format!("{p} RequestOptions(credentials)"), &e);
        }
        for bad_options in [json!({ "now": APP_SECRET }), json!({ "endpoint": ACCESS_TOKEN }), json!({ "operation": [TOKEN] }), json!(APP_SECRET)] {
            match RequestOptions::from_json(&bad_options, NOW) {
                Ok(o) => seen.debug(&format!("{p} RequestOptions {bad_options}"), &o.now),
                Err(e) => seen.error(&format!("{p} RequestOptions (secret value)"), &e),
            }
        }
        match ParseOptions::from_json(&json!({ "query": good.clone(), "total": APP_SECRET })) {
            Ok(o) => seen.debug(&format!("{p} ParseOptions"), &o.total),
            Err(e) => seen.error(&format!("{p} ParseOptions(credentials)"), &e),
        }

        // Pages and body errors.
        let bodies: Vec<Vec<u8>> = [
            fixture_bodies(p),
            vec![b"".to_vec(), b"null".to_vec(), b"<html>502</html>".to_vec(), b"{\xff}".to_vec(), b"{\"code\":".to_vec()],
        ]
        .concat();
        for (i, body) in bodies.iter().enumerate() {
            for include_raw in [false, true] {
                let options = ParseOptions { include_raw, ..ParseOptions::default() };
                let page = parse_response(p, body, &options);
                seen.result(&format!("{p} parse_response body #{i}"), &page);
                if let Ok(page) = &page {
                    let (main, wide) = refund_normalizer::bindings::flat::split(&refund_normalizer::bindings::flat::encode(page)).unwrap();
                    seen.0.push((format!("{p} flat page #{i}"), format!("{main}{wide}")));
                }
            }
            seen.result(&format!("{p} parse_refund_amount body #{i}"), &parse_refund_amount(p, body, &ParseOptions::default()));
        }

        // A whole sync: new, next, accept (good and bad bodies), to_json, from_json, Debug.
        let mut sync = RefundSync::new(p, &query(), &options).unwrap();
        for body in &bodies {
            if let Ok(Some(request)) = sync.next_request(&good, &options) {
                check_signed_request(p, &request, true);
            }
            let page = sync.accept(body);
            seen.result(&format!("{p} accept"), &page);
            let state = sync.to_json();
            seen.0.push((format!("{p} to_json"), state.clone()));
            seen.debug(&format!("{p} RefundSync"), &sync);
            seen.debug(&format!("{p} progress"), sync.progress());
            sync = RefundSync::from_json(&state).unwrap();
        }
        // A state that is not one: the error must not echo what it was given.
        let broken = format!("{{\"version\":1,\"platform\":\"{APP_SECRET}\"}}");
        seen.result(&format!("{p} from_json(broken)"), &RefundSync::from_json(&broken).map(|_| ()));
        seen.result(&format!("{p} from_json(secret)"), &RefundSync::from_json(APP_SECRET).map(|_| ()));
    }
    // An unknown platform: the error names the platform, never the credentials.
    let e = build_request("no-such-platform", &credentials("wangdiantong"), &query(), &options).unwrap_err();
    seen.error("unknown platform", &e);
    seen.assert_clean();
}

fn fixture_bodies(platform: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(platform);
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names.into_iter().filter(|p| p.is_file()).map(|p| std::fs::read(p).unwrap()).collect()
}
