// Only ShopEx has the refundAmount operation.
import { parseResponse } from "refund-normalizer";
// error:
parseResponse("wangdiantong", "{}", { operation: "refundAmount" });
