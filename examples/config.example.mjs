// Real platforms for examples/sync-backend.mjs: copy, fill the environment, run
//   node examples/sync-backend.mjs --config examples/config.example.mjs
// Only the platforms whose credentials are set are synced. No `endpoint`: each request goes to
// the platform's own URL (ShopEx: your instance's `baseUrl`).
const env = process.env;
const json = (name) => (env[name] ? JSON.parse(env[name]) : undefined);

const platforms = [
  env.SHOPEX_TOKEN && {
    id: "shopex",
    credentials: { baseUrl: env.SHOPEX_BASE_URL, flag: env.SHOPEX_FLAG, token: env.SHOPEX_TOKEN },
    // Servers built like ONEX OMS check Unix-second timestamps (see the README's ShopEx row).
    options: { timestampStyle: env.SHOPEX_TIMESTAMP_STYLE ?? "doc" },
  },
  env.WDT_APPSECRET && { id: "wangdiantong", credentials: { sid: env.WDT_SID, appKey: env.WDT_APPKEY, appSecret: env.WDT_APPSECRET } },
  env.MOGUJIE_APPSECRET && {
    id: "mogujie",
    credentials: { appKey: env.MOGUJIE_APPKEY, appSecret: env.MOGUJIE_APPSECRET, accessToken: env.MOGUJIE_ACCESS_TOKEN },
  },
  env.SUNING_APPSECRET && {
    id: "suning",
    credentials: { appKey: env.SUNING_APPKEY, appSecret: env.SUNING_APPSECRET, accessToken: env.SUNING_ACCESS_TOKEN },
  },
  // 诺云's authentication is undocumented: supply whatever headers/body fields your account uses.
  (env.NUOYUN_HEADERS || env.NUOYUN_BODY_FIELDS) && {
    id: "nuoyun",
    credentials: { headers: json("NUOYUN_HEADERS"), bodyFields: json("NUOYUN_BODY_FIELDS") },
  },
].filter(Boolean);

export default { platforms, out: env.REFUNDS_OUT ?? "out/refunds.ndjson" };
