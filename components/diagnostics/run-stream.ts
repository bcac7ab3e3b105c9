// Client side of POST /api/run: sends steps, calls back once per result as each finishes (NDJSON).
import type { StepRunResult } from "@/lib/diagnostics/types";

export interface RunRequest {
  runbook: string;
  steps: { stepId: string; params: Record<string, string> }[];
}

export type RunOutcome = { ok: true; data: StepRunResult } | { ok: false; error: string };

export async function readRunStream(request: RunRequest, onResult: (stepId: string, outcome: RunOutcome) => void) {
  const response = await fetch("/api/run", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    throw new Error(text || `run failed with HTTP ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) {
        const message = JSON.parse(line) as { stepId: string } & RunOutcome;
        onResult(message.stepId, message);
      }
      newline = buffered.indexOf("\n");
    }
  }
}
