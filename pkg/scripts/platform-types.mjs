// The TypeScript declarations that name the platforms, written from the registry: what
// `platforms()` says of each (its id, credentials and buildRequest options). build.mjs writes
// them to pkg/platforms.d.ts, which index.d.ts re-exports; tests/js/typescript.test.mjs checks
// the file is what this writes. A platform added to the crate gets its types from here.

const TS_TYPES = { string: "string", boolean: "boolean", object: "Record<string, string>" };

const literals = (values) => values.map((v) => JSON.stringify(v)).join(" | ");

// A doc comment at `indent` of `lines` (`*/` cannot occur in them: the registry's texts are ours).
function doc(lines, indent) {
  if (lines.some((l) => l.includes("*/"))) throw new Error(`platform-types: "*/" in a description: ${lines.join(" ")}`);
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join("")}${indent} */\n`;
}

function credentialType(field) {
  const type = TS_TYPES[field.type];
  if (type === undefined) throw new Error(`platform-types: credential ${field.name} has type ${field.type}, which has no TypeScript type here`);
  return field.values.length > 0 ? literals(field.values) : type;
}

/** pkg/platforms.d.ts for `infos`, the array `platforms()` returns. */
export function platformTypes(infos) {
  let out = `// Written by pkg/scripts/build.mjs from platforms(), the crate's registry: do not edit.
// index.d.ts re-exports these; a new platform gets its types from its registry entry.

/** A platform's id, as \`platforms()\` lists them. */
export type PlatformId = ${literals(infos.map((info) => info.id))};

/**
 * Each platform's credentials, camelCase on every platform (the \`credentials\` of
 * \`platforms()\`).
 */
export interface CredentialsByPlatform {
`;
  for (const info of infos) {
    out += doc([`${info.nameEn} (${info.nameZh})`], "  ");
    out += `  ${info.id}: {\n`;
    for (const field of info.credentials) {
      out += doc([field.description + (field.secret ? " (a secret: never shown or logged)" : "")], "    ");
      out += `    ${field.name}${field.required ? "" : "?"}: ${credentialType(field)};\n`;
    }
    out += "  };\n";
  }
  out += `}

/** The platform switches of \`buildRequest\`'s options: each platform reads its own (\`platforms()\`'s \`options\`). */
export interface PlatformOptions {
`;
  const byName = new Map();
  for (const info of infos) {
    for (const option of info.options) {
      const seen = byName.get(option.name) ?? { values: new Set(), free: false, lines: [] };
      for (const v of option.values) seen.values.add(v);
      seen.free ||= option.values.length === 0;
      seen.lines.push(`${info.nameEn}: ${option.description}${option.default === null ? "" : ` (default ${JSON.stringify(option.default)})`}.`);
      byName.set(option.name, seen);
    }
  }
  for (const [name, option] of byName) {
    out += doc(option.lines, "  ");
    out += `  ${name}?: ${option.free ? "string" : literals([...option.values])};\n`;
  }
  return out + "}\n";
}
