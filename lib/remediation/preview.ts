// Preview: what Apply would send, where, and the current → new value, read live on the remediation connection.
import "server-only";
import type { ActionResult } from "../server/action-result";
import { TargetError } from "../systems/core/target-error";
import { parseRemediationRequest } from "./catalog";
import { type ChangeExecutor, executorFor } from "./executors";
import { describeFailure, masked, REMEDIATIONS_OFF, remediationsEnabled } from "./failure";
import { slotOf } from "./placements";
import type { RemediationPreview } from "./types";

export async function previewRemediation(input: unknown): Promise<ActionResult<RemediationPreview>> {
  if (!remediationsEnabled()) return { ok: false, error: REMEDIATIONS_OFF };
  const parsed = parseRemediationRequest(input);
  if (!parsed.ok) return parsed;
  const { placement, change } = parsed.request;
  let executor: ChangeExecutor;
  try {
    executor = executorFor(change);
  } catch (error) {
    if (error instanceof TargetError) return { ok: false, error: `refused: ${describeFailure(error)}` };
    throw error;
  }
  try {
    const current = await executor.read();
    if (current.blocker) return { ok: false, error: `refused: ${current.blocker}` };
    return {
      ok: true,
      data: {
        kind: change.kind,
        command: masked(executor.command),
        target: masked(executor.target),
        current: masked(current.text),
        next: masked(executor.next),
        warnings: current.warnings.map(masked),
        recheckTitle: slotOf(placement).recheck.title,
      },
    };
  } catch (error) {
    if (error instanceof TargetError) {
      return { ok: false, error: `could not read the current value: ${describeFailure(error, executor.command)}` };
    }
    throw error;
  }
}
