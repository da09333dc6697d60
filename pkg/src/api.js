// The public JavaScript API, over the wasm-bindgen glue. Every entry (Node ESM, Node
// require, browsers, workerd) initialises the glue its own way and hands it to createApi.
//
// This layer does three things only: turns the arguments into the JSON text the glue takes
// (args.js; what is not data is a RefundError, not a TypeError from inside the glue), turns
// error objects from Rust into RefundError, and decodes the flat page and request text.

import { hostJson, NotData, unreadableAt } from "./args.js";
import { decodePage, decodeRequest } from "./decode.js";
import { redactWith } from "./redact.js";

// The brand every RefundError carries, shared through the global symbol registry: the ESM and
// the require() entries each load their own copy of this class (dist/api.cjs), and an app
// that has both must see one class (`instanceof` holds across them).
const BRAND = Symbol.for("refund-normalizer.RefundError");

// The wait before retrying a retryable error when the response gave no Retry-After header,
// by error code (README "Errors"): a platform's rate limit or clock-skew answer (a new
// signature is all it needs), a 429/5xx from the server or a proxy, a body cut short.
const RETRY_AFTER_MS = { platform_error: 1000, http_error: 5000, invalid_body: 1000 };

export class RefundError extends Error {
  constructor(data) {
    super(data.message);
    this.name = "RefundError";
    this.code = data.code;
    this.messageZh = data.messageZh;
    this.retryable = Boolean(data.retryable);
    if (this.retryable) {
      const stated = Number.isFinite(data.retryAfterMs);
      this.retryAfterMs = stated ? data.retryAfterMs : (RETRY_AFTER_MS[data.code] ?? 1000);
      // Where the wait comes from: the platform's answer, the response's Retry-After header
      // (set by withRetryAfter), or the default for the code.
      this.retryAfterFrom = data.retryAfterFrom ?? (stated ? "answer" : "default");
    }
    if (data.platformCode !== undefined) this.platformCode = data.platformCode;
    if (data.platformMessage !== undefined) this.platformMessage = data.platformMessage;
    if (data.platformSubCode !== undefined) this.platformSubCode = data.platformSubCode;
    if (data.issues !== undefined) this.issues = data.issues;
    if (data.path !== undefined) this.path = data.path;
    if (data.httpStatus !== undefined) this.httpStatus = data.httpStatus;
  }

  // Any object of either copy of this class (or a subclass) is an instance: by the brand,
  // not the prototype chain. A subclass keeps the ordinary check.
  static [Symbol.hasInstance](value) {
    if (this !== RefundError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return value !== null && typeof value === "object" && value[BRAND] === true;
  }

  /** What JSON.stringify shows: every field, `message` included (an Error's own is not enumerable). */
  toJSON() {
    const out = { name: this.name, code: this.code, message: this.message, messageZh: this.messageZh, retryable: this.retryable };
    for (const key of ["retryAfterMs", "retryAfterFrom", "platformCode", "platformSubCode", "platformMessage", "issues", "path"]) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}
Object.defineProperty(RefundError.prototype, BRAND, { value: true });

// The Retry-After of response headers (a Headers object or a plain record, any case) in
// milliseconds: delay-seconds, or an HTTP date from now; undefined when absent or unreadable.
function retryAfterOf(headers) {
  if (headers === null || typeof headers !== "object") return undefined;
  let value;
  if (typeof headers.get === "function") {
    value = headers.get("retry-after");
  } else {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === "retry-after") value = headers[key];
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

// A retryable error thrown while reading a response: its wait from the response's
// Retry-After, when the host passed the headers.
function withRetryAfter(headers, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RefundError && e.retryable) {
      const wait = retryAfterOf(headers);
      if (wait !== undefined) {
        e.retryAfterMs = wait;
        e.retryAfterFrom = "header";
      }
    }
    throw e;
  }
}

// The options of a response read without `headers` (only the host reads them).
// `options` without its `headers` (they are JavaScript's: the wasm never sees them), and the
// headers; what reading them throws (a getter, a Proxy trap) is invalid_options at the path.
function splitHeaders(options) {
  if (options === null || typeof options !== "object") return { options, headers: undefined };
  let path = "options";
  try {
    if (!("headers" in options)) return { options, headers: undefined };
    path = "options.headers";
    const { headers, ...rest } = options;
    return { options: rest, headers };
  } catch (thrown) {
    const e = unreadableAt(path, thrown);
    throw fail("invalid_options", e.message, e.messageZh, { path: e.path });
  }
}

function fail(code, message, messageZh, extra) {
  return new RefundError({ code, message, messageZh, retryable: false, ...extra });
}

// Errors from Rust arrive as plain objects; anything else is a bug worth seeing as one.

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

function checkBody(body) {
  if (typeof body === "string") return body.isWellFormed() ? body : escapedLoneSurrogates(body);
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

// UTF-8 has no lone surrogates: encoding one makes it U+FFFD, so "R\uD800" and "R\uDBFF"
// would become one id. Each is written as the escape of the body's language instead (JSON
// `\uD800`, XML `&#xD800;`), which the readers refuse for the one record that holds it.
function escapedLoneSurrogates(text) {
  const xml = text.trimStart().startsWith("<");
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16).toUpperCase();
    return xml ? `&#x${hex};` : `\\u${hex}`;
  });
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

