// buildRequest's arguments `[credentials, query, options]` as UTF-8 JSON, written in one walk
// into the buffer api.js gives (the wasm's arguments area) or a reused one. isPlain's walk,
// JSON.stringify and TextEncoder.encodeInto were three passes over the same few values, a
// quarter of a call (docs/performance.md, round 7).
//
// Only the common shape: each argument null, undefined or a plain object (no toJSON) whose
// values are strings without a character JSON escapes (or a lone surrogate), finite numbers
// (integers only when safe), booleans, null or undefined (null, as serde-wasm-bindgen reads
// it). Anything else, or an enumerable property on Object.prototype, gives null, and api.js
// takes its general way (isPlain, JSON.stringify, the object route): what that way refuses
// is refused here too, and the same text is written.

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

// What isPlain takes: finite, and an integer only when it is safe. Written as
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
export function argumentsJson(credentials, query, options, into = own) {
  // An enumerable property added to Object.prototype would be visited by object()'s for…in
  // as if it were each argument's own: the general way then (JSON.stringify writes own ones).
  for (const inherited in EMPTY) return null;
  buf = into;
  let i = 0;
  room(i, 1)[i++] = 0x5b;
  if ((i = object(credentials, i)) < 0) return null;
  room(i, 1)[i++] = 0x2c;
  if ((i = object(query, i)) < 0) return null;
  room(i, 1)[i++] = 0x2c;
  if ((i = object(options, i)) < 0) return null;
  room(i, 1)[i++] = 0x5d;
  if (into === own) own = buf; // grown: kept for the next call
  return buf.subarray(0, i);
}
