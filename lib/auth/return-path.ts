// Where to send someone after signing in: only a path on this site, never another origin.
import { hasControlCharacters } from "../server/text";

const BASE = "http://return-path.invalid";

/**
 * `path` when it is a same-site path, else "/". Rejects //evil.example, /\evil, schemes, control
 * characters, and the sign-in page itself (which would loop).
 */
export function safeReturnPath(path: string | null | undefined): string {
  if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//")) return "/";
  if (path.length > 2048 || path.includes("\\") || hasControlCharacters(path)) return "/";
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname.startsWith("/api/")) {
    return "/";
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The request header the proxy sets on every page request: the path and query the browser asked for. */
export const REQUESTED_PATH_HEADER = "x-requested-path";

/**
 * Where a page sends a signed-out visitor back to after sign-in: the path and query the browser
 * asked for (`requested`, from the proxy's header) when it is the same page as `page`, else `page`.
 * The query survives (?symptoms=…, ?incident=…); the fragment never reaches the server, the browser
 * keeps it across the redirect and the sign-in form re-attaches it.
 */
export function pageReturnPath(page: string, requested: string | null | undefined): string {
  const fallback = safeReturnPath(page);
  if (requested === null || requested === undefined) return fallback;
  const safe = safeReturnPath(requested);
  const pathOf = (p: string) => new URL(p, BASE).pathname;
  // A header that names another page (a rewrite, a refused path turned into "/") is not used.
  return pathOf(safe) === pathOf(fallback) ? safe : fallback;
}

/**
 * The return path with the browser's fragment (#step-3) added when `next` has none: the fragment of
 * the original link is kept by the browser on the redirect to /sign-in, not sent to the server.
 */
export function withFragment(next: string, hash: string): string {
  if (next.includes("#") || hash === "" || hash === "#") return next;
  return safeReturnPath(`${next}${hash.startsWith("#") ? hash : `#${hash}`}`);
}
