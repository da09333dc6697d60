// ShopEx (商派) ONEX OMS `openapi` (`index.php/openapi/rpc/service/`), as NOTES.md describes
// the real server (kenee/ONEX-OMS `app/openapi/lib/entrance.php` and friends).
//
// Checks, in order: a form POST carrying sign and timestamp (e000001); flag, method present
// (e000001); timestamp within ±3600 s of the server clock, compared as Unix seconds (e000008;
// the doc's yyyyMMddHHmmss Beijing style is accepted too, see below); sign =
// UPPER(md5(UPPER(md5(assemble)) + token)) over every posted field but sign (e000002, with the
// server's assemble_str echoed in sub_msg); the same sign not reused within 3600 s (e000009);
// method known (e000003); start_time/end_time present and `dddd-dd-dd` (e000006), page_no
// numeric and > 0 when present (e000006); page_size absent, ≤ 0 or > 100 means 100.
// Filters t_ready >= start AND t_ready <= end. Answers with the server's broken JSON writer:
// strings are written raw, so a memo holding `"`, `\` or a newline makes the body invalid JSON.
//
// The real server compares a 14-digit timestamp numerically and always answers e000008; the
// package sends the doc's yyyyMMddHHmmss style by default, so this gateway accepts that
// style as Beijing wall-clock time (±3600 s) to let the demo run, and says so in the README.

import {
  GOODS,
  SHOPS,
  beijingCompact,
  byteCompare,
  decimalText,
  md5Upper,
  parseBeijingCompact,
  parseBeijingLoose,
  parseForm,
  reply,
  sameText,
  toJson,
} from "../common.mjs";

const PATH = "/index.php/openapi/rpc/service/";

/** The demo credentials this gateway accepts: `flag` names the caller, `token` is that flag's
 * interface key (never sent). `baseUrl`, the caller's endpoint, is this gateway's own address,
 * filled in by credentialsFor(). Demo values for loopback only: no real platform knows them. */
const CREDENTIALS = Object.freeze({ flag: "demo_erp", token: "shopex-demo-interfacekey-7f3a" });
const WINDOW = 3600;
const METHODS = new Set(["refunds.getList", "refunds.getRefundAmount"]);

const MESSAGES = {
  e000001: "system params lost or error",
  e000002: "sign error",
  e000003: "class or method not exist",
  e000004: "no permissions to access",
  e000006: "application params error",
  e000008: "refer server time invalid",
  e000009: "repeat request invalid",
};

/** The server's writer: urlencode every string, json_encode, urldecode: strings come out raw. */
const rawString = (s) => `"${s}"`;
const write = (value) => toJson(value, { writeString: rawString });

function error(code, subMsg, params) {
  const body = { error_response: { code, msg: MESSAGES[code] ?? "", sub_msg: subMsg ?? "" } };
  return { response: reply(200, write(body)), params, error: code || "empty_code" };
}

// ---------------------------------------------------------------------------------------
// $_POST as PHP builds it, and the sign over it (NOTES.md, ShopEx "Sign algorithm" [C]).

// PHP's max_input_nesting_level (default 64): a name nested deeper is dropped, as PHP drops it.
const MAX_NESTING = 64;
const INTEGER_KEY = /^(0|[1-9]\d*)$/;

/** A PHP array being filled: entries in insertion order, an index by key, the next `[]` key. */
const phpArray = () => ({ entries: [], slots: new Map(), next: 0 });

/** The slot of `key` in `array` (created empty), keeping PHP's next free integer key. */
function slotOf(array, key) {
  let slot = array.slots.get(key);
  if (!slot) {
    slot = [key, undefined];
    array.slots.set(key, slot);
    array.entries.push(slot);
    if (INTEGER_KEY.test(key) && Number(key) >= array.next) array.next = Number(key) + 1;
  }
  return slot;
}

/** A filled PHP array → ordered `[key, value]` entries, nested arrays as entries too (iterative: nesting is bounded but kept off the call stack). */
function toEntries(root) {
  const out = root.entries.map(([k, v]) => [k, v]);
  const stack = out.map((entry) => entry);
  while (stack.length > 0) {
    const entry = stack.pop();
    if (entry[1] && typeof entry[1] === "object") {
      entry[1] = entry[1].entries.map(([k, v]) => [k, v]);
      stack.push(...entry[1]);
    }
  }
  return out;
}

