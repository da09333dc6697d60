// The scheduled sync: one RefundSync step per cron tick, the cursor in SYNC_KV, each page of
// new refunds in REFUNDS_KV.
import { RefundError, RefundSync } from "refund-normalizer";
import { credentialsFor, endpointFor } from "./config.js";
import { send } from "./platform.js";
import { HttpError } from "./http.js";

const CURSOR_KEY = "cursor";

// Vars are text: digits are epoch milliseconds, anything else a time text.
const timeVar = (value) => (/^\d+$/.test(value ?? "") ? Number(value) : value);

/** One step of the configured sync: load the cursor, send one request, store refunds and cursor. */
export async function syncStep(env) {
  const platform = env.SYNC_PLATFORM;
  const saved = await env.SYNC_KV.get(CURSOR_KEY, "json");
  const sync = saved ? RefundSync.fromJSON(saved) : new RefundSync(platform, { since: timeVar(env.SYNC_SINCE), until: timeVar(env.SYNC_UNTIL) });
  const endpoint = endpointFor(platform, env);
  const request = sync.next(credentialsFor(platform, env).credentials, endpoint ? { endpoint } : undefined);
  if (!request) return { done: true, progress: sync.progress() };
  let page;
  try {
    const reply = await send(request, env);
    page = sync.accept(reply.body, { httpStatus: reply.status });
  } catch (e) {
    // The cursor did not move: the next tick retries with a freshly signed request.
    if (e instanceof RefundError || e instanceof HttpError) return { done: false, error: { code: e.code, retryable: e.retryable } };
    throw e;
  }
  const progress = sync.progress();
  if (page.refunds.length > 0) {
    await env.REFUNDS_KV.put(`refunds:${platform}:${String(progress.requests).padStart(6, "0")}`, JSON.stringify(page.refunds));
  }
  await env.SYNC_KV.put(CURSOR_KEY, JSON.stringify(sync));
  return { done: progress.done, progress, emitted: page.refunds.length };
}
