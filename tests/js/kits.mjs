// Each platform's kit (tests/js/kits/<id>.mjs), for every platform of platforms(): a platform
// without one fails every test that loads them, naming the file to add.
import { platforms } from "refund-normalizer";

export const KITS = Object.fromEntries(
  await Promise.all(
    platforms().map(async ({ id }) => {
      try {
        return [id, (await import(`./kits/${id}.mjs`)).default];
      } catch (e) {
        throw new Error(`tests/js/kits/${id}.mjs: ${e.message}`);
      }
    }),
  ),
);
