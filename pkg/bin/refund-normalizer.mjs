#!/usr/bin/env node
// The command line, for people who debug an integration: `npx refund-normalizer --help`.
// Exit codes: 0 done; 1 the data has a problem (an error answer, rejected records, query
// issues, bad credentials); 2 the command line is wrong (usage on stderr).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildRequest, parseResponse, planWindows, platforms, redactRequest, RefundError, validateQuery } from "../src/node.mjs";

const USAGE = `refund-normalizer: sign, validate and normalize refund lists (${platforms().map((p) => p.id).join(", ")})

Usage:
  refund-normalizer parse <platform> <file|->    a saved response → one unified refund a line (NDJSON)
      [--query <query.json>] [--total <n>] [--raw] [--operation refundAmount] [--status <http status>]
      stdout: the refunds (refundAmount: {"totalAmount": …}); stderr: the page, rejected records and warnings
  refund-normalizer validate <platform> <query.json|->   stdout: { ok, issues, params }
  refund-normalizer plan <platform> <since> <until> [--time-field updated|created]
      stdout: the windows, one {"since","until"} a line
  refund-normalizer sign <platform> [--query <query.json>] [--now <ms|time>] [--endpoint <url>] [--option name=value]… [--reveal]
      stdout: the signed request as JSON, credentials and signature masked unless --reveal
      credentials: the environment variable REFUND_CREDENTIALS, a JSON object
      (e.g. {"sid":"…","appKey":"…","appSecret":"…"} for wangdiantong; see the package README)
  refund-normalizer platforms    stdout: the platforms and their credential fields

Times: "yyyy-MM-dd HH:mm:ss" (Beijing), RFC 3339 or epoch milliseconds.
Exit codes: 0 done, 1 the data has a problem (error answer, rejected records, query issues), 2 usage.
`;

class Usage extends Error {}

const out = (line) => process.stdout.write(`${line}\n`);
const err = (line) => process.stderr.write(`${line}\n`);

function read(file, what) {
  try {
    return file === "-" ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    throw new Usage(`cannot read ${what} ${file}: ${e.code ?? e.message}`);
  }
}

function readJson(file, what) {
  const text = read(file, what).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Usage(`${what} ${file} is not JSON: ${e.message}`);
  }
}

function platformArg(id) {
  if (id === undefined) throw new Usage("a platform is needed");
  if (!platforms().some((p) => p.id === id)) throw new Usage(`unknown platform ${id}: one of ${platforms().map((p) => p.id).join(", ")}`);
  return id;
}

const time = (text) => (/^\d+$/.test(text) ? Number(text) : text);

function integer(text, what) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Usage(`${what} must be a whole number`);
  return Number(text);
}

function parse(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { query: { type: "string" }, total: { type: "string" }, raw: { type: "boolean" }, operation: { type: "string" }, status: { type: "string" } },
  });
  const [id, file, extra] = positionals;
  const platform = platformArg(id);
  if (file === undefined || extra !== undefined) throw new Usage("parse takes <platform> <file>");
  const options = {};
  if (values.query !== undefined) options.query = readJson(values.query, "query");
  if (values.total !== undefined) options.total = integer(values.total, "--total");
  if (values.raw) options.includeRaw = true;
  if (values.operation !== undefined) options.operation = values.operation;
  if (values.status !== undefined) options.httpStatus = integer(values.status, "--status");
  const page = parseResponse(platform, read(file, "response"), options);
  if (options.operation === "refundAmount") {
    out(JSON.stringify(page));
    return 0;
  }
  for (const refund of page.refunds) out(JSON.stringify(refund));
  const recordWarnings = page.refunds.reduce((n, r) => n + r.warnings.length, 0);
  err(`${page.refunds.length} refunds, ${page.rejected.length} rejected, ${page.warnings.length} page warnings, ${recordWarnings} record warnings; page ${JSON.stringify(page.page)}`);
  for (const r of page.rejected) err(`rejected #${r.index}${r.id === null ? "" : ` (${r.id})`} at ${r.path}: ${r.code}: ${r.message}`);
  for (const w of page.warnings) err(`warning: ${warningText(w)}`);
  for (const refund of page.refunds) for (const w of refund.warnings) err(`warning ${refund.id}: ${warningText(w)}`);
  return page.rejected.length > 0 ? 1 : 0;
}

