"use server";
// Server action: open an incident from a runbook page or a triage (title, severity, the selected symptoms, runbooks).
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { describeZodError } from "@/lib/diagnostics/run-request";
import type { ActionResult } from "@/lib/diagnostics/types";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { newIncidentSchema } from "@/lib/incidents/model";
import { runAutomaticDiagnostics } from "@/lib/incidents/record-run";
import { logError } from "@/lib/log";
import { recordIncidentOpened } from "@/lib/metrics";
import { getRunbook } from "@/lib/runbooks/library";

const inputSchema = newIncidentSchema
  .omit({ groupKey: true })
  .extend({
    /** From triage: run each runbook's read-only diagnosis checks now and record them as the first evidence. */
    runChecks: z.boolean().optional(),
  })
  .strict();

export async function createIncidentAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  const granted = await guardAction("createIncidentAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid incident: ${describeZodError(parsed.error)}` };
  const unknown = parsed.data.runbooks.filter((slug) => getRunbook(slug) === undefined);
  if (unknown.length > 0) return { ok: false, error: `unknown runbook ${unknown.join(", ")}` };
  try {
    const { runChecks, ...input } = parsed.data;
    const actor = granted.actor;
    const store = await getIncidentStore();
    const incident = await store.createIncident(input, actor);
    recordIncidentOpened("operator");
    if (runChecks) {
      // Server-side runs, not the browser's triage results: evidence in an incident is never client-supplied.
      await Promise.all(
        input.runbooks.map((slug) => {
          const runbook = getRunbook(slug);
          return runbook ? runAutomaticDiagnostics(store, incident.id, runbook, actor, "manual") : 0;
        }),
      );
    }
    return { ok: true, data: { id: incident.id } };
  } catch (error) {
    if (error instanceof IncidentStoreError) return { ok: false, error: error.message };
    logError("createIncidentAction failed", error);
    return { ok: false, error: "the incident could not be saved (the incident store failed; see the dashboard's log)" };
  }
}
