// Open incidents where people work: the home page lists every open incident, a runbook page those that
// concern it ("Open: High error rates — opened by Alertmanager 2 min ago — Join"). Joining opens the
// runbook page with ?incident=, so runs from there are recorded on the incident.
import { getIncidentStore } from "@/lib/incidents";
import { ago } from "@/lib/incidents/ago";
import { logError } from "@/lib/log";
import { type OpenIncidentItem, OpenIncidentsList } from "./open-incidents-list";

export async function OpenIncidents({ runbook, recording }: { runbook?: string; recording?: string | undefined }) {
  let items: (OpenIncidentItem | { more: number })[];
  try {
    const store = await getIncidentStore();
    const page = await store.listIncidents({ status: "open", limit: 5, ...(runbook ? { runbook } : {}) });
    const now = Date.now();
    items = page.items.map((incident) => {
      const joinRunbook = runbook ?? incident.runbooks[0];
      return {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        openedBy: incident.createdBy.name,
        ago: ago(incident.createdAt, now),
        joinHref: joinRunbook ? `/runbooks/${joinRunbook}?incident=${incident.id}` : undefined,
      };
    });
    if (page.total > items.length) {
      items.push({ more: page.total - items.length });
    }
  } catch (error) {
    logError("open incidents banner: the incident store could not be read", error);
    return null;
  }
  if (items.length === 0) return null;
  return <OpenIncidentsList items={items} scope={runbook ? "runbook" : "all"} recording={recording} />;
}
