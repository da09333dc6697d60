// The 淘宝/天猫 gateway (gateways/platforms/taobao.mjs) on its own, over real HTTP on loopback.
//
// Its signer must reproduce every known answer NOTES.md publishes; the requests here are signed
// by a second, independent signer written in this file from NOTES.md, so each accepted request
// checks two implementations against each other. Expected pages come from the simulator's
// truth (`records()`), filtered here with the reference's rules.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { startGateways } from "../../gateways/server.mjs";
import { CREDENTIALS } from "../../gateways/credentials.mjs";
import taobao, { signString, topSign, TRIAL_APP as TAOBAO_TRIAL_APP } from "../../gateways/platforms/taobao.mjs";

const DAY = 86400;
// 2026-11-20 12:00:00 Beijing: the gateway's clock, moved by the tests that need time to pass.
const START = Date.UTC(2026, 10, 20, 4, 0, 0) / 1000;
let clock = START;
let gw;
const APP = CREDENTIALS.taobao;
const FIELDS = "refund_id,tid,oid,status,refund_fee,total_fee,payment,buyer_nick,buyer_open_uid,created,modified,has_good_return,num";

before(async () => {
  gw = await startGateways({ seed: 27, count: 600, days: 60, now: () => clock });
});
after(async () => {
  await gw.close();
});

// ---------------------------------------------------------------------------------------
// The test's own signer and clock text, from NOTES.md, sharing no code with the gateway.

function independentSign(params, secret, method) {
  const keys = Object.keys(params).filter((k) => k !== "sign");
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // TOP's keys are ASCII: code units are bytes
  const text = keys.map((k) => `${k}${params[k]}`).join("");
  const hex = {
    md5: () => createHash("md5").update(`${secret}${text}${secret}`).digest("hex"),
    hmac: () => createHmac("md5", secret).update(text).digest("hex"),
    "hmac-sha256": () => createHmac("sha256", secret).update(text).digest("hex"),
  }[method]();
  return hex.toUpperCase();
}

