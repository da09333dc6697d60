// redactRequest (redactWith here; api.js gives it the platform list): a copy of a signed request that is safe to log.
//
// It reads the request alone (no credentials): each platform puts its secrets under names
// fixed by the platform module (src/platforms/*.rs), so masking is by name, in every place
// and encoding the request carries them:
// - 旺店通, ShopEx: no credential on the wire (the secret only feeds the signature);
// - 蘑菇街: `access_token` in the form body (form-encoded: `*` as `%2A`, space as `+`);
// - 苏宁: the `access_token` header;
// - 淘宝/天猫: `session` in the form body;
// - 诺云: every header but `Content-Type` and every JSON body field that is not one of the
//   platform's documented params (`credentials.headers` / `bodyFields` are caller-chosen);
// - any platform: `Authorization`, `Cookie`, and names that say token/secret/password, in the
//   URL's query, the headers, a form, JSON or XML body; the URL's user:password@.
// The signature (`sign`, `signInfo`) is masked too unless `keepSignature`: with the timestamp
// it authorises the same request again until the platform's time window closes.
//
// Never throws: what cannot be read (a body that is not text, broken JSON, a malformed
// %-escape, a lone surrogate) is masked whole or kept as text, never parsed by something that
// throws.

/** What a masked value reads as, unless `options.mask` says otherwise. */
export const REDACTED = "[REDACTED]";

// Lower-case names whose value is a credential wherever they appear (`session`: 淘宝/天猫's
// session key).
const SECRET_NAMES = new Set(["access_token", "accesstoken", "refresh_token", "token", "session", "appsecret", "app_secret", "secret", "client_secret", "password", "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);
// Lower-case names of signatures.
const SIGNATURE_NAMES = new Set(["sign", "signinfo", "signature"]);

// decodeURIComponent of a form name, or the text itself when it is not a valid escape.
function formName(text) {
  const plain = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain;
  }
}

function text(value) {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  try {
    return String(value);
  } catch {
    return "";
  }
}

/**
 * `platform`, `request` ({ url, method, headers, body }); options `{ mask, keepSignature }`.
 * `paramsOf(platform)`: the set of the platform's documented request param names (诺云's JSON
 * body keeps only those), or undefined.
 */
export function redactWith(platform, request, options, paramsOf) {
  let mask = REDACTED;
  let keepSignature = false;
  try {
    if (options != null && typeof options === "object") {
      if (typeof options.mask === "string") mask = options.mask;
      keepSignature = options.keepSignature === true;
    }
  } catch {
    // a throwing getter: the defaults
  }
  try {
    return redactParts(platform, request, mask, keepSignature, paramsOf);
  } catch {
    return { url: mask, method: "", headers: {}, body: mask };
  }
}

function redactParts(platform, request, mask, keepSignature, paramsOf) {
  if (request === null || typeof request !== "object") return { url: mask, method: "", headers: {}, body: mask };
  // A platform of the registry is one `paramsOf` knows.
  let known = false;
  try {
    known = typeof platform === "string" && paramsOf(platform) !== undefined;
  } catch {
    known = false;
  }
  const secret = (name) => {
    const n = name.toLowerCase();
    return SECRET_NAMES.has(n) || (!keepSignature && SIGNATURE_NAMES.has(n)) || /token|secret|passw/.test(n);
  };
  // Unknown platform: every value is masked but the content type.
  const strict = !known;
  const nuoyun = platform === "nuoyun";
  let documented;
  if (nuoyun) {
    try {
      documented = paramsOf(platform);
    } catch {
      documented = undefined;
    }
  }

  const url = redactUrl(text(request.url), mask, strict ? () => true : secret);

  const headers = {};
  const given = request.headers;
  if (given !== null && typeof given === "object") {
    const entries = typeof given.entries === "function" && !Array.isArray(given) && typeof given.forEach === "function" ? [...given.entries()] : Object.entries(given);
    for (const [name, value] of entries) {
      const n = text(name);
      const hide = n.toLowerCase() !== "content-type" && (strict || nuoyun || secret(n));
      const v = hide ? mask : text(value);
      // A header named __proto__ stays an own property.
      Object.defineProperty(headers, n, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }

  let body;
  if (typeof request.body === "string") {
    const b = request.body;
    const start = b.trimStart()[0];
    if (start === "{" || start === "[") {
      const hide = strict ? () => true : nuoyun ? (name, depth) => depth > 1 || !documented || !documented.has(name) || secret(name) : (name) => secret(name);
      body = redactJson(b, mask, hide) ?? mask;
    } else if (start === "<") {
      body = strict ? mask : redactXml(b, mask, secret);
    } else {
      body = redactForm(b, mask, strict ? () => true : secret);
    }
  } else if (request.body === undefined || request.body === null) {
    body = request.body;
  } else {
    body = mask; // bytes, a stream, FormData: not read, not shown
  }
  return { url, method: text(request.method), headers, body };
}

// `a=1&b=2` with the values of hidden names replaced; names and order kept.
function redactForm(form, mask, hide) {
  if (form === "") return form;
  return form
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (!hide(formName(name))) return pair;
      return `${name}=${mask}`;
    })
    .join("&");
}

function redactUrl(url, mask, hide) {
  // user:password@ of an absolute URL
  let out = url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/, `$1${mask}@`);
  const hash = out.indexOf("#");
  const fragment = hash < 0 ? "" : out.slice(hash);
  if (hash >= 0) out = out.slice(0, hash);
  const q = out.indexOf("?");
  if (q < 0) return out + fragment;
  return `${out.slice(0, q + 1)}${redactForm(out.slice(q + 1), mask, hide)}${fragment}`;
}

