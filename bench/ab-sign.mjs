// A/B of buildRequest: two (or more) builds side by side in one process, with each platform's
// JS signer (bench/platforms/<id>.mjs), interleaved rounds of 1000 calls with the order rotated,
// medians.
//
//   # a build = the `web` glue and its wasm, plus the pkg/src modules it goes with:
//   cargo build --lib --release --target wasm32-unknown-unknown
//   wasm-bindgen --target web --out-dir /tmp/before --out-name refund_normalizer \
//     --remove-producers-section --remove-name-section target/wasm32-unknown-unknown/release/refund_normalizer.wasm
//   cp pkg/src/*.js /tmp/before/
//   # ...change, build again into /tmp/after, then:
//   node ab-sign.mjs /tmp/before /tmp/after
import { readFileSync } from "node:fs";
import { SIGN_QUERY, SIGN_NOW, SIGNED_PLATFORMS, jsBuildRequest, md5Impls, signCredentials } from "./cases.mjs";

const contenders = [];
for (const dir of process.argv.slice(2)) {
  const glue = await import(dir + "/refund_normalizer.js");
  glue.initSync({ module: new WebAssembly.Module(readFileSync(dir + "/refund_normalizer_bg.wasm")) });
  const { createApi } = await import(dir + "/api.js");
  contenders.push([dir, createApi(glue)]);
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const platform of SIGNED_PLATFORMS) {
  const credentials = signCredentials(platform);
  const options = { now: SIGN_NOW };
  const fns = [
    ...contenders.map(([dir, api]) => [dir, () => api.buildRequest(platform, credentials, SIGN_QUERY, options)]),
    ["js+blueimp-md5", () => jsBuildRequest(md5Impls.blueimp, platform, credentials, SIGN_QUERY, options)],
    ["js+node:crypto", () => jsBuildRequest(md5Impls.crypto, platform, credentials, SIGN_QUERY, options)],
  ];
  const samples = fns.map(() => []);
  for (let round = 0; round < 40; round++) {
    for (let j = 0; j < fns.length; j++) {
      const k = (j + round) % fns.length;
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) fns[k][1]();
      if (round >= 5) samples[k].push(performance.now() - t0); // ms per 1000 calls = µs per call
    }
  }
  console.log(platform.padEnd(13), fns.map(([name], k) => `${name} ${median(samples[k]).toFixed(1)}`).join("  "), "(µs)");
}
