// 旺店通 with 蘑菇街's credential names (no sid, an accessToken 旺店通 does not take).
import { buildRequest } from "refund-normalizer";
// error:
buildRequest("wangdiantong", { appKey: "k", appSecret: "s", accessToken: "t" }, { since: "2024-06-01 00:00:00" });
