//! Properties of the public API over generated inputs (bounded: the whole file runs in a few
//! seconds). DESIGN.md's promises: no input panics; every record of a page ends in `refunds`
//! or `rejected`; money is exact (checked against `rust_decimal`); windows cover a range
//! with no gap and no overlap; signatures do not depend on parameter order.
//!
//! Native only: proptest's randomness does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use refund_normalizer::platforms::{self, Credentials};
use refund_normalizer::{money, parse_response, plan_windows, platforms as all_platforms, validate_query, ParseOptions, PlatformId, RequestOptions};
use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;

const PLATFORMS: [&str; PlatformId::IDS.len()] = PlatformId::IDS;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------
// Any bytes: a page or a RefundError, never a panic.

/// Bytes that look like JSON or XML often enough to get past the first check.
fn json_ish() -> impl Strategy<Value = Vec<u8>> {
    let tokens = prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "0", "-1", "1e400", "99.00", "\"x\"", "\"\\u00e9\"",
        "\"trade_list\"", "\"code\"", "\"lists\"", "\"response\"", "\"result\"", "\"data\"", "\"list\"", "\"status\"",
        "\"sn_responseContent\"", "\"sn_body\"", "\"batchQueryRejected\"", "\"refundFullDTOList\"", "\"refund_no\"",
        "\"0000000\"", "200", "<", ">", "</", "sn_responseContent", "\u{feff}", "\0", " ",
    ]);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        prop::collection::vec(tokens, 0..64).prop_map(|t| t.concat().into_bytes()),
    ]
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn any_bytes_give_a_page_or_an_error(body in json_ish(), include_raw in any::<bool>()) {
        let options = ParseOptions { include_raw, ..ParseOptions::default() };
        for platform in PLATFORMS {
            if let Ok(page) = parse_response(platform, &body, &options) {
                // A page that came out must also go out.
                serde_json::to_string(&page).unwrap();
                refund_normalizer::bindings::flat::encode(&page);
            }
        }
        let _ = refund_normalizer::parse_refund_amount("shopex", &body, &ParseOptions::default());
    }
}

// ---------------------------------------------------------------------------------------
// Generated valid pages: every record is accounted for.

