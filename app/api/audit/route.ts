// GET /api/audit: the audit trail as JSON, newest first, filtered (?actor, result, operation, incident) and paged (?before, limit).
import { listAuditPage } from "@/lib/audit";
import { AuditStoreError } from "@/lib/audit/errors";
import { auditFilterFromQuery, auditQueryString } from "@/lib/audit/filter";
import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const granted = await guardRequest(request, "GET /api/audit");
  if (!granted.ok) return deniedResponse(granted);
  const headers = { "cache-control": "no-store", "x-request-id": granted.requestId };
  const { filter, problems } = auditFilterFromQuery(new URL(request.url).searchParams);
  if (problems.length > 0) return Response.json({ error: problems.join("; ") }, { status: 400, headers });
  try {
    const { records, nextBefore } = await listAuditPage(filter);
    const next = nextBefore === null ? null : `/api/audit?${auditQueryString(filter, { before: nextBefore })}`;
    return Response.json({ records, nextBefore, next }, { headers });
  } catch (error) {
    if (error instanceof AuditStoreError) return Response.json({ error: error.message }, { status: 400, headers });
    logError("GET /api/audit failed", error);
    return Response.json({ error: "the audit store failed (see the dashboard's log)" }, { status: 503, headers });
  }
}
