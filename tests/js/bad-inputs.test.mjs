// Every export given bad JS values, for every platform, through the built package in Node:
// each call returns a valid result or throws RefundError, never an uncaught
// `RuntimeError: unreachable` (a wasm trap) or a TypeError from the glue.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as rn from "refund-normalizer";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir, PLATFORMS, root } from "./helpers.mjs";
import { credentialsByPlatform } from "./kits.mjs";

const { RefundError, RefundSync } = rn;
const NOW = Date.parse("2024-06-20T00:00:00+08:00");

const creds = credentialsByPlatform({ secret: "sec", token: "tok", access: "acc", header: "1", field: "f", auth: "a" });
const range = { since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" };

const hugeString = "x".repeat(8 * 1024 * 1024);
const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

// The odd values every argument gets, by name.
const BAD = {
  undefined: undefined,
  null: null,
  number: 42,
  nan: NaN,
  bigint: 10n ** 30n,
  string: "2024-06-10",
  hugeString,
  symbol: Symbol("x"),
  function: () => 1,
  array: [1, "a", null],
  emptyObject: {},
  extraFields: { ...range, page: 1, pageSize: 20, bogus: { deep: [1, 2] }, __proto__: { inherited: 1 } },
  numbersForStrings: { since: 20240610, until: 20240611, status: 5, shopId: 7, orderId: 1.5, params: { a: 1 } },
  nested: JSON.parse("[".repeat(5000) + "]".repeat(5000)),
  date: new Date(NOW),
  map: new Map([["a", 1]]),
  uint8: invalidUtf8,
};

/** Runs fn; passes if it returns, or throws a RefundError with a code and both messages. */
function expectResultOrRefundError(what, fn) {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof RefundError, `${what}: threw ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(typeof e.code, "string", what);
    assert.notEqual(e.code, "internal_error", `${what}: a wasm trap became internal_error: ${e.message}`);
    assert.equal(typeof e.message, "string", what);
    assert.equal(typeof e.messageZh, "string", what);
    assert.equal(typeof e.retryable, "boolean", what);
    return e;
  }
}

test("platforms() is a plain description; each platform it lists has its fixtures and its gateway", () => {
  const info = rn.platforms();
  assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
  for (const { id } of info) {
    assert.ok(readdirSync(join(fixturesDir, id)).some((name) => name.startsWith("doc_")), `tests/fixtures/${id}/ has no doc_ fixture`);
    assert.ok(existsSync(join(root, "gateways", "platforms", `${id}.mjs`)), `no gateways/platforms/${id}.mjs`);
  }
});

test("platform argument: anything but a known id is RefundError unknown_platform", () => {
  for (const [name, value] of Object.entries(BAD)) {
    for (const call of [
      () => rn.validateQuery(value, range),
      () => rn.buildRequest(value, creds.wangdiantong, range),
      () => rn.parseResponse(value, "{}"),
      () => rn.planWindows(value, range),
      () => rn.signParams(value, { a: "1" }, creds.wangdiantong),
      () => new RefundSync(value, range),
    ]) {
      const e = expectResultOrRefundError(`platform ${name}`, call);
      assert.ok(e instanceof RefundError, `platform ${name} was accepted`);
      assert.equal(e.code, "unknown_platform", `platform ${name}`);
    }
  }
});

for (const platform of PLATFORMS) {
  test(`${platform}: validateQuery, buildRequest, planWindows, signParams with bad arguments`, () => {
    for (const [name, value] of Object.entries(BAD)) {
      const v = expectResultOrRefundError(`validateQuery query=${name}`, () => rn.validateQuery(platform, value, { now: NOW }));
      if (!(v instanceof RefundError)) assert.equal(typeof v.ok, "boolean");
      expectResultOrRefundError(`validateQuery options=${name}`, () => rn.validateQuery(platform, range, value));
      expectResultOrRefundError(`buildRequest credentials=${name}`, () => rn.buildRequest(platform, value, range, { now: NOW }));
      expectResultOrRefundError(`buildRequest query=${name}`, () => rn.buildRequest(platform, creds[platform], value, { now: NOW }));
      expectResultOrRefundError(`buildRequest options=${name}`, () => rn.buildRequest(platform, creds[platform], range, value));
      expectResultOrRefundError(`planWindows range=${name}`, () => rn.planWindows(platform, value, { now: NOW }));
      expectResultOrRefundError(`planWindows options=${name}`, () => rn.planWindows(platform, range, value));
      expectResultOrRefundError(`signParams params=${name}`, () => rn.signParams(platform, value, creds[platform]));
      expectResultOrRefundError(`signParams credentials=${name}`, () => rn.signParams(platform, { a: "1" }, value));
    }
    // Credentials with every field of the wrong type.
    for (const key of Object.keys(creds[platform])) {
      for (const odd of [1, null, {}, [], true, Symbol("s"), 10n]) {
        expectResultOrRefundError(`credentials.${key}=${String(odd)}`, () =>
          rn.buildRequest(platform, { ...creds[platform], [key]: odd }, range, { now: NOW }),
        );
      }
    }
  });

  test(`${platform}: parseResponse with bad bodies and options`, () => {
    const bodies = {
      ...BAD,
      empty: "",
      emptyBytes: new Uint8Array(0),
      arrayBuffer: new TextEncoder().encode("null").buffer,
      dataView: new DataView(new ArrayBuffer(4)),
      int32: new Int32Array([1, 2, 3]),
      deepArrays: "[".repeat(10_000),
      deepObjects: '{"a":'.repeat(10_000),
      deepXml: "<sn_responseContent>" + "<a>".repeat(10_000),
      hugeJsonString: `{"x":"${hugeString}"}`,
      nul: "\0",
      bom: "\uFEFF",
      loneSurrogate: '{"a":"\uD800"}',
      html: "<html><body>502 Bad Gateway</body></html>",
    };
    for (const [name, body] of Object.entries(bodies)) {
      const page = expectResultOrRefundError(`parseResponse body=${name}`, () => rn.parseResponse(platform, body));
      if (!(page instanceof RefundError)) {
        assert.ok(Array.isArray(page.refunds) && Array.isArray(page.rejected), `body=${name}`);
      }
      expectResultOrRefundError(`parseResponse body=${name} includeRaw`, () => rn.parseResponse(platform, body, { includeRaw: true, query: range }));
    }
    for (const [name, options] of Object.entries(BAD)) {
      expectResultOrRefundError(`parseResponse options=${name}`, () => rn.parseResponse(platform, "{}", options));
      expectResultOrRefundError(`parseResponse options.query=${name}`, () => rn.parseResponse(platform, "{}", { query: options }));
      expectResultOrRefundError(`parseResponse options.total=${name}`, () => rn.parseResponse(platform, "{}", { total: options }));
      expectResultOrRefundError(`parseResponse options.includeRaw=${name}`, () => rn.parseResponse(platform, "{}", { includeRaw: options }));
      expectResultOrRefundError(`parseResponse options.operation=${name}`, () => rn.parseResponse(platform, "{}", { operation: options }));
    }
    expectResultOrRefundError("refundAmount with invalid UTF-8", () => rn.parseResponse(platform, invalidUtf8, { operation: "refundAmount" }));
  });

  test(`${platform}: RefundSync and its methods with bad arguments`, () => {
    for (const [name, value] of Object.entries(BAD)) {
      expectResultOrRefundError(`new RefundSync range=${name}`, () => new RefundSync(platform, value, { now: NOW }));
      expectResultOrRefundError(`new RefundSync options=${name}`, () => new RefundSync(platform, range, value));
      const sync = new RefundSync(platform, range, { now: NOW });
      expectResultOrRefundError(`accept before next, body=${name}`, () => sync.accept(value));
      expectResultOrRefundError(`next credentials=${name}`, () => sync.next(value, { now: NOW }));
      expectResultOrRefundError(`next options=${name}`, () => sync.next(creds[platform], value));
      expectResultOrRefundError(`accept body=${name}`, () => sync.accept(value));
      expectResultOrRefundError("accept deep nesting", () => sync.accept("[".repeat(10_000)));
      expectResultOrRefundError("progress", () => sync.progress());
      const state = sync.toJSON();
      assert.equal(typeof state, "object");
      expectResultOrRefundError(`fromJSON(${name})`, () => RefundSync.fromJSON(value));
      // A real state with one field broken.
      for (const key of Object.keys(state)) {
        const broken = RefundSync.fromJSON.bind(null, { ...state, [key]: value });
        expectResultOrRefundError(`fromJSON state.${key}=${name}`, broken);
      }
      RefundSync.fromJSON(state);
    }
    const cyclic = {};
    cyclic.self = cyclic;
    expectResultOrRefundError("fromJSON(cyclic)", () => RefundSync.fromJSON(cyclic));
    expectResultOrRefundError("fromJSON(huge numbers)", () =>
      RefundSync.fromJSON({ ...new RefundSync(platform, range, { now: NOW }).toJSON(), since: -1e300, until: 1e300, pending: [{ since: -9e18, until: 9e18, topUntil: 9e18 }] }),
    );
  });
}

// Regression: a query nested 5 000 arrays deep overflowed the stack inside the wasm while it
// was read, threw a bare RangeError, and left the instance broken: every later call, even a
// valid one, failed with "memory access out of bounds". Such values (and values that contain
// themselves) are refused in JS before they reach the wasm (hostJson in pkg/src/args.js).
test("deep or self-referencing arguments are refused and the instance keeps working", () => {
  const deep = JSON.parse("[".repeat(5000) + "]".repeat(5000));
  const cyclic = { since: "2024-06-10 00:00:00" };
  cyclic.self = cyclic;
  for (const value of [deep, cyclic, { params: deep }, new Map([["a", deep]])]) {
    for (const call of [
      () => rn.validateQuery("wangdiantong", value),
      () => rn.buildRequest("wangdiantong", value, range),
      () => rn.buildRequest("wangdiantong", creds.wangdiantong, value),
      () => rn.parseResponse("wangdiantong", "{}", value),
      () => rn.planWindows("wangdiantong", value),
      () => rn.signParams("wangdiantong", value, creds.wangdiantong),
      () => new RefundSync("wangdiantong", value),
      () => new RefundSync("wangdiantong", range, { now: NOW }).next(value),
    ]) {
      assert.throws(call, (e) => e instanceof RefundError && e.code === "invalid_options");
    }
  }
  // 64 levels is still fine; and the instance still answers valid calls.
  let ok = [];
  for (let i = 0; i < 60; i++) ok = [ok];
  assert.equal(rn.validateQuery("wangdiantong", { params: { x: "1" }, extra: ok }).ok, false);
  const page = rn.parseResponse("wangdiantong", '{"code":0,"message":"","total_count":"1","trade_list":[{"refund_no":"R1","refund_amount":"1.5"}]}');
  assert.equal(page.refunds[0].requestedAmount, "1.50");
});

test("NaN and ±Infinity are refused as the wrong type, never read as absent", () => {
  for (const x of [NaN, Infinity, -Infinity]) {
    // validateQuery: an issue on the field (JSON would have made it null: "no page").
    for (const field of ["page", "pageSize", "since", "status"]) {
      const v = rn.validateQuery("wangdiantong", { ...range, [field]: x });
      assert.equal(v.ok, false, `${field}: ${x}`);
      assert.deepEqual(v.issues.map((i) => [i.field, i.code]), [[field, "invalid_type"]], `${field}: ${x}`);
    }
    assert.deepEqual(rn.validateQuery("wangdiantong", { ...range, params: { x } }).issues.map((i) => i.field), ["params.x"]);
    // buildRequest: the query, a credential and options.now, each by name.
    assert.throws(
      () => rn.buildRequest("wangdiantong", creds.wangdiantong, { ...range, page: x }, { now: NOW }),
      (e) => e.code === "invalid_query" && e.issues?.[0]?.field === "page",
    );
    assert.throws(
      () => rn.buildRequest("wangdiantong", { ...creds.wangdiantong, sid: x }, range, { now: NOW }),
      (e) => e.code === "invalid_credentials" && /credentials\.sid/.test(e.message),
    );
    assert.throws(() => rn.buildRequest("wangdiantong", creds.wangdiantong, range, { now: x }), (e) => e.code === "invalid_options" && /now/.test(e.message));
    // parseResponse's options.total, and a RefundSync's query.
    assert.throws(() => rn.parseResponse("nuoyun", "{}", { total: x }), (e) => e.code === "invalid_options" && /total/.test(e.message));
    assert.throws(() => new RefundSync("wangdiantong", { ...range, pageSize: x }), (e) => e instanceof RefundError && e.code === "invalid_query");
  }
});

test("a 401 or 403 with a login page is a non-retryable http_error carrying httpStatus, in parseResponse and sync.accept", () => {
  const login = "<!DOCTYPE html><html><head><title>登录</title></head><body><form></form></body></html>";
  for (const platform of PLATFORMS) {
    for (const status of [401, 403]) {
      assert.throws(
        () => rn.parseResponse(platform, login, { httpStatus: status }),
        (e) => e instanceof RefundError && e.code === "http_error" && e.httpStatus === status && e.retryable === false
          && /an HTML page: a login page or a proxy\?/.test(e.message) && /HTML 页面:登录页或代理?/.test(e.messageZh),
        `${platform} ${status}`,
      );
    }
  }
  const sync = new RefundSync("wangdiantong", range, { now: NOW });
  sync.next(creds.wangdiantong, { now: NOW });
  assert.throws(() => sync.accept("Forbidden", { httpStatus: 403 }), (e) => e.code === "http_error" && e.httpStatus === 403 && !e.retryable);
  assert.throws(() => rn.parseResponse("nuoyun", "[[[[", {}), (e) => e.code === "invalid_body" && !e.retryable);
});

test("a byte that is not UTF-8 inside one record's string rejects that record only, through the package", () => {
  const records = ["R1", "R2", "R3"].map((id) => `{"refund_no":"${id}","tid":"T1","type":"1","status":"5","refund_amount":"1.00","modified":"2024-06-01 10:00:00"}`);
  const text = `{"code":0,"total_count":"3","trade_list":[${records.join(",")}]}`;
  const bytes = new TextEncoder().encode(text);
  const at = text.indexOf("R2") + 1;
  const body = new Uint8Array([...bytes.subarray(0, at), 0xff, ...bytes.subarray(at)]);
  const page = rn.parseResponse("wangdiantong", body);
  assert.deepEqual(page.refunds.map((r) => r.id), ["R1", "R3"]);
  assert.equal(page.rejected.length, 1);
  assert.equal(page.rejected[0].path, "trade_list[1].refund_no");
  assert.match(page.rejected[0].message, /not UTF-8/);
});
