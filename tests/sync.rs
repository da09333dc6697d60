//! `RefundSync` against a simulated 旺店通 server that keeps changing while it is paged.
//! (The JS tests run the sync against the simulator of every platform.)

mod common;

use refund_normalizer::{RefundSync, RequestOptions, SignedRequest};
use serde_json::json;
use std::collections::{HashMap, HashSet};

const DAY: i64 = 86_400;
/// 2024-01-01 00:00:00 Beijing.
const START: i64 = 1_704_038_400;

#[derive(Clone, Copy)]
enum Order {
    ModifiedAsc,
    ModifiedDesc,
    Id,
    Shuffled,
}

struct Record {
    id: String,
    modified: i64,
    status: u32,
}

/// A 旺店通 server: offset paging over the live data, `total_count` on page 0 only,
/// numbers as strings, and the server's limits enforced.
struct Server {
    records: Vec<Record>,
    order: Order,
    seed: u64,
    requests: u64,
}

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

fn beijing(seconds: i64) -> String {
    refund_normalizer::time::format_beijing(seconds)
}

fn form_decode(body: &str) -> HashMap<String, String> {
    common::form_pairs(body).into_iter().collect()
}

impl Server {
    fn new(count: usize, days: i64, order: Order, seed: u64) -> Server {
        let mut s = seed;
        let records = (0..count)
            .map(|i| Record { id: format!("R{i:05}"), modified: START + (lcg(&mut s) as i64 % (days * DAY)), status: 2 })
            .collect();
        Server { records, order, seed, requests: 0 }
    }

    fn handle(&mut self, request: &SignedRequest) -> String {
        self.requests += 1;
        let p = form_decode(&request.body);
        let start = refund_normalizer::time::parse_beijing(&p["start_time"]).unwrap();
        let end = refund_normalizer::time::parse_beijing(&p["end_time"]).unwrap();
        assert!(end - start <= 30 * DAY, "span over 30 days");
        let page_no: usize = p["page_no"].parse().unwrap();
        let page_size: usize = p["page_size"].parse().unwrap();
        assert!((1..=100).contains(&page_size));
        let mut hits: Vec<&Record> = self.records.iter().filter(|r| r.modified >= start && r.modified <= end).collect();
        match self.order {
            Order::ModifiedAsc => hits.sort_by_key(|r| (r.modified, r.id.clone())),
            Order::ModifiedDesc => hits.sort_by_key(|r| (std::cmp::Reverse(r.modified), r.id.clone())),
            Order::Id => hits.sort_by_key(|r| r.id.clone()),
            Order::Shuffled => {
                let seed = self.seed;
                hits.sort_by_key(|r| r.id.bytes().fold(seed, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))))
            }
        }
        let list: Vec<_> = hits
            .iter()
            .skip(page_no * page_size)
            .take(page_size)
            .map(|r| json!({ "refund_no": r.id, "status": r.status.to_string(), "modified": beijing(r.modified), "refund_amount": "1.0000" }))
            .collect();
        let mut body = json!({ "code": 0, "message": "", "trade_list": list });
        if page_no == 0 {
            body["total_count"] = json!(hits.len().to_string());
        }
        body.to_string()
    }

    /// A live server: `n` records change (new status, modified = now).
    fn update(&mut self, n: usize, now: i64) -> Vec<String> {
        let mut changed = Vec::new();
        for _ in 0..n {
            let i = lcg(&mut self.seed) as usize % self.records.len();
            self.records[i].modified = now;
            self.records[i].status += 1;
            changed.push(self.records[i].id.clone());
        }
        changed
    }
}

struct Outcome {
    deliveries: HashMap<String, Vec<String>>,
    changed: HashSet<String>,
    requests: u64,
    state_sizes: Vec<usize>,
}