/**
 * Form pairs → PHP's nested `$_POST` as ordered `[key, value]` entries (brackets nest). Linear
 * in the form's size: each array indexes its keys and keeps its next `[]` key, as PHP's hash
 * tables do.
 */
function phpPost(pairs) {
  const root = phpArray();
  for (const [name, value] of pairs) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(name);
    const path = m ? [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((s) => (s[1] === "" ? null : s[1]))] : [name];
    if (path.length > MAX_NESTING) continue;
    let array = root;
    for (let depth = 0; depth < path.length; depth += 1) {
      // `[]` appends with the next integer key.
      const key = path[depth] ?? String(array.next);
      const slot = slotOf(array, key);
      if (depth === path.length - 1) {
        slot[1] = value;
      } else {
        if (!slot[1] || typeof slot[1] !== "object") slot[1] = phpArray();
        array = slot[1];
      }
    }
  }
  // array_merge($params, $_POST): integer keys (digit-only names without a leading zero)
  // are renumbered 0, 1, 2 … in order, which is why such a request never verifies.
  let next = 0;
  return toEntries(root).map(([k, v]) => (INTEGER_KEY.test(k) ? [String(next++), v] : [k, v]));
}

/** `ksort(SORT_STRING)` then key + value, recursing into arrays. */
export function assemble(entries) {
  return [...entries]
    .sort(([a], [b]) => byteCompare(a, b))
    .map(([k, v]) => (Array.isArray(v) ? k + assemble(v) : k + v))
    .join("");
}

export const signOf = (assembled, token) => md5Upper(md5Upper(assembled) + token);

/** The sign of plain `{ key: value }` params (for tests and NOTES.md's worked example). */
export const sign = (params, token) =>
  signOf(assemble(phpPost(Object.entries(params).filter(([k]) => k !== "sign"))), token);

// ---------------------------------------------------------------------------------------
// Data: `sdb_ome_refunds` rows plus the fields the openapi adds.

const STATUS_NAMES = {
  succ: "支付成功",
  failed: "支付失败",
  cancel: "未支付",
  error: "处理异常",
  invalid: "非法参数",
  progress: "处理中",
  timeout: "超时",
  ready: "准备中",
};
const STATUSES = Object.keys(STATUS_NAMES);
const PAY_TYPES = [
  ["online", "在线支付", ["支付宝", "微信支付"]],
  ["offline", "线下支付", ["银行转账", "现金"]],
  ["deposit", "预存款", ["预存款"]],
];
// Memos as ERP users type them: some with quotes, backslashes or line breaks, which the
// server's writer leaves raw (NOTES.md "The JSON writer is not a real JSON encoder").
const MEMOS = [
  "",
  "",
  "",
  "买家申请退款,已审核",
  "客服备注:同意退款",
  '买家说"东西坏了",要求全额退款',
  "第一行说明\n第二行说明",
  "退货单据路径 D:\\售后\\2026",
  "顺丰单号见附件/图片",
  '含"引号"和\n换行\t制表符',
];

function setStatus(record, status, at) {
  const w = record.wire;
  w.status = status;
  w.status_name = STATUS_NAMES[status];
  w.t_sent = status === "succ" ? String(at) : null;
  w.t_received = status === "succ" ? String(at) : null;
  record.status = status;
  record.updated = at;
  record.refunded = status === "succ" ? at : null;
}

