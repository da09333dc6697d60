// Turns the flat text of src/flat.rs into the unified page objects.
//
// The order of reads below IS the schema and must match `flat.rs` field for field; the JS
// tests compare this decoder's output with the crate's own JSON serialization of the same
// page for every fixture, so a drift fails the build. Object literals always have the same
// keys in the same order, so V8 gives every refund one hidden class.

const SEP = "\x1f";
const NULL = "\x1e";
const ESCAPED = 29; // U+001D: the value that follows is a JSON string
const NULL_CODE = 30; // U+001E
const SEP_CODE = 31;
const WIDE_CODE = 28; // U+001C: the value is the next one of the UTF-16 part
const LETTER_A = 97;
export const FLAT_VERSION = "rn4";

// ignoreBOM keeps a leading U+FEFF of a value; both decoders are stateless between calls.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf16 = new TextDecoder("utf-16le", { ignoreBOM: true });

// `bytes`: the main text (UTF-8; ASCII in practice), then the values with a non-ASCII
// character as UTF-16LE, then the main text's length (u32 LE). Mixed UTF-8 was most of the
// cost of crossing; ASCII and UTF-16 decode several times faster (docs/performance.md, round 5).
export function decodePage(bytes) {
  const end = bytes.length - 4;
  const mainLength = (bytes[end] | (bytes[end + 1] << 8) | (bytes[end + 2] << 16) | (bytes[end + 3] << 24)) >>> 0;
  const flat = utf8.decode(bytes.subarray(0, mainLength));
  const wide = utf16.decode(bytes.subarray(mainLength, end));
  // A cursor over the text rather than flat.split(SEP): split made a string of every null
  // marker and count too, and was 70 % of the decode (docs/performance.md).
  let p = 0;
  // The cursor in the UTF-16 part.
  let q = 0;
  // The next piece as it is (fixed texts: version, platform, kind, status, currency, code).
  const next = () => {
    const e = flat.indexOf(SEP, p);
    const s = flat.slice(p, e);
    p = e + 1;
    return s;
  };
  // The next value of the UTF-16 part (an escaped JSON string or the text itself).
  const w = () => {
    const e = wide.indexOf(SEP, q);
    const s = wide.slice(q, e);
    q = e + 1;
    return s.charCodeAt(0) === ESCAPED ? JSON.parse(s.slice(1)) : s;
  };
  // A value: null, one of the UTF-16 part, an escaped JSON string, or the text itself.
  const v = () => {
    const c = flat.charCodeAt(p);
    if (c === NULL_CODE) {
      p += 2;
      return null;
    }
    if (c === WIDE_CODE) {
      p += 2;
      return w();
    }
    const e = flat.indexOf(SEP, p);
    const s = flat.slice(p, e);
    p = e + 1;
    return c === ESCAPED ? JSON.parse(s.slice(1)) : s;
  };
  const num = () => {
    if (flat.charCodeAt(p) === NULL_CODE) {
      p += 2;
      return null;
    }
    return +next();
  };
  // The marker before an object that may be null: U+001E, or an empty piece.
  const isNull = () => {
    if (flat.charCodeAt(p) === NULL_CODE) {
      p += 2;
      return true;
    }
    p = flat.indexOf(SEP, p) + 1;
    return false;
  };
  // A name list of the page's head, and an index into one (one letter, `a` = 0): platform,
  // kind and status are then the same string in every record, not one string each.
  const names = () => {
    const n = +next();
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = next();
    return out;
  };
  const letter = (list) => {
    const s = list[flat.charCodeAt(p) - LETTER_A];
    p += 2;
    return s;
  };
  // A value that is usually `prev` (the same field of the previous record, or of the record
  // with the same status): that string again when the text is the same, for memory. Only a
  // plain piece is compared (not null, not escaped), so the answer is always what v() reads.
  const sameAs = (prev) => {
    if (typeof prev !== "string") return v();
    const c = flat.charCodeAt(p);
    if (c === WIDE_CODE) {
      if (wide.charCodeAt(q) !== ESCAPED && wide.startsWith(prev, q) && wide.charCodeAt(q + prev.length) === SEP_CODE) {
        p += 2;
        q += prev.length + 1;
        return prev;
      }
    } else if (c !== NULL_CODE && c !== ESCAPED && flat.startsWith(prev, p) && flat.charCodeAt(p + prev.length) === SEP_CODE) {
      p += prev.length + 1;
      return prev;
    }
    return v();
  };
  // A count (digits), read in place: no string is made for it.
  const count = () => {
    let n = 0;
    for (let c = flat.charCodeAt(p++); c !== SEP_CODE; c = flat.charCodeAt(p++)) {
      if (!(c >= 48 && c <= 57)) throw new Error("refund-normalizer: a broken page");
      n = n * 10 + (c - 48);
    }
    return n;
  };
  const strings = () => {
    const n = count();
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = v();
    return out;
  };

  if (next() !== FLAT_VERSION) {
    throw new Error("refund-normalizer: the wasm and the JS decoder are from different builds");
  }
  const platforms = names();
  const kinds = names();
  const statuses = names();
  const page = num();
  const pageSize = num();
  const total = num();
  const more = next();
  const hasMore = more === NULL ? null : more === "1";
  const warnings = strings();

  const refundCount = +next();
  const refunds = new Array(refundCount);
  // The last label seen with each status (labels come from the platforms' status tables).
  const labels = new Array(statuses.length);
  let currency;
  for (let r = 0; r < refundCount; r++) {
    const platform = letter(platforms);
    const id = v();
    const orderId = v();
    const subOrderId = v();
    const shopId = v();
    const shopName = v();
    const kind = letter(kinds);
    const statusIndex = flat.charCodeAt(p) - LETTER_A;
    const status = letter(statuses);
    const code = v();
    const label = (labels[statusIndex] = sameAs(labels[statusIndex]));
    const platformStatus = { code, label };
    const requestedAmount = v();
    const refundedAmount = v();
    currency = sameAs(currency);
    const reason = v();
    const note = v();
    const buyer = isNull() ? null : { id: v(), name: v(), phone: v() };
    const returnShipment = isNull() ? null : { company: v(), companyCode: v(), trackingNo: v() };
    const createdAt = v();
    const updatedAt = v();
    const refundedAt = v();
    const itemCount = count();
    const items = new Array(itemCount);
    for (let k = 0; k < itemCount; k++) {
      items[k] = {
        goodsId: v(),
        skuId: v(),
        goodsNo: v(),
        skuNo: v(),
        name: v(),
        skuName: v(),
        quantity: v(),
        unitPrice: v(),
        amount: v(),
      };
    }
    const recordWarnings = strings();
    const raw = v();
    refunds[r] = {
      platform,
      id,
      orderId,
      subOrderId,
      shopId,
      shopName,
      kind,
      status,
      platformStatus,
      requestedAmount,
      refundedAmount,
      currency,
      reason,
      note,
      buyer,
      returnShipment,
      createdAt,
      updatedAt,
      refundedAt,
      items,
      warnings: recordWarnings,
      raw,
    };
  }

  const rejectedCount = +next();
  const rejected = new Array(rejectedCount);
  for (let r = 0; r < rejectedCount; r++) {
    rejected[r] = { index: num(), id: v(), code: next(), message: v(), path: v() };
  }
  return { refunds, page: { page, pageSize, total, hasMore }, rejected, warnings };
}

