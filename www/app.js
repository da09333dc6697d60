// refund-normalizer admin console. No framework, no build step: the form is built from
// platforms(), validated on every input by validateQuery(), previewed with buildRequest()
// (secrets masked), planned with planWindows(), and pasted responses go through parseResponse().
import { init, platforms, validateQuery, buildRequest, planWindows, parseResponse, redactRequest, RefundError } from "refund-normalizer";

await init(); // the browser entry loads the .wasm here

const PLATFORMS = platforms();
const byId = new Map(PLATFORMS.map((p) => [p.id, p]));
const MASK = "••••••";

// ---------------------------------------------------------------------------------------------
// Bilingual labels the package does not carry (it names fields, it does not translate them).

const FIELD_LABELS = {
  since: ["开始时间", "Since"],
  until: ["结束时间", "Until"],
  timeField: ["时间字段", "Time field"],
  page: ["页码", "Page"],
  pageSize: ["每页条数", "Page size"],
  status: ["状态", "Status"],
  shopId: ["店铺编号", "Shop id"],
  orderId: ["订单号", "Order id"],
  refundId: ["退款单号", "Refund id"],
  now: ["固定当前时间", "Fixed “now”"],
};
const CRED_LABELS = {
  baseUrl: ["接口地址", "Base URL"],
  flag: ["应用标识", "Flag"],
  token: ["接口密钥", "Token"],
  sid: ["卖家账号", "Seller id (sid)"],
  appKey: ["应用 Key", "App key"],
  appSecret: ["应用密钥", "App secret"],
  accessToken: ["访问令牌", "Access token"],
  sandbox: ["沙箱环境", "Sandbox"],
  headers: ["认证请求头(JSON)", "Auth headers (JSON)"],
  bodyFields: ["认证请求体字段(JSON)", "Auth body fields (JSON)"],
};
const TIME_FIELD_LABELS = { updated: ["更新时间", "updated"], created: ["创建时间", "created"] };
const KIND_LABELS = {
  refund_only: "仅退款",
  return_and_refund: "退货退款",
  exchange: "换货",
  cancel_order: "取消订单",
  unknown: "未知",
};
const STATUS_LABELS = {
  pending: "待处理",
  awaiting_return: "待买家退货",
  return_in_transit: "退货在途",
  processing: "处理中",
  awaiting_buyer: "待买家处理",
  rejected: "已拒绝",
  succeeded: "成功",
  cancelled: "已取消",
  closed: "已关闭",
  failed: "失败",
  unknown: "未知",
};

// buildRequest options that platforms() does not describe (they are only in index.d.ts and the
// platform notes), so the console lists them itself, keyed by platform id.
const REQUEST_OPTIONS = {
  shopex: [
    {
      name: "operation",
      zh: "接口",
      en: "Operation",
      values: [
        ["", "refunds.getList"],
        ["refundAmount", "refunds.getRefundAmount"],
      ],
    },
    {
      name: "timestampStyle",
      zh: "时间戳格式",
      en: "Timestamp style",
      values: [
        ["doc", "doc: yyyyMMddHHmmss"],
        ["unix", "unix: 秒 seconds"],
      ],
    },
  ],
  suning: [
    {
      name: "format",
      zh: "请求格式",
      en: "Request format",
      values: [
        ["json", "JSON"],
        ["xml", "XML"],
      ],
    },
  ],
  mogujie: [{ name: "paramsWrapper", zh: "业务参数包装名", en: "Params wrapper", text: true, placeholder: "Params" }],
};

// ---------------------------------------------------------------------------------------------
// Tiny DOM helpers (textContent only: nothing from inputs or responses is parsed as HTML).

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "testid") el.dataset.testid = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
/** Replaces el's children, skipping absent ones (replaceChildren would write "null"). */
function put(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}
const bi = (zh, en) => [h("span", { class: "zh", text: zh }), " ", h("span", { class: "en", text: en })];
const $ = (sel) => document.querySelector(sel);

// ---------------------------------------------------------------------------------------------
// State

const els = {
  platform: $("#platform"),
  queryFields: $("#query-fields"),
  credFields: $("#cred-fields"),
  optionFields: $("#option-fields"),
  notes: $("#notes-list"),
  summary: $("#issue-summary"),
  general: $("#general-issues"),
  preview: $("#preview"),
  plan: $("#plan"),
  expected: $("#expected-records"),
  response: $("#response-input"),
  total: $("#parse-total"),
  results: $("#results"),
};
let current = null; // PlatformInfo
let lastValidation = null;