/// The host loop: next → server → accept; `updates_per_request` records change after each
/// request; `restart_every` serializes and restores the sync every that many steps.
fn run(mut server: Server, since: i64, until: i64, updates_per_request: usize, restart_every: Option<usize>, now: i64) -> Outcome {
    let creds = json!({ "sid": "s", "appKey": "k", "appSecret": "x" });
    let mut sync = RefundSync::new("wangdiantong", &json!({ "since": beijing(since), "until": beijing(until) }), &RequestOptions::at(now)).unwrap();
    let mut outcome = Outcome { deliveries: HashMap::new(), changed: HashSet::new(), requests: 0, state_sizes: Vec::new() };
    let mut step = 0;
    let mut clock = now;
    while let Some(request) = sync.next_request(&creds, &RequestOptions::at(clock)).unwrap() {
        let body = server.handle(&request);
        let page = sync.accept(body.as_bytes()).unwrap();
        for r in &page.refunds {
            outcome.deliveries.entry(r.id.to_string()).or_default().push(r.updated_at.clone().unwrap());
        }
        clock += 1;
        outcome.changed.extend(server.update(updates_per_request, clock));
        step += 1;
        outcome.state_sizes.push(sync.to_json().len());
        if restart_every.is_some_and(|k| step % k == 0) {
            sync = RefundSync::from_json(&sync.to_json()).unwrap();
        }
        assert!(step < 10_000, "runaway sync");
    }
    outcome.requests = server.requests;
    outcome
}

#[test]
fn every_record_once_whatever_the_server_order() {
    for order in [Order::ModifiedAsc, Order::ModifiedDesc, Order::Id, Order::Shuffled] {
        let server = Server::new(3000, 95, order, 7);
        let truth: HashSet<String> = server.records.iter().map(|r| r.id.clone()).collect();
        let outcome = run(server, START, START + 95 * DAY - 1, 0, None, START + 96 * DAY);
        assert_eq!(outcome.deliveries.len(), truth.len());
        assert!(outcome.deliveries.values().all(|v| v.len() == 1), "a record delivered twice");
        // The minimum is 30 requests of 100; the sync probes and splits, within a small multiple.
        assert!(outcome.requests <= 3 * 30 + 10, "{} requests", outcome.requests);
    }
}

#[test]
fn records_changing_during_the_sync_are_never_lost_or_repeated() {
    for order in [Order::ModifiedAsc, Order::Shuffled, Order::ModifiedDesc] {
        // The range reaches past the sync's clock, so changed records land in it again.
        let server = Server::new(3000, 95, order, 11);
        let truth: HashSet<String> = server.records.iter().map(|r| r.id.clone()).collect();
        let start_clock = START + 95 * DAY - 3600;
        let outcome = run(server, START, START + 96 * DAY, 3, None, start_clock);
        for id in &truth {
            let versions = outcome.deliveries.get(id).unwrap_or_else(|| panic!("{id} never delivered"));
            let distinct: HashSet<&String> = versions.iter().collect();
            assert_eq!(distinct.len(), versions.len(), "{id} delivered twice with the same version");
            if !outcome.changed.contains(id) {
                assert_eq!(versions.len(), 1, "{id} did not change but came {} times", versions.len());
            }
        }
    }
}

#[test]
fn stopping_and_resuming_after_any_step_gives_the_same_set() {
    let baseline = run(Server::new(1500, 95, Order::Shuffled, 3), START, START + 95 * DAY, 0, None, START + 96 * DAY);
    for every in [1, 2, 5, 13] {
        let resumed = run(Server::new(1500, 95, Order::Shuffled, 3), START, START + 95 * DAY, 0, Some(every), START + 96 * DAY);
        assert_eq!(resumed.deliveries, baseline.deliveries, "restart every {every}");
        assert_eq!(resumed.requests, baseline.requests);
    }
}

#[test]
fn state_stays_small() {
    let outcome = run(Server::new(3000, 95, Order::Shuffled, 5), START, START + 95 * DAY, 0, None, START + 96 * DAY);
    let largest = outcome.state_sizes.iter().max().unwrap();
    // Dedup entries live only while their window is current: far below one per record.
    assert!(*largest < 40_000, "state grew to {largest} bytes");
}

