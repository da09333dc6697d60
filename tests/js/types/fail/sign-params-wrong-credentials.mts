// 苏宁 signs with { appKey, appSecret, accessToken? }: a ShopEx token is not one of them.
import { signParams } from "refund-normalizer";
// error:
signParams("suning", { a: "b" }, { token: "t" });
