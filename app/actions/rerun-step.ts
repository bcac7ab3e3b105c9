"use server";
// Server action: run a recorded step again with the same inputs and record it beside the first snapshot.
import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { entryIdSchema, incidentIdSchema } from "@/lib/incidents/model";
import { newRunFromResult } from "@/lib/incidents/record-run";
import { getRunbook } from "@/lib/runbooks/library";

const inputSchema = z.object({ incidentId: incidentIdSchema, entryId: entryIdSchema }).strict();

export const rerunStepAction = serverAction("rerunStepAction", {
  input: inputSchema,
  invalid: "invalid re-run",
  expected: [StepInputError, IncidentStoreError],
  failure: "the step could not be re-run (internal error; see the dashboard's log)",
  run: async ({ incidentId, entryId }, { actor }) => {
    const store = await getIncidentStore();
    const [incident, entry] = await Promise.all([store.getIncident(incidentId), store.getEntry(incidentId, entryId)]);
    if (!incident) return { ok: false, error: "no such incident" };
    if (entry?.type !== "run") return { ok: false, error: "no such recorded run in this incident" };
    if (incident.status === "resolved")
      return { ok: false, error: "the incident is resolved; reopen it to re-run steps" };
    const runbook = getRunbook(entry.runbook);
    if (!runbook) return { ok: false, error: `the runbook ${entry.runbook} no longer exists` };
    const result = await executeStep({ runbook: entry.runbook, stepId: entry.stepId, params: entry.params });
    const rerun = await store.appendRun(
      incidentId,
      newRunFromResult(runbook, result, entry.params, "rerun", entry.rerunOf ?? entry.id),
      actor,
    );
    return { ok: true, data: { entryId: rerun.id } };
  },
});
