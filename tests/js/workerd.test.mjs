// The package inside workerd, through its `workerd` export condition: wrangler bundles a
// Worker that imports "refund-normalizer" by name, and Miniflare runs the bundle.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { fixture } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
let mf;
let outdir;

before(async () => {
  outdir = mkdtempSync(join(tmpdir(), "rn-worker-"));
  execFileSync(join(here, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir, "--config", join(here, "worker", "wrangler.toml")], {
    cwd: here,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: "pipe",
  });
  assert.ok(readdirSync(outdir).some((f) => f.endsWith(".wasm")), "wrangler kept the .wasm as a module");
  mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, "index.js"),
    modulesRoot: outdir,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
  });
});

after(async () => {
  await mf?.dispose();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const post = (path, body) => mf.dispatchFetch(`http://worker${path}`, { method: "POST", body: JSON.stringify(body) });

test("workerd: the API is ready at import and lists the platforms", async () => {
  const res = await mf.dispatchFetch("http://worker/platforms");
  assert.deepEqual(await res.json(), ["shopex", "wangdiantong", "mogujie", "suning", "nuoyun"]);
});

test("workerd: signs the NOTES.md worked example", async () => {
  const res = await post("/sign/wangdiantong", {
    credentials: { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" },
    query: { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" },
    options: { now: 1470042310000 },
  });
  const req = await res.json();
  assert.match(req.body, /sign=b6b3b7882f9a48858fa18e701d5485b9$/);
});

test("workerd: normalizes the 旺店通 doc example from text and from bytes", async () => {
  const body = fixture("wangdiantong", "doc_response.json");
  const fromText = await (await post("/parse/wangdiantong", { body: body.toString("utf8") })).json();
  const fromBytes = await (await post("/parse-bytes/wangdiantong", { bytes: [...body] })).json();
  assert.equal(fromText.refunds.length, 3);
  assert.equal(fromText.refunds[1].requestedAmount, "100.00");
  assert.deepEqual(fromBytes, fromText);
});

test("workerd: bad input is a RefundError, never an uncaught trap", async () => {
  const cases = [
    ["/parse/wangdiantong", { body: "<html>502</html>" }],
    ["/parse/wangdiantong", { body: 12 }],
    ["/parse-bytes/wangdiantong", { bytes: [0x7b, 0xff, 0x7d] }],
    ["/parse/unknown", { body: "{}" }],
    ["/sign/wangdiantong", { credentials: null, query: {} }],
    ["/sign/wangdiantong", { credentials: { sid: 1 }, query: { pageSize: "x", extra: 1 } }],
  ];
  for (const [path, body] of cases) {
    const res = await post(path, body);
    const json = await res.json();
    assert.equal(res.status, 400, `${path} ${JSON.stringify(json)}`);
    assert.equal(json.error.name, "RefundError");
  }
});
