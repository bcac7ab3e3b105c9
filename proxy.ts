// Runs before every page request (Next 16's "proxy", formerly middleware): refuses smuggled internal
// headers and sets the per-request CSP nonce. No sign-in decision is made here: each page, server
// action and route handler checks the session itself (lib/auth/guard.ts), so a matcher gap opens nothing.
import { type NextRequest, NextResponse } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-path";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

export function proxy(request: NextRequest): NextResponse {
  // CVE-2025-29927: this header once made Next skip middleware; only Next itself may send it internally.
  if (request.headers.has("x-middleware-subrequest")) {
    return NextResponse.json(
      { error: "refused: the request carries an internal Next.js header (x-middleware-subrequest)" },
      { status: 403 },
    );
  }
  const nonce = newNonce();
  const https =
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });

  // Next reads the nonce from the request's CSP header while rendering and stamps it on its scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // The path and query asked for, so a page that sends a signed-out visitor to sign in can bring them
  // back to the same filtered view (lib/auth/guard.ts requirePageActor). Always overwritten here.
  const requested = new URL(request.nextUrl.href);
  // Next's own cache-busting parameter on client navigations (deleting re-encodes the query, so only then).
  if (requested.searchParams.has("_rsc")) requested.searchParams.delete("_rsc");
  requestHeaders.set(REQUESTED_PATH_HEADER, `${requested.pathname}${requested.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    // Pages and the server actions posted to them. Left out: route handlers under /api (JSON, each guarded,
    // and reading their bodies under their own cap without the proxy buffering them first), build assets
    // and public files, which carry the static headers of next.config.js instead.
    "/((?!api/|_next/static/|_next/image|favicon\\.ico|.*\\.(?:png|jpg|jpeg|gif|svg|ico|webp|txt|xml|webmanifest|css|js|map)$).*)",
  ],
};
