// Where the growth of cost per record from 1000 to 10000 records goes: the parts of
// parseResponse timed apart, in one process, interleaved as run.mjs times them (batches of
// ≥ 15 ms, the order rotated), with V8's GC time inside each contender's batches. Growth is
// given by wall time and by the process's CPU time (less moved by other load on the machine;
// it includes V8's GC helper threads).
//
//   node growth.mjs [cases] [sizes]        e.g. mogujie,suning 1000,10000
//
// contenders: wasm = the call alone (Rust parse + flat encode; then release_page, as the API);
// decode = decodePage of a copy of those bytes (crossing + objects); ours = parseResponse with
// a Uint8Array body (both); JSON.parse = of the same body; rebuild = the same objects, same
// shapes, built in plain JS from a decoded page's values (no parsing, no string made): what
// V8 charges for the objects alone; JSON.parse(page) = JSON.parse of those objects' JSON text:
// V8's own parser building the same objects, strings and all.
import { PerformanceObserver } from "node:perf_hooks";
import { createRequire } from "node:module";
import { CASES, caseOf, generate } from "./cases.mjs";
import { calibrate, median } from "./timing.mjs";
// PKG=dir: another copy of pkg/ (`cp -rL pkg /tmp/x`), to compare builds.
const pkg = process.env.PKG ?? new URL("../pkg", import.meta.url).pathname;
const { decodePage } = await import(pkg + "/src/decode.js");
const api = await import(pkg + "/src/node.mjs");
// The glue instance the package's Node entries use (node.mjs re-exports node.cjs).
const glue = createRequire(import.meta.url)(pkg + "/dist/refund_normalizer.cjs");

const cases = process.argv[2] ? process.argv[2].split(",") : CASES;
const sizes = (process.argv[3] || "1000,10000").split(",").map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 9);

// GC pauses, delivered later with their start times: attributed to the batch they fell in.
const pauses = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push([e.startTime, e.duration, e.detail?.kind ?? e.kind]);
}).observe({ entryTypes: ["gc"] });

/** The same objects as decodePage's, from its values: object creation alone. */
function rebuild(page) {
  const src = page.refunds;
  const refunds = new Array(src.length);
  for (let r = 0; r < src.length; r++) {
    const x = src[r];
    const b = x.buyer;
    const s = x.returnShipment;
    const items = new Array(x.items.length);
    for (let k = 0; k < items.length; k++) {
      const i = x.items[k];
      items[k] = { goodsId: i.goodsId, skuId: i.skuId, goodsNo: i.goodsNo, skuNo: i.skuNo, name: i.name, skuName: i.skuName, quantity: i.quantity, unitPrice: i.unitPrice, amount: i.amount };
    }
    const warnings = new Array(x.warnings.length);
    for (let k = 0; k < warnings.length; k++) warnings[k] = x.warnings[k];
    refunds[r] = {
      platform: x.platform, id: x.id, orderId: x.orderId, subOrderId: x.subOrderId, shopId: x.shopId, shopName: x.shopName,
      kind: x.kind, status: x.status, platformStatus: { code: x.platformStatus.code, label: x.platformStatus.label },
      requestedAmount: x.requestedAmount, refundedAmount: x.refundedAmount, currency: x.currency, reason: x.reason, note: x.note,
      buyer: b === null ? null : { id: b.id, name: b.name, phone: b.phone },
      returnShipment: s === null ? null : { company: s.company, companyCode: s.companyCode, trackingNo: s.trackingNo },
      createdAt: x.createdAt, updatedAt: x.updatedAt, refundedAt: x.refundedAt, items, warnings, raw: x.raw,
    };
  }
  return { refunds, page: { ...page.page }, rejected: page.rejected.slice(), warnings: page.warnings.slice() };
}

const out = {};
for (const c of cases) {
  for (const size of sizes) {
    const { platform: p, xml } = caseOf(c);
    const body = generate(c, size);
    const bytes = new TextEncoder().encode(body);
    const opts = { query: { page: 1, pageSize: size } };
    const length = glue.parse_response_bytes(p, bytes, JSON.stringify(opts));
    const flat = new Uint8Array(glue.wasm_memory().buffer, glue.page_at(), length).slice();
    const decoded = decodePage(flat);
    const contenders = {
      wasm: () => {
        glue.parse_response_bytes(p, bytes, JSON.stringify(opts));
        glue.release_page();
      },
      decode: () => decodePage(flat),
      ours: () => api.parseResponse(p, bytes, opts),
      rebuild: () => rebuild(decoded),
    };
    if (!xml) contenders["JSON.parse"] = () => JSON.parse(body);
    // V8's own parser building the very objects decodePage returns (strings and all)
    const pageJson = JSON.stringify(decoded);
    contenders["JSON.parse(page)"] = () => JSON.parse(pageJson);
    const names = Object.keys(contenders);
    const batch = Object.fromEntries(names.map((k) => [k, calibrate(contenders[k])]));
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    const windows = Object.fromEntries(names.map((k) => [k, []]));
    const cpu = Object.fromEntries(names.map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (let j = 0; j < names.length; j++) {
        const k = names[(j + r) % names.length];
        const fn = contenders[k];
        const n = batch[k];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) fn();
        const t1 = performance.now();
        const c1 = process.cpuUsage(c0);
        samples[k].push((t1 - t0) / n);
        cpu[k].push((c1.user + c1.system) / 1000 / n);
        windows[k].push([t0, t1, n]);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // the GC entries arrive
    for (const k of names) {
      // GC ms per call inside this contender's batches: median over rounds
      const gc = windows[k].map(([t0, t1, n]) => pauses.filter(([s]) => s >= t0 && s < t1).reduce((a, [, d]) => a + d, 0) / n);
      (out[c] ??= {})[k] ??= {};
      out[c][k][size] = { ms: median(samples[k]), cpu: median(cpu[k]), gc: median(gc) };
    }
    pauses.length = 0;
  }
  const row = Object.entries(out[c]).map(([k, v]) => {
    const [a, b] = sizes;
    const g = (key) => (v[b] && v[a] ? (v[b][key] / b / (v[a][key] / a)).toFixed(2) : "-");
    return `${k} ${v[a].ms.toFixed(2)}→${v[b]?.ms.toFixed(1)} ms ×${g("ms")} (cpu ×${g("cpu")}, gc ${v[a].gc.toFixed(2)}→${v[b]?.gc.toFixed(1)})`;
  });
  console.log(c.padEnd(12), row.join(" | "));
}
