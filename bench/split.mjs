// Where the time of parseResponse goes: wasm call (parse + encode, the bytes kept in wasm) vs JS
// decode (which includes turning the bytes into text), beside bare JSON.parse of the body.
//   node split.mjs [cases] [records]
import { CASES, caseOf, generate } from "./cases.mjs";
import { createRequire } from "node:module";
import { decodePage } from "../pkg/src/decode.js";
// The glue instance the package's Node entries use (node.mjs re-exports node.cjs), initialised
// when cases.mjs loads the package.
const glue = createRequire(import.meta.url)("../pkg/dist/refund_normalizer.cjs");
const cases = process.argv[2] ? process.argv[2].split(",") : CASES;
const n = +(process.argv[3] || 1000);
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const c of cases) {
  const { platform: p, xml } = caseOf(c);
  const body = generate(c, n);
  const bytes = new TextEncoder().encode(body);
  const opts = { query: { page: 1, pageSize: n } };
  const W = [], D = [], J = [];
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    const length = glue.parse_response_bytes(p, bytes, JSON.stringify(opts));
    const t1 = performance.now();
    decodePage(new Uint8Array(glue.wasm_memory().buffer, glue.page_at(), length));
    const t2 = performance.now();
    if (!xml) JSON.parse(body);
    const t3 = performance.now();
    if (i >= 5) { W.push(t1 - t0); D.push(t2 - t1); J.push(t3 - t2); }
  }
  const floor = xml ? "" : ` JSON.parse ${med(J).toFixed(2)}  (wasm+decode)/JSON.parse ${((med(W) + med(D)) / med(J)).toFixed(2)}`;
  console.log(`${c.padEnd(12)} wasm ${med(W).toFixed(2)} decode ${med(D).toFixed(2)}${floor}`);
}
