// Browser and bundler entry. No top-level await (an iife bundle cannot load one): the .wasm is
// loaded by `await init()`, once, before the first call; a call before it throws a
// RefundError `not_initialized`.
//
// `init()` alone fetches the .wasm beside this package (`new URL(…, import.meta.url)`, which
// Vite and webpack follow and emit as an asset). Where the bundler does not (Rollup, esbuild,
// a CDN), `init({ wasm })` takes the .wasm as a URL (string or URL), a Request, a Response (or
// a promise of one), its bytes, or a compiled WebAssembly.Module.
import loadGlue, * as glue from "../dist/refund_normalizer.js";
import { createApi, RefundError } from "./api.js";

let loaded = false;
let loading;

/** Loads the wasm; resolves when every function is ready. Called again: the same promise. */
export function init(options) {
  loading ??= load(options).then(
    () => {
      loaded = true;
    },
    (e) => {
      loading = undefined; // a failed load may be tried again, with another source
      throw e;
    },
  );
  return loading;
}

async function load(options) {
  let source = options == null ? undefined : options.wasm;
  if (source === undefined) {
    try {
      source = new URL("../dist/refund_normalizer_bg.wasm", import.meta.url);
    } catch {
      throw new RefundError({
        code: "init_failed",
        message: "init(): this bundle does not know where the .wasm is; pass it: init({ wasm: url | bytes | Response | WebAssembly.Module })",
        messageZh: "init():此打包产物不知道 .wasm 的位置,请传入:init({ wasm: URL、字节、Response 或 WebAssembly.Module })",
      });
    }
  }
  try {
    await loadGlue({ module_or_path: source });
  } catch (e) {
    throw new RefundError({
      code: "init_failed",
      message: `init(): the .wasm could not be loaded (${e && e.message}); pass init({ wasm }) with its URL, bytes, Response or WebAssembly.Module`,
      messageZh: "init():无法加载 .wasm;请用 init({ wasm }) 传入其 URL、字节、Response 或 WebAssembly.Module",
    });
  }
}

export { RefundError } from "./api.js";
export const { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync } = createApi(glue, () => loaded);
