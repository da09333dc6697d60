// The package's browser entry in Debian's headless Chromium, driven by playwright-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/static-server.mjs";
import { fixture, PLATFORMS, root } from "./helpers.mjs";

let browser;
let page;
let site;

before(async () => {
  site = await serve(root);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage();
  await page.goto(`${site.url}/tests/js/browser/index.html`);
  await page.waitForFunction(() => window.ready === true);
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

test("browser: ready after import; validates as the user types", async () => {
  const result = await page.evaluate(() => {
    const v = window.rn.validateQuery("wangdiantong", { pageSize: 500 });
    return { ids: window.rn.platforms().map((p) => p.id), issue: v.issues.find((i) => i.field === "pageSize") };
  });
  assert.deepEqual(result.ids, PLATFORMS);
  assert.equal(result.issue.code, "out_of_range");
  assert.match(result.issue.messageZh, /1 到 100/);
});

test("browser: signs and normalizes like Node does", async () => {
  const body = fixture("wangdiantong", "doc_response.json").toString("utf8");
  const result = await page.evaluate((body) => {
    const req = window.rn.buildRequest("wangdiantong", { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" }, { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" }, { now: 1470042310000 });
    const fromText = window.rn.parseResponse("wangdiantong", body);
    const fromBytes = window.rn.parseResponse("wangdiantong", new TextEncoder().encode(body));
    let error = null;
    try {
      window.rn.parseResponse("wangdiantong", new Uint8Array([0x7b, 0xff]));
    } catch (e) {
      error = { isRefundError: e instanceof window.rn.RefundError, code: e.code };
    }
    const redacted = window.rn.redactRequest("wangdiantong", req).body;
    return { sign: req.body.split("sign=")[1], fromText, same: JSON.stringify(fromText) === JSON.stringify(fromBytes), error, redacted };
  }, body);
  assert.match(result.redacted, /&sign=\[REDACTED\]$/);
  assert.equal(result.sign, "b6b3b7882f9a48858fa18e701d5485b9");
  assert.equal(result.fromText.refunds[2].id, "wjwceshi07310012");
  assert.equal(result.fromText.refunds[2].requestedAmount, "100.00");
  assert.ok(result.same);
  assert.deepEqual(result.error, { isRefundError: true, code: "invalid_body" });
});