// ---------------------------------------------------------------------------------------------
// Building the form from platforms()

function fieldBox(name, labelZh, labelEn, control, hintText) {
  const hintId = `hint-${cssId(name)}`;
  const errId = `err-${cssId(name)}`;
  control.setAttribute("aria-describedby", `${hintText ? hintId + " " : ""}${errId}`);
  return h(
    "div",
    { class: "field", "data-field": name },
    h("label", { for: control.id }, bi(labelZh, labelEn)),
    control,
    hintText ? h("small", { id: hintId, class: "hint", text: hintText }) : null,
    h("div", { id: errId, class: "err", testid: `error-${name}` }),
  );
}
const cssId = (name) => name.replace(/[^A-Za-z0-9_-]/g, "_");

function textInput(name, attrs = {}) {
  return h("input", { id: `f-${cssId(name)}`, name, type: "text", testid: `field-${name}`, spellcheck: "false", autocomplete: "off", ...attrs });
}

let building = false;

function buildForm(p) {
  // Removing a focused, edited input fires its "change" on the way out: ignore events while the
  // form is half built.
  building = true;
  try {
    buildFormFields(p);
  } finally {
    building = false;
  }
}

function buildFormFields(p) {
  current = p;
  els.queryFields.replaceChildren();
  els.credFields.replaceChildren();
  els.optionFields.replaceChildren();

  const f = els.queryFields;
  const timeHint = `北京时间 yyyy-MM-dd HH:mm:ss(或 RFC 3339、毫秒时间戳)/ Beijing time; ${
    p.timeRangeRequired ? "必填 required" : "可选 optional"
  }${p.maxSpanSeconds ? `; 最长 max ${fmtSpan(p.maxSpanSeconds)}` : ""}${
    p.maxLookbackSeconds ? `; 最多回溯 look back ≤ ${fmtSpan(p.maxLookbackSeconds)}` : ""
  }; ${p.closedInterval ? "两端包含 both ends inclusive" : "半开区间 until exclusive"}`;
  f.append(
    fieldBox("since", ...FIELD_LABELS.since, textInput("since", { placeholder: "2024-06-01 00:00:00", inputmode: "numeric" }), timeHint),
    fieldBox("until", ...FIELD_LABELS.until, textInput("until", { placeholder: "2024-06-30 23:59:59", inputmode: "numeric" }), null),
  );

  const tf = h("select", { id: "f-timeField", name: "timeField", testid: "field-timeField" });
  for (const t of p.timeFields) {
    const [zh, en] = TIME_FIELD_LABELS[t.field] ?? [t.field, t.field];
    tf.append(h("option", { value: t.field, text: `${zh} / ${en} (${t.sinceParam}…${t.untilParam}, ${t.format})` }));
  }
  if (p.timeFields.length <= 1) tf.disabled = true;
  f.append(fieldBox("timeField", ...FIELD_LABELS.timeField, tf, p.timeFields.length <= 1 ? "该平台只有这一个时间字段 / the only time field here" : null));

  const pg = p.paging;
  f.append(
    fieldBox(
      "page",
      ...FIELD_LABELS.page,
      h("input", { id: "f-page", name: "page", type: "number", min: 1, max: pg.pageMax, step: 1, placeholder: "1", inputmode: "numeric", testid: "field-page" }),
      `从 1 开始,最大 ${pg.pageMax} / 1-based, max ${pg.pageMax}${pg.base === 0 ? " (线上为 0 起 on the wire 0-based)" : ""}`,
    ),
    fieldBox(
      "pageSize",
      ...FIELD_LABELS.pageSize,
      h("input", { id: "f-pageSize", name: "pageSize", type: "number", min: pg.sizeMin, max: pg.sizeMax, step: 1, placeholder: String(pg.sizeDefault), inputmode: "numeric", testid: "field-pageSize" }),
      `${pg.sizeMin}–${pg.sizeMax},默认 ${pg.sizeDefault} / default ${pg.sizeDefault}`,
    ),
  );

  for (const filter of p.filters) {
    const [zh, en] = FIELD_LABELS[filter.field] ?? [filter.field, filter.field];
    let control;
    if (filter.field === "status") {
      control = h("select", { id: "f-status", name: "status", testid: "field-status" }, h("option", { value: "", text: "全部 / any" }));
      const codes = filter.values.length ? filter.values : p.statuses.map((s) => s.code);
      for (const code of codes) {
        const s = p.statuses.find((x) => x.code === code);
        control.append(h("option", { value: code, text: s ? `${code} · ${s.label} (${s.unified})` : code }));
      }
    } else {
      control = textInput(filter.field);
    }
    f.append(fieldBox(filter.field, zh, en, control, `${filter.param}${filter.maxLen ? `,最多 ${filter.maxLen} 字符 / ≤ ${filter.maxLen} chars` : ""}`));
  }

  for (const np of p.nativeParams) {
    const name = `params.${np.name}`;
    let control;
    if (np.values.length) {
      control = h("select", { id: `f-${cssId(name)}`, name, testid: `field-${name}` }, h("option", { value: "", text: "(不传 / not sent)" }));
      for (const v of np.values) control.append(h("option", { value: v, text: v }));
    } else {
      control = textInput(name);
    }
    f.append(fieldBox(name, `原生参数 ${np.name}`, `native param`, control, np.description + (np.maxLen ? ` (≤ ${np.maxLen})` : "")));
  }

  f.append(
    fieldBox(
      "now",
      ...FIELD_LABELS.now,
      textInput("now", { placeholder: "留空用本机时钟 / empty: this device's clock" }),
      "用于签名时间戳、回溯限制与窗口规划;北京时间 yyyy-MM-dd HH:mm:ss 或毫秒时间戳 / used for the signed timestamp, look-back limit and plan; Beijing time or epoch ms",
    ),
  );

  // Credentials
  for (const c of p.credentials) {
    const [zh, en] = CRED_LABELS[c.name] ?? [c.name, c.name];
    const name = `credentials.${c.name}`;
    const id = `c-${c.name}`;
    let control;
    if (c.type === "boolean") {
      control = h("input", { id, name, type: "checkbox", testid: `cred-${c.name}` });
    } else if (c.type === "object") {
      control = h("textarea", {
        id,
        name,
        rows: 3,
        spellcheck: "false",
        autocomplete: "off",
        placeholder: c.name === "headers" ? '{"X-Example-Key": "…"}' : '{"uid": "…"}',
        class: c.secret ? "secret-text" : null,
        testid: `cred-${c.name}`,
      });
    } else if (c.values.length > 0) {
      // Only these strings are taken: a choice, empty for the platform's default.
      control = h("select", { id, name, testid: `cred-${c.name}` }, h("option", { value: "", text: "默认 default" }));
      for (const v of c.values) control.append(h("option", { value: v, text: v }));
    } else {
      control = h("input", {
        id,
        name,
        type: c.secret ? "password" : "text",
        autocomplete: c.secret ? "new-password" : "off",
        spellcheck: "false",
        testid: `cred-${c.name}`,
      });
    }
    const box = fieldBox(name, zh, en, control, `${c.required ? "必填 required" : "可选 optional"}${c.secret ? " · 密钥 secret" : ""} · ${c.description}`);
    box.classList.toggle("check", c.type === "boolean");
    if (c.secret && c.type === "object") {
      const toggle = h("input", { type: "checkbox", id: `${id}-show`, testid: `cred-${c.name}-show` });
      toggle.addEventListener("change", () => control.classList.toggle("secret-text", !toggle.checked));
      box.insertBefore(h("label", { class: "show-secret", for: toggle.id }, toggle, " ", bi("显示", "show")), control.nextSibling);
    }
    els.credFields.append(box);
  }

  for (const o of REQUEST_OPTIONS[p.id] ?? []) {
    const name = `options.${o.name}`;
    let control;
    if (o.text) control = textInput(name, { placeholder: o.placeholder });
    else {
      control = h("select", { id: `f-${cssId(name)}`, name, testid: `field-${name}` });
      for (const [v, label] of o.values) control.append(h("option", { value: v, text: label }));
    }
    els.optionFields.append(fieldBox(name, o.zh, o.en, control, `buildRequest options.${o.name}`));
  }

  els.notes.replaceChildren(...p.notes.map((n) => h("li", { text: n })));
  document.title = `${p.nameZh} · 退款拉取控制台 / Refund pull console`;
}

