// The sign-in library's own endpoints (sign-in, sign-out, session, OIDC redirects and callbacks); they
// authenticate by themselves, so they sit outside the session check (lib/auth/operations.ts says why).
import { getAuth } from "@/lib/auth/better-auth";
import { getConfig } from "@/lib/config";
import { logError } from "@/lib/log";
import { recordSignInFailure } from "@/lib/metrics";

async function handle(request: Request): Promise<Response> {
  const { mode } = getConfig().auth;
  if (mode !== "local" && mode !== "oidc") {
    const why = mode === "proxy" ? "sign-in is handled by the reverse proxy" : "sign-in is off (AUTH_MODE=none)";
    return Response.json({ error: why }, { status: 404 });
  }
  let auth: Awaited<ReturnType<typeof getAuth>>;
  try {
    auth = await getAuth();
  } catch (error) {
    logError("the sign-in service could not start", error);
    return Response.json({ error: "the sign-in service is unavailable; try again shortly" }, { status: 503 });
  }
  const response = await auth.handler(request);
  // Refused sign-ins (wrong password, unknown account, rate-limited) are counted for /api/metrics.
  const method = /\/api\/auth\/sign-in\/([a-z-]+)/.exec(new URL(request.url).pathname)?.[1];
  if (request.method === "POST" && method !== undefined && response.status >= 400) recordSignInFailure(method);
  return response;
}

export function GET(request: Request): Promise<Response> {
  return handle(request);
}

export function POST(request: Request): Promise<Response> {
  return handle(request);
}
