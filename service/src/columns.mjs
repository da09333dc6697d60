// The stored refund's columns: the one list that the Node service's Postgres schema
// (service/) and the Worker's D1 schema (examples/worker/) are both written from.
//
// Each column names:
//   name      the SQL column
//   pg, d1    its type in Postgres and in SQLite (D1); money is exact text in D1 and NUMERIC in
//             Postgres, times are text with their +08:00 offset in D1 and timestamptz in Postgres
//   from      how the value is taken from a unified Refund (the package's parseResponse output)
//   key       part of the primary key (shop, platform, id)
//
// A unified field with no column of its own is still stored: `refund` holds the whole record.

const json = (value) => (value === null || value === undefined ? null : JSON.stringify(value));

export const REFUND_COLUMNS = [
  { name: "shop", pg: "text NOT NULL", d1: "TEXT NOT NULL", key: true, from: (_refund, shop) => shop },
  { name: "platform", pg: "text NOT NULL", d1: "TEXT NOT NULL", key: true, from: (r) => r.platform },
  { name: "id", pg: "text NOT NULL", d1: "TEXT NOT NULL", key: true, from: (r) => r.id },
  { name: "order_id", pg: "text", d1: "TEXT", from: (r) => r.orderId },
  { name: "sub_order_id", pg: "text", d1: "TEXT", from: (r) => r.subOrderId },
  { name: "shop_id", pg: "text", d1: "TEXT", from: (r) => r.shopId },
  { name: "kind", pg: "text NOT NULL", d1: "TEXT NOT NULL", from: (r) => r.kind },
  { name: "status", pg: "text NOT NULL", d1: "TEXT NOT NULL", from: (r) => r.status },
  { name: "platform_status_code", pg: "text", d1: "TEXT", from: (r) => r.platformStatus?.code ?? null },
  { name: "requested_amount", pg: "numeric", d1: "TEXT", from: (r) => r.requestedAmount },
  { name: "refunded_amount", pg: "numeric", d1: "TEXT", from: (r) => r.refundedAmount },
  { name: "currency", pg: "text", d1: "TEXT", from: (r) => r.currency },
  { name: "created_at", pg: "timestamptz", d1: "TEXT", from: (r) => r.createdAt },
  { name: "updated_at", pg: "timestamptz", d1: "TEXT", from: (r) => r.updatedAt },
  { name: "refunded_at", pg: "timestamptz", d1: "TEXT", from: (r) => r.refundedAt },
  { name: "refund", pg: "jsonb NOT NULL", d1: "TEXT NOT NULL", from: (r) => json(r) },
];

export const REFUND_KEY = REFUND_COLUMNS.filter((c) => c.key).map((c) => c.name);

/** The row for one refund of one shop, in REFUND_COLUMNS order. */
export const refundRow = (refund, shop) => REFUND_COLUMNS.map((c) => c.from(refund, shop) ?? null);
