// A wait the platform asks for is honoured: a 429 with Retry-After 1 s, or 淘宝/天猫's
// "This ban will last for 1 more seconds", delays the retry by 1 s, where the backoff alone
// would wait at most 250 ms.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { openDatabase } from "../src/db.mjs";
import { migrate } from "../src/schema.mjs";
import { addShop } from "../src/store.mjs";
import { runWorkers } from "../src/worker.mjs";
import { DAY_MS, gateways, tempDir } from "./helpers.mjs";

/** A shop of `platform` behind a proxy whose first answer is `refuse(res)`; the retry event. */
async function retriedAfterRefusal(t, platform, refuse) {
  const gw = await gateways(t, { count: 30 });
  const arrivals = [];
  const proxy = createServer(async (req, res) => {
    arrivals.push(performance.now());
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (arrivals.length === 1) return refuse(res);
    const upstream = await fetch(gw.endpoints[platform], { method: req.method, headers: { "content-type": req.headers["content-type"] }, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "application/json" }).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  t.after(() => proxy.close());
  const db = await openDatabase(`${tempDir(t)}/db`);
  t.after(() => db.close());
  await migrate(db);
  await addShop(db, { shop: "s1", platform, since: String(Date.now() - 30 * DAY_MS) });
  const events = [];
  const [result] = await runWorkers(db, {
    once: true,
    workers: 1,
    credentialsFor: () => gw.credentials[platform],
    endpointFor: () => `http://127.0.0.1:${proxy.address().port}/`,
    report: (event, fields) => events.push({ event, ...fields }),
  });
  assert.equal(result.result, "ok", JSON.stringify(events));
  const retry = events.find((e) => e.event === "retry");
  assert.ok(retry, JSON.stringify(events));
  return { retry, gap: arrivals[1] - arrivals[0] };
}

test("a 429 with Retry-After: 1 delays the next request by at least a second", async (t) => {
  // In front of the 旺店通 gateway: the first request is refused as a rate limit.
  const { retry, gap } = await retriedAfterRefusal(t, "wangdiantong", (res) => res.writeHead(429, { "Retry-After": "1", "Content-Type": "text/plain" }).end("Too Many Requests"));
  assert.ok(retry.delayMs >= 1000, `retry after ${retry.delayMs} ms`);
  assert.ok(gap >= 950, `second request ${Math.round(gap)} ms after the first`);
});

test("淘宝/天猫's ban of 1 second (code 7, in its answer) delays the next request by at least a second", async (t) => {
  const ban = '{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-api-access-count","sub_msg":"This ban will last for 1 more seconds","request_id":"r"}}';
  const { retry, gap } = await retriedAfterRefusal(t, "taobao", (res) => res.writeHead(200, { "Content-Type": "application/json" }).end(ban));
  assert.ok(retry.delayMs >= 1000, `retry after ${retry.delayMs} ms`);
  assert.ok(gap >= 950, `second request ${Math.round(gap)} ms after the first`);
});
