// The Content-Security-Policy of every page: scripts only from our origin with this request's nonce
// (Next.js reads the nonce from the header and puts it on its own scripts), no framing, no plugins.
// Pure and free of server-only imports: proxy.ts builds the header with it, and tests read it.

export interface CspOptions {
  /** `next dev` needs eval for React's debugging aids; a production build never does. */
  dev: boolean;
  /** Served over https (directly or behind a TLS proxy): ask the browser to upgrade stray http URLs. */
  https: boolean;
}

/** A fresh nonce: 128 random bits, base64 (Web Crypto works in every runtime proxy.ts may use). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, options: CspOptions): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(nonce)) throw new Error("nonce must be base64");
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd Next runtime load its own chunks; hosts are then ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes in server-rendered HTML (Next's error pages) cannot carry a nonce; inline CSS
    // cannot run script, so this is the accepted trade-off. A nonce here would switch 'unsafe-inline' off.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
