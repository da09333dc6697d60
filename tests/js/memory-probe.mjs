// Run by memory.test.mjs in a fresh Node process (with --expose-gc): parses one platform's
// page of `count` records that are all `{}` six times and prints what the process and the
// wasm memory grew by, as JSON: while the first page is held, once it is dropped, then after
// the second and the last four (each dropped).
import * as rn from "refund-normalizer";
import { createRequire } from "node:module";

// The glue instance the package's Node entries use (node.mjs re-exports node.cjs).
const glue = createRequire(import.meta.url)("../../pkg/dist/refund_normalizer.cjs");

const [platform, count, options] = [process.argv[2], Number(process.argv[3]), JSON.parse(process.argv[4] ?? "{}")];
// The platform's kit itself, not kits.mjs: that asks platforms() of the wasm, which would
// move the allocator's layout before the measurement starts.
const kit = (await import(`./kits/${platform}.mjs`)).default;
const body = new TextEncoder().encode(kit.page(`[${Array(count).fill("{}").join(",")}]`, count));
const wasm = () => glue.wasm_memory().buffer.byteLength;
const parse = () => {
  try {
    return rn.parseResponse(platform, body, options);
  } catch (e) {
    return { error: e.code };
  }
};
const counts = (page) => (page.error ? page : { refunds: page.refunds.length, rejected: page.rejected.length });

global.gc();
const at = () => ({ rss: process.memoryUsage().rss, wasm: wasm() });
const before = at();
let page = parse();
global.gc();
// The page held, as a host holds it while it stores or answers it.
const held = at();
const first = counts(page);
page = null;
global.gc();
const once = at();
parse();
global.gc();
const twice = at();
// Collected after each, as a host that keeps none of them would be in time: what stays is
// what the package keeps (the wasm memory), not garbage V8 has not collected yet.
for (let i = 0; i < 4; i++) {
  parse();
  global.gc();
}
const after = at();
console.log(JSON.stringify({
  bodyBytes: body.length,
  first,
  rssHeld: held.rss - before.rss,
  rssOnce: once.rss - before.rss,
  wasmOnce: once.wasm - before.wasm,
  wasmSecond: twice.wasm - once.wasm,
  rssFiveMore: after.rss - once.rss,
  wasmLastFour: after.wasm - twice.wasm,
}));
