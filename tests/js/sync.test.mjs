// RefundSync against the simulated servers of every platform (gateways/simulator.mjs, in
// process, no network): 3000 refunds over 95 days, page sizes at their limits, each server's
// own paging quirks and order, data changing while the sync pages, stops and resumes, faults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { platforms, RefundSync, RefundError } from "refund-normalizer";
import { ROUTES } from "../../gateways/server.mjs";
import { createSimulator } from "../../gateways/simulator.mjs";
import { credentialsFor } from "../../gateways/credentials.mjs";

const DAY = 86400;
const NOW = 1_790_000_000; // 2026-09-21, a fixed clock for reproducible runs
const endpoint = (p) => `http://127.0.0.1:9${ROUTES[p].endpoint}`;
// What each platform declares (platforms()): the look-back it serves (苏宁 the last three
// months, 90 days: a 95-day range is an issue there), the time its range filters on (the
// first of its time fields, the one a sync uses), its largest page.
const INFO = new Map(platforms().map((p) => [p.id, p]));
const lookback = (p) => INFO.get(p).maxLookbackSeconds ?? 95 * DAY;

/** Runs a whole sync; returns what was delivered and how. */
function runSync(platform, { updatesPerStep = 0, restartEvery = 0, faults = [], reachPastNow = false, seed = 7 } = {}) {
  let clock = NOW;
  const sim = createSimulator(platform, { seed, count: 3000, days: 95, now: () => clock });
  const credentials = credentialsFor(platform, { shopex: endpoint("shopex") });
  const since = NOW - lookback(platform) + 60;
  const until = reachPastNow ? NOW + 20 * DAY : NOW;
  let sync = new RefundSync(platform, { since: since * 1000, until: until * 1000 }, { now: clock * 1000 });
  const deliveries = new Map(); // id → [version...]
  const changed = new Set();
  const stateSizes = [];
  let steps = 0;
  let retries = 0;
  const pendingFaults = [...faults];
  for (;;) {
    const request = sync.next(credentials, { now: clock * 1000, endpoint: endpoint(platform) });
    if (!request) break;
    const fault = pendingFaults.length && steps === pendingFaults[0].atStep ? pendingFaults.shift().fault : null;
    if (fault) sim.inject(fault);
    const response = sim.handle(request);
    let page;
    try {
      page = sync.accept(response.body, { httpStatus: response.status });
    } catch (e) {
      assert.ok(e instanceof RefundError, String(e));
      assert.ok(e.retryable, `${platform}: a ${fault ?? "normal"} answer gave a non-retryable ${e.code}: ${e.message}`);
      retries += 1;
      clock += 1;
      continue; // next() re-signs the same request
    }
    for (const r of page.refunds) {
      const list = deliveries.get(r.id) ?? [];
      list.push(JSON.stringify([r.updatedAt, r.status, r.platformStatus.code, r.refundedAmount]));
      deliveries.set(r.id, list);
    }
    clock += 1;
    steps += 1;
    if (updatesPerStep) for (const id of sim.update(updatesPerStep)) changed.add(id);
    stateSizes.push(JSON.stringify(sync).length);
    if (restartEvery && steps % restartEvery === 0) sync = RefundSync.fromJSON(JSON.parse(JSON.stringify(sync)));
    assert.ok(steps < 5000, "runaway sync");
  }
  return { sim, deliveries, changed, steps, retries, stateSizes, progress: sync.progress(), since };
}

/** The records a sync of [since, until] must find: in range by the platform's time field. */
function truth(run, platform) {
  const field = INFO.get(platform).timeFields[0].field;
  return new Set(run.sim.records().filter((r) => r[field] >= run.since && r[field] <= NOW).map((r) => r.id));
}

/** Fewest requests possible: every record once, pages full. */
function minimum(platform, count) {
  const size = INFO.get(platform).paging.sizeMax;
  return Math.ceil(count / size);
}

