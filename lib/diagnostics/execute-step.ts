// Runs one step end to end: find it, bind its parameters, run its operation under the step deadline,
// judge the result, and return a serialisable, redacted StepRunResult.
import "server-only";
import path from "node:path";
import { configSecrets, getConfig } from "../config";
import { DEFAULT_WINDOW, type EvidenceWindow } from "../evidence/window";
import { recordStepRun } from "../metrics";
import { getRunbook } from "../runbooks/library";
import type { Runbook } from "../runbooks/model";
import { redactText } from "../server/redact";
import { bindParams } from "../systems/bind-params";
import type { RunContext } from "../systems/core/adapter";
import { failureVerdict } from "../systems/core/failure-verdict";
import type { OperationOutcome } from "../systems/core/outcome";
import { TargetError, withDeadline } from "../systems/core/target-error";
import type { Operation, OperationStep } from "../systems/operation";
import { type CheckKind, systemOf } from "../systems/registry";
import { type DeclaredThreshold, judgeDeclared } from "../verdict/declared-threshold";
import type { Verdict } from "../verdict/verdict";
import { allSteps, parseStep } from "./plan";
import { singleFlight } from "./single-flight";
import type { StepRunResult } from "./types";

/** A whole step (connect + commands + analysis) never takes longer than this. */
export const STEP_DEADLINE_MS = 10_000;
/** Raw output kept per result; enough to read, small enough to send and store. */
export const RAW_OUTPUT_CAP = 64 * 1024;

/** The request names something that does not exist or a parameter that is not valid. */
export class StepInputError extends Error {
  override name = "StepInputError";
}

/** The shared in-flight lock outlives the step deadline a little, so it never frees while the run goes on. */
const IN_FLIGHT_TTL_MS = STEP_DEADLINE_MS + 5_000;

function capRaw(raw: string): { raw: string; truncated: boolean } {
  if (raw.length <= RAW_OUTPUT_CAP) return { raw, truncated: false };
  return { raw: `${raw.slice(0, RAW_OUTPUT_CAP)}\n… truncated at ${RAW_OUTPUT_CAP / 1024} KB`, truncated: true };
}

// The secrets to mask, computed once per config object (getConfig() memoizes it; tests reset it).
const secretsByConfig = new WeakMap<object, string[]>();

function secrets(): string[] {
  try {
    const config = getConfig();
    let known = secretsByConfig.get(config);
    if (known === undefined) {
      known = configSecrets(config);
      secretsByConfig.set(config, known);
    }
    return known;
  } catch {
    return [];
  }
}

type ResolvedStep =
  | {
      ok: true;
      slug: string;
      stepId: string;
      parsed: OperationStep<Operation>;
      check: CheckKind;
      /** Thresholds the runbook declares for a step shown as a table. */
      threshold?: { rule: DeclaredThreshold; source: string };
    }
  | { ok: false; error: string };

// What a step resolves to (its parsed command and check) depends only on the runbook, which the library
// loads once: resolved once per runbook object and step, not on every run (Run all and triage run many).
const resolvedByRunbook = new WeakMap<Runbook, Map<string, ResolvedStep>>();

function resolveStep(runbook: Runbook, stepId: string): ResolvedStep {
  let steps = resolvedByRunbook.get(runbook);
  if (steps === undefined) {
    steps = new Map();
    resolvedByRunbook.set(runbook, steps);
  }
  let resolved = steps.get(stepId);
  if (resolved === undefined) {
    resolved = resolveUncached(runbook, stepId);
    // Only known step ids are kept, so requests naming made-up ids cannot grow the map.
    if (resolved.ok || allSteps(runbook).some(({ step }) => step.id === stepId)) steps.set(stepId, resolved);
  }
  return resolved;
}

function resolveUncached(runbook: Runbook, stepId: string): ResolvedStep {
  const entry = allSteps(runbook).find(({ step }) => step.id === stepId);
  if (!entry) return { ok: false, error: `unknown step "${stepId}" in runbook "${runbook.slug}"` };
  const parsed = parseStep(entry.step, entry.context);
  if (parsed.type !== "operation") {
    const what = parsed.type === "remediation" ? "changes state and is not run from here" : "is a manual step";
    return { ok: false, error: `step "${stepId}" ${what}` };
  }
  const check = runbook.checks[entry.step.id];
  if (check === undefined || check === "manual" || check === "remediation") {
    return { ok: false, error: `step "${stepId}" declares no check to run (runbooks:check reports it)` };
  }
  const rule = runbook.thresholds[entry.step.id];
  const threshold = rule ? { rule, source: `declared in ${path.basename(runbook.file)}` } : undefined;
  return { ok: true, slug: runbook.slug, stepId: entry.step.id, parsed, check, ...(threshold ? { threshold } : {}) };
}

export async function executeStep(request: {
  runbook: string;
  stepId: string;
  params: Record<string, string>;
  /** The window counter checks cover; the page's ?window=, default 5 min. */
  window?: EvidenceWindow;
}): Promise<StepRunResult> {
  const window = request.window ?? DEFAULT_WINDOW;
  const runbook = getRunbook(request.runbook);
  if (!runbook) throw new StepInputError(`unknown runbook "${request.runbook}"`);
  const step = resolveStep(runbook, request.stepId);
  if (!step.ok) throw new StepInputError(step.error);
  const bound = bindParams(step.parsed, request.params);
  if (!bound.ok) throw new StepInputError(bound.errors.map((e) => `${e.param}: ${e.message}`).join("; "));

  // One run per step and target (the bound command names the target, parameters included); identical
  // runs that arrive while it is in flight get its result.
  const key = `${step.slug}/${step.stepId} ${bound.cli} [${window}]`;
  return singleFlight(key, { lockTtlMs: IN_FLIGHT_TTL_MS, waitMs: IN_FLIGHT_TTL_MS }, () =>
    runBound(step.slug, step.stepId, bound, step.check, { window }, step.threshold),
  );
}

async function runBound(
  slug: string,
  stepId: string,
  bound: { operation: Operation; cli: string },
  check: CheckKind,
  context: RunContext,
  threshold?: { rule: DeclaredThreshold; source: string },
): Promise<StepRunResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let outcome: OperationOutcome;
  try {
    outcome = await withDeadline(
      systemOf(bound.operation).run(check, context),
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
    outcome = { verdict: failureVerdict(error), raw: error.message };
  }
  if (threshold) outcome = { ...outcome, verdict: judgeDeclared(outcome.verdict, threshold.rule, threshold.source) };
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
