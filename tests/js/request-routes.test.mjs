// Arguments cross into the wasm as JSON text (pkg/src/args.js): buildRequest's common shapes
// by argumentsJson, written straight into the wasm's arguments area, everything else by
// hostJson; the request comes back as flat text (docs/performance.md, signing and round 13).
// Both writers must give the same text, and hostJson must read every kind of JS value as
// documented.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { perPlatform, testGlue as glue } from "./helpers.mjs";
import { buildRequest, RefundError } from "refund-normalizer";
import { hostJson, NotData, MAX_DEPTH } from "../../pkg/src/args.js";
import { decodeRequest } from "../../pkg/src/decode.js";

// The glue instance the package's Node entries use (node.mjs re-exports node.cjs), so that what
// this test does to the wasm (a grown memory) is done to the package's.
const packageGlue = createRequire(import.meta.url)("../../pkg/dist/refund_normalizer.cjs");

const NOW = 1717200000000;
const QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", page: 2, pageSize: 20 };
const CREDENTIALS = perPlatform({
  wangdiantong: { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" },
  mogujie: { appKey: "100123", appSecret: "s", accessToken: "t" },
  shopex: { baseUrl: "https://erp.example.com/api", flag: "oms", token: "k" },
  suning: { appKey: "k", appSecret: "s", accessToken: "t" },
  nuoyun: { headers: { "X-Token": "s" }, bodyFields: { uid: "42" } },
}, "request-routes.test.mjs CREDENTIALS");

function outcome(fn) {
  try {
    const r = fn();
    return { ...r, headerOrder: Object.keys(r.headers) };
  } catch (e) {
    return { code: e.code ?? "invalid_options", message: e.message, messageZh: e.messageZh, issues: e.issues };
  }
}

// The request the wasm signs for the JSON text hostJson writes of each argument, decoded: what
// buildRequest must give whichever way its arguments are written.
function viaHostJson(platform, credentials, query, options) {
  const text = `[${hostJson("credentials", credentials)},${hostJson("query", query)},${hostJson("options", options)}]`;
  return decodeRequest(glue.build_request_json(platform, new TextEncoder().encode(text)));
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

test("buildRequest gives the request hostJson's text signs, or the same error", () => {
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
    assert.deepStrictEqual(got, outcome(() => viaHostJson(platform, credentials, query, options)), `${platform} ${String(query?.page)} ${typeof options?.now}`);
  }
  // What is not data is invalid_options at its place; NaN reaches the field, which refuses it.
  const refusedAt = (path, fn) => assert.throws(fn, (e) => e instanceof RefundError && e.code === "invalid_options" && e.path === path && e.message.startsWith(path));
  refusedAt("query.shopId", () => buildRequest("suning", CREDENTIALS.suning, { ...QUERY, shopId: Symbol("s") }, { now: NOW }));
  refusedAt("options.toJSON", () => buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW, toJSON: () => ({}) }));
  refusedAt("credentials", () => buildRequest("suning", new Uint8Array(1), QUERY, { now: NOW }));
  assert.throws(() => buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NaN }), (e) => e.code === "invalid_options" && /now/.test(e.message));
});

test("plain arguments are written in the wasm's area (build_request_at), the rest crosses through the glue", async () => {
  const { createApi } = await import("../../pkg/src/api.js");
  let route = "";
  const api = createApi({
    ...glue,
    build_request_at: (...a) => ((route = "at"), glue.build_request_at(...a)),
    build_request_kept: (...a) => ((route = "kept"), glue.build_request_kept(...a)),
  });
  for (const [platform, credentials] of Object.entries(CREDENTIALS)) {
    const request = api.buildRequest(platform, credentials, { ...QUERY, shopId: undefined }, { now: NOW });
    // 诺云's credentials nest objects (headers, bodyFields): hostJson's text, through the glue
    assert.equal(route, platform === "nuoyun" ? "kept" : "at", platform);
    assert.deepStrictEqual(request, viaHostJson(platform, credentials, QUERY, { now: NOW }));
    // nested in the query: hostJson's text, through the glue
    const nested = { ...QUERY, params: { a: "1" } };
    assert.deepStrictEqual(outcome(() => api.buildRequest(platform, credentials, nested, { now: NOW })), outcome(() => viaHostJson(platform, credentials, nested, { now: NOW })));
    assert.equal(route, "kept", platform);
  }
});

test("decodeRequest reads escaped values, empty values and a __proto__ header", async () => {
  const { decodeRequest } = await import("../../pkg/src/decode.js");
  const flat = 'rn9\x1f\x1d"https://x/\\u001f"\x1f\x1ca\x1f4\x1fA\x1f1\x1fB\x1f\x1f__proto__\x1f\x1d"x\\u001e\\u001c"\x1f\x1cb\x1f\x1cf\x1fa=1&b=2\x1f';
  const request = decodeRequest(flat);
  assert.deepEqual([request.url, request.method, request.body, request.headers.A, request.headers.B], ["https://x/\x1f", "POST", "a=1&b=2", "1", ""]);
  assert.deepEqual(Object.keys(request.headers), ["A", "B", "__proto__", "Content-Type"]);
  assert.equal(request.headers["Content-Type"], "application/json");
  assert.equal(Object.getOwnPropertyDescriptor(request.headers, "__proto__").value, "x\x1e\x1c");
  assert.throws(() => decodeRequest("rn1\x1fx\x1f"), /different builds/);
});

