// POST /api/alerts end to end: bearer token, size cap, JSON and version-4 payload checks, then the intake.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getConfig } from "../config";
import { logError } from "../log";
import { getLibrary } from "../runbooks/library";
import { describeZodError } from "../server/zod-errors";
import { ingestAlerts } from "./alert-intake";
import { webhookPayloadSchema } from "./alert-mapping";
import { getIncidentStore } from "./index";
import { IncidentStoreError } from "./store";

/** Alertmanager batches at most a few hundred alerts; a megabyte is far beyond a real notification. */
export const ALERT_BODY_LIMIT = 1024 * 1024;

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** Constant-time comparison that does not leak the token's length either (both sides hashed first). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function readCapped(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function handleAlertWebhook(
  request: Request,
  options: { schedule: (task: () => Promise<void>) => void },
): Promise<Response> {
  const token = getConfig().alertsToken;
  if (token === undefined) return problem(503, "alert intake disabled: set ALERTS_TOKEN");

  const authorization = request.headers.get("authorization");
  const challenge = { "www-authenticate": 'Bearer realm="runbook-dashboard alerts"' };
  if (!authorization) {
    return problem(
      401,
      "missing Authorization header: configure the webhook's http_config.authorization (type Bearer) with ALERTS_TOKEN",
      challenge,
    );
  }
  const bearer = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  if (bearer === undefined) return problem(401, "Authorization must be `Bearer <token>`", challenge);
  if (!tokensEqual(bearer, token)) return problem(401, "invalid bearer token", challenge);

  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return problem(415, `Content-Type must be application/json, got "${contentType.slice(0, 100)}"`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > ALERT_BODY_LIMIT) return problem(413, `request body over ${ALERT_BODY_LIMIT} bytes`);
  const text = await readCapped(request, ALERT_BODY_LIMIT);
  if (text === null) return problem(413, `request body over ${ALERT_BODY_LIMIT} bytes`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, "request body is not JSON");
  }
  const version = body !== null && typeof body === "object" && "version" in body ? body.version : undefined;
  if (version !== "4") {
    return problem(
      400,
      `unsupported webhook payload version ${JSON.stringify(version ?? null)}: expected "4" (Alertmanager webhook_config)`,
    );
  }
  const parsed = webhookPayloadSchema.safeParse(body);
  if (!parsed.success) return problem(400, `invalid Alertmanager payload: ${describeZodError(parsed.error)}`);

  try {
    const store = await getIncidentStore();
    const summary = await ingestAlerts(parsed.data, {
      store,
      runbooks: getLibrary().runbooks,
      schedule: options.schedule,
    });
    return Response.json({ status: "ok", ...summary }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof IncidentStoreError && error.code === "invalid") {
      return problem(400, `invalid alert: ${error.message}`);
    }
    logError("alert webhook failed", error);
    // 5xx: Alertmanager retries the notification, and the dedupe makes the retry safe.
    return problem(500, "could not record the alerts (see the dashboard's log); Alertmanager will retry");
  }
}