#[test]
fn more_than_a_page_in_one_second_is_paged_not_lost() {
    let mut server = Server::new(0, 1, Order::Id, 1);
    for i in 0..250 {
        server.records.push(Record { id: format!("S{i:03}"), modified: START + 10, status: 2 });
    }
    let outcome = run(server, START, START + DAY, 0, None, START + 2 * DAY);
    assert_eq!(outcome.deliveries.len(), 250);
    assert!(outcome.deliveries.values().all(|v| v.len() == 1));
}

#[test]
fn errors_leave_the_cursor_and_retries_are_freshly_signed() {
    let creds = json!({ "sid": "s", "appKey": "k", "appSecret": "x" });
    let mut sync = RefundSync::new("wangdiantong", &json!({ "since": beijing(START), "until": beijing(START + DAY) }), &RequestOptions::at(START)).unwrap();
    let first = sync.next_request(&creds, &RequestOptions::at(START)).unwrap().unwrap();
    let before = sync.to_json();
    let err = sync.accept(r#"{"code":1000,"message":"调用过于频繁"}"#.as_bytes()).unwrap_err();
    assert!(err.retryable);
    assert_eq!(sync.to_json(), before);
    let retry = sync.next_request(&creds, &RequestOptions::at(START + 5)).unwrap().unwrap();
    assert_ne!(retry.body, first.body, "a retry is signed with a new timestamp");
    assert!(retry.body.contains(&format!("timestamp={}", START + 5)));
    assert!(sync.accept(b"<html>").is_err());
    assert_eq!(sync.to_json(), before);
    let page = sync.accept(br#"{"code":0,"total_count":"0","trade_list":[]}"#).unwrap();
    assert!(page.refunds.is_empty());
    assert!(sync.next_request(&creds, &RequestOptions::at(START + 6)).unwrap().is_none());
    assert!(sync.accept(b"{}").is_err(), "accept without a request is invalid_state");
}

#[test]
fn broken_states_are_refused() {
    for text in ["", "{}", "null", r#"{"version":2}"#] {
        assert!(RefundSync::from_json(text).is_err());
    }
    let sync = RefundSync::new("wangdiantong", &json!({ "since": beijing(START), "until": beijing(START + DAY) }), &RequestOptions::at(START)).unwrap();
    let tampered = sync.to_json().replace("\"pageSize\":100", "\"pageSize\":1000");
    assert!(RefundSync::from_json(&tampered).is_err());
}

/// A state as `to_json` wrote it, edited by `edit`, back through `from_json`: the refusal.
fn refused(edit: impl Fn(&mut serde_json::Value)) -> refund_normalizer::RefundError {
    let sync = RefundSync::new("wangdiantong", &json!({ "since": beijing(START), "until": beijing(START + 40 * DAY) }), &RequestOptions::at(START + 41 * DAY)).unwrap();
    let mut state: serde_json::Value = serde_json::from_str(&sync.to_json()).unwrap();
    edit(&mut state);
    match RefundSync::from_json(&state.to_string()) {
        Ok(_) => panic!("accepted {state}"),
        Err(e) => {
            assert_eq!(e.code.as_str(), "invalid_state", "{e}");
            e
        }
    }
}

#[test]
fn restored_states_that_do_not_hold_together_are_refused_with_the_path() {
    let path = |edit: &dyn Fn(&mut serde_json::Value)| refused(edit).path.unwrap_or_default();
    // Times far outside any calendar: `until - since` would wrap.
    assert_eq!(path(&|s| {
        s["since"] = json!(-(1i64 << 62));
        s["until"] = json!(1i64 << 62);
        s["pending"] = json!([{ "since": -(1i64 << 62), "until": 1i64 << 62 }]);
        s["progress"]["windowsPending"] = json!(1);
    }), "since");
    // Nothing pending but not done: `while (!sync.done)` would never end.
    assert_eq!(path(&|s| {
        s["pending"] = json!([]);
        s["progress"]["windowsPending"] = json!(0);
    }), "progress.done");
    assert_eq!(path(&|s| s["progress"]["done"] = json!(true)), "progress.done");
    // Out of order, duplicated, overlapping (旺店通's windows are closed intervals).
    assert_eq!(path(&|s| {
        let (a, b) = (s["pending"][0].clone(), s["pending"][1].clone());
        s["pending"] = json!([b, a]);
    }), "pending[1].since");
    assert_eq!(path(&|s| s["pending"][1] = s["pending"][0].clone()), "pending[1].since");
    assert_eq!(path(&|s| s["pending"][1]["since"] = s["pending"][0]["until"].clone()), "pending[1].since");
    // Longer than the platform's 30 days, or outside the range.
    assert_eq!(path(&|s| s["pending"][0]["until"] = s["pending"][1]["until"].clone()), "pending[0].until");
    assert_eq!(path(&|s| s["pending"][0]["since"] = json!(START - 1)), "pending[0].since");
    // A page no sync reaches, or offset paging on a window that can still be split.
    assert_eq!(path(&|s| s["page"] = json!(999_999)), "page");
    assert_eq!(path(&|s| s["page"] = json!(2)), "page");
    assert_eq!(path(&|s| s["passes"] = json!(9)), "passes");
    assert_eq!(path(&|s| s["progress"]["windowsPending"] = json!(7)), "progress.windowsPending");
    let e = refused(|s| s["page"] = json!(999_999));
    assert!(e.message.contains("page") && e.message_zh.contains("page"), "{} / {}", e.message, e.message_zh);
}

/// The state of a one-second window being paged with offsets holds together and restores.
#[test]
fn a_state_from_to_json_always_restores() {
    let mut server = Server::new(0, 1, Order::Id, 1);
    for i in 0..250 {
        server.records.push(Record { id: format!("S{i:03}"), modified: START + 10, status: 2 });
    }
    // `run` restores after every step and asserts each restore succeeds.
    let outcome = run(server, START, START + DAY, 0, Some(1), START + 2 * DAY);
    assert_eq!(outcome.deliveries.len(), 250);
}

#[test]
fn a_server_that_always_says_more_ends_in_too_large_not_a_loop() {
    let creds = json!({ "sid": "s", "appKey": "k", "appSecret": "x" });
    let now = START + 2 * DAY;
    let mut sync = RefundSync::new("wangdiantong", &json!({ "since": beijing(START), "until": beijing(START + DAY) }), &RequestOptions::at(now)).unwrap();
    let budget = sync.request_budget();
    assert_eq!(budget, refund_normalizer::sync::REQUESTS_PER_30_DAYS);
    // Empty pages that claim a billion records: every window splits, every second pages on.
    let lie = br#"{"code":0,"total_count":"1000000000","trade_list":[]}"#;
    let mut requests = 0u64;
    let error = loop {
        match sync.next_request(&creds, &RequestOptions::at(now)) {
            Ok(Some(_)) => {
                requests += 1;
                sync.accept(lie).unwrap();
            }
            Ok(None) => panic!("the sync ended after {requests} requests"),
            Err(e) => break e,
        }
        assert!(requests <= budget, "past the bound");
        if requests % 997 == 0 {
            // The bound holds across a restore, and the state stays small.
            let state = sync.to_json();
            assert!(state.len() < 64 * 1024, "state of {} bytes", state.len());
            sync = RefundSync::from_json(&state).unwrap();
        }
    };
    assert_eq!(requests, budget);
    assert_eq!(error.code.as_str(), "too_large");
    assert!(!error.retryable);
    assert!(error.message.contains("20000") && error.message_zh.contains("20000"), "{}", error.message);
}
