"use client";
// Re-runs one step every few seconds while "live" is on (SWR handles the interval, focus and dedupe).
import useSWR from "swr";
import { useDiagnostics } from "./diagnostics-provider";

export const LIVE_INTERVAL_MS = 5000;

export function useLiveStep(stepId: string, live: boolean) {
  const { runbook, runStep } = useDiagnostics();
  return useSWR(live ? ["live-step", runbook, stepId] : null, () => runStep(stepId, { record: false }), {
    refreshInterval: LIVE_INTERVAL_MS,
    revalidateOnFocus: false,
    dedupingInterval: 1000,
  });
}
