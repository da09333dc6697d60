// The demo credentials of every local gateway, each from its own module
// (gateways/platforms/<id>.mjs exports its `credentials`). Hosts (the demo) and the tests import
// these, so both sides sign with the same values. They are demo values for loopback only: no
// real platform knows them.

import { PLATFORMS } from "./simulator.mjs";

/** platform id → the credentials its gateway accepts. */
export const CREDENTIALS = Object.freeze(
  Object.fromEntries(
    Object.values(PLATFORMS).map(({ id, credentials }) => {
      if (!credentials) throw new Error(`gateways/platforms/${id}.mjs exports no demo credentials`);
      return [id, credentials];
    }),
  ),
);

/** Credentials as the package takes them, a fresh copy; a gateway's `endpointCredential`
 * (ShopEx's baseUrl) points at `endpoints[platform]`, or at the gateway's path on 127.0.0.1. */
export function credentialsFor(platform, endpoints = {}) {
  const gateway = PLATFORMS[platform];
  if (!gateway) throw new Error(`unknown platform ${platform}`);
  const copy = structuredClone(gateway.credentials);
  if (!gateway.endpointCredential) return copy;
  return { [gateway.endpointCredential]: endpoints[platform] ?? `http://127.0.0.1/${platform}${gateway.path}`, ...copy };
}
