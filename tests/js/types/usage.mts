import { buildRequest, parseResponse, platforms, RefundError, validateQuery, planWindows, signParams } from "refund-normalizer";
import type { Refund, RefundPage, SignedRequest, Validation, PlatformInfo, Window } from "refund-normalizer";

const req: SignedRequest = buildRequest("wangdiantong", { sid: "s", appKey: "k", appSecret: "x" }, { since: "2024-01-01 00:00:00", until: Date.now() });
const init: { method: string; headers: Record<string, string>; body: string } = req;
const page: RefundPage = parseResponse("wangdiantong", new Uint8Array(), { query: { page: 1 }, includeRaw: true });
const first: Refund | undefined = page.refunds[0];
const amount: string | null = first?.requestedAmount ?? null;
const total = parseResponse("shopex", "{}", { operation: "refundAmount" }).totalAmount;
const v: Validation = validateQuery("suning", { pageSize: 50 });
const infos: PlatformInfo[] = platforms();
const windows: Window[] = planWindows("wangdiantong", { since: 0, until: 1 });
const sig: string = signParams("mogujie", { a: "b" }, { appKey: "k", appSecret: "s", accessToken: "t" });
try {
  parseResponse("nuoyun", "{}");
} catch (e) {
  if (e instanceof RefundError) {
    const code: string = e.code;
    const retry: boolean = e.retryable;
  }
}
// @ts-expect-error: not a platform
parseResponse("taobao", "{}");
// @ts-expect-error: amounts are strings, never numbers
const wrong: number = page.refunds[0].requestedAmount;
export { init, amount, total, v, infos, windows, sig, wrong };
