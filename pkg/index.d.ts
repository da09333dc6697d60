// Types of refund-normalizer's public API. The record shapes mirror src/model.rs; the JS
// tests check that every key the crate emits is declared here and nothing more.

// The platform ids, credentials and options are written from the crate's registry into
// platforms.d.ts when the package is built (scripts/platform-types.mjs).
import type { CredentialsByPlatform, PlatformId, PlatformOptions } from "./platforms.js";
export type { CredentialsByPlatform, PlatformId, PlatformOptions };

/** `"yyyy-MM-dd HH:mm:ss"` in Beijing time, RFC 3339 with an offset, or epoch milliseconds. */
export type TimeInput = string | number;

export type Kind = "refund_only" | "return_and_refund" | "exchange" | "cancel_order" | "unknown";

export type Status =
  | "pending"
  | "awaiting_return"
  | "return_in_transit"
  | "processing"
  | "awaiting_buyer"
  | "rejected"
  | "succeeded"
  | "cancelled"
  | "closed"
  | "failed"
  | "unknown";

/** The platform-neutral query; `page` is 1-based on every platform. */
export interface Query {
  since?: TimeInput;
  until?: TimeInput;
  timeField?: "updated" | "created";
  page?: number;
  pageSize?: number;
  /** A platform status code from `platforms()`. */
  status?: string;
  shopId?: string;
  orderId?: string;
  refundId?: string;
  /** Extra native params, checked against the platform's doc. */
  params?: Record<string, string>;
}

/**
 * What is wrong with a query field. The list is the crate's (`Issue::new` in src/); the test
 * tests/js/typescript.test.mjs checks that the two are the same.
 */
export type IssueCode =
  | "invalid_credentials"
  | "invalid_format"
  | "invalid_type"
  | "invalid_value"
  | "looks_like_seconds"
  | "not_supported"
  | "order"
  | "out_of_range"
  | "required"
  | "requires"
  | "span_too_long"
  | "too_long"
  | "unknown_param";

/** Why a record was rejected (`FieldError::new` in src/; checked as IssueCode is). */
export type RejectedCode = "invalid_money" | "invalid_time" | "invalid_type" | "missing_id" | "not_an_object";

export interface Issue {
  field: string;
  code: IssueCode;
  message: string;
  messageZh: string;
  limit?: number | string;
}

export interface Validation {
  ok: boolean;
  issues: Issue[];
  /** The native params the query maps to, when it is valid. */
  params?: Record<string, string>;
}

export interface SignedRequest {
  url: string;
  method: "POST" | "GET";
  headers: Record<string, string>;
  body: string;
}

export interface PlatformStatus {
  code: string | null;
  label: string | null;
}

export interface Buyer {
  id: string | null;
  name: string | null;
  phone: string | null;
}

export interface ReturnShipment {
  company: string | null;
  companyCode: string | null;
  trackingNo: string | null;
}

export interface Item {
  goodsId: string | null;
  skuId: string | null;
  goodsNo: string | null;
  skuNo: string | null;
  name: string | null;
  skuName: string | null;
  /** Decimal text, exact: `"2.00"`. */
  quantity: string | null;
  /** Yuan, decimal text, exact. */
  unitPrice: string | null;
  amount: string | null;
}

/** What a warning is about: a stable code to filter on (the crate's `WarningCode`). */
export type WarningCode =
  | "negative_amount"
  | "amount_unit"
  | "currency"
  | "id_mismatch"
  | "unknown_code"
  | "status_unknown"
  | "refunded_at_not_succeeded"
  | "refunded_at_missing"
  | "fallback"
  | "body_repaired"
  | "no_records"
  | "single_record"
  | "has_more"
  | "total_elsewhere"
  | "paging"
  | "envelope"
  | "duplicate_id"
  | "offset_paging"
  | "last_page"
  | "still_changing";

/** A data-quality flag on a record or a page, like errors and issues. */
export interface Warning {
  code: WarningCode;
  message: string;
  messageZh: string;
}

