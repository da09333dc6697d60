// The refund-normalizer Worker: routes.js and shop-routes.js list the routes, auth.js guards
// them, http.js holds the answers' shape, sync.js is the Workflow that syncs a shop into D1
// and shops.js starts it (the cron and POST /shops/:shop/sync).
//
//   GET  /health              → { ok: true }   (the only route without authentication)
//   OPTIONS *                 CORS preflight for ALLOWED_ORIGINS
//   POST /validate|fetch|normalize/:platform, /sign/:platform (development)  see routes.js
//   /shops/:shop/sync, /shops/:shop/refunds                                    see shop-routes.js
//   scheduled                 a Workflow instance for every due shop (shops.js)
import { authenticate } from "./auth.js";
import { corsHeaders, errorResponse, json, notFound, preflight, withHeaders } from "./http.js";
import { platformRoute } from "./routes.js";
import { shopRoute } from "./shop-routes.js";
import { startDueShops } from "./shops.js";

export { RefundSyncWorkflow } from "./sync.js";

async function answer(request, env) {
  if (request.method === "OPTIONS") return preflight(request, env);
  const url = new URL(request.url);
  if (url.pathname === "/health" && (request.method === "GET" || request.method === "HEAD")) return json({ ok: true });
  await authenticate(request, env);
  if (url.pathname === "/health") throw notFound();
  if (url.pathname.startsWith("/shops/")) return shopRoute(request, env, url);
  return platformRoute(request, env, url);
}

export default {
  async fetch(request, env) {
    let response;
    try {
      response = await answer(request, env);
    } catch (e) {
      response = errorResponse(e);
    }
    return withHeaders(response, corsHeaders(request, env));
  },

  async scheduled(event, env) {
    await startDueShops(env);
  },
};