function generate(tools, { seq, created, updated }) {
  const [shopBn, shopName] = tools.pick(SHOPS);
  const [payType, payTypeName, methods] = tools.pick(PAY_TYPES);
  // decimal(20,3) in yuan: mostly whole fen, sometimes a third decimal.
  const mills = tools.int(100, 500000) * 10 + (tools.chance(0.1) ? tools.int(1, 9) : 0);
  const itemCount = tools.weighted([[1, 7], [2, 3]]);
  const items = [];
  let rest = mills;
  for (let i = 0; i < itemCount; i += 1) {
    const [name] = tools.pick(GOODS);
    const line = i === itemCount - 1 ? rest : Math.floor(rest / 2);
    rest -= line;
    items.push({ bn: `SKU${tools.digits(7)}`, name, nums: String(tools.int(1, 3)), refund_price: decimalText(line, 3), item_type: "product" });
  }
  const refundBn = `${beijingCompact(created).slice(0, 8)}${String(seq).padStart(6, "0")}${tools.int(10, 99)}`;
  const money = decimalText(mills, 3);
  const wire = {
    refund_id: String(100000 + seq),
    refund_bn: refundBn,
    account: tools.chance(0.5) ? `${tools.pick(["6222", "6217", "6228"])}${tools.digits(12)}` : "",
    bank: payType === "offline" ? tools.pick(["中国工商银行", "招商银行", "中国建设银行"]) : "",
    pay_account: tools.pick(["买家支付宝", "买家微信", ""]),
    currency: "CNY",
    money,
    paycost: "0.000",
    cur_money: money,
    pay_type: payType,
    payment: String(tools.int(1, 9)),
    paymethod: tools.pick(methods),
    t_ready: String(created),
    download_time: String(Math.min(updated, created + tools.int(5, 120))),
    t_sent: null,
    t_received: null,
    status: "",
    memo: tools.pick(MEMOS),
    trade_no: tools.chance(0.7) ? tools.digits(28) : "",
    return_id: tools.chance(0.4) ? String(tools.int(1000, 99999)) : null,
    refund_refer: tools.pick(["normal", "normal", "aftersale"]),
    archive: "0",
    org_id: "1",
    addon: "",
    pay_type_name: payTypeName,
    status_name: "",
    order_bn: `${beijingCompact(created).slice(0, 8)}${tools.digits(10)}`,
    shop_bn: shopBn,
    shop_name: shopName,
    is_archive: "0",
    items,
  };
  const record = { id: refundBn, created, updated, status: "", refunded: null, wire };
  setStatus(record, tools.weighted([["succ", 8], ["failed", 1], ["cancel", 1], ["error", 1], ["invalid", 1], ["progress", 2], ["timeout", 1], ["ready", 3]]), updated);
  return record;
}

function touch(tools, record, now) {
  setStatus(record, tools.pick(STATUSES.filter((s) => s !== record.status)), now);
}

// ---------------------------------------------------------------------------------------
// The server.

/** The doc's request `status` values name a different enum from the rows' [G]. */
const DOC_STATUS_FILTER = { succ: ["succ"], failure: ["failed", "error", "timeout"], pending: ["ready", "progress"] };

function timestampOk(text, now) {
  if (/^\d{14}$/.test(text)) {
    // The doc's yyyyMMddHHmmss, read as Beijing time (the real server would refuse it).
    const t = parseBeijingCompact(text);
    return t !== null && Math.abs(now - t) <= WINDOW;
  }
  if (!/^\d{1,12}$/.test(text)) return false;
  return Math.abs(now - Number(text)) <= WINDOW;
}

