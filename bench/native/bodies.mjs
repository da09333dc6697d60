// Writes what the native profiler reads into bench/bodies/: every case's 1000-record page, and
// every signing platform's arguments (its bench credentials, SIGN_QUERY, SIGN_NOW in seconds), so
// the native driver runs the benchmark's exact inputs:
//   node native/bodies.mjs && cd native && cargo build --release &&
//   valgrind --tool=callgrind target/release/refund-normalizer-profile <case's platform> ../bodies/<case>-1000.json 3
//   valgrind --tool=callgrind target/release/refund-normalizer-profile sign ../bodies/sign-<platform>.json 3000
import { mkdirSync, writeFileSync } from "node:fs";
import { CASES, caseOf, generate, signCredentials, SIGNED_PLATFORMS, SIGN_NOW, SIGN_QUERY } from "../cases.mjs";

const dir = new URL("../bodies/", import.meta.url);
mkdirSync(dir, { recursive: true });
const write = (name, text) => {
  const file = new URL(name, dir);
  writeFileSync(file, text);
  console.log(file.pathname);
};
for (const name of CASES) write(`${name}-1000.${caseOf(name).xml ? "xml" : "json"}`, generate(name, 1000));
for (const platform of SIGNED_PLATFORMS) {
  const args = { platform, credentials: signCredentials(platform), query: SIGN_QUERY, nowSeconds: Math.floor(SIGN_NOW / 1000) };
  write(`sign-${platform}.json`, JSON.stringify(args, null, 2) + "\n");
}
