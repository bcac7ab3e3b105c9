// Runs this server executed recently, by an unguessable id the browser gets with each result, so
// "Start incident" can attach the evidence already on screen without the browser supplying it:
// an incident's evidence stays server-made (the browser names runs, it never sends their content).
// Memory of this process only, bounded in count, bytes and age; a run kept elsewhere is reported as not attached.
// Kept as JSON text: a MongoDB serverStatus run carries up to 64 KB of raw output, and as live objects 2,000 of
// them held ~150 MB (the bench's soak); as text each costs its length, and the byte budget caps the sum.
import "server-only";
import { randomUUID } from "node:crypto";
import type { StepRunResult } from "./types";

/** How long a shown run can still be attached to a new incident. */
export const KEEP_MS = 60 * 60 * 1000;
export const KEEP_MAX = 2000;
/** Characters of kept JSON across all runs (V8 stores most of it at one byte a character). */
export const KEEP_CHARS = 16 * 1024 * 1024;

interface Kept {
  /** JSON of { result, params }. */
  json: string;
  keptAt: number;
}

// On globalThis: route handlers (/api/run, /api/triage) and server actions (Start incident) are bundled
// separately and would each get their own copy of a module-level map; the e2e run showed the action
// finding none of Run all's runs.
const holder = globalThis as typeof globalThis & { __runbookKeptRuns?: Map<string, Kept>; __runbookKeptChars?: number };
holder.__runbookKeptRuns ??= new Map<string, Kept>();
const kept = holder.__runbookKeptRuns;

function forget(id: string, run: Kept): void {
  kept.delete(id);
  holder.__runbookKeptChars = (holder.__runbookKeptChars ?? 0) - run.json.length;
}

/** Oldest first (a Map iterates in insertion order): drops what is too old, too many or over the budget. */
function prune(now: number): void {
  for (const [id, run] of kept) {
    const fits = kept.size <= KEEP_MAX && (holder.__runbookKeptChars ?? 0) <= KEEP_CHARS;
    if (now - run.keptAt <= KEEP_MS && fits) break;
    forget(id, run);
  }
}

/** A copy of `result` carrying a new runId, remembered for KEEP_MS (the original may be shared by single-flight). */
export function keepRun(result: StepRunResult, params: Record<string, string>, now = Date.now()): StepRunResult {
  const runId = randomUUID();
  const copy: StepRunResult = { ...result, runId };
  const json = JSON.stringify({ result, params });
  kept.set(runId, { json, keptAt: now });
  holder.__runbookKeptChars = (holder.__runbookKeptChars ?? 0) + json.length;
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
  return JSON.parse(run.json) as { result: StepRunResult; params: Record<string, string> };
}

/** For tests. */
export function forgetRuns(): void {
  kept.clear();
  holder.__runbookKeptChars = 0;
}

/** What is kept now (tests, and the bench's memory figures). */
export function keptRunStats(): { runs: number; chars: number } {
  return { runs: kept.size, chars: holder.__runbookKeptChars ?? 0 };
}
