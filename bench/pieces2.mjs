import { signCredentials, SIGN_QUERY, SIGN_NOW } from "./cases.mjs";
import { readFileSync } from "node:fs";
const dir = process.argv[2] ?? "/tmp/ab/base";
const glue = await import(dir + "/refund_normalizer.js");
glue.initSync({ module: new WebAssembly.Module(readFileSync(dir + "/refund_normalizer_bg.wasm")) });
function time(label, fn, n = 200000) {
  for (let i = 0; i < 20000; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n / 1000);
  }
  console.log(label.padEnd(40), best.toFixed(2), "µs");
}
for (const p of (process.argv[3] ?? "suning,wangdiantong").split(",")) {
  const c = signCredentials(p), o = { now: SIGN_NOW };
  const cj = JSON.stringify(c), qj = JSON.stringify(SIGN_QUERY), oj = JSON.stringify(o);
  console.log(p, cj, qj, oj);
  time(" build_request", () => glue.build_request(p, cj, qj, oj));
  time(" validate_query", () => glue.validate_query(p, qj, oj));
  time(" body_too_large (null)", () => glue.body_too_large(1, 2));
  time(" build_request bad platform", () => { try { glue.build_request("x", "null", "null", "null"); } catch {} });
}
