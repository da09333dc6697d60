// The refund-normalizer Worker: routes.js lists the routes, auth.js guards them, http.js
// holds the answers' shape, kv-sync.js the scheduled sync.
//
//   GET  /health              → { ok: true }   (the only route without authentication)
//   OPTIONS *                 CORS preflight for ALLOWED_ORIGINS
//   POST /validate|fetch|normalize/:platform, /sign/:platform (development)  see routes.js
import { authenticate } from "./auth.js";
import { corsHeaders, errorResponse, json, notFound, preflight, withHeaders } from "./http.js";
import { platformRoute } from "./routes.js";
import { syncStep } from "./kv-sync.js";

async function answer(request, env) {
  if (request.method === "OPTIONS") return preflight(request, env);
  const url = new URL(request.url);
  if (url.pathname === "/health" && (request.method === "GET" || request.method === "HEAD")) return json({ ok: true });
  await authenticate(request, env);
  if (url.pathname === "/health") throw notFound();
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
    const outcome = await syncStep(env);
    if (outcome.error) console.warn(`refund sync: ${outcome.error.code}, retrying next tick`);
  },
};
