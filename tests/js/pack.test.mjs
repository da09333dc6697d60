// `npm pack` gives a package that installs and works in a scratch project, by import and require.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers.mjs";

test("npm pack → npm install in a scratch project → import and require work", () => {
  const scratch = mkdtempSync(join(tmpdir(), "rn-pack-"));
  try {
    const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", scratch], { cwd: join(root, "pkg"), encoding: "utf8" });
    const tarball = join(scratch, out.trim().split("\n").pop());
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: scratch, stdio: "pipe" });
    const check = 'const p = rn.parseResponse("wangdiantong", \'{"code":0,"trade_list":[{"refund_no":"R","refund_amount":"1.5000"}]}\'); if (p.refunds[0].requestedAmount !== "1.50") throw new Error("bad"); console.log("ok");';
    writeFileSync(join(scratch, "esm.mjs"), `import * as rn from "refund-normalizer";\n${check}`);
    writeFileSync(join(scratch, "cjs.cjs"), `const rn = require("refund-normalizer");\n${check}`);
    assert.equal(execFileSync(process.execPath, ["esm.mjs"], { cwd: scratch, encoding: "utf8" }).trim(), "ok");
    assert.equal(execFileSync(process.execPath, ["cjs.cjs"], { cwd: scratch, encoding: "utf8" }).trim(), "ok");
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    assert.ok(files.includes("package/dist/refund_normalizer_bg.wasm"));
    for (const shipped of ["package/LICENSE", "package/README.md", "package/bin/refund-normalizer.mjs", "package/index.d.ts", "package/index.d.cts", "package/platforms.d.ts"]) assert.ok(files.includes(shipped), shipped);
    assert.ok(!files.some((f) => f.includes("scripts/") || f.endsWith(".rs")), "no build scripts or Rust sources shipped");
    assert.ok(!files.some((f) => f.includes("dist-test")), "not the tests' wasm");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
