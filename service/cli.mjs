#!/usr/bin/env node
// refund-sync: the command line. `node service/cli.mjs help` lists the commands; the root
// README's "Run the sync service" section is the operator's guide.
//
// Exit status: 0 when every shop this run touched is ok, 1 when one failed (or the command
// itself failed: a database that cannot be opened), 2 on a usage error (bad arguments, a
// database not initialised to this version).
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { platforms, RefundSync } from "refund-normalizer";
import { checkSource, loadCredentials } from "./src/credentials.mjs";
import { embeddedExists, isServerUrl, openDatabase } from "./src/db.mjs";
import { beijing, createReporter, table } from "./src/report.mjs";
import { migrate, schemaVersion, SCHEMA_VERSION } from "./src/schema.mjs";
import { addShop, exportRefunds, listShops, platformLimits, removeShop, setPlatformLimit, shopStatus } from "./src/store.mjs";
import { runWorkers } from "./src/worker.mjs";

const USAGE = `refund-sync: a durable, incremental refund sync for many shops

  refund-sync init   --db <dir | postgres://…>                  create or migrate the schema
  refund-sync shops  --db … add <shop>… --platform P [--since T] [--credentials env:NAME|file:PATH]
                            [--endpoint URL] [--option key=value]… [--lookback <N>d]
  refund-sync shops  --db … list
  refund-sync shops  --db … remove <shop> [--keep-refunds]
  refund-sync shops  --db … limit <platform> [--concurrency N] [--interval-ms MS]
  refund-sync run    --db … [--once] [--workers N] [--gateways] [--log json]
                            [--lease-seconds S] [--overlap-minutes M] [--every-minutes M]
                            [--max-attempts N] [--secrets-dir DIR]
  refund-sync export --db … [--platform P] [--shop S] [--out FILE]   NDJSON, one refund per line
  refund-sync status --db … [--log json]

--since: "yyyy-MM-dd HH:mm:ss" (Beijing), RFC 3339, epoch ms, or "<N>d" / "<N>h" before now.
Credentials: env:NAME or file:PATH, else $REFUND_SYNC_CREDENTIALS_<SHOP> or <secrets dir>/<shop>.json.`;

const OPTIONS = {
  db: { type: "string", default: process.env.REFUND_SYNC_DB },
  platform: { type: "string" },
  since: { type: "string" },
  lookback: { type: "string" },
  credentials: { type: "string" },
  endpoint: { type: "string" },
  option: { type: "string", multiple: true },
  "keep-refunds": { type: "boolean" },
  concurrency: { type: "string" },
  "interval-ms": { type: "string" },
  once: { type: "boolean" },
  workers: { type: "string" },
  gateways: { type: "boolean" },
  "gateway-count": { type: "string" },
  faults: { type: "string" },
  log: { type: "string", default: "text" },
  "lease-seconds": { type: "string" },
  "overlap-minutes": { type: "string" },
  "every-minutes": { type: "string" },
  "max-attempts": { type: "string" },
  "secrets-dir": { type: "string", default: process.env.REFUND_SYNC_SECRETS_DIR },
  shop: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
};

class UsageError extends Error {}

const PLATFORM_IDS = platforms().map((p) => p.id);

function number(args, name, { min = 0, integer = true } = {}) {
  const text = args[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) throw new UsageError(`--${name} must be a number ≥ ${min}, got ${text}`);
  return value;
}

function platformArg(value) {
  if (!PLATFORM_IDS.includes(value)) throw new UsageError(`platform must be one of ${PLATFORM_IDS.join(", ")}, got ${JSON.stringify(value)}`);
  return value;
}

const DURATION = /^(\d+)([dh])$/;
const durationMs = (text) => {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * (m[2] === "d" ? 86_400_000 : 3_600_000) : null;
};

/** --since as stored: relative "<N>d"/"<N>h" becomes a fixed Beijing time now, so re-reads agree. */
function sinceArg(text = "30d") {
  if (DURATION.test(text)) return beijing(Date.now() - durationMs(text));
  if (/^\d+$/.test(text) || /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(text)) return text;
  throw new UsageError(`--since must be "yyyy-MM-dd HH:mm:ss", RFC 3339, epoch ms or <N>d / <N>h, got ${JSON.stringify(text)}`);
}

function lookbackArg(text) {
  if (text === undefined) return null;
  if (!DURATION.test(text)) throw new UsageError(`--lookback must be <N>d or <N>h, got ${JSON.stringify(text)}`);
  return durationMs(text);
}

