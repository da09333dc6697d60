//! Shared by the fuzz targets: options derived from the input's first bytes, an arbitrary
//! JSON value generator, and the checks every successful answer must pass (the same
//! invariants DESIGN.md promises: canonical money, RFC 3339 `+08:00` times, no `""`, every
//! rejected record reported once, and no secret in any output).

use arbitrary::{Arbitrary, Unstructured};
use refund_normalizer::model::{Refund, RefundPage};
use refund_normalizer::query::Query;
use refund_normalizer::bindings::flat;
use refund_normalizer::{money, time, ParseOptions, PlatformId, RefundError};
use serde_json::{Map, Value};

/// The platforms, from the crate's registry (`PlatformId::ALL`); a platform's index here is
/// the byte that picks it in the `parse` and `sync_accept` inputs.
pub const PLATFORMS: [&str; PlatformId::IDS.len()] = PlatformId::IDS;

/// Recognisable secrets: no output or error may ever contain them.
pub const SECRETS: [&str; 3] = ["FUZZ-SECRET-7f3a", "FUZZ-TOKEN-91c2", "FUZZ-ACCESS-5d0e"];

/// Valid credentials for each platform, built from [`SECRETS`].
pub fn credentials(platform: &str) -> Value {
    let [secret, token, access] = SECRETS;
    match platform {
        "shopex" => serde_json::json!({ "baseUrl": "https://erp.example.com/api", "flag": "f1", "token": token }),
        "wangdiantong" => serde_json::json!({ "sid": "sid1", "appKey": "key1", "appSecret": secret }),
        "mogujie" => serde_json::json!({ "appKey": "100", "appSecret": secret, "accessToken": access }),
        "suning" => serde_json::json!({ "appKey": "key1", "appSecret": secret, "accessToken": access }),
        "taobao" => serde_json::json!({ "appKey": "key1", "appSecret": secret, "session": access }),
        _ => serde_json::json!({ "headers": { "x-app": "a" }, "bodyFields": { "appid": "b" } }),
    }
}

/// Parse options from one flag byte and two bytes of paging.
pub fn parse_options(flags: u8, page: u8, size: u8) -> ParseOptions {
    let mut options = ParseOptions { include_raw: flags & 1 != 0, ..ParseOptions::default() };
    if flags & 2 != 0 {
        options.query = Some(Query { page: Some(u64::from(page)), page_size: Some(u64::from(size)), ..Query::default() });
    }
    if flags & 4 != 0 {
        options.total = Some(u64::from(page) * u64::from(size));
    }
    options
}

/// Parses `body` as `platform` with options from the first three bytes, and checks the answer.
pub fn fuzz_parse(platform: &str, data: &[u8]) {
    let (head, body) = data.split_at(data.len().min(3));
    let mut head = head.to_vec();
    head.resize(3, 0);
    let options = parse_options(head[0], head[1], head[2]);
    let answer = refund_normalizer::parse_response(platform, body, &options);
    match &answer {
        Ok(page) => check_page(page, options.include_raw),
        Err(e) => check_error(e),
    }
    // The wasm path writes the records while the page is converted: `flat::encode`'s bytes.
    match (&answer, refund_normalizer::bindings::parse_response_flat(platform, body, &options)) {
        (Ok(page), Ok(bytes)) => assert!(bytes.as_bytes() == flat::encode(page), "the streamed flat bytes differ"),
        (Err(e), Err(streamed)) => assert_eq!(e, &streamed, "the streamed flat path fails differently"),
        _ => panic!("the streamed flat path and parse_response disagree on success"),
    }
    same_both_ways(platform, body, &options, answer);
    if platform == "shopex" && head[0] & 8 != 0 {
        let options = ParseOptions { operation: Some("refundAmount".into()), ..ParseOptions::default() };
        match refund_normalizer::parse_refund_amount(platform, body, &options) {
            Ok(amount) => {
                let json = serde_json::to_string(&amount).unwrap();
                assert!(!json.is_empty());
            }
            Err(e) => check_error(&e),
        }
    }
}

/// `includeRaw` only adds the records' own text: the page or error is the same without it,
/// `raw` aside (`tests/include_raw.rs` does the same on the fixtures).
fn same_both_ways(platform: &str, body: &[u8], options: &ParseOptions, answer: Result<RefundPage<'_>, RefundError>) {
    let flipped = ParseOptions { include_raw: !options.include_raw, ..options.clone() };
    let other = refund_normalizer::parse_response(platform, body, &flipped);
    assert_eq!(without_raw(answer), without_raw(other), "the page differs with includeRaw flipped");
}

