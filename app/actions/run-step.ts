"use server";
// Server action: run one diagnosis step of a runbook against its configured target.
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { describeZodError, runStepInputSchema } from "@/lib/diagnostics/run-request";
import type { ActionResult, StepRunResult } from "@/lib/diagnostics/types";
import { logError } from "@/lib/log";

export async function runStepAction(input: unknown): Promise<ActionResult<StepRunResult>> {
  const parsed = runStepInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `invalid request: ${describeZodError(parsed.error)}` };
  try {
    return { ok: true, data: await executeStep(parsed.data) };
  } catch (error) {
    if (error instanceof StepInputError) return { ok: false, error: error.message };
    logError("runStepAction failed", error);
    return { ok: false, error: "the step could not be run (internal error; see the dashboard's log)" };
  }
}
