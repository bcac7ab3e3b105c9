// GET /api/incidents/<id>: title and status of an incident, for the "Recording to incident" banner on runbook pages.
import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { getIncidentStore } from "@/lib/incidents";
import { isIncidentId } from "@/lib/incidents/model";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const granted = await guardRequest(request, "GET /api/incidents/[id]");
  if (!granted.ok) return deniedResponse(granted);
  const { id } = await params;
  const headers = { "cache-control": "no-store" };
  if (!isIncidentId(id)) return Response.json({ error: "malformed incident id" }, { status: 404, headers });
  try {
    const incident = await (await getIncidentStore()).getIncident(id);
    if (!incident) return Response.json({ error: "no such incident" }, { status: 404, headers });
    const { title, status, severity, runbooks } = incident;
    return Response.json({ id, title, status, severity, runbooks }, { headers });
  } catch (error) {
    logError("GET /api/incidents failed", error);
    return Response.json({ error: "the incident store failed (see the dashboard's log)" }, { status: 503, headers });
  }
}
