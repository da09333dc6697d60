// The public JavaScript API, over the wasm-bindgen glue. Every entry (Node ESM, Node
// require, browsers, workerd) initialises the glue its own way and hands it to createApi.
//
// This layer does three things only: turns the arguments into the JSON text the glue takes
// (args.js; what is not data is a RefundError, not a TypeError from inside the glue), turns
// error objects from Rust into RefundError, and decodes the flat page and request text.

import { argumentsJson, hostJson, NotData, unreadableAt } from "./args.js";
import { decodePage, decodeRequest } from "./decode.js";

export class RefundError extends Error {
  constructor(data) {
    super(data.message);
    this.name = "RefundError";
    this.code = data.code;
    this.messageZh = data.messageZh;
    this.retryable = Boolean(data.retryable);
    if (data.platformCode !== undefined) this.platformCode = data.platformCode;
    if (data.platformMessage !== undefined) this.platformMessage = data.platformMessage;
    if (data.issues !== undefined) this.issues = data.issues;
    if (data.path !== undefined) this.path = data.path;
    if (data.httpStatus !== undefined) this.httpStatus = data.httpStatus;
  }
}

function fail(code, message, messageZh, extra) {
  return new RefundError({ code, message, messageZh, retryable: false, ...extra });
}

// Errors from Rust arrive as plain objects; anything else is a bug worth seeing as one.
// The flat request text in wasm memory: valid UTF-8, written by Rust.
const utf8Decoder = new TextDecoder();

function rethrow(e) {
  if (e instanceof RefundError) throw e;
  if (e && typeof e === "object" && typeof e.code === "string" && typeof e.messageZh === "string") {
    throw new RefundError(e);
  }
  if (e instanceof WebAssembly.RuntimeError) {
    throw fail("internal_error", `refund-normalizer hit an internal error: ${e.message}`, "refund-normalizer 内部错误", {});
  }
  throw e;
}

function checkPlatform(platform) {
  if (typeof platform !== "string") {
    throw fail(
      "unknown_platform",
      "platform must be a string: one of shopex, wangdiantong, mogujie, suning, nuoyun",
      "platform 必须是字符串:shopex、wangdiantong、mogujie、suning、nuoyun 之一",
    );
  }
}

function checkBody(body) {
  if (typeof body === "string") return body;
  try {
    if (body instanceof Uint8Array) return body;
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  } catch {
    // a Proxy whose trap threw, or a revoked one: not a body
  }
  throw fail(
    "invalid_body",
    "body must be a string, a Uint8Array or an ArrayBuffer",
    "body 必须是字符串、Uint8Array 或 ArrayBuffer",
  );
}

// `options[key]`, where reading it may run the caller's code (a getter, a Proxy trap):
// what that throws is invalid_options at the path, as hostJson says it.
function member(options, key) {
  if (options == null) return undefined;
  try {
    return options[key];
  } catch (thrown) {
    const e = unreadableAt(`options.${key}`, thrown);
    throw fail("invalid_options", e.message, e.messageZh, { path: e.path });
  }
}

// A body over `maxBodyBytes` is refused before it is copied into wasm memory (where it would
// stay: that memory never shrinks). A string's UTF-8 is at least as long as the string; a
// string within the bound whose UTF-8 is not is refused by Rust after the copy.
function checkBodySize(glue, input, max) {
  const length = typeof input === "string" ? input.length : input.byteLength;
  // A bound that is not a whole number ≥ 1 is left to Rust, which refuses it as invalid_options.
  if (Number.isSafeInteger(max) && max >= 1 && length > max) rethrow(glue.body_too_large(length, max));
}

// `{ httpStatus }` of accept(); 0 when absent.
function httpStatusOf(options) {
  const status = member(options, "httpStatus");
  if (status === undefined || status === null) return 0;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw fail("invalid_options", "options.httpStatus must be an HTTP status (100-599)", "options.httpStatus 必须是 HTTP 状态码(100-599)");
  }
  return status;
}

// An argument as the JSON text the glue takes (hostJson); what is not data is invalid_options,
// with where it is.
function json(what, value) {
  try {
    return hostJson(what, value);
  } catch (e) {
    if (e instanceof NotData) throw fail("invalid_options", e.message, e.messageZh, { path: e.path });
    throw e;
  }
}

