// Crash safety on the embedded database: `run` is killed with SIGKILL at seeded random points
// (right after a page committed, a few ms later, mid-request, during start-up), at least 20
// times, and restarted each time; the final export equals an uninterrupted run's export,
// record for record, with no refund stored twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mulberry32 } from "../../gateways/common.mjs";
import { CLI, addShops, exportLines, freshDb, gateways, ok, shopNames } from "./helpers.mjs";

const KILLS = 22;
const RUN = ["run", "--once", "--workers", "2", "--log", "json", "--lease-seconds", "1"];

/** Starts `run`; kills it with SIGKILL when `killAt` says so. Resolves { killed, code, pages }. */
function runUntil(db, env, killAt) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...RUN, "--db", db], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let pages = 0;
    let killed = false;
    let stderr = "";
    const kill = () => {
      if (child.exitCode === null && !killed) {
        killed = true;
        child.kill("SIGKILL");
      }
    };
    if (killAt.afterMs !== undefined) setTimeout(kill, killAt.afterMs);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const event = JSON.parse(line);
      if (event.event !== "page") return;
      pages += 1;
      if (pages === killAt.afterPages) setTimeout(kill, killAt.delayMs);
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ killed, code, pages, stderr }));
  });
}

test("SIGKILL at random points, restart each time: the export equals an uninterrupted run's", async (t) => {
  const gw = await gateways(t, { count: 200 });
  const shops = shopNames(1);

  const reference = await freshDb(t);
  const env = await addShops(reference, gw, shops);
  await ok(["run", "--once", "--db", reference], { env });
  const expected = await exportLines(reference);
  assert.ok(expected.length > 900, `${expected.length} refunds in the reference`);

  const crashed = await freshDb(t);
  await addShops(crashed, gw, shops);
  const random = mulberry32(20261207);
  let kills = 0;
  let runs = 0;
  const schedule = [];
  for (;;) {
    runs += 1;
    assert.ok(runs < 80, "the crashed run never completed");
    // Until KILLS kills: most after a seeded number of committed pages plus a few ms (inside the
    // next request, accept or commit), some at a random time from the start.
    const killAt =
      kills >= KILLS ? {} : random() < 0.75 ? { afterPages: 1 + Math.floor(random() * 4), delayMs: Math.floor(random() * 25) } : { afterMs: 300 + Math.floor(random() * 1500) };
    const result = await runUntil(crashed, env, killAt);
    schedule.push({ ...killAt, pages: result.pages, killed: result.killed });
    if (result.killed) {
      kills += 1;
      continue;
    }
    assert.equal(result.code, 0, result.stderr);
    if (kills >= KILLS) break;
  }
  t.diagnostic(`${kills} kills over ${runs} runs; pages committed per run: ${schedule.map((s) => s.pages).join(" ")}`);
  assert.ok(kills >= 20);
  assert.ok(schedule.filter((s) => s.killed && s.pages > 0).length >= 10, "most kills landed after pages were committed");

  const actual = await exportLines(crashed);
  const keys = actual.map((l) => {
    const r = JSON.parse(l);
    return `${r.shop}|${r.id}`;
  });
  assert.equal(new Set(keys).size, keys.length, "no refund stored twice");
  assert.equal(actual.length, expected.length);
  assert.deepEqual(actual, expected);

  const status = (await ok(["status", "--db", crashed, "--log", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l));
  for (const s of status) assert.equal(s.status, "ok", `${s.shop}: ${s.lastError}`);
});
