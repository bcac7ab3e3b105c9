"use server";
// Server action: move an incident investigating → mitigated → resolved (or reopen it), refusing stale views.
import { z } from "zod";
import { guardAction } from "@/lib/auth/guard";
import { describeZodError } from "@/lib/diagnostics/run-request";
import type { ActionResult } from "@/lib/diagnostics/types";
import { getIncidentStore, IncidentStoreError } from "@/lib/incidents";
import { type IncidentStatus, incidentIdSchema, statusSchema } from "@/lib/incidents/model";
import { logError } from "@/lib/log";

const inputSchema = z.object({ incidentId: incidentIdSchema, to: statusSchema, from: statusSchema }).strict();

export async function changeStatusAction(input: unknown): Promise<ActionResult<{ status: IncidentStatus }>> {
  const granted = await guardAction("changeStatusAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid status change: ${describeZodError(parsed.error)}` };
  const { incidentId, to, from } = parsed.data;
  try {
    const store = await getIncidentStore();
    const { incident } = await store.changeStatus(incidentId, to, granted.actor, from);
    return { ok: true, data: { status: incident.status } };
  } catch (error) {
    if (error instanceof IncidentStoreError) return { ok: false, error: error.message };
    logError("changeStatusAction failed", error);
    return { ok: false, error: "the status could not be changed (the incident store failed; see the dashboard's log)" };
  }
}
