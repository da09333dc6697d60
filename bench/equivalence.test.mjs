// The baselines compute what refund-normalizer computes, or the benchmark compares apples
// with pears. Run: cd bench && node --test equivalence.test.mjs
//
// (b) lossless-json + mapping must be deep-equal to parseResponse everywhere it is run.
// (a) JSON.parse + mapping must be deep-equal on pages whose numeric ids fit in 2^53 and on
//     each platform's fixtures; on the benchmark's pages (cases with `bigIdNumbers`: ids above
//     2^53 sent as JSON numbers) it differs exactly in those ids, the caveat of every (a) number.
//
// A platform's `fixtures` (bench/platforms/<id>.mjs) are its success pages. Left out everywhere:
// error envelopes and broken bodies (the baselines do not reproduce the package's error
// classification), bodies only the package's repair reads (JSON.parse throws), and fixtures made
// of wrong-typed or rejected records (the baselines' rejection messages are not the package's).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildRequest, parseResponse, platforms } from "refund-normalizer";
import { CASES, PLATFORMS, SIGNED_PLATFORMS, SIGN_NOW, SIGN_QUERY, caseOf, generate, jsBuildRequest, losslessParse, md5Impls, plainParse, signCredentials } from "./cases.mjs";

const fixture = (platform, file) => readFileSync(new URL(`../tests/fixtures/${platform}/${file}`, import.meta.url), "utf8");

const OPTIONS = [undefined, { query: { page: 1, pageSize: 20 } }];

test("every platform's benchmark file has pages, a baseline, fixtures, and a JS signer exactly when it signs", () => {
  const signs = platforms().filter((p) => p.signs).map((p) => p.id);
  assert.deepEqual(SIGNED_PLATFORMS, signs);
  for (const [id, p] of Object.entries(PLATFORMS)) {
    assert.ok(p.cases.length > 0 && p.cases.every((c) => typeof c.generate === "function"), `${id}: cases`);
    assert.ok(p.cases.some((c) => c.name === id), `${id}: a case named after the platform`);
    assert.equal(typeof p.map, "function", `${id}: map`);
    assert.ok(p.fixtures.length > 0, `${id}: fixtures`);
    for (const file of Object.keys(p.plainLossy ?? {})) assert.ok(p.fixtures.includes(file), `${id}: plainLossy names ${file}, not one of its fixtures`);
  }
  assert.equal(new Set(CASES).size, CASES.length, "case names are unique");
});

for (const [platform, { fixtures, plainLossy = {} }] of Object.entries(PLATFORMS)) {
  for (const file of fixtures) {
    test(`fixture ${platform}/${file}: both baselines equal parseResponse`, () => {
      const body = fixture(platform, file);
      for (const options of OPTIONS) {
        const ours = parseResponse(platform, body, options);
        if (plainLossy[file]) assert.notDeepStrictEqual(plainParse(platform, body, options), ours, plainLossy[file]);
        else assert.deepStrictEqual(plainParse(platform, body, options), ours, "(a) JSON.parse + mapping");
        if (!file.endsWith(".xml")) assert.deepStrictEqual(losslessParse(platform, body, options), ours, "(b) lossless-json + mapping");
      }
    });
  }
}

/** The unified fields that carry ids a platform may send as JSON numbers. */
function idFields(page) {
  const out = [];
  for (const r of page.refunds) {
    out.push(r.id, r.orderId, r.subOrderId, r.buyer?.id ?? null);
    for (const i of r.items) out.push(i.goodsId);
  }
  return out;
}

for (const name of CASES) {
  const { platform, xml, bigIdNumbers } = caseOf(name);
  const options = { query: { page: 1, pageSize: 500 } };

  test(`generated ${name}, ids below 2^53: (a) and (b) equal parseResponse`, () => {
    const body = generate(name, 500, { bigIds: false });
    const ours = parseResponse(platform, body, options);
    assert.equal(ours.refunds.length, 500);
    assert.equal(ours.rejected.length, 0);
    assert.deepStrictEqual(plainParse(platform, body, options), ours);
    if (!xml) assert.deepStrictEqual(losslessParse(platform, body, options), ours);
    // bytes and string bodies give the same page
    assert.deepStrictEqual(parseResponse(platform, new TextEncoder().encode(body), options), ours);
  });

  test(`generated ${name}, the benchmark's pages (ids above 2^53): (b) equal; (a) differs only in ids`, () => {
    const body = generate(name, 500);
    const ours = parseResponse(platform, body, options);
    if (!xml) assert.deepStrictEqual(losslessParse(platform, body, options), ours);
    const plain = plainParse(platform, body, options);
    const lossy = Boolean(bigIdNumbers);
    const [a, b] = [idFields(plain), idFields(ours)];
    const differing = a.filter((x, i) => x !== b[i]);
    if (!lossy) {
      assert.deepStrictEqual(plain, ours);
      return;
    }
    // Every differing id is the float64 rounding of the exact one, nothing else differs.
    assert.ok(differing.length > 0, "big ids should lose digits through JSON.parse");
    a.forEach((x, i) => {
      if (x !== b[i]) assert.equal(x, String(Number(b[i])));
    });
    const strip = (page) => ({ ...page, warnings: page.warnings.filter((w) => !w.includes("more than once")), refunds: page.refunds.map((r) => ({ ...r, id: null, orderId: null, subOrderId: null, buyer: r.buyer && { ...r.buyer, id: null }, items: r.items.map((i) => ({ ...i, goodsId: null })) })) });
    assert.deepStrictEqual(strip(plain), strip(ours));
  });
}

for (const platform of SIGNED_PLATFORMS) {
  test(`buildRequest ${platform}: the JS signers produce the same request`, () => {
    const credentials = signCredentials(platform);
    const ours = buildRequest(platform, credentials, SIGN_QUERY, { now: SIGN_NOW });
    for (const md5 of Object.values(md5Impls)) {
      assert.deepStrictEqual(jsBuildRequest(md5, platform, credentials, SIGN_QUERY, { now: SIGN_NOW }), ours);
    }
  });
}
