// The sign-in library's own endpoints (sign-in, sign-out, session, OIDC redirects and callbacks); they
// authenticate by themselves, so they sit outside the session check (lib/auth/operations.ts says why).
import { getAuth } from "@/lib/auth/better-auth";
import { getConfig } from "@/lib/config";
import { logError } from "@/lib/log";

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
  return auth.handler(request);
}

export function GET(request: Request): Promise<Response> {
  return handle(request);
}

export function POST(request: Request): Promise<Response> {
  return handle(request);
}
