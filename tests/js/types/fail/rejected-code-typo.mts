// Rejected codes are a closed list: a typo is caught.
import { parseResponse } from "refund-normalizer";
const page = parseResponse("suning", "{}");
// error:
const money = page.rejected.filter((r) => r.code === "invalid_amount");
export { money };
