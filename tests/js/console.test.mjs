// The admin console (www/) in Debian's headless Chromium, driven by playwright-core: the page is
// served from the repo root and loads the package's browser entry through its import map.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { parseResponse, platforms } from "refund-normalizer";
import { serve } from "../../scripts/static-server.mjs";
import { fixture, fixturesDir, PLATFORMS, root } from "./helpers.mjs";
import { KITS } from "./kits.mjs";

const artifacts = join(root, "tests", "js", "artifacts");
mkdirSync(artifacts, { recursive: true });

let browser;
let site;
let page;
const pageErrors = [];

async function openConsole(viewport = { width: 1366, height: 900 }) {
  const p = await browser.newPage({ viewport });
  p.on("pageerror", (e) => pageErrors.push(`${e}\n${e.stack}`));
  p.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  await p.goto(`${site.url}/www/index.html`);
  await p.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return p;
}

async function choose(p, platform) {
  await p.selectOption("[data-testid=platform]", platform);
  await p.waitForFunction((id) => location.hash === `#${id}`, platform);
}

const text = (p, testid) => p.locator(`[data-testid="${testid}"]`).innerText();

before(async () => {
  site = await serve(root);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await openConsole();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

test("console: the form is built from platforms() for every platform", async () => {
  const infos = await page.evaluate(async () => (await import("refund-normalizer")).platforms());
  const options = await page.locator("[data-testid=platform] option").evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, infos.map((p) => p.id));
  for (const info of infos) {
    await choose(page, info.id);
    const size = page.locator("[data-testid=field-pageSize]");
    assert.equal(await size.getAttribute("min"), String(info.paging.sizeMin), info.id);
    assert.equal(await size.getAttribute("max"), String(info.paging.sizeMax), info.id);
    assert.equal(await size.getAttribute("placeholder"), String(info.paging.sizeDefault), info.id);
    const timeFields = await page.locator("[data-testid=field-timeField] option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(timeFields, info.timeFields.map((t) => t.field), info.id);
    for (const f of ["shopId", "orderId", "refundId", "status"]) {
      const listed = info.filters.some((x) => x.field === f);
      assert.equal(await page.locator(`[data-testid="field-${f}"]`).count(), listed ? 1 : 0, `${info.id} ${f}`);
    }
    const status = info.filters.find((x) => x.field === "status");
    if (status) assert.equal(await page.locator("[data-testid=field-status] option").count(), 1 + status.values.length, info.id);
    for (const np of info.nativeParams) assert.equal(await page.locator(`[data-testid="field-params.${np.name}"]`).count(), 1, `${info.id} ${np.name}`);
    for (const c of info.credentials) {
      const el = page.locator(`[data-testid="cred-${c.name}"]`);
      const [tag, type] = await el.evaluate((e) => [e.tagName.toLowerCase(), e.type]);
      const want = c.type === "object" ? ["textarea", "textarea"] : c.type === "boolean" ? ["input", "checkbox"] : c.values.length > 0 ? ["select", "select-one"] : ["input", c.secret ? "password" : "text"];
      assert.deepEqual([tag, type], want, `${info.id} ${c.name}`);
      // A credential that takes only some strings offers them, and the platform's default.
      if (c.values.length > 0) assert.deepEqual(await el.locator("option").evaluateAll((os) => os.map((o) => o.value)), ["", ...c.values], `${info.id} ${c.name}`);
      // Every control has an accessible label.
      const label = await el.evaluate((e) => e.labels?.[0]?.innerText ?? "");
      assert.ok(label.trim().length > 0, `${info.id} ${c.name} label`);
    }
  }
  assert.deepEqual(pageErrors, []);
});

test("console: an invalid page size shows its issue next to the field in both languages; fixing it clears it", async () => {
  await choose(page, "wangdiantong");
  await page.fill("[data-testid=field-pageSize]", "500");
  const error = page.locator("[data-testid=error-pageSize]");
  await assert.doesNotReject(error.getByText("pageSize 必须在 1 到 100 之间").waitFor());
  assert.match(await error.innerText(), /pageSize must be between 1 and 100/);
  assert.equal(await page.locator("[data-testid=field-pageSize]").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("[data-testid=issue-summary]").getAttribute("data-count"), "1");
  assert.match(await text(page, "issue-summary"), /1 个问题.*1 issue/s);
  assert.equal(await page.locator("[data-testid=preview-blocked]").count(), 1);

  // Several issues at once, each at its own field; a not_supported one too.
  await page.fill("[data-testid=field-since]", "2024-06-01 00:00:00");
  await page.fill("[data-testid=field-page]", "0");
  assert.match(await text(page, "error-until"), /since 与 until 必须同时提供[\s\S]*since and until go together/);
  assert.match(await text(page, "error-page"), /page 必须在 1 到 1000000 之间/);
  assert.equal(await page.locator("[data-testid=issue-summary]").getAttribute("data-count"), "3");

  await page.fill("[data-testid=field-pageSize]", "100");
  await page.fill("[data-testid=field-page]", "");
  await page.fill("[data-testid=field-since]", "");
  assert.equal(await error.innerText(), "");
  assert.equal(await page.locator("[data-testid=field-pageSize]").getAttribute("aria-invalid"), null);
  assert.equal(await page.locator("[data-testid=issue-summary]").getAttribute("data-count"), "0");
  assert.match(await text(page, "issue-summary"), /查询有效[\s\S]*Query is valid/);
  await page.fill("[data-testid=field-pageSize]", "");
});

test("console: 旺店通's signed preview for a fixed now: the worked example's signature, a missing secret shown at its field, the secret nowhere", async () => {
  const p = await openConsole();
  await choose(p, "wangdiantong");
  await p.fill("[data-testid=field-since]", "2016-08-01 12:00:00");
  await p.fill("[data-testid=field-until]", "2016-08-01 13:00:00");
  await p.fill("[data-testid=field-now]", "1470042310000");
  await p.fill("[data-testid=cred-sid]", "test2");
  await p.fill("[data-testid=cred-appKey]", "test2-xx");
  // Without the secret: the credential problem is shown, at the field and in the preview.
  assert.match(await text(p, "error-credentials.appSecret"), /credentials\.appSecret 为必填项[\s\S]*credentials\.appSecret is required/);
  assert.equal(await text(p, "preview-error-code"), "invalid_credentials");
  await p.fill("[data-testid=cred-appSecret]", "test_secret");
  assert.equal(await text(p, "preview-method"), "POST");
  assert.equal(await text(p, "preview-url"), "https://api.wangdian.cn/openapi2/vip_api_refund_query.php");
  assert.match(await text(p, "preview-headers"), /Content-Type\s+application\/x-www-form-urlencoded/);
  const body = await text(p, "preview-body");
  assert.match(body, /sign=b6b3b7882f9a48858fa18e701d5485b9$/);
  assert.match(body, /start_time=2016-08-01\+12%3A00%3A00/);
  const noSecret = (html, secret) => assert.ok(!html.includes(secret), `secret ${secret} in the page`);
  noSecret(await p.evaluate(() => document.body.innerText), "test_secret");
  noSecret(await p.evaluate(() => document.documentElement.outerHTML), "test_secret");
  // Same time as "yyyy-MM-dd HH:mm:ss" Beijing time gives the same signature.
  await p.fill("[data-testid=field-now]", "2016-08-01 17:05:10");
  assert.match(await text(p, "preview-body"), /sign=b6b3b7882f9a48858fa18e701d5485b9$/);

  assert.deepEqual(pageErrors, []);
  await p.close();
});

/** Types `value` into the control `testid`: a select takes the option, any other control the text. */
async function enter(p, testid, value) {
  const control = p.locator(`[data-testid="${testid}"]`);
  if ((await control.evaluate((e) => e.tagName)) === "SELECT") await control.selectOption(value);
  else await control.fill(value);
}

// Each platform's signed preview (its kit's consolePreview): its steps typed in order, each
// showing what it says; its secrets nowhere on the page, masked or not.
for (const [platform, kit] of Object.entries(KITS)) {
  test(`console: ${platform}'s signed preview masks every secret it sends`, async () => {
    const p = await openConsole();
    await choose(p, platform);
    for (const { fill, shows } of kit.consolePreview.steps) {
      for (const [testid, value] of Object.entries(fill)) await enter(p, testid, value);
      for (const [testid, patterns] of Object.entries(shows)) {
        const shown = await text(p, testid);
        for (const pattern of patterns) assert.match(shown, pattern, testid);
      }
    }
    assert.ok(kit.consolePreview.secrets.length > 0);
    for (const secret of kit.consolePreview.secrets) {
      assert.ok(!(await p.evaluate(() => document.documentElement.outerHTML + document.body.innerText)).includes(secret), `secret ${secret} in the page`);
      assert.ok(!(await p.locator("[data-testid=preview]").innerText()).includes(secret), `secret ${secret} in the preview`);
    }
    assert.deepEqual(pageErrors, []);
    await p.close();
  });
}

test("console: a credential that is a JSON object is a textarea showing dots; text that is not a JSON object is its issue", async () => {
  const p = await openConsole();
  let seen = 0;
  for (const info of platforms()) {
    for (const field of info.credentials.filter((c) => c.type === "object")) {
      await choose(p, info.id);
      const control = p.locator(`[data-testid="cred-${field.name}"]`);
      assert.equal(await control.evaluate((e) => getComputedStyle(e).webkitTextSecurity), "disc", `${info.id} ${field.name}`);
      await control.fill("{not json");
      assert.match(await text(p, `error-credentials.${field.name}`), /不是合法的 JSON 对象/, `${info.id} ${field.name}`);
      await control.fill("");
      seen += 1;
    }
  }
  assert.ok(seen > 0, "a platform takes an object credential");
  assert.deepEqual(pageErrors, []);
  await p.close();
});

test("console: the plan shows 4 windows for a 95-day 旺店通 range, with pages and requests", async () => {
  await choose(page, "wangdiantong");
  await page.fill("[data-testid=field-since]", "2024-01-01 00:00:00");
  await page.fill("[data-testid=field-until]", "2024-04-05 00:00:00"); // 95 days
  // The range itself is too long for one request: validateQuery says so, the plan splits it.
  assert.match(await text(page, "error-until"), /跨度不能超过 30 天[\s\S]*at most 30 days/);
  assert.equal(await text(page, "plan-count"), "4");
  assert.equal(await page.locator("[data-testid=plan-window]").count(), 4);
  const rows = await page.locator("[data-testid=plan-window]").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  assert.equal(rows[0][1], "2024-01-01T00:00:00+08:00");
  assert.equal(rows[3][2], "2024-04-05T00:00:00+08:00");
  assert.equal(await text(page, "plan-requests"), "≥ 4");
  // 1200 records over 95 days at 100 a page: ~379 in each 30-day window (4 pages) and ~64 in the last (1 page).
  await page.fill("[data-testid=field-pageSize]", "100");
  await page.fill("[data-testid=expected-records]", "1200");
  assert.equal(await text(page, "plan-requests"), "13");
  const pages = await page.locator("[data-testid=plan-window] td:last-child").allInnerTexts();
  assert.deepEqual(pages, ["4", "4", "4", "1"]);
  await page.fill("[data-testid=expected-records]", "");
  await page.fill("[data-testid=field-pageSize]", "");
  // A bad range is a RefundError in the plan view, not a blank.
  await page.fill("[data-testid=field-since]", "not a time");
  assert.equal(await text(page, "plan-error-code"), "invalid_query");
  await page.fill("[data-testid=field-since]", "");
  await page.fill("[data-testid=field-until]", "");
});

// Each platform's doc examples (its kit): expected rows and one exact amount.
const DOC_EXAMPLES = Object.entries(KITS).flatMap(([platform, kit]) => kit.docExamples.map((ex) => ({ platform, ...ex })));

for (const ex of DOC_EXAMPLES) {
  const path = join(fixturesDir, ex.platform, ex.file);
  test(`console: pasting ${ex.platform}/${ex.file} shows ${ex.rows} unified refunds`, async () => {
    assert.ok(existsSync(path), `${path} exists`);
    const body = fixture(ex.platform, ex.file).toString("utf8");
    await choose(page, ex.platform);
    await page.fill("[data-testid=response-input]", body);
    await page.locator("[data-testid=results-table]").waitFor();
    const ids = await page.locator("[data-testid=cell-id]").allInnerTexts();
    assert.equal(ids.length, ex.rows);
    // The same records, in the same order, as the package gives in Node.
    assert.deepEqual(ids, parseResponse(ex.platform, body).refunds.map((r) => r.id));
    assert.equal(await text(page, "count-refunds"), String(ex.rows));
    assert.equal(await text(page, "count-rejected"), "0");
    const amounts = await page.locator(`[data-testid=${ex.amount[0]}]`).allInnerTexts();
    assert.ok(amounts.includes(ex.amount[1]), `${ex.amount[1]} in ${amounts}`);
    if (ex.warnings?.cell) assert.match(await page.locator("[data-testid=cell-warnings]").first().innerText(), ex.warnings.cell);
    if (ex.warnings?.list) assert.match(await text(page, "warnings-list"), ex.warnings.list);
    assert.equal(await page.locator("[data-testid=parse-error]").count(), 0);
  });
}

test("console: garbage and error envelopes show a RefundError; rejected records are listed, not hidden", async () => {
  await choose(page, "wangdiantong");
  await page.fill("[data-testid=response-input]", "garbage <<");
  assert.equal(await text(page, "parse-error-code"), "invalid_body");
  assert.match(await text(page, "parse-error-中文"), /响应体不是合法的 JSON/);
  assert.match(await text(page, "parse-error-English"), /the body is not valid JSON/);
  assert.equal(await page.locator("[data-testid=results-table]").count(), 0);

  await page.fill("[data-testid=response-input]", fixture("wangdiantong", "doc_error.json").toString("utf8"));
  assert.equal(await text(page, "parse-error-code"), "platform_error");
  assert.equal(await text(page, "parse-error-platformCode"), "1060");
  assert.match(await text(page, "parse-error-中文"), /充值余额为0/);

  {
    const body = fixture("mogujie", "wrong_types.json").toString("utf8");
    const expected = parseResponse("mogujie", body);
    await choose(page, "mogujie");
    await page.fill("[data-testid=response-input]", body);
    assert.equal(await page.locator("[data-testid=rejected]").count(), expected.rejected.length);
    assert.ok(expected.rejected.length > 0);
    const first = await page.locator("[data-testid=rejected]").first().innerText();
    assert.ok(first.includes(expected.rejected[0].path) && first.includes(expected.rejected[0].code), first);
    assert.equal(await page.locator("[data-testid=result-row]").count(), expected.refunds.length);
  }
  await page.fill("[data-testid=response-input]", "");
});

test("console: ShopEx refunds.getRefundAmount is previewed and parsed with the operation option", async () => {
  await choose(page, "shopex");
  await page.selectOption("[data-testid='field-options.operation']", "refundAmount");
  await page.fill("[data-testid=field-since]", "2024-06-01 00:00:00");
  await page.fill("[data-testid=field-until]", "2024-06-02 00:00:00");
  await page.fill("[data-testid=cred-baseUrl]", "https://erp.example.com/index.php/openapi/rpc/service/");
  await page.fill("[data-testid=cred-flag]", "demo-flag");
  await page.fill("[data-testid=cred-token]", "shopex-token-secret");
  assert.match(await text(page, "preview-body"), /method=refunds\.getRefundAmount/);
  assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText)).includes("shopex-token-secret"));
  await page.fill("[data-testid=response-input]", fixture("shopex", "doc_amount_response.json").toString("utf8"));
  assert.equal(await text(page, "total-amount"), "5000.00");
  await page.selectOption("[data-testid='field-options.operation']", "");
  await page.fill("[data-testid=response-input]", "");
  await page.fill("[data-testid=field-since]", "");
  await page.fill("[data-testid=field-until]", "");
});

