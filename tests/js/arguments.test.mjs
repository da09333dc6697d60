// Arguments that run code while they are read: getters, Proxy traps, revoked proxies, and a
// getter that calls the package again. A call never mixes two callers' arguments, and what
// cannot be read is a RefundError invalid_options with the path, never a TypeError.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as rn from "refund-normalizer";
import { hostJson, wellFormed } from "../../pkg/src/args.js";

const { RefundError, RefundSync } = rn;
const NOW = Date.parse("2024-06-20T00:00:00+08:00");
const query = { since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" };
const merchantA = { sid: "shop-a", appKey: "key-a", appSecret: "secret-a" };
const merchantB = { sid: "shop-b", appKey: "key-b", appSecret: "secret-b" };

const signedFor = (request) => new URLSearchParams(request.body).get("sid");

test("a getter in query that calls buildRequest for another merchant: each request is its own caller's", () => {
  const alone = rn.buildRequest("wangdiantong", merchantA, query, { now: NOW });
  let inner;
  const reentrant = {
    since: query.since,
    get until() {
      inner = rn.buildRequest("wangdiantong", merchantB, query, { now: NOW });
      return query.until;
    },
  };
  const outer = rn.buildRequest("wangdiantong", merchantA, reentrant, { now: NOW });
  assert.equal(signedFor(inner), "shop-b");
  assert.equal(signedFor(outer), "shop-a");
  assert.deepEqual(outer, alone);
  assert.deepEqual(inner, rn.buildRequest("wangdiantong", merchantB, query, { now: NOW }));
});

test("a getter that grows the wasm memory while buildRequest reads the arguments: the request is still its caller's", () => {
  const big = JSON.stringify({ code: 0, total_count: "0", trade_list: [], padding: "x".repeat(64 * 1024 * 1024) });
  const credentials = {
    sid: "shop-a",
    get appKey() {
      rn.parseResponse("wangdiantong", big); // needs more wasm memory than there is
      return "key-a";
    },
    appSecret: "secret-a",
  };
  const request = rn.buildRequest("wangdiantong", credentials, query, { now: NOW });
  assert.deepEqual(request, rn.buildRequest("wangdiantong", merchantA, query, { now: NOW }));
});

test("re-entry from credentials, options and nested values, on every call that takes arguments", () => {
  let calls = 0;
  const sneaky = (value) => ({
    get value() {
      calls += 1;
      rn.buildRequest("wangdiantong", merchantB, query, { now: NOW });
      rn.validateQuery("wangdiantong", query, { now: NOW });
      return value;
    },
  });
  const credentials = { ...merchantA };
  Object.defineProperty(credentials, "appKey", { enumerable: true, get: () => sneaky("key-a").value });
  const request = rn.buildRequest("wangdiantong", credentials, query, { now: NOW, get operation() { return sneaky(undefined).value; } });
  assert.equal(signedFor(request), "shop-a");
  assert.deepEqual(request, rn.buildRequest("wangdiantong", merchantA, query, { now: NOW }));
  const validation = rn.validateQuery("wangdiantong", { ...query, get pageSize() { return sneaky(50).value; } }, { now: NOW });
  assert.deepEqual(validation, rn.validateQuery("wangdiantong", { ...query, pageSize: 50 }, { now: NOW }));
  assert.equal(validation.ok, true);
  assert.ok(calls >= 3);
});

test("a getter that throws, a throwing Proxy trap and a revoked Proxy are invalid_options with the path", () => {
  const throwing = { since: query.since, get until() { throw new Error("secret-a must not show"); } };
  const trap = new Proxy({ ...query }, { ownKeys() { throw new TypeError("no keys"); } });
  const getTrap = new Proxy({ ...query }, { get(target, key) { if (key === "until") throw new RangeError("nope"); return target[key]; } });
  const { proxy: revoked, revoke } = Proxy.revocable({ ...query }, {});
  revoke();
  const nestedRevoked = { ...query, params: { tag: revoked } };
  const cases = [
    ["query.until", () => rn.buildRequest("wangdiantong", merchantA, throwing, { now: NOW })],
    ["query.until", () => rn.validateQuery("wangdiantong", throwing)],
    ["query", () => rn.buildRequest("wangdiantong", merchantA, trap, { now: NOW })],
    ["query.until", () => rn.buildRequest("wangdiantong", merchantA, getTrap, { now: NOW })],
    ["query", () => rn.buildRequest("wangdiantong", merchantA, revoked, { now: NOW })],
    ["credentials", () => rn.buildRequest("wangdiantong", revoked, query, { now: NOW })],
    ["options", () => rn.buildRequest("wangdiantong", merchantA, query, revoked)],
    ["query.params.tag", () => rn.validateQuery("wangdiantong", nestedRevoked)],
    ["range", () => rn.planWindows("wangdiantong", revoked)],
    ["range", () => new RefundSync("wangdiantong", revoked)],
    ["options", () => rn.parseResponse("wangdiantong", "{}", revoked)],
    ["options.httpStatus", () => rn.parseResponse("wangdiantong", "{}", { get httpStatus() { throw new Error("x"); } })],
  ];
  for (const [path, call] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof RefundError, `${path}: ${e}`);
      assert.equal(e.code, "invalid_options", `${path}: ${e.message}`);
      assert.equal(e.path, path);
      assert.match(e.message, /could not be read/);
      assert.match(e.messageZh, /无法读取/);
      assert.ok(!e.message.includes("secret-a"), "the thrown error's words are not echoed");
      return true;
    });
  }
  // The instance keeps working.
  assert.equal(signedFor(rn.buildRequest("wangdiantong", merchantA, query, { now: NOW })), "shop-a");
});

