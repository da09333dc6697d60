// Bearer-token authentication for every route but GET /health.
//
// Invariant: fail closed. Without an API_TOKEN secret of at least MIN_TOKEN_LENGTH characters
// nothing is authenticated (503); a missing or different token is 401. The comparison hashes
// both tokens with SHA-256 and compares the digests with crypto.subtle.timingSafeEqual, so
// neither the length nor the first differing byte of the secret shows in the timing.
import { HttpError } from "./http.js";

export const MIN_TOKEN_LENGTH = 32;

const encoder = new TextEncoder();
const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));

const challenge = (error) => ({ "www-authenticate": error ? `Bearer realm="refund-normalizer", error="${error}"` : 'Bearer realm="refund-normalizer"' });

/** The token of an `Authorization: Bearer <token>` header, or null. */
function bearerToken(request) {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  return match ? match[1] : null;
}

/** Resolves when the request carries the Worker's API_TOKEN; throws HttpError 401/503 otherwise. */
export async function authenticate(request, env) {
  const expected = env.API_TOKEN;
  if (typeof expected !== "string" || expected.length < MIN_TOKEN_LENGTH) {
    throw new HttpError(
      503,
      "auth_not_configured",
      `authentication is not configured: set the secret API_TOKEN (at least ${MIN_TOKEN_LENGTH} characters)`,
      `未配置认证:请设置 secret API_TOKEN(至少 ${MIN_TOKEN_LENGTH} 个字符)`,
    );
  }
  const given = bearerToken(request);
  if (given === null) {
    throw new HttpError(401, "unauthorized", "send Authorization: Bearer <API_TOKEN>", "请发送 Authorization: Bearer <API_TOKEN>", { headers: challenge() });
  }
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  if (!crypto.subtle.timingSafeEqual(a, b)) {
    throw new HttpError(401, "unauthorized", "the bearer token is not valid", "bearer 令牌无效", { headers: challenge("invalid_token") });
  }
}
