// Turns a finished step run into an incident record (runbook title, step title and content hash frozen) and files it.
import "server-only";
import { executeStep } from "../diagnostics/execute-step";
import { allSteps } from "../diagnostics/plan";
import type { IncidentRecordInfo, StepRunResult } from "../diagnostics/types";
import { logError } from "../log";
import { getRunbook } from "../runbooks/library";
import type { Runbook } from "../runbooks/model";
import { automaticSteps } from "./alert-mapping";
import { getIncidentStore } from "./index";
import { type ActorRecord, capRaw, type NewRun, type RUN_SOURCES, type RunEntry } from "./model";
import { type IncidentStore, IncidentStoreError } from "./store";

export function stepTitle(runbook: Runbook, stepId: string): string {
  return allSteps(runbook).find(({ step }) => step.id === stepId)?.step.title ?? stepId;
}

/** The record of one run, with what the runbook looked like when it ran (its title, step title and hash). */
export function newRunFromResult(
  runbook: Runbook,
  result: StepRunResult,
  params: Record<string, string>,
  source: (typeof RUN_SOURCES)[number],
  rerunOf?: string,
  afterRemediation?: string,
): NewRun {
  const { raw, rawTruncated } = capRaw(result.raw, result.rawTruncated);
  return {
    runbook: runbook.slug,
    runbookTitle: runbook.title,
    runbookHash: runbook.contentHash,
    stepId: result.stepId,
    stepTitle: stepTitle(runbook, result.stepId),
    params,
    verdict: result.verdict,
    raw,
    rawTruncated,
    durationMs: result.durationMs,
    startedAt: result.startedAt,
    cli: result.cli,
    source,
    ...(rerunOf !== undefined ? { rerunOf } : {}),
    ...(afterRemediation !== undefined ? { afterRemediation } : {}),
  };
}

/**
 * Files a run under an incident. Never throws: the step already ran, so a refused record (incident
 * resolved, unknown, store down) comes back as `recorded: false` with the reason, and is logged.
 */
export async function recordRunToIncident(
  incidentId: string,
  result: StepRunResult,
  params: Record<string, string>,
  actor: ActorRecord,
  source: (typeof RUN_SOURCES)[number] = "manual",
  /** The remediation this run re-checks ("CONFIG SET maxmemory-policy allkeys-lru: noeviction → allkeys-lru"). */
  afterRemediation?: string,
): Promise<IncidentRecordInfo & { entry?: RunEntry }> {
  const runbook = getRunbook(result.runbook);
  if (!runbook) return { id: incidentId, recorded: false, message: `unknown runbook ${result.runbook}` };
  try {
    const store = await getIncidentStore();
    const run = newRunFromResult(runbook, result, params, source, undefined, afterRemediation);
    const entry = await store.appendRun(incidentId, run, actor);
    return { id: incidentId, recorded: true, message: "recorded to the incident", entry };
  } catch (error) {
    if (error instanceof IncidentStoreError) {
      const message = error.code === "not-found" ? "no such incident (check the link)" : error.message;
      return { id: incidentId, recorded: false, message: `not recorded: ${message}` };
    }
    logError(`recording a run to incident ${incidentId} failed`, error);
    return {
      id: incidentId,
      recorded: false,
      message: "not recorded: the incident store failed (see the dashboard's log)",
    };
  }
}

/**
 * Runs the runbook's automatic steps (read-only diagnosis, no input needed) and files each result under the
 * incident, in parallel, each within the step deadline. Failures are logged; the count recorded is returned.
 */
export async function runAutomaticDiagnostics(
  store: IncidentStore,
  incidentId: string,
  runbook: Runbook,
  actor: ActorRecord,
  source: (typeof RUN_SOURCES)[number],
): Promise<number> {
  const recorded = await Promise.all(
    automaticSteps(runbook).map(async ({ stepId, params }) => {
      try {
        const result = await executeStep({ runbook: runbook.slug, stepId, params });
        await store.appendRun(incidentId, newRunFromResult(runbook, result, params, source), actor);
        return 1;
      } catch (error) {
        logError(`automatic diagnostics: ${runbook.slug}/${stepId} for incident ${incidentId}`, error);
        return 0;
      }
    }),
  );
  return recorded.reduce<number>((a, b) => a + b, 0);
}