// The texts a request sends as U+001C + a letter: the same list as `flat::REQUEST_TEXTS`
// (src/flat/request.rs, whose test reads this line). Constant strings: no slice for them, and
// headers are stored under internalized names (docs/performance.md, round 7).
const REQUEST_TEXTS = ["POST","Content-Type","application/x-www-form-urlencoded; charset=utf-8","application/json; charset=utf-8","text/xml; charset=utf-8","application/json","AppMethod","AppRequestTime","Format","AppKey","VersionNo","signInfo","access_token","suning.custom.batchrejected.query","json","xml","v1.2","https://api.wangdian.cn/openapi2/vip_api_refund_query.php","https://sandbox.wangdian.cn/openapi2/vip_api_refund_query.php","https://openapi.mogujie.com/invoke","https://open.suning.com/api/http/sopRequest","http://openpre.cnsuning.com/api/http/sopRequest","https://gateway.nuoyunapi.com/Api/Order/getRefundList/2.0.0"];

// Turns the flat text of `flat::encode_request` into `{ url, method, headers, body }`.
// A cursor, as in decodePage: split's array of pieces was half of this (0.28 → 0.13 µs).
export function decodeRequest(flat) {
  let p = flat.indexOf(SEP);
  if (flat.slice(0, p) !== FLAT_VERSION) {
    throw new Error("refund-normalizer: the wasm and the JS decoder are from different builds");
  }
  p += 1;
  const v = () => {
    if (flat.charCodeAt(p) === WIDE_CODE) {
      const text = REQUEST_TEXTS[flat.charCodeAt(p + 1) - LETTER_A];
      p += 3;
      return text;
    }
    const e = flat.indexOf(SEP, p);
    const s = flat.slice(p, e);
    p = e + 1;
    return s.charCodeAt(0) === ESCAPED ? JSON.parse(s.slice(1)) : s;
  };
  const url = v();
  const method = v();
  const count = +v();
  const headers = {};
  for (let k = 0; k < count; k++) {
    const name = v();
    // defineProperty (slow) only where assignment would not make an own property: a header
    // named __proto__ stays a header, as serde-wasm-bindgen made it
    if (name === "__proto__") Object.defineProperty(headers, name, { value: v(), writable: true, enumerable: true, configurable: true });
    else headers[name] = v();
  }
  const body = v();
  return { url, method, headers, body };
}
