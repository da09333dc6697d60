// Arguments as the JSON text the wasm reads (src/bindings/wasm.rs): `hostJson` for any argument of any
// call, each read whole into its own text before the wasm sees anything.

// ---- hostJson: any JavaScript value as JSON text, or where it is not data ----

// Deeper values are refused: they are not data a caller means to send, and a value that
// contains itself would never end.
export const MAX_DEPTH = 64;

/** Why an argument is not data: where (`query.page`), in English and in Chinese. */
export class NotData {
  constructor(why, whyZh) {
    this.why = why;
    this.whyZh = whyZh;
    // The keys from the argument down to the value, filled in on the way out (unshift), so
    // that no path is built for values that are fine.
    this.keys = [];
    this.path = this.message = this.messageZh = "";
  }
}

const ONLY = "only strings, numbers, booleans, null, arrays and plain objects are read";
const ONLY_ZH = "只读取字符串、数字、布尔值、null、数组和普通对象";
const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

// `a.b` for a name, `a[0]` for an index, `a["x-y"]` for any other key.
const step = (key) => (typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

function numberJson(n) {
  // JSON has no NaN or ±Infinity, and JSON.stringify's null would read as "not given": a
  // one-member object instead, which every reader of a scalar refuses by the field's name.
  if (Number.isNaN(n)) return '{"NaN":null}';
  if (!Number.isFinite(n)) return n > 0 ? '{"Infinity":null}' : '{"-Infinity":null}';
  const text = String(n); // JSON.stringify's text (-0 as 0)
  // An integer past 2^53 is not exact in JavaScript: it stays a float for the wasm, as any
  // other inexact number is (".0", unless the text has an exponent already).
  return Number.isInteger(n) && !Number.isSafeInteger(n) && !text.includes("e") ? `${text}.0` : text;
}

// A lone surrogate has no UTF-8: U+FFFD, as the glue's own string copy makes it.
// String.prototype.toWellFormed is ES2024 (Node 20, Chrome 111, Safari 16.4); without it,
// the same by a regular expression (asked at each call: a runtime may gain or lose it).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export function wellFormed(s) {
  return typeof s.toWellFormed === "function" ? s.toWellFormed() : wellFormed.fallback(s);
}
wellFormed.fallback = (s) => s.replace(LONE_SURROGATE, "\ufffd");

// A string with nothing JSON escapes (no quote, backslash, control character or surrogate) is
// its own JSON text between quotes: JSON.stringify would give the same, at three times the cost
// (most keys and values of an argument are such strings).
const NOTHING_TO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const stringJson = (s) => (NOTHING_TO_ESCAPE.test(s) ? `"${s}"` : JSON.stringify(wellFormed(s)));

// Reading a value ran code that threw (a getter, a Proxy trap, a revoked Proxy). What it
// threw is not repeated: only its kind, so no text of the caller's leaks into an error.
function unreadable(thrown) {
  const kind = thrown instanceof Error ? thrown.name : typeof thrown;
  return new NotData(`could not be read: reading it threw ${kind}`, `无法读取:读取时抛出 ${kind}`);
}

// What reading a value threw, as a NotData that learns the key it came through.
function located(thrown, key) {
  const notData = thrown instanceof NotData ? thrown : unreadable(thrown);
  notData.keys.unshift(key);
  return notData;
}

function valueJson(v, depth) {
  switch (typeof v) {
    case "string":
      return stringJson(v);
    case "number":
      return numberJson(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
    case "bigint":
      if (v < I64_MIN || v > U64_MAX) throw new NotData("is a BigInt beyond 64 bits", "是超出 64 位的 BigInt");
      return String(v);
    case "object":
      return v === null ? "null" : containerJson(v, depth);
    default: // symbol, function
      throw new NotData(`is a ${typeof v}: ${ONLY}`, `是 ${typeof v}:${ONLY_ZH}`);
  }
}

// The JSON of `container[key]`, read here so that a getter or trap that throws is located at
// the key; a NotData from inside it learns the key too.
function memberJson(container, key, depth) {
  try {
    return valueJson(container[key], depth);
  } catch (e) {
    throw located(e, key);
  }
}

// memberJson for a Map entry's value, already read.
function entryJson(value, key, depth) {
  try {
    return valueJson(value, depth);
  } catch (e) {
    throw located(e, key);
  }
}

function containerJson(v, depth) {
  if (depth > MAX_DEPTH) throw new NotData(`is nested more than ${MAX_DEPTH} levels deep (or contains itself)`, `嵌套超过 ${MAX_DEPTH} 层(或引用了自身)`);
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i === 0 ? "" : ",") + memberJson(v, i, depth + 1);
    return out + "]";
  }
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) throw new NotData(`is binary data: ${ONLY}`, `是二进制数据:${ONLY_ZH}`);
  if (v instanceof Set) throw new NotData(`is a Set: ${ONLY}`, `是 Set:${ONLY_ZH}`);
  let out = "{";
  if (v instanceof Map) {
    for (const [key, value] of v) {
      if (typeof key !== "string") throw new NotData("is a Map with a key that is not a string", "是键不全为字符串的 Map");
      out += (out.length === 1 ? "" : ",") + stringJson(key) + ":" + entryJson(value, key, depth + 1);
    }
  } else {
    // Own enumerable string keys, in their order: a class instance reads as its fields, a Date
    // as {} (which each field then refuses by name).
    for (const key of Object.keys(v)) out += (out.length === 1 ? "" : ",") + stringJson(key) + ":" + memberJson(v, key, depth + 1);
  }
  return out + "}";
}

/** Any argument (`what`: its name, e.g. "query") as the JSON text the wasm reads; throws a
 * NotData for what is not data. `undefined` reads as null, NaN and ±Infinity as a value every
 * field refuses, an integer past 2^53 as the float it is, a BigInt of 64 bits as its integer,
 * a Map as an object; symbols, functions, binary data, Sets, BigInts past 64 bits and values
 * nested past MAX_DEPTH are refused. */
export function hostJson(what, value) {
  try {
    return valueJson(value, 1);
  } catch (thrown) {
    // Anything thrown here came from reading the value (our own code throws only NotData).
    throw placed(thrown instanceof NotData ? thrown : unreadable(thrown), what);
  }
}

/** The NotData for a value at `path` (`options.httpStatus`) whose reading threw `thrown`. */
export function unreadableAt(path, thrown) {
  return placed(unreadable(thrown), path);
}

// A NotData with its path (from the argument's name down) and messages.
function placed(e, what) {
  e.path = what + e.keys.map(step).join("");
  e.message = `${e.path} ${e.why}`;
  e.messageZh = `${e.path} ${e.whyZh}`;
  return e;
}
