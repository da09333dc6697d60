// A/B of Rust changes in one process: two (or more) builds of the wasm side by side,
// `parse_response_bytes` on the benchmark's 1000-record pages, interleaved rounds with the
// order rotated, medians. Free of the load drift between two `node run.mjs` runs.
//
//   # a build = the `web` glue and its wasm in a directory:
//   cargo build --lib --release --target wasm32-unknown-unknown
//   wasm-bindgen --target web --out-dir /tmp/before --out-name refund_normalizer \
//     --remove-producers-section --remove-name-section target/wasm32-unknown-unknown/release/refund_normalizer.wasm
//   # ...change, build again into /tmp/after, then:
//   node ab.mjs /tmp/before /tmp/after [-- <case>,<case>]     (cases as run.mjs names them; STR=1: the string route)
//   RECORDS=10000: pages of that many records (default 1000). RAW=1: with includeRaw.
//   The options cross as JSON text, as api.js sends them.
//   DECODE=1: the call and decodePage, from DIR/../src/decode.js (a copy of pkg/ with its
//   dist/ as DIR): the call returns the page's length, its bytes kept in wasm memory.
import { readFileSync } from "node:fs";
import { CASES, generate, platformOf } from "./cases.mjs";

const args = process.argv.slice(2);
const sep = args.indexOf("--");
const dirs = sep < 0 ? args : args.slice(0, sep);
const cases = sep < 0 ? CASES : args[sep + 1].split(",");
const glues = [];
const decoders = [];
for (const d of dirs) {
  if (process.env.DECODE) decoders.push((await import(d + "/../src/decode.js")).decodePage);
  const g = await import(d + "/refund_normalizer.js");
  g.initSync({ module: new WebAssembly.Module(readFileSync(d + "/refund_normalizer_bg.wasm")) });
  glues.push(g);
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const c of cases) {
  const p = platformOf(c);
  const body = generate(c, Number(process.env.RECORDS ?? 1000));
  const bytes = new TextEncoder().encode(body);
  const opts = { query: { page: 1, pageSize: Number(process.env.RECORDS ?? 1000) }, includeRaw: Boolean(process.env.RAW) };
  const T = glues.map(() => []);
  for (let r = 0; r < 31; r++) {
    for (let k0 = 0; k0 < glues.length; k0++) {
      const k = (k0 + r) % glues.length;
      const t0 = performance.now();
      for (let j = 0; j < 3; j++) {
        const flat = process.env.STR ? glues[k].parse_response_text(p, body, JSON.stringify(opts)) : glues[k].parse_response_bytes(p, bytes, JSON.stringify(opts));
        if (process.env.DECODE) decoders[k](typeof flat === "number" ? new Uint8Array(glues[k].wasm_memory().buffer, glues[k].page_at(), flat) : flat);
      }
      const t1 = performance.now();
      if (r >= 3) T[k].push((t1 - t0) / 3);
    }
  }
  console.log(c.padEnd(13), T.map((t, k) => `${dirs[k]} ${med(t).toFixed(2)}`).join("  "), " last/first", (med(T[T.length - 1]) / med(T[0])).toFixed(3));
}
