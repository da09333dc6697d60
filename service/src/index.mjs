// refund-sync as a library: the same parts the CLI (../cli.mjs) is made of.
export { openDatabase } from "./db.mjs";
export { migrate, schemaVersion, SCHEMA_VERSION, MIGRATIONS } from "./schema.mjs";
export { addShop, removeShop, listShops, shopStatus, setPlatformLimit, exportRefunds, UPSERT_RULE } from "./store.mjs";
export { runWorkers, DEFAULTS } from "./worker.mjs";
export { loadCredentials, envName } from "./credentials.mjs";
export { createReporter, summaryTable } from "./report.mjs";
export { REFUND_COLUMNS } from "./columns.mjs";
