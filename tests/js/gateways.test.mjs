// The local platform gateways (gateways/) against the package, over real HTTP on loopback.
//
// Two independent implementations meet here: the package signs (Rust → wasm) and parses; the
// gateways verify with their own node:crypto code written from NOTES.md, and hold the truth
// the parsed records are compared with, field by field. Expected values are derived from the
// raw wire records by each platform's kit (`gatewayTruth`, with gateway-truth.mjs's rules from
// DESIGN.md), not from the package; what each gateway enforces is its kit's `gatewayRules`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildRequest, parseResponse, platforms, RefundError, signParams } from "refund-normalizer";
import { ROUTES, startGateways } from "../../gateways/server.mjs";
import { createSimulator, PLATFORMS as GATEWAY_PLATFORMS } from "../../gateways/simulator.mjs";
import { CREDENTIALS } from "../../gateways/credentials.mjs";
import { sign as wdtSign, packed as wdtPacked } from "../../gateways/platforms/wangdiantong.mjs";
import { assemble as shopexAssemble, sign as shopexSign, signOf as shopexSignOf } from "../../gateways/platforms/shopex.mjs";
import { sameText } from "../../gateways/common.mjs";
import { KITS } from "./kits.mjs";
import { request as httpRequest } from "node:http";
import { sign as mogujieSign } from "../../gateways/platforms/mogujie.mjs";
import { signInfo as suningSignInfo } from "../../gateways/platforms/suning.mjs";
import { createHash } from "node:crypto";
import { rfc } from "./gateway-truth.mjs";

const PLATFORMS = platforms().map((p) => p.id);
const DAY = 86400;
// 2026-11-20 12:00:00 Beijing. The gateways' clock; tests move it forward as they go.
const START = Date.UTC(2026, 10, 20, 4, 0, 0) / 1000;
let clock = START;
let gw;

before(async () => {
  gw = await startGateways({ seed: 11, now: () => clock });
});
after(async () => {
  await gw.close();
});

// ---------------------------------------------------------------------------------------
// Helpers: HTTP, and DESIGN.md's rules for the expected values.

/** One request the package builds now (the clock then moves 1 s, so no two signs repeat). */
function build(platform, query, options = {}) {
  const request = buildRequest(platform, gw.credentials[platform], query, { now: clock * 1000, ...options });
  clock += 1;
  return request;
}

