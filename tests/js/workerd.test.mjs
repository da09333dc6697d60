// The Worker of examples/worker in workerd (worker-harness.mjs bundles it with wrangler and
// runs it in Miniflare): the package's routes on the doc examples. Authentication, CORS and
// limits: worker-security.test.mjs; the sync into D1: worker-sync.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fixture } from "./helpers.mjs";
import { KITS } from "./kits.mjs";
import { bundle, post, worker as workerIn } from "./worker-harness.mjs";

const WDT = { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" };
let built;
const worker = (bindings) => workerIn(built.dir, bindings);

before(() => {
  built = bundle();
  assert.ok(readdirSync(built.dir).some((f) => f.endsWith(".wasm")), "wrangler kept the .wasm as a module");
});

after(() => {
  built?.remove();
});

test("workerd: /validate, and /sign in development (credentials from the secret) on the NOTES.md worked example", async () => {
  const mf = worker({ MODE: "development", CREDENTIALS_WANGDIANTONG: JSON.stringify(WDT) });
  try {
    const v = await (await post(mf, "/validate/wangdiantong", { query: { pageSize: 500 } })).json();
    assert.equal(v.ok, false);
    assert.equal(v.issues[0].field, "pageSize");
    const res = await post(mf, "/sign/wangdiantong", { query: { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" }, options: { now: 1470042310000 } });
    assert.equal(res.status, 200);
    assert.match((await res.json()).body, /&sign=b6b3b7882f9a48858fa18e701d5485b9$/);
  } finally {
    await mf.dispose();
  }
});

test("workerd: credentials in the request body are refused in production, allowed in development", async () => {
  const production = worker({});
  const development = worker({ MODE: "development" });
  try {
    const body = { credentials: WDT, query: {} };
    const refused = await post(production, "/fetch/wangdiantong", body);
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).error.code, "invalid_credentials");
    const allowed = await post(development, "/sign/wangdiantong", { ...body, options: { now: 1470042310000 } });
    assert.equal(allowed.status, 200);
    const missing = await post(production, "/fetch/wangdiantong", { query: {} });
    assert.equal(missing.status, 503);
    const error = (await missing.json()).error;
    assert.equal(error.code, "not_configured");
    assert.match(error.message, /CREDENTIALS_WANGDIANTONG/);
  } finally {
    await production.dispose();
    await development.dispose();
  }
});

test("workerd: /normalize turns each platform's doc example into unified JSON", async () => {
  const mf = worker({});
  try {
    // Each platform's doc examples (its kit), with the refunds they hold.
    const cases = Object.entries(KITS).flatMap(([platform, kit]) => kit.docExamples.map((ex) => [platform, ex.file, ex.rows]));
    for (const [platform, name, count] of cases) {
      const res = await post(mf, `/normalize/${platform}?page=1`, fixture(platform, name));
      assert.equal(res.status, 200, `${platform}/${name}`);
      const page = await res.json();
      assert.equal(page.refunds.length, count, `${platform}/${name}`);
    }
    const wdt = await (await post(mf, "/normalize/wangdiantong", fixture("wangdiantong", "doc_response.json"))).json();
    assert.equal(wdt.refunds[1].requestedAmount, "100.00");
    assert.equal(wdt.refunds[1].updatedAt, "2019-07-31T21:35:26+08:00");
    // Non-ASCII values cross in the page's UTF-16 part: workerd's TextDecoder must read it.
    assert.equal(wdt.refunds[0].returnShipment.company, "顺丰快递");
  } finally {
    await mf.dispose();
  }
});

test("workerd: bad input is a 400 with a structured error, never a 500", async () => {
  const mf = worker({ MODE: "development", CREDENTIALS_WANGDIANTONG: JSON.stringify(WDT) });
  try {
    const cases = [
      ["/normalize/wangdiantong", "<html>502</html>", "invalid_body"],
      ["/normalize/wangdiantong", new Uint8Array([0x7b, 0xff, 0x7d]), "invalid_body"],
      ["/normalize/wangdiantong?pageSize=lots", "{}", "invalid_options"],
      ["/normalize/unknown", "{}", "unknown_platform"],
      ["/normalize/wangdiantong", fixture("wangdiantong", "doc_error.json"), "platform_error"],
      ["/validate/wangdiantong", "not json", "invalid_body"],
      ["/validate/wangdiantong", "[1,2]", "invalid_body"],
      ["/sign/wangdiantong", { query: { pageSize: "x", extra: 1 } }, "invalid_query"],
      ["/sign/suning", { query: {}, credentials: { appKey: 1 } }, "invalid_credentials"],
      ["/fetch/wangdiantong", { query: {}, options: { sandbox: true } }, "invalid_options"],
    ];
    for (const [path, body, code] of cases) {
      const res = await post(mf, path, body);
      const json = await res.json();
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(json)}`);
      assert.equal(json.error.code, code, path);
      assert.ok(json.error.messageZh, path);
    }
    assert.equal((await post(mf, "/nothing/here", "{}")).status, 404);
    const broken = worker({ CREDENTIALS_SUNING: "not json" });
    try {
      const res = await post(broken, "/fetch/suning", { query: {} });
      assert.equal(res.status, 503);
      assert.deepEqual(Object.keys((await res.json()).error).sort(), ["code", "message", "messageZh", "retryable"]);
    } finally {
      await broken.dispose();
    }
  } finally {
    await mf.dispose();
  }
});
