// Runs one step end to end: find it, bind its parameters, run its operation under the step deadline,
// judge the result, and return a serialisable, redacted StepRunResult.
import "server-only";
import { configSecrets, getConfig } from "../config";
import { acquireInFlight } from "../limits/in-flight";
import { recordStepRun } from "../metrics";
import { redactText } from "../redact";
import { getRunbook } from "../runbooks/library";
import { bindParams } from "../systems/bind-params";
import type { OperationOutcome } from "../systems/core/outcome";
import { TargetError, withDeadline } from "../systems/core/target-error";
import type { Operation } from "../systems/operation";
import { type CheckKind, systemOf } from "../systems/registry";
import type { Verdict } from "../verdict/verdict";
import { allSteps, parseStep, targetLabel } from "./plan";
import type { StepRunResult } from "./types";

/** A whole step (connect + commands + analysis) never takes longer than this. */
export const STEP_DEADLINE_MS = 10_000;
/** Raw output kept per result; enough to read, small enough to send and store. */
export const RAW_OUTPUT_CAP = 64 * 1024;

/** The request names something that does not exist or a parameter that is not valid. */
export class StepInputError extends Error {
  override name = "StepInputError";
}

/** The same step is already running against the same target; callers report it like any input error. */
export class StepBusyError extends StepInputError {
  override name = "StepBusyError";
}

/** The shared in-flight lock outlives the step deadline a little, so it never frees while the run goes on. */
const IN_FLIGHT_TTL_MS = STEP_DEADLINE_MS + 5_000;

function verdictForFailure(error: TargetError): Verdict {
  if (error.kind === "not-configured") {
    return {
      status: "not-configured",
      headline: "not configured",
      headlineValue: null,
      figures: [],
      detail: error.message,
    };
  }
  if (error.kind === "unsupported") {
    return {
      status: "unsupported",
      headline: "the server does not support this command",
      headlineValue: null,
      figures: [],
      detail: error.message,
    };
  }
  const headlines: Record<string, string> = {
    timeout: "timed out",
    refused: "connection refused",
    auth: "not authorized",
    invalid: "invalid input",
    forbidden: "not allowed",
    "not-found": "not found",
  };
  return {
    status: "error",
    headline: headlines[error.kind] ?? "failed",
    headlineValue: null,
    figures: [],
    detail: error.message,
  };
}

function capRaw(raw: string): { raw: string; truncated: boolean } {
  if (raw.length <= RAW_OUTPUT_CAP) return { raw, truncated: false };
  return { raw: `${raw.slice(0, RAW_OUTPUT_CAP)}\n… truncated at ${RAW_OUTPUT_CAP / 1024} KB`, truncated: true };
}

function secrets(): string[] {
  try {
    return configSecrets(getConfig());
  } catch {
    return [];
  }
}

export interface ExecuteOptions {
  /**
   * Wait (bounded) for a run of the same step and target to finish instead of refusing: for automatic
   * diagnostics (alerts, incidents opened from triage), which no person can retry by hand.
   */
  waitIfBusy?: boolean;
}

/** How often a waiting caller retries the in-flight lock. */
const BUSY_RETRY_MS = 200;

export async function executeStep(
  request: {
    runbook: string;
    stepId: string;
    params: Record<string, string>;
  },
  options: ExecuteOptions = {},
): Promise<StepRunResult> {
  const runbook = getRunbook(request.runbook);
  if (!runbook) throw new StepInputError(`unknown runbook "${request.runbook}"`);
  const entry = allSteps(runbook).find(({ step }) => step.id === request.stepId);
  if (!entry) throw new StepInputError(`unknown step "${request.stepId}" in runbook "${runbook.slug}"`);
  const parsed = parseStep(entry.step, entry.context);
  if (parsed.type !== "operation") {
    const what = parsed.type === "remediation" ? "changes state and is not run from here" : "is a manual step";
    throw new StepInputError(`step "${request.stepId}" ${what}`);
  }
  const check = runbook.checks[entry.step.id];
  if (check === undefined || check === "manual" || check === "remediation") {
    throw new StepInputError(`step "${request.stepId}" declares no check to run (runbooks:check reports it)`);
  }
  const bound = bindParams(parsed, request.params);
  if (!bound.ok) throw new StepInputError(bound.errors.map((e) => `${e.param}: ${e.message}`).join("; "));

  // One run per step and target (the bound command names the target, parameters included).
  const key = `${runbook.slug}/${entry.step.id} ${bound.cli}`;
  let lock = await acquireInFlight(key, IN_FLIGHT_TTL_MS);
  // A waiting caller gives up after one lock lifetime: the run it waited for has ended by then.
  for (let waited = 0; !lock && options.waitIfBusy && waited < IN_FLIGHT_TTL_MS; waited += BUSY_RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    lock = await acquireInFlight(key, IN_FLIGHT_TTL_MS);
  }
  if (!lock) {
    throw new StepBusyError(
      `step "${entry.step.id}" (${bound.cli}) is already running against ${targetLabel(bound.operation)}; wait for its result`,
    );
  }
  try {
    return await runBound(runbook.slug, entry.step.id, bound, check);
  } finally {
    await lock.release();
  }
}

async function runBound(
  slug: string,
  stepId: string,
  bound: { operation: Operation; cli: string },
  check: CheckKind,
): Promise<StepRunResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let outcome: OperationOutcome;
  try {
    outcome = await withDeadline(
      systemOf(bound.operation).run(check),
      STEP_DEADLINE_MS,
      () =>
        new TargetError(
          "timeout",
          "system",
          `the step took longer than ${STEP_DEADLINE_MS / 1000} s and was abandoned`,
        ),
    );
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    outcome = { verdict: verdictForFailure(error), raw: error.message };
  }
  const known = secrets();
  const { raw, truncated } = capRaw(redactText(outcome.raw, known));
  const verdict: Verdict = {
    ...outcome.verdict,
    headline: redactText(outcome.verdict.headline, known),
    ...(outcome.verdict.detail ? { detail: redactText(outcome.verdict.detail, known) } : {}),
  };
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  recordStepRun(slug, bound.operation.kind, verdict.status, durationMs, systemOf(bound.operation).system);
  return {
    runbook: slug,
    stepId,
    verdict,
    raw,
    rawTruncated: truncated,
    durationMs,
    startedAt,
    cli: bound.cli,
  };
}