// `loaded`: for the browser entry, whether init() has loaded the wasm (the other entries load it
// before createApi).
export function createApi(glue, loaded) {
  const ready = loaded
    ? () => {
        if (!loaded()) {
          throw fail("not_initialized", "call `await init()` before any other function (the browser entry loads the .wasm there)", "请先调用 `await init()`(浏览器入口在其中加载 .wasm)");
        }
      }
    : () => {};
  // The wasm memory object, asked for once (its `buffer` is read at each use: it changes when
  // the memory grows).
  let wasmMemory;
  const memory = () => (wasmMemory ??= glue.wasm_memory());
  // A platform that is not a string never reaches the glue; the known ids are the registry's.
  const checkPlatform = (platform) => {
    if (typeof platform !== "string") {
      const ids = glue.platforms().map((info) => info.id);
      throw fail("unknown_platform", `platform must be a string: one of ${ids.join(", ")}`, `platform 必须是字符串:${ids.join("、")} 之一`);
    }
  };
  const call = (fn) => {
    try {
      return fn();
    } catch (e) {
      return rethrow(e);
    }
  };

  function platforms() {
    ready();
    return call(() => glue.platforms());
  }

  function validateQuery(platform, query, options) {
    ready();
    checkPlatform(platform);
    return call(() => glue.validate_query(platform, json("query", query), json("options", options)));
  }

  function buildRequest(platform, credentials, query, options) {
    ready();
    checkPlatform(platform);
    // Each argument crosses as the JSON text hostJson writes of it (read whole before the
    // wasm sees anything), the request back as text decodeRequest makes the object of.
    return decodeRequest(call(() => glue.build_request(platform, json("credentials", credentials), json("query", query), json("options", options))));
  }

  function parseResponse(platform, body, options) {
    const split = splitHeaders(options);
    return withRetryAfter(split.headers, () => parseWithoutHeaders(platform, body, split.options));
  }

  function parseWithoutHeaders(platform, body, options) {
    ready();
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
    ready();
    checkPlatform(platform);
    return call(() => glue.plan_windows(platform, json("range", range), json("options", options)));
  }

  function signParams(platform, params, credentials) {
    ready();
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
      ready();
      checkPlatform(platform);
      this.#handle = call(() => new glue.SyncHandle(platform, json("range", range), json("options", options)));
    }

    /** The next signed request, or null when the sync is done. Again before accept(): a retry, freshly signed. */
    next(credentials, options) {
      const request = call(() => this.#handle.next(json("credentials", credentials), json("options", options)));
      return request === undefined ? null : decodeRequest(request);
    }

    /** The refunds in this response not emitted before in this sync; throws (and stays put) on an error. */
    accept(body, options) {
      const input = checkBody(body);
      const status = httpStatusOf(options);
      checkBodySize(glue, input, this.#handle.max_body_bytes());
      const length = withRetryAfter(splitHeaders(options).headers, () =>
        call(() => (typeof input === "string" ? this.#handle.accept_text(input, status) : this.#handle.accept_bytes(input, status))),
      );
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
      ready();
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

  // The documented request param names of each platform (paging, filters, time range, native
  // params), from platforms(): what 诺云's JSON body may show (redact.js).
  let paramNames;
  const paramsOf = (platform) => {
    paramNames ??= new Map(
      glue.platforms().map((info) => [
        info.id,
        new Set([
          info.paging.pageParam,
          info.paging.sizeParam,
          ...info.filters.map((f) => f.param),
          ...info.timeFields.flatMap((t) => [t.sinceParam, t.untilParam]),
          ...info.nativeParams.map((n) => n.name),
        ]),
      ]),
    );
    return paramNames.get(platform);
  };

  /** A copy of a signed request with every credential masked (redact.js); never throws. */
  function redactRequest(platform, request, options) {
    return redactWith(platform, request, options, paramsOf);
  }

  return { platforms, validateQuery, buildRequest, parseResponse, planWindows, signParams, redactRequest, RefundSync };
}

