"use server";
// Server action: run one diagnosis step of a runbook against its configured target.
import { guardAction } from "@/lib/auth/guard";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { describeZodError, runStepInputSchema } from "@/lib/diagnostics/run-request";
import type { ActionResult, StepRunResult } from "@/lib/diagnostics/types";
import { recordRunToIncident } from "@/lib/incidents/record-run";
import { logError } from "@/lib/log";

export async function runStepAction(input: unknown): Promise<ActionResult<StepRunResult>> {
  const granted = await guardAction("runStepAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  const parsed = runStepInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid request: ${describeZodError(parsed.error)}` };
  try {
    const { incidentId, ...request } = parsed.data;
    const data = await executeStep(request);
    if (incidentId !== undefined) {
      const { entry: _entry, ...info } = await recordRunToIncident(incidentId, data, request.params, granted.actor);
      data.incident = info;
    }
    return { ok: true, data };
  } catch (error) {
    if (error instanceof StepInputError) return { ok: false, error: error.message };
    logError("runStepAction failed", error);
    return { ok: false, error: "the step could not be run (internal error; see the dashboard's log)" };
  }
}
