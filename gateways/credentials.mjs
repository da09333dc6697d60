// The credentials the local gateways know, one set per platform. Hosts (the demo) and the
// tests import these, so both sides sign with the same values. They are demo values for
// loopback only: no real platform knows them.

export const CREDENTIALS = Object.freeze({
  // ShopEx OMS: `flag` names the caller, `token` is that flag's interface key (never sent).
  // `baseUrl` is the gateway's own endpoint and is filled in by startGateways().
  shopex: Object.freeze({ flag: "demo_erp", token: "shopex-demo-interfacekey-7f3a" }),
  // 旺店通: 卖家账号 sid, 接口账号 appkey, appsecret.
  wangdiantong: Object.freeze({ sid: "demo_sid", appKey: "demo_appkey", appSecret: "wdt-demo-secret-41c9" }),
  // 蘑菇街 xiaodian: app_key (a Long in the doc), app secret, OAuth access_token.
  mogujie: Object.freeze({ appKey: "100001", appSecret: "mgj-demo-secret-5b2e", accessToken: "MGJDEMOTOKEN2026" }),
  // 苏宁: appKey, appSecret; no access_token (not an OAuth app).
  suning: Object.freeze({ appKey: "demo_suning_appkey", appSecret: "sn-demo-secret-93d0" }),
  // 诺云: its authentication is undocumented (NOTES.md). The gateway does not invent a
  // scheme the real one might have; it only demands this one demo header, so that a request
  // without the caller's auth headers is still refused. The package sends it as given via
  // credentials.headers.
  nuoyun: Object.freeze({ headers: Object.freeze({ "X-Demo-Token": "nuoyun-demo-token-2c81" }) }),
  // 淘宝/天猫 TOP: app_key (8 digits, as TOP issues them), app secret, the seller's session
  // (access token). No signMethod: the package's default (hmac-sha256) is used.
  taobao: Object.freeze({ appKey: "23456789", appSecret: "tb-demo-secret-6d1f", session: "6100e2b7demosessionkey2026" }),
});

/** A second TOP app the taobao gateway knows: one not yet online, whose per-API call cap is
 * small, so a few calls get the code 7 ban (accesscontrol.limited-by-app-api-access-count). */
export const TAOBAO_TRIAL_APP = Object.freeze({ appKey: "34567890", appSecret: "tb-trial-secret-0a57", session: "6101f3c8trialsessionkey2026" });

/** The header 诺云's gateway checks, and its one accepted value. */
export const NUOYUN_TOKEN_HEADER = "x-demo-token";
export const NUOYUN_TOKEN = CREDENTIALS.nuoyun.headers["X-Demo-Token"];

/** Credentials as the package takes them, with ShopEx's baseUrl pointing at `endpoints`. */
export function credentialsFor(platform, endpoints = {}) {
  const base = CREDENTIALS[platform];
  if (!base) throw new Error(`unknown platform ${platform}`);
  if (platform === "shopex") return { baseUrl: endpoints.shopex ?? "http://127.0.0.1/shopex/index.php/openapi/rpc/service/", ...base };
  if (platform === "nuoyun") return { headers: { ...base.headers } };
  return { ...base };
}
