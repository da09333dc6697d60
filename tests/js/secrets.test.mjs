// Secret hygiene over the package's exports: recognisable secrets in the credentials never
// appear in an error (message, messageZh, issues, JSON, String), a RefundSync toJSON() state,
// or a page; only the signed request carries what the platform requires, each where its kit's
// `credentialsSent` reads it (an access token in a param or header, caller-chosen headers/fields).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as rn from "refund-normalizer";
import { fixtures, PLATFORMS } from "./helpers.mjs";
import { credentialsByPlatform, KITS } from "./kits.mjs";

const SECRET = "SECRET-appSecret-7f3a";
const TOKEN = "SECRET-token-91c2";
const ACCESS = "SECRET-accessToken-5d0e";
const AUTH = "SECRET-auth-header-33ab";
const HEADER = "SECRET-other-header-8e41";
const FIELD = "SECRET-body-field-c07d";
const ROLES = { secret: SECRET, token: TOKEN, access: ACCESS, auth: AUTH, header: HEADER, field: FIELD };
const ALL = Object.values(ROLES);
const NOW = Date.parse("2024-06-20T00:00:00+08:00");
const range = { since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" };

const creds = credentialsByPlatform(ROLES);

function show(value) {
  if (value instanceof Error) {
    return [String(value), value.message, value.messageZh, value.stack, JSON.stringify(value), JSON.stringify(value.issues ?? null), value.platformMessage ?? ""].join("\n");
  }
  return JSON.stringify(value);
}

function assertClean(what, value) {
  const text = show(value);
  for (const s of ALL) assert.ok(!text.includes(s), `${s} leaked into ${what}: ${text.slice(0, 300)}`);
}

function attempt(what, fn) {
  try {
    return fn();
  } catch (e) {
    assertClean(what, e);
    return e;
  }
}

for (const platform of PLATFORMS) {
  test(`${platform}: no secret in errors, states or pages`, () => {
    const good = creds[platform];
    const variants = [SECRET, [SECRET, TOKEN], { ...good, appSecret: 7 }, { ...good, token: [TOKEN] }, { ...good, accessToken: { v: ACCESS } }];
    for (const c of variants) {
      const r = attempt("buildRequest(bad credentials)", () => rn.buildRequest(platform, c, range, { now: NOW }));
      if (!(r instanceof Error)) {
        const text = JSON.stringify(r);
        assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), text);
      }
      attempt("signParams(bad credentials)", () => rn.signParams(platform, { a: "1" }, c));
      const sync = new rn.RefundSync(platform, range, { now: NOW });
      attempt("next(bad credentials)", () => sync.next(c, { now: NOW }));
      assertClean("toJSON", sync.toJSON());
    }
    // Swapped arguments: credentials where the query, range or options belong.
    attempt("validateQuery(credentials)", () => rn.validateQuery(platform, good, { now: NOW }));
    attempt("buildRequest(query, credentials)", () => rn.buildRequest(platform, range, good, { now: NOW }));
    attempt("planWindows(credentials)", () => rn.planWindows(platform, good, { now: NOW }));
    attempt("new RefundSync(credentials)", () => new rn.RefundSync(platform, good, { now: NOW }));
    attempt("bad query", () => rn.buildRequest(platform, good, { since: SECRET, params: { x: SECRET } }, { now: NOW }));
    attempt("fromJSON(secret)", () => rn.RefundSync.fromJSON(SECRET));
    attempt("fromJSON({platform: secret})", () => rn.RefundSync.fromJSON({ version: 1, platform: SECRET }));

    // A whole sync with good credentials over every fixture body.
    let sync = new rn.RefundSync(platform, range, { now: NOW });
    for (const [, body] of fixtures(platform)) {
      const request = sync.next(good, { now: NOW });
      if (request) {
        const text = JSON.stringify(request);
        assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), `${platform} sent a secret: ${text}`);
        for (const [role, read] of Object.entries(KITS[platform].credentialsSent)) assert.equal(read(request), ROLES[role], `${platform} sends its ${role}`);
      }
      const page = attempt("accept", () => sync.accept(body));
      if (!(page instanceof Error)) assertClean("page", page);
      attempt("parseResponse", () => rn.parseResponse(platform, body, { includeRaw: true }));
      const state = sync.toJSON();
      assertClean("toJSON", state);
      sync = rn.RefundSync.fromJSON(state);
    }
  });
}
