// Timing helpers shared by run.mjs and growth.mjs.

/** A batch of calls lasts at least this long, so timer resolution does not matter. */
export const MIN_BATCH_MS = 15;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** How many calls of `fn` make a batch of at least MIN_BATCH_MS (after a warm-up: JIT tiers,
 * wasm tier-up, caches). */
export function calibrate(fn) {
  for (let i = 0; i < 3; i++) fn();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= MIN_BATCH_MS || n >= 1 << 16) return n;
    n = Math.max(n * 2, Math.ceil((n * MIN_BATCH_MS) / Math.max(ms, 0.01)));
  }
}
