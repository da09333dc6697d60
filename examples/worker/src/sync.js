// The Workflow that syncs one shop: one instance per shop sync, each page a durable step.
//
//   open     the shop's saved cursor or a new range (shops.js openSync)
//   page n   sign, fetch, normalize, store: the page's refunds and the new cursor in one D1
//            batch; returns the RefundSync state, which the next step resumes from
//   close    the range is done (synced_until moves) or the page budget is spent (the cursor
//            stays in D1 and the next cron goes on from it)
//
// A retryable RefundError (rate limit, 5xx, a body cut short) or an unreachable platform makes
// the step throw a plain Error: Workflows retries it with backoff, and the retry re-signs the
// same request from the step's input state. Anything else is a NonRetryableError. A step that
// fails after storing is harmless: the upsert is keyed and keeps the newer version.
//
//   SYNC_MAX_PAGES        pages per instance (default 300): bounds steps and subrequests
//   SYNC_RETRY_LIMIT      retries per page (default 5)
//   SYNC_RETRY_DELAY_MS   first retry delay, doubled each time (default 10000)
//   SYNC_STEP_TIMEOUT_MS  wall time per attempt (default 120000)
//   SYNC_FAULTS           development only: {"<shop>": {"page": n, "attempts": k}} throws after
//                         the fetch and before the store on the first k attempts of page n
import { WorkflowEntrypoint } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import { RefundSync } from "refund-normalizer";
import { intVar } from "./http.js";
import { endpointFor, isDevelopment } from "./config.js";
import { send } from "./platform.js";
import { errorReason, openSync, shopConfig } from "./shops.js";
import { finishShop, getShop, recordError, stopShop, storePage } from "./store.js";

function stepConfig(env) {
  return {
    retries: { limit: intVar(env, "SYNC_RETRY_LIMIT", 5), delay: intVar(env, "SYNC_RETRY_DELAY_MS", 10_000), backoff: "exponential" },
    timeout: intVar(env, "SYNC_STEP_TIMEOUT_MS", 120_000),
  };
}

/** Ends a step with `reason`: retried by Workflows when retryable, else the instance stops. */
function stepFailure(reason) {
  const text = `${reason.code}: ${reason.message}`;
  return reason.retryable ? new Error(text) : new NonRetryableError(text);
}

/** The development-only test fault for this shop, page and attempt (SYNC_FAULTS). */
function injectedFault(env, shop, page, attempt) {
  if (!isDevelopment(env) || !env.SYNC_FAULTS) return;
  const fault = JSON.parse(env.SYNC_FAULTS)[shop];
  if (fault && fault.page === page && attempt <= fault.attempts) {
    throw Object.assign(new Error("injected fault"), { injected: true });
  }
}

async function openStep(env, shop) {
  try {
    return openSync(await getShop(env.DB, shop), shopConfig(env, shop), env, Date.now());
  } catch (e) {
    const reason = errorReason(e);
    await recordError(env.DB, shop, reason);
    throw new NonRetryableError(`${reason.code}: ${reason.message}`);
  }
}

/** One page: sign, fetch, normalize, store. → `{ state, done, refunds }` (no credential in it). */
async function pageStep(env, shop, state, until, page, attempt) {
  let sync;
  let refunds;
  try {
    const { platform, credentials } = shopConfig(env, shop);
    sync = RefundSync.fromJSON(state);
    const endpoint = endpointFor(platform, env);
    const request = sync.next(credentials, endpoint ? { endpoint } : undefined);
    if (request === null) return { state, done: true, refunds: 0 };
    const reply = await send(request, env);
    refunds = sync.accept(reply.body, { httpStatus: reply.status }).refunds;
    injectedFault(env, shop, page, attempt);
    await storePage(env.DB, shop, refunds, JSON.stringify(sync), until);
  } catch (e) {
    const reason = e.injected ? { code: "injected_fault", message: "injected after the fetch, before the store", messageZh: "在获取之后、存储之前注入的故障", retryable: true } : errorReason(e);
    await recordError(env.DB, shop, { ...reason, page, attempt }).catch(() => {});
    throw stepFailure(reason);
  }
  return { state: sync.toJSON(), done: sync.done, refunds: refunds.length };
}

export class RefundSyncWorkflow extends WorkflowEntrypoint {
  async run(event, step) {
    const { shop } = event.payload;
    const instanceId = event.instanceId;
    const env = this.env;
    const config = stepConfig(env);
    const maxPages = intVar(env, "SYNC_MAX_PAGES", 300);
    try {
      const opened = await step.do("open", config, () => openStep(env, shop));
      let { state } = opened;
      let done = false;
      let refunds = 0;
      let pages = 0;
      while (!done && pages < maxPages) {
        pages += 1;
        const page = pages;
        const result = await step.do(`page ${page}`, config, (ctx) => pageStep(env, shop, state, opened.until, page, ctx.attempt));
        ({ state, done } = result);
        refunds += result.refunds;
      }
      await step.do("close", config, () =>
        done ? finishShop(env.DB, shop, instanceId, opened.until, Date.now()).then(() => true) : stopShop(env.DB, shop, instanceId, Date.now()).then(() => true),
      );
      return { shop, done, pages, refunds };
    } catch (e) {
      await step.do("stop", config, () => stopShop(env.DB, shop, instanceId, Date.now()).then(() => true));
      throw e;
    }
  }
}