function credentialsSourceArg(text) {
  try {
    return checkSource(text);
  } catch (e) {
    throw new UsageError(e.message);
  }
}

function optionsArg(list = []) {
  const options = {};
  for (const item of list) {
    const m = /^([A-Za-z][\w]*)=(.*)$/.exec(item);
    if (!m) throw new UsageError(`--option must be key=value, got ${JSON.stringify(item)}`);
    options[m[1]] = m[2];
  }
  return options;
}

async function withDatabase(args, fn, { needSchema = true } = {}) {
  // Only init creates an embedded database: a mistyped --db is an error, not a new empty one.
  if (needSchema && !isServerUrl(args.db) && !embeddedExists(args.db)) throw new UsageError(`no database at ${args.db}: run refund-sync init --db ${args.db}`);
  const db = await openDatabase(args.db, { connections: (number(args, "workers", { min: 1 }) ?? 1) + 2 });
  try {
    if (needSchema) {
      const version = await schemaVersion(db);
      if (version !== SCHEMA_VERSION) throw new UsageError(`the database is at schema version ${version}, this refund-sync needs ${SCHEMA_VERSION}: run refund-sync init --db …`);
    }
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function init(args) {
  await withDatabase(
    args,
    async (db) => {
      const { from, to, added } = await migrate(db);
      const columns = added.length ? `; added refund columns ${added.join(", ")}` : "";
      console.log(from === to ? `${db.where}: schema at version ${to}, nothing to do${columns}` : `${db.where}: schema migrated from version ${from} to ${to}${columns}`);
    },
    { needSchema: false },
  );
}

async function shops(args, [action, name, ...more]) {
  await withDatabase(args, async (db) => {
    if (action === "add") {
      if (!name) throw new UsageError("shops add <shop>… --platform P …");
      const shop = {
        platform: platformArg(args.platform),
        credentials: credentialsSourceArg(args.credentials),
        endpoint: args.endpoint ?? null,
        options: optionsArg(args.option),
        since: sinceArg(args.since),
        lookbackMs: lookbackArg(args.lookback),
      };
      if (shop.credentials && more.length) throw new UsageError("--credentials names one shop's secrets: add shops that use it one at a time");
      for (const each of [name, ...more]) {
        await addShop(db, { ...shop, shop: each });
        console.log(`shop ${each} (${shop.platform}) saved`);
      }
    } else if (action === "list") {
      const lookback = (ms) => (ms === null ? "-" : ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : `${ms / 3_600_000}h`);
      const rows = (await listShops(db)).map((s) => [
        s.shop,
        s.platform,
        s.since,
        lookback(s.lookback_ms),
        s.credentials ?? "(default lookup)",
        s.endpoint ?? "(platform's own)",
        JSON.stringify(s.options),
      ]);
      console.log(table(["shop", "platform", "since", "look-back", "credentials", "endpoint", "options"], rows));
      const limits = await platformLimits(db);
      if (limits.length) console.log(`\n${table(["platform", "concurrency", "interval ms"], limits.map((l) => [l.platform, l.concurrency ?? "-", l.min_interval_ms]))}`);
    } else if (action === "remove") {
      if (!name) throw new UsageError("shops remove <shop>");
      const removed = await removeShop(db, name, { keepRefunds: Boolean(args["keep-refunds"]) });
      console.log(removed ? `shop ${name} removed` : `no shop ${name}`);
    } else if (action === "limit") {
      const concurrency = number(args, "concurrency", { min: 1 }) ?? null;
      await setPlatformLimit(db, platformArg(name), { concurrency, minIntervalMs: number(args, "interval-ms") ?? 0 });
      console.log(`${name}: ${concurrency ?? "any number of"} shops at once, ${number(args, "interval-ms") ?? 0} ms between requests`);
    } else {
      throw new UsageError("shops add|list|remove|limit");
    }
  });
}

async function run(args) {
  if (!["text", "json"].includes(args.log)) throw new UsageError("--log is text or json");
  const reporter = createReporter({ mode: args.log });
  let gateways = null;
  if (args.gateways) {
    const { startGateways } = await import("../gateways/server.mjs");
    gateways = await startGateways({ count: number(args, "gateway-count", { min: 1 }) });
    const faults = number(args, "faults") ?? 0;
    for (const [id, sim] of Object.entries(gateways.simulators)) {
      for (const fault of ["rate_limit", "server_error", "truncated", "time_skew"]) if (faults && !(id === "nuoyun" && fault === "time_skew")) sim.inject(fault, faults);
    }
    reporter.note(`local gateways at ${gateways.url} (every shop's requests go there)`);
  }
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    reporter.note("stopping: each worker commits its page and releases its shop (again to quit now)");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const results = await withDatabase(args, (db) =>
      runWorkers(db, {
        once: Boolean(args.once),
        signal: stop.signal,
        workers: number(args, "workers", { min: 1 }),
        leaseMs: secondsToMs(number(args, "lease-seconds", { min: 0.05, integer: false })),
        overlapMs: minutesToMs(number(args, "overlap-minutes", { integer: false })),
        everyMs: minutesToMs(number(args, "every-minutes", { min: 0.01, integer: false })),
        maxAttempts: number(args, "max-attempts", { min: 1 }),
        report: (name, fields) => reporter.event(name, fields),
        credentialsFor: (shop) =>
          loadCredentials(shop.shop, { source: shop.credentials, secretsDir: args["secrets-dir"], fallback: gateways?.credentials[shop.platform] }),
        endpointFor: (shop) => (gateways ? gateways.endpoints[shop.platform] : (shop.endpoint ?? undefined)),
      }),
    );
    const cpu = process.cpuUsage();
    reporter.summary(results, { cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    if (results.some((r) => r.result === "failed")) process.exitCode = 1;
  } finally {
    await gateways?.close();
  }
}

const secondsToMs = (s) => (s === undefined ? undefined : s * 1000);
const minutesToMs = (m) => (m === undefined ? undefined : m * 60_000);

async function exportCommand(args) {
  if (args.platform) platformArg(args.platform);
  const out = args.out ? createWriteStream(args.out) : process.stdout;
  // A reader that stops early (`| head`) closes the pipe: that ends the export, quietly.
  out.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 1));
  await withDatabase(args, async (db) => {
    for await (const row of exportRefunds(db, { platform: args.platform ?? null, shop: args.shop ?? null })) {
      if (!out.write(`${JSON.stringify({ shop: row.shop, ...JSON.parse(row.refund) })}\n`)) await new Promise((r) => out.once("drain", r));
    }
  });
  if (args.out) await new Promise((r) => out.end(r));
}

async function status(args) {
  await withDatabase(args, async (db) => {
    const rows = await shopStatus(db);
    // A sync whose worker died shows as interrupted once its lease has expired (it resumes on the next claim).
    const state = (s) => (["running", "resuming"].includes(s.status) && !s.lease_held ? "interrupted" : s.status);
    const progress = (s) => {
      if (!s.sync_state) return null;
      try {
        return RefundSync.fromJSON(s.sync_state).progress();
      } catch {
        return null;
      }
    };
    if (args.log === "json") {
      for (const s of rows) {
        const p = progress(s);
        console.log(
          JSON.stringify({
            shop: s.shop,
            platform: s.platform,
            status: state(s),
            cursor: s.cursor_ms === null ? null : beijing(s.cursor_ms),
            inProgress: p ? { until: beijing(s.sync_until_ms), windowsDone: p.windowsDone, windowsPending: p.windowsPending } : null,
            lastSuccess: s.last_success_at ? beijing(s.last_success_at) : null,
            refunds: s.refunds,
            requests: s.requests,
            lease: s.lease_held ? { owner: s.lease_owner, expires: beijing(s.lease_expires) } : null,
            lastError: s.last_error,
          }),
        );
      }
      return;
    }
    const body = rows.map((s) => {
      const p = progress(s);
      return [
        s.shop,
        s.platform,
        state(s),
        beijing(s.cursor_ms),
        p ? `${p.windowsDone}/${p.windowsDone + p.windowsPending} windows to ${beijing(s.sync_until_ms)}` : "-",
        beijing(s.last_success_at),
        s.refunds,
        s.requests,
        s.lease_held ? `${s.lease_owner} until ${beijing(s.lease_expires).slice(11)}` : "-",
        s.last_error ?? "",
      ];
    });
    console.log(table(["shop", "platform", "status", "cursor (+08:00)", "in progress", "last success", "refunds", "requests", "lease", "last error"], body));
  });
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { values: args, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command || command === "help" || args.help) {
    console.log(USAGE);
    return;
  }
  const commands = { init, shops, run, export: exportCommand, status };
  if (!commands[command]) throw new UsageError(`unknown command ${command}\n\n${USAGE}`);
  if (!args.db) throw new UsageError("--db <dir | postgres://…> is required (or set REFUND_SYNC_DB)");
  await commands[command](args, rest);
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  console.error(`refund-sync: ${e.message}`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}

