// Measures the CPU time of the sync's page step in workerd (not a test: a number for
// examples/worker/README.md). `cd tests/js && node worker-step-cpu.mjs`.
//
// Inside workerd the clock stands still while code runs, so the CPU time is read from outside:
// the workerd process's user + system time (/proc/<pid>/stat, 10 ms ticks) around repeated
// work, divided by the repetitions. It includes Miniflare's own plumbing, so it is an upper bound.
//   1. a 1000-record 旺店通 page (bench/cases.mjs) normalized by /normalize;
//   2. a whole sync against the gateways (pages hold at most 100, the platform's most), per
//      page step: sign, fetch, normalize, upsert, the cursor, and Workflows' own bookkeeping.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { generate } from "../../bench/cases.mjs";
import { startGateways } from "../../gateways/server.mjs";
import { AUTH, bundle, migrate, worker } from "./worker-harness.mjs";

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

function workerdPids() {
  const out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)]).toString();
  return out.split("\n").filter((l) => /workerd/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
}
/** CPU milliseconds used so far by the workerd processes. */
function workerdCpuMs() {
  return workerdPids().reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return sum + (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  }, 0);
}

const built = bundle();

/** A whole sync of one 旺店通 shop over 30 days of a gateway holding `count` refunds in 95 days: workerd CPU, pages, refunds. */
async function measureSync(count) {
  const gateways = await startGateways({ port: 0, count, seed: 7 });
  const mf = worker(built.dir, {
    SHOP_CREDENTIALS: JSON.stringify({ measure: { platform: "wangdiantong", credentials: gateways.credentials.wangdiantong } }),
    ENDPOINT_WANGDIANTONG: gateways.endpoints.wangdiantong,
    SYNC_BACKFILL_DAYS: "30",
  });
  try {
    await migrate(mf);
    const t = workerdCpuMs();
    await (await mf.getWorker()).scheduled({ cron: "*/5 * * * *" });
    let status;
    for (;;) {
      status = await (await mf.dispatchFetch("http://w/shops/measure/sync", { headers: AUTH })).json();
      if (!status.running) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { cpuMs: workerdCpuMs() - t, pages: status.lastRun.requests, refunds: status.lastRun.refundsStored };
  } finally {
    await mf.dispose();
    await gateways.close();
  }
}

/** workerd CPU of normalizing a 1000-record page through /normalize, per page. */
async function measureNormalize() {
  const mf = worker(built.dir, { MAX_BODY_BYTES: String(16 * 1024 * 1024) }); // a 1000-record page is over the 1 MiB default
  try {
    const body = generate("wangdiantong", 1000);
    const rounds = 20;
    const warm = await (await mf.dispatchFetch("http://w/normalize/wangdiantong", { method: "POST", headers: AUTH, body })).json();
    if (warm.refunds.length !== 1000) throw new Error(`expected 1000 refunds, got ${warm.refunds?.length}`);
    const t = workerdCpuMs();
    for (let i = 0; i < rounds; i += 1) await (await mf.dispatchFetch("http://w/normalize/wangdiantong", { method: "POST", headers: AUTH, body })).arrayBuffer();
    return (workerdCpuMs() - t) / rounds;
  } finally {
    await mf.dispose();
  }
}

try {
  const normalize1000 = await measureNormalize();
  const sync = await measureSync(20000);
  console.log(
    JSON.stringify({
      normalize1000Ms: Math.round(normalize1000),
      sync: { ...sync, cpuMs: Math.round(sync.cpuMs) },
      perPageStepMs: Math.round(sync.cpuMs / sync.pages),
      refundsPerPage: Math.round(sync.refunds / sync.pages),
    }),
  );
} finally {
  built.remove();
}
