// Node ESM entry: compiles the .wasm beside the glue synchronously, so every function works
// as soon as the import resolves.
import { readFileSync } from "node:fs";
import * as glue from "../dist/refund_normalizer.js";
import { createApi } from "./api.js";

glue.initSync({ module: new WebAssembly.Module(readFileSync(new URL("../dist/refund_normalizer_bg.wasm", import.meta.url))) });

export { RefundError } from "./api.js";
export const { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync } = createApi(glue);
