// "Start incident" keeps the evidence on screen: the runs the page showed (named by their server-issued
// ids, lib/diagnostics/recent-runs.ts) are filed under the new incident at the times they ran.
import "server-only";
import { keptRun } from "../diagnostics/recent-runs";
import { logError } from "../log";
import { getRunbook } from "../runbooks/library";
import type { ActorRecord, Incident } from "./model";
import { newRunFromResult } from "./record-run";
import type { IncidentStore } from "./store";

export interface AttachOutcome {
  attached: number;
  /** Ids this server no longer knows (older than an hour, or run by another instance) or of another runbook. */
  notAttached: number;
}

export async function attachShownRuns(
  store: IncidentStore,
  incident: Incident,
  runIds: readonly string[],
  actor: ActorRecord,
): Promise<AttachOutcome> {
  let attached = 0;
  let notAttached = 0;
  const runs = [...new Set(runIds)]
    .map((id) => keptRun(id))
    .filter((r) => r !== undefined)
    // Oldest first, so the timeline reads as the page did.
    .sort((a, b) => (a.result.startedAt < b.result.startedAt ? -1 : 1));
  notAttached += new Set(runIds).size - runs.length;
  for (const { result, params } of runs) {
    const runbook = getRunbook(result.runbook);
    if (!runbook || !incident.runbooks.includes(runbook.slug)) {
      notAttached++;
      continue;
    }
    try {
      await store.appendRun(incident.id, newRunFromResult(runbook, result, params, "manual"), actor, {
        at: result.startedAt,
      });
      attached++;
    } catch (error) {
      logError(`attaching a shown run of ${runbook.slug}/${result.stepId} to incident ${incident.id}`, error);
      notAttached++;
    }
  }
  return { attached, notAttached };
}
