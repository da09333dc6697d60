// Cloudflare Workers entry: workerd imports a .wasm file as a compiled WebAssembly.Module
// (fetching it at run time is not allowed there), and initSync makes the API ready at once.
import wasmModule from "../dist/refund_normalizer_bg.wasm";
import * as glue from "../dist/refund_normalizer.js";
import { createApi } from "./api.js";

glue.initSync({ module: wasmModule });

/** Ready at import here; the same call as the browser entry's, for code that runs in both. */
export const init = async () => {};
export { RefundError } from "./api.js";
export const { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync } = createApi(glue);
