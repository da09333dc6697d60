// buildRequest's arguments `[credentials, query, options]` as UTF-8 JSON, written in one walk
// into a reused buffer. isPlain's walk, JSON.stringify and TextEncoder.encodeInto were three
// passes over the same few values, a quarter of a call (docs/performance.md, round 7).
//
// Only the common shape: each argument null, undefined or a plain object (no toJSON) whose
// values are strings without a character JSON escapes (or a lone surrogate), finite numbers
// (integers only when safe), booleans, null or undefined (null, as serde-wasm-bindgen reads
// it). Anything else gives -1, and api.js takes its general way (isPlain, JSON.stringify, the
// object route): what that way refuses is refused here too, and the same text is written.

let buf = new Uint8Array(1024);
let at = 0;

function room(n) {
  if (at + n <= buf.length) return;
  const bigger = new Uint8Array(Math.max(buf.length * 2, at + n));
  bigger.set(buf.subarray(0, at));
  buf = bigger;
}

function ascii(s) {
  room(s.length);
  for (let k = 0; k < s.length; k++) buf[at++] = s.charCodeAt(k);
}

// A string as JSON.stringify writes it, as UTF-8; false for what it would escape.
function string(s) {
  room(s.length * 3 + 2); // a UTF-16 unit is at most 3 bytes (a pair is 4)
  const b = buf;
  let i = at;
  b[i++] = 0x22;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
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
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return false; // a lone surrogate
      const p = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      b[i++] = 0xf0 | (p >> 18);
      b[i++] = 0x80 | ((p >> 12) & 0x3f);
      b[i++] = 0x80 | ((p >> 6) & 0x3f);
      b[i++] = 0x80 | (p & 0x3f);
      k++;
    }
  }
  b[i++] = 0x22;
  at = i;
  return true;
}

// What isPlain takes: finite, and an integer only when it is safe. Written as
// Number::toString writes it, as JSON.stringify does (-0 as 0); digits computed here with
// `% 10` were 5× slower (a double's remainder is a call).
function number(n) {
  if (Number.isInteger(n) ? !Number.isSafeInteger(n) : !Number.isFinite(n)) return false;
  ascii(String(n));
  return true;
}

function scalar(v) {
  switch (typeof v) {
    case "string":
      return string(v);
    case "number":
      return number(v);
    case "boolean":
      ascii(v ? "true" : "false");
      return true;
    case "undefined":
      ascii("null");
      return true;
    case "object":
      if (v !== null) return false; // nested: the general way
      ascii("null");
      return true;
    default:
      return false;
  }
}

function object(v) {
  if (v === null || v === undefined) {
    ascii("null");
    return true;
  }
  if (typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof v.toJSON === "function") return false;
  const keys = Object.keys(v);
  room(1);
  buf[at++] = 0x7b;
  for (let k = 0; k < keys.length; k++) {
    if (k > 0) {
      room(1);
      buf[at++] = 0x2c;
    }
    if (!string(keys[k])) return false;
    room(1);
    buf[at++] = 0x3a;
    if (!scalar(v[keys[k]])) return false;
  }
  room(1);
  buf[at++] = 0x7d;
  return true;
}

/** The JSON text of `[credentials, query, options]` as UTF-8 (a view of a reused buffer,
 * valid until the next call), or null when api.js must take its general way. */
export function argumentsJson(credentials, query, options) {
  at = 0;
  room(1);
  buf[at++] = 0x5b;
  if (!object(credentials)) return null;
  room(1);
  buf[at++] = 0x2c;
  if (!object(query)) return null;
  room(1);
  buf[at++] = 0x2c;
  if (!object(options)) return null;
  room(1);
  buf[at++] = 0x5d;
  return buf.subarray(0, at);
}
