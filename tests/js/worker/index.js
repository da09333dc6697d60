import { buildRequest, parseResponse, platforms, RefundError, validateQuery } from "refund-normalizer";

// POST /<fn>/<platform> with a JSON body of the function's arguments; answers JSON.
export default {
  async fetch(request) {
    const [, fn, platform] = new URL(request.url).pathname.split("/");
    const args = request.method === "POST" ? await request.json() : {};
    try {
      switch (fn) {
        case "platforms":
          return Response.json(platforms().map((p) => p.id));
        case "validate":
          return Response.json(validateQuery(platform, args.query, args.options));
        case "sign":
          return Response.json(buildRequest(platform, args.credentials, args.query, args.options));
        case "parse":
          return Response.json(parseResponse(platform, args.body, args.options));
        case "parse-bytes":
          return Response.json(parseResponse(platform, Uint8Array.from(args.bytes), args.options));
        default:
          return new Response("not found", { status: 404 });
      }
    } catch (e) {
      if (e instanceof RefundError) {
        return Response.json({ error: { name: e.name, code: e.code, message: e.message, messageZh: e.messageZh, retryable: e.retryable } }, { status: 400 });
      }
      return Response.json({ uncaught: String(e) }, { status: 500 });
    }
  },
};