test("console: laptop and phone screenshots; no horizontal page scroll at 390 px", async () => {
  for (const [name, viewport] of [
    ["laptop", { width: 1366, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ]) {
    const p = await openConsole(viewport);
    await choose(p, "wangdiantong");
    await p.fill("[data-testid=field-since]", "2024-01-01 00:00:00");
    await p.fill("[data-testid=field-until]", "2024-04-05 00:00:00");
    await p.fill("[data-testid=field-pageSize]", "500");
    await p.fill("[data-testid=cred-sid]", "demo-sid");
    await p.fill("[data-testid=cred-appKey]", "demo-key");
    await p.fill("[data-testid=cred-appSecret]", "demo-secret");
    await p.fill("[data-testid=expected-records]", "1200");
    await p.fill("[data-testid=response-input]", fixture("wangdiantong", "doc_response.json").toString("utf8"));
    await p.screenshot({ path: join(artifacts, `console-${name}-issues.png`), fullPage: true });
    // A valid query: the preview shows.
    await p.fill("[data-testid=field-pageSize]", "100");
    await p.fill("[data-testid=field-until]", "2024-01-20 00:00:00");
    await p.locator("[data-testid=preview-body]").waitFor();
    await p.screenshot({ path: join(artifacts, `console-${name}.png`), fullPage: true });
    const widths = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth }));
    assert.ok(widths.scroll <= widths.client && widths.body <= widths.client, `${name}: ${JSON.stringify(widths)}`);
    if (name === "phone") {
      // The refunds table scrolls inside its own box instead.
      const box = await p.locator("[data-testid=results-scroll]").evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      assert.ok(box.scroll > box.client, JSON.stringify(box));
      // Error envelope on the phone.
      await p.fill("[data-testid=response-input]", "garbage <<");
      await p.locator("[data-testid=parse-error]").scrollIntoViewIfNeeded();
      await p.screenshot({ path: join(artifacts, "console-phone-error.png"), fullPage: true });
      const w = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(w <= 0, `phone error view overflows by ${w}px`);
      // Every platform's form fits the phone too.
      for (const id of PLATFORMS) {
        await choose(p, id);
        await p.fill("[data-testid=response-input]", "");
        const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(over <= 0, `phone: ${id} overflows by ${over}px`);
      }
    }
    await p.close();
  }
  assert.deepEqual(pageErrors, []);
});
