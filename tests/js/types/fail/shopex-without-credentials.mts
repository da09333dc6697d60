// ShopEx needs { baseUrl, flag, token }.
import { buildRequest } from "refund-normalizer";
// error:
buildRequest("shopex", {}, {});