/// One record: well-typed fields (`Good`) or one of the ways records go wrong.
#[derive(Debug, Clone)]
enum Record {
    Good { amount: Money, time: i64, code: usize, as_number: bool },
    NotAnObject(&'static str),
    MissingId,
    BadMoney,
    BadTime,
}

#[derive(Debug, Clone)]
struct Money {
    int: u64,
    frac: String,
}

impl Money {
    fn text(&self) -> String {
        if self.frac.is_empty() {
            self.int.to_string()
        } else {
            format!("{}.{}", self.int, self.frac)
        }
    }
    /// The same value in fen, for platforms that count fen.
    fn fen(&self) -> u64 {
        self.int * 100 + self.frac.chars().chain("00".chars()).take(2).collect::<String>().parse::<u64>().unwrap()
    }
}

fn money_strategy() -> impl Strategy<Value = Money> {
    (0u64..10_000_000, prop::sample::select(vec!["", "0", "5", "00", "20", "99", "0000", "5000", "3333"]))
        .prop_map(|(int, frac)| Money { int, frac: frac.to_string() })
}

fn record_strategy() -> impl Strategy<Value = Record> {
    prop_oneof![
        6 => (money_strategy(), 1_500_000_000i64..1_900_000_000, 0usize..8, any::<bool>())
            .prop_map(|(amount, time, code, as_number)| Record::Good { amount, time, code, as_number }),
        1 => prop::sample::select(vec!["42", "\"text\"", "[1,2]", "true", "null"]).prop_map(Record::NotAnObject),
        1 => Just(Record::MissingId),
        1 => Just(Record::BadMoney),
        1 => Just(Record::BadTime),
    ]
}

mod common;
use common::{kit, num, page, Generated};

fn beijing(seconds: i64) -> String {
    refund_normalizer::time::format_beijing(seconds)
}

/// The record in the platform's wire shape (its kit, tests/common), as JSON text (numbers
/// keep their exact text).
fn wire(platform: &str, index: usize, record: &Record) -> String {
    let (amount, time, code, as_number) = match record {
        Record::NotAnObject(text) => return text.to_string(),
        Record::Good { amount, time, code, as_number } => (amount.clone(), *time, *code, *as_number),
        _ => (Money { int: 12, frac: "50".into() }, 1_700_000_000, 1, false),
    };
    let bad_money = matches!(record, Record::BadMoney);
    let bad_time = matches!(record, Record::BadTime);
    let generated = Generated {
        index,
        id: 1_000_000_000_000_000_000u64 + index as u64,
        with_id: !matches!(record, Record::MissingId),
        yuan: if bad_money { "\"12,50\"".to_string() } else { num(amount.text(), as_number) },
        fen: if bad_money { "\"12,50\"".to_string() } else { num(amount.fen(), as_number) },
        at: if bad_time { "\"2024-02-30 10:00:00\"".to_string() } else { format!("\"{}\"", beijing(time)) },
        unix: if bad_time { "\"yesterday\"".to_string() } else { num(time, as_number) },
        code,
        as_number,
    };
    (kit(platform).generated)(&generated)
}

/// A success page of the platform holding these records; ShopEx's list keyed by id when
/// `keyed` (its server's form).
fn page_body(platform: &str, records: &[Record], keyed: bool) -> String {
    let list: Vec<String> = records.iter().enumerate().map(|(i, r)| wire(platform, i, r)).collect();
    if keyed && platform == "shopex" {
        let entries: Vec<String> = list.iter().enumerate().map(|(i, r)| format!("\"{}\":{r}", i + 1)).collect();
        return (kit(platform).page)(&format!("{{{}}}", entries.join(",")), list.len());
    }
    page(platform, &list)
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn every_record_is_in_refunds_or_rejected(
        records in prop::collection::vec(record_strategy(), 1..24),
        keyed in any::<bool>(),
        include_raw in any::<bool>(),
    ) {
        let good = records.iter().filter(|r| matches!(r, Record::Good { .. })).count();
        for platform in PLATFORMS {
            let body = page_body(platform, &records, keyed);
            let options = ParseOptions { include_raw, ..ParseOptions::default() };
            let page = parse_response(platform, body.as_bytes(), &options)
                .unwrap_or_else(|e| panic!("{platform}: {e}\n{body}"));
            prop_assert_eq!(page.refunds.len() + page.rejected.len(), records.len(), "{}: {}", platform, body);
            prop_assert_eq!(page.refunds.len(), good, "{}: a well-typed record was rejected: {:?}\n{}", platform, page.rejected, body);
            let mut indices: Vec<usize> = page.rejected.iter().map(|r| r.index).collect();
            indices.dedup();
            prop_assert_eq!(indices.len(), page.rejected.len());
            for (i, record) in records.iter().enumerate() {
                let rejected = page.rejected.iter().any(|r| r.index == i);
                prop_assert_eq!(rejected, !matches!(record, Record::Good { .. }), "{}: record {} {:?}", platform, i, record);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Money: exact, with DESIGN.md's trimming rule, against rust_decimal.

/// DESIGN.md "Money format": the value's digits, trailing zeros trimmed past the second
/// decimal, at least two decimals.
fn oracle(value: Decimal) -> String {
    // No `-0.00`: a zero has no sign.
    let value = if value.is_zero() { Decimal::ZERO } else { value };
    let text = value.normalize().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    format!("{int}.{frac:0<2}")
}

fn digits(range: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']), range)
        .prop_map(|d| d.into_iter().collect())
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn money_text_round_trips_exactly(negative in any::<bool>(), int in digits(1..=19), frac in digits(0..=4)) {
        let text = format!("{}{}{}{}", if negative { "-" } else { "" }, int, if frac.is_empty() { "" } else { "." }, frac);
        let unified = money::yuan(&text).unwrap();
        let expected = Decimal::from_str(&text).unwrap();
        prop_assert_eq!(Decimal::from_str(&unified).unwrap(), expected, "{} -> {}", text, unified);
        prop_assert_eq!(&unified, &oracle(expected), "{}", text);
        // A fixed point: the unified form reads back as itself.
        prop_assert_eq!(money::yuan(&unified).unwrap(), unified.clone());
        prop_assert_eq!(money::quantity(&text).unwrap(), unified);
    }

    #[test]
    fn money_in_exponent_form_is_exact(mantissa in -99_999_999i64..99_999_999, exponent in -6i32..6) {
        let text = format!("{mantissa}e{exponent}");
        let expected = Decimal::from_scientific(&text).unwrap();
        let unified = money::yuan(&text).unwrap();
        prop_assert_eq!(Decimal::from_str(&unified).unwrap(), expected);
        prop_assert_eq!(unified, oracle(expected));
    }

    #[test]
    fn fen_and_yuan_convert_exactly(fen in -999_999_999_999_999_999i64..=999_999_999_999_999_999) {
        let yuan = money::fen_to_yuan(&fen.to_string()).unwrap();
        // Exactly two decimals, the same value.
        prop_assert_eq!(yuan.split_once('.').unwrap().1.len(), 2);
        prop_assert_eq!(Decimal::from_str(&yuan).unwrap(), Decimal::new(fen, 2));
        // And back: yuan × 100 is the fen we started from.
        let back = Decimal::from_str(&money::yuan(&yuan).unwrap()).unwrap() * Decimal::from(100);
        prop_assert_eq!(back, Decimal::from(fen));
    }
}

// ---------------------------------------------------------------------------------------
// plan_windows: no gap, no overlap, never over the platform's span.

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn windows_cover_the_range_without_gap_or_overlap(
        start in 1_500_000_000i64..1_800_000_000,
        length in prop_oneof![0i64..5, 0i64..200 * 86_400, Just(30 * 86_400), Just(30 * 86_400 + 1), Just(60 * 86_400)],
    ) {
        for info in all_platforms() {
            let platform = info.id.as_str();
            // The range may not reach further back than the platform serves.
            let length = info.max_lookback_seconds.map_or(length, |l| length.min(l - 86_400));
            let (since, until) = (start, start + length);
            let options = RequestOptions::at(until + 3600);
            let range = json!({ "since": since * 1000, "until": until * 1000 });
            let windows = plan_windows(platform, &range, &options).unwrap_or_else(|e| panic!("{platform}: {e}"));
            prop_assert_eq!(windows.first().unwrap().since, since);
            prop_assert_eq!(windows.last().unwrap().until, until);
            for w in &windows {
                prop_assert!(w.since <= w.until);
                if let Some(span) = info.max_span_seconds {
                    prop_assert!(w.until - w.since <= span, "{} window {:?} over {}", platform, w, span);
                }
                // Each window is itself a query the platform accepts.
                let query = json!({ "since": w.since * 1000, "until": w.until * 1000 });
                let validation = validate_query(platform, &query, &options).unwrap();
                prop_assert!(validation.issues.iter().all(|i| i.field != "until" && i.field != "since"), "{}: {:?}", platform, validation.issues);
            }
            for pair in windows.windows(2) {
                // closed_interval: `until` is inclusive, so the next window starts a second
                // later; otherwise windows share their boundary.
                let expected = if info.closed_interval { pair[0].until + 1 } else { pair[0].until };
                prop_assert_eq!(pair[1].since, expected, "{}: {:?}", platform, pair);
            }
            if info.max_span_seconds.is_none() {
                prop_assert_eq!(windows.len(), 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Signatures: parameter order does not matter on the platforms that sort.

fn native_params() -> impl Strategy<Value = Vec<(String, String)>> {
    // ShopEx refuses digit-only keys (the server renumbers them): keys start with a letter.
    let key = prop::collection::vec(prop::sample::select(vec!['a', 'b', 'Z', '_', '1', '中', 'k']), 0..6)
        .prop_map(|c| std::iter::once('p').chain(c).collect::<String>());
    let value = prop::collection::vec(prop::sample::select(vec!['x', '9', ' ', '&', '=', '文', '\u{1f600}']), 1..8).prop_map(|c| c.into_iter().collect::<String>());
    prop::collection::btree_map(key, value, 1..8).prop_map(|m| m.into_iter().collect())
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn signatures_do_not_depend_on_param_order(params in native_params(), seed in any::<u64>()) {
        let params: refund_normalizer::query::Params = params.into_iter().map(|(k, v)| (k.into(), v)).collect();
        let creds = |v: serde_json::Value| Credentials::from_value(v).unwrap();
        let cases = [
            (PlatformId::Shopex, creds(json!({ "baseUrl": "https://erp.example.com/api", "flag": "f", "token": "tok" }))),
            (PlatformId::Wangdiantong, creds(json!({ "sid": "s", "appKey": "k", "appSecret": "sec" }))),
            (PlatformId::Mogujie, creds(json!({ "appKey": "1", "appSecret": "sec", "accessToken": "a" }))),
        ];
        // A deterministic shuffle of the same pairs.
        let mut shuffled = params.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut reversed = params.clone();
        reversed.reverse();
        for (id, credentials) in &cases {
            let platform = platforms::platform(*id);
            let a = platform.sign_params(&params, credentials).unwrap();
            prop_assert_eq!(&a, &platform.sign_params(&shuffled, credentials).unwrap());
            prop_assert_eq!(&a, &platform.sign_params(&reversed, credentials).unwrap());
        }
        // Suning signs named fields, so their order cannot matter either.
        let suning = platforms::platform(PlatformId::Suning);
        let credentials = creds(json!({ "appKey": "k", "appSecret": "sec" }));
        let body = params.iter().map(|(k, v)| format!("{k}{v}")).collect::<String>();
        let named: refund_normalizer::query::Params = vec![
            ("appMethod".into(), "suning.custom.batchrejected.query".to_string()),
            ("appRequestTime".into(), "2024-06-01 00:00:00".to_string()),
            ("body".into(), body),
        ];
        let mut backwards = named.clone();
        backwards.reverse();
        prop_assert_eq!(suning.sign_params(&named, &credentials).unwrap(), suning.sign_params(&backwards, &credentials).unwrap());
    }
}
