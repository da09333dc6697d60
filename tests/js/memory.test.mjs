// Memory a hostile or broken page can take: a page of 100 000 records that are all `{}`
// (about 300 KB) in each platform's envelope, parsed in a fresh Node process. wasm memory
// never shrinks, so what one page grows it by stays for the life of the process (a Worker
// isolate has 128 MB). The process's RSS holds that and V8's heap: the page's 100 000
// rejected records, and the young generation V8 sizes up while they are made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PLATFORMS } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

function probe(platform, count, options = {}) {
  const out = execFileSync(process.execPath, ["--expose-gc", join(here, "memory-probe.mjs"), platform, String(count), JSON.stringify(options)], {
    cwd: here,
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(out);
}

for (const platform of PLATFORMS) {
  test(`${platform}: 100 000 invalid records grow the process by at most 40 MB, and parsing them five times more grows it no further`, () => {
    const m = probe(platform, 100_000);
    assert.deepEqual(m.first, { refunds: 0, rejected: 100_000 });
    assert.ok(m.bodyBytes < 400_000, `${m.bodyBytes} bytes`);
    const mb = (n) => (n / MB).toFixed(1);
    const said = `wasm +${mb(m.wasmOnce)} MB, +${mb(m.wasmSecond)} MB, then +${mb(m.wasmLastFour)} MB; rss +${mb(m.rssHeld)} MB with the page held, +${mb(m.rssOnce)} MB once dropped, then +${mb(m.rssFiveMore)} MB`;
    console.log(`${platform}: ${said}`);
    // The wasm memory: measured 4.1–4.3 MB for the first parse (rejected records alike share
    // one template in the flat page, flat::rejected), and the same memory serves every parse
    // after it. With each record's path in the flat page, 17–34 MB; before rejected records
    // were taken off the page as they come, 95–110 MB.
    assert.ok(m.wasmOnce <= 8 * MB, said);
    assert.equal(m.wasmSecond + m.wasmLastFour, 0, said);
    // The whole process: measured 22–29 MB with the first page held, 17–28 MB once it is
    // dropped; the five parses after it move it by -2 to +10 MB (V8 settling its young
    // generation; the wasm memory grows no more), 30 MB at most in all. With a path string
    // per record and 17–34 MB of wasm: 31–47 MB for the first parse, 44 in all.
    assert.ok(m.rssHeld <= 40 * MB, said);
    assert.ok(m.rssOnce <= 40 * MB, said);
    assert.ok(m.rssOnce + m.rssFiveMore <= 40 * MB, said);
  });
}

test("maxBodyBytes and maxRecords refuse such a page before it takes any memory", () => {
  for (const options of [{ maxBodyBytes: 64 * 1024 }, { maxRecords: 1000 }]) {
    const m = probe("wangdiantong", 100_000, options);
    assert.deepEqual(m.first, { error: "too_large" });
    // maxBodyBytes before the body is copied; maxRecords once the list is found (the fast
    // path reads at most 16 384 records before it leaves a longer list to the raw way).
    const bound = options.maxBodyBytes ? 1 * MB : 8 * MB;
    assert.ok(m.wasmOnce <= bound, `${JSON.stringify(options)}: wasm +${m.wasmOnce}`);
  }
});

test("maxBodyBytes and maxRecords through the package: parseResponse and a RefundSync's every accept", async () => {
  const { parseResponse, RefundSync, RefundError } = await import("refund-normalizer");
  const page = (n) => JSON.stringify({ code: 0, total_count: String(n), trade_list: Array(n).fill({}) });
  const tooLarge = (e) => e instanceof RefundError && e.code === "too_large" && !e.retryable && /[\u4e00-\u9fff]/.test(e.messageZh);
  for (const body of [page(10), new TextEncoder().encode(page(10))]) {
    assert.throws(() => parseResponse("wangdiantong", body, { maxBodyBytes: 50 }), tooLarge);
    assert.throws(() => parseResponse("wangdiantong", body, { maxRecords: 9 }), tooLarge);
    assert.equal(parseResponse("wangdiantong", body, { maxBodyBytes: 4096, maxRecords: 10 }).rejected.length, 10);
  }
  // A string within the bound by its length but over it in UTF-8 is refused too.
  const wide = JSON.stringify({ code: 0, message: "退".repeat(40), trade_list: [] });
  assert.throws(() => parseResponse("wangdiantong", wide, { maxBodyBytes: wide.length }), tooLarge);
  for (const bad of [0, -1, 1.5, "x", true]) {
    for (const name of ["maxRecords", "maxBodyBytes"]) {
      assert.throws(() => parseResponse("wangdiantong", page(10), { [name]: bad }), (e) => e.code === "invalid_options" && e.path === `options.${name}`, `${name}: ${bad}`);
    }
  }

  const now = Date.parse("2026-09-21T00:00:00+08:00");
  let sync = new RefundSync("wangdiantong", { since: "2026-09-01 00:00:00", until: "2026-09-02 00:00:00" }, { now, maxRecords: 5, maxBodyBytes: 2048 });
  sync = RefundSync.fromJSON(JSON.parse(JSON.stringify(sync)));
  sync.next({ sid: "s", appKey: "k", appSecret: "x" }, { now });
  assert.throws(() => sync.accept(page(6)), tooLarge);
  assert.throws(() => sync.accept(new TextEncoder().encode(page(1000))), (e) => tooLarge(e) && /maxBodyBytes 2048/.test(e.message));
  assert.equal(sync.accept(page(5)).rejected.length, 5);
});
