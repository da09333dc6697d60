// The Worker is safe to deploy as it is (issue 23): every route but GET /health needs the
// bearer token, no answer carries a secret, /fetch does the platform call itself, /sign exists
// only in development, bodies are bounded, CORS only for listed origins. In workerd (Miniflare)
// against the local gateways; http.js's error and redaction helpers also directly in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { startGateways } from "../../gateways/server.mjs";
import { platforms } from "refund-normalizer";
import { PLATFORMS, fixture } from "./helpers.mjs";
import { API_TOKEN, AUTH, bundle, post, worker as workerIn } from "./worker-harness.mjs";
import { errorResponse, redact } from "../../examples/worker/src/http.js";

const ORIGIN = "https://admin.example.com";
let built;
let gateways;

before(async () => {
  built = bundle();
  gateways = await startGateways({ port: 0, count: 400, seed: 23 });
});

after(async () => {
  await gateways?.close();
  built?.remove();
});

/** Vars and secrets of a Worker wired to the gateways: every platform's credentials and endpoint. */
function gatewayBindings(extra = {}) {
  const bindings = {
    ALLOWED_ORIGINS: `${ORIGIN}, https://other.example.com`,
    SHOP_CREDENTIALS: JSON.stringify({ "shop-a": { platform: "wangdiantong", credentials: gateways.credentials.wangdiantong } }),
  };
  for (const p of PLATFORMS) {
    bindings[`CREDENTIALS_${p.toUpperCase()}`] = JSON.stringify(gateways.credentials[p]);
    bindings[`ENDPOINT_${p.toUpperCase()}`] = gateways.endpoints[p];
  }
  return { ...bindings, ...extra };
}

/** Every secret value the Worker holds: the token and each secret credential text. */
function secretTexts() {
  const texts = [API_TOKEN];
  const collect = (v) => {
    if (typeof v === "string") texts.push(v);
    else if (v && typeof v === "object") Object.values(v).forEach(collect);
  };
  // Each credential platforms() marks secret, on every platform.
  for (const info of platforms()) for (const field of info.credentials) if (field.secret) collect(gateways.credentials[info.id][field.name]);
  return texts;
}

/** The status, headers and body of an answer, after checking no secret is in its headers or body. */
async function inspect(res, where) {
  const body = await res.text();
  const headers = JSON.stringify([...res.headers]);
  for (const secret of secretTexts()) {
    assert.ok(!body.includes(secret), `${where}: the body carries a secret`);
    assert.ok(!headers.includes(secret), `${where}: a header carries a secret`);
  }
  return { status: res.status, headers: res.headers, body, json: body.startsWith("{") ? JSON.parse(body) : undefined };
}

/**
 * POSTs up to `chunks` KiB chunked (no Content-Length) with node:http, which, unlike fetch,
 * reads an answer that comes while it is still writing. → { status, body, written }.
 */
function chunkedPost(base, path, chunks) {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(new URL(path, base), { method: "POST", headers: { ...AUTH, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      const parts = [];
      res.on("data", (c) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString("utf8"), written }));
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    // One chunk at a time, each given 50 ms to be answered: when the Worker answers, no
    // unread bytes are left on the socket (they would turn its close into a reset).
    const chunk = Buffer.alloc(1024, "x");
    const writeMore = () => {
      if (answered || req.destroyed) return;
      if (written >= chunks) return req.end();
      written += 1;
      req.write(chunk, () => setTimeout(writeMore, 50));
    };
    writeMore();
  });
}

const DAY_MS = 86400e3;
const recentQuery = () => ({ since: Date.now() - 10 * DAY_MS, until: Date.now(), pageSize: 20, page: 1 });

/** [path, body] of a request to every route, for the anonymous and wrong-token checks. */
function everyRoute() {
  const calls = [["/nothing", "{}"], ["/health/extra", "{}"]];
  for (const p of PLATFORMS) {
    calls.push([`/validate/${p}`, { query: recentQuery() }]);
    calls.push([`/fetch/${p}`, { query: recentQuery() }]);
    calls.push([`/sign/${p}`, { query: recentQuery() }]);
    calls.push([`/normalize/${p}`, fixture(p, "doc_response.json")]);
  }
  return calls;
}

