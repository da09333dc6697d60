// The published types: they compile for an ESM and a CommonJS TypeScript user, `tsc --strict`
// rejects the mistakes they exist to catch (tests/js/types/fail/, one mistake a file), and
// their code lists and credential shapes are the crate's own (read from src/ and from
// platforms(), which platforms.d.ts is written from).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { buildRequest, platforms } from "refund-normalizer";
import { platformTypes } from "../../pkg/scripts/platform-types.mjs";
import { CREDENTIALS } from "../../gateways/credentials.mjs";
import { root } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const failDir = join(here, "types", "fail");

test("tsc accepts typical ESM and CommonJS usage", () => {
  const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(here, "types", "tsconfig.json")], { stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("tsc --strict rejects each mistake in types/fail/, at the line marked", () => {
  const files = readdirSync(failDir).filter((f) => f.endsWith(".mts")).map((f) => join(failDir, f));
  assert.ok(files.length >= 8, "the snippets are there");
  const config = ts.readConfigFile(join(here, "types", "tsconfig.json"), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(here, "types"));
  const program = ts.createProgram(files, options);
  for (const file of files) {
    const source = program.getSourceFile(file);
    const errors = [...program.getSemanticDiagnostics(source), ...program.getSyntacticDiagnostics(source)];
    // The line after `// error:` is the one that must fail; nothing else may.
    const lines = source.text.split("\n");
    const marked = lines.findIndex((l) => l.trim().startsWith("// error:")) + 1;
    assert.ok(marked > 0, `${file}: a line marked // error:`);
    const at = errors.map((d) => source.getLineAndCharacterOfPosition(d.start).line);
    assert.ok(at.includes(marked), `${file}: tsc accepted line ${marked + 1}: ${lines[marked]}`);
    assert.deepEqual([...new Set(at)], [marked], `${file}: errors elsewhere: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`);
  }
});

// ---- the declarations against the crate ----

const declarations = (() => {
  const file = join(root, "pkg", "index.d.ts");
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbols = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((s) => [s.name, s]));
  // A re-export (the platform types of platforms.d.ts) is an alias of its declaration.
  const resolved = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const typeOf = (name) => checker.getDeclaredTypeOfSymbol(resolved(symbols.get(name)));
  return { checker, typeOf };
})();

/** The string literals of a union type alias of index.d.ts, sorted. */
function unionOf(name) {
  const type = declarations.typeOf(name);
  const members = type.isUnion() ? type.types : [type];
  return members.map((t) => t.value).sort();
}

/** The Rust sources under src/, outside #[cfg(test)] modules. */
function rustSources() {
  return readdirSync(join(root, "src"), { recursive: true })
    .filter((f) => f.endsWith(".rs"))
    .map((f) => {
      const text = readFileSync(join(root, "src", f), "utf8");
      const tests = text.indexOf("#[cfg(test)]\nmod tests");
      return tests < 0 ? text : text.slice(0, tests);
    });
}

/** The text of argument `n` (0-based) of every call to `callee` in the Rust sources. */
function argumentsOf(callee, n) {
  const out = [];
  for (const text of rustSources()) {
    for (let at = text.indexOf(`${callee}(`); at >= 0; at = text.indexOf(`${callee}(`, at + 1)) {
      let i = at + callee.length + 1;
      let depth = 0;
      let current = "";
      const args = [];
      for (; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          const end = text.indexOf('"', i + 1);
          current += text.slice(i, end + 1);
          i = end;
          continue;
        }
        if ("([{".includes(c)) depth++;
        if (")]}".includes(c)) {
          if (depth === 0) break;
          depth--;
        }
        if (c === "," && depth === 0) {
          args.push(current.trim());
          current = "";
          continue;
        }
        current += c;
      }
      args.push(current.trim());
      out.push(args[n]);
    }
  }
  return out;
}

/** The codes given to `callee` as its argument `n`: string literals only (a code held in a
 * variable would hide from this test, so it fails instead). */
function codesOf(callee, n) {
  const codes = new Set();
  const calls = argumentsOf(callee, n);
  for (const arg of calls) {
    const literals = [...arg.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    assert.ok(literals.length > 0, `${callee}: a code that is not a literal (${arg}); read it here`);
    for (const c of literals) codes.add(c);
  }
  assert.ok(calls.length >= 5, `${callee}: the calls are found`);
  return [...codes].sort();
}

test("IssueCode is every code the crate gives an Issue", () => {
  assert.deepEqual(unionOf("IssueCode"), codesOf("Issue::new", 1));
});

test("RejectedCode is every code the crate rejects a record with", () => {
  assert.deepEqual(unionOf("RejectedCode"), codesOf("FieldError::new", 1));
});

test("ErrorCode is the crate's ErrorCode and the codes the JS layer throws", () => {
  const rust = readFileSync(join(root, "src", "error.rs"), "utf8");
  const crate = [...rust.matchAll(/ErrorCode::\w+ => "([a-z_]+)"/g)].map((m) => m[1]);
  assert.ok(crate.length >= 9);
  const js = new Set();
  for (const f of readdirSync(join(root, "pkg", "src")).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(join(root, "pkg", "src", f), "utf8");
    // fail("code", …) and new RefundError({ code: "code", … }): the errors the JS layer makes.
    for (const m of text.matchAll(/\bfail\(\s*"([a-z_]+)"|new RefundError\(\{\s*code: "([a-z_]+)"/g)) js.add(m[1] ?? m[2]);
  }
  assert.deepEqual(unionOf("ErrorCode"), [...new Set([...crate, ...js])].sort());
});

/** The members of a union of string literals (`"a" | "b"`), or null for any other type. */
function stringLiterals(type) {
  const members = type.isUnion() ? type.types : [type];
  return members.every((m) => m.isStringLiteral()) ? members.map((m) => m.value) : null;
}

test("platforms.d.ts is what the registry writes (build.mjs writes it; a hand edit is caught here)", () => {
  assert.equal(readFileSync(join(root, "pkg", "platforms.d.ts"), "utf8"), platformTypes(platforms()));
});

test("a credential's listed values are exactly what buildRequest takes", () => {
  const listed = platforms().flatMap((info) => info.credentials.filter((c) => c.values.length > 0).map((c) => [info.id, c]));
  assert.ok(listed.length > 0, "淘宝/天猫 signMethod lists its values");
  for (const [id, { name, values }] of listed) {
    for (const value of values) buildRequest(id, { ...CREDENTIALS[id], [name]: value }, {});
    assert.throws(() => buildRequest(id, { ...CREDENTIALS[id], [name]: `${values[0]}-not` }, {}), (e) => e.code === "invalid_credentials" && e.path === `credentials.${name}`, `${id} ${name}`);
  }
});

test("CredentialsByPlatform is each platform's credentials as platforms() lists them", () => {
  const { checker, typeOf } = declarations;
  const byPlatform = typeOf("CredentialsByPlatform");
  const tsType = { string: "string", boolean: "boolean", object: "Record<string, string>" };
  for (const info of platforms()) {
    const shape = checker.getTypeOfSymbol(byPlatform.getProperty(info.id));
    const declared = shape
      .getProperties()
      .map((p) => {
        const type = checker.getNonNullableType(checker.getTypeOfSymbol(p));
        const literals = stringLiterals(type);
        return { name: p.name, required: !(p.flags & ts.SymbolFlags.Optional), type: literals ? "string" : checker.typeToString(type), values: literals ?? [] };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const listed = info.credentials.map((c) => ({ name: c.name, required: c.required, type: tsType[c.type], values: c.values })).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(declared, listed, info.id);
  }
});