fn without_raw(answer: Result<RefundPage<'_>, RefundError>) -> Result<RefundPage<'_>, RefundError> {
    answer.map(|mut page| {
        for refund in &mut page.refunds {
            refund.raw = None;
        }
        page
    })
}

/// Everything a successful page must satisfy, whatever the input was.
pub fn check_page(page: &RefundPage<'_>, include_raw: bool) {
    // Both ways out of the crate must work.
    let json = serde_json::to_string(page).expect("a page serializes");
    let (flat, _) = flat::split(&flat::encode(page)).expect("the flat bytes split");
    // The version, length-prefixed, is the first value.
    assert!(flat.get(1..).is_some_and(|rest| rest.starts_with(flat::VERSION)));
    no_secret(&json);
    for refund in &page.refunds {
        check_refund(refund, include_raw);
    }
    let mut indices: Vec<usize> = page.rejected.iter().map(|r| r.index).collect();
    indices.sort_unstable();
    indices.dedup();
    assert_eq!(indices.len(), page.rejected.len(), "a record rejected twice: {:?}", page.rejected);
    for rejected in &page.rejected {
        assert!(!rejected.path.is_empty() && !rejected.code.is_empty());
    }
}

fn check_money(what: &str, value: Option<&str>) {
    if let Some(v) = value {
        assert_eq!(money::yuan(v).as_deref(), Ok(v), "{what} {v:?} is not canonical money");
    }
}

fn check_time(what: &str, value: &Option<String>) {
    if let Some(t) = value {
        assert!(t.ends_with("+08:00") && t.len() == 25, "{what} {t:?} is not RFC 3339 +08:00");
        let seconds = time::parse_rfc3339(t).unwrap_or_else(|e| panic!("{what} {t:?}: {e}"));
        assert_eq!(&time::format_rfc3339(seconds), t);
    }
}

fn not_empty(what: &str, value: Option<&str>) {
    if let Some(v) = value {
        assert!(!v.is_empty(), "{what} is \"\" instead of null");
    }
}

fn check_refund(refund: &Refund<'_>, include_raw: bool) {
    assert!(!refund.id.is_empty(), "a refund without an id");
    check_money("requestedAmount", refund.requested_amount.as_deref());
    check_money("refundedAmount", refund.refunded_amount.as_deref());
    check_time("createdAt", &refund.created_at);
    check_time("updatedAt", &refund.updated_at);
    check_time("refundedAt", &refund.refunded_at);
    for (what, v) in [
        ("orderId", &refund.order_id),
        ("subOrderId", &refund.sub_order_id),
        ("shopId", &refund.shop_id),
        ("shopName", &refund.shop_name),
        ("reason", &refund.reason),
        ("note", &refund.note),
    ] {
        not_empty(what, v.as_deref());
    }
    for item in &refund.items {
        check_money("items.quantity", item.quantity.as_deref());
        check_money("items.unitPrice", item.unit_price.as_deref());
        check_money("items.amount", item.amount.as_deref());
    }
    assert_eq!(refund.raw.is_some(), include_raw, "raw present without includeRaw or missing with it");
}

/// An error is well formed and carries no secret.
pub fn check_error(e: &RefundError) {
    assert!(!e.message.is_empty());
    let shown = format!("{e} {e:?} {}", serde_json::to_string(e).expect("an error serializes"));
    no_secret(&shown);
}

pub fn no_secret(text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "secret {s} leaked into {text:.300}");
    }
}

/// Keys the query, options and credentials readers look for, so generated objects hit them.
const KEYS: &[&str] = &[
    "since", "until", "timeField", "page", "pageSize", "status", "shopId", "orderId", "refundId", "params",
    "now", "operation", "endpoint", "total", "includeRaw", "query", "timestampStyle", "format", "paramsWrapper",
    "baseUrl", "flag", "token", "sid", "appKey", "appSecret", "accessToken", "session", "signMethod", "sandbox",
    "headers", "bodyFields",
    "start_time", "end_time", "refund_no", "page_no", "appMethod", "appRequestTime", "body", "versionNo",
];

const STRINGS: &[&str] = &[
    "2024-06-01 00:00:00", "2024-06-30 23:59:59", "2024-02-30 10:00:00", "0000-00-00 00:00:00",
    "2024-06-01T00:00:00+08:00", "2024-06-01T00:00:00Z", "updated", "created", "refundAmount", "https://x.example/a",
    "", " ", "1", "-1", "1e400", "99999999999999999999", "succ", "NaN", "md5", "hmac", "hmac-sha256",
];

/// An arbitrary JSON value, biased toward the keys and texts the crate reads.
pub fn arbitrary_value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let choice = if depth == 0 { u.int_in_range(0..=6)? } else { u.int_in_range(0..=8)? };
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::from(i64::arbitrary(u)?),
        3 => {
            let f = f64::arbitrary(u)?;
            serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
        }
        4 => Value::from(u64::arbitrary(u)?),
        5 => Value::String(u.choose(STRINGS)?.to_string()),
        6 => Value::String(String::arbitrary(u)?),
        7 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| arbitrary_value(u, depth - 1)).collect::<arbitrary::Result<_>>()?)
        }
        _ => Value::Object(arbitrary_object(u, depth - 1)?),
    })
}

pub fn arbitrary_object(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Map<String, Value>> {
    let n = u.int_in_range(0..=6)?;
    let mut map = Map::new();
    for _ in 0..n {
        let key = if bool::arbitrary(u)? { u.choose(KEYS)?.to_string() } else { String::arbitrary(u)? };
        map.insert(key, arbitrary_value(u, depth)?);
    }
    Ok(map)
}
