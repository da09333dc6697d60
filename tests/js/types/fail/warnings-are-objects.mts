// Warnings are objects with a code and both texts, not strings.
import { parseResponse } from "refund-normalizer";
const page = parseResponse("nuoyun", "{}");
// error:
const text: string = page.warnings[0];
export { text };
