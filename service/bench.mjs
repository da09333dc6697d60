// The sync service's benchmark (not a test): refunds stored per second end to end, from the
// local gateways (in this process) through `refund-sync run` processes into the embedded
// database and into a Postgres server (Debian's, started here on loopback), and how that
// scales from 1 to 3 workers. Each run reports where its time went: requests (HTTP, the
// gateways' work, parsing in the package) against page commits (the database).
//
//   node service/bench.mjs                      both databases, 1–3 workers
//   node service/bench.mjs --only embedded      or postgres
//   node service/bench.mjs --count 4000 --shops 2   refunds per platform, shops per platform
//   node service/bench.mjs --backfill           100,000+ refunds into the embedded database,
//                                               SIGKILLed part way and resumed
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { table } from "./src/report.mjs";
import { CLI, addShops, freshDb, ok, shopNames } from "./test/helpers.mjs";
import { startGateways } from "../gateways/server.mjs";
import { startPostgres } from "./test/postgres.mjs";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    count: { type: "string", default: "2000" },
    shops: { type: "string", default: "2" },
    backfill: { type: "boolean", default: false },
  },
});

const cleanups = [];
const scope = { after: (fn) => cleanups.push(fn) };

/**
 * Runs `processes` × `run --once --workers W` on `db` to the end (or until `killWhen(stats)`
 * says to SIGKILL them). Returns the totals from their JSON logs.
 */
function runProcesses(db, env, { processes = 1, workers = 1, killWhen = () => false, serverCpuMs = () => 0 }) {
  const stats = { inserted: 0, updated: 0, requests: 0, fetchMs: 0, commitMs: 0, workerCpuMs: 0, firstClaim: Infinity, lastFinish: 0, resumed: 0, killed: false, failed: 0 };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const serverBefore = serverCpuMs();
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [CLI, "run", "--once", "--db", db, "--workers", String(workers), "--log", "json"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  for (const child of children) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const e = JSON.parse(line);
      const at = Date.parse(e.ts);
      if (e.event === "claimed") {
        stats.firstClaim = Math.min(stats.firstClaim, at);
        if (e.resumed) stats.resumed += 1;
      } else if (e.event === "page") {
        stats.inserted += e.inserted;
        stats.updated += e.updated;
        if (!stats.killed && killWhen(stats)) {
          stats.killed = true;
          for (const c of children) c.kill("SIGKILL");
        }
      } else if (e.event === "finished") {
        stats.lastFinish = Math.max(stats.lastFinish, at);
      } else if (e.event === "summary") {
        stats.workerCpuMs += e.cpuMs;
        for (const s of e.shops) {
          stats.requests += s.requests;
          stats.fetchMs += s.fetchMs;
          stats.commitMs += s.commitMs;
          if (s.result === "failed") stats.failed += 1;
        }
      }
    });
  }
  return Promise.all(children.map((c) => new Promise((resolve) => c.on("close", resolve)))).then(() => {
    const cpu = process.cpuUsage(cpuBefore); // this process: the gateways serving the requests
    return { ...stats, wallMs: performance.now() - started, gatewayCpuMs: (cpu.user + cpu.system) / 1000, serverCpuMs: serverCpuMs() - serverBefore };
  });
}

const row = (storage, setup, s) => {
  const stored = s.inserted + s.updated;
  const syncMs = s.lastFinish - s.firstClaim;
  const share = (part) => `${Math.round((100 * part) / (s.fetchMs + s.commitMs))} %`;
  const seconds = (ms) => (ms / 1000).toFixed(1);
  return [
    storage,
    setup,
    stored,
    seconds(s.wallMs),
    Math.round(stored / (s.wallMs / 1000)),
    Math.round(stored / (syncMs / 1000)),
    s.requests,
    share(s.fetchMs),
    share(s.commitMs),
    seconds(s.workerCpuMs),
    seconds(s.gatewayCpuMs),
    s.serverCpuMs ? seconds(s.serverCpuMs) : "-",
  ];
};
const HEAD = ["database", "workers", "refunds", "seconds", "refunds/s", "refunds/s syncing", "requests", "in requests", "in commits", "worker CPU s", "gateway CPU s", "server CPU s"];

async function scaling(gw, shops) {
  const rows = [];
  if (args.only !== "postgres") {
    for (const workers of [1, 2, 3]) {
      const db = await freshDb(scope);
      const env = await addShops(db, gw, shops);
      rows.push(row("embedded", `1 process × ${workers}`, await runProcesses(db, env, { workers })));
      console.error(`embedded, ${workers} worker(s): done`);
    }
  }
  if (args.only !== "embedded") {
    const pg = await startPostgres(scope);
    for (const processes of [1, 2, 3]) {
      const db = pg.createDatabase(`bench_${processes}`);
      await ok(["init", "--db", db]);
      const env = await addShops(db, gw, shops);
      const stats = await runProcesses(db, env, { processes, serverCpuMs: pg.cpuMs });
      rows.push(row("postgres", `${processes} process${processes > 1 ? "es" : ""} × 1`, stats));
      console.error(`postgres, ${processes} process(es): done`);
    }
  }
  console.log(table(HEAD, rows));
  console.log("\nrefunds/s: stored rows over the whole wall time (process start-up included); syncing: from the first claim to the last shop done.");
  console.log("in requests / in commits: the workers' time waiting for and parsing responses, against time in page transactions.");
  console.log("CPU: the refund-sync processes' (for the embedded database, PGlite's work is theirs), this process's (the gateways), the Postgres server's.");
}

async function backfill() {
  // 21,000 refunds per platform over 95 days (苏宁: the 89 days it serves): 100,000+ in all.
  const gw = await startGateways({ count: 21_000 });
  cleanups.push(() => gw.close());
  const db = await freshDb(scope);
  const env = await addShops(db, gw, shopNames(1));
  const first = await runProcesses(db, env, { workers: 3, killWhen: (s) => s.inserted >= 40_000 });
  console.log(`first run: SIGKILLed after ${first.inserted} refunds committed, ${(first.wallMs / 1000).toFixed(1)} s`);
  const second = await runProcesses(db, env, { workers: 3 });
  const { stdout } = await ok(["export", "--db", db]);
  const lines = stdout.split("\n").filter(Boolean);
  const keys = new Set(lines.map((l) => {
    const r = JSON.parse(l);
    return `${r.shop}|${r.id}`;
  }));
  console.log(`resumed run: ${second.resumed} shops resumed from their committed state, ${second.inserted} more refunds, ${(second.wallMs / 1000).toFixed(1)} s, ${second.failed} failed`);
  console.log(`stored: ${lines.length} refunds (${keys.size} distinct), ${Math.round(lines.length / ((first.wallMs + second.wallMs) / 1000))} refunds/s over both runs`);
  const share = (s) => `${Math.round((100 * s.fetchMs) / (s.fetchMs + s.commitMs))} % in requests`;
  console.log(`resumed run: ${share(second)}, worker CPU ${(second.workerCpuMs / 1000).toFixed(1)} s, gateway CPU ${(second.gatewayCpuMs / 1000).toFixed(1)} s, ${second.requests} requests`);
  if (keys.size !== lines.length || lines.length < 100_000 || second.failed) process.exitCode = 1;
}

try {
  if (args.backfill) await backfill();
  else {
    const gw = await startGateways({ count: Number(args.count) });
    cleanups.push(() => gw.close());
    const shops = shopNames(Number(args.shops));
    console.log(`${shops.length} shops, ${args.count} refunds per platform's gateway\n`);
    await scaling(gw, shops);
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
