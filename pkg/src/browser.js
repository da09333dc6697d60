// Browser and bundler entry: fetches and instantiates the .wasm once, at import time
// (top-level await), so functions are ready when the import resolves.
import init, * as glue from "../dist/refund_normalizer.js";
import { createApi } from "./api.js";

await init({ module_or_path: new URL("../dist/refund_normalizer_bg.wasm", import.meta.url) });

export { RefundError } from "./api.js";
export const { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync } = createApi(glue);
