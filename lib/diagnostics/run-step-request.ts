// One step run as the browser asks for it (the body of runStepAction, after the permission check):
// validate ids and parameter values, run, and record to the open incident.
import "server-only";
import type { Actor } from "../auth/actor";
import { recordRunToIncident } from "../incidents/record-run";
import { logError } from "../log";
import { executeStep, StepInputError } from "./execute-step";
import { describeZodError, runStepInputSchema } from "./run-request";
import type { ActionResult, StepRunResult } from "./types";

export async function runStepRequest(input: unknown, actor: Actor): Promise<ActionResult<StepRunResult>> {
  const parsed = runStepInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid request: ${describeZodError(parsed.error)}` };
  try {
    const { incidentId, ...request } = parsed.data;
    const data = await executeStep(request);
    if (incidentId !== undefined) {
      const { entry: _entry, ...info } = await recordRunToIncident(incidentId, data, request.params, actor);
      data.incident = info;
    }
    return { ok: true, data };
  } catch (error) {
    if (error instanceof StepInputError) return { ok: false, error: error.message };
    logError("runStepAction failed", error);
    return { ok: false, error: "the step could not be run (internal error; see the dashboard's log)" };
  }
}
