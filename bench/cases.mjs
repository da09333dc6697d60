// The benchmark's platforms, one file each: bench/platforms/<id>.mjs for every platform of the
// package's platforms() (a platform without its file fails here, naming the file to add). Every
// script and the equivalence test take their platforms and cases from this module, never from a
// list of ids of their own.
//
// A platform's file exports, as its default:
//   id                   its platform id, the file's name
//   cases                its seeded pages: [{ name, generate(n, r, bigIds) → body text, xml?, bigIdNumbers? }]
//                        `name` is what the scripts print and take (`--platforms suning-xml`);
//                        `xml`: the body is XML, so its (a) is fast-xml-parser and it has no (b)
//                        and no bare JSON.parse; `bigIdNumbers`: ids above 2^53 are bare JSON
//                        numbers, which JSON.parse rounds (the caveat of every (a) number)
//   map(doc, options)    its baseline mapping: a parsed document → the page parseResponse returns
//   parseXml(text)?      an XML body → the document `map` takes (fast-xml-parser)
//   signer?              { sign(md5, credentials, query, nowSeconds) → { url, method, headers, body },
//                          credentials }: present exactly when platforms() says the platform signs
//   fixtures             files of tests/fixtures/<id>/ on which the baselines equal parseResponse
//   plainLossy?          { file: why (a) differs there } for fixtures JSON.parse cannot read exactly
//
// The baselines, the JavaScript alternatives parseResponse is timed against, are one mapping
// per platform behind two parsers:
//   (a) "plain":    JSON.parse + mapping (XML bodies: fast-xml-parser + the same mapping).
//                   Numbers go through float64, so ids above 2^53 lose digits: the only place
//                   it cannot equal refund-normalizer.
//   (b) "lossless": lossless-json's parse (numbers kept as their text) + the same mapping: the
//                   correct one.
// A mapping covers what the benchmark's pages and the platform's `fixtures` exercise (every
// status/kind table, money rules, zero dates, warnings); rare error envelopes are left out.

import { existsSync } from "node:fs";
import { parse as losslessJsonParse } from "lossless-json";
import { platforms } from "refund-normalizer";
import { rng } from "./shared/pages.mjs";
import { md5Impls, SIGN_NOW, SIGN_QUERY } from "./shared/signing.mjs";

export { md5Impls, SIGN_NOW, SIGN_QUERY };

async function load(id) {
  const file = new URL(`./platforms/${id}.mjs`, import.meta.url);
  if (!existsSync(file)) {
    throw new Error(`bench/platforms/${id}.mjs is missing: every platform of platforms() needs its benchmark (pages, baseline, signer when it signs; CONTRIBUTING.md)`);
  }
  const platform = (await import(file)).default;
  if (platform?.id !== id) throw new Error(`bench/platforms/${id}.mjs declares id ${platform?.id}`);
  return [id, platform];
}

/** Every platform's benchmark file, by id, in the order of platforms(). */
export const PLATFORMS = Object.fromEntries(await Promise.all(platforms().map(({ id }) => load(id))));

const byName = new Map(Object.values(PLATFORMS).flatMap((p) => p.cases.map((c) => [c.name, { ...c, platform: p.id }])));
/** Every case's name: a platform's page, or a variant of it ("suning-xml"). */
export const CASES = [...byName.keys()];

/** A case: { name, platform, generate, xml, bigIdNumbers }. */
export function caseOf(name) {
  const found = byName.get(name);
  if (!found) throw new Error(`no benchmark case ${name}: one of ${CASES.join(", ")}`);
  return found;
}

/** The platform id a case parses with. */
export const platformOf = (name) => caseOf(name).platform;

/**
 * A page of `n` records of case `name`: the same seed and `n` give the same text, byte for byte.
 * `bigIds: false` keeps every numeric id below 2^53 (so a JSON.parse baseline can be exact); the
 * benchmark itself always uses big ids.
 */
export function generate(name, n, { bigIds = true, seed = 20240601 } = {}) {
  return caseOf(name).generate(n, rng(seed + n), bigIds);
}

const decoder = new TextDecoder();
const asText = (body) => (typeof body === "string" ? body : decoder.decode(body));

/** (a) JSON.parse + mapping; an XML body, where the platform has parseXml, through fast-xml-parser. */
export function plainParse(platform, body, options) {
  const { map, parseXml } = PLATFORMS[platform];
  const text = asText(body);
  if (parseXml && text.trimStart().startsWith("<")) return map(parseXml(text), options);
  return map(JSON.parse(text), options);
}

/** (b) lossless-json + the same mapping: ids and amounts exact. */
export function losslessParse(platform, body, options) {
  return PLATFORMS[platform].map(losslessJsonParse(asText(body)), options);
}

/** The platforms with a JS signer: those platforms() says sign. */
export const SIGNED_PLATFORMS = Object.values(PLATFORMS)
  .filter((p) => p.signer)
  .map((p) => p.id);

/** The credentials a platform's signer and buildRequest are timed and compared with. */
export const signCredentials = (platform) => PLATFORMS[platform].signer.credentials;

/** buildRequest's twin over `md5`: `options.now` in epoch milliseconds, as buildRequest takes it. */
export function jsBuildRequest(md5, platform, credentials, query, options) {
  return PLATFORMS[platform].signer.sign(md5, credentials, query, Math.floor(options.now / 1000));
}

/** The texts a platform's signer hashes for its credentials, SIGN_QUERY and SIGN_NOW, in order:
 * what MD5 alone costs of a signature. */
export function signedTexts(platform) {
  const texts = [];
  const recording = (text) => {
    texts.push(text);
    return md5Impls.crypto(text);
  };
  jsBuildRequest(recording, platform, signCredentials(platform), SIGN_QUERY, { now: SIGN_NOW });
  return texts;
}