test("worker: anonymous, wrong-token and malformed-token calls get 401 on every route, in both modes, and no secret", async () => {
  for (const mode of ["production", "development"]) {
    const mf = workerIn(built.dir, gatewayBindings({ MODE: mode }));
    try {
      const before = gateways.simulators.wangdiantong.log.length;
      const credentialsTried = [
        ["anonymous", {}],
        ["wrong token", { authorization: `Bearer ${API_TOKEN.slice(0, -1)}x` }],
        ["prefix of the token", { authorization: `Bearer ${API_TOKEN.slice(0, 10)}` }],
        ["token not as bearer", { authorization: API_TOKEN }],
        ["basic", { authorization: `Basic ${btoa(`user:${API_TOKEN}`)}` }],
      ];
      for (const [who, headers] of credentialsTried) {
        for (const [path, body] of everyRoute()) {
          const res = await inspect(await post(mf, path, body, headers), `${mode} ${who} ${path}`);
          assert.equal(res.status, 401, `${mode} ${who} ${path}`);
          assert.match(res.headers.get("www-authenticate"), /^Bearer /);
          assert.equal(res.json.error.code, "unauthorized");
          assert.ok(res.json.error.message && res.json.error.messageZh);
        }
      }
      for (const [method, path] of [["GET", "/shops/shop-a/sync"], ["POST", "/shops/shop-a/sync"], ["GET", "/shops/shop-a/refunds"]]) {
        for (const [who, headers] of credentialsTried) {
          const res = await inspect(await mf.dispatchFetch(`http://worker${path}`, { method, headers }), `${mode} ${who} ${method} ${path}`);
          assert.equal(res.status, 401, `${mode} ${who} ${method} ${path}`);
        }
      }
      assert.equal(gateways.simulators.wangdiantong.log.length, before, "no unauthenticated call reached a platform");
      const health = await mf.dispatchFetch("http://worker/health");
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { ok: true });
    } finally {
      await mf.dispose();
    }
  }
});

test("worker: without an API_TOKEN secret (or with a short one) every authenticated route is closed: 503", async () => {
  for (const token of [undefined, "", "short-token"]) {
    const mf = workerIn(built.dir, gatewayBindings({ API_TOKEN: token }));
    try {
      for (const headers of [{}, { authorization: "Bearer " }, { authorization: `Bearer ${token}` }, AUTH]) {
        const res = await inspect(await post(mf, "/fetch/wangdiantong", { query: recentQuery() }, headers), `token ${token}`);
        assert.equal(res.status, 503);
        assert.equal(res.json.error.code, "auth_not_configured");
      }
      assert.equal((await mf.dispatchFetch("http://worker/health")).status, 200);
    } finally {
      await mf.dispose();
    }
  }
});

test("worker: an authorized /fetch signs with the secrets, calls the gateway and answers the normalized page, on every platform", async () => {
  const mf = workerIn(built.dir, gatewayBindings());
  try {
    for (const p of PLATFORMS) {
      const sent = gateways.simulators[p].log.length;
      const res = await inspect(await post(mf, `/fetch/${p}`, { query: recentQuery() }), `/fetch/${p}`);
      assert.equal(res.status, 200, `${p}: ${res.body.slice(0, 300)}`);
      assert.equal(gateways.simulators[p].log.length, sent + 1, `${p}: one request reached the gateway`);
      assert.equal(gateways.simulators[p].log.at(-1).error, null, `${p}: the gateway accepted the signature`);
      const page = res.json;
      assert.ok(page.refunds.length > 0, `${p}: refunds on the page`);
      assert.equal(page.rejected.length, 0, p);
      const truth = new Set(gateways.simulators[p].records().map((r) => r.id));
      for (const refund of page.refunds) {
        assert.equal(refund.platform, p);
        if (p !== "suning") assert.ok(truth.has(refund.id), `${p}: ${refund.id} is one of the gateway's`);
        assert.match(refund.updatedAt ?? refund.createdAt, /\+08:00$/);
      }
    }
  } finally {
    await mf.dispose();
  }
});

test("worker: /fetch relays a platform fault as 502 with the package's reason and never the signed request", async () => {
  const mf = workerIn(built.dir, gatewayBindings());
  try {
    gateways.simulators.wangdiantong.inject("server_error");
    const fault = await inspect(await post(mf, "/fetch/wangdiantong", { query: recentQuery() }), "server_error");
    assert.equal(fault.status, 502, JSON.stringify(gateways.simulators.wangdiantong.log.slice(-3)));
    assert.equal(fault.json.error.code, "http_error");
    assert.equal(fault.json.error.httpStatus, 500);
    assert.equal(fault.json.error.retryable, true);
    assert.ok(fault.json.error.messageZh);
    for (const key of ["url", "headers", "body", "sign", "stack"]) assert.ok(!(key in fault.json.error), key);

    const unreachable = workerIn(built.dir, gatewayBindings({ ENDPOINT_WANGDIANTONG: "http://127.0.0.1:9/closed" }));
    try {
      const res = await inspect(await post(unreachable, "/fetch/wangdiantong", { query: recentQuery() }), "unreachable");
      assert.equal(res.status, 502);
      assert.equal(res.json.error.code, "platform_unreachable");
      assert.ok(!res.body.includes("127.0.0.1:9"), "the endpoint is not echoed");
    } finally {
      await unreachable.dispose();
    }
  } finally {
    await mf.dispose();
  }
});

