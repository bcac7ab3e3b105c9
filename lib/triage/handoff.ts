// Hands triage results to a runbook page through sessionStorage (`triage:<slug>`), so it opens filled in.
// Checked by hand rather than with zod: this runs in the browser, and zod would be most of a runbook page's script.
import type { StepRunResult } from "../diagnostics/types";
import { VERDICT_STATUSES, type Verdict } from "../verdict/verdict";
import { handoffKey } from "./handoff-key";

export { HANDOFF_PREFIX, handoffKey } from "./handoff-key";

/** Older results are not shown as if they were current. */
export const HANDOFF_MAX_AGE_MS = 30 * 60 * 1000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isVerdict(value: unknown): value is Verdict {
  return (
    isObject(value) &&
    (VERDICT_STATUSES as readonly unknown[]).includes(value.status) &&
    typeof value.headline === "string" &&
    (value.headlineValue === null || typeof value.headlineValue === "number") &&
    Array.isArray(value.figures) &&
    value.figures.every((f) => isObject(f) && typeof f.label === "string")
  );
}

/** A stored result with every field of the right type (other keys are dropped), or null. */
function asResult(value: unknown): StepRunResult | null {
  if (!isObject(value) || !isVerdict(value.verdict)) return null;
  const { runbook, stepId, raw, rawTruncated, durationMs, startedAt, cli } = value;
  if (
    typeof runbook !== "string" ||
    typeof stepId !== "string" ||
    typeof raw !== "string" ||
    typeof rawTruncated !== "boolean" ||
    typeof durationMs !== "number" ||
    typeof startedAt !== "string" ||
    typeof cli !== "string"
  ) {
    return null;
  }
  return { runbook, stepId, verdict: value.verdict, raw, rawTruncated, durationMs, startedAt, cli };
}

export function encodeHandoff(results: readonly StepRunResult[], now = Date.now()): string {
  return JSON.stringify({ savedAt: now, results });
}

/** The results stored for a runbook, or none when absent, malformed or stale. */
export function decodeHandoff(slug: string, text: string | null, now = Date.now()): StepRunResult[] {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(json) || typeof json.savedAt !== "number" || !Array.isArray(json.results)) return [];
  if (now - json.savedAt > HANDOFF_MAX_AGE_MS) return [];
  const results = json.results.map(asResult);
  // Like a schema: one malformed result makes the whole hand-off untrusted.
  if (results.some((r) => r === null)) return [];
  return results.filter((r): r is StepRunResult => r !== null && r.runbook === slug);
}

export function saveTriageHandoff(slug: string, results: readonly StepRunResult[]): void {
  try {
    if (results.length === 0) sessionStorage.removeItem(handoffKey(slug));
    else sessionStorage.setItem(handoffKey(slug), encodeHandoff(results));
  } catch {
    // Storage full or disabled: the page simply opens without results.
  }
}

export function readTriageHandoff(slug: string): StepRunResult[] {
  try {
    return decodeHandoff(slug, sessionStorage.getItem(handoffKey(slug)));
  } catch {
    return [];
  }
}
