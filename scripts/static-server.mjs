// A tiny static file server on loopback for the browser tests: serves the repo root with the
// MIME types browsers insist on for modules and wasm.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

export async function serve(root, port = 0) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

// `node scripts/static-server.mjs [port]`: serves the repository, e.g. the admin console at
// http://127.0.0.1:<port>/www/index.html (loopback only).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { fileURLToPath } = await import("node:url");
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const port = Number(process.argv[2] ?? 8080);
  const { url } = await serve(root, port);
  console.log(`serving ${root} at ${url}/www/index.html`);
}
