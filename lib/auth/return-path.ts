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