// A warning as text, whether the build gives it as a string or as { code, message }.
const warningText = (w) => (typeof w === "string" ? w : `${w.code}: ${w.message}`);

function validate(args) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [id, file, extra] = positionals;
  const platform = platformArg(id);
  if (file === undefined || extra !== undefined) throw new Usage("validate takes <platform> <query.json>");
  const result = validateQuery(platform, readJson(file, "query"));
  out(JSON.stringify(result, null, 2));
  for (const i of result.issues) err(`${i.field}: ${i.code}: ${i.message} / ${i.messageZh}`);
  return result.ok ? 0 : 1;
}

function plan(args) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "time-field": { type: "string" } } });
  const [id, since, until, extra] = positionals;
  const platform = platformArg(id);
  if (since === undefined || until === undefined || extra !== undefined) throw new Usage("plan takes <platform> <since> <until>");
  const range = { since: time(since), until: time(until) };
  if (values["time-field"] !== undefined) range.timeField = values["time-field"];
  const windows = planWindows(platform, range);
  for (const w of windows) out(JSON.stringify(w));
  err(`${windows.length} windows`);
  return 0;
}

function sign(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { query: { type: "string" }, now: { type: "string" }, endpoint: { type: "string" }, option: { type: "string", multiple: true }, reveal: { type: "boolean" } },
  });
  const [id, extra] = positionals;
  const platform = platformArg(id);
  if (extra !== undefined) throw new Usage("sign takes <platform>");
  const raw = process.env.REFUND_CREDENTIALS;
  if (raw === undefined || raw.trim() === "") throw new Usage("set REFUND_CREDENTIALS to the platform's credentials as a JSON object");
  let credentials;
  try {
    credentials = JSON.parse(raw);
  } catch {
    // the text itself is never echoed: it holds secrets
    throw new Usage("REFUND_CREDENTIALS is not JSON");
  }
  const query = values.query === undefined ? {} : readJson(values.query, "query");
  const options = {};
  for (const pair of values.option ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Usage(`--option takes name=value, not ${pair}`);
    options[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (values.now !== undefined) options.now = time(values.now);
  if (values.endpoint !== undefined) options.endpoint = values.endpoint;
  const request = buildRequest(platform, credentials, query, options);
  out(JSON.stringify(values.reveal ? request : redactRequest(platform, request), null, 2));
  return 0;
}

function listPlatforms() {
  for (const p of platforms()) {
    const type = (c) => (c.values.length > 0 ? c.values.map((v) => JSON.stringify(v)).join(" | ") : c.type);
    const fields = p.credentials.map((c) => `${c.name}${c.required ? "" : "?"}: ${type(c)}${c.secret ? " (secret)" : ""}`).join(", ");
    out(`${p.id}\t${p.nameZh} / ${p.nameEn}\tcredentials { ${fields} }`);
  }
  return 0;
}

const COMMANDS = { parse, validate, plan, sign, platforms: listPlatforms };

function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? err : out)(USAGE.trimEnd());
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    out(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    err(`refund-normalizer: unknown command ${command}\n\n${USAGE.trimEnd()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    out(USAGE.trimEnd());
    return 0;
  }
  try {
    return run(rest);
  } catch (e) {
    if (e instanceof Usage || e?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      err(`refund-normalizer ${command}: ${e.message}\n(refund-normalizer --help for usage)`);
      return 2;
    }
    if (e instanceof RefundError) {
      err(`${e.code}: ${e.message}\n${e.messageZh}`);
      if (e.platformCode !== undefined) err(`platform code ${e.platformCode}${e.platformMessage ? `: ${e.platformMessage}` : ""}`);
      for (const i of e.issues ?? []) err(`  ${i.field}: ${i.code}: ${i.message} / ${i.messageZh}`);
      if (e.retryable) err(`retryable, after ${e.retryAfterMs} ms`);
      return 1;
    }
    throw e;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
