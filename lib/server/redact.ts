// Masks credentials in URLs, free text and key/value pairs before anything leaves the server.

export const MASK = "***";

const SECRET_KEY = /pass(word)?|secret|token|api[_-]?key|private[_-]?key|credential|auth/i;

/** True when a variable, config key or query parameter name looks like it holds a secret. */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name);
}

const AUTHORITY_END = new Set(["/", "?", "#"]);

/**
 * Masks the password of every `scheme://user:pass@host` in `text`. Written as a scan rather than a
 * regex: each "://" is found with indexOf and its authority (up to "/", "?", "#" or whitespace) is
 * read once, so the cost is linear however long or hostile the text, and no scheme prefix
 * ("xxxx…redis://") can push a URL out of reach. The userinfo is everything before the LAST "@",
 * because a password may carry an unencoded "@" and over-masking beats leaking its tail.
 */
function maskUserinfo(text: string): string {
  let out = "";
  let copied = 0;
  let idx = text.indexOf("://");
  while (idx !== -1) {
    const start = idx + 3;
    let end = start;
    while (end < text.length) {
      const ch = text.charAt(end);
      if (AUTHORITY_END.has(ch) || /\s/.test(ch)) break;
      end++;
    }
    const authority = text.slice(start, end);
    const at = authority.lastIndexOf("@");
    const colon = at < 0 ? -1 : authority.indexOf(":");
    // "user@host" has no password to hide (ioredis and mongodb read it as a user name).
    if (colon >= 0 && colon < at) {
      out += `${text.slice(copied, start)}${authority.slice(0, colon)}:${MASK}${authority.slice(at)}`;
      copied = end;
    }
    idx = text.indexOf("://", idx + 1);
  }
  return out + text.slice(copied);
}

// Query parameters such as ?password= or mongodb's tlsCertificateKeyFilePassword= also carry secrets.
// Keys stop at the next separator, again so a long run of ";" stays linear.
const QUERY_PARAM = /([?&;])([^=&;?#\s]+)=([^&;#\s]*)/g;

function maskQuery(text: string): string {
  return text.replace(QUERY_PARAM, (whole, sep: string, key: string, value: string) =>
    value !== "" && isSecretKey(key) ? `${sep}${key}=${MASK}` : whole,
  );
}

/** `redis://:s3cret@host` → `redis://:***@host`; `mongodb://u:p@h` → `mongodb://u:***@h`. */
export function redactUrl(url: string): string {
  const masked = url.includes("://") ? maskUserinfo(url) : url;
  return masked.includes("?") ? maskQuery(masked) : masked;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every known secret value (raw and percent-encoded, since URLs carry the
 * encoded form) and any `scheme://user:pass@` in free text.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    variants.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) variants.add(encoded);
  }
  let out = text;
  if (variants.size > 0) {
    // Longest first so a secret that contains another is masked whole.
    const pattern = [...variants]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|");
    out = out.replace(new RegExp(pattern, "g"), MASK);
  }
  return redactUrl(out);
}