export interface Refund {
  platform: PlatformId;
  /** The platform's refund number; (platform, id) is unique. */
  id: string;
  orderId: string | null;
  subOrderId: string | null;
  shopId: string | null;
  shopName: string | null;
  kind: Kind;
  status: Status;
  platformStatus: PlatformStatus;
  /**
   * What the buyer asked for, where the platform states it. Yuan, decimal text with at least
   * two decimals, exact: `"153.20"`.
   */
  requestedAmount: string | null;
  /**
   * What the seller refunds (agreed or paid), whenever the platform states it, at any status.
   * Money actually paid back is the `refundedAmount` of `succeeded` refunds.
   */
  refundedAmount: string | null;
  currency: "CNY";
  reason: string | null;
  note: string | null;
  buyer: Buyer | null;
  returnShipment: ReturnShipment | null;
  /** When the refund was asked for on the platform. RFC 3339 with `+08:00`. */
  createdAt: string | null;
  updatedAt: string | null;
  /** When the money was refunded: only for `succeeded` refunds. */
  refundedAt: string | null;
  items: Item[];
  /** Per-record data-quality flags. */
  warnings: Warning[];
  /** The record's text as received, only with `includeRaw` (text, so big numbers stay exact). */
  raw: string | null;
}

export interface Rejected {
  index: number;
  id: string | null;
  code: RejectedCode;
  message: string;
  /**
   * Where in the body: `trade_list[3].refund_amount`. On a page of more than 4 096 rejected
   * records it is made when read, from the record's `index` (an own enumerable accessor, so
   * the record still serializes, spreads and clones as a plain object; assigning sets it).
   */
  path: string;
}

export interface PageInfo {
  page: number | null;
  pageSize: number | null;
  total: number | null;
  hasMore: boolean | null;
}

export interface RefundPage {
  refunds: Refund[];
  page: PageInfo;
  rejected: Rejected[];
  warnings: Warning[];
}

export interface RefundAmount {
  totalAmount: string;
}

export interface Window {
  since: string;
  until: string;
}

export interface StatusCode {
  code: string;
  label: string;
  unified: Status;
}

export interface KindCode {
  code: string;
  label: string;
  unified: Kind;
}

export interface PlatformInfo {
  id: PlatformId;
  nameZh: string;
  nameEn: string;
  methods: string[];
  timeFields: { field: "updated" | "created"; sinceParam: string; untilParam: string; format: string }[];
  timeRangeRequired: boolean;
  maxSpanSeconds: number | null;
  closedInterval: boolean;
  maxLookbackSeconds: number | null;
  paging: {
    base: number;
    pageParam: string;
    sizeParam: string;
    pageMax: number;
    sizeMin: number;
    sizeMax: number;
    sizeDefault: number;
  };
  filters: { field: string; param: string; maxLen: number | null; values: string[] }[];
  statuses: StatusCode[];
  kinds: KindCode[];
  nativeParams: { name: string; description: string; maxLen: number | null; values: string[] }[];
  credentials: { name: string; type: "string" | "boolean" | "object"; required: boolean; secret: boolean; /** The only strings it takes; empty when any string is. */ values: string[]; description: string }[];
  /** Platform-specific `buildRequest` options (`PlatformOptions` declares every platform's). */
  options: { name: string; values: string[]; default: string | null; description: string }[];
  signs: boolean;
  notes: string[];
}

/** The credentials of platform `P`: `CredentialsFor<"shopex">` is `{ baseUrl, flag, token }`. */
export type CredentialsFor<P extends PlatformId> = CredentialsByPlatform[P];

/** The credentials of any platform. */
export type Credentials = CredentialsByPlatform[PlatformId];

export interface RequestOptions extends PlatformOptions {
  /** The current time: epoch milliseconds, or a time text (defaults to the host clock). */
  now?: TimeInput;
  /** Send to this URL instead of the platform's own (a local gateway, a proxy). */
  endpoint?: string;
}

