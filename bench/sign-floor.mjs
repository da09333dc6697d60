// What the JS/wasm transport alone costs a buildRequest, against the ≥ 2× blueimp-md5 budget:
// each argument through hostJson, the wasm call with those texts, and decodeRequest of a
// request text of the real length, with nothing read or signed (the `request_crossing` test
// export). What is left of blueimp/2 is what the reading, checking, signing and writing of a
// request may take for the budget to hold. Interleaved rounds of 1000 calls, medians.
//
//   node pkg/scripts/build.mjs --test-exports   # pkg/dist-test/ (scripts/setup.sh makes it)
//   cd bench && node sign-floor.mjs
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SIGN_QUERY, SIGN_NOW, SIGNED_PLATFORMS, jsBuildRequest, md5Impls, signCredentials } from "./cases.mjs";

const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));
if (!existsSync(pkg + "dist-test/refund_normalizer_bg.wasm")) {
  console.error("pkg/dist-test/ is missing: run `node pkg/scripts/build.mjs --test-exports` first");
  process.exit(2);
}
const glue = await import(pkg + "dist-test/refund_normalizer.js");
glue.initSync({ module: new WebAssembly.Module(readFileSync(pkg + "dist-test/refund_normalizer_bg.wasm")) });
const { createApi } = await import(pkg + "src/api.js");
const { hostJson } = await import(pkg + "src/args.js");
const { decodeRequest } = await import(pkg + "src/decode.js");
const api = createApi(glue);

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
for (const platform of SIGNED_PLATFORMS) {
  const credentials = signCredentials(platform);
  const options = { now: SIGN_NOW };
  const args = [hostJson("credentials", credentials), hostJson("query", SIGN_QUERY), hostJson("options", options)];
  glue.set_crossing_reply(glue.build_request(platform, ...args));
  const fns = {
    ours: () => api.buildRequest(platform, credentials, SIGN_QUERY, options),
    transport: () => decodeRequest(glue.request_crossing(platform, hostJson("credentials", credentials), hostJson("query", SIGN_QUERY), hostJson("options", options))),
    blueimp: () => jsBuildRequest(md5Impls.blueimp, platform, credentials, SIGN_QUERY, options),
  };
  const names = Object.keys(fns);
  const samples = names.map(() => []);
  for (let round = 0; round < 40; round++) {
    for (let j = 0; j < names.length; j++) {
      const k = (j + round) % names.length;
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) fns[names[k]]();
      if (round >= 5) samples[k].push(performance.now() - t0); // ms per 1000 calls = µs per call
    }
  }
  const [ours, transport, blueimp] = samples.map(median);
  const budget = blueimp / 2;
  rows.push({
    platform,
    "ours µs": ours.toFixed(2),
    "transport µs": transport.toFixed(2),
    "blueimp/2 µs": budget.toFixed(2),
    "transport / (blueimp/2)": `${((100 * transport) / budget).toFixed(0)} %`,
    "the work takes µs": (ours - transport).toFixed(2),
    "the work may take µs": (budget - transport).toFixed(2),
  });
}
console.table(rows);
