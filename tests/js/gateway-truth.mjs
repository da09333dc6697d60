// DESIGN.md's rules for the gateway tests' expected values (times, money), written
// independently of the package: each platform's kit (`gatewayTruth`) derives with them what
// its gateway's records must become, and gateways.test.mjs compares the package's pages with it.

const pad = (n) => String(n).padStart(2, "0");
/** Epoch seconds → RFC 3339 in Beijing time. */
export function rfc(epoch) {
  const d = new Date((Number(epoch) + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}
/** A Beijing wall time (`yyyy-MM-dd HH:mm:ss`) → RFC 3339; empty or all zeros → null. */
export const rfcText = (wall) => (wall && wall !== "0000-00-00 00:00:00" ? `${wall.replace(" ", "T")}+08:00` : null);
/** An empty or absent text → null. */
export const orNull = (text) => (text === "" || text === undefined ? null : text);
/** DESIGN.md "Money format": at least two decimals, trailing zeros past the second trimmed. */
export function yuan(text) {
  const [int, frac = ""] = String(text).split(".");
  const trimmed = frac.replace(/0+$/, "");
  return `${int}.${trimmed.padEnd(2, "0")}`;
}
/** 分 (digit string) → yuan, by string surgery. */
export const fen = (digits) => {
  const s = String(digits).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};
