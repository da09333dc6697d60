// Writes the benchmark's 1000-record pages to bench/bodies/ for the native profiler:
//   node native/bodies.mjs && cd native && cargo build --release &&
//   valgrind --tool=callgrind target/release/refund-normalizer-profile wangdiantong ../bodies/wangdiantong-1000.json 3
import { mkdirSync, writeFileSync } from "node:fs";
import { generate, CASES } from "../generate.mjs";

const dir = new URL("../bodies/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const name of CASES) {
  const file = new URL(`${name}-1000.${name.endsWith("xml") ? "xml" : "json"}`, dir);
  writeFileSync(file, generate(name, 1000));
  console.log(file.pathname);
}
