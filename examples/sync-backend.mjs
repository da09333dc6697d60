// A Node backend job: sync every refund of the last 95 days from each configured platform
// with RefundSync, retry what is retryable with backoff, write the unified refunds as NDJSON,
// show progress while it runs and a summary at the end.
//
//   node examples/sync-backend.mjs --gateways            against the local gateways (the demo)
//   node examples/sync-backend.mjs --config my-config.mjs against real platforms
//
// A config module exports { platforms: [{ id, credentials, endpoint?, since?, until?, options? }],
// out? } (see examples/config.example.mjs). Times are epoch ms or "yyyy-MM-dd HH:mm:ss" (Beijing).
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { platforms, RefundError, RefundSync } from "refund-normalizer";

const DAY_MS = 86_400_000;

const { values: args } = parseArgs({
  options: {
    gateways: { type: "boolean", default: false },
    config: { type: "string" },
    out: { type: "string" },
    faults: { type: "boolean", default: true },
    "max-attempts": { type: "string", default: "6" },
    "max-delay-ms": { type: "string", default: "2000" },
  },
});

/** Retries a retryable RefundError (or a network failure): after the error's retryAfterMs
 * (the response's Retry-After, else the package's default for the code) or exponential
 * backoff, whichever is longer, at most maxDelayMs. */
async function withRetries(step, { maxAttempts, maxDelayMs, onRetry }) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (e) {
      const retryable = e instanceof RefundError ? e.retryable : e?.name === "TypeError"; // fetch's network errors
      if (!retryable || attempt >= maxAttempts) throw e;
      const hint = e instanceof RefundError ? e.retryAfterMs : 0;
      const delay = Math.min(maxDelayMs, Math.max(hint, 50 * 2 ** (attempt - 1)));
      onRetry(e, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** The default start of a platform's range: its look-back (platforms()), else 95 days. */
function since(id, now) {
  const lookback = platforms().find((p) => p.id === id)?.maxLookbackSeconds;
  return lookback ? now - lookback * 1000 + 600_000 : now - 95 * DAY_MS;
}

async function syncPlatform(job, { write, report, maxAttempts, maxDelayMs }) {
  const now = Date.now();
  const sync = new RefundSync(job.id, {
    // As far back as the platform serves (苏宁: the last three months, 90 days; ten minutes to
    // spare for the run), else 95 days.
    since: job.since ?? since(job.id, now),
    until: job.until ?? now,
  });
  const stats = { platform: job.id, refunds: 0, rejected: 0, warnings: 0, retries: 0, errors: [], started: performance.now() };
  const options = { ...job.options, ...(job.endpoint ? { endpoint: job.endpoint } : {}) };
  for (;;) {
    const page = await withRetries(
      async () => {
        const request = sync.next(job.credentials, options); // freshly signed on every attempt
        if (!request) return null;
        const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
        const body = new Uint8Array(await response.arrayBuffer());
        return sync.accept(body, { httpStatus: response.status, headers: response.headers });
      },
      {
        maxAttempts,
        maxDelayMs,
        onRetry: (e, delay) => {
          stats.retries += 1;
          stats.errors.push(`${e.code ?? e.name}${e.platformCode ? ` ${e.platformCode}` : ""}`);
          report(stats, sync, `retry in ${delay} ms after ${e.code ?? e.name}`);
        },
      },
    );
    if (page === null) break;
    for (const refund of page.refunds) write(refund);
    stats.refunds += page.refunds.length;
    stats.rejected += page.rejected.length;
    stats.warnings += page.warnings.length + page.refunds.reduce((n, r) => n + r.warnings.length, 0);
    for (const bad of page.rejected) console.error(`  ${job.id}: rejected record ${bad.id ?? `#${bad.index}`} at ${bad.path}: ${bad.message}`);
    report(stats, sync);
  }
  stats.seconds = (performance.now() - stats.started) / 1000;
  stats.progress = sync.progress();
  return stats;
}

/** Progress: one line per platform, redrawn in place on a terminal, every 25 requests otherwise. */
function progressReporter(ids) {
  const lines = new Map(ids.map((id) => [id, `${id}: waiting`]));
  const tty = process.stdout.isTTY;
  let drawn = false;
  return (stats, sync, note = "") => {
    const p = sync.progress();
    const line = `${stats.platform.padEnd(12)} records ${String(stats.refunds).padStart(5)}  windows ${p.windowsDone}/${p.windowsDone + p.windowsPending}  requests ${String(p.requests).padStart(4)}  retries ${stats.retries}${note ? `  (${note})` : ""}`;
    lines.set(stats.platform, line);
    if (tty) {
      if (drawn) process.stdout.write(`\x1b[${lines.size}A`);
      process.stdout.write([...lines.values()].map((l) => `\x1b[2K${l}\n`).join(""));
      drawn = true;
    } else if (note || p.requests % 25 === 0 || p.done) {
      console.log(line);
    }
  };
}

async function localGatewaysConfig() {
  const { startGateways } = await import("../gateways/server.mjs");
  const gateways = await startGateways({ port: 0 });
  if (args.faults) {
    // Show the retries: each platform answers a few requests with what real servers do on a bad day.
    for (const [id, sim] of Object.entries(gateways.simulators)) {
      for (const fault of sim.faults) sim.inject(fault);
    }
  }
  return {
    close: () => gateways.close(),
    config: {
      platforms: platforms().map(({ id }) => ({ id, credentials: gateways.credentials[id], endpoint: gateways.endpoints[id] })),
    },
    note: `local gateways at ${gateways.url}`,
  };
}

async function main() {
  let source;
  if (args.gateways) source = await localGatewaysConfig();
  else if (args.config) source = { config: (await import(pathToFileURL(resolve(args.config)).href)).default, close: () => {}, note: args.config };
  else throw new Error("use --gateways (local demo) or --config <module>");

  const out = resolve(args.out ?? source.config.out ?? "out/refunds.ndjson");
  mkdirSync(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  const write = (refund) => file.write(`${JSON.stringify(refund)}\n`);
  console.log(`Syncing ${source.config.platforms.map((p) => p.id).join(", ")} (${source.note}) → ${out}\n`);

  const report = progressReporter(source.config.platforms.map((p) => p.id));
  const maxAttempts = Number(args["max-attempts"]);
  const maxDelayMs = Number(args["max-delay-ms"]);
  const results = await Promise.all(
    source.config.platforms.map((job) =>
      syncPlatform(job, { write, report, maxAttempts, maxDelayMs }).catch((e) => ({ platform: job.id, failed: e })),
    ),
  );
  await new Promise((r) => file.end(r));
  await source.close();

  console.log("\nSummary");
  console.table(
    results.map((s) =>
      s.failed
        ? { platform: s.platform, result: `failed: ${s.failed.code ?? ""} ${s.failed.message}` }
        : {
            platform: s.platform,
            refunds: s.refunds,
            rejected: s.rejected,
            warnings: s.warnings,
            requests: s.progress.requests,
            windows: s.progress.windowsDone,
            "windows split": s.progress.windowsSplit,
            "duplicates skipped": s.progress.duplicatesSkipped,
            retries: s.retries,
            seconds: s.seconds.toFixed(1),
          },
    ),
  );
  const retried = results.flatMap((s) => (s.errors ?? []).map((e) => `${s.platform}: ${e}`));
  if (retried.length) console.log(`Retried after: ${retried.join("; ")}`);
  if (results.some((s) => s.failed)) process.exitCode = 1;
}

await main();
