// Shared by the JS tests: fixture files, and the crate's own JSON of a page (white-box, to
// check the flat decoder against it).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as glue from "../../pkg/dist/refund_normalizer.js";
import { parseResponseAsJson } from "../../pkg/src/api.js";
import { hostJson } from "../../pkg/src/args.js";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixturesDir = join(root, "tests", "fixtures");

glue.initSync({ module: new WebAssembly.Module(readFileSync(join(root, "pkg", "dist", "refund_normalizer_bg.wasm"))) });

export const PLATFORMS = ["shopex", "wangdiantong", "mogujie", "suning", "nuoyun"];

/** Every fixture body of a platform: [name, bytes]. */
export function fixtures(platform) {
  let names = [];
  try {
    names = readdirSync(join(fixturesDir, platform));
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.(json|xml|txt)$/.test(n))
    .sort()
    .map((n) => [n, readFileSync(join(fixturesDir, platform, n))]);
}

export function fixture(platform, name) {
  return readFileSync(join(fixturesDir, platform, name));
}

export function crateJson(platform, body, options) {
  return parseResponseAsJson(glue, platform, body, options);
}

// The page's flat bytes as the wasm writes them (a copy), for layout checks.
export function pageBytes(platform, body, options) {
  const length = glue.parse_response_bytes(platform, body, hostJson("options", options));
  try {
    return new Uint8Array(glue.wasm_memory().buffer, glue.page_at(), length).slice();
  } finally {
    glue.release_page();
  }
}