function fmtSpan(seconds) {
  const days = seconds / 86400;
  return Number.isInteger(days) ? `${days} 天 days` : `${seconds} 秒 s`;
}

// ---------------------------------------------------------------------------------------------
// Reading the form

const val = (name) => document.querySelector(`[name="${CSS.escape(name)}"]`);

function readTime(raw) {
  const s = raw.trim();
  if (s === "") return undefined;
  if (/^\d+$/.test(s)) return Number(s); // epoch milliseconds
  // A browser datetime-local value ("2024-06-01T08:00") has no offset and no seconds: take it
  // as Beijing time, like the text form.
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(s);
  if (local) return `${local[1]} ${local[2]}${local[3] ?? ":00"}`;
  return s;
}

function readInt(el) {
  if (!el) return undefined;
  if (el.value === "") return el.validity?.badInput ? "" : undefined; // "" lets the wasm say "must be a whole number"
  return Number(el.value);
}

function readQuery() {
  const q = {};
  const since = readTime(val("since").value);
  const until = readTime(val("until").value);
  if (since !== undefined) q.since = since;
  if (until !== undefined) q.until = until;
  const tf = val("timeField");
  if (tf && !tf.disabled && tf.value) q.timeField = tf.value;
  const page = readInt(val("page"));
  const pageSize = readInt(val("pageSize"));
  if (page !== undefined) q.page = page;
  if (pageSize !== undefined) q.pageSize = pageSize;
  for (const filter of current.filters) {
    const el = val(filter.field);
    if (el && el.value !== "") q[filter.field] = el.value;
  }
  const params = {};
  for (const np of current.nativeParams) {
    const el = val(`params.${np.name}`);
    if (el && el.value !== "") params[np.name] = el.value;
  }
  if (Object.keys(params).length) q.params = params;
  return q;
}