const two = (n) => String(n).padStart(2, "0");
function beijingText(epochSeconds) {
  const d = new Date((epochSeconds + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const SYSTEM = new Set(["method", "app_key", "session", "timestamp", "format", "v", "sign_method", "sign", "simplify", "partner_id"]);

/**
 * Sends one request the way the official Java client does (system params and sign in the
 * query, business params in the form body), or everything in the body (`place: "body"`, the Go
 * client) or in the query of a GET (`place: "get"`).
 */
async function call(business, { app = APP, signMethod = "hmac-sha256", system = {}, place = "split", tamper, headers = {} } = {}) {
  const params = { method: "taobao.refunds.receive.get", app_key: app.appKey, session: app.session, timestamp: beijingText(clock), format: "json", v: "2.0", ...(signMethod ? { sign_method: signMethod } : {}), ...system, ...business };
  for (const [k, v] of Object.entries(params)) if (v === undefined) delete params[k];
  params.sign = independentSign(params, app.appSecret, signMethod ?? "md5");
  if (tamper) tamper(params);
  const query = new URLSearchParams();
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) (place === "get" || (place === "split" && SYSTEM.has(k)) ? query : body).append(k, v);
  const url = `${gw.endpoints.taobao}${query.size ? `?${query}` : ""}`;
  const init = place === "get" ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", ...headers }, body: body.toString() };
  if (place === "get") init.headers = headers;
  const res = await fetch(url, init);
  const text = await res.text();
  assert.equal(res.status, 200, text.slice(0, 300));
  return text;
}

/** The error_response of a JSON answer. */
function errorOf(text) {
  const parsed = JSON.parse(text);
  assert.ok(parsed.error_response, `expected an error_response, got ${text.slice(0, 300)}`);
  return parsed.error_response;
}

/** JSON text with every bare integer of 16+ digits quoted first, so none passes through a float. */
const exactJson = (text) => JSON.parse(text.replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));

const WINDOW = { start_modified: beijingText(START - 20 * DAY), end_modified: beijingText(START - 5 * DAY) };
const inWindow = (r, w = WINDOW) => r.wire.modified >= w.start_modified && r.wire.modified <= w.end_modified;
const DEFAULT_TYPES = new Set(["fixed", "auction", "auto_delivery"]);

// ---------------------------------------------------------------------------------------

describe("the gateway's signer reproduces NOTES.md's known answers", () => {
  const doc = { method: "taobao.item.seller.get", app_key: "12345678", session: "test", timestamp: "2016-01-01 12:00:00", format: "json", v: "2.0", fields: "num_iid,title,nick,price,num", num_iid: "11223344" };

  test("md5, the official doc example (secret helloworld), and its signed string", () => {
    const params = { ...doc, sign_method: "md5" };
    assert.equal(`helloworld${signString(params)}helloworld`, "helloworldapp_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0helloworld");
    assert.equal(topSign(params, "helloworld", "md5"), "66987CB115214E59E6EC978214934FB8");
  });

  test("md5, the older official example (secret test)", () => {
    const params = { method: "taobao.user.seller.get", timestamp: "2013-05-06 13:52:03", format: "xml", app_key: "test", v: "2.0", fields: "nick", sign_method: "md5", session: "test" };
    assert.equal(topSign(params, "test", "md5"), "72CB4D809B375A54502C09360D879C64");
  });

  test("hmac (HMAC-MD5) and hmac-sha256 over the doc example's params", () => {
    assert.equal(topSign({ ...doc, sign_method: "hmac" }, "helloworld", "hmac"), "D56D7858309C31B6251083A874D48273");
    assert.equal(topSign({ ...doc, sign_method: "hmac-sha256" }, "helloworld", "hmac-sha256"), "04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8");
  });

  test("the captured Java DefaultTaobaoClient request: query and body together, sign excluded", () => {
    const query = "app_key=12345678&method=taobao.refunds.receive.get&v=2.0&sign=D1D68C1464495F0B669F03B0EEEABD85&timestamp=2024-03-01+10%3A00%3A00&partner_id=top-sdk-java-dynamicVersionNo&session=sess-6100a21b&format=json&sign_method=md5";
    const body = "buyer_nick=%E5%BC%A0%E4%B8%89&start_modified=2024-02-29+00%3A00%3A00&page_no=1&fields=refund_id%2Ctid%2Coid%2Cstatus%2Crefund_fee%2Cmodified&end_modified=2024-03-01+00%3A00%3A00&use_has_next=true&page_size=100&status=WAIT_SELLER_AGREE";
    const params = Object.fromEntries([...new URLSearchParams(query), ...new URLSearchParams(body)]);
    assert.equal(topSign(params, "0123456789abcdef0123456789abcdef", "md5"), "D1D68C1464495F0B669F03B0EEEABD85");
    assert.equal(topSign(params, "0123456789abcdef0123456789abcdef", params.sign_method), params.sign);
  });

  test("the test's own signer agrees with the gateway's on every method", () => {
    for (const method of ["md5", "hmac", "hmac-sha256"]) {
      const params = { ...doc, sign_method: method, buyer_nick: "张三", sign: "ignored" };
      assert.equal(independentSign(params, "helloworld", method), topSign(params, "helloworld", method));
    }
  });
});

describe("requests the gateway accepts", () => {
  test("a Java-style request (system params in the query, business in the body) gets a wrapped page", async () => {
    const text = await call({ fields: FIELDS, ...WINDOW, page_size: "20" });
    const answer = exactJson(text).refunds_receive_get_response;
    const truth = gw.simulators.taobao.records().filter((r) => inWindow(r) && DEFAULT_TYPES.has(r.tradeType));
    assert.ok(truth.length > 20, `the window holds ${truth.length} refunds`);
    assert.equal(answer.total_results, truth.length);
    assert.equal(answer.has_next, undefined);
    assert.equal(typeof answer.request_id, "string");
    const page = answer.refunds.refund;
    assert.equal(page.length, 20);
    const byId = new Map(truth.map((r) => [r.id, r]));
    for (const refund of page) {
      assert.deepEqual(Object.keys(refund).sort(), FIELDS.split(",").sort(), "only the members named in fields");
      const record = byId.get(refund.refund_id);
      assert.ok(record, `refund ${refund.refund_id} is in the window and of a default trade type`);
      assert.equal(typeof refund.refund_id, "string");
      assert.equal(refund.tid, record.wire.tid);
      assert.equal(refund.oid, record.wire.oid);
      assert.match(refund.refund_fee, /^\d+\.\d{2}$/);
      assert.match(refund.modified, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(refund.buyer_nick, `${[...record.buyerNick][0]}**${[...record.buyerNick].at(-1)}`);
      assert.match(refund.buyer_open_uid, /^AAH[\w-]{21}$/);
      assert.equal(typeof refund.has_good_return, "boolean");
    }
  });

  test("every sign method verifies, and a request without sign_method is read as md5", async () => {
    for (const signMethod of ["md5", "hmac", "hmac-sha256", undefined]) {
      const text = await call({ fields: "refund_id", ...WINDOW, page_size: "1" }, { signMethod });
      assert.ok(JSON.parse(text).refunds_receive_get_response, `${signMethod}: ${text.slice(0, 200)}`);
    }
  });

  test("the Go placement (all in the body) and a GET (all in the query) verify the same way", async () => {
    for (const place of ["body", "get"]) {
      const text = await call({ fields: "refund_id", ...WINDOW, page_size: "1" }, { place });
      assert.ok(JSON.parse(text).refunds_receive_get_response, `${place}: ${text.slice(0, 200)}`);
    }
  });

  test("the Python SDK's style: epoch-ms timestamp and an empty param signed as its bare key", async () => {
    const text = await call({ fields: "refund_id", ...WINDOW, page_size: "1", type: "" }, { signMethod: "md5", system: { timestamp: String(clock * 1000), partner_id: "taobao-sdk-python-20200622" } });
    assert.ok(JSON.parse(text).refunds_receive_get_response, text.slice(0, 200));
  });
});

describe("errors, each with the reference's code", () => {
  test("a wrong sign is code 25, an unknown sign_method too", async () => {
    const wrong = errorOf(await call({ fields: "refund_id" }, { tamper: (p) => (p.sign = p.sign.replace(/^./, (c) => (c === "A" ? "B" : "A"))) }));
    assert.equal(wrong.code, 25);
    assert.equal(wrong.msg, "Invalid signature");
    const changed = errorOf(await call({ fields: "refund_id", page_no: "1" }, { tamper: (p) => (p.page_no = "2") }));
    assert.equal(changed.code, 25);
    const mixedCase = errorOf(await call({ fields: "refund_id" }, { signMethod: "md5", tamper: (p) => (p.sign_method = "MD5") }));
    assert.equal(mixedCase.code, 25);
  });

  test("missing fields is code 40, Missing required arguments:fields", async () => {
    const error = errorOf(await call({ ...WINDOW }));
    assert.equal(error.code, 40);
    assert.equal(error.msg, "Missing required arguments:fields");
  });

  test("app key, session, timestamp, method and argument errors", async () => {
    const cases = [
      [{ fields: "refund_id" }, { system: { app_key: "99999999" } }, 29, "isv.appkey-not-exists"],
      [{ fields: "refund_id" }, { system: { app_key: "__proto__" } }, 29, "isv.appkey-not-exists"],
      [{ fields: "refund_id" }, { system: { app_key: "constructor" } }, 29, "isv.appkey-not-exists"],
      [{ fields: "refund_id" }, { system: { session: undefined } }, 26, undefined],
      [{ fields: "refund_id" }, { system: { session: "6100nottheone" } }, 27, "invalid-sessionkey"],
      [{ fields: "refund_id" }, { system: { session: TAOBAO_TRIAL_APP.session } }, 27, "sessionkey-not-generated-by-server"],
      [{ fields: "refund_id" }, { system: { timestamp: beijingText(clock - 11 * 60) } }, 31, undefined],
      [{ fields: "refund_id" }, { system: { timestamp: String(clock) } }, 31, undefined], // seconds, not ms
      [{ fields: "refund_id" }, { system: { method: "taobao.refunds.receive.get " } }, 22, undefined],
      [{ fields: "refund_id" }, { system: { v: "1.0" } }, 33, undefined],
      [{ fields: "refund_id", page_size: "101" }, {}, 41, undefined],
      [{ fields: "refund_id", page_no: "0" }, {}, 41, undefined],
      [{ fields: "refund_id", status: "SUCCESS,CLOSED" }, {}, 41, undefined],
      [{ fields: "refund_id", type: "guarantee_trade,barter" }, {}, 41, undefined],
      [{ fields: "refund_id", start_modified: "2026-11-01" }, {}, 41, undefined],
    ];
    for (const [business, options, code, subCode] of cases) {
      const error = errorOf(await call(business, options));
      assert.equal(error.code, code, JSON.stringify([business, options, error]));
      assert.equal(error.sub_code, subCode, JSON.stringify(error));
    }
  });

  test("format=xml (and format absent) answers errors in XML", async () => {
    for (const format of ["xml", undefined]) {
      const text = await call({ fields: "refund_id" }, { system: { format, app_key: "99999999" } });
      assert.match(text, /^<\?xml version="1.0" encoding="utf-8" \?><error_response><code>29<\/code><msg>Invalid app Key<\/msg><sub_code>isv.appkey-not-exists<\/sub_code><request_id>\w+<\/request_id><\/error_response>$/);
    }
  });

  test("no answer names a secret", async () => {
    const bodies = [await call({ fields: "refund_id" }, { tamper: (p) => (p.sign = "0") }), await call({ ...WINDOW, fields: FIELDS, page_size: "100" })];
    for (const body of bodies) {
      assert.ok(!body.includes(APP.appSecret));
      assert.ok(!body.includes(APP.session));
    }
  });
});

describe("the platform's data and quirks", () => {
  test("the default type hides cod/fenxiao/ec/external_trade refunds; listing the types shows them", async () => {
    const all = gw.simulators.taobao.records().filter((r) => inWindow(r));
    const hidden = all.filter((r) => !DEFAULT_TYPES.has(r.tradeType));
    assert.ok(hidden.some((r) => r.tradeType === "cod") && hidden.some((r) => r.tradeType === "fenxiao"), "the window has cod and fenxiao refunds");
    const byDefault = JSON.parse(await call({ fields: "refund_id", ...WINDOW, page_size: "1" })).refunds_receive_get_response;
    assert.equal(byDefault.total_results, all.length - hidden.length);
    const types = "guarantee_trade,auto_delivery,cod,fenxiao,ec,external_trade";
    const listed = JSON.parse(await call({ fields: "refund_id", ...WINDOW, page_size: "100", type: types })).refunds_receive_get_response;
    assert.equal(listed.total_results, all.length);
    const shown = new Set(listed.refunds.refund.map((r) => r.refund_id));
    assert.ok(hidden.filter((r) => shown.has(r.id)).length > 0, "hidden refunds appear once their type is listed");
    const codOnly = JSON.parse(await call({ fields: "refund_id", ...WINDOW, page_size: "100", type: "cod" })).refunds_receive_get_response;
    assert.equal(codOnly.total_results, all.filter((r) => r.tradeType === "cod").length);
  });

  test("end_time is the time a refund ended (SUCCESS or CLOSED), absent before", async () => {
    const fields = "refund_id,status,modified,end_time";
    const page = JSON.parse(await call({ fields, ...WINDOW, page_size: "100" })).refunds_receive_get_response.refunds.refund;
    const truth = new Map(gw.simulators.taobao.records().map((r) => [r.id, r]));
    assert.ok(page.some((r) => r.status === "SUCCESS") && page.some((r) => r.status === "WAIT_SELLER_AGREE"));
    for (const refund of page) {
      const ended = refund.status === "SUCCESS" || refund.status === "CLOSED";
      assert.equal(refund.end_time, ended ? refund.modified : undefined, JSON.stringify(refund));
      if (refund.status === "SUCCESS") assert.equal(refund.end_time, beijingText(truth.get(refund.refund_id).refunded));
    }
  });

  test("status filters on one value", async () => {
    const truth = gw.simulators.taobao.records().filter((r) => inWindow(r) && DEFAULT_TYPES.has(r.tradeType) && r.status === "SUCCESS");
    const answer = JSON.parse(await call({ fields: "refund_id,status", ...WINDOW, page_size: "100", status: "SUCCESS" })).refunds_receive_get_response;
    assert.equal(answer.total_results, truth.length);
    assert.ok(answer.refunds.refund.every((r) => r.status === "SUCCESS"));
  });

  test("use_has_next=true answers has_next instead of total_results, page by page", async () => {
    const truth = gw.simulators.taobao.records().filter((r) => inWindow(r) && DEFAULT_TYPES.has(r.tradeType));
    const ids = [];
    for (let page = 1; ; page += 1) {
      const answer = JSON.parse(await call({ fields: "refund_id", ...WINDOW, page_size: "25", page_no: String(page), use_has_next: "true" })).refunds_receive_get_response;
      assert.equal(answer.total_results, undefined);
      assert.equal(typeof answer.has_next, "boolean");
      ids.push(...(answer.refunds?.refund ?? []).map((r) => r.refund_id));
      if (!answer.has_next) break;
      assert.ok(page < 50, "has_next turns false");
    }
    assert.deepEqual(ids.sort(), truth.map((r) => r.id).sort());
  });

  test("simplify=true drops the wrapper and the refund level", async () => {
    const answer = exactJson(await call({ fields: "refund_id,tid", ...WINDOW, page_size: "3" }, { system: { simplify: "true" } }));
    assert.deepEqual(Object.keys(answer).sort(), ["refunds", "request_id", "total_results"]);
    assert.ok(Array.isArray(answer.refunds));
    assert.equal(answer.refunds.length, 3);
    assert.match(answer.refunds[0].tid, /^\d{18,19}$/);
    const error = JSON.parse(await call({}, { system: { simplify: "true" } }));
    assert.equal(error.error_response.code, 40, "errors keep their wrapper");
  });

  test("an empty page has no refunds key, in every style", async () => {
    const empty = { fields: "refund_id", start_modified: beijingText(START + DAY), end_modified: beijingText(START + 2 * DAY) };
    assert.deepEqual(Object.keys(JSON.parse(await call(empty)).refunds_receive_get_response).sort(), ["request_id", "total_results"]);
    assert.equal(JSON.parse(await call(empty)).refunds_receive_get_response.total_results, 0);
    const pastEnd = JSON.parse(await call({ fields: "refund_id", ...WINDOW, page_no: "999", use_has_next: "true" })).refunds_receive_get_response;
    assert.deepEqual(Object.keys(pastEnd).sort(), ["has_next", "request_id"]);
    assert.equal(pastEnd.has_next, false);
    assert.deepEqual(Object.keys(JSON.parse(await call(empty, { system: { simplify: "true" } }))).sort(), ["request_id", "total_results"]);
    assert.doesNotMatch(await call(empty, { system: { format: "xml" } }), /<refunds>/);
  });

  test("XML when format=xml and when format is absent (the protocol default), as in §10.5", async () => {
    for (const format of ["xml", undefined]) {
      const text = await call({ fields: "refund_id,tid,oid,refund_fee,has_good_return", ...WINDOW, page_size: "2" }, { system: { format } });
      assert.match(text, /^<\?xml version="1.0" encoding="utf-8" \?><refunds_receive_get_response><refunds>(<refund><refund_id>\d{18}<\/refund_id><tid>\d{18,19}<\/tid><oid>\d{18,19}<\/oid><refund_fee>\d+\.\d{2}<\/refund_fee><has_good_return>(true|false)<\/has_good_return><\/refund>){2}<\/refunds><total_results>\d+<\/total_results><request_id>\w+<\/request_id><\/refunds_receive_get_response>$/);
    }
  });

  test("live changes: update() and add() land in a window that ends now, with new statuses and times", async () => {
    const sim = gw.simulators.taobao;
    clock += 60;
    const before = new Map(sim.records().map((r) => [r.id, r]));
    const changed = sim.update(3);
    const added = sim.add(2);
    const now = { start_modified: beijingText(clock), end_modified: beijingText(clock), type: "guarantee_trade,auto_delivery,cod,fenxiao,ec,external_trade" };
    const answer = JSON.parse(await call({ fields: "refund_id,status,modified,created", ...now, page_size: "100" })).refunds_receive_get_response;
    const served = new Map((answer.refunds?.refund ?? []).map((r) => [r.refund_id, r]));
    assert.deepEqual([...served.keys()].sort(), [...new Set([...changed, ...added])].sort());
    for (const id of changed) {
      assert.notEqual(served.get(id).status, before.get(id).status);
      assert.equal(served.get(id).modified, beijingText(clock));
    }
    for (const id of added) assert.equal(served.get(id).created, beijingText(clock));
  });

  test("tid and oid above 2^53 are bare JSON numbers, verbatim in the body text", async () => {
    const text = await call({ fields: "refund_id,tid,oid", ...WINDOW, page_size: "100" });
    const truth = new Map(gw.simulators.taobao.records().map((r) => [r.id, r.wire]));
    const page = exactJson(text).refunds_receive_get_response.refunds.refund;
    let corruptedByFloat = 0;
    for (const refund of page) {
      const wire = truth.get(refund.refund_id);
      assert.ok(BigInt(wire.tid) > 2n ** 53n && BigInt(wire.oid) > 2n ** 53n);
      assert.ok(text.includes(`"refund_id":"${wire.refund_id}","tid":${wire.tid},"oid":${wire.oid}`), `verbatim ids of ${wire.refund_id}`);
      if (String(Number(wire.tid)) !== wire.tid) corruptedByFloat += 1;
    }
    assert.ok(corruptedByFloat > page.length / 2, "JSON.parse would change most of these tids: the writer never used a float");
  });
});

describe("rate limits and faults", () => {
  test("the trial app's per-API cap: code 7 and a ban whose seconds count down on the server clock", async () => {
    const trial = { app: TAOBAO_TRIAL_APP };
    const business = { fields: "refund_id", ...WINDOW, page_size: "1" };
    for (let i = 0; i < 5; i += 1) assert.ok(JSON.parse(await call(business, trial)).refunds_receive_get_response, `call ${i + 1} passes`);
    const banned = errorOf(await call(business, trial));
    assert.deepEqual([banned.code, banned.msg, banned.sub_code, banned.sub_msg], [7, "App Call Limited", "accesscontrol.limited-by-app-api-access-count", "This ban will last for 30 more seconds"]);
    assert.equal(JSON.parse(await call(business)).refunds_receive_get_response.total_results > 0, true, "the limit is per app_key");
    clock += 12;
    assert.equal(errorOf(await call(business, trial)).sub_msg, "This ban will last for 18 more seconds");
    const xml = await call(business, { ...trial, system: { format: "xml" } });
    assert.match(xml, /<code>7<\/code><msg>App Call Limited<\/msg><sub_code>accesscontrol.limited-by-app-api-access-count<\/sub_code><sub_msg>This ban will last for 18 more seconds<\/sub_msg>/);
    clock += 18;
    assert.ok(JSON.parse(await call(business, trial)).refunds_receive_get_response, "the ban is over");
    // A wrong sign is refused before the limiter counts it.
    clock += 120;
    for (let i = 0; i < 8; i += 1) assert.equal(errorOf(await call(business, { ...trial, tamper: (p) => (p.sign = "0") })).code, 25);
    assert.ok(JSON.parse(await call(business, trial)).refunds_receive_get_response);
  });

  test("injected faults: rate_limit (7), time_skew (31), truncated, server_error", async () => {
    const business = { fields: "refund_id", ...WINDOW, page_size: "2" };
    const limited = errorOf(await call(business, { headers: { "X-Gateway-Fault": "rate_limit" } }));
    assert.deepEqual([limited.code, limited.sub_code, limited.sub_msg], [7, "accesscontrol.limited-by-app-api-access-count", "This ban will last for 1 more seconds"]);
    assert.ok(JSON.parse(await call(business)).refunds_receive_get_response, "an injected ban starts no real ban");
    assert.equal(errorOf(await call(business, { headers: { "X-Gateway-Fault": "time_skew" } })).code, 31);
    const whole = await call(business);
    const cut = await call(business, { headers: { "X-Gateway-Fault": "truncated" } });
    assert.ok(cut.length < whole.length && whole.startsWith(cut.slice(0, 40)));
    assert.throws(() => JSON.parse(cut));
    const res = await fetch(gw.endpoints.taobao, { method: "POST", headers: { "X-Gateway-Fault": "server_error" }, body: "" });
    assert.equal(res.status, 500);
    assert.match(await res.text(), /nginx/);
  });

  test("the remote-timeout answer (code 15, isp.top-remote-connection-timeout)", () => {
    const ctx = { now: () => clock, state: {} };
    const served = taobao.fault("remote_timeout", ctx, { url: new URL("http://x/router/rest?format=json"), method: "POST", body: "" });
    assert.deepEqual(errorOf(served.response.body), { code: 15, msg: "Remote service error", sub_code: "isp.top-remote-connection-timeout", sub_msg: "远程服务调用超时", request_id: errorOf(served.response.body).request_id });
  });
});
