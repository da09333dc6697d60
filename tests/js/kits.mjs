// Each platform's kit (tests/js/kits/<id>.mjs), for every platform of platforms(): a platform
// without one, or a kit without one of FIELDS, fails every test that loads them, naming the file.
import { platforms } from "refund-normalizer";

/** What every kit holds (each kit says what each is in one line). */
const FIELDS = ["page", "docExamples", "hosts", "filtersOn", "credentials", "credentialsSent", "requestVariants", "redacted", "gatewayTruth", "gatewayRules", "consolePreview"];

export const KITS = Object.fromEntries(
  await Promise.all(
    platforms().map(async ({ id }) => {
      let kit;
      try {
        kit = (await import(`./kits/${id}.mjs`)).default;
      } catch (e) {
        throw new Error(`tests/js/kits/${id}.mjs: ${e.message}`);
      }
      const missing = FIELDS.filter((f) => !Object.hasOwn(kit, f));
      if (missing.length) throw new Error(`tests/js/kits/${id}.mjs: no ${missing.join(", ")}`);
      return [id, kit];
    }),
  ),
);

/** The roles a kit's `credentials` takes a value for: `secret` and `token` only sign, `access`
 * (an access token or session) and 诺云's caller-chosen `auth`, `header` and `field` travel. */
export const CREDENTIAL_ROLES = ["secret", "token", "access", "header", "field", "auth"];

/** Every platform's credentials from its kit, each role holding the test's own value. A role
 * left out throws: the kit would put `undefined` there and the test run on invalid credentials.
 * So do credentials holding none of the values: a secrets test would then prove nothing. */
export function credentialsByPlatform(values) {
  const missing = CREDENTIAL_ROLES.filter((role) => typeof values[role] !== "string" || values[role] === "");
  if (missing.length) throw new Error(`credentialsByPlatform: no value for ${missing.join(", ")}`);
  return Object.fromEntries(
    Object.entries(KITS).map(([id, kit]) => {
      const credentials = kit.credentials(values);
      const held = JSON.stringify(credentials);
      if (!CREDENTIAL_ROLES.some((role) => held.includes(JSON.stringify(values[role])))) throw new Error(`tests/js/kits/${id}.mjs: credentials hold none of the test's values`);
      return [id, credentials];
    }),
  );
}
