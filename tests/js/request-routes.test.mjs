// buildRequest sends plain arguments to the wasm as one JSON text and reads the request back
// as flat text (docs/performance.md, signing). That route must answer exactly what the
// object route (serde-wasm-bindgen both ways) answers, for plain and for odd arguments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as glue from "../../pkg/dist/refund_normalizer.js";
import { buildRequest } from "refund-normalizer";

glue.initSync({ module: new WebAssembly.Module(readFileSync(new URL("../../pkg/dist/refund_normalizer_bg.wasm", import.meta.url))) });

const NOW = 1717200000000;
const QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", page: 2, pageSize: 20 };
const CREDENTIALS = {
  wangdiantong: { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" },
  mogujie: { appKey: "100123", appSecret: "s", accessToken: "t" },
  shopex: { baseUrl: "https://erp.example.com/api", flag: "oms", token: "k" },
  suning: { appKey: "k", appSecret: "s", accessToken: "t" },
  nuoyun: { headers: { "X-Token": "s" }, bodyFields: { uid: "42" } },
};

function outcome(fn) {
  try {
    const r = fn();
    return { ...r, headerOrder: Object.keys(r.headers) };
  } catch (e) {
    return { code: e.code, message: e.message, messageZh: e.messageZh, issues: e.issues };
  }
}

test("the JSON route and the object route give the same request or the same error", () => {
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
    );
  }
  cases.push(["nuoyun", { headers: { __proto__: "1", "X-A": "\u001f" } }, QUERY, { now: NOW }]);
  cases.push(["nope", {}, {}, {}]);
  for (const [platform, credentials, query, options] of cases) {
    const viaJson = outcome(() => buildRequest(platform, credentials, query, options));
    const viaObjects = outcome(() => glue.build_request(platform, credentials, query, options));
    assert.deepStrictEqual(viaJson, viaObjects, `${platform} ${String(query?.page)} ${typeof options?.now}`);
  }
});

test("plain arguments take the JSON route (the object route is not called)", async () => {
  const { createApi } = await import("../../pkg/src/api.js");
  const api = createApi({ ...glue, build_request: () => assert.fail("object route taken") });
  for (const [platform, credentials] of Object.entries(CREDENTIALS)) {
    const request = api.buildRequest(platform, credentials, { ...QUERY, shopId: undefined }, { now: NOW });
    assert.deepStrictEqual(request, glue.build_request(platform, credentials, QUERY, { now: NOW }));
  }
});

test("decodeRequest reads escaped values, empty values and a __proto__ header", async () => {
  const { decodeRequest } = await import("../../pkg/src/decode.js");
  const flat = 'rn7\x1f\x1d"https://x/\\u001f"\x1f\x1ca\x1f4\x1fA\x1f1\x1fB\x1f\x1f__proto__\x1f\x1d"x\\u001e\\u001c"\x1f\x1cb\x1f\x1cf\x1fa=1&b=2\x1f';
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
  const flatOf = (pairs) => `rn7\x1furl\x1fPOST\x1f${pairs.length}\x1f${pairs.map(([k, v]) => `${k}\x1f${v}\x1f`).join("")}body\x1f`;
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
    const expected = glue.build_request("suning", credentials, QUERY, { now: NOW });
    assert.deepStrictEqual(request, expected);
    assert.deepEqual(Object.keys(request.headers), Object.keys(expected.headers));
    assert.equal(Object.keys(request.headers).length, credentials.accessToken ? 8 : 7);
  }
});

test("argumentsJson writes the JSON.stringify text, and leaves whatever isPlain refuses", async () => {
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
      // what api.js's general way writes (isPlain, then JSON.stringify with undefined as null)
      const expected = JSON.stringify([c, q, o], (key, value) => (value === undefined ? null : value));
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

test("build_request_kept answers as build_request_json: the text kept, the error kept, -1 for text serde_json refuses", () => {
  const json = (args) => new TextEncoder().encode(JSON.stringify(args));
  const kept = (platform, bytes) => {
    const length = glue.build_request_kept(platform, bytes);
    if (length >= 0) return { text: new TextDecoder().decode(new Uint8Array(glue.wasm_memory().buffer, glue.request_at(), length)) };
    if (length === -2) return { error: glue.take_request_error() };
    return { length };
  };
  const direct = (platform, bytes) => {
    try {
      return { text: glue.build_request_json(platform, bytes) };
    } catch (e) {
      return e === null ? { length: -1 } : { error: e };
    }
  };
  const cases = [
    ...Object.entries(CREDENTIALS).map(([platform, credentials]) => [platform, json([credentials, QUERY, { now: NOW }])]),
    // text beyond ASCII in the body, as UTF-8
    ["nuoyun", json([{ ...CREDENTIALS.nuoyun, bodyFields: { uid: "诺云😀" } }, QUERY, { now: NOW }])],
    // errors: a missing credential, an unknown platform
    ["wangdiantong", json([{}, QUERY, { now: NOW }])],
    ["nope", json([{}, QUERY, { now: NOW }])],
    // not for serde_json: broken UTF-8, a lone surrogate escaped
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
  const order = ["shopex", "wangdiantong", "mogujie", "suning", "nuoyun"];
  const at = (index, bytes) => {
    new Uint8Array(glue.wasm_memory().buffer, glue.arguments_at(), bytes.length).set(bytes);
    const length = glue.build_request_at(index, bytes.length);
    if (length >= 0) return { text: new TextDecoder().decode(new Uint8Array(glue.wasm_memory().buffer, glue.request_at(), length)) };
    if (length === -2) return { error: glue.take_request_error() };
    return { length };
  };
  for (const [platform, bytes] of cases.filter(([p]) => p !== "nope")) {
    assert.deepStrictEqual(at(order.indexOf(platform), bytes), direct(platform, bytes), `at ${platform}`);
  }
  assert.equal(at(5, cases[0][1]).error.code, "unknown_platform");
  // a length past the area is not read: text serde_json refuses
  assert.deepStrictEqual(at(0, new Uint8Array(0)), direct("shopex", new Uint8Array(0)));
  assert.equal(glue.build_request_at(0, glue.arguments_room() + 1), -1);
});

test("buildRequest: arguments longer than the wasm's area, and a grown memory, give the same request", () => {
  const viaObjects = (platform, credentials, query) => glue.build_request(platform, credentials, query, { now: NOW });
  const long = { ...QUERY, shopId: "店".repeat(3000) }; // 9000 bytes of UTF-8: past the 4096-byte area
  for (const platform of Object.keys(CREDENTIALS)) {
    assert.deepStrictEqual(outcome(() => buildRequest(platform, CREDENTIALS[platform], long, { now: NOW })), outcome(() => viaObjects(platform, CREDENTIALS[platform], long)), platform);
  }
  const before = buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW });
  glue.wasm_memory().grow(1); // the arguments area's old view is detached
  assert.deepStrictEqual(buildRequest("suning", CREDENTIALS.suning, QUERY, { now: NOW }), before);
  // ...and a new view is made: the arguments are written in the area again
  const query = { ...QUERY, page: 7 };
  assert.deepStrictEqual(buildRequest("wangdiantong", CREDENTIALS.wangdiantong, query, { now: NOW }), viaObjects("wangdiantong", CREDENTIALS.wangdiantong, query));
  const text = JSON.stringify([CREDENTIALS.wangdiantong, query, { now: NOW }]);
  const area = new Uint8Array(glue.wasm_memory().buffer, glue.arguments_at(), text.length);
  assert.equal(new TextDecoder().decode(area), text);
});
