// Types of refund-normalizer's public API. The record shapes mirror src/model.rs; the JS
// tests check that every key the crate emits is declared here and nothing more.

export type PlatformId = "shopex" | "wangdiantong" | "mogujie" | "suning" | "nuoyun";

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

export interface Issue {
  field: string;
  code: string;
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
  /** Yuan, decimal text with at least two decimals, exact: `"153.20"`. */
  requestedAmount: string | null;
  refundedAmount: string | null;
  currency: "CNY";
  reason: string | null;
  note: string | null;
  buyer: Buyer | null;
  returnShipment: ReturnShipment | null;
  /** RFC 3339 with `+08:00`. */
  createdAt: string | null;
  updatedAt: string | null;
  refundedAt: string | null;
  items: Item[];
  /** Per-record data-quality flags. */
  warnings: string[];
  /** The record's text as received, only with `includeRaw` (text, so big numbers stay exact). */
  raw: string | null;
}

export interface Rejected {
  index: number;
  id: string | null;
  code: string;
  message: string;
  /** Where in the body: `trade_list[3].refund_amount`. */
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
  warnings: string[];
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
  credentials: { name: string; type: "string" | "boolean" | "object"; required: boolean; secret: boolean; description: string }[];
  /** Platform-specific `buildRequest` options (ShopEx `timestampStyle`, `operation`; 苏宁 `format`; 蘑菇街 `paramsWrapper`). */
  options: { name: string; values: string[]; default: string | null; description: string }[];
  signs: boolean;
  notes: string[];
}

/** Credentials, camelCase on every platform. */
export type Credentials =
  | { baseUrl: string; flag: string; token: string }
  | { sid: string; appKey: string; appSecret: string; sandbox?: boolean }
  | { appKey: string; appSecret: string; accessToken: string }
  | { appKey: string; appSecret: string; accessToken?: string; sandbox?: boolean }
  | { headers?: Record<string, string>; bodyFields?: Record<string, string> };

export interface RequestOptions {
  /** The current time: epoch milliseconds, or a time text (defaults to the host clock). */
  now?: TimeInput;
  /** ShopEx: `"refundAmount"` calls `refunds.getRefundAmount`. */
  operation?: "refundAmount";
  /** ShopEx: `"doc"` (yyyyMMddHHmmss, default) or `"unix"` (what the server checks). */
  timestampStyle?: "doc" | "unix";
  /** 苏宁: `"json"` (default) or `"xml"`. */
  format?: "json" | "xml";
  /** 蘑菇街: wrap business params into one JSON param of this name. */
  paramsWrapper?: string;
  /** Send to this URL instead of the platform's own (a local gateway, a proxy). */
  endpoint?: string;
}

export interface ParseOptions {
  /** The query the request was built from (page and page size). */
  query?: Query;
  /** The total the first page reported (旺店通 sends it only there). */
  total?: number;
  includeRaw?: boolean;
  operation?: "refundAmount";
  /** The HTTP status the body came with: a 4xx or 5xx with a body that is not the platform's answer is an `http_error` (retryable for 429 and 5xx). */
  httpStatus?: number;
  /** Refuse a longer body (bytes of UTF-8) with `too_large` before reading it. */
  maxBodyBytes?: number;
  /** Refuse a page of more records with `too_large` before converting any. */
  maxRecords?: number;
}

export declare class RefundError extends Error {
  constructor(data: {
    code: RefundError["code"];
    message: string;
    messageZh: string;
    retryable?: boolean;
    platformCode?: string;
    platformMessage?: string;
    issues?: Issue[];
    path?: string;
    httpStatus?: number;
  });
  name: "RefundError";
  code:
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
    | "internal_error";
  messageZh: string;
  platformCode?: string;
  platformMessage?: string;
  retryable: boolean;
  issues?: Issue[];
  path?: string;
  /** The HTTP status of an `http_error`. */
  httpStatus?: number;
}

export declare function platforms(): PlatformInfo[];
export declare function validateQuery(platform: PlatformId, query: Query, options?: { now?: TimeInput }): Validation;
export declare function buildRequest(
  platform: PlatformId,
  credentials: Credentials,
  query: Query,
  options?: RequestOptions,
): SignedRequest;
export declare function parseResponse(
  platform: "shopex",
  body: string | Uint8Array | ArrayBuffer,
  options: ParseOptions & { operation: "refundAmount" },
): RefundAmount;
export declare function parseResponse(
  platform: PlatformId,
  body: string | Uint8Array | ArrayBuffer,
  options?: ParseOptions,
): RefundPage;
export declare function planWindows(
  platform: PlatformId,
  range: { since: TimeInput; until: TimeInput; timeField?: "updated" | "created" },
  options?: { now?: TimeInput },
): Window[];
export declare function signParams(platform: PlatformId, params: Record<string, string>, credentials: Credentials): string;

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
export declare class RefundSync {
  /** `maxBodyBytes` / `maxRecords` hold every `accept` (and are kept in `toJSON`). */
  constructor(platform: PlatformId, range: SyncRange, options?: { now?: TimeInput; maxBodyBytes?: number; maxRecords?: number });
  /** The next signed request, or null when done. Called again before `accept`: the same request, freshly signed. */
  next(credentials: Credentials, options?: RequestOptions): SignedRequest | null;
  /** The refunds of this response not delivered before in this sync. On error it throws and stays put. */
  accept(body: string | Uint8Array | ArrayBuffer, options?: { httpStatus?: number }): RefundPage;
  readonly done: boolean;
  progress(): SyncProgress;
  toJSON(): SyncState;
  static fromJSON(state: SyncState | string): RefundSync;
}
