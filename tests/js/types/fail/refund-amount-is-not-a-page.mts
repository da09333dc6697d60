// ShopEx refundAmount answers a total, not a page.
import { parseResponse, type RefundPage } from "refund-normalizer";
// error:
const page: RefundPage = parseResponse("shopex", "{}", { operation: "refundAmount" });
export { page };
