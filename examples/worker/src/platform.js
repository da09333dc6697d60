// Sending a signed request to a platform and reading its reply, bounded in time and size.
// Shared by the /fetch route and the sync workflow.
import { HttpError, intVar, readCapped } from "./http.js";

const DEFAULT_MAX_PLATFORM_BYTES = 32 * 1024 * 1024;
const DEFAULT_PLATFORM_TIMEOUT_MS = 30_000;

/** A platform that could not be reached or answered past the limits: 502 (retryable unless too large). */
const unreachable = () =>
  new HttpError(502, "platform_unreachable", "the platform could not be reached or did not answer in time", "无法连接平台或平台未及时响应", { retryable: true });
const replyTooLarge = (limit) =>
  new HttpError(502, "platform_reply_too_large", `the platform's reply is over ${limit} bytes`, `平台响应超过 ${limit} 字节`);

/**
 * Sends `signed` (buildRequest's output) and returns `{ status, body }` with the reply's bytes.
 * Redirects are not followed: a platform never redirects an API call, a proxy's login page does.
 */
export async function send(signed, env) {
  let reply;
  try {
    reply = await fetch(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body,
      redirect: "manual",
      signal: AbortSignal.timeout(intVar(env, "PLATFORM_TIMEOUT_MS", DEFAULT_PLATFORM_TIMEOUT_MS)),
    });
  } catch {
    throw unreachable();
  }
  try {
    return { status: reply.status, body: await readCapped(reply, intVar(env, "MAX_PLATFORM_BYTES", DEFAULT_MAX_PLATFORM_BYTES), replyTooLarge) };
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw unreachable();
  }
}
