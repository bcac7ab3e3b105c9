// The incident a runbook page records to: `?incident=<id>` in the address bar, read at the moment of a run.
import { isIncidentId } from "@/lib/server/id-format";

/** The incident id in the current URL, when it has the right shape; undefined on the server. */
export function incidentFromLocation(): string | undefined {
  if (typeof window === "undefined") return undefined;
  const id = new URLSearchParams(window.location.search).get("incident");
  return id !== null && isIncidentId(id) ? id : undefined;
}

/** `{ incidentId }` to spread into a run request when this page records to an incident, else `{}`. */
export function recordTo(record = true): { incidentId?: string } {
  const incidentId = record ? incidentFromLocation() : undefined;
  return incidentId === undefined ? {} : { incidentId };
}
