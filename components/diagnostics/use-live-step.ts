"use client";
// Re-runs one step every few seconds while "live" is on (never two at a time; paused while the tab is hidden).
import { usePolled } from "@/components/ui/use-polled";
import { useDiagnostics } from "./diagnostics-provider";

export const LIVE_INTERVAL_MS = 5000;

export function useLiveStep(stepId: string, live: boolean) {
  const { runbook, runStep } = useDiagnostics();
  return usePolled(live ? `live-step:${runbook}:${stepId}` : null, () => runStep(stepId, { record: false }), {
    intervalMs: LIVE_INTERVAL_MS,
  });
}