test("sync.accept's options, and a throwing getter in next()'s credentials, are RefundErrors too", () => {
  const sync = new RefundSync("wangdiantong", query, { now: NOW });
  assert.throws(
    () => sync.next({ ...merchantA, get appSecret() { throw new Error("x"); } }, { now: NOW }),
    (e) => e instanceof RefundError && e.code === "invalid_options" && e.path === "credentials.appSecret",
  );
  sync.next(merchantA, { now: NOW });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.throws(() => sync.accept("{}", proxy), (e) => e instanceof RefundError && e.code === "invalid_options" && e.path === "options.httpStatus");
});

test("wellFormed: the fallback for runtimes without String.prototype.toWellFormed gives the same text", () => {
  const samples = ["", "abc", "退款", "😀", "\ud800", "\udc00", "a\ud800b", "\udc00\ud800", "\ud83d\ude00\ud83d", "x\udfffy\ud800\udc00z"];
  for (const s of samples) {
    assert.equal(wellFormed.fallback(s), s.toWellFormed(), JSON.stringify(s));
    assert.equal(wellFormed(s), s.toWellFormed());
  }
  // The package works when the runtime lacks it (Node 18, Safari before 16.4).
  const native = String.prototype.toWellFormed;
  delete String.prototype.toWellFormed;
  try {
    const request = rn.buildRequest("wangdiantong", { ...merchantA, sid: "shop-a\ud800" }, query, { now: NOW });
    assert.equal(signedFor(request), "shop-a\ufffd");
    assert.equal(hostJson("query", { tag: "a\udc00" }), '{"tag":"a\ufffd"}');
  } finally {
    String.prototype.toWellFormed = native;
  }
});

test("hostJson writes a string as JSON.stringify writes its well-formed text, each character class alike", () => {
  // Every character class: those JSON escapes (quote, backslash, controls, lone surrogates) and
  // those it does not (DEL, U+2028, CJK, a pair), alone and among plain text, as keys and values.
  const classes = ["", "plain", '"', "\\", "\u0000", "\n", "\u001f", " ", "\u007f", "\u2028", "退款", "😀", "\ud800", "\udc00", "\ud83d\ude00\ud83d"];
  for (const c of classes) {
    for (const s of [c, `a${c}`, `${c}b`, `a${c}b${c}`]) {
      const expected = JSON.stringify(s.toWellFormed());
      assert.equal(hostJson("query", s), expected, JSON.stringify(s));
      assert.equal(hostJson("query", { [s]: s }), `{${expected}:${expected}}`, JSON.stringify(s));
    }
  }
  // and the wasm reads each back as that text: 旺店通 signs `sid` as given.
  for (const c of classes) {
    if (c === "") continue;
    const request = rn.buildRequest("wangdiantong", { ...merchantA, sid: `shop${c}` }, query, { now: NOW });
    assert.equal(signedFor(request), `shop${c}`.toWellFormed(), JSON.stringify(c));
  }
});
