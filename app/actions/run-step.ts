"use server";
// Server action: run one diagnosis step of a runbook against its configured target.
import { guardAction } from "@/lib/auth/guard";
import { runStepRequest } from "@/lib/diagnostics/run-step-request";
import type { ActionResult, StepRunResult } from "@/lib/diagnostics/types";

export async function runStepAction(input: unknown): Promise<ActionResult<StepRunResult>> {
  const granted = await guardAction("runStepAction");
  if (!granted.ok) return { ok: false, error: granted.error };
  return runStepRequest(input, granted.actor);
}
