// Arguments cross into the wasm as the JSON text hostJson (pkg/src/args.js) writes of each, read
// whole before the wasm sees anything; the request comes back as the plain object fetch takes.
// hostJson must read every kind of JS value as documented, and buildRequest answer anything
// with a request of strings or a RefundError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { credentialsByPlatform } from "./kits.mjs";
import { buildRequest, RefundError } from "refund-normalizer";
import { hostJson, NotData, MAX_DEPTH } from "../../pkg/src/args.js";

const NOW = 1717200000000;
const QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", page: 2, pageSize: 20 };
const CREDENTIALS = credentialsByPlatform({ secret: "s", token: "k", access: "t", header: "h", field: "42", auth: "a" });

function outcome(fn) {
  try {
    const r = fn();
    return { ...r, headerOrder: Object.keys(r.headers) };
  } catch (e) {
    return { code: e.code ?? "invalid_options", message: e.message, messageZh: e.messageZh, issues: e.issues };
  }
}

const notData = (what, value) => {
  try {
    hostJson(what, value);
  } catch (e) {
    if (e instanceof NotData) return e;
    throw e;
  }
  assert.fail(`${what}: read as data`);
};

test("hostJson: what each kind of value reads as", () => {
  class Shop {
    constructor() {
      this.id = "7";
    }
    get name() {
      return "hidden";
    }
  }
  const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const cases = [
    [undefined, "null"],
    [null, "null"],
    [true, "true"],
    ["a\"b\u0001\u2028😀", JSON.stringify("a\"b\u0001\u2028😀")],
    ["店\ud800", JSON.stringify("店\ufffd")], // a lone surrogate as the glue's copy makes it
    [1.5, "1.5"],
    [-0, "0"],
    [2 ** 53 - 1, "9007199254740991"],
    [2 ** 53, "9007199254740992.0"], // not exact in JS: a float for the wasm
    [2 ** 60, "1152921504606847000.0"], // the shortest text that reads back as 2^60
    [1e21, "1e+21"],
    [1e-7, "1e-7"],
    [NaN, '{"NaN":null}'],
    [Infinity, '{"Infinity":null}'],
    [-Infinity, '{"-Infinity":null}'],
    [10n, "10"],
    [-(2n ** 63n), "-9223372036854775808"],
    [2n ** 64n - 1n, "18446744073709551615"],
    [{ a: undefined, b: [undefined, 1] }, '{"a":null,"b":[null,1]}'],
    [holes, "[1,null,3]"],
    [{ b: "1", 2: "x", 1: "y", a: "z" }, '{"1":"y","2":"x","b":"1","a":"z"}'],
    [Object.assign(Object.create(null), { z: "1" }), '{"z":"1"}'],
    [new Map([["a", 1], ["b", { c: 2 }]]), '{"a":1,"b":{"c":2}}'],
    [new Shop(), '{"id":"7"}'],
    [new Date(NOW), "{}"],
    [{ ["k\udc00"]: "v" }, JSON.stringify({ "k\ufffd": "v" })],
  ];
  for (const [value, text] of cases) assert.equal(hostJson("x", value), text, text);
  assert.equal(Number("1152921504606847000.0"), 2 ** 60);
  const hidden = { a: "1" };
  Object.defineProperty(hidden, "h", { value: "2", enumerable: false });
  hidden[Symbol("s")] = "3";
  assert.equal(hostJson("x", hidden), '{"a":"1"}');
  // What is not data: where it is, in both languages.
  const refused = [
    [Symbol("s"), "query", /^query is a symbol: only strings/, /^query 是 symbol/],
    [() => 1, "query", /^query is a function/, /^query 是 function/],
    [{ a: { "x-y": [0, Symbol("s")] } }, 'query.a["x-y"][1]', /is a symbol/, /symbol/],
    [{ toJSON: () => ({}) }, "query.toJSON", /is a function/, /function/],
    [2n ** 64n, "query", /BigInt beyond 64 bits/, /64 位/],
    [-(2n ** 63n) - 1n, "query", /BigInt beyond 64 bits/, /64 位/],
    [new Uint8Array(2), "query", /binary data/, /二进制/],
    [{ b: new ArrayBuffer(2) }, "query.b", /binary data/, /二进制/],
    [new Set([1]), "query", /a Set/, /Set/],
    [new Map([[1, "a"]]), "query", /key that is not a string/, /Map/],
  ];
  for (const [value, path, en, zh] of refused) {
    const e = notData("query", value);
    assert.equal(e.path, path);
    assert.match(e.message, en);
    assert.ok(e.message.startsWith(path), e.message);
    assert.match(e.messageZh, zh);
  }
  // MAX_DEPTH levels are read, one more is not; a value that contains itself is the same.
  const nested = (n) => {
    let v = [];
    for (let i = 1; i < n; i++) v = [v];
    return v;
  };
  assert.equal(hostJson("x", nested(MAX_DEPTH)), "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH));
  assert.match(notData("x", nested(MAX_DEPTH + 1)).message, /nested more than 64 levels deep/);
  const cyclic = { a: {} };
  cyclic.a.self = cyclic;
  assert.match(notData("x", cyclic).message, /^x\.a\.self\.a\.self.* is nested more than 64 levels deep \(or contains itself\)$/);
});

test("buildRequest answers any arguments with a request of strings or a RefundError", () => {
  const cases = [];
  for (const [platform, credentials] of Object.entries(CREDENTIALS)) {
    cases.push(
      [platform, credentials, QUERY, { now: NOW }],
      [platform, credentials, { ...QUERY, page: 2 ** 60 }, { now: NOW }],
      [platform, credentials, { ...QUERY, page: 1.5, status: undefined }, { now: NOW }],
      [platform, credentials, { ...QUERY, shopId: "店\ud800" }, { now: NOW }],
      [platform, credentials, { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", params: { a: "旺店通 &=" } }, { now: NOW, endpoint: "http://localhost:8080/x" }],
      [platform, credentials, QUERY, { now: new Date(NOW) }],
      [platform, credentials, QUERY, { now: NaN }],
      [platform, credentials, QUERY, { now: 10n }],
      [platform, credentials, QUERY, { now: NOW, toJSON: () => ({}) }],
      [platform, undefined, undefined, undefined],
      [platform, "x", [1], 7],
      [platform, { ...credentials, spare: undefined }, { ...QUERY, params: { a: undefined, b: [undefined, 1] } }, { now: NOW }],
      [platform, { ...credentials, ["k\udc00"]: "v" }, QUERY, { now: NOW }],
      [platform, credentials, { ...QUERY, shopId: "a\"b\\c\u0001\u2028😀" }, { now: NOW }],
      [platform, credentials, QUERY, { now: NOW + 0.5 }],
      [platform, Object.create(null), QUERY, { now: NOW }],
      [platform, new Map(Object.entries(credentials)), QUERY, { now: NOW }],
    );
  }
  cases.push(["nuoyun", { headers: { __proto__: "1", "X-A": "\u001f" } }, QUERY, { now: NOW }]);
  cases.push(["nope", {}, {}, {}]);
  for (const [platform, credentials, query, options] of cases) {
    const got = outcome(() => buildRequest(platform, credentials, query, options));
    const where = `${platform} ${String(query?.page)} ${typeof options?.now}`;
    if (!("url" in got)) {
      assert.ok(got.code && got.message && got.messageZh, where);
      continue;
    }
    assert.ok([got.url, got.method, got.body].every((v) => typeof v === "string"), where);
    assert.ok(Object.values(got.headers).every((v) => typeof v === "string"), where);
  }
  // A header named __proto__ is a header of its own, as fetch reads it.
  const odd = buildRequest("nuoyun", { headers: { ["__proto__"]: "1", "X-A": "\u001f" } }, QUERY, { now: NOW });
  assert.ok(Object.hasOwn(odd.headers, "__proto__") && odd.headers["X-A"] === "\u001f" && Object.getPrototypeOf(odd.headers) === Object.prototype);
  // What is not data is invalid_options at its place; NaN reaches the field, which refuses it.
  const refusedAt = (path, fn) => assert.throws(fn, (e) => e instanceof RefundError && e.code === "invalid_options" && e.path === path && e.message.startsWith(path));
  refusedAt("query.shopId", () => buildRequest("suning", CREDENTIALS.suning, { ...QUERY, shopId: Symbol("s") }, { now: NOW }));
  refusedAt("options.toJSON", () => buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW, toJSON: () => ({}) }));
  refusedAt("credentials", () => buildRequest("suning", new Uint8Array(1), QUERY, { now: NOW }));
  assert.throws(() => buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NaN }), (e) => e.code === "invalid_options" && /now/.test(e.message));
});