test("decodeRequest makes 苏宁's headers (a literal) as it makes any others", async () => {
  const { decodeRequest } = await import("../../pkg/src/decode.js");
  const names = ["Content-Type", "AppMethod", "AppRequestTime", "Format", "AppKey", "VersionNo", "signInfo", "access_token"];
  const flatOf = (pairs) => `rn9\x1furl\x1fPOST\x1f${pairs.length}\x1f${pairs.map(([k, v]) => `${k}\x1f${v}\x1f`).join("")}body\x1f`;
  for (const count of [6, 7, 8]) {
    const pairs = names.slice(0, count).map((k, i) => [k, `v${i}`]);
    // the same names in another order, or one spelt otherwise, take the general way
    for (const p of [pairs, [...pairs].reverse(), pairs.map(([k, v], i) => [i === 3 ? "format" : k, v]), [...pairs, ["X", "y"]]]) {
      const { headers } = decodeRequest(flatOf(p));
      assert.deepEqual(Object.entries(headers), p);
      assert.equal(Object.getPrototypeOf(headers), Object.prototype);
    }
  }
  // as the wasm writes them (letters for the fixed names), with and without a token
  for (const credentials of [CREDENTIALS.suning, { ...CREDENTIALS.suning, accessToken: undefined }]) {
    const request = decodeRequest(glue.build_request_json("suning", new TextEncoder().encode(JSON.stringify([credentials, QUERY, { now: NOW }]))));
    assert.deepEqual(Object.keys(request.headers), names.slice(0, credentials.accessToken ? 8 : 7));
    assert.equal(Object.getPrototypeOf(request.headers), Object.prototype);
    const { headers } = request;
    assert.deepEqual([headers["Content-Type"], headers.AppMethod, headers.Format, headers.AppKey, headers.VersionNo], ["application/json; charset=utf-8", "suning.custom.batchrejected.query", "json", "k", "v1.2"]);
    assert.equal(headers.AppRequestTime, "2024-06-01 08:00:00");
    assert.match(headers.signInfo, /^[0-9a-f]{32}$/);
    assert.equal(headers.access_token, credentials.accessToken);
  }
});

test("argumentsJson writes hostJson's text for what it takes, and leaves the rest to it", async () => {
  const { argumentsJson } = await import("../../pkg/src/args.js");
  const strings = ["", "a", "2024-06-01 00:00:00", "旺店通", "é", "😀x", "\u2028", "\u07ff\u0800\uffff", "a\"b", "\\", "\u0001", "\u001f", "\ud800", "x\udc00", "\ud83d", "\ud83d\ud83d"];
  const numbers = [0, -0, 1, 7, 10, 99, 100, 2 ** 31, 2 ** 32 + 5, NOW, 2 ** 53 - 1, 2 ** 53, -1, -(2 ** 53), 1.5, -0.25, 1e21, 1e-7, NaN, Infinity, -Infinity];
  const scalars = [...strings, ...numbers, true, false, null, undefined, {}, [], { a: 1 }, () => 1, Symbol("s"), 10n, new Date(NOW)];
  const args = [null, undefined, "x", 7, [], Object.create(null), { toJSON: () => ({}) }, new Map(), QUERY, CREDENTIALS.wangdiantong];
  for (const v of scalars) args.push({ v }, { a: "1", v, b: 2 });
  for (const k of strings) args.push({ [k]: "v" });
  // Key order (whole-number keys first), and what is not an own enumerable string key.
  const hidden = { b: "1", 2: "x", 1: "y", a: "z" };
  Object.defineProperty(hidden, "h", { value: "2", enumerable: false });
  hidden[Symbol("s")] = "3";
  args.push(hidden, Object.assign(Object.create(null), { z: "1", a: 2 }));
  const decoder = new TextDecoder();
  let written = 0;
  for (const a of args) {
    for (const [c, q, o] of [[a, QUERY, { now: NOW }], [CREDENTIALS.suning, a, null], [undefined, undefined, a]]) {
      const bytes = argumentsJson(c, q, o);
      if (bytes === null) continue;
      written++;
      // what api.js's general way writes, and what JSON.stringify writes (undefined as null)
      const expected = `[${hostJson("credentials", c)},${hostJson("query", q)},${hostJson("options", o)}]`;
      assert.equal(expected, JSON.stringify([c, q, o], (key, value) => (value === undefined ? null : value)));
      assert.equal(decoder.decode(bytes), expected, expected);
      for (const x of [c, q, o]) {
        for (const value of x == null ? [] : Object.values(x)) {
          assert.ok(typeof value !== "number" || (Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))), String(value));
          assert.ok(typeof value !== "string" || value.isWellFormed(), "lone surrogate");
        }
        for (const key of x == null ? [] : Object.keys(x)) assert.ok(key.isWellFormed(), "lone surrogate key");
      }
    }
  }
  assert.ok(written > 50, `${written}`);
  // A long argument grows the buffer.
  const long = { shopId: "店".repeat(5000) };
  assert.equal(decoder.decode(argumentsJson(null, long, null)), JSON.stringify([null, long, null]));
  // An enumerable property on Object.prototype is not an argument's own: the general way.
  Object.prototype.polluted = "x";
  try {
    assert.equal(argumentsJson(CREDENTIALS.suning, QUERY, { now: NOW }), null);
  } finally {
    delete Object.prototype.polluted;
  }
  assert.notEqual(argumentsJson(CREDENTIALS.suning, QUERY, { now: NOW }), null);
});

