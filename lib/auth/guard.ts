// The permission check every server action and route handler calls first, inside itself (default
// deny): refuses smuggled middleware headers and foreign origins, resolves the signed-in actor,
// looks the operation up in OPERATIONS, applies the per-user rate limit, and audits every denial.
import "server-only";
import { randomUUID } from "node:crypto";
import { headers as requestHeaders } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { appendAudit } from "../audit";
import { getConfig } from "../config";
import { recordAnonymousDenial } from "../limits/anonymous-denials";
import { consumeRateLimit } from "../limits/rate-limit";
import { logError } from "../log";
import type { Actor } from "./actor";
import { resolveIdentity } from "./identity";
import { type OperationName, ruleFor } from "./operations";
import { pageReturnPath, REQUESTED_PATH_HEADER, safeReturnPath } from "./return-path";
import { type Permission, roleGrants } from "./roles";

export interface Granted {
  ok: true;
  actor: Actor;
  requestId: string;
}

export interface Denied {
  ok: false;
  status: 401 | 403 | 429 | 503;
  error: string;
  requestId: string;
  retryAfterSeconds?: number;
}

export type GuardResult = Granted | Denied;

export interface GuardOptions {
  /** What the call is aimed at, for the audit record of a denial ("redis", "mongo app.orders"). */
  target?: string;
  incidentId?: string;
}

const PERMISSION_WORDS: Record<Permission, string> = {
  read: "read runbooks and incidents",
  "run-diagnostics": "run diagnostics",
  "write-incidents": "open or change incidents",
  remediate: "apply remediations",
  "read-audit": "read the audit trail",
};

/** For a server action (normally through serverAction in ./server-action.ts): reads the request's headers itself. */
export async function guardAction(operation: OperationName, options: GuardOptions = {}): Promise<GuardResult> {
  return guardHeaders(await requestHeaders(), operation, options);
}

/** For a route handler. */
export function guardRequest(
  request: Request,
  operation: OperationName,
  options: GuardOptions = {},
): Promise<GuardResult> {
  return guardHeaders(request.headers, operation, options);
}

/** The Response a route handler sends for a denial (JSON { error }, Retry-After on 429). */
export function deniedResponse(denied: Denied): Response {
  const headers: Record<string, string> = { "x-request-id": denied.requestId };
  if (denied.retryAfterSeconds !== undefined) headers["retry-after"] = String(denied.retryAfterSeconds);
  return Response.json({ error: denied.error, requestId: denied.requestId }, { status: denied.status, headers });
}

export async function guardHeaders(
  headers: Headers,
  operation: string,
  options: GuardOptions = {},
): Promise<GuardResult> {
  const requestId = randomUUID();
  const deny = async (
    status: Denied["status"],
    error: string,
    actor: Actor | null,
    retryAfterSeconds?: number,
  ): Promise<Denied> => {
    // Denials without a session are capped per peer, so an anonymous flood cannot grow the audit trail at will.
    if (actor !== null || (await recordAnonymousDenial(headers))) {
      await recordDenial(operation, actor, error, requestId, options);
    }
    return { ok: false, status, error, requestId, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  };

  // CVE-2025-29927: this header once made Next skip middleware. Nothing legitimate sends it to us.
  if (headers.has("x-middleware-subrequest")) {
    return deny(403, "refused: the request carries an internal Next.js header (x-middleware-subrequest)", null);
  }
  const rule = ruleFor(operation);
  if (rule?.mutates) {
    const originProblem = checkOrigin(headers);
    if (originProblem) return deny(403, originProblem, null);
  }

  let actor: Actor | null;
  try {
    actor = await resolveIdentity(headers);
  } catch (error) {
    logError(`sign-in check failed for ${operation}`, error);
    return deny(503, "the sign-in service is unavailable, so nothing can be run; try again shortly", null);
  }
  if (actor === null) return deny(401, "sign in first", null);
  if (rule === undefined) {
    return deny(403, `no permission rule covers "${operation}", so it is denied to everyone`, actor);
  }
  if (actor.role === "system" || !roleGrants(actor.role, rule.permission)) {
    return deny(403, `your role (${actor.role}) may not ${PERMISSION_WORDS[rule.permission]}`, actor);
  }
  if (rule.limit !== undefined) {
    const limited = await consumeRateLimit(actor.id, rule.limit);
    if (!limited.ok) {
      const s = limited.retryAfterSeconds;
      return deny(429, limited.reason ?? `too many requests: try again in ${s} s`, actor, s);
    }
  }
  return { ok: true, actor, requestId };
}

/**
 * Next already refuses server actions whose Origin differs from the Host; this also covers route
 * handlers, refuses `Origin: null` (sandboxed frames, file://), and honours PUBLIC_URL behind a proxy.
 * A request without Origin (curl, server-to-server) still needs a session cookie, which is SameSite=Lax.
 */
function checkOrigin(headers: Headers): string | undefined {
  const origin = headers.get("origin");
  if (origin === null) return undefined;
  if (origin === "null") return "refused: the request's Origin is null";
  const allowed = allowedOrigins(headers);
  if (!allowed.includes(origin.toLowerCase())) return `refused: requests from ${origin} are not allowed`;
  return undefined;
}

function allowedOrigins(headers: Headers): string[] {
  const out: string[] = [];
  const publicUrl = getConfig().auth.publicUrl;
  if (publicUrl !== undefined) out.push(new URL(publicUrl).origin.toLowerCase());
  const host = headers.get("host");
  if (host !== null) {
    out.push(`http://${host}`.toLowerCase(), `https://${host}`.toLowerCase());
  }
  return out;
}

async function recordDenial(
  operation: string,
  actor: Actor | null,
  reason: string,
  requestId: string,
  options: GuardOptions,
): Promise<void> {
  try {
    await appendAudit({
      actorId: actor?.id ?? "anonymous",
      actorName: actor?.name ?? "not signed in",
      role: actor?.role ?? "none",
      operation,
      result: "denied",
      reason,
      requestId,
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.incidentId === undefined ? {} : { incidentId: options.incidentId }),
    });
  } catch (error) {
    // A denial stays a denial even when the audit store is down; the log keeps the trace.
    logError(`audit append failed for a denied ${operation} (${requestId})`, error);
  }
}

/**
 * For pages: the signed-in actor, or a redirect to the sign-in page that comes back to `returnTo`
 * with the query the link carried (?symptoms=…, ?incident=…; the proxy passes it in a header).
 * Pages are only a view; the actions and routes they call check again themselves.
 */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const actor = await optionalPageActor();
  if (actor === null) {
    const requested = (await requestHeaders()).get(REQUESTED_PATH_HEADER);
    redirect(`/sign-in?next=${encodeURIComponent(pageReturnPath(returnTo, requested))}`);
  }
  return actor;
}

/** For rendering: the signed-in actor, or null when nobody is (or the session store cannot say). */
export async function optionalPageActor(): Promise<Actor | null> {
  try {
    return await resolveIdentity(await requestHeaders());
  } catch (error) {
    // Next's own signals (dynamic rendering during a build, redirects) are not failures.
    unstable_rethrow(error);
    logError("sign-in check failed while rendering a page", error);
    return null;
  }
}

/** Whether the actor's role grants a permission: for showing or hiding controls, never as the check itself. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  return actor.role !== "system" && roleGrants(actor.role, permission);
}

/** Only same-site paths survive as a return address (lib/auth/return-path.ts). */
export { safeReturnPath };
