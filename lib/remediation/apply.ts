// Apply: validate, read before, change on the remediation connection, read after, audit once, then re-run
// the related diagnostic and record it on the open incident. Free of next/headers so tests can call it.
import "server-only";
import { appendAudit, getAuditStore } from "../audit";
import type { AuditRecordInput } from "../audit/types";
import type { Actor } from "../auth/actor";
import { executeStep, StepInputError } from "../diagnostics/execute-step";
import { getIncidentStore } from "../incidents";
import { openForRunbook } from "../incidents/alert-intake";
import { recordRunToIncident } from "../incidents/record-run";
import { acquireInFlight } from "../limits/in-flight";
import { logError } from "../log";
import { TargetError } from "../systems/core/target-error";
import { parseRemediationRequest } from "./catalog";
import { type ChangeExecutor, executorFor } from "./executors";
import { describeFailure, masked, REMEDIATIONS_OFF, remediationsEnabled } from "./failure";
import type { Placement } from "./placements";
import type { RemediationOutcome } from "./types";

export const APPLY_OPERATION = "applyRemediationAction";

/** Holds the per-target lock a little past the slowest path (read, change, read: three 5 s commands). */
const LOCK_TTL_MS = 30_000;

type AuditFields = Pick<AuditRecordInput, "target" | "command" | "before" | "after" | "reason">;

export async function applyRemediation(
  input: unknown,
  actor: Actor,
  requestId: string,
  incidentId?: string,
): Promise<RemediationOutcome> {
  const audit = async (result: AuditRecordInput["result"], fields: AuditFields): Promise<string | undefined> => {
    try {
      await appendAudit({
        actorId: actor.id,
        actorName: actor.name,
        role: actor.role,
        operation: APPLY_OPERATION,
        result,
        requestId,
        ...(incidentId === undefined ? {} : { incidentId }),
        ...fields,
      });
      return undefined;
    } catch (error) {
      logError(`audit append failed for remediation ${requestId}`, error);
      return "the audit record could not be written (see the dashboard's log)";
    }
  };
  const refuse = async (error: string, fields: AuditFields = {}): Promise<RemediationOutcome> => {
    const auditWarning = await audit("refused", { ...fields, reason: error });
    return { status: "refused", requestId, error, ...fields, ...(auditWarning ? { auditWarning } : {}) };
  };

  if (!remediationsEnabled()) return refuse(REMEDIATIONS_OFF);
  const parsed = parseRemediationRequest(input);
  if (!parsed.ok) return refuse(parsed.error);
  const { placement, change } = parsed.request;
  // Applied outside an incident while one is open for this runbook: recorded on it (audit and re-check).
  if (incidentId === undefined) incidentId = await openIncidentOf(placement.runbook);
  let executor: ChangeExecutor;
  try {
    executor = executorFor(change);
  } catch (error) {
    if (error instanceof TargetError) return refuse(`refused: ${describeFailure(error)}`);
    throw error;
  }
  const where = { target: masked(executor.target), command: masked(executor.command) };

  // A change that could not be audited must not happen: make sure the trail is there first.
  try {
    await getAuditStore();
  } catch (error) {
    logError(`audit store unavailable; remediation ${requestId} refused`, error);
    return {
      status: "refused",
      requestId,
      ...where,
      error: "refused: the audit trail is unavailable, so no change is made",
    };
  }

  const lock = await acquireInFlight(`remediation ${executor.target}`, LOCK_TTL_MS);
  if (!lock) return refuse(`refused: another remediation on ${where.target} is still running; wait for it`, where);
  let before: string;
  let after: string;
  let auditWarning: string | undefined;
  try {
    try {
      const state = await executor.read();
      before = masked(state.text);
      if (state.blocker) return await refuse(`refused: ${state.blocker}`, { ...where, before });
    } catch (error) {
      const reason = `could not read the current value, nothing was changed: ${describeFailure(error, executor.command)}`;
      return await fail(reason, where);
    }
    try {
      await executor.apply();
    } catch (error) {
      return await fail(masked(describeFailure(error, executor.command)), { ...where, before });
    }
    try {
      after = masked((await executor.read()).text);
    } catch (error) {
      after = `unknown: the change was sent but reading it back failed (${masked(describeFailure(error))})`;
    }
    auditWarning = await audit("ok", { ...where, before, after });
  } finally {
    await lock.release();
  }

  const outcome: RemediationOutcome = { status: "ok", requestId, ...where, before, after };
  if (auditWarning) outcome.auditWarning = auditWarning;
  await recheck(outcome, placement, executor, actor, incidentId);
  return outcome;

  async function fail(reason: string, fields: AuditFields): Promise<RemediationOutcome> {
    const warning = await audit("failed", { ...fields, reason });
    return { status: "failed", requestId, error: reason, ...fields, ...(warning ? { auditWarning: warning } : {}) };
  }
}

/** The newest open incident that concerns a runbook, if any (a store failure links nothing). */
async function openIncidentOf(runbook: string): Promise<string | undefined> {
  try {
    const store = await getIncidentStore();
    return (await openForRunbook(store, runbook))?.id;
  } catch (error) {
    logError(`remediation: the open incidents of ${runbook} could not be read`, error);
    return undefined;
  }
}

/** Re-runs the related diagnostic; on an open incident, records it with the change it followed. */
async function recheck(
  outcome: RemediationOutcome,
  placement: Placement,
  executor: ChangeExecutor,
  actor: Actor,
  incidentId: string | undefined,
): Promise<void> {
  const params = executor.recheckParams;
  try {
    const result = await executeStep({ ...placement.recheck, params });
    outcome.recheck = { result };
    if (incidentId !== undefined) {
      const label = `${outcome.command} on ${outcome.target}: ${outcome.before} → ${outcome.after}`.slice(0, 1000);
      const { entry: _entry, ...info } = await recordRunToIncident(
        incidentId,
        result,
        params,
        { id: actor.id, name: actor.name, role: actor.role },
        "manual",
        label,
      );
      outcome.incident = info;
    }
  } catch (error) {
    if (error instanceof StepInputError) {
      outcome.recheck = { error: `the re-check did not run: ${error.message}` };
      return;
    }
    logError(`re-check after remediation ${outcome.requestId} failed`, error);
    outcome.recheck = { error: "the re-check could not run (internal error; see the dashboard's log)" };
  }
}
