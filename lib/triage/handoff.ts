// Hands triage results to a runbook page through sessionStorage (`triage:<slug>`), so it opens filled in.
import { z } from "zod";
import type { StepRunResult } from "../diagnostics/types";
import { VERDICT_STATUSES, type Verdict } from "../verdict/verdict";

export const HANDOFF_PREFIX = "triage:";
/** Older results are not shown as if they were current. */
export const HANDOFF_MAX_AGE_MS = 30 * 60 * 1000;

const verdictShape = z.object({
  status: z.enum(VERDICT_STATUSES),
  headline: z.string(),
  headlineValue: z.number().nullable(),
  figures: z.array(z.object({ label: z.string() }).loose()),
});

const resultSchema = z.object({
  runbook: z.string(),
  stepId: z.string(),
  verdict: z.custom<Verdict>((value) => verdictShape.safeParse(value).success),
  raw: z.string(),
  rawTruncated: z.boolean(),
  durationMs: z.number(),
  startedAt: z.string(),
  cli: z.string(),
});

const handoffSchema = z.object({ savedAt: z.number(), results: z.array(resultSchema) });

export function handoffKey(slug: string): string {
  return `${HANDOFF_PREFIX}${slug}`;
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
  const parsed = handoffSchema.safeParse(json);
  if (!parsed.success || now - parsed.data.savedAt > HANDOFF_MAX_AGE_MS) return [];
  return parsed.data.results.filter((r) => r.runbook === slug);
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
