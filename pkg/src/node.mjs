// Node ESM entry: the require() entry's API, so that an app that has both `import` and
// `require()` of the package gets one instance (one wasm, one RefundError class). The glue
// compiles the .wasm synchronously: every function works as soon as the import resolves.
import api from "./node.cjs";

export const { init, RefundError, platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync } = api;
