// A platform's Retry-After is honoured: a 429 that asks for 1 s delays the retry by 1 s,
// where the backoff alone would wait at most 250 ms.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { openDatabase } from "../src/db.mjs";
import { migrate } from "../src/schema.mjs";
import { addShop } from "../src/store.mjs";
import { runWorkers } from "../src/worker.mjs";
import { DAY_MS, gateways, tempDir } from "./helpers.mjs";

test("a 429 with Retry-After: 1 delays the next request by at least a second", async (t) => {
  const gw = await gateways(t, { count: 30 });
  const arrivals = [];
  // In front of the 旺店通 gateway: the first request is refused as a rate limit.
  const proxy = createServer(async (req, res) => {
    arrivals.push(performance.now());
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (arrivals.length === 1) {
      res.writeHead(429, { "Retry-After": "1", "Content-Type": "text/plain" }).end("Too Many Requests");
      return;
    }
    const upstream = await fetch(gw.endpoints.wangdiantong, { method: req.method, headers: { "content-type": req.headers["content-type"] }, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "application/json" }).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  t.after(() => proxy.close());
  const db = await openDatabase(`${tempDir(t)}/db`);
  t.after(() => db.close());
  await migrate(db);
  await addShop(db, { shop: "wdt", platform: "wangdiantong", since: String(Date.now() - 96 * DAY_MS) });
  const events = [];
  const [result] = await runWorkers(db, {
    once: true,
    workers: 1,
    credentialsFor: () => gw.credentials.wangdiantong,
    endpointFor: () => `http://127.0.0.1:${proxy.address().port}/`,
    report: (event, fields) => events.push({ event, ...fields }),
  });
  assert.equal(result.result, "ok", JSON.stringify(events));
  const retry = events.find((e) => e.event === "retry");
  assert.ok(retry, JSON.stringify(events));
  assert.ok(retry.delayMs >= 1000, `retry after ${retry.delayMs} ms`);
  assert.ok(arrivals[1] - arrivals[0] >= 950, `second request ${Math.round(arrivals[1] - arrivals[0])} ms after the first`);
});
