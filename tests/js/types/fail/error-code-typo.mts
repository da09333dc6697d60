// RefundError codes are a closed list.
import { RefundError } from "refund-normalizer";
export function retry(e: unknown): boolean {
  // error:
  return e instanceof RefundError && e.code === "rate_limited";
}
