// Arguments as the JSON text the wasm reads (src/wasm.rs): `hostJson` for any argument of any
// call, and `argumentsJson`, buildRequest's fast way for the common shape.

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

const stringJson = (s) => JSON.stringify(wellFormed(s));

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

// ---- argumentsJson: buildRequest's `[credentials, query, options]` in one walk ----
//
// Written into the buffer api.js gives (the wasm's arguments area) or a reused one. A walk
// checking the values, JSON.stringify and TextEncoder.encodeInto were three passes over the
// same few values, a quarter of a call (docs/performance.md, round 7).
//
// Only the common shape: each argument null, undefined or a plain object (no toJSON) whose
// values are strings without a character JSON escapes (or a lone surrogate), finite numbers
// (integers only when safe), booleans, null or undefined (null). Anything else, or an
// enumerable property on Object.prototype, gives null, and api.js takes hostJson: for what
// argumentsJson writes, it writes the same text.
//
// Reading a value may run the caller's code (a getter, a Proxy trap), and that code may call
// the package again, which writes its own arguments into the same area. So a walk that was
// re-entered, or whose reading threw, gives null too: hostJson then reads everything into
// text of its own before anything shared is touched, and says where reading failed.

// The module's own buffer, and the one being written (`into`, or a bigger copy of it).
let own = new Uint8Array(1024);
let buf = own;

// The ASCII characters JSON.stringify writes as they are (1), by code: one load where three
// comparisons were (a tenth of this walk, round 11).
const PLAIN = new Uint8Array(128);
for (let c = 0x20; c < 0x80; c++) PLAIN[c] = c === 0x22 || c === 0x5c ? 0 : 1;

// The position after what is written is passed along and returned (-1: not the common
// shape), not kept in a module variable: each `at++` on one was a load and a store of it
// (round 11).

/** The buffer, with room for `n` more bytes after `i` (made bigger, the written part kept). */
function room(i, n) {
  if (i + n > buf.length) {
    const bigger = new Uint8Array(Math.max(buf.length * 2, i + n));
    bigger.set(buf.subarray(0, i));
    buf = bigger;
  }
  return buf;
}

function ascii(s, i) {
  const b = room(i, s.length);
  for (let k = 0; k < s.length; k++) b[i++] = s.charCodeAt(k);
  return i;
}

// A string as JSON.stringify writes it, as UTF-8; -1 for what it would escape.
function string(s, i) {
  const b = room(i, s.length * 3 + 2); // a UTF-16 unit is at most 3 bytes (a pair is 4)
  b[i++] = 0x22;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) {
      if (PLAIN[c] === 0) return -1;
      b[i++] = c;
    } else if (c < 0x800) {
      b[i++] = 0xc0 | (c >> 6);
      b[i++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[i++] = 0xe0 | (c >> 12);
      b[i++] = 0x80 | ((c >> 6) & 0x3f);
      b[i++] = 0x80 | (c & 0x3f);
    } else {
      const d = s.charCodeAt(k + 1); // NaN past the end
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1; // a lone surrogate
      const p = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      b[i++] = 0xf0 | (p >> 18);
      b[i++] = 0x80 | ((p >> 12) & 0x3f);
      b[i++] = 0x80 | ((p >> 6) & 0x3f);
      b[i++] = 0x80 | (p & 0x3f);
      k++;
    }
  }
  b[i++] = 0x22;
  return i;
}

// Finite, and an integer only when it is safe (what hostJson writes as it is). Written as
// Number::toString writes it, as JSON.stringify does (-0 as 0); digits computed here with
// `% 10` were 5× slower (a double's remainder is a call).
function number(n, i) {
  if (Number.isInteger(n) ? !Number.isSafeInteger(n) : !Number.isFinite(n)) return -1;
  return ascii(String(n), i);
}

function scalar(v, i) {
  switch (typeof v) {
    case "string":
      return string(v, i);
    case "number":
      return number(v, i);
    case "boolean":
      return ascii(v ? "true" : "false", i);
    case "undefined":
      return ascii("null", i);
    case "object":
      return v === null ? ascii("null", i) : -1; // nested: the general way
    default:
      return -1;
  }
}

function object(v, i) {
  if (v === null || v === undefined) return ascii("null", i);
  if (typeof v !== "object") return -1;
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof v.toJSON === "function") return -1;
  room(i, 1)[i++] = 0x7b;
  // for…in visits the own enumerable string keys in Object.keys' order, then inherited ones,
  // which argumentsJson has made sure there are none of; V8 reads `v[key]` through the
  // enumeration's cache instead of a keyed lookup (4-9 % of this walk, round 11).
  let first = true;
  for (const key in v) {
    if (!first) room(i, 1)[i++] = 0x2c;
    first = false;
    if ((i = string(key, i)) < 0) return -1;
    room(i, 1)[i++] = 0x3a;
    if ((i = scalar(v[key], i)) < 0) return -1;
  }
  room(i, 1)[i++] = 0x7d;
  return i;
}

const EMPTY = {};

/** The JSON text of `[credentials, query, options]` as UTF-8, or null when api.js must take
 * its general way. Written at the start of `into` (api.js: the wasm's arguments area) or, when
 * it is too short, of a new buffer; by default a buffer of this module's. Valid until the
 * next call. */
// Is a walk under way, and was it re-entered (by code that reading a value ran)?
let walking = false;
let reentered = false;

export function argumentsJson(credentials, query, options, into = own) {
  // An enumerable property added to Object.prototype would be visited by object()'s for…in
  // as if it were each argument's own: hostJson then (it reads own keys only).
  for (const inherited in EMPTY) return null;
  if (walking) {
    reentered = true; // the walk under way is spoiled; this call takes hostJson
    return null;
  }
  walking = true;
  reentered = false;
  try {
    buf = into;
    let i = 0;
    room(i, 1)[i++] = 0x5b;
    if ((i = object(credentials, i)) < 0) return null;
    room(i, 1)[i++] = 0x2c;
    if ((i = object(query, i)) < 0) return null;
    room(i, 1)[i++] = 0x2c;
    if ((i = object(options, i)) < 0) return null;
    room(i, 1)[i++] = 0x5d;
    if (reentered) return null;
    if (into === own) own = buf; // grown: kept for the next call
    return buf.subarray(0, i);
  } catch {
    return null; // reading threw, or the area went away when a nested call grew the memory
  } finally {
    walking = false;
  }
}
