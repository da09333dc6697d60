// Node require() entry (and, through node.mjs, the ESM one): wasm-bindgen's nodejs glue
// compiles the .wasm synchronously itself (scripts/build.mjs: from the file beside it, or in a
// bundle from dist/wasm-base64.json).
"use strict";
const glue = require("../dist/refund_normalizer.cjs");
const { createApi, RefundError } = require("../dist/api.cjs");

/** Ready at require here; the same call as the browser entry's, for code that runs in both. */
const init = async () => {};

module.exports = { init, RefundError, ...createApi(glue) };