/** The `now` override in epoch ms, undefined for the host clock, or an error text. */
function readNow() {
  const s = val("now").value.trim();
  if (s === "") return { now: undefined };
  if (/^\d+$/.test(s)) return { now: Number(s) };
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(s);
  const ms = m ? Date.parse(`${m[1]}T${m[2]}+08:00`) : NaN;
  if (Number.isNaN(ms)) return { error: ["应为 yyyy-MM-dd HH:mm:ss(北京时间)或毫秒时间戳", "expected yyyy-MM-dd HH:mm:ss (Beijing time) or epoch milliseconds"] };
  return { now: ms };
}

/** { credentials, secrets: string[], errors: {field: [zh, en]} } */
function readCredentials() {
  const credentials = {};
  const secrets = [];
  const errors = {};
  for (const c of current.credentials) {
    const el = document.getElementById(`c-${c.name}`);
    if (c.type === "boolean") {
      if (el.checked) credentials[c.name] = true;
      continue;
    }
    const raw = el.value;
    if (raw === "") continue;
    if (c.type === "object") {
      let obj;
      try {
        obj = JSON.parse(raw);
      } catch (e) {
        errors[`credentials.${c.name}`] = ["不是合法的 JSON 对象", `not a JSON object: ${e.message}`];
        continue;
      }
      if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
        errors[`credentials.${c.name}`] = ["应为 JSON 对象,例如 {\"名称\": \"值\"}", 'expected a JSON object such as {"name": "value"}'];
        continue;
      }
      credentials[c.name] = obj;
      if (c.secret) for (const v of Object.values(obj)) if (v !== null && v !== undefined) secrets.push(String(v));
    } else {
      credentials[c.name] = raw;
      if (c.secret) secrets.push(raw);
    }
  }
  return { credentials, secrets: secrets.filter((s) => s !== ""), errors };
}