/** Sends a request to the platform's gateway endpoint (the package's URL is the real one). */
async function send(platform, request, extraHeaders = {}) {
  const res = await fetch(gw.endpoints[platform], { method: request.method, headers: { ...request.headers, ...extraHeaders }, body: request.body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

function parseError(platform, body, options) {
  try {
    parseResponse(platform, body, options);
  } catch (e) {
    assert.ok(e instanceof RefundError, `expected a RefundError, got ${e}`);
    return e;
  }
  assert.fail(`parseResponse accepted an error answer: ${body.slice(0, 300)}`);
}


/** The same fields read from a parsed refund. */
function actual(platform, refund, expected) {
  const out = {
    id: refund.id,
    orderId: refund.orderId,
    subOrderId: refund.subOrderId,
    shopId: refund.shopId,
    shopName: refund.shopName,
    platformStatus: refund.platformStatus.code,
    statusLabel: refund.platformStatus.label,
    status: refund.status,
    kind: refund.kind,
    requestedAmount: refund.requestedAmount,
    refundedAmount: refund.refundedAmount,
    reason: refund.reason,
    note: refund.note,
    buyerId: refund.buyer?.id ?? null,
    buyerName: refund.buyer?.name ?? null,
    buyerPhone: refund.buyer?.phone ?? null,
    returnCompany: refund.returnShipment?.company ?? null,
    trackingNo: refund.returnShipment?.trackingNo ?? null,
    createdAt: refund.createdAt,
    updatedAt: refund.updatedAt,
    refundedAt: refund.refundedAt,
    items: refund.items,
  };
  // Compare only the fields the expectation names (and item fields likewise).
  const picked = {};
  for (const key of Object.keys(expected)) {
    if (expected[key] === undefined) continue;
    picked[key] = key === "items" ? out.items.map((item, i) => Object.fromEntries(Object.keys(expected.items[i] ?? {}).map((k) => [k, item[k]]))) : out[key];
  }
  return picked;
}
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// What each platform's gateway serves and enforces, from its kit (tests/js/kits/<id>.mjs).
const TRUTH = Object.fromEntries(Object.entries(KITS).map(([platform, kit]) => [platform, kit.gatewayTruth]));
const RULES = Object.fromEntries(Object.entries(KITS).map(([platform, kit]) => [platform, kit.gatewayRules]));

/** Every page of a query, as a client pages; returns the refunds and the raw bodies. */
async function walk(platform, query) {
  const refunds = [];
  const bodies = [];
  let total;
  for (let page = 1; page < 500; page += 1) {
    const q = { ...query, page };
    const res = await send(platform, build(platform, q));
    assert.equal(res.status, 200, res.text.slice(0, 200));
    bodies.push(res.text);
    const parsed = parseResponse(platform, res.text, { query: q, total });
    assert.deepEqual(parsed.rejected, [], `${platform} page ${page} rejected records`);
    if (page === 1) total = parsed.page.total ?? undefined;
    refunds.push(...parsed.refunds);
    if (!parsed.page.hasMore) break;
  }
  return { refunds, bodies, total };
}

// ---------------------------------------------------------------------------------------

test("the gateways serve exactly the package's platforms, each with its credentials and route", () => {
  const sorted = (ids) => [...ids].sort();
  assert.deepEqual(sorted(Object.keys(GATEWAY_PLATFORMS)), sorted(PLATFORMS));
  assert.deepEqual(sorted(Object.keys(CREDENTIALS)), sorted(PLATFORMS));
  assert.deepEqual(sorted(Object.keys(ROUTES)), sorted(PLATFORMS));
  assert.deepEqual(sorted(Object.keys(gw.endpoints)), sorted(PLATFORMS));
});

test("nuoyun: its gateway's route is its API's path under /nuoyun", () => {
  assert.equal(ROUTES.nuoyun.endpoint, "/nuoyun/Api/Order/getRefundList/2.0.0");
});

describe("the gateways' own sign code reproduces NOTES.md's worked examples", () => {
  test("wangdiantong", () => {
    const wdt = { appkey: "test2-xx", page_no: "0", end_time: "2016-08-01 13:00:00", start_time: "2016-08-01 12:00:00", page_size: "40", sid: "test2", timestamp: "1470042310" };
    assert.equal(wdtPacked(wdt), "06-appkey:0008-test2-xx;08-end_time:0019-2016-08-01 13:00:00;07-page_no:0001-0;09-page_size:0002-40;03-sid:0005-test2;10-start_time:0019-2016-08-01 12:00:00;09-timestamp:0010-1470042310");
    assert.equal(wdtSign(wdt, "test_secret"), "b6b3b7882f9a48858fa18e701d5485b9");
    assert.equal(wdtPacked({ shop: "旺店通测试店铺", e: "😀" }), "01-e:0001-😀;04-shop:0007-旺店通测试店铺");
  });
  test("shopex", () => {
    const shopex = { flag: "test", method: "refunds.getList", ver: "1", charset: "utf-8", type: "json", timestamp: "1700000000", start_time: "2023-11-14 00:00:00", end_time: "2023-11-14 23:59:59", page_no: "1", page_size: "100" };
    assert.equal(shopexSign(shopex, "test_secret"), "43EEC05C7ED416A57BAF4A9880DE545E");
  });
  test("mogujie", () => {
    const mogujie = { access_token: "TOKEN", app_key: "100001", format: "json", method: "xiaodian.trade.refund.list", page: "1", pageSize: "20", timestamp: "1700000000" };
    assert.equal(mogujieSign(mogujie, "test_secret"), "E3781B73FCB726602254561806081396");
  });
  test("suning", () => {
    const body = '{"sn_request":{"sn_body":{"batchQueryRejected":{"startTime":"2013-10-20 00:00:00","endTime":"2013-10-26 00:00:00","pageNo":"1","pageSize":"2"}}}}';
    const suning = { appSecret: "test_secret", appMethod: "suning.custom.batchrejected.query", appRequestTime: "2026-11-22 07:49:33", appKey: "test_appkey", versionNo: "v1.2" };
    assert.equal(suningSignInfo(suning, Buffer.from(body)), "7f6da6272209f6827ab57992f3660094");
  });
});

describe("a request built by the package is accepted and every page matches the truth", () => {
  for (const platform of PLATFORMS) {
    test(`${platform}: 12 days, all pages, field by field`, async () => {
      const sim = gw.simulators[platform];
      const logStart = sim.log.length;
      const until = clock - 3600;
      const since = until - 12 * DAY;
      const query = { since: since * 1000, until: until * 1000, pageSize: RULES[platform].maxPageSize };
      const { refunds } = await walk(platform, query);

      // The time its range filters on (NOTES.md / the docs).
      const field = KITS[platform].filtersOn[0];
      const truth = sim.records().filter((r) => r[field] >= since && r[field] <= until);
      assert.ok(truth.length > 100, `a useful window: ${truth.length} records`);
      const byId = new Map(refunds.map((r) => [r.id, r]));
      assert.equal(byId.size, refunds.length, "no duplicates across pages");
      assert.equal(refunds.length, truth.length, "every record of the window, once");
      for (const record of truth) {
        const expected = TRUTH[platform].expect(record);
        const refund = byId.get(expected.id);
        assert.ok(refund, `${platform} ${expected.id} missing`);
        assert.equal(refund.platform, platform);
        assert.equal(refund.currency, "CNY");
        assert.deepEqual(actual(platform, refund, expected), defined(expected), `${platform} ${expected.id}`);
      }
      const served = sim.log.slice(logStart);
      assert.ok(served.length >= 1);
      assert.deepEqual(served.filter((e) => e.error), [], "no request broke the platform's rules");
    });
  }
});

describe("created-time filters: the platforms with a second date pair send it", () => {
  const withCreated = PLATFORMS.filter((platform) => RULES[platform].createdFilter !== null);
  test("the kits that say what a created-time range sends are the platforms with a second, created time field", () => {
    const second = platforms().filter((p) => p.timeFields.length > 1 && p.timeFields.some((t) => t.field === "created")).map((p) => p.id);
    assert.deepEqual(withCreated, second);
  });
  for (const platform of withCreated) {
    test(`${platform}: timeField created, all pages`, async () => {
      const until = clock - 7200;
      const since = until - 9 * DAY;
      const { refunds } = await walk(platform, { since: since * 1000, until: until * 1000, timeField: "created", pageSize: RULES[platform].maxPageSize });
      const truth = gw.simulators[platform].records().filter((r) => r.created >= since && r.created <= until);
      assert.ok(truth.length > 50);
      assert.deepEqual(refunds.map((r) => r.id).sort(), truth.map((r) => TRUTH[platform].expect(r).id).sort());
      const [shown, expected] = RULES[platform].createdFilter(gw.simulators[platform].log.at(-1).params);
      assert.equal(shown, expected);
    });
  }
});

describe("one changed character of the signature is the platform's sign error", () => {
  const flip = (s) => s.slice(0, -1) + (s.endsWith("0") ? "1" : "0");
  for (const platform of PLATFORMS) {
    test(platform, async () => {
      const { signatureIn: [where, name], signError } = RULES[platform];
      const query = { since: (clock - 2 * DAY) * 1000, until: clock * 1000, page: 1, pageSize: 10 };
      const request = build(platform, query);
      if (where === "header") request.headers[name] = flip(request.headers[name]);
      else request.body = request.body.replace(new RegExp(`${name}=([0-9A-Fa-f]+)$`), (_, s) => `${name}=${flip(s)}`);
      const res = await send(platform, request);
      const e = parseError(platform, res.text, { query });
      assert.equal(e.code, "platform_error");
      assert.equal(e.platformCode, signError.code, res.text.slice(0, 300));
      assert.equal(e.retryable, false);
      if (!signError.json) assert.throws(() => JSON.parse(res.text), `the server's ${signError.code} body is invalid JSON`);
    });
  }
});

describe("a stale timestamp is the platform's time error, retryable", () => {
  // A platform whose requests carry no timestamp (stale: null) has nothing to be stale.
  for (const [platform, [age, code]] of Object.entries(RULES).filter(([, r]) => r.stale !== null).map(([platform, r]) => [platform, r.stale])) {
    test(`${platform}: ${age} s old`, async () => {
      const query = { since: (clock - 2 * DAY) * 1000, until: (clock - DAY) * 1000, page: 1, pageSize: 10 };
      const request = buildRequest(platform, gw.credentials[platform], query, { now: (clock - age) * 1000 });
      const res = await send(platform, request);
      const e = parseError(platform, res.text, { query });
      assert.equal(e.platformCode, code, res.text);
      assert.equal(e.retryable, true);
      // Just inside the window it is accepted.
      const fresh = buildRequest(platform, gw.credentials[platform], query, { now: (clock - age + 3) * 1000 });
      const ok = await send(platform, fresh);
      parseResponse(platform, ok.text, { query });
    });
  }
});

describe("faults, by header and by inject()", () => {
  const query = () => ({ since: (clock - 3 * DAY) * 1000, until: clock * 1000, page: 1, pageSize: 10 });
  for (const platform of PLATFORMS) {
    test(`${platform}: rate_limit, server_error, truncated, time_skew`, async () => {
      const sim = gw.simulators[platform];
      const q = query();

      // rate_limit, by header
      let res = await send(platform, build(platform, q), { "X-Gateway-Fault": "rate_limit" });
      const { rateLimit, stale } = RULES[platform];
      if (rateLimit === null) {
        // No rate-limit code of its own: a limiting instance answers 429 from nginx.
        assert.equal(res.status, 429);
        assert.equal(res.headers.get("retry-after"), "1");
        assert.equal(parseError(platform, res.text).code, "invalid_body");
      } else {
        const e = parseError(platform, res.text, { query: q });
        assert.equal(e.platformCode, rateLimit);
        assert.equal(e.retryable, true, `${platform} rate limit must be retryable`);
      }

      // server_error, injected: HTML with status 500
      sim.inject("server_error");
      res = await send(platform, build(platform, q));
      assert.equal(res.status, 500);
      assert.match(res.text, /<html>/);
      assert.equal(parseError(platform, res.text).code, "invalid_body");

      // truncated, twice by inject: a valid answer cut in half
      sim.inject("truncated", 2);
      for (let i = 0; i < 2; i += 1) {
        res = await send(platform, build(platform, q));
        assert.equal(res.status, 200);
        assert.equal(parseError(platform, res.text, { query: q }).code, "invalid_body");
      }

      // time_skew: the platform's own timestamp error (none without a timestamp)
      if (stale === null) {
        assert.throws(() => sim.inject("time_skew"), /no time_skew/);
        res = await send(platform, build(platform, q), { "X-Gateway-Fault": "time_skew" });
        assert.equal(res.status, 400);
      } else {
        sim.inject("time_skew");
        res = await send(platform, build(platform, q));
        const e = parseError(platform, res.text, { query: q });
        assert.equal(e.retryable, true);
      }

      // and then the platform answers normally again
      assert.deepEqual(sim.pendingFaults(), []);
      res = await send(platform, build(platform, q));
      assert.ok(parseResponse(platform, res.text, { query: q }).refunds.length > 0);
    });
  }
});

describe("rule violations get the platform's error codes", () => {
  const span = (days) => ({ start_time: beijingWall(clock - days * DAY), end_time: beijingWall(clock) });
  function beijingWall(epoch) {
    return rfc(epoch).slice(0, 19).replace("T", " ");
  }
  async function postForm(platform, params) {
    const sign = signParams(platform, params, gw.credentials[platform]);
    clock += 1;
    return send(platform, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...params, sign }).toString() });
  }
  const wdtBase = () => ({ sid: gw.credentials.wangdiantong.sid, appkey: gw.credentials.wangdiantong.appKey, timestamp: String(clock), page_no: "0" });

  test("wangdiantong: page_size 101 → 105, span 31 days → 106, 30 days and page_size 100 accepted", async () => {
    let res = await postForm("wangdiantong", { ...wdtBase(), page_size: "101", ...span(2) });
    assert.equal(parseError("wangdiantong", res.text).platformCode, "105");
    res = await postForm("wangdiantong", { ...wdtBase(), page_size: "100", ...span(31) });
    assert.equal(parseError("wangdiantong", res.text).platformCode, "106");
    res = await postForm("wangdiantong", { ...wdtBase(), page_size: "100", ...span(30) });
    assert.equal(parseResponse("wangdiantong", res.text).refunds.length, 100);
  });

  test("wangdiantong: lengths are code points (a Chinese value signs; byte lengths do not)", async () => {
    const params = { ...wdtBase(), page_size: "5", shop_no: "旺店通测试店铺", ...span(3) };
    let res = await postForm("wangdiantong", params);
    assert.deepEqual(JSON.parse(res.text).code, 0);
    // The same params signed with UTF-8 byte lengths (a wrong port) must be refused.
    const bytePacked = Object.keys(params)
      .sort()
      .map((k) => `${String(Buffer.byteLength(k)).padStart(2, "0")}-${k}:${String(Buffer.byteLength(params[k])).padStart(4, "0")}-${params[k]}`)
      .join(";");
    const wrong = createHash("md5").update(bytePacked + gw.credentials.wangdiantong.appSecret).digest("hex");
    res = await send("wangdiantong", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...params, timestamp: params.timestamp, sign: wrong }).toString() });
    assert.equal(parseError("wangdiantong", res.text).platformCode, "102");
  });

  test("wangdiantong: total_count only on page_no 0", async () => {
    const query = { since: (clock - 5 * DAY) * 1000, until: clock * 1000, pageSize: 20 };
    const first = JSON.parse((await send("wangdiantong", build("wangdiantong", { ...query, page: 1 }))).text);
    const second = JSON.parse((await send("wangdiantong", build("wangdiantong", { ...query, page: 2 }))).text);
    assert.equal(typeof first.total_count, "string");
    assert.equal("total_count" in second, false);
    assert.ok(first.trade_list.every((t) => typeof t.refund_amount === "string" && typeof t.platform_id === "string"));
  });

  test("mogujie: pageSize 21 → 0000101; both date pairs or none → 0000101", async () => {
    const base = { app_key: gw.credentials.mogujie.appKey, access_token: gw.credentials.mogujie.accessToken, method: "xiaodian.trade.refund.list", format: "json", timestamp: String(clock), page: "1" };
    const upd = { startDate: "[0]", endDate: "[0]", startUpdateTime: beijingWall(clock - DAY), endUpdateTime: beijingWall(clock) };
    let res = await postForm("mogujie", { ...base, pageSize: "21", ...upd });
    let e = parseError("mogujie", res.text);
    assert.equal(e.platformCode, "0000101");
    assert.equal(e.retryable, false);
    res = await postForm("mogujie", { ...base, pageSize: "20", ...upd, startDate: beijingWall(clock - DAY), endDate: beijingWall(clock) });
    assert.equal(parseError("mogujie", res.text).platformCode, "0000101");
    res = await postForm("mogujie", { ...base, pageSize: "20", startDate: "[0]", endDate: "[0]", startUpdateTime: "[0]", endUpdateTime: "[0]" });
    assert.equal(parseError("mogujie", res.text).platformCode, "0000101");
    res = await postForm("mogujie", { ...base, pageSize: "20", ...upd });
    assert.equal(parseResponse("mogujie", res.text).refunds.length > 0, true);
  });

  test("shopex: page_size 200 is clamped to 100; no start_time → e000006", async () => {
    const base = { flag: gw.credentials.shopex.flag, method: "refunds.getList", ver: "1", charset: "utf-8", type: "json", timestamp: String(clock), page_no: "1" };
    let res = await postForm("shopex", { ...base, page_size: "200", ...span(40) });
    const page = parseResponse("shopex", res.text);
    assert.equal(page.refunds.length, 100);
    assert.ok(page.page.total > 100);
    res = await postForm("shopex", { ...base, page_size: "10", end_time: beijingWall(clock) });
    assert.equal(parseError("shopex", res.text).platformCode, "e000006");
  });

  test("suning: pageSize 51 → pagesize-format, 31 days → query-time:outofrange, older than 3 months → time-value:outofrange", async () => {
    const creds = gw.credentials.suning;
    async function post(fields) {
      const body = JSON.stringify({ sn_request: { sn_body: { batchQueryRejected: fields } } });
      const appRequestTime = beijingWall(clock);
      const signInfo = signParams("suning", { appMethod: "suning.custom.batchrejected.query", appRequestTime, body }, creds);
      clock += 1;
      const headers = { "Content-Type": "application/json", AppMethod: "suning.custom.batchrejected.query", AppRequestTime: appRequestTime, Format: "json", AppKey: creds.appKey, VersionNo: "v1.2", signInfo };
      return send("suning", { method: "POST", headers, body });
    }
    const times = (days, back = 0) => ({ startTime: beijingWall(clock - back * DAY - days * DAY), endTime: beijingWall(clock - back * DAY) });
    let res = await post({ ...times(2), pageNo: "1", pageSize: "51" });
    assert.equal(parseError("suning", res.text).platformCode, "sys.check.pagesize-format:error");
    res = await post({ ...times(31), pageNo: "1", pageSize: "50" });
    assert.equal(parseError("suning", res.text).platformCode, "sys.check.query-time:outofrange");
    res = await post({ ...times(10, 85), pageNo: "1", pageSize: "50" });
    assert.equal(parseError("suning", res.text).platformCode, "biz.orderquery.time-value:outofrange");
    // pageNo alone: both ignored, page 1 of 10.
    res = await post({ ...times(5), pageNo: "3" });
    assert.equal(JSON.parse(res.text).sn_responseContent.sn_body.batchQueryRejected.length, 10);
  });

  test("nuoyun: page_size 101 and no page → code 400 with data {}", async () => {
    const headers = { "Content-Type": "application/json", ...gw.credentials.nuoyun.headers };
    let res = await send("nuoyun", { method: "POST", headers, body: JSON.stringify({ page: 1, page_size: 101 }) });
    assert.deepEqual(JSON.parse(res.text).data, {});
    let e = parseError("nuoyun", res.text);
    assert.equal(e.platformCode, "400");
    assert.equal(e.retryable, false);
    res = await send("nuoyun", { method: "POST", headers, body: JSON.stringify({ page_size: 10 }) });
    e = parseError("nuoyun", res.text);
    assert.equal(e.platformMessage, "请选择第几页");
  });
});

