// Node require() entry: wasm-bindgen's nodejs glue loads the .wasm synchronously itself.
"use strict";
const glue = require("../dist/refund_normalizer.cjs");
const { createApi, RefundError } = require("../dist/api.cjs");

module.exports = { RefundError, ...createApi(glue) };
