// The public JavaScript API, over the wasm-bindgen glue. Every entry (Node ESM, Node
// require, browsers, workerd) initialises the glue its own way and hands it to createApi.
//
// This layer does three things only: type-checks the arguments the glue cannot take
// (so a wrong type is a RefundError, not a TypeError from inside the glue), turns error
// objects from Rust into RefundError, and decodes the flat page text.

import { argumentsJson } from "./args.js";
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
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw fail(
    "invalid_body",
    "body must be a string, a Uint8Array or an ArrayBuffer",
    "body 必须是字符串、Uint8Array 或 ArrayBuffer",
  );
}

// `{ httpStatus }` of accept(); 0 when absent.
function httpStatusOf(options) {
  const status = options == null ? undefined : options.httpStatus;
  if (status === undefined || status === null) return 0;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw fail("invalid_options", "options.httpStatus must be an HTTP status (100-599)", "options.httpStatus 必须是 HTTP 状态码(100-599)");
  }
  return status;
}

// Arguments are read into Rust by a recursive walk that calls back into JavaScript at every
// level: a value nested thousands deep (or one that contains itself) overflowed the stack
// inside the wasm, and that left the instance broken for every later call. Refuse such
// values here, with an iterative walk, before they reach the glue.
const MAX_DEPTH = 64;

function checkDepth(what, value) {
  if (value === null || typeof value !== "object") return value;
  const stack = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop();
    if (depth > MAX_DEPTH) {
      throw fail(
        "invalid_options",
        `${what} is nested more than ${MAX_DEPTH} levels deep (or contains itself)`,
        `${what} 嵌套超过 ${MAX_DEPTH} 层(或引用了自身)`,
      );
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    const children = v instanceof Map ? [...v.keys(), ...v.values()] : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return value;
}

// Whether serde-wasm-bindgen would read a value into exactly the serde_json values that
// serde_json reads from its JSON.stringify text. Plain data only: well-formed strings,
// booleans, finite numbers that are safe integers or not integers (a larger integer is
// exact in JSON text but a float from JS), null, undefined (null in an object as in an array),
// arrays and plain objects, nested at most MAX_DEPTH objects deep (what checkDepth allows).
// Anything else (functions, symbols, BigInts, Dates, Maps, class instances, toJSON) takes
// the object route, which also gives its errors (docs/performance.md, signing). A walk and
// one JSON.stringify: a replacer called back for every key was a sixth of a buildRequest.
function isPlain(value, depth = 1) {
  switch (typeof value) {
    case "string":
      return value.isWellFormed();
    case "number":
      // NaN and ±Infinity have no JSON text (JSON.stringify writes null, "not given"); the
      // object route reads them as a value every field refuses.
      return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
    case "boolean":
      return true;
    case "undefined":
      if (depth > 1) nestedUndefined = true;
      return true;
    case "object":
      return value === null || (depth <= MAX_DEPTH && isPlainContainer(value, depth));
    default:
      return false;
  }
}

function isPlainContainer(value, depth) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlain(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof value.toJSON === "function") return false;
  for (const key of Object.keys(value)) if (!isPlain(value[key], depth + 1)) return false;
  return true;
}

// The JSON text as UTF-8 in a reused buffer (the glue copies it into the wasm): faster than
// the glue's own char-by-char copy of a string (docs/performance.md, round 5).
const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);
function utf8(text) {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

// undefined in an object is null for serde-wasm-bindgen; JSON.stringify would drop the key,
// so a text with a nested undefined is written with this replacer (the rare, slower way).
let nestedUndefined = false;
const undefinedAsNull = (key, value) => (value === undefined ? null : value);

// The arguments as UTF-8 JSON when they are plain (isPlain), else null.
function plainJson(credentials, query, options) {
  nestedUndefined = false;
  if (!(isPlain(credentials) && isPlain(query) && isPlain(options))) return null;
  const args = [credentials, query, options];
  return utf8(nestedUndefined ? JSON.stringify(args, undefinedAsNull) : JSON.stringify(args));
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
    checkDepth("query", query);
    checkDepth("options", options);
    return call(() => glue.validate_query(platform, query, options));
  }

  function buildRequest(platform, credentials, query, options) {
    checkPlatform(platform);
    // Plain arguments cross as one JSON text and the request comes back as one flat text;
    // -1 back means the text was not for serde_json, and the object route decides.
    // The common shapes are written by argumentsJson in one walk; the rest by isPlain and
    // JSON.stringify (isPlain refuses what checkDepth would, so plain arguments need no other
    // check).
    const area = argumentsView();
    let json = argumentsJson(credentials, query, options, area);
    if (json === null) json = plainJson(credentials, query, options);
    if (json !== null) {
      // The length of the flat text kept in wasm memory, -1 for "not for serde_json", -2 for
      // an error (build_request_kept in src/wasm.rs). Arguments written in the wasm's area
      // for a known platform cross as its index and their length (build_request_at).
      const index = indexOf(platform);
      let length;
      try {
        length = json.buffer === area.buffer && json.byteOffset === area.byteOffset && index !== undefined ? glue.build_request_at(index, json.length) : glue.build_request_kept(platform, json);
      } catch (e) {
        rethrow(e); // a trap, as an internal_error
      }
      if (length >= 0) return decodeRequest(utf8Decoder.decode(new Uint8Array(memory().buffer, glue.request_at(), length)));
      if (length === -2) rethrow(glue.take_request_error());
    }
    checkDepth("credentials", credentials);
    checkDepth("query", query);
    checkDepth("options", options);
    return call(() => glue.build_request(platform, credentials, query, options));
  }

  function parseResponse(platform, body, options) {
    checkPlatform(platform);
    const input = checkBody(body);
    checkDepth("options", options);
    if (options != null && options.operation === "refundAmount") {
      const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
      return call(() => glue.parse_refund_amount(platform, bytes, options));
    }
    const length = call(() =>
      typeof input === "string"
        ? glue.parse_response_text(platform, input, options)
        : glue.parse_response_bytes(platform, input, options),
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
    checkDepth("range", range);
    checkDepth("options", options);
    return call(() => glue.plan_windows(platform, range, options));
  }

  function signParams(platform, params, credentials) {
    checkPlatform(platform);
    checkDepth("params", params);
    checkDepth("credentials", credentials);
    return call(() => glue.sign_params(platform, params, credentials));
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
      checkDepth("range", range);
      checkDepth("options", options);
      this.#handle = call(() => new glue.SyncHandle(platform, range, options));
    }

    /** The next signed request, or null when the sync is done. Again before accept(): a retry, freshly signed. */
    next(credentials, options) {
      checkDepth("credentials", credentials);
      checkDepth("options", options);
      return call(() => this.#handle.next(credentials, options));
    }

    /** The refunds in this response not emitted before in this sync; throws (and stays put) on an error. */
    accept(body, options) {
      const input = checkBody(body);
      const status = httpStatusOf(options);
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
    return JSON.parse(glue.parse_response_json(platform, bytes, options));
  } catch (e) {
    return rethrow(e);
  }
}
