// Shared ground of the local gateways: seeded randomness, MD5, Beijing wall-clock time,
// form and JSON helpers. Only node: built-ins; nothing here knows a platform.

import { createHash, timingSafeEqual } from "node:crypto";

// ---------------------------------------------------------------------------------------
// Seeded randomness.

/** mulberry32: a tiny 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from any mix of numbers and strings (FNV-1a over their text). */
export function seedOf(...parts) {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Drawing helpers over one PRNG. */
export function randomTools(rng) {
  const int = (min, max) => min + Math.floor(rng() * (max - min + 1));
  return {
    rng,
    int,
    chance: (p) => rng() < p,
    pick: (list) => list[Math.floor(rng() * list.length)],
    /** `n` decimal digits, the first not 0: ids are written from such strings, never floats. */
    digits(n) {
      let s = String(int(1, 9));
      while (s.length < n) s += String(int(0, 9));
      return s;
    },
    /** Weighted pick: `[[value, weight], ...]`. */
    weighted(pairs) {
      const total = pairs.reduce((sum, [, w]) => sum + w, 0);
      let r = rng() * total;
      for (const [value, w] of pairs) {
        if ((r -= w) < 0) return value;
      }
      return pairs[pairs.length - 1][0];
    },
  };
}

// ---------------------------------------------------------------------------------------
// Digests.

export const md5Hex = (text) => createHash("md5").update(text, "utf8").digest("hex");
export const md5Upper = (text) => md5Hex(text).toUpperCase();

/** Byte-wise comparison of two keys (PHP ksort SORT_STRING, Java compareTo on ASCII). */
export function byteCompare(a, b) {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return Buffer.compare(x, y);
}

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest();

/**
 * Whether two texts are equal, in a time that depends on neither (a signature or a token
 * check must not tell a caller how many leading characters it got right): both are hashed to
 * 32 bytes and compared with crypto.timingSafeEqual. Anything but two strings is unequal.
 */
export function sameText(a, b) {
  if (typeof a !== "string" || typeof b !== "string") return false;
  return timingSafeEqual(sha256(a), sha256(b));
}

// ---------------------------------------------------------------------------------------
// Beijing time (UTC+8, no daylight saving): every platform's wall clock.

const BEIJING = 8 * 3600;
const pad = (n, w = 2) => String(n).padStart(w, "0");

/** Epoch seconds → `yyyy-MM-dd HH:mm:ss` in Beijing time. */
export function beijing(epochSeconds) {
  const d = new Date((epochSeconds + BEIJING) * 1000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** Epoch seconds → `yyyyMMddHHmmss` in Beijing time (the ShopEx doc's timestamp style). */
export const beijingCompact = (epochSeconds) => beijing(epochSeconds).replace(/[- :]/g, "");

function fromParts(y, mo, d, h, mi, s) {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Rejects 2026-02-30 and 25:00:00 instead of rolling them over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return ms / 1000 - BEIJING;
}

/** Strict `yyyy-MM-dd HH:mm:ss` (Beijing) → epoch seconds, or null. */
export function parseBeijing(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(text ?? ""));
  return m ? fromParts(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]) : null;
}

/** Strict `yyyyMMddHHmmss` (Beijing) → epoch seconds, or null. */
export function parseBeijingCompact(text) {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(text ?? ""));
  return m ? fromParts(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]) : null;
}

/** A loose PHP-`strtotime` subset in Beijing time: `yyyy-MM-dd[ HH:mm[:ss]]`. */
export function parseBeijingLoose(text) {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*$/.exec(String(text ?? ""));
  return m ? fromParts(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : null;
}

export const DAY = 86400;

// ---------------------------------------------------------------------------------------
// Money, as text only: amounts are integers of the smallest unit, written with a decimal
// point by string surgery, never through a float.

/** `units` (an integer count of 10^-scale yuan) → `"12.3450"` with `scale` decimals. */
export function decimalText(units, scale) {
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

// ---------------------------------------------------------------------------------------
// Forms and JSON.

/** A urlencoded body (or query string) → `[key, value]` pairs in order (`+` is a space). */
export function parseForm(text) {
  return [...new URLSearchParams(text ?? "")];
}

/** Pairs → an object where a repeated key keeps its last value (PHP `$_POST`). */
export const lastWins = (pairs) => Object.fromEntries(pairs);

/** Lower-cased header names, values as strings (arrays joined like Node does). */
export function normalizeHeaders(headers) {
  const out = {};
  if (!headers) return out;
  const entries = typeof headers.entries === "function" && !Array.isArray(headers) ? [...headers.entries()] : Object.entries(headers);
  for (const [k, v] of entries) out[String(k).toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  return out;
}

/**
 * JSON text where the keys in `numericKeys` are written as JSON numbers from their digit
 * strings (big ids stay exact: they never become a JS number), everything else as usual.
 * `writeString` lets the ShopEx gateway reproduce its server's broken (unescaped) writer.
 */
export function toJson(value, { numericKeys = new Set(), writeString = JSON.stringify } = {}) {
  const write = (v, key) => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") {
      if (key !== undefined && numericKeys.has(key) && /^-?\d+(\.\d+)?$/.test(v)) return v;
      return writeString(v);
    }
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (Array.isArray(v)) return `[${v.map((x) => write(x)).join(",")}]`;
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${writeString(k)}:${write(x, k)}`)
      .join(",")}}`;
  };
  return write(value);
}

export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);
}