export interface ParseOptions {
  /** The query the request was built from (page and page size). */
  query?: Query;
  /** The total the first page reported (旺店通 sends it only there). */
  total?: number;
  includeRaw?: boolean;
  /** ShopEx only: `"refundAmount"` reads a `refunds.getRefundAmount` answer. */
  operation?: PlatformOptions["operation"];
  /** The HTTP status the body came with: a 4xx or 5xx with a body that is not the platform's answer is an `http_error` (retryable for 429 and 5xx). */
  httpStatus?: number;
  /** The response headers (a `Headers` object or a plain record): a `Retry-After` sets a retryable error's `retryAfterMs`. */
  headers?: ResponseHeaders;
  /** Refuse a longer body (bytes of UTF-8) with `too_large` before reading it. */
  maxBodyBytes?: number;
  /** Refuse a page of more records with `too_large` before converting any. */
  maxRecords?: number;
}

/** Response headers as `fetch` gives them, or a plain record (names in any case). */
export type ResponseHeaders = { get(name: string): string | null } | Record<string, string>;

/**
 * What kind of failure: the crate's `ErrorCode` (src/error.rs) and the few the JS layer adds
 * (`internal_error`, `not_initialized`, `init_failed`); tests/js/typescript.test.mjs checks
 * the list against both.
 */
export type ErrorCode =
  | "invalid_query"
  | "invalid_credentials"
  | "invalid_options"
  | "invalid_body"
  | "platform_error"
  | "http_error"
  | "unknown_platform"
  | "not_supported"
  | "invalid_state"
  | "too_large"
  | "internal_error"
  | "not_initialized"
  | "init_failed";

export declare class RefundError extends Error {
  constructor(data: {
    code: ErrorCode;
    message: string;
    messageZh: string;
    retryable?: boolean;
    platformCode?: string;
    platformSubCode?: string;
    platformMessage?: string;
    issues?: Issue[];
    path?: string;
    retryAfterMs?: number;
    retryAfterFrom?: "header" | "answer" | "default";
    httpStatus?: number;
  });
  name: "RefundError";
  code: ErrorCode;
  messageZh: string;
  platformCode?: string;
  /** The platform's finer code under `platformCode` (淘宝/天猫 `sub_code`, e.g. `isp.top-remote-connection-timeout`). */
  platformSubCode?: string;
  platformMessage?: string;
  retryable: boolean;
  /**
   * On a retryable error: how long to wait before retrying, in milliseconds. From the
   * response's `Retry-After` when its headers were passed, else the wait the platform's
   * answer names (淘宝/天猫 "This ban will last for N more seconds"), else the default for the code
   * (`retryAfterFrom` says which):
   * `platform_error` 1000, `http_error` 5000, `invalid_body` (a body cut short) 1000.
   */
  retryAfterMs?: number;
  /** On a retryable error: where `retryAfterMs` comes from (a host honours `header` and `answer`; `default` is the package's suggestion). */
  retryAfterFrom?: "header" | "answer" | "default";
  issues?: Issue[];
  path?: string;
  /** Every field, `message` included (JSON.stringify of an Error alone drops it). */
  toJSON(): {
    name: "RefundError";
    code: ErrorCode;
    message: string;
    messageZh: string;
    retryable: boolean;
    retryAfterMs?: number;
    retryAfterFrom?: "header" | "answer" | "default";
    platformCode?: string;
    platformSubCode?: string;
    platformMessage?: string;
    issues?: Issue[];
    path?: string;
  };
  /** The HTTP status of an `http_error`. */
  httpStatus?: number;
}

/**
 * The .wasm for `init()`: its URL (a string or `URL`), a `Request`, a `Response` (or a promise
 * of one), its bytes, or a compiled `WebAssembly.Module`.
 */
export type WasmSource =
  | string
  | URL
  | Request
  | Response
  | PromiseLike<Response>
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module;

/**
 * Loads the .wasm. The browser entry needs `await init()` before any other call (a call before
 * it throws `not_initialized`); `init()` alone fetches the .wasm beside the package (Vite and
 * webpack emit it), `init({ wasm })` takes it from where your bundler put it. In Node and
 * workerd the package is ready at import and `init()` resolves at once.
 */
export declare function init(options?: { wasm?: WasmSource }): Promise<void>;

