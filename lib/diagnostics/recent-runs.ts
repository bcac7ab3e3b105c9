// Runs this server executed recently, by an unguessable id the browser gets with each result, so
// "Start incident" can attach the evidence already on screen without the browser supplying it:
// an incident's evidence stays server-made (the browser names runs, it never sends their content).
// Memory of this process only, bounded in count and age; a run kept elsewhere is reported as not attached.
import "server-only";
import { randomUUID } from "node:crypto";
import type { StepRunResult } from "./types";

/** How long a shown run can still be attached to a new incident. */
export const KEEP_MS = 60 * 60 * 1000;
export const KEEP_MAX = 2000;

interface Kept {
  result: StepRunResult;
  params: Record<string, string>;
  keptAt: number;
}

// On globalThis: route handlers (/api/run, /api/triage) and server actions (Start incident) are bundled
// separately and would each get their own copy of a module-level map; the e2e run showed the action
// finding none of Run all's runs.
const holder = globalThis as typeof globalThis & { __runbookKeptRuns?: Map<string, Kept> };
holder.__runbookKeptRuns ??= new Map<string, Kept>();
const kept = holder.__runbookKeptRuns;

function prune(now: number): void {
  for (const [id, run] of kept) {
    if (now - run.keptAt <= KEEP_MS && kept.size <= KEEP_MAX) break;
    kept.delete(id);
  }
}

/** A copy of `result` carrying a new runId, remembered for KEEP_MS (the original may be shared by single-flight). */
export function keepRun(result: StepRunResult, params: Record<string, string>, now = Date.now()): StepRunResult {
  const runId = randomUUID();
  const copy: StepRunResult = { ...result, runId };
  kept.set(runId, { result: { ...result }, params: { ...params }, keptAt: now });
  prune(now);
  return copy;
}

/** The run behind an id, if this process ran it within KEEP_MS. */
export function keptRun(
  runId: string,
  now = Date.now(),
): { result: StepRunResult; params: Record<string, string> } | undefined {
  const run = kept.get(runId);
  if (!run || now - run.keptAt > KEEP_MS) return undefined;
  return { result: run.result, params: run.params };
}

/** For tests. */
export function forgetRuns(): void {
  kept.clear();
}
