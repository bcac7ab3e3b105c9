// GET /incidents/<id>/export: the incident as a Markdown file for the postmortem.
import { listIncidentAudit } from "@/lib/audit";
import { deniedResponse, guardRequest } from "@/lib/auth/guard";
import { getIncidentStore } from "@/lib/incidents";
import { exportIncidentMarkdown } from "@/lib/incidents/export-markdown";
import { isIncidentId } from "@/lib/incidents/model";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const granted = await guardRequest(request, "GET /incidents/[id]/export");
  if (!granted.ok) return deniedResponse(granted);
  const { id } = await params;
  const text = (status: number, body: string) =>
    new Response(body, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  if (!isIncidentId(id)) return text(404, "no such incident\n");
  try {
    const store = await getIncidentStore();
    const incident = await store.getIncident(id);
    if (!incident) return text(404, "no such incident\n");
    const entries = await store.timeline(id);
    // The export still works when the audit store is down; it then says the audit rows are missing.
    const audit = await listIncidentAudit(id).catch((error: unknown) => {
      logError(`incident export ${id}: audit records could not be read`, error);
      return null;
    });
    const url = new URL(`/incidents/${id}`, request.url).toString();
    const slug =
      incident.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60) || "incident";
    return new Response(exportIncidentMarkdown(incident, entries, url, audit), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="incident-${incident.createdAt.slice(0, 10)}-${slug}.md"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    logError("incident export failed", error);
    return text(503, "the incident store failed (see the dashboard's log)\n");
  }
}