export function unescapeXml(text) {
  return String(text)
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e) => {
      const named = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[e.toLowerCase()];
      if (named) return named;
      return String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
}

// ---------------------------------------------------------------------------------------
// Answers.

export const reply = (status, body, contentType = "application/json; charset=utf-8", extra = {}) => ({
  status,
  headers: { "content-type": contentType, ...extra },
  body,
});

/** What a PHP/Java stack behind nginx sends on a crash: HTML, not the platform's envelope. */
export function serverErrorPage(detail = "") {
  return reply(
    500,
    "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n" +
      (detail ? `<!-- ${detail.replace(/--/g, "")} -->\r\n` : "") +
      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    "text/html; charset=utf-8",
  );
}

export function notFoundPage() {
  return reply(404, "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>", "text/html; charset=utf-8");
}

/** A valid answer cut in half, as a dropped connection would leave it. */
export function truncate(response) {
  const cut = response.body.slice(0, Math.floor(response.body.length / 2));
  return { ...response, body: cut };
}

// ---------------------------------------------------------------------------------------
// Realistic Chinese data.

export const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
export const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "晨曦", "子涵", "雨萱", "浩然"];
export const SHOPS = [
  ["SHOP001", "杭州小蜜蜂旗舰店"],
  ["SHOP002", "上海优品生活馆"],
  ["SHOP003", "深圳数码专营店"],
  ["SHOP004", "广州潮流服饰"],
  ["SHOP005", "北京母婴用品店"],
  ["SHOP006", "成都川味零食铺"],
  ["jszc2-test", "旺店通测试店铺"],
];
export const REASONS = [
  "商品质量问题",
  "拍错/多拍/不想要",
  "尺码不合适",
  "与商品描述不符",
  "收到商品破损",
  "未按约定时间发货",
  "发票问题",
  "七天无理由退换货",
  "颜色/款式与图片不符",
  "少件/漏发",
  "其他",
];
export const NOTES_TEXT = ["", "", "", "尺寸不合适", "包装破损,请尽快处理", "老公不喜欢", "已与客服沟通同意退款", "买家要求换成黑色 XL", "请走顺丰到付"];
export const GOODS = [
  ["纯棉短袖T恤", "白色 XL"],
  ["加绒连帽卫衣", "黑色 L"],
  ["无线蓝牙耳机", "白色"],
  ["不锈钢保温杯 500ml", "星空蓝"],
  ["婴儿纸尿裤 L码", "L 52片"],
  ["麻辣牛肉干 250g", "特辣"],
  ["真皮商务双肩包", "棕色"],
  ["智能手环 7 代", "标准版"],
  ["羊毛围巾", "酒红"],
  ["儿童积木玩具", "300 颗粒"],
];
export const EXPRESS = [
  ["顺丰速运", "SF"],
  ["中通快递", "ZTO"],
  ["圆通速递", "YTO"],
  ["韵达快递", "YUNDA"],
  ["申通快递", "STO"],
  ["京东物流", "JD"],
  ["邮政EMS", "EMS"],
];

export function personName(tools) {
  return tools.pick(SURNAMES) + tools.pick(GIVEN);
}

export function mobile(tools) {
  return tools.pick(["138", "139", "158", "186", "177", "135", "150"]) + String(tools.int(0, 99999999)).padStart(8, "0");
}

export const maskedMobile = (m) => `${m.slice(0, 3)}****${m.slice(-4)}`;
