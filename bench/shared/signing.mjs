// What every platform's hand-written JS signer is built from: an MD5 given as
// `md5(text) → lowercase hex` (blueimp-md5 or node:crypto), PHP-style form encoding, byte-order
// sorting and Beijing time; and the one set of arguments every signer and `buildRequest` are
// timed and compared on. Validation is left out: a signer assumes a valid query, as a quick
// client would.

import { createHash } from "node:crypto";
import blueimpMd5 from "blueimp-md5";

export const md5Impls = {
  blueimp: (s) => blueimpMd5(s),
  crypto: (s) => createHash("md5").update(s).digest("hex"),
};

/** The query every signer signs (each platform's file holds its credentials). */
export const SIGN_QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", page: 2, pageSize: 20 };
export const SIGN_NOW = 1717200000000; // 2024-06-01 08:00:00 Beijing, epoch ms

const FORM_ESCAPES = /[!'()*~]/g;
/** PHP http_build_query style: only A-Z a-z 0-9 - _ . kept, space as +. */
export function formEncode(pairs) {
  let out = "";
  for (const [k, v] of pairs) {
    if (out) out += "&";
    out += enc(k) + "=" + enc(v);
  }
  return out;
}
function enc(s) {
  return encodeURIComponent(s)
    .replace(FORM_ESCAPES, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}
/** Pairs by key, in UTF-16 code unit order (byte order for the ASCII keys signed here). */
export const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
export const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };
/** Unix seconds → Beijing "yyyy-MM-dd HH:mm:ss". */
export function beijing(seconds) {
  return new Date((seconds + 28800) * 1000).toISOString().slice(0, 19).replace("T", " ");
}
export const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
export const pad = (n, w) => String(n).padStart(w, "0");
