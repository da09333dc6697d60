// Shared by the JS tests: fixture files, and the crate's own JSON of a page (white-box, to
// check the flat decoder against it) from the wasm with the test-only exports
// (pkg/dist-test/, `node pkg/scripts/build.mjs --test-exports`, made by scripts/setup.sh).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as glue from "../../pkg/dist-test/refund_normalizer.js";
import { hostJson } from "../../pkg/src/args.js";
import { platforms } from "refund-normalizer";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixturesDir = join(root, "tests", "fixtures");

glue.initSync({ module: new WebAssembly.Module(readFileSync(join(root, "pkg", "dist-test", "refund_normalizer_bg.wasm"))) });

/** The glue of the wasm with the test-only exports, initialised. */
export { glue as testGlue };

/** The platform ids, from the package's own registry (`platforms()`, `PlatformId::ALL`). */
export const PLATFORMS = platforms().map((p) => p.id);

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

/** The page as the crate's own JSON (`parse_response_json`); an error is thrown as the plain object Rust made. */
export function crateJson(platform, body, options) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return JSON.parse(glue.parse_response_json(platform, bytes, hostJson("options", options)));
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
