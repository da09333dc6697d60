// startGateways(): the platform simulators behind one loopback HTTP server, each under
// its own path prefix, so the demo and the tests talk to "the platforms" offline.
//
//   node gateways/server.mjs --port 8787 [--seed 20261122] [--count 3000]
//
// prints the endpoints and the credentials to use.

import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createSimulator, PLATFORMS } from "./simulator.mjs";
import { credentialsFor } from "./credentials.mjs";

/** Path prefix and endpoint path of each platform on this server: `/<id>/` and the
 * platform's own path (its module's `path`) under it. */
export const ROUTES = Object.fromEntries(
  Object.values(PLATFORMS).map(({ id, path }) => [id, { prefix: `/${id}/`, endpoint: `/${id}${path}` }]),
);

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Request bodies over this many bytes get 413 unread (the platforms' requests are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {{ port?: number, host?: string, seed?: number, count?: number, start?: number,
 *           days?: number, now?: () => number, order?: string, maxBodyBytes?: number,
 *           orders?: Partial<Record<keyof ROUTES, string>> }} [options]
 * @returns {Promise<{ url: string, endpoints: Record<string,string>, credentials: Record<string,object>,
 *           simulators: Record<string, ReturnType<typeof createSimulator>>, close: () => Promise<void> }>}
 */
export async function startGateways({ port = 0, host = "127.0.0.1", orders = {}, maxBodyBytes = MAX_BODY_BYTES, ...simulatorOptions } = {}) {
  if (!LOOPBACK.has(host)) throw new Error(`the gateways listen on loopback only (127.0.0.1, ::1, localhost), not ${host}`);
  const simulators = {};
  for (const platform of Object.keys(ROUTES)) {
    simulators[platform] = createSimulator(platform, { ...simulatorOptions, order: orders[platform] ?? simulatorOptions.order });
  }

  const server = createServer((req, res) => {
    const send = (answer) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    };
    const tooLarge = () => ({
      status: 413,
      // The rest of the body is not read: the connection closes after this answer.
      headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
      body: `request body over ${maxBodyBytes} bytes\n`,
    });
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      send(tooLarge());
      req.resume();
      return;
    }
    const chunks = [];
    let received = 0;
    let refused = false;
    req.on("data", (c) => {
      if (refused) return;
      received += c.length;
      if (received > maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        send(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (refused) return;
      const path = (req.url ?? "/").split("?")[0];
      const platform = Object.keys(ROUTES).find((p) => path.startsWith(ROUTES[p].prefix));
      let answer;
      if (!platform) {
        answer = { status: 404, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ endpoints }, null, 2) + "\n" };
      } else {
        try {
          answer = simulators[platform].handle({ url: req.url, method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        } catch (e) {
          // The answer names no stack and no detail; the gateway's own stderr has them.
          console.error(`gateway ${platform}:`, e);
          answer = { status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: "gateway error\n" };
        }
      }
      send(answer);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const hostText = address.family === "IPv6" || address.family === 6 ? `[${address.address}]` : address.address;
  const url = `http://${hostText}:${address.port}`;
  const endpoints = Object.fromEntries(Object.entries(ROUTES).map(([p, r]) => [p, url + r.endpoint]));
  const credentials = Object.fromEntries(Object.keys(ROUTES).map((p) => [p, credentialsFor(p, endpoints)]));
  return {
    url,
    endpoints,
    credentials,
    simulators,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    const value = m[2] ?? argv[++i];
    out[m[1]] = value;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  const options = { port: Number(args.port ?? 8787), host: args.host ?? "127.0.0.1" };
  if (args.seed !== undefined) options.seed = Number(args.seed);
  if (args.count !== undefined) options.count = Number(args.count);
  if (args.days !== undefined) options.days = Number(args.days);
  const gateways = await startGateways(options);
  console.log(`refund-normalizer local gateways on ${gateways.url} (loopback only)`);
  for (const [platform, endpoint] of Object.entries(gateways.endpoints)) console.log(`  ${platform.padEnd(13)} ${endpoint}`);
  console.log("credentials (demo values, each from its gateways/platforms/<id>.mjs):");
  console.log(JSON.stringify(gateways.credentials, null, 2));
  console.log('faults: send the header "X-Gateway-Fault: rate_limit|time_skew|server_error|truncated"');
  const stop = () => gateways.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
