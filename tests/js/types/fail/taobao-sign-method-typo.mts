// 淘宝/天猫 signMethod takes only the strings its registry entry lists (platforms.d.ts).
import { buildRequest } from "refund-normalizer";

const credentials = { appKey: "k", appSecret: "s", session: "t" };
// error: "sha256" is not one of "md5" | "hmac" | "hmac-sha256"
buildRequest("taobao", { ...credentials, signMethod: "sha256" }, {});