describe("platform shapes and quirks", () => {
  test("suning: XML when the Format header says xml (and by default); the same records as JSON", async () => {
    const query = { since: (clock - 6 * DAY) * 1000, until: (clock - DAY) * 1000, page: 2, pageSize: 20 };
    const asJson = await send("suning", build("suning", query));
    const asXml = await send("suning", build("suning", query, { format: "xml" }));
    assert.match(asXml.text, /^<sn_responseContent><sn_head><pageNo>2<\/pageNo>/);
    const a = parseResponse("suning", asJson.text, { query });
    const b = parseResponse("suning", asXml.text, { query });
    assert.deepEqual(b.refunds.map((r) => r.id), a.refunds.map((r) => r.id));
    assert.deepEqual(b.refunds.map((r) => r.refundedAmount), a.refunds.map((r) => r.refundedAmount));
    assert.equal(b.page.total, a.page.total);
    // No Format header: the server's default is XML.
    const request = build("suning", query);
    delete request.headers.Format;
    const signed = signParams("suning", { appMethod: request.headers.AppMethod, appRequestTime: request.headers.AppRequestTime, body: request.body }, gw.credentials.suning);
    assert.equal(signed, request.headers.signInfo, "signParams agrees with buildRequest");
    const bare = await send("suning", request);
    assert.match(bare.text, /^<sn_responseContent>/);
  });

  test("suning: a one-record page is an object; an empty page is biz.handler.data-get:no-result", async () => {
    const sim = gw.simulators.suning;
    const truth = sim.records().filter((r) => r.updated >= clock - 10 * DAY && r.updated <= clock);
    const query = { since: (clock - 10 * DAY) * 1000, until: clock * 1000, page: truth.length, pageSize: 1 };
    const res = await send("suning", build("suning", query));
    const list = JSON.parse(res.text).sn_responseContent.sn_body.batchQueryRejected;
    assert.equal(Array.isArray(list), false);
    assert.equal(parseResponse("suning", res.text, { query }).refunds.length, 1);
    const beyond = { ...query, page: truth.length + 1 };
    const empty = await send("suning", build("suning", beyond));
    assert.deepEqual(JSON.parse(empty.text), { sn_responseContent: { sn_head: {}, sn_error: { error_code: "biz.handler.data-get:no-result" } } });
    const page = parseResponse("suning", empty.text, { query: beyond });
    assert.equal(page.refunds.length, 0);
    assert.equal(page.page.hasMore, false);
  });

  test("shopex: lists keyed by refund_id, count a string (0 when empty), raw memos read exactly", async () => {
    const sim = gw.simulators.shopex;
    const memoRecords = sim.records().filter((r) => /["\n\\]/.test(r.wire.memo));
    assert.ok(memoRecords.length > 10);
    const target = memoRecords.find((r) => r.created < clock - 2 * DAY);
    const query = { since: (target.created - 1) * 1000, until: (target.created + 1) * 1000, page: 1, pageSize: 100 };
    const res = await send("shopex", build("shopex", query));
    assert.throws(() => JSON.parse(res.text), "the server's writer leaves quotes and newlines raw");
    assert.match(res.text, new RegExp(`"lists":\\{"${target.wire.refund_id}":\\{"refund_id":"${target.wire.refund_id}"`));
    const refund = parseResponse("shopex", res.text, { query }).refunds.find((r) => r.id === target.wire.refund_bn);
    assert.equal(refund.note, target.wire.memo);

    const emptyQuery = { since: (START + 400 * DAY) * 1000, until: (START + 401 * DAY) * 1000, page: 1, pageSize: 10 };
    const empty = await send("shopex", build("shopex", emptyQuery));
    assert.equal(empty.text, '{"response":{"lists":[],"count":0}}');
    assert.equal(parseResponse("shopex", empty.text, { query: emptyQuery }).refunds.length, 0);
  });

  test("shopex: Unix-second timestamps (the server's) and the doc's yyyyMMddHHmmss both pass; a replayed sign is e000009", async () => {
    const query = { since: (clock - 3 * DAY) * 1000, until: clock * 1000, page: 1, pageSize: 5 };
    const unix = build("shopex", query, { timestampStyle: "unix" });
    assert.match(unix.body, new RegExp(`timestamp=${clock - 1}&`));
    const first = await send("shopex", unix);
    assert.equal(parseResponse("shopex", first.text, { query }).refunds.length, 5);
    const again = await send("shopex", unix);
    const e = parseError("shopex", again.text, { query });
    assert.equal(e.platformCode, "e000009");
    const doc = build("shopex", query);
    assert.match(doc.body, /timestamp=\d{14}&/);
    assert.equal(parseResponse("shopex", (await send("shopex", doc)).text, { query }).refunds.length, 5);
  });

  test("mogujie: ids above 2^53 arrive as JSON numbers and stay exact", async () => {
    const sim = gw.simulators.mogujie;
    const big = sim.records().filter((r) => BigInt(r.wire.refundId) > 2n ** 53n);
    assert.ok(big.length > 100);
    assert.ok(big.some((r) => r.wire.refundId === "9007199254740993"));
    const target = big.find((r) => r.updated < clock - DAY && r.updated > clock - 80 * DAY);
    const query = { since: (target.updated - 1) * 1000, until: (target.updated + 1) * 1000, page: 1, pageSize: 20 };
    const res = await send("mogujie", build("mogujie", query));
    assert.match(res.text, new RegExp(`"refundId":${target.wire.refundId}[,}]`));
    const refund = parseResponse("mogujie", res.text, { query }).refunds.find((r) => r.id === target.wire.refundId);
    assert.ok(refund, "found by its exact digits");
    assert.equal(refund.subOrderId, target.wire.itemOrderId);
  });

  test("nuoyun: code 200, refund_money a number from its text, data {} on errors, no auth header → refused", async () => {
    const query = { since: (clock - 4 * DAY) * 1000, until: clock * 1000, page: 1, pageSize: 5 };
    const res = await send("nuoyun", build("nuoyun", query));
    assert.match(res.text, /^\{"code":200,"msg":"Success","data":\{"total":\d+,"list":\[/);
    assert.match(res.text, /"refund_money":\d+\.\d\d,/);
    const request = build("nuoyun", query);
    delete request.headers["X-Demo-Token"];
    const refused = await send("nuoyun", request);
    assert.deepEqual(JSON.parse(refused.text), { code: 400, msg: "认证信息无效", data: {} });
  });
});

describe("the simulator", () => {
  test("a seed gives the same data set; every status code of each platform appears", () => {
    for (const platform of PLATFORMS) {
      const statuses = [...Object.keys(TRUTH[platform].statuses), ...TRUTH[platform].unlisted];
      const a = createSimulator(platform, { seed: 5, now: () => START });
      const b = createSimulator(platform, { seed: 5, now: () => START });
      assert.deepEqual(a.records(), b.records(), platform);
      assert.equal(a.records().length, 3000);
      assert.notDeepEqual(createSimulator(platform, { seed: 6, now: () => START, count: 10 }).records(), createSimulator(platform, { seed: 5, now: () => START, count: 10 }).records());
      const seen = new Set(a.records().map((r) => r.status));
      for (const code of statuses) assert.ok(seen.has(code), `${platform} status ${code}`);
      const ids = new Set(a.records().map((r) => r.id));
      assert.equal(ids.size, 3000, `${platform} ids are unique`);
      const times = a.records().map((r) => r.created);
      assert.ok(Math.max(...times) - Math.min(...times) > 90 * DAY, "spread over the days");
    }
  });

  test("update() and add() change the truth as a live server would", async () => {
    let now = START;
    const sim = createSimulator("wangdiantong", { seed: 3, count: 200, now: () => now });
    now += 60;
    const before = new Map(sim.records().map((r) => [r.id, r]));
    const changed = sim.update(5);
    const added = sim.add(2);
    const after = new Map(sim.records().map((r) => [r.id, r]));
    assert.equal(after.size, 202);
    for (const id of changed) {
      assert.equal(after.get(id).updated, now);
      assert.equal(after.get(id).wire.modified, rfc(now).slice(0, 19).replace("T", " "));
    }
    assert.ok(changed.some((id) => after.get(id).status !== before.get(id).status), "statuses moved");
    for (const id of added) assert.equal(after.get(id).created, now);
  });

  test("orders: updated, created, id and a stable seeded shuffle", () => {
    for (const order of ["updated", "created", "id", "shuffled"]) {
      const sim = createSimulator("nuoyun", { seed: 9, count: 300, now: () => START, order });
      const request = (page) => ({
        url: "/Api/Order/getRefundList/2.0.0",
        method: "POST",
        headers: { "X-Demo-Token": gw.credentials.nuoyun.headers["X-Demo-Token"] },
        body: JSON.stringify({ page, page_size: 100 }),
      });
      const ids = [1, 2, 3].flatMap((p) => JSON.parse(sim.handle(request(p)).body).data.list.map((r) => r.refund_no));
      assert.equal(new Set(ids).size, 300, order);
      const again = [1, 2, 3].flatMap((p) => JSON.parse(sim.handle(request(p)).body).data.list.map((r) => r.refund_no));
      assert.deepEqual(again, ids, `${order} is stable`);
      const truth = new Map(sim.records().map((r) => [r.id, r]));
      const key = { updated: (r) => r.updated, created: (r) => r.created, id: (r) => r.seq, shuffled: null }[order];
      if (key) for (let i = 1; i < ids.length; i += 1) assert.ok(key(truth.get(ids[i - 1])) <= key(truth.get(ids[i])), order);
    }
  });
});

describe("the server is safe to run", () => {
  /** A ShopEx getList form with `extra` pairs, signed over `signed` (the $_POST the server must build from them). */
  function shopexForm(extra, signed) {
    const base = [
      ["flag", gw.credentials.shopex.flag],
      ["method", "refunds.getList"],
      ["timestamp", String(clock)],
      ["start_time", "2026-11-01 00:00:00"],
      ["end_time", "2026-11-20 00:00:00"],
      ["page_size", "5"],
    ];
    clock += 1;
    const sign = shopexSignOf(shopexAssemble([...base, ...signed]), gw.credentials.shopex.token);
    return [...base, ...extra, ["sign", sign]].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  }
  const shopexHandle = (body) =>
    gw.simulators.shopex.handle({ url: "/shopex/index.php/openapi/rpc/service/", method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

  test("shopex: 40,000 `a[]=1` pairs parse in linear time into a[0]…a[39999], and the sign over them verifies", () => {
    const n = 40000;
    const pairs = Array.from({ length: n }, () => ["a[]", "1"]);
    const expected = [["a", Array.from({ length: n }, (_, i) => [String(i), "1"])]];
    const body = shopexForm(pairs, expected);
    const started = performance.now();
    const answer = shopexHandle(body);
    const elapsed = performance.now() - started;
    assert.equal(answer.status, 200);
    assert.equal(gw.simulators.shopex.log.at(-1).error, null, answer.body.slice(0, 200));
    assert.ok(parseResponse("shopex", answer.body, { query: { page: 1, pageSize: 5 } }).refunds.length > 0, "a refund list, not an error");
    // The quadratic parser took 79 s for this body; a linear one takes milliseconds.
    assert.ok(elapsed < 2000, `parsed in ${elapsed.toFixed(0)} ms`);
  });

  test("shopex: `[]` takes the next integer key after explicit ones, as PHP does; names nested past 64 levels are dropped", () => {
    const deep = `d${"[x]".repeat(64)}`;
    const extra = [["a[]", "x"], ["a[]", "y"], ["a[5]", "z"], ["a[]", "w"], ["b[k][]", "1"], ["b[k][]", "2"], [deep, "gone"], [`e${"[x]".repeat(63)}`, "kept"]];
    let kept = [["x", "kept"]];
    for (let i = 0; i < 62; i += 1) kept = [["x", kept]];
    const expected = [
      ["a", [["0", "x"], ["1", "y"], ["5", "z"], ["6", "w"]]],
      ["b", [["k", [["0", "1"], ["1", "2"]]]]],
      ["e", kept],
    ];
    const answer = shopexHandle(shopexForm(extra, expected));
    assert.equal(gw.simulators.shopex.log.at(-1).error, null, answer.body.slice(0, 300));
  });

  /** POSTs `size` bytes to `url` with node:http, declared or chunked; resolves with the answer (or the socket error after one). */
  function postBytes(url, size, { chunked = false } = {}) {
    return new Promise((resolve, reject) => {
      let answered = false;
      const headers = chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(size) };
      const req = httpRequest(url, { method: "POST", headers }, (res) => {
        answered = true;
        const parts = [];
        res.on("data", (c) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString("utf8") }));
      });
      req.on("error", (e) => {
        if (!answered) reject(e);
      });
      const chunk = Buffer.alloc(16 * 1024, "a");
      let sent = 0;
      const more = () => {
        if (answered || req.destroyed) return;
        if (sent >= size) return req.end();
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        req.write(piece, () => setTimeout(more, 5));
      };
      more();
    });
  }

  test("a body over maxBodyBytes is 413, with Content-Length (unread) and chunked; one within the limit is served", async () => {
    const small = await startGateways({ seed: 11, now: () => clock, maxBodyBytes: 64 * 1024 });
    try {
      const declared = await postBytes(small.endpoints.wangdiantong, 200 * 1024);
      assert.equal(declared.status, 413);
      assert.match(declared.body, /over 65536 bytes/);
      const chunked = await postBytes(small.endpoints.wangdiantong, 2 * 1024 * 1024, { chunked: true });
      assert.equal(chunked.status, 413);
      const within = await postBytes(small.endpoints.wangdiantong, 1024);
      assert.equal(within.status, 200, "a small bad form gets the platform's own error envelope");
      assert.equal(small.simulators.wangdiantong.log.length, 1, "only the body within the limit reached the gateway");
    } finally {
      await small.close();
    }
  });

  test("a gateway bug answers 500 without its message or stack", async () => {
    const original = gw.simulators.nuoyun.handle;
    const logged = console.error;
    console.error = () => {};
    gw.simulators.nuoyun.handle = () => {
      throw new Error("boom: nuoyun-demo-token-2c81");
    };
    try {
      const res = await fetch(gw.endpoints.nuoyun, { method: "POST", body: "{}" });
      assert.equal(res.status, 500);
      assert.equal(await res.text(), "gateway error\n");
    } finally {
      gw.simulators.nuoyun.handle = original;
      console.error = logged;
    }
  });

  test("sameText: equal texts only, whatever their lengths; anything but two strings is unequal", () => {
    assert.equal(sameText("A1B2", "A1B2"), true);
    assert.equal(sameText("A1B2", "A1B3"), false);
    assert.equal(sameText("A1B2", "A1B"), false);
    assert.equal(sameText("", ""), true);
    assert.equal(sameText(undefined, "x"), false);
    assert.equal(sameText(["A1B2"], "A1B2"), false);
    assert.equal(sameText("签名", "签名"), true);
  });
});
