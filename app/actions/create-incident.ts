"use server";
// Server action: open an incident from a runbook page or a triage (title, severity, the selected symptoms, runbooks),
// attaching the runs already on screen (by the server's run ids) at the times they ran.
import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { attachShownRuns } from "@/lib/incidents/attach-runs";
import { newIncidentSchema } from "@/lib/incidents/model";
import { runAutomaticDiagnostics } from "@/lib/incidents/record-run";
import { recordIncidentOpened } from "@/lib/metrics";
import { getRunbook } from "@/lib/runbooks/library";

const inputSchema = newIncidentSchema
  .omit({ groupKey: true })
  .extend({
    /** From triage: run each runbook's read-only diagnosis checks now and record them as the first evidence. */
    runChecks: z.boolean().optional(),
    /** Runs shown on the page (their server-issued ids): attached with their original times. */
    attachRuns: z.array(z.uuid()).max(200).optional(),
  })
  .strict();

export const createIncidentAction = serverAction("createIncidentAction", {
  input: inputSchema,
  invalid: "invalid incident",
  expected: [IncidentStoreError],
  failure: "the incident could not be saved (the incident store failed; see the dashboard's log)",
  run: async ({ runChecks, attachRuns, ...input }, { actor }) => {
    const unknown = input.runbooks.filter((slug) => getRunbook(slug) === undefined);
    if (unknown.length > 0) return { ok: false, error: `unknown runbook ${unknown.join(", ")}` };
    const store = await getIncidentStore();
    const incident = await store.createIncident(input, actor);
    recordIncidentOpened("operator");
    // Evidence is never client-supplied: the browser names runs this server made; their content comes from here.
    const attached = await attachShownRuns(store, incident, attachRuns ?? [], actor);
    if (runChecks && attached.attached === 0) {
      // Server-side runs, not the browser's triage results: evidence in an incident is never client-supplied.
      await Promise.all(
        input.runbooks.map((slug) => {
          const runbook = getRunbook(slug);
          return runbook ? runAutomaticDiagnostics(store, incident.id, runbook, actor, "manual") : 0;
        }),
      );
    }
    return { ok: true, data: { id: incident.id, attached: attached.attached, notAttached: attached.notAttached } };
  },
});
