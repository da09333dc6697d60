// Turns the flat bytes of src/bindings/flat/page.rs into the unified page objects.
//
// The order of reads below IS the schema and must match `page.rs` field for field; the JS
// tests compare this decoder's output with the crate's own JSON serialization of the same
// page for every fixture, so a drift fails the build. Object literals always have the same
// keys in the same order, so V8 gives every refund one hidden class.

// A page value's first byte: its length when below LONG; LONG: five 7-bit bytes of length
// follow; WIDE: the value is the next one of the UTF-16 part, its length (in units) follows;
// KEEP: a value follows, which is also appended to the page's kept values; SAME: the kept
// value whose index follows (as a length).
const LONG = 0x70;
const KEEP = 0x7c;
const SAME = 0x7d;
const WIDE = 0x7e;
const NULL = 0x7f;
const LETTER_A = 97;
export const FLAT_VERSION = "rn10";
// The fields of each group that may be null: the refund's own, the buyer's and the
// shipment's, an item's (flat::page's REFUND_FIELDS, OBJECT_FIELDS, ITEM_FIELDS; its test
// decode_js_reads_the_same_masks compares these lines and the mask constants below).
const REFUND_FIELDS = 14;
const OBJECT_FIELDS = 6;
const ITEM_FIELDS = 9;

// ignoreBOM keeps a leading U+FEFF of a value; both decoders are stateless between calls.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf16 = new TextDecoder("utf-16le", { ignoreBOM: true });

// On a page of more than LAZY_PATHS_ABOVE rejected records (a broken or hostile one: real
// pages hold at most a few hundred records), a rejected record is a plain object (its
// prototype Object.prototype) whose `path` is made when it is read, from the record's
// template (its hidden TEMPLATE property) and its index: 100 000 such records hold 100 000
// objects of five fields, not also 100 000 path strings (苏宁's are 60 characters): 72 bytes
// a record in Node against 160, and V8's young generation grows half as much. `path` is an
// own enumerable property, so JSON.stringify, Object.keys, spreading, structuredClone and
// assert.deepStrictEqual see what they see of a plain object; assigning it makes it a data
// property of that value. Made by a constructor, every record has one hidden class with its
// fields in the object (an object literal given two more properties kept them in a second
// array: 104 bytes a record). The three definitions cost ~0.37 µs a record where a literal
// with the path made at once costs ~0.02, so smaller pages get the literal.
export const LAZY_PATHS_ABOVE = 4096;
const TEMPLATE = Symbol("refund-normalizer: the template of a rejected record");
const TEMPLATE_OF = { value: null, writable: false, enumerable: false, configurable: false };
function pathOf() {
  const t = this[TEMPLATE];
  return t.tail === null ? t.head : t.head + this.index + t.tail;
}
function setPath(value) {
  Object.defineProperty(this, "path", { value, writable: true, enumerable: true, configurable: true });
}
const PATH = { get: pathOf, set: setPath, enumerable: true, configurable: true };
// Node's console.log and util.inspect show the record as the plain object it reads as, not
// `path: [Getter/Setter]`. An accessor, like `path`: in the hidden class, not a field of
// every record.
function inspectRejected() {
  return { ...this };
}
const INSPECT = { get: () => inspectRejected, enumerable: false, configurable: true };
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");
function RejectedRecord(index, id, template) {
  this.index = index;
  this.id = id;
  this.code = template.code;
  this.message = template.message;
  TEMPLATE_OF.value = template;
  Object.defineProperty(this, TEMPLATE, TEMPLATE_OF);
  Object.defineProperty(this, "path", PATH);
  Object.defineProperty(this, NODE_INSPECT, INSPECT);
}
RejectedRecord.prototype = Object.prototype;

const broken = () => new Error("refund-normalizer: a broken page");

