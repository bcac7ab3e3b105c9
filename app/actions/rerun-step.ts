"use server";
// Server action: run a recorded step again with the same inputs and record it beside the first snapshot.
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { describeZodError } from "@/lib/diagnostics/run-request";
import type { ActionResult } from "@/lib/diagnostics/types";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { entryIdSchema, incidentIdSchema } from "@/lib/incidents/model";
import { newRunFromResult } from "@/lib/incidents/record-run";
import { logError } from "@/lib/log";
import { getRunbook } from "@/lib/runbooks/library";

const inputSchema = z.object({ incidentId: incidentIdSchema, entryId: entryIdSchema }).strict();

export async function rerunStepAction(input: unknown): Promise<ActionResult<{ entryId: string }>> {
  const granted = await guardAction("rerunStepAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid re-run: ${describeZodError(parsed.error)}` };
  const { incidentId, entryId } = parsed.data;
  try {
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
      granted.actor,
    );
    return { ok: true, data: { entryId: rerun.id } };
  } catch (error) {
    if (error instanceof StepInputError || error instanceof IncidentStoreError)
      return { ok: false, error: error.message };
    logError("rerunStepAction failed", error);
    return { ok: false, error: "the step could not be re-run (internal error; see the dashboard's log)" };
  }
}