// <name>value</name> of hidden names (苏宁's XML body has none; any other is masked).
function redactXml(xml, mask, hide) {
  return xml.replace(/<([A-Za-z_][\w.-]*)(\s[^>]*)?>([^<]*)<\/\1\s*>/g, (whole, name, attributes, _value) =>
    hide(name) ? `<${name}${attributes ?? ""}>${mask}</${name}>` : whole,
  );
}

// JSON text with the values of hidden members replaced by the mask (a JSON string), the rest
// copied as it was (big numbers stay exact); null when the text is not JSON. `hide(name,
// depth)`: depth 1 for the top object's members.
function redactJson(json, mask, hide) {
  const masked = JSON.stringify(mask);
  let p = 0;
  let out = "";
  const ws = () => {
    while (p < json.length && " \t\n\r".includes(json[p])) p++;
  };
  const fail = () => {
    throw new SyntaxError("not JSON");
  };
  // A string token at p: its text (with quotes), p moved past it.
  const stringToken = () => {
    const from = p;
    p++;
    while (p < json.length && json[p] !== '"') p += json[p] === "\\" ? 2 : 1;
    if (p >= json.length) fail();
    p++;
    return json.slice(from, p);
  };
  // A value at p: written to out (or skipped when `skip`).
  const value = (depth, skip) => {
    ws();
    const c = json[p];
    if (c === "{") {
      if (!skip) out += "{";
      p++;
      ws();
      let first = true;
      let written = false;
      while (json[p] !== "}") {
        if (!first) {
          if (json[p] !== ",") fail();
          p++;
          ws();
        }
        first = false;
        if (json[p] !== '"') fail();
        const token = stringToken();
        let name;
        try {
          name = JSON.parse(token);
        } catch {
          name = token;
        }
        ws();
        if (json[p] !== ":") fail();
        p++;
        const hidden = !skip && hide(name, depth);
        if (!skip) out += (written ? "," : "") + token + ":";
        written = true;
        value(depth + 1, skip || hidden);
        if (hidden) out += masked;
        ws();
      }
      p++;
      if (!skip) out += "}";
    } else if (c === "[") {
      if (!skip) out += "[";
      p++;
      ws();
      let first = true;
      while (json[p] !== "]") {
        if (!first) {
          if (json[p] !== ",") fail();
          p++;
          if (!skip) out += ",";
        }
        first = false;
        value(depth, skip);
        ws();
        if (p >= json.length) fail();
      }
      p++;
      if (!skip) out += "]";
    } else if (c === '"') {
      const token = stringToken();
      if (!skip) out += token;
    } else {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(json.slice(p, p + 400));
      if (!m) fail();
      p += m[0].length;
      if (!skip) out += m[0];
    }
  };
  try {
    value(1, false);
    ws();
    return p === json.length ? out : null;
  } catch {
    return null;
  }
}
