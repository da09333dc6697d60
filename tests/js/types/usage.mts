import { buildRequest, parseResponse, platforms, RefundError, validateQuery, planWindows, signParams } from "refund-normalizer";
import { RefundSync, redactRequest, init } from "refund-normalizer";
import type { Refund, RefundPage, RefundAmount, SignedRequest, Validation, PlatformInfo, Window, PlatformId, Credentials, CredentialsFor, IssueCode, Warning } from "refund-normalizer";

const req: SignedRequest = buildRequest("wangdiantong", { sid: "s", appKey: "k", appSecret: "x" }, { since: "2024-01-01 00:00:00", until: Date.now() });
const fetchInit: { method: string; headers: Record<string, string>; body: string } = req;
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
// Typed by the platform, and by the operation.
const amountAnswer: RefundAmount = parseResponse("shopex", "{}", { operation: "refundAmount" });
const shopexCredentials: CredentialsFor<"shopex"> = { baseUrl: "https://erp.example.com/api", flag: "f", token: "t" };
buildRequest("shopex", shopexCredentials, {});
// A platform known only at run time takes any platform's credentials.
declare const somePlatform: PlatformId;
declare const someCredentials: Credentials;
buildRequest(somePlatform, someCredentials, {});
const sync = new RefundSync("suning", { since: 0, until: 1 });
sync.next({ appKey: "k", appSecret: "s" });
const shown: SignedRequest = redactRequest("suning", req, { keepSignature: true });
const codes: IssueCode[] = v.issues.map((i) => i.code);
const warningTexts: string[] = page.warnings.map((w: Warning) => `${w.code}: ${w.messageZh}`);
await init();
// @ts-expect-error: not a platform
parseResponse("no-such-platform", "{}");
// @ts-expect-error: amounts are strings, never numbers
const wrong: number = page.refunds[0].requestedAmount;
export { fetchInit, amount, total, v, infos, windows, sig, wrong, amountAnswer, shown, codes, warningTexts };