for (const platform of INFO.keys()) {
  test(`${platform}: a 95-day sync delivers every refund in range exactly once, within the platform's rules`, () => {
    const run = runSync(platform);
    const expected = truth(run, platform);
    assert.ok(expected.size > 2000, `${expected.size} records in range`);
    assert.deepEqual([...run.deliveries.keys()].sort(), [...expected].sort());
    for (const [id, versions] of run.deliveries) assert.equal(versions.length, 1, `${id} delivered ${versions.length} times`);
    // 苏宁 answers an empty window with its no-result code: that is its empty page, not a fault.
    const broken = run.sim.log.filter((entry) => entry.error !== null && entry.error !== "biz.handler.data-get:no-result");
    assert.deepEqual(broken, [], "every request followed the platform's rules");
    const floor = minimum(platform, expected.size);
    assert.ok(run.steps <= 3 * floor + 20, `${run.steps} requests for a minimum of ${floor}`);
    assert.equal(run.progress.done, true);
    assert.ok(Math.max(...run.stateSizes) < 64 * 1024, `state grew to ${Math.max(...run.stateSizes)} bytes`);
  });

  test(`${platform}: records changing during the sync are never lost; unchanged ones come once`, () => {
    const run = runSync(platform, { updatesPerStep: 3, reachPastNow: true, seed: 11 });
    const expected = truth(run, platform);
    for (const id of expected) {
      const versions = run.deliveries.get(id);
      assert.ok(versions, `${id} never delivered`);
      assert.equal(new Set(versions).size, versions.length, `${id} delivered twice with the same version`);
      if (!run.changed.has(id)) assert.equal(versions.length, 1, `${id} did not change but came ${versions.length} times`);
    }
    assert.ok(run.changed.size > 100, "the data really changed during the sync");
  });

  test(`${platform}: stopping after any step and resuming from JSON gives the same final set`, () => {
    const baseline = runSync(platform, { seed: 3 });
    for (const every of [1, 7]) {
      const resumed = runSync(platform, { seed: 3, restartEvery: every });
      assert.deepEqual([...resumed.deliveries.entries()].sort(), [...baseline.deliveries.entries()].sort(), `restart every ${every}`);
      assert.equal(resumed.steps, baseline.steps);
    }
  });

  test(`${platform}: rate limits, time skew, 500s and truncated bodies are retried without loss`, () => {
    const kinds = ["rate_limit", "time_skew", "server_error", "truncated"].filter((f) => !(platform === "nuoyun" && f === "time_skew"));
    const faults = kinds.map((fault, i) => ({ fault, atStep: 2 + i * 3 }));
    const run = runSync(platform, { faults, seed: 5 });
    const expected = truth(run, platform);
    assert.equal(run.retries, kinds.length);
    assert.deepEqual([...run.deliveries.keys()].sort(), [...expected].sort());
    for (const versions of run.deliveries.values()) assert.equal(versions.length, 1);
  });
}

test("suning: a 95-day range is an issue, not a silent cut", () => {
  assert.throws(
    () => new RefundSync("suning", { since: (NOW - 95 * DAY) * 1000, until: NOW * 1000 }, { now: NOW * 1000 }),
    (e) => e instanceof RefundError && e.code === "invalid_query" && e.issues.some((i) => i.field === "since"),
  );
});

test("accept() without a request, and broken states, are RefundErrors", () => {
  const sync = new RefundSync("wangdiantong", { since: "2026-09-01 00:00:00", until: "2026-09-02 00:00:00" });
  assert.throws(() => sync.accept("{}"), (e) => e instanceof RefundError && e.code === "invalid_state");
  for (const bad of [undefined, null, 5, "{", {}, { version: 1, platform: "x" }]) {
    assert.throws(() => RefundSync.fromJSON(bad), (e) => e instanceof RefundError && e.code === "invalid_state", JSON.stringify(bad));
  }
});

test("a restored state that does not hold together is invalid_state with the path", () => {
  const range = { since: "2026-08-01 00:00:00", until: "2026-09-10 00:00:00" };
  const state = new RefundSync("wangdiantong", range, { now: NOW * 1000 }).toJSON();
  const cases = [
    ["since", { since: -(2 ** 62), until: 2 ** 62, pending: [{ since: -(2 ** 62), until: 2 ** 62 }], progress: { ...state.progress, windowsPending: 1 } }],
    ["progress.done", { pending: [], progress: { ...state.progress, windowsPending: 0 } }],
    ["pending[1].since", { pending: [state.pending[1], state.pending[0]] }],
    ["pending[1].since", { pending: [state.pending[0], state.pending[0]] }],
    ["page", { page: 999999 }],
  ];
  for (const [path, edit] of cases) {
    assert.throws(
      () => RefundSync.fromJSON({ ...state, ...edit }),
      (e) => e instanceof RefundError && e.code === "invalid_state" && e.path === path && /[\u4e00-\u9fff]/.test(e.messageZh),
      `${path}: ${JSON.stringify(edit).slice(0, 80)}`,
    );
  }
  assert.equal(RefundSync.fromJSON(state).done, false);
});

test("a server that always says there is more ends in a too_large RefundError, not a loop", () => {
  const sync = new RefundSync("mogujie", { since: (NOW - DAY) * 1000, until: NOW * 1000 }, { now: NOW * 1000 });
  const credentials = credentialsFor("mogujie", {});
  // Empty pages with hasNext: every window splits down to seconds, every second pages on.
  const lie = JSON.stringify({ status: { code: "0000000", msg: "" }, result: { data: { refundFullDTOList: [], hasNext: true } } });
  let requests = 0;
  let error;
  for (;;) {
    let request;
    try {
      request = sync.next(credentials, { now: NOW * 1000 });
    } catch (e) {
      error = e;
      break;
    }
    assert.ok(request, `the sync ended after ${requests} requests`);
    sync.accept(lie);
    requests += 1;
    assert.ok(requests <= 20000, "past the documented bound");
  }
  assert.equal(requests, 20000);
  assert.ok(error instanceof RefundError && error.code === "too_large" && !error.retryable, String(error));
  assert.match(error.messageZh, /20000/);
});
