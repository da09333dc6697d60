// The package as a Node ESM user imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as rn from "refund-normalizer";
import { inspect } from "node:util";
import { decodePage, LAZY_PATHS_ABOVE, readMask } from "../../pkg/src/decode.js";
import { crateJson, fixture, fixtures, pageBytes, PLATFORMS, root } from "./helpers.mjs";

const wdtCreds = { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" };

test("ready right after the import, with every export", () => {
  for (const name of ["platforms", "validateQuery", "buildRequest", "parseResponse", "planWindows", "signParams", "RefundError"]) {
    assert.equal(typeof rn[name], "function", name);
  }
  // the wasm lists the platforms the crate declares (src/model.rs, `platform_ids!`), in order
  const model = readFileSync(join(root, "src", "model.rs"), "utf8");
  const declared = model.slice(model.indexOf("platform_ids! {"), model.indexOf("}", model.indexOf("platform_ids! {")));
  assert.deepEqual(rn.platforms().map((p) => p.id), [...declared.matchAll(/^\s+\w+ => "(\w+)",$/gm)].map((m) => m[1]));
  assert.ok(PLATFORMS.length >= 5);
});

test("旺店通 request signs like the NOTES.md worked example", () => {
  const req = rn.buildRequest("wangdiantong", wdtCreds, { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" }, { now: 1470042310000 });
  assert.equal(req.method, "POST");
  assert.equal(req.url, "https://api.wangdian.cn/openapi2/vip_api_refund_query.php");
  assert.deepEqual(req.headers, { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" });
  assert.match(req.body, /&timestamp=1470042310&sign=b6b3b7882f9a48858fa18e701d5485b9$/);
  assert.equal(rn.signParams("wangdiantong", Object.fromEntries(new URLSearchParams(req.body.replace(/&sign=.*/, ""))), wdtCreds), "b6b3b7882f9a48858fa18e701d5485b9");
});

test("the host clock signs when options.now is absent", () => {
  const before = Math.floor(Date.now() / 1000);
  const req = rn.buildRequest("wangdiantong", wdtCreds, {});
  const ts = Number(new URLSearchParams(req.body).get("timestamp"));
  assert.ok(ts >= before && ts <= before + 2, `${ts} vs ${before}`);
});

test("旺店通 doc response: exact strings, Beijing times, 1-based page", () => {
  const page = rn.parseResponse("wangdiantong", fixture("wangdiantong", "doc_response.json"), { query: { page: 1, pageSize: 40 } });
  assert.deepEqual(page.page, { page: 1, pageSize: 40, total: 3, hasMore: false });
  assert.equal(page.refunds.length, 3);
  const r = page.refunds[1];
  assert.equal(r.id, "wjwceshi0731001");
  assert.equal(r.requestedAmount, "100.00");
  assert.equal(r.updatedAt, "2019-07-31T21:35:26+08:00");
  assert.equal(r.refundedAt, null);
  assert.deepEqual(r.platformStatus, { code: "4", label: "等待收货" });
  assert.equal(r.items[0].quantity, "2.00");
});

test("the flat decoder gives exactly the crate's own JSON, for every fixture of every platform", () => {
  let checked = 0;
  for (const platform of PLATFORMS) {
    for (const [name, bytes] of fixtures(platform)) {
      for (const options of [undefined, { includeRaw: true, query: { page: 2, pageSize: 20 } }]) {
        let expected;
        try {
          expected = crateJson(platform, bytes, options);
        } catch (e) {
          assert.throws(() => rn.parseResponse(platform, bytes, options), (got) => got.code === e.code, `${platform}/${name}`);
          continue;
        }
        assert.deepEqual(rn.parseResponse(platform, bytes, options), expected, `${platform}/${name} from bytes`);
        assert.deepEqual(rn.parseResponse(platform, new TextDecoder().decode(bytes), options), expected, `${platform}/${name} from text`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 2, `only ${checked} fixtures parsed`);
});

test("control characters inside values survive the flat crossing", () => {
  const body = JSON.stringify({ code: 0, trade_list: [{ refund_no: "a\u001fb", reason: "\u001e\u0000\u007f\u001c", remark: "\u001d x" }] });
  const r = rn.parseResponse("wangdiantong", body).refunds[0];
  assert.equal(r.id, "a\u001fb");
  assert.equal(r.reason, "\u001e\u0000\u007f\u001c");
  assert.equal(r.note, "\u001d x");
});

test("values and counts past a one-byte length cross whole", () => {
  const long = "x\u001f".repeat(150);
  const goods_list = Array.from({ length: 130 }, (_, i) => ({ goods_no: `G${i}`, num: "1.0000", price: "5.5000" }));
  const trade_list = [{ refund_no: "R1", status: 2, reason: long, remark: `中${long}`, goods_list }];
  const bytes = new TextEncoder().encode(JSON.stringify({ code: 0, total_count: 1, trade_list }));
  const page = rn.parseResponse("wangdiantong", bytes);
  assert.deepEqual([page.refunds[0].reason, page.refunds[0].note, page.refunds[0].items.length], [long, `中${long}`, 130]);
  assert.deepEqual(page, crateJson("wangdiantong", bytes));
});

test("non-ASCII values cross in the UTF-16 part, in order, with separators, U+001C and a BOM kept", () => {
  const odd = ["\ufeff退款", "中\u001f文", "\u001c", "\u001cé", "𝄞\u001d", "a\u001cb", "ü"];
  const trade_list = odd.map((s, i) => ({ refund_no: `R${i}${s}`, reason: s, remark: odd[(i + 1) % odd.length], buyer_nick: "买家", status: 2 }));
  const body = JSON.stringify({ code: 0, total_count: odd.length, trade_list });
  for (const input of [body, new TextEncoder().encode(body)]) {
    const page = rn.parseResponse("wangdiantong", input);
    assert.deepEqual(page.refunds.map((r) => [r.id, r.reason, r.note]), odd.map((s, i) => [`R${i}${s}`, s, odd[(i + 1) % odd.length]]));
    assert.deepEqual(page, crateJson("wangdiantong", typeof input === "string" ? new TextEncoder().encode(input) : input));
  }
});

test("a hand-made page: item counts read as lengths, nulls as mask bits; a broken count, marker or mask throws", () => {
  const goods_list = Array.from({ length: 12 }, (_, i) => ({ goods_no: `G${i}`, num: "1.0000", price: "5.5000" }));
  const trade_list = [{ refund_no: "R1", status: 2, goods_list }];
  const bytes = new TextEncoder().encode(JSON.stringify({ code: 0, total_count: 1, trade_list }));
  const page = rn.parseResponse("wangdiantong", bytes);
  assert.equal(page.refunds[0].items.length, 12);
  assert.deepEqual(page, crateJson("wangdiantong", bytes));
  // a page of one refund (head, page info, no warnings, the refund up to its items) whose
  // item count, buyer and shipment are whole or spoilt: letters, id, currency, no field that
  // may be null (three mask bytes, MORE in the first two), then the buyer and shipment byte
  // and their mask (one byte)
  const pageOf = (items, objects = "\x00\x00") => {
    const n = "\x7f";
    const flat = new TextEncoder().encode(`\x04rn10\x01\x01x\x01\x01k\x01\x01s${n.repeat(4)}\x00\x01aaa\x01R\x03CNY\x40\x40\x00${objects}${items}\x00\x00\x00`);
    // no UTF-16 part, no cuts, the main text's length
    const bytes = new Uint8Array(flat.length + 8);
    bytes.set(flat);
    new DataView(bytes.buffer).setUint32(flat.length + 4, flat.length, true);
    return bytes;
  };
  // one item with only its amount (bit 8: the bytes MORE and 4)
  const refund = (items, objects) => decodePage(pageOf(items, objects)).refunds[0];
  assert.deepEqual(refund("\x01\x40\x04\x017").items, [{ goodsId: null, skuId: null, goodsNo: null, skuNo: null, name: null, skuName: null, quantity: null, unitPrice: null, amount: "7" }]);
  assert.equal(refund("\x70\x00\x00\x00\x00\x01\x40\x04\x017").items[0].amount, "7");
  assert.equal(refund("\x00").orderId, null);
  // a buyer with a phone (bit 2), a shipment with a tracking number (bit 5)
  const both = refund("\x00", "\x03\x24\x011\x012");
  assert.deepEqual([both.buyer, both.returnShipment], [{ id: null, name: null, phone: "1" }, { company: null, companyCode: null, trackingNo: "2" }]);
  assert.deepEqual([refund("\x00").buyer, refund("\x00").returnShipment], [null, null]);
  assert.throws(() => decodePage(pageOf("\x71")), /broken page/);
  assert.throws(() => decodePage(pageOf("\x01\x40\x04\x7d")), /broken page/);
  assert.throws(() => decodePage(pageOf("\x01\x40\x80\x017")), /broken page/);
  assert.throws(() => decodePage(pageOf("\x00", "\x04\x00")), /broken page/);
  // a mask of five bytes, or one that ends the text
  assert.throws(() => decodePage(pageOf("\x01\x40\x40\x40\x40\x00")), /broken page/);
  assert.throws(() => decodePage(pageOf("\x01\x40")), /broken page/);
  // a bit past the fields the decoder knows (an item's 10th, a buyer and shipment's 7th): refused, not read out of step
  assert.throws(() => decodePage(pageOf("\x01\x40\x08\x017")), /a field this decoder does not know/);
  assert.throws(() => decodePage(pageOf("\x00", "\x00\x40\x01")), /a field this decoder does not know/);
  assert.throws(() => decodePage(new TextEncoder().encode("rn3\x1f\x03\x00\x00\x00")), /different builds/);
});

test("the mask of a group of 20 fields (flat::page's a_group_of_twenty_fields_has_a_four_byte_mask) reads back; a longer one is refused", () => {
  // bits 0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 19 as the Rust test writes them: six a
  // byte, MORE in the first three; the answer is the mask and, in its low 3 bits, the bytes read
  const read = readMask("xmmm\x03v0", 1);
  assert.equal(read & 7, 4);
  assert.equal(read >>> 3, 0xedb6d);
  assert.deepEqual([...Array(20).keys()].filter((i) => (read >>> 3) & (1 << i)), [0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 19]);
  assert.equal(readMask("\x3f", 0), (63 << 3) | 1);
  assert.equal(readMask("\x7f\x7f\x7f\x3f", 0) >>> 3, 2 ** 24 - 1);
  assert.equal(readMask("\x7f\x7f\x7f\x7f\x00", 0), -1); // a fifth byte: past flat::GROUP_MAX
  assert.equal(readMask("\x7f", 0), -1); // MORE at the end of the text
  assert.equal(readMask("\x80", 0), -1);
});

test("kept values (rn6): a repeated value of a shared field reads as the same text; a broken reference throws", () => {
  // two refunds with a shop id (bit 2 of the first mask): the first kept (U+007C, then the
  // value), the second a reference to kept value 0 (U+007D, then the index as a length)
  const record = (shop) => `aaa\x01R\x03CNY\x44\x40\x00${shop}\x00\x00\x00\x00`;
  const pageOf = (...records) => {
    const flat = new TextEncoder().encode(`\x04rn10\x01\x01x\x01\x01k\x01\x01s${"\x7f".repeat(4)}\x00${String.fromCharCode(records.length)}${records.join("")}\x00\x00`);
    const bytes = new Uint8Array(flat.length + 8);
    bytes.set(flat);
    new DataView(bytes.buffer).setUint32(flat.length + 4, flat.length, true);
    return bytes;
  };
  const shops = (...records) => decodePage(pageOf(...records)).refunds.map((r) => r.shopId);
  assert.deepEqual(shops(record("\x7c\x02S1"), record("\x7d\x00"), record("\x7d\x70\x00\x00\x00\x00\x00")), ["S1", "S1", "S1"]);
  assert.deepEqual(shops(record("\x7c\x02S1"), record("\x7c\x02S2"), record("\x7d\x01"), record("\x02S1")), ["S1", "S2", "S2", "S1"]);
  for (const broken of [
    [record("\x7d\x00")], // nothing kept yet
    [record("\x7c\x02S1"), record("\x7d\x01")], // past the kept values
    [record("\x7c\x02S1"), record("\x7d\x70\x00\x80")], // a broken length
    [record("\x7d\x7f")],
    [record("\x7c\x7f")], // kept null
    [record("\x7c\x02S1"), record("\x7c\x7d\x00")], // a reference kept
    [record("\x7c\x7c\x02S1")],
    [record("\x7c\x7b")],
  ]) {
    assert.throws(() => decodePage(pageOf(...broken)), /broken page/, JSON.stringify(broken));
  }
  // a whole page: more distinct values of shared fields than a page keeps (4096), ASCII and
  // Chinese, repeated, one byte long and empty, equal to the crate's JSON
  const trade_list = Array.from({ length: 9000 }, (_, i) => ({
    refund_no: `R${i}`,
    status: 2,
    shop_no: i % 3 ? "TB001" : "",
    reason: i % 2 ? `reason ${i % 4500}` : `理由${i % 4500}`,
    logistics_name: i % 5 ? "顺丰速运" : "x",
    goods_list: [{ goods_no: `G${i}`, goods_name: `商品${i % 7}`, spec_name: "白色", num: "1.0000", price: "5.5000" }],
  }));
  const bytes = new TextEncoder().encode(JSON.stringify({ code: 0, total_count: 9000, trade_list }));
  const page = rn.parseResponse("wangdiantong", bytes);
  assert.deepEqual(page, crateJson("wangdiantong", bytes));
  assert.deepEqual([page.refunds[8999].reason, page.refunds[8999].shopId, page.refunds[8999].items[0].name], ["reason 4499", "TB001", "商品4"]);
});

test("a page of many chunks: every record read across the cuts, as the crate has it", () => {
  // 2000 苏宁 records with long ASCII and Chinese values (some with a rejection, so the
  // rejected list follows the last chunk): the main text and the UTF-16 part are several
  // chunks each (rn5)
  const batchQueryRejected = Array.from({ length: 2000 }, (_, i) => ({
    orderCode: `O${i}`,
    productCode: `P${"x".repeat(i % 300)}`,
    applyTime: i % 97 === 5 ? "bad" : "2024-06-15 15:05:02",
    statusDesc: i % 2 ? "8-退款成功" : "2",
    returnReason: "理由".repeat(i % 150),
    returnMoney: "12.50",
  }));
  const body = JSON.stringify({ sn_responseContent: { sn_head: { returnMessage: "biz.handler.data-get:success" }, sn_body: { batchQueryRejected } } });
  const bytes = new TextEncoder().encode(body);
  const page = rn.parseResponse("suning", bytes);
  assert.ok(page.refunds.length > 1900 && page.rejected.length > 10);
  assert.deepEqual(page, crateJson("suning", bytes));
  // the bytes as the wasm wrote them: the number of cuts before the main text's length
  const flat = pageBytes("suning", bytes);
  assert.ok(new DataView(flat.buffer).getUint32(flat.length - 8, true) > 2);
});

test("rejected records read as the crate has them, their paths made at once or (on a page of many) when read", () => {
  // 旺店通 (an array: paths around `[index]`, Chinese ids in the UTF-16 part) and ShopEx's
  // id-keyed list (paths with no `[index]`), a few records and more than LAZY_PATHS_ABOVE
  const element = (id, money) => (i) => [`{}`, `1`, `{"${id}":"R${i}","${money}":"x"}`, `{"${id}":"退${i}","${money}":"y"}`, `{"${id}":"K${i}"}`][i % 5];
  const list = (n, element) => Array.from({ length: n }, (_, i) => element(i));
  const bodies = (n) => [
    ["wangdiantong", `{"code":0,"total_count":${n},"trade_list":[${list(n, element("refund_no", "refund_amount"))}]}`],
    ["shopex", `{"response":{"lists":{${list(n, element("refund_bn", "money")).map((e, i) => `"${i}":${e}`)}},"count":"${n}"}}`],
  ];
  for (const n of [12, Math.ceil((LAZY_PATHS_ABOVE + 1) * 1.25)]) {
    for (const [platform, body] of bodies(n)) {
      const bytes = new TextEncoder().encode(body);
      const page = rn.parseResponse(platform, bytes);
      const crate = crateJson(platform, bytes);
      assert.ok(page.rejected.length >= (n * 4) / 5 && page.refunds.length > 0, `${platform} ${n}`);
      assert.deepEqual(page, crate);
      assert.equal(JSON.stringify(page.rejected), JSON.stringify(crate.rejected));
      const lazy = page.rejected.length > LAZY_PATHS_ABOVE;
      for (const k of [0, 1, 3, page.rejected.length - 1]) {
        const r = page.rejected[k];
        assert.equal(Object.getPrototypeOf(r), Object.prototype);
        assert.deepEqual(Object.keys(r), ["index", "id", "code", "message", "path"]);
        assert.deepEqual(structuredClone(r), crate.rejected[k]);
        assert.deepEqual({ ...r }, crate.rejected[k]);
        assert.equal(inspect(r), inspect(crate.rejected[k]));
        assert.equal(typeof Object.getOwnPropertyDescriptor(r, "path").get, lazy ? "function" : "undefined");
        r.path = "elsewhere";
        assert.equal(r.path, "elsewhere");
        assert.deepEqual(Object.getOwnPropertyDescriptor(r, "path"), { value: "elsewhere", writable: true, enumerable: true, configurable: true });
      }
    }
  }
  assert.deepEqual(rn.parseResponse("shopex", bodies(12)[1][1]).rejected.slice(0, 2).map((r) => r.path), ['response.lists["0"].refund_bn', 'response.lists["1"]']);
});

test("a page over 1 MiB of main text crosses whole (no cuts) and reads as the crate has it", () => {
  // 6000 苏宁 records with long ASCII values: past flat::WHOLE_ABOVE, where chunks cost more
  // than one large string (docs/performance.md)
  const batchQueryRejected = Array.from({ length: 6000 }, (_, i) => ({
    orderCode: `O${i}`,
    productCode: `P${"x".repeat(200)}`,
    applyTime: "2024-06-15 15:05:02",
    statusDesc: "8-退款成功",
    returnReason: i % 2 ? "理由" : "reason",
    returnMoney: "12.50",
  }));
  const body = JSON.stringify({ sn_responseContent: { sn_head: { returnMessage: "biz.handler.data-get:success" }, sn_body: { batchQueryRejected } } });
  const bytes = new TextEncoder().encode(body);
  const page = rn.parseResponse("suning", bytes);
  assert.equal(page.refunds.length, 6000);
  assert.deepEqual(page, crateJson("suning", bytes));
  const flat = pageBytes("suning", bytes);
  const view = new DataView(flat.buffer);
  assert.ok(view.getUint32(flat.length - 4, true) > 1024 * 1024);
  assert.equal(view.getUint32(flat.length - 8, true), 0);
});

test("pages read in place from wasm memory stay whole across calls, errors and syncs", () => {
  const [a, b] = ["wangdiantong", "nuoyun"].map((p) => [p, fixtures(p).find(([, bytes]) => {
    try {
      return crateJson(p, bytes).refunds.length > 0;
    } catch {
      return false;
    }
  })[1]]);
  const first = rn.parseResponse(...a);
  assert.throws(() => rn.parseResponse("wangdiantong", '{"code":1,"message":"x"}'));
  const second = rn.parseResponse(...b);
  assert.deepEqual(first, crateJson(...a));
  assert.deepEqual(second, crateJson(...b));
  assert.deepEqual(rn.parseResponse(...a), first);
});

test("ids above 2^53 and 4-decimal amounts stay exact", () => {
  const body = '{"code":0,"trade_list":[{"refund_no":90071992547409931,"refund_amount":0.3333,"actual_refund_amount":"12345678901234567.1200"}]}';
  const r = rn.parseResponse("wangdiantong", body).refunds[0];
  assert.equal(r.id, "90071992547409931");
  assert.equal(r.requestedAmount, "0.3333");
  assert.equal(r.refundedAmount, "12345678901234567.12");
});

test("every bad argument is a RefundError, never a TypeError or a wasm trap", () => {
  const cases = [
    () => rn.parseResponse(undefined, "{}"),
    () => rn.parseResponse(42, "{}"),
    () => rn.parseResponse("nope", "{}"),
    () => rn.parseResponse("wangdiantong", undefined),
    () => rn.parseResponse("wangdiantong", 12),
    () => rn.parseResponse("wangdiantong", { code: 0 }),
    () => rn.parseResponse("wangdiantong", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    () => rn.parseResponse("wangdiantong", new Uint8Array([])),
    () => rn.parseResponse("wangdiantong", "{}", { includeRaw: "yes" }),
    () => rn.parseResponse("wangdiantong", "{}", { query: { page: "x" } }),
    () => rn.parseResponse("wangdiantong", "{}", 7),
    () => rn.buildRequest("wangdiantong", undefined, {}),
    () => rn.buildRequest("wangdiantong", { sid: 1, appKey: "k", appSecret: "s" }, {}),
    () => rn.buildRequest("wangdiantong", wdtCreds, { pageSize: "lots" }),
    () => rn.buildRequest("wangdiantong", wdtCreds, { extra: true }),
    () => rn.buildRequest("wangdiantong", wdtCreds, {}, { now: "yesterday" }),
    () => rn.buildRequest("wangdiantong", wdtCreds, {}, { now: {} }),
    () => rn.planWindows("wangdiantong", undefined),
    () => rn.planWindows("wangdiantong", { since: 2000, until: 0 }),
    () => rn.signParams("wangdiantong", { a: 1 }, wdtCreds),
    () => rn.signParams("wangdiantong", "a=1", wdtCreds),
    () => rn.signParams("wangdiantong", {}, {}),
  ];
  cases.forEach((fn, i) => {
    assert.throws(fn, (e) => e instanceof rn.RefundError && typeof e.code === "string" && e.messageZh.length > 0, `case ${i}`);
  });
});

test("validateQuery never throws for a bad query and reports all issues", () => {
  const v = rn.validateQuery("wangdiantong", { since: "2024-02-30 25:00:00", until: 5, pageSize: 0, page: -1, shopId: 5, junk: 1 });
  assert.equal(v.ok, false);
  assert.deepEqual([...new Set(v.issues.map((i) => i.field))].sort(), ["junk", "page", "pageSize", "since", "until"]);
  for (const i of v.issues) assert.ok(i.message && i.messageZh && i.code, JSON.stringify(i));
  assert.deepEqual(rn.validateQuery("wangdiantong", undefined), { ok: true, issues: [], params: { page_no: "0", page_size: "40" } });
});

test("the package's wasm leaves out the test-only exports, which the tests' build (pkg/dist-test) has", () => {
  const exported = (dir) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(root, "pkg", dir, "refund_normalizer_bg.wasm")))).map((e) => e.name);
  const [production, testBuild] = [exported("dist"), exported("dist-test")];
  const testOnly = ["parse_response_json", "flat_version", "set_crossing_reply", "request_crossing"];
  for (const name of testOnly) {
    assert.ok(!production.includes(name), `pkg/dist exports ${name}`);
    assert.ok(testBuild.includes(name), `pkg/dist-test lacks ${name}`);
  }
  // everything else is the same: the package's entry points are there in both
  assert.deepEqual(testBuild.filter((name) => !testOnly.includes(name)).sort(), [...production].sort());
  assert.ok(production.includes("parse_response_bytes") && production.includes("build_request"));
  assert.doesNotMatch(readFileSync(join(root, "pkg", "dist", "refund_normalizer.js"), "utf8"), new RegExp(testOnly.join("|")));
});

test("TypeScript declares exactly the keys the crate emits", () => {
  const dts = readFileSync(join(root, "pkg", "index.d.ts"), "utf8");
  const declared = (name) => {
    const m = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
    assert.ok(m, `interface ${name}`);
    return [...m[1].matchAll(/^  (\w+)\??:/gm)].map((x) => x[1]).sort();
  };
  const page = crateJson("wangdiantong", fixture("wangdiantong", "doc_response.json"), { query: { page: 1 } });
  const full = { ...page.refunds[0], buyer: { id: 1, name: 1, phone: 1 }, returnShipment: { company: 1, companyCode: 1, trackingNo: 1 } };
  assert.deepEqual(Object.keys(page).sort(), declared("RefundPage"));
  assert.deepEqual(Object.keys(page.page).sort(), declared("PageInfo"));
  assert.deepEqual(Object.keys(full).sort(), declared("Refund"));
  assert.deepEqual(Object.keys(full.items[0]).sort(), declared("Item"));
  assert.deepEqual(Object.keys(full.buyer).sort(), declared("Buyer"));
  assert.deepEqual(Object.keys(full.returnShipment).sort(), declared("ReturnShipment"));
  assert.deepEqual(Object.keys(full.platformStatus).sort(), declared("PlatformStatus"));
  const info = rn.platforms()[1];
  assert.deepEqual(Object.keys(info).sort(), declared("PlatformInfo"));
  const warned = crateJson("wangdiantong", '{"code":0,"trade_list":[{"refund_no":"R","refund_amount":"-1"}]}', {});
  assert.deepEqual(Object.keys(warned.refunds[0].warnings[0]).sort(), declared("Warning"));
  // The PlatformId union (platforms.d.ts, written by the build) is the registry's list, id for
  // id and in order (platforms()).
  const platformUnion = readFileSync(join(root, "pkg", "platforms.d.ts"), "utf8").match(/export type PlatformId =([^;]*);/)[1];
  assert.deepEqual([...platformUnion.matchAll(/"(\w+)"/g)].map((m) => m[1]), rn.platforms().map((p) => p.id));
  // The WarningCode union is the crate's list, code for code (src/model.rs WarningCode::as_str).
  const crateCodes = [...readFileSync(join(root, "src", "model.rs"), "utf8").matchAll(/WarningCode::\w+ => "(\w+)"/g)].map((m) => m[1]);
  const union = dts.match(/export type WarningCode =([^;]*);/)[1];
  assert.deepEqual([...union.matchAll(/"(\w+)"/g)].map((m) => m[1]), crateCodes);
  assert.ok(crateCodes.length >= 20);
});
