// A platform switch takes only the values its registry entry lists (PlatformOptions).
import { buildRequest } from "refund-normalizer";

const credentials = { baseUrl: "https://erp.example.com/api", flag: "f", token: "t" };
// error: "iso" is not one of "doc" | "unix"
buildRequest("shopex", credentials, {}, { now: 0, timestampStyle: "iso" });