// A group's mask (flat::PageWriter::present) at `at` in the main text: 6 bits a byte, bit i
// for the group's field i, bit 6 (MORE) of each byte but the last, at most MASK_BYTES bytes
// (flat::GROUP_MAX fields). Answers the mask shifted left by MASK_READ_SHIFT with the number
// of bytes read in the low bits, or -1 when the text there is not a mask.
const MASK_BITS = 6;
const MORE = 0x40;
const MASK_BYTES = 4;
const MASK_READ_SHIFT = 3;
const MASK_READ_BYTES = 7;
export function readMask(text, at) {
  let mask = 0;
  for (let k = 0; k < MASK_BYTES; k++) {
    const c = text.charCodeAt(at + k);
    if (!(c < 128)) return -1;
    mask |= (c & 63) << (MASK_BITS * k);
    if ((c & MORE) === 0) return (mask << MASK_READ_SHIFT) | (k + 1);
  }
  return -1;
}

// `bytes`: the main text (ASCII: each value its length, then its text), then the values with
// a non-ASCII character as UTF-16LE, then where each chunk after the first starts (u32 LE
// pairs: in the main text, in the UTF-16 part), their number, and the main text's length.
// Mixed UTF-8 was most of the cost of crossing; ASCII and UTF-16 decode several times faster
// (docs/performance.md), and with the lengths each value is a slice at a known
// offset, not a search for its end. Chunks are cut at record starts and decoded as
// they are reached: a string over 128 KB goes to V8's large-object space, ~90 µs more for a
// 170 KB main text; a page over 1 MiB has no cuts (flat::WHOLE_ABOVE). The values
// of the fields flat::SHARED names come once per page (KEEP) and then as an index (SAME):
// one string per distinct value, not one per record (rn6).
export function decodePage(bytes) {
  // The version first, from the bytes: the layout after it is the version's.
  if (bytes[0] !== FLAT_VERSION.length || [...FLAT_VERSION].some((c, k) => bytes[k + 1] !== c.charCodeAt(0))) {
    throw new Error("refund-normalizer: the wasm and the JS decoder are from different builds");
  }
  const u32 = (at) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
  const end = bytes.length - 4;
  const mainLength = u32(end);
  const cutCount = u32(end - 4);
  const table = end - 4 - 8 * cutCount;
  if (!(table >= mainLength)) throw broken();
  // Where chunk k starts in the main text, and in the UTF-16 part (k = cutCount + 1: the ends).
  const mainAt = (k) => (k === 0 ? 0 : k > cutCount ? mainLength : u32(table + 8 * (k - 1)));
  const wideAt = (k) => mainLength + (k === 0 ? 0 : k > cutCount ? table - mainLength : u32(table + 8 * (k - 1) + 4));
  let chunk = 0;
  let flat = utf8.decode(bytes.subarray(0, mainAt(1)));
  let wide = utf16.decode(bytes.subarray(mainLength, wideAt(1)));
  // The cursor in the main text, and in the UTF-16 part, of the current chunk.
  let p = 0;
  let q = 0;
  // At a record start at the end of a chunk: the next chunk.
  const nextChunk = () => {
    if (chunk === cutCount) throw broken();
    chunk++;
    flat = utf8.decode(bytes.subarray(mainAt(chunk), mainAt(chunk + 1)));
    wide = utf16.decode(bytes.subarray(wideAt(chunk), wideAt(chunk + 1)));
    p = 0;
    q = 0;
  };
  // A length: one byte below LONG, else LONG and five 7-bit bytes (p is past the first).
  const longSize = () => {
    let n = 0;
    for (let k = 0; k < 5; k++) {
      const c = flat.charCodeAt(p++);
      if (!(c < 128)) throw broken();
      n = n * 128 + c;
    }
    return n;
  };
  const size = () => {
    const c = flat.charCodeAt(p++);
    if (c < LONG) return c;
    if (c === LONG) return longSize();
    throw broken();
  };
  // The values of the shared fields (flat::SHARED) as the writer kept them: a repeated value
  // is one string for the whole page, not one per record (docs/performance.md).
  const kept = [];
  // A value read after KEEP: text, not null nor another marker.
  const keep = () => {
    const c = flat.charCodeAt(p++);
    let s;
    if (c < LONG) {
      s = flat.slice(p, p + c);
      p += c;
    } else if (c === WIDE || c === LONG) {
      s = other(c);
    } else {
      throw broken();
    }
    kept.push(s);
    return s;
  };
  // What v() reads when the value is not a short ASCII one.
  const other = (c) => {
    if (c === NULL) return null;
    if (c === WIDE) {
      const n = size();
      const s = wide.slice(q, q + n);
      q += n;
      return s;
    }
    if (c === LONG) {
      const n = longSize();
      const s = flat.slice(p, p + n);
      p += n;
      return s;
    }
    if (c === KEEP) return keep();
    throw broken();
  };
  // A value: null, one of the UTF-16 part, a kept one, or the text itself.
  const v = () => {
    const c = flat.charCodeAt(p++);
    if (c < LONG) {
      const s = flat.slice(p, p + c);
      p += c;
      return s;
    }
    if (c === SAME) {
      const k = size();
      if (!(k < kept.length)) throw broken();
      return kept[k];
    }
    // null and a short UTF-16 value here too, not through other(): a call less (docs round
    // 7; a record's own nulls are mask bits since rn5).
    if (c === NULL) return null;
    if (c === WIDE) {
      const n = flat.charCodeAt(p);
      if (n < LONG) {
        p++;
        const s = wide.slice(q, q + n);
        q += n;
        return s;
      }
    }
    return other(c);
  };
  const num = () => {
    const s = v();
    return s === null ? null : +s;
  };
  // Which of a group of `fields` fields that may be null are there (readMask); a bit past
  // them is a field this decoder does not know, which it refuses rather than read out of step.
  const mask = (fields) => {
    const read = readMask(flat, p);
    if (read < 0) throw broken();
    if (read >>> (MASK_READ_SHIFT + fields) !== 0) {
      throw new Error("refund-normalizer: the page has a field this decoder does not know (the wasm and the JS decoder are from different builds)");
    }
    p += read & MASK_READ_BYTES;
    return read >>> MASK_READ_SHIFT;
  };
  // A name list of the page's head, and an index into one (one letter, `a` = 0): platform,
  // kind and status are then the same string in every record, not one string each.
  const names = () => {
    const n = size();
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = v();
    return out;
  };
  const letter = (list) => list[flat.charCodeAt(p++) - LETTER_A];
  // A value that is usually `prev` (the same field of the previous record, or of the record
  // with the same status): that string again when the text is the same, for memory. Only a
  // value with a one-byte length is compared, so the answer is always what v() reads.
  const sameAs = (prev) => {
    if (typeof prev !== "string") return v();
    const c = flat.charCodeAt(p);
    if (c === WIDE) {
      const n = flat.charCodeAt(p + 1);
      if (n < LONG && n === prev.length && wide.startsWith(prev, q)) {
        p += 2;
        q += n;
        return prev;
      }
    } else if (c < LONG && c === prev.length && flat.startsWith(prev, p + 1)) {
      p += c + 1;
      return prev;
    }
    return v();
  };
  // Warnings: their count, then each one's code, English and Chinese message.
  const warningList = () => {
    const n = size();
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = { code: v(), message: v(), messageZh: v() };
    return out;
  };

  p = 1 + FLAT_VERSION.length;
  const platforms = names();
  const kinds = names();
  const statuses = names();
  const page = num();
  const pageSize = num();
  const total = num();
  const more = v();
  const hasMore = more === null ? null : more === "1";
  const warnings = warningList();

  const refundCount = size();
  const refunds = new Array(refundCount);
  // The last label seen with each status (labels come from the platforms' status tables).
  const labels = new Array(statuses.length);
  let currency;
  for (let r = 0; r < refundCount; r++) {
    if (p === flat.length) nextChunk();
    const platform = letter(platforms);
    const kind = letter(kinds);
    const statusIndex = flat.charCodeAt(p) - LETTER_A;
    const status = letter(statuses);
    const id = v();
    currency = sameAs(currency);
    // The fields that may be null: a bit each says whether the value follows.
    const m = mask(REFUND_FIELDS);
    const orderId = m & 1 ? v() : null;
    const subOrderId = m & 2 ? v() : null;
    const shopId = m & 4 ? v() : null;
    const shopName = m & 8 ? v() : null;
    const code = m & 16 ? v() : null;
    const label = m & 32 ? (labels[statusIndex] = sameAs(labels[statusIndex])) : null;
    const platformStatus = { code, label };
    const requestedAmount = m & 64 ? v() : null;
    const refundedAmount = m & 128 ? v() : null;
    const reason = m & 256 ? v() : null;
    const note = m & 512 ? v() : null;
    const createdAt = m & 1024 ? v() : null;
    const updatedAt = m & 2048 ? v() : null;
    const refundedAt = m & 4096 ? v() : null;
    const raw = m & 8192 ? v() : null;
    const objects = flat.charCodeAt(p++);
    if (!(objects < 4)) throw broken();
    const o = mask(OBJECT_FIELDS);
    const buyer = objects & 1 ? { id: o & 1 ? v() : null, name: o & 2 ? v() : null, phone: o & 4 ? v() : null } : null;
    const returnShipment =
      objects & 2 ? { company: o & 8 ? v() : null, companyCode: o & 16 ? v() : null, trackingNo: o & 32 ? v() : null } : null;
    const itemCount = size();
    const items = new Array(itemCount);
    for (let k = 0; k < itemCount; k++) {
      const i = mask(ITEM_FIELDS);
      items[k] = {
        goodsId: i & 1 ? v() : null,
        skuId: i & 2 ? v() : null,
        goodsNo: i & 4 ? v() : null,
        skuNo: i & 8 ? v() : null,
        name: i & 16 ? v() : null,
        skuName: i & 32 ? v() : null,
        quantity: i & 64 ? v() : null,
        unitPrice: i & 128 ? v() : null,
        amount: i & 256 ? v() : null,
      };
    }
    const recordWarnings = warningList();
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

  // The rejected records' templates (flat::rejected): code, message, and the path's text
  // before `[index]` and after it (null: the whole path is before). A record's path is made
  // from them and its index (when read, on a page of many: LAZY_PATHS_ABOVE).
  const templateCount = size();
  const templates = new Array(templateCount);
  for (let k = 0; k < templateCount; k++) {
    const code = v();
    const message = v();
    const before = v();
    const after = v();
    templates[k] = after === null ? { code, message, head: before, tail: null } : { code, message, head: `${before}[`, tail: `]${after}` };
  }
  const rejectedCount = size();
  const rejected = new Array(rejectedCount);
  const lazy = rejectedCount > LAZY_PATHS_ABOVE;
  for (let r = 0; r < rejectedCount; r++) {
    const index = size();
    const id = v();
    const t = templates[size()];
    if (t === undefined) throw broken();
    rejected[r] = lazy
      ? new RejectedRecord(index, id, t)
      : { index, id, code: t.code, message: t.message, path: t.tail === null ? t.head : t.head + index + t.tail };
  }
  return { refunds, page: { page, pageSize, total, hasMore }, rejected, warnings };
}

// ---- signed requests ----

/** The `{ url, method, headers, body }` that `fetch` takes, from the text the wasm writes of a
 * signed request (src/bindings/wasm.rs `request_text`): the url, the method, the body, then
 * each header's name and value, each field as its length in UTF-16 code units, ":", and the
 * field. A later header of the same name replaces an earlier one. */
export function decodeRequest(text) {
  let at = 0;
  // The next field; past the end of the text, "" (the wasm writes headers in pairs).
  const field = () => {
    let units = 0;
    for (let c; at < text.length && (c = text.charCodeAt(at++)) !== 0x3a /* : */; ) units = units * 10 + c - 0x30;
    return text.slice(at, (at += units));
  };
  const url = field();
  const method = field();
  const body = field();
  const headers = {};
  while (at < text.length) {
    const name = field();
    const value = field();
    // An own property even for a header named __proto__ (诺云 sends the caller's headers).
    if (name === "__proto__") Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
  }
  return { url, method, headers, body };
}
