// redactRequest: no credential survives JSON.stringify of the copy, on every platform, in any
// encoding the request sends it in; what is not a secret stays readable; nothing throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as rn from "refund-normalizer";
import { credentialsByPlatform, KITS } from "./kits.mjs";

const cjs = createRequire(import.meta.url)("refund-normalizer");
const NOW = Date.parse("2024-06-20T00:00:00+08:00");
const range = { since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" };

// Every secret starts with a marker of letters and digits, which every encoding (form, %, JSON,
// XML) leaves as it is: the marker absent means no form of the secret is there. The rest holds
// what encodings change: * % + / = & " space, CJK and a lone surrogate.
const tail = '*% +/=&"退款\uD800x';
const secret = (name) => `Zq${name}7${tail}`;
const MARKERS = ["Zqtoken7", "Zqsecret7", "Zqaccess7", "Zqheader7", "Zqfield7", "Zqauth7"];

const creds = credentialsByPlatform({
  secret: secret("secret"),
  token: secret("token"),
  access: secret("access"),
  header: secret("header"),
  field: secret("field"),
  auth: `Bearer ${secret("auth")}`,
});

function assertClean(what, redacted, original) {
  const text = JSON.stringify(redacted);
  for (const m of MARKERS) assert.ok(!text.includes(m), `${m} survived in ${what}: ${text}`);
  // The full encodings too, for the record: raw, JSON, %-encoded (with * as %2A), form (+).
  const raw = [tail, JSON.stringify(tail).slice(1, -1), encodeURIComponent(tail.toWellFormed()), encodeURIComponent(tail.toWellFormed()).replace(/\*/g, "%2A").replace(/%20/g, "+")];
  for (const form of raw) assert.ok(!text.includes(form), `${JSON.stringify(form)} survived in ${what}`);
  // The original did carry them (the test would prove nothing otherwise), except where the
  // platform puts no credential on the wire.
  return JSON.stringify(original);
}

for (const [p, kit] of Object.entries(KITS)) {
  test(`${p}: redactRequest masks every credential and the signature, keeps the rest`, () => {
    // The default request, then each of the kit's other shapes of it.
    for (const o of [{}, ...kit.requestVariants]) {
      const query = o.operation === "refundAmount" ? range : { ...range, page: 2, pageSize: 20 };
      const request = rn.buildRequest(p, creds[p], query, { now: NOW, ...o });
      for (const api of [rn, cjs]) {
        const redacted = api.redactRequest(p, request);
        const original = assertClean(`${p} ${JSON.stringify(o)}`, redacted, request);
        if (Object.keys(kit.credentialsSent).length) assert.ok(MARKERS.some((m) => original.includes(m)), "the request carried a credential");
        // The request is not changed, the copy is a copy.
        assert.notEqual(redacted.headers, request.headers);
        assert.equal(redacted.url, request.url);
        assert.equal(redacted.method, "POST");
        assert.equal(redacted.headers["Content-Type"], request.headers["Content-Type"]);
        // The signature is masked, and kept on request.
        const sign = /(?:^|&)sign=([^&]*)/.exec(request.body)?.[1] ?? request.headers.signInfo;
        if (sign) {
          assert.ok(!JSON.stringify(redacted).includes(sign), "signature masked");
          assert.ok(JSON.stringify(api.redactRequest(p, request, { keepSignature: true })).includes(sign), "keepSignature keeps it");
        }
      }
      const redacted = rn.redactRequest(p, request, { mask: "••" });
      // Its exact shape under the mask, as its kit says (a kit must say something).
      assert.ok(kit.redacted.body?.length || Object.keys(kit.redacted.headers ?? {}).length, `tests/js/kits/${p}.mjs: redacted says nothing`);
      for (const pattern of kit.redacted.body ?? []) assert.match(redacted.body, pattern);
      for (const [name, value] of Object.entries(kit.redacted.headers ?? {})) assert.equal(redacted.headers[name], value, name);
      if (kit.redacted.bodyKept) assert.equal(redacted.body, request.body);
    }
  });
}

test("RefundSync.next's requests redact the same way", () => {
  for (const platform of Object.keys(creds)) {
    const sync = new rn.RefundSync(platform, range, { now: NOW });
    assertClean(`${platform} sync`, rn.redactRequest(platform, sync.next(creds[platform], { now: NOW })));
  }
});

test("redactRequest never throws, and masks what it cannot read", () => {
  const weird = [
    null,
    undefined,
    "a string",
    42,
    {},
    { url: 5, headers: null, body: 7 },
    { url: "https://u:Zqsecret7@x.example/p?access_token=Zqtoken7%ZZ&a=%E0%A4%A&sign=1#frag", method: "POST", headers: {}, body: "access_token=Zqtoken7\uD800&%ZZ=1&=&&sign" },
    { url: "x", method: "POST", headers: { "Content-Type": "application/json", access_token: "Zqaccess7" }, body: '{"a":1,"token":"Zqtoken7\\ud800","n":{"secret":"Zqsecret7"}}' },
    { url: "x", method: "POST", headers: {}, body: '{"token":"Zqtoken7' },
    { url: "x", method: "POST", headers: {}, body: "<r><access_token>Zqaccess7</access_token><page>1</page></r>" },
    { url: "x", method: "POST", headers: {}, body: new TextEncoder().encode("access_token=Zqaccess7") },
    { url: "x", method: "POST", headers: new Headers({ authorization: "Zqauth7", "content-type": "text/plain" }), body: "" },
    { get url() { throw new Error("Zqsecret7"); } },
    Object.assign(Object.create(null), { url: "x", headers: { ["__proto__"]: "plain" }, body: "" }),
  ];
  for (const platform of ["mogujie", "nuoyun", "unknown", 7, null]) {
    for (const request of weird) {
      const redacted = rn.redactRequest(platform, request, { get mask() { throw new Error("no"); } });
      const text = JSON.stringify(redacted);
      for (const m of MARKERS) assert.ok(!text.includes(m), `${m} in ${text} (${String(platform)})`);
      assert.equal(typeof redacted.url, "string");
    }
  }
  // What is not secret stays readable.
  const r = rn.redactRequest("mogujie", weird[6]);
  assert.equal(r.url, "https://[REDACTED]@x.example/p?access_token=[REDACTED]&a=%E0%A4%A&sign=[REDACTED]#frag");
  assert.equal(r.body, "access_token=[REDACTED]&%ZZ=1&=&&sign=[REDACTED]");
  assert.equal(rn.redactRequest("suning", weird[7]).body, '{"a":1,"token":"[REDACTED]","n":{"secret":"[REDACTED]"}}');
  assert.equal(rn.redactRequest("suning", weird[9]).body, "<r><access_token>[REDACTED]</access_token><page>1</page></r>");
  assert.equal(rn.redactRequest("suning", weird[11]).headers["content-type"], "text/plain");
  // A header named __proto__ stays an own header.
  assert.equal(Object.getOwnPropertyDescriptor(rn.redactRequest("mogujie", weird[13]).headers, "__proto__").value, "plain");
  // An unknown platform: every value masked but the content type.
  assert.deepEqual(rn.redactRequest("unknown", { url: "https://x/?a=1", method: "GET", headers: { "Content-Type": "t", A: "b" }, body: "a=1" }), {
    url: "https://x/?a=[REDACTED]",
    method: "GET",
    headers: { "Content-Type": "t", A: "[REDACTED]" },
    body: "a=[REDACTED]",
  });
  // 诺云: a big number in the body stays exact (the JSON is copied, not parsed and printed).
  assert.equal(rn.redactRequest("nuoyun", { url: "x", method: "POST", headers: {}, body: '{"wechat_user_space_id":9223372036854775807,"k":"v"}' }).body, '{"wechat_user_space_id":9223372036854775807,"k":"[REDACTED]"}');
});