test("build_request_kept answers as build_request_json: the text kept, or -1 and the error kept", () => {
  const json = (args) => new TextEncoder().encode(JSON.stringify(args));
  const kept = (platform, bytes) => {
    const length = glue.build_request_kept(platform, bytes);
    if (length >= 0) return { text: new TextDecoder().decode(new Uint8Array(glue.wasm_memory().buffer, glue.request_at(), length)) };
    assert.equal(length, -1);
    return { error: glue.take_request_error() };
  };
  const direct = (platform, bytes) => {
    try {
      return { text: glue.build_request_json(platform, bytes) };
    } catch (e) {
      return { error: e };
    }
  };
  const cases = [
    ...Object.entries(CREDENTIALS).map(([platform, credentials]) => [platform, json([credentials, QUERY, { now: NOW }])]),
    // text beyond ASCII in the body, as UTF-8
    ["nuoyun", json([{ ...CREDENTIALS.nuoyun, bodyFields: { uid: "诺云😀" } }, QUERY, { now: NOW }])],
    // errors: a missing credential, an unknown platform
    ["wangdiantong", json([{}, QUERY, { now: NOW }])],
    ["nope", json([{}, QUERY, { now: NOW }])],
    // not JSON text (api.js never sends such): broken UTF-8, a lone surrogate escaped
    ["wangdiantong", new Uint8Array([0x5b, 0xff, 0x5d])],
    ["wangdiantong", new TextEncoder().encode('[{"sid":"\\udc00"},{},{}]')],
  ];
  for (const [platform, bytes] of cases) {
    const answer = kept(platform, bytes);
    assert.deepStrictEqual(answer, direct(platform, bytes), `${platform} ${new TextDecoder().decode(bytes)}`);
    // a taken error is gone
    if (answer.error) assert.equal(glue.take_request_error(), undefined);
  }
  assert.match(kept("nuoyun", cases[5][1]).text, /诺云😀/);
  // build_request_at: the same answers for the same text written in the arguments area, the
  // platform as its index in PlatformId::ALL
  const order = glue.platforms().map((p) => p.id);
  const at = (index, bytes) => {
    new Uint8Array(glue.wasm_memory().buffer, glue.arguments_at(), bytes.length).set(bytes);
    const length = glue.build_request_at(index, bytes.length);
    if (length >= 0) return { text: new TextDecoder().decode(new Uint8Array(glue.wasm_memory().buffer, glue.request_at(), length)) };
    assert.equal(length, -1);
    return { error: glue.take_request_error() };
  };
  for (const [platform, bytes] of cases.filter(([p]) => p !== "nope")) {
    assert.deepStrictEqual(at(order.indexOf(platform), bytes), direct(platform, bytes), `at ${platform}`);
  }
  assert.equal(at(5, cases[0][1]).error.code, "unknown_platform");
  // no text, and a length past the area (not read): errors
  assert.deepStrictEqual(at(0, new Uint8Array(0)), direct("shopex", new Uint8Array(0)));
  assert.equal(glue.build_request_at(0, glue.arguments_room() + 1), -1);
  assert.match(glue.take_request_error().message, /longer than their area/);
});

test("buildRequest: arguments longer than the wasm's area, and a grown memory, give the same request", () => {
  const viaText = (platform, credentials, query) => viaHostJson(platform, credentials, query, { now: NOW });
  const long = { ...QUERY, shopId: "店".repeat(3000) }; // 9000 bytes of UTF-8: past the 4096-byte area
  for (const platform of Object.keys(CREDENTIALS)) {
    assert.deepStrictEqual(outcome(() => buildRequest(platform, CREDENTIALS[platform], long, { now: NOW })), outcome(() => viaText(platform, CREDENTIALS[platform], long)), platform);
  }
  const before = buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW });
  packageGlue.wasm_memory().grow(1); // the arguments area's old view is detached
  assert.deepStrictEqual(buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW }), before);
  // ...and a new view is made: the arguments are written in the area again
  const query = { ...QUERY, page: 7 };
  assert.deepStrictEqual(buildRequest("wangdiantong", CREDENTIALS.wangdiantong, query, { now: NOW }), viaText("wangdiantong", CREDENTIALS.wangdiantong, query));
  const text = JSON.stringify([CREDENTIALS.wangdiantong, query, { now: NOW }]);
  const area = new Uint8Array(packageGlue.wasm_memory().buffer, packageGlue.arguments_at(), text.length);
  assert.equal(new TextDecoder().decode(area), text);
});