function readOptions() {
  const options = {};
  for (const o of REQUEST_OPTIONS[current.id] ?? []) {
    const el = val(`options.${o.name}`);
    if (el && el.value !== "") options[o.name] = el.value;
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Masking secrets. The signed request goes through the package's redactRequest, which knows
// where each platform puts its credentials and in which encoding; the signature stays visible
// (debugging a signature is what the preview is for). Error texts never carry secret values
// (the package's guarantee); any raw secret in one is masked all the same.

function masker(secrets) {
  const mask = (text) => {
    let out = String(text);
    for (const s of secrets) out = out.split(s).join(MASK);
    return out;
  };
  const leaks = (text) => secrets.some((s) => String(text).includes(s));
  return { mask, leaks };
}

// ---------------------------------------------------------------------------------------------
// Rendering: validation

function clearIssues() {
  for (const e of document.querySelectorAll(".field .err")) e.replaceChildren();
  for (const e of document.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  els.general.replaceChildren();
}

function issueLine(zh, en, code) {
  return h("p", { class: "issue", testid: "issue" }, h("span", { class: "zh", text: zh }), h("span", { class: "en", text: en }), code ? h("code", { text: code }) : null);
}

function showIssueAt(field, zh, en, code) {
  const target = document.getElementById(`err-${cssId(field)}`);
  const line = issueLine(zh, en, code);
  if (target) {
    target.append(line);
    const control = document.querySelector(`[name="${CSS.escape(field)}"]`);
    control?.setAttribute("aria-invalid", "true");
  } else {
    line.prepend(h("strong", { text: `${field}: ` }));
    els.general.append(line);
  }
}

function renderSummary(count, ok) {
  els.summary.className = `summary ${ok ? "ok" : "bad"}`;
  els.summary.replaceChildren(
    ok
      ? h("span", {}, "✓ ", ...bi("查询有效", "Query is valid"))
      : h("span", {}, "✗ ", ...bi(`${count} 个问题`, `${count} issue${count === 1 ? "" : "s"}`)),
  );
  els.summary.dataset.count = String(count);
}

// ---------------------------------------------------------------------------------------------
// Rendering: errors

function errorBox(e, mask = (s) => s, testid = "error") {
  if (!(e instanceof RefundError)) {
    return h("div", { class: "error-box", testid, role: "alert" }, h("p", { text: mask(String(e?.message ?? e)) }));
  }
  const rows = [
    ["code", e.code],
    ["中文", e.messageZh],
    ["English", e.message],
    ["platformCode", e.platformCode],
    ["platformMessage", e.platformMessage],
    ["path", e.path],
    ["retryable", e.retryable ? "是 yes — 可重试 can retry" : "否 no"],
  ].filter(([, v]) => v !== undefined && v !== null && v !== "");
  return h(
    "div",
    { class: "error-box", testid, role: "alert" },
    h("p", { class: "error-title" }, h("strong", { text: "RefundError " }), h("code", { text: e.code })),
    h("dl", { class: "kv" }, rows.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { testid: `${testid}-${k}`, text: mask(String(v)) })])),
    e.issues?.length
      ? h("ul", { class: "issue-list" }, e.issues.map((i) => h("li", {}, h("code", { text: `${i.field} · ${i.code}` }), " ", i.messageZh, " / ", i.message)))
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering: preview

function renderPreview(query, nowInfo, validation) {
  const { credentials, secrets, errors } = readCredentials();
  for (const [field, [zh, en]] of Object.entries(errors)) showIssueAt(field, zh, en, "invalid_json");
  const { mask, leaks } = masker(secrets);

  if (nowInfo.error) {
    put(els.preview, h("p", { class: "muted", text: "先修正“固定当前时间” / Fix the “now” field first" }));
    return;
  }
  if (!validation.ok) {
    put(els.preview,
      h("p", { class: "muted", testid: "preview-blocked" }, ...bi("查询有问题,修正后显示签名请求。", "The query has issues: fix them to see the signed request.")),
    );
    return;
  }
  if (Object.keys(errors).length) {
    put(els.preview, h("p", { class: "muted" }, ...bi("凭据 JSON 无效。", "A credential's JSON is invalid.")));
    return;
  }
  let req;
  try {
    req = buildRequest(current.id, credentials, query, { ...readOptions(), now: nowInfo.now });
  } catch (e) {
    if (e instanceof RefundError && e.code === "invalid_credentials" && e.path) {
      showIssueAt(e.path, e.messageZh, e.message, e.code);
    }
    put(els.preview, errorBox(e, mask, "preview-error"));
    return;
  }
  const shownRequest = redactRequest(current.id, req, { mask: MASK, keepSignature: true });
  const url = shownRequest.url;
  const headers = Object.entries(shownRequest.headers);
  const body = shownRequest.body;
  const bodyView = prettyBody(body, req.headers["Content-Type"] ?? "");
  const shown = [url, ...headers.flat(), body, bodyView?.textContent ?? ""].join("\n");
  if (leaks(shown)) {
    // Never happens (redactRequest masks every credential); if it ever does, show nothing rather than a secret.
    put(els.preview, h("p", { class: "error-box", role: "alert" }, ...bi("无法安全打码,预览已隐藏。", "A secret could not be masked: preview hidden.")));
    return;
  }
  put(els.preview,
    h(
      "dl",
      { class: "req" },
      h("dt", {}, ...bi("方法", "Method")),
      h("dd", {}, h("code", { testid: "preview-method", text: req.method })),
      h("dt", {}, "URL"),
      h("dd", {}, h("code", { class: "wrap", testid: "preview-url", text: url })),
      h("dt", {}, ...bi("请求头", "Headers")),
      h("dd", {}, h("table", { class: "headers", testid: "preview-headers" }, h("tbody", {}, headers.map(([k, v]) => h("tr", {}, h("th", { scope: "row", text: k }), h("td", { class: "wrap", text: v })))))),
      h("dt", {}, ...bi("请求体", "Body")),
      h("dd", {}, h("pre", { class: "wrap", testid: "preview-body", text: body }), bodyView ? h("details", {}, h("summary", {}, ...bi("逐项查看", "Field by field")), bodyView) : null),
    ),
    secrets.length ? h("p", { class: "hint" }, ...bi(`${secrets.length} 个密钥值:出现之处一律打码为 ${MASK}。`, `${secrets.length} secret value(s): shown as ${MASK} wherever they appear.`)) : null,
  );
}

function prettyBody(body, contentType) {
  if (/x-www-form-urlencoded/.test(contentType)) {
    const rows = [...new URLSearchParams(body)];
    return h("table", { class: "headers", testid: "preview-body-fields" }, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row", text: k }), h("td", { class: "wrap", text: v })))));
  }
  if (/json/.test(contentType)) {
    try {
      return h("pre", { class: "wrap", text: JSON.stringify(JSON.parse(body), null, 2) });
    } catch {
      return null;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rendering: plan

function renderPlan(query, nowInfo, validation) {
  if (query.since === undefined || query.until === undefined) {
    put(els.plan, h("p", { class: "muted" }, ...bi("填写开始和结束时间后显示窗口。", "Enter since and until to see the windows.")));
    return;
  }
  if (nowInfo.error) {
    put(els.plan, h("p", { class: "muted", text: "先修正“固定当前时间” / Fix the “now” field first" }));
    return;
  }
  let windows;
  try {
    const range = { since: query.since, until: query.until };
    if (query.timeField) range.timeField = query.timeField;
    windows = planWindows(current.id, range, nowInfo.now === undefined ? undefined : { now: nowInfo.now });
  } catch (e) {
    put(els.plan, errorBox(e, undefined, "plan-error"));
    return;
  }
  const pageSizeOk = !validation.issues.some((i) => i.field === "pageSize") && typeof query.pageSize === "number";
  const pageSize = pageSizeOk ? query.pageSize : current.paging.sizeDefault;
  const expectedRaw = els.expected.value;
  const expected = expectedRaw === "" ? null : Number(expectedRaw);
  const expectedOk = expected !== null && Number.isFinite(expected) && expected >= 0;
  const durations = windows.map((w) => Math.max(0, Date.parse(w.until) - Date.parse(w.since)));
  const totalDuration = durations.reduce((a, b) => a + b, 0);
  let requests = 0;
  let overPageMax = false;
  const rows = windows.map((w, i) => {
    let est = null;
    let pages = 1;
    if (expectedOk) {
      const share = totalDuration > 0 ? durations[i] / totalDuration : 1 / windows.length;
      est = Math.ceil(expected * share);
      pages = Math.max(1, Math.ceil(est / pageSize));
      if (pages > current.paging.pageMax) overPageMax = true;
    }
    requests += pages;
    return h(
      "tr",
      { testid: "plan-window" },
      h("td", { text: String(i + 1) }),
      h("td", { class: "nowrap", text: w.since }),
      h("td", { class: "nowrap", text: w.until }),
      h("td", { class: "num", text: est === null ? "—" : String(est) }),
      h("td", { class: "num", text: expectedOk ? String(pages) : "≥ 1" }),
    );
  });
  put(els.plan,
    h(
      "p",
      { class: "plan-totals" },
      h("strong", { testid: "plan-count", text: String(windows.length) }),
      " ",
      ...bi("个窗口", windows.length === 1 ? "window" : "windows"),
      " · ",
      h("strong", { testid: "plan-requests", text: expectedOk ? String(requests) : `≥ ${windows.length}` }),
      " ",
      ...bi("个请求", "requests"),
      " · ",
      ...bi(`每页 ${pageSize} 条`, `${pageSize} per page`),
    ),
    current.maxSpanSeconds
      ? h("p", { class: "hint" }, ...bi(`每个窗口最长 ${fmtSpan(current.maxSpanSeconds)}。`, `Each window spans at most ${fmtSpan(current.maxSpanSeconds)}.`))
      : h("p", { class: "hint" }, ...bi("该平台不限制跨度,整段为一个窗口。", "No span limit on this platform: one window.")),
    overPageMax ? h("p", { class: "err" }, ...bi(`某窗口页数超过上限 ${current.paging.pageMax}。`, `A window needs more pages than the maximum ${current.paging.pageMax}.`)) : null,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "grid plan", testid: "plan-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "#" }), h("th", { scope: "col" }, ...bi("开始", "Since")), h("th", { scope: "col" }, ...bi("结束", "Until")), h("th", { scope: "col" }, ...bi("预计记录", "Est. records")), h("th", { scope: "col" }, ...bi("页数", "Pages")))),
        h("tbody", {}, rows),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering: parse

function renderResults() {
  const body = els.response.value;
  if (body === "") {
    put(els.results, h("p", { class: "muted" }, ...bi("粘贴响应后显示统一的退款记录。", "Paste a response to see the unified refunds.")));
    return;
  }
  const options = {};
  // Only the paging part of the form's query, and only when it is valid: parseResponse rejects an
  // options.query with issues as a whole.
  const v = lastValidation;
  const q = readQuery();
  const pq = {};
  if (typeof q.page === "number" && !v?.issues.some((i) => i.field === "page")) pq.page = q.page;
  if (typeof q.pageSize === "number" && !v?.issues.some((i) => i.field === "pageSize")) pq.pageSize = q.pageSize;
  if (Object.keys(pq).length) options.query = pq;
  if (els.total.value !== "") options.total = Number(els.total.value);
  const operation = readOptions().operation;
  if (operation) options.operation = operation;

  const { mask } = masker(readCredentials().secrets);
  let page;
  try {
    page = parseResponse(current.id, body, options);
  } catch (e) {
    put(els.results, errorBox(e, mask, "parse-error"));
    return;
  }
  if (operation === "refundAmount") {
    put(els.results, h("p", { class: "amount-total" }, ...bi("退款总额", "Total refunded"), ": ", h("strong", { testid: "total-amount", text: page.totalAmount })));
    return;
  }
  const recordWarnings = page.refunds.reduce((n, r) => n + r.warnings.length, 0);
  const pi = page.page;
  const fmt = (x) => (x === null || x === undefined ? "—" : String(x));
  put(els.results,
    h(
      "div",
      { class: "result-summary" },
      h("span", { class: "pill ok" }, ...bi("退款", "refunds"), " ", h("strong", { testid: "count-refunds", text: String(page.refunds.length) })),
      h("span", { class: `pill ${page.rejected.length ? "bad" : ""}` }, ...bi("拒收记录", "rejected"), " ", h("strong", { testid: "count-rejected", text: String(page.rejected.length) })),
      h("span", { class: `pill ${page.warnings.length + recordWarnings ? "warn" : ""}` }, ...bi("提醒", "warnings"), " ", h("strong", { testid: "count-warnings", text: String(page.warnings.length + recordWarnings) })),
    ),
    h(
      "dl",
      { class: "kv page-info", testid: "page-info" },
      h("dt", {}, ...bi("页码", "page")),
      h("dd", { text: fmt(pi.page) }),
      h("dt", {}, ...bi("每页", "pageSize")),
      h("dd", { text: fmt(pi.pageSize) }),
      h("dt", {}, ...bi("总数", "total")),
      h("dd", { text: fmt(pi.total) }),
      h("dt", {}, ...bi("还有更多", "hasMore")),
      h("dd", { text: pi.hasMore === null ? "—" : pi.hasMore ? "是 yes" : "否 no" }),
    ),
    page.refunds.length ? refundsTable(page.refunds) : h("p", { class: "muted", testid: "no-refunds" }, ...bi("本页没有退款记录。", "No refunds on this page.")),
    page.warnings.length + recordWarnings
      ? h(
          "section",
          { class: "list warn" },
          h("h3", {}, ...bi("提醒(数据质量)", "Warnings (data quality)")),
          h(
            "ul",
            { testid: "warnings-list" },
            page.warnings.map((w) => h("li", { testid: "page-warning" }, h("code", { class: "path", text: `page · ${w.code}` }), h("div", {}, ...bi(w.messageZh, w.message)))),
            page.refunds.flatMap((r, i) =>
              r.warnings.map((w) =>
                h("li", { testid: "record-warning" }, h("code", { class: "path", text: `refunds[${i}] · ${r.id} · ${w.code}` }), h("div", {}, ...bi(w.messageZh, w.message))),
              ),
            ),
          ),
        )
      : null,
    page.rejected.length
      ? h(
          "section",
          { class: "list bad" },
          h("h3", {}, ...bi("被拒收的记录(未进入结果)", "Rejected records (not in the table)")),
          h(
            "ul",
            { testid: "rejected-list" },
            page.rejected.map((r) => h("li", { testid: "rejected" }, h("code", { text: `#${r.index}${r.id ? ` · ${r.id}` : ""} · ${r.code}` }), " ", h("code", { class: "path", text: r.path }), h("div", { text: r.message }))),
          ),
        )
      : null,
  );
}

/** An RFC 3339 time, allowed to break after the "T" (the text stays exactly as given). */
function timeCell(t) {
  if (t === null || t === undefined) return h("td", { class: "time", text: "—" });
  const i = t.indexOf("T");
  return i < 0 ? h("td", { class: "time", text: t }) : h("td", { class: "time", title: t }, t.slice(0, i + 1), h("wbr"), t.slice(i + 1));
}

function refundsTable(refunds) {
  const th = (zh, en) => h("th", { scope: "col" }, ...bi(zh, en));
  const text = (v) => (v === null || v === undefined ? "—" : v);
  return h(
    "div",
    { class: "scroll table-box", testid: "results-scroll", tabindex: 0, role: "region", "aria-label": "退款记录 Refunds" },
    h(
      "table",
      { class: "grid refunds", testid: "results-table" },
      h("thead", {}, h("tr", {}, th("退款单号", "Id"), th("订单号", "Order"), th("类型", "Kind"), th("状态", "Status"), th("申请金额", "Requested"), th("退款金额", "Refunded"), th("创建", "Created"), th("更新", "Updated"), th("商品", "Items"), th("提醒", "Warnings"))),
      h(
        "tbody",
        {},
        refunds.map((r) =>
          h(
            "tr",
            { testid: "result-row", class: r.warnings.length ? "has-warn" : null },
            h("td", { class: "id", testid: "cell-id", text: r.id }),
            h("td", { class: "id", text: text(r.orderId) }),
            h("td", {}, h("div", { text: KIND_LABELS[r.kind] ?? r.kind }), h("code", { text: r.kind })),
            h(
              "td",
              {},
              h("div", { class: `status s-${r.status}`, text: `${STATUS_LABELS[r.status] ?? r.status} · ${r.status}` }),
              h("small", { class: "pstatus", text: `${text(r.platformStatus.code)}${r.platformStatus.label ? ` · ${r.platformStatus.label}` : " · (无标签 no label)"}` }),
            ),
            h("td", { class: "num", testid: "cell-requested", text: text(r.requestedAmount) }),
            h("td", { class: "num", testid: "cell-refunded", text: text(r.refundedAmount) }),
            timeCell(r.createdAt),
            timeCell(r.updatedAt),
            h("td", { class: "num", text: String(r.items.length) }),
            h("td", { class: "warn-cell", testid: "cell-warnings" }, r.warnings.length ? h("ul", {}, r.warnings.map((w) => h("li", { title: w.messageZh, text: w.message }))) : "—"),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The update loop: every input event re-validates, re-signs, re-plans and re-parses.

function update() {
  if (building) return;
  clearIssues();
  const query = readQuery();
  const nowInfo = readNow();
  if (nowInfo.error) showIssueAt("now", ...nowInfo.error, "invalid_format");
  const validation = validateQuery(current.id, query, nowInfo.now === undefined ? undefined : { now: nowInfo.now });
  lastValidation = validation;
  for (const i of validation.issues) showIssueAt(i.field, i.messageZh, i.message, i.code);
  renderSummary(validation.issues.length + (nowInfo.error ? 1 : 0), validation.ok && !nowInfo.error);
  renderPreview(query, nowInfo, validation);
  renderPlan(query, nowInfo, validation);
  renderResults();
}

function selectPlatform(id) {
  const p = byId.get(id) ?? PLATFORMS[0];
  els.platform.value = p.id;
  buildForm(p);
  if (location.hash !== `#${p.id}`) history.replaceState(null, "", `#${p.id}`);
  update();
}

// ---------------------------------------------------------------------------------------------
// Boot

els.platform.replaceChildren(...PLATFORMS.map((p) => h("option", { value: p.id, text: `${p.nameZh} / ${p.nameEn} (${p.id})` })));
els.platform.disabled = false;
els.platform.addEventListener("change", () => selectPlatform(els.platform.value));
for (const form of [$("#query-form"), $("#cred-form")]) {
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => e.preventDefault());
}
els.expected.addEventListener("input", update);
els.response.addEventListener("input", renderResults);
els.total.addEventListener("input", renderResults);
$("#parse-clear").addEventListener("click", () => {
  els.response.value = "";
  els.total.value = "";
  renderResults();
  els.response.focus();
});

selectPlatform(location.hash.slice(1));
$("#boot-status").hidden = true;
$("#app").hidden = false;
document.body.dataset.ready = "true";
