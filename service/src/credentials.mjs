// Where a shop's credentials come from. The database stores only the source (`env:NAME` or
// `file:PATH`), never the values; the values live in this process's memory while a shop is
// synced and are never logged (the service logs no request, header or body).
//
// Without an explicit source a shop's credentials are looked up, in order:
//   1. the environment variable REFUND_SYNC_CREDENTIALS_<SHOP> (the shop name upper-cased, every
//      character other than A–Z and 0–9 as "_"), holding the credentials as JSON;
//   2. the file <secrets dir>/<shop>.json (--secrets-dir, or REFUND_SYNC_SECRETS_DIR).
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

export const envName = (shop) => `REFUND_SYNC_CREDENTIALS_${shop.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;

/** A source as an operator writes it: "env:NAME" or "file:PATH"; throws on anything else. */
export function checkSource(source) {
  if (source === null || source === undefined || source === "") return null;
  if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(source) || /^file:.+/.test(source)) return source;
  throw new Error(`credentials source must be env:NAME or file:PATH, got ${JSON.stringify(source)}`);
}

export class CredentialsMissing extends Error {
  constructor(shop, where) {
    super(`no credentials for shop ${shop}: looked in ${where.join(", ")}`);
    this.code = "credentials_missing";
    this.retryable = false;
  }
}

/**
 * The credentials of `shop`, or throws CredentialsMissing. `fallback` (the local gateways' demo
 * credentials with --gateways) is used when no source has them.
 */
export function loadCredentials(shop, { source = null, secretsDir = process.env.REFUND_SYNC_SECRETS_DIR, env = process.env, fallback = null } = {}) {
  const tried = [];
  const parse = (text, where) => {
    try {
      const value = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
    } catch {
      // The text is a secret: the message names only where it came from.
    }
    throw Object.assign(new Error(`credentials for shop ${shop} in ${where} are not a JSON object`), { code: "credentials_invalid", retryable: false });
  };
  const fromEnv = (name) => {
    tried.push(`$${name}`);
    return env[name] !== undefined && env[name] !== "" ? parse(env[name], `$${name}`) : null;
  };
  const fromFile = (path) => {
    tried.push(path);
    let text;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      if (e.code === "ENOENT") return null;
      throw Object.assign(new Error(`cannot read the credentials file ${path}: ${e.code}`), { code: "credentials_unreadable", retryable: false });
    }
    return parse(text, path);
  };

  let found = null;
  if (source?.startsWith("env:")) found = fromEnv(source.slice(4));
  else if (source?.startsWith("file:")) {
    const path = source.slice(5);
    found = fromFile(isAbsolute(path) || !secretsDir ? resolve(path) : join(secretsDir, path));
  } else {
    found = fromEnv(envName(shop)) ?? (secretsDir ? fromFile(join(secretsDir, `${shop}.json`)) : null);
  }
  if (found) return found;
  if (fallback) return fallback;
  throw new CredentialsMissing(shop, tried);
}
