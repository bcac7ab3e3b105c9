// The triage request and the NDJSON messages /api/triage streams back: ids in, results out.
import { z } from "zod";
import type { StepRunResult } from "../diagnostics/types";
import { evidenceWindowSchema } from "../evidence/window-schema";
import { slugSchema } from "../runbooks/model";

export const MAX_TRIAGE_RUNBOOKS = 64;

export const triageRequestSchema = z
  .object({
    runbooks: z.array(slugSchema).min(1).max(MAX_TRIAGE_RUNBOOKS),
    /** The window counter checks cover (?window= of the page); 5 min when absent. */
    window: evidenceWindowSchema.optional(),
  })
  .strict();

export type TriageRequest = z.infer<typeof triageRequestSchema>;

/** One runbook step a deduplicated check stands for. */
export interface StepRef {
  runbook: string;
  stepId: string;
  stepTitle: string;
}

/** One check to run: a distinct read-only operation, and every runbook step that asks for it. */
export interface TriageTask {
  /** The bound operation's canonical command: identical operations share one key, so one query. */
  key: string;
  cli: string;
  targetLabel: string;
  appliesTo: StepRef[];
}

export interface SkippedStep extends StepRef {
  reason: string;
}

export type TriageMessage =
  | { type: "plan"; tasks: TriageTask[]; skipped: SkippedStep[] }
  | { type: "result"; key: string; ok: true; data: StepRunResult }
  | { type: "result"; key: string; ok: false; error: string }
  | { type: "done"; wallMs: number };