test("worker: production refuses options.now and options.endpoint and has no /sign; development has both", async () => {
  const production = workerIn(built.dir, gatewayBindings());
  const development = workerIn(built.dir, gatewayBindings({ MODE: "development" }));
  try {
    for (const [name, value] of [["now", 1470042310000], ["endpoint", "http://127.0.0.1:1/elsewhere"]]) {
      const res = await inspect(await post(production, "/fetch/wangdiantong", { query: recentQuery(), options: { [name]: value } }), name);
      assert.equal(res.status, 400, name);
      assert.equal(res.json.error.code, "invalid_options");
      assert.equal(res.json.error.path, `options.${name}`);
    }
    const validateNow = await post(production, "/validate/wangdiantong", { query: {}, options: { now: 0 } });
    assert.equal(validateNow.status, 400);
    for (const p of PLATFORMS) {
      const res = await inspect(await post(production, `/sign/${p}`, { query: recentQuery() }), `/sign/${p}`);
      assert.equal(res.status, 404, p);
    }
    const signed = await post(development, "/sign/wangdiantong", { query: recentQuery(), options: { now: Date.now() } });
    assert.equal(signed.status, 200);
    const request = await signed.json();
    assert.ok(request.url.startsWith(gateways.endpoints.wangdiantong), "development signs for ENDPOINT_WANGDIANTONG");
    assert.match(request.body, /sign=[0-9a-f]{32}/);
    const redirected = await post(development, "/fetch/wangdiantong", { query: recentQuery(), options: { endpoint: gateways.endpoints.wangdiantong } });
    assert.equal(redirected.status, 200);
  } finally {
    await production.dispose();
    await development.dispose();
  }
});

test("worker: a body over MAX_BODY_BYTES is 413 before any work, with or without Content-Length", async () => {
  const mf = workerIn(built.dir, gatewayBindings({ MAX_BODY_BYTES: "2048" }));
  try {
    const sent = gateways.simulators.wangdiantong.log.length;
    const big = JSON.stringify({ query: recentQuery(), padding: "x".repeat(4096) });
    for (const path of ["/fetch/wangdiantong", "/validate/wangdiantong", "/normalize/wangdiantong", "/sign/wangdiantong"]) {
      const res = await inspect(await post(mf, path, big), path);
      assert.equal(res.status, path.startsWith("/sign") ? 404 : 413, path);
      if (res.status === 413) assert.equal(res.json.error.code, "body_too_large");
    }
    // A stream without a length (chunked): the Worker stops reading past the limit.
    const streamed = await chunkedPost(await mf.ready, "/normalize/wangdiantong", 1000);
    assert.equal(streamed.status, 413);
    assert.equal(JSON.parse(streamed.body).error.code, "body_too_large");
    assert.ok(streamed.written < 1000, `the Worker stopped reading (${streamed.written} of 1000 chunks written)`);
    assert.equal(gateways.simulators.wangdiantong.log.length, sent, "nothing reached the platform");
    const small = await post(mf, "/fetch/wangdiantong", { query: recentQuery() });
    assert.equal(small.status, 200, "a body within the limit is served");
  } finally {
    await mf.dispose();
  }
});

test("worker: CORS headers only for the origins in ALLOWED_ORIGINS, with the preflight answered", async () => {
  const mf = workerIn(built.dir, gatewayBindings());
  try {
    const preflight = (origin) =>
      mf.dispatchFetch("http://worker/fetch/wangdiantong", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
    const allowed = await preflight(ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(allowed.headers.get("access-control-allow-headers"), /Authorization/);
    assert.match(allowed.headers.get("access-control-allow-methods"), /POST/);
    const refused = await preflight("https://evil.example.net");
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("access-control-allow-origin"), null);

    const call = (origin) => post(mf, "/validate/wangdiantong", { query: {} }, { ...AUTH, origin });
    const fromAdmin = await call(ORIGIN);
    assert.equal(fromAdmin.status, 200);
    assert.equal(fromAdmin.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(fromAdmin.headers.get("vary"), /Origin/);
    for (const origin of ["https://evil.example.net", "https://admin.example.com.evil.net", "null", `${ORIGIN}/`]) {
      const res = await call(origin);
      assert.equal(res.headers.get("access-control-allow-origin"), null, origin);
    }
    const denied = await post(mf, "/validate/wangdiantong", { query: {} }, { origin: ORIGIN });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("access-control-allow-origin"), ORIGIN, "the console can read why it was refused");
  } finally {
    await mf.dispose();
  }
});

test("worker: an unexpected exception is a generic bilingual 500, without its message or stack; redaction replaces secrets", async () => {
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.join(" "));
  let res;
  try {
    res = errorResponse(new TypeError("appSecret=wdt-demo-secret-41c9 at handler (index.js:1:1)"));
  } finally {
    console.error = original;
  }
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.deepEqual(JSON.parse(text), { error: { code: "internal_error", message: "internal error", messageZh: "内部错误", retryable: true } });
  assert.ok(!logged.join("\n").includes("wdt-demo-secret"), "the log names the error's class only");
  assert.equal(redact('{"m":"key wdt-demo-secret-41c9 and \\"q\\"uote"}', ["wdt-demo-secret-41c9", '"q"uote', "ab"]), '{"m":"key [redacted] and [redacted]"}');
});
