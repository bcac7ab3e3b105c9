// One step run as the browser asks for it (the body of runStepAction, after the permission check):
// validate ids and parameter values, run, and record to the open incident.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { type ActionSpec, runActionSpec } from "../auth/server-action";
import { executeStep, StepInputError } from "../diagnostics/execute-step";
import { keepRun } from "../diagnostics/recent-runs";
import { runStepInputSchema } from "../diagnostics/run-request";
import type { StepRunResult } from "../diagnostics/types";
import type { ActionResult } from "../server/action-result";
import { recordRunToIncident } from "./record-run";

export const runStepSpec = {
  input: runStepInputSchema,
  invalid: "invalid request",
  expected: [StepInputError],
  failure: "the step could not be run (internal error; see the dashboard's log)",
  run: async ({ incidentId, ...request }, { actor }) => {
    const data = keepRun(await executeStep(request), request.params);
    if (incidentId !== undefined) {
      const { entry: _entry, ...info } = await recordRunToIncident(incidentId, data, request.params, actor);
      data.incident = info;
    }
    return { ok: true, data };
  },
} satisfies ActionSpec<typeof runStepInputSchema, StepRunResult>;

/** runStepAction's body for an actor already granted (tests, and anything that has done the guard itself). */
export function runStepRequest(input: unknown, actor: Actor): Promise<ActionResult<StepRunResult>> {
  return runActionSpec("runStepAction", runStepSpec, input, { actor, requestId: randomUUID() });
}