function handle(request, ctx) {
  const pairs = request.method === "POST" ? parseForm(request.body) : [];
  const entries = phpPost(pairs);
  const params = Object.fromEntries(entries.map(([k, v]) => [k, v]));
  if (params.sign === undefined || params.timestamp === undefined) return error("e000001", "sign or timestamp lost", params);
  for (const name of ["flag", "method"]) {
    if (params[name] === undefined || params[name] === "") return error("e000001", `${name} lost`, params);
  }
  const now = ctx.now();
  if (!timestampOk(String(params.timestamp), now)) return error("e000008", "", params);

  // An unknown flag has no interface key: the sign can never match.
  const token = params.flag === ctx.credentials.flag ? ctx.credentials.token : "";
  const assembled = assemble(entries.filter(([k]) => k !== "sign"));
  if (!sameText(params.sign, signOf(assembled, token))) {
    // The server echoes its own assemble_str as a JSON text inside sub_msg, written raw.
    return error("e000002", JSON.stringify({ assemble_str: assembled }), params);
  }
  const seen = (ctx.state.signs ??= new Map());
  for (const [s, until] of seen) if (until < now) seen.delete(s);
  if (seen.has(params.sign)) return error("e000009", "", params);
  seen.set(params.sign, now + WINDOW);

  if (!METHODS.has(params.method)) return error("e000003", "", params);
  if ((params.ver ?? "1") !== "1") {
    // ver selects a PHP class; a missing one is a fatal error, not an envelope (NOTES.md [G]).
    return { response: reply(500, "<br />\n<b>Fatal error</b>:  Class 'openapi_api_function_v" + params.ver + "_refunds' not found<br />\n", "text/html; charset=utf-8"), params, error: "fatal" };
  }

  const getList = params.method === "refunds.getList";
  let since = null;
  let until = null;
  for (const name of ["start_time", "end_time"]) {
    const value = params[name];
    if (value === undefined || value === "") {
      if (getList) return error("e000006", `${name} is required`, params);
      continue;
    }
    if (!/\d{4}-\d{2}-\d{2}/.test(value)) return error("e000006", `${name} format error`, params);
  }
  if (params.start_time) since = parseBeijingLoose(params.start_time);
  if (params.end_time) until = parseBeijingLoose(params.end_time);
  if ((params.start_time && since === null) || (params.end_time && until === null)) {
    // strtotime() gave false: getList returns false, the answer has an empty code.
    return { response: reply(200, write({ error_response: { code: "", msg: "", sub_msg: "" } })), params, error: "empty_code" };
  }
  let pageNo = 1;
  if (params.page_no !== undefined) {
    if (!/^-?\d+$/.test(params.page_no) || Number(params.page_no) <= 0) return error("e000006", "page_no error", params);
    pageNo = Number(params.page_no);
  }
  let pageSize = /^-?\d+$/.test(params.page_size ?? "") ? Number(params.page_size) : 0;
  if (pageSize <= 0 || pageSize > 100) pageSize = 100;

  const shops = params.shop_bn ? params.shop_bn.split(",").map((s) => s.trim()) : null;
  const statuses = params.status ? DOC_STATUS_FILTER[params.status] ?? [params.status] : null;
  const matching = ctx.list().filter((r) => {
    const w = r.wire;
    const tReady = Number(w.t_ready);
    if (since !== null && tReady < since) return false;
    if (until !== null && tReady > until) return false;
    if (shops && !shops.includes(w.shop_bn)) return false;
    if (statuses && !statuses.includes(w.status)) return false;
    if (params.bn && w.refund_bn !== params.bn) return false;
    if (params.order_bn && w.order_bn !== params.order_bn) return false;
    return true;
  });

  if (!getList) {
    const mills = matching.reduce((sum, r) => sum + Number(r.wire.money.replace(".", "")), 0);
    return { response: reply(200, write({ response: { total_amount: decimalText(mills, 3) } })), params, error: null };
  }
  const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  // lists: an object keyed by refund_id ([] when empty); count: a DB string, or 0 when empty.
  const lists = page.length ? Object.fromEntries(page.map((r) => [r.wire.refund_id, r.wire])) : [];
  const count = matching.length ? String(matching.length) : 0;
  return { response: reply(200, write({ response: { lists, count } })), params, error: null };
}

function fault(kind, ctx, request) {
  const params = Object.fromEntries(parseForm(request.body));
  if (kind === "time_skew") return error("e000008", "", params);
  // The openapi has no rate limiter; an ERP instance that limits does it in its web server.
  return {
    response: reply(
      429,
      "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      "text/html; charset=utf-8",
      { "retry-after": "1" },
    ),
    params,
    error: "rate_limit",
  };
}

export default {
  id: "shopex",
  path: PATH,
  credentials: CREDENTIALS,
  endpointCredential: "baseUrl",
  defaultOrder: "created", // ORDER BY t_ready ASC (app/openapi/lib/data/original/refunds.php)
  matches: (path) => path.endsWith(PATH) || path.endsWith(PATH.slice(0, -1)),
  generate,
  touch,
  handle,
  fault,
};
