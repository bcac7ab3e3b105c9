// Client side of POST /api/run: sends steps, calls back once per result as each finishes (NDJSON).
import { postForNdjson } from "@/components/ui/read-ndjson";
import type { StepRunResult } from "@/lib/diagnostics/types";
import type { EvidenceWindow } from "@/lib/evidence/window";

export interface RunRequest {
  runbook: string;
  steps: { stepId: string; params: Record<string, string> }[];
  /** The window counter checks cover (?window= of the page). */
  window?: EvidenceWindow;
  /** Record every run to this incident. */
  incidentId?: string;
}

export type RunOutcome = { ok: true; data: StepRunResult } | { ok: false; error: string };

export async function readRunStream(request: RunRequest, onResult: (stepId: string, outcome: RunOutcome) => void) {
  await postForNdjson("/api/run", request, (line) => {
    const message = line as { stepId: string } & RunOutcome;
    onResult(message.stepId, message);
  });
}