// The JSON text as UTF-8 in a reused buffer (the glue copies it into the wasm): faster than
// the glue's own char-by-char copy of a string (docs/performance.md, round 5).
const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);
function utf8(text) {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

export function createApi(glue) {
  // The wasm memory object, asked for once (its `buffer` is read at each use: it changes when
  // the memory grows).
  let wasmMemory;
  const memory = () => (wasmMemory ??= glue.wasm_memory());
  // A view of the wasm's arguments area (build_request_at in src/wasm.rs), made again when
  // the memory has grown (the old view then has no bytes).
  let argumentsArea = new Uint8Array(0);
  const argumentsView = () => {
    if (argumentsArea.length === 0) argumentsArea = new Uint8Array(memory().buffer, glue.arguments_at(), glue.arguments_room());
    return argumentsArea;
  };
  // Each platform's index in the order platforms() lists them (`PlatformId::ALL`), which
  // build_request_at takes instead of the name; asked for at the first buildRequest.
  let platformIndex;
  const indexOf = (platform) => (platformIndex ??= new Map(glue.platforms().map((info, i) => [info.id, i]))).get(platform);
  const call = (fn) => {
    try {
      return fn();
    } catch (e) {
      return rethrow(e);
    }
  };

  function platforms() {
    return call(() => glue.platforms());
  }

  function validateQuery(platform, query, options) {
    checkPlatform(platform);
    return call(() => glue.validate_query(platform, json("query", query), json("options", options)));
  }

  function buildRequest(platform, credentials, query, options) {
    checkPlatform(platform);
    // The arguments cross as one JSON text and the request comes back as one flat text. The
    // common shapes are written by argumentsJson in one walk straight into the wasm's area;
    // the rest by hostJson.
    const area = argumentsView();
    let args = argumentsJson(credentials, query, options, area);
    if (args === null) args = utf8(`[${json("credentials", credentials)},${json("query", query)},${json("options", options)}]`);
    // The length of the flat text kept in wasm memory, or -1 for an error (build_request_kept
    // in src/wasm.rs). Arguments written in the wasm's area for a known platform cross as its
    // index and their length (build_request_at).
    const index = indexOf(platform);
    let length;
    try {
      length = args.buffer === area.buffer && args.byteOffset === area.byteOffset && index !== undefined ? glue.build_request_at(index, args.length) : glue.build_request_kept(platform, args);
    } catch (e) {
      rethrow(e); // a trap, as an internal_error
    }
    if (length < 0) rethrow(glue.take_request_error());
    return decodeRequest(utf8Decoder.decode(new Uint8Array(memory().buffer, glue.request_at(), length)));
  }

  function parseResponse(platform, body, options) {
    checkPlatform(platform);
    const input = checkBody(body);
    const optionsJson = json("options", options);
    checkBodySize(glue, input, member(options, "maxBodyBytes"));
    if (member(options, "operation") === "refundAmount") {
      const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
      return call(() => glue.parse_refund_amount(platform, bytes, optionsJson));
    }
    const length = call(() =>
      typeof input === "string"
        ? glue.parse_response_text(platform, input, optionsJson)
        : glue.parse_response_bytes(platform, input, optionsJson),
    );
    return takePage(length);
  }

  // The page the last call kept in wasm memory, decoded in place (decodePage turns the bytes
  // into text before anything else touches the wasm), then freed.
  function takePage(length) {
    try {
      return decodePage(new Uint8Array(memory().buffer, glue.page_at(), length));
    } finally {
      glue.release_page();
    }
  }

  function planWindows(platform, range, options) {
    checkPlatform(platform);
    return call(() => glue.plan_windows(platform, json("range", range), json("options", options)));
  }

  function signParams(platform, params, credentials) {
    checkPlatform(platform);
    return call(() => glue.sign_params(platform, json("params", params), json("credentials", credentials)));
  }

  // Incremental sync: windows x pages, deduplicated; the state machine lives in Rust.
  class RefundSync {
    #handle;

    constructor(platform, range, options) {
      if (platform instanceof glue.SyncHandle) {
        this.#handle = platform; // from fromJSON
        return;
      }
      checkPlatform(platform);
      this.#handle = call(() => new glue.SyncHandle(platform, json("range", range), json("options", options)));
    }

    /** The next signed request, or null when the sync is done. Again before accept(): a retry, freshly signed. */
    next(credentials, options) {
      return call(() => this.#handle.next(json("credentials", credentials), json("options", options)));
    }

    /** The refunds in this response not emitted before in this sync; throws (and stays put) on an error. */
    accept(body, options) {
      const input = checkBody(body);
      const status = httpStatusOf(options);
      checkBodySize(glue, input, this.#handle.max_body_bytes());
      const length = call(() => (typeof input === "string" ? this.#handle.accept_text(input, status) : this.#handle.accept_bytes(input, status)));
      return takePage(length);
    }

    get done() {
      return this.progress().done;
    }

    progress() {
      return call(() => this.#handle.progress());
    }

    toJSON() {
      return JSON.parse(this.#handle.to_json());
    }

    static fromJSON(state) {
      let text;
      try {
        text = typeof state === "string" ? state : JSON.stringify(state);
      } catch {
        text = undefined;
      }
      if (typeof text !== "string") {
        throw fail("invalid_state", "fromJSON needs the object toJSON() returned", "fromJSON 需要 toJSON() 返回的对象");
      }
      return new RefundSync(call(() => glue.SyncHandle.from_json(text)));
    }
  }

  return { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, RefundSync };
}

// For the tests that check decodePage against the crate's own JSON of the same page.
export function parseResponseAsJson(glue, platform, body, options) {
  const input = checkBody(body);
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  try {
    return JSON.parse(glue.parse_response_json(platform, bytes, json("options", options)));
  } catch (e) {
    return rethrow(e);
  }
}