export declare function platforms(): PlatformInfo[];
export declare function validateQuery(platform: PlatformId, query: Query, options?: { now?: TimeInput }): Validation;
export declare function buildRequest<P extends PlatformId>(
  platform: P,
  credentials: CredentialsFor<P>,
  query: Query,
  options?: RequestOptions,
): SignedRequest;
/** ShopEx `operation: "refundAmount"`: the total refunded. */
export declare function parseResponse(
  platform: "shopex",
  body: string | Uint8Array | ArrayBuffer,
  options: ParseOptions & { operation: "refundAmount" },
): RefundAmount;
/** A page of refunds (no `operation`: the refund list, on every platform). */
export declare function parseResponse(
  platform: PlatformId,
  body: string | Uint8Array | ArrayBuffer,
  options?: ParseOptions & { operation?: undefined },
): RefundPage;
/** ShopEx with an operation known only at run time: either answer. */
export declare function parseResponse(
  platform: "shopex",
  body: string | Uint8Array | ArrayBuffer,
  options?: ParseOptions,
): RefundPage | RefundAmount;
export declare function planWindows(
  platform: PlatformId,
  range: { since: TimeInput; until: TimeInput; timeField?: "updated" | "created" },
  options?: { now?: TimeInput },
): Window[];
export declare function signParams<P extends PlatformId>(platform: P, params: Record<string, string>, credentials: CredentialsFor<P>): string;

export interface RedactOptions {
  /** What a masked value reads as; default `"[REDACTED]"`. */
  mask?: string;
  /** Keep the signature (`sign`, 苏宁 `signInfo`) visible; default false: a signed request can be replayed while its timestamp is fresh. */
  keepSignature?: boolean;
}

/**
 * A copy of a signed request that is safe to log: every credential the platform puts on the
 * wire (蘑菇街 `access_token` in the form body, 苏宁 `access_token` header, 诺云 headers and
 * body fields from credentials, `Authorization`/`Cookie` anywhere) and the signature masked,
 * in every encoding it is sent in. Reads the request alone; never throws.
 */
export declare function redactRequest(platform: PlatformId, request: SignedRequest, options?: RedactOptions): SignedRequest;

export interface SyncRange {
  since: TimeInput;
  until: TimeInput;
  timeField?: "updated" | "created";
  /** Defaults to the platform's largest page size (fewest requests). */
  pageSize?: number;
}

export interface SyncProgress {
  requests: number;
  windowsDone: number;
  windowsSplit: number;
  windowsPending: number;
  refundsEmitted: number;
  duplicatesSkipped: number;
  rejected: number;
  done: boolean;
}

/** The plain-JSON state of a sync: store it anywhere, resume with `RefundSync.fromJSON`. */
export type SyncState = { readonly version: number; readonly platform: PlatformId } & Record<string, unknown>;

/**
 * Every refund that changed in a range, window by window, each version delivered once.
 *
 * ```js
 * const sync = new RefundSync("wangdiantong", { since, until });
 * for (let req; (req = sync.next(credentials)); ) {
 *   const res = await fetch(req.url, req);
 *   const page = sync.accept(new Uint8Array(await res.arrayBuffer())); // throws RefundError; retry with next()
 *   await save(page.refunds);
 * }
 * ```
 */
export declare class RefundSync<P extends PlatformId = PlatformId> {
  /** `maxBodyBytes` / `maxRecords` hold every `accept` (and are kept in `toJSON`). */
  constructor(platform: P, range: SyncRange, options?: { now?: TimeInput; maxBodyBytes?: number; maxRecords?: number });
  /** The next signed request, or null when done. Called again before `accept`: the same request, freshly signed. */
  next(credentials: CredentialsFor<P>, options?: RequestOptions): SignedRequest | null;
  /** The refunds of this response not delivered before in this sync. On error it throws and stays put. */
  accept(body: string | Uint8Array | ArrayBuffer, options?: { httpStatus?: number; headers?: ResponseHeaders }): RefundPage;
  readonly done: boolean;
  progress(): SyncProgress;
  toJSON(): SyncState;
  static fromJSON(state: SyncState | string): RefundSync<PlatformId>;
}
