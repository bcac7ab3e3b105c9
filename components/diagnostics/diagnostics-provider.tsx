"use client";
// Holds the live results of a runbook page so steps, "Run all" and solutions share them.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { runStepAction } from "@/app/actions/run-step";
import { windowFromLocation } from "@/components/evidence/window-location";
import { recordTo } from "@/components/incidents/incident-location";
import { type RunOutcome, runAllTally } from "@/lib/diagnostics/announce";
import type { StepPlan, StepRunResult } from "@/lib/diagnostics/types";
import { handoffKey } from "@/lib/triage/handoff-key";
import { readRunStream } from "./run-stream";

export interface StepState {
  running: boolean;
  result?: StepRunResult;
  error?: string;
  /** Headline values of earlier runs, oldest first, for the live trend. */
  history: number[];
}

interface DiagnosticsContextValue {
  runbook: string;
  plans: Record<string, StepPlan>;
  suggests: Record<string, number>;
  states: Record<string, StepState>;
  params: Record<string, Record<string, string>>;
  setParam: (stepId: string, name: string, value: string) => void;
  /** Runs one step; it is recorded to the page's incident (?incident=) unless `record` is false (live refresh). */
  runStep: (stepId: string, options?: { record?: boolean }) => Promise<RunOutcome>;
  /** Says something to screen readers through the page's live region (a step's verdict, Run all's tally). */
  announce: (message: string) => void;
  runAll: () => Promise<void>;
  runningAll: boolean;
  /** False for viewers: run controls are shown disabled (the server action refuses them anyway). */
  canRun: boolean;
}

export type { RunOutcome } from "@/lib/diagnostics/announce";

const DiagnosticsContext = createContext<DiagnosticsContextValue | null>(null);

export function useDiagnostics(): DiagnosticsContextValue {
  const value = useContext(DiagnosticsContext);
  if (!value) throw new Error("useDiagnostics must be used inside <DiagnosticsProvider>");
  return value;
}

/** The page's diagnostics when inside a runbook page, else null (the start-incident dialog elsewhere). */
export function useOptionalDiagnostics(): DiagnosticsContextValue | null {
  return useContext(DiagnosticsContext);
}

const HISTORY_LIMIT = 30;

function defaultParams(plans: Record<string, StepPlan>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const plan of Object.values(plans)) {
    out[plan.stepId] = Object.fromEntries(plan.params.map((p) => [p.name, p.defaultValue ?? ""]));
  }
  return out;
}

export function DiagnosticsProvider({
  runbook,
  plans,
  suggests,
  canRun = true,
  children,
}: {
  runbook: string;
  plans: Record<string, StepPlan>;
  suggests: Record<string, number>;
  canRun?: boolean;
  children: ReactNode;
}) {
  const [states, setStates] = useState<Record<string, StepState>>({});
  const [params, setParams] = useState(() => defaultParams(plans));
  const [runningAll, setRunningAll] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const announce = useCallback((message: string) => {
    // Cleared first so the same words twice are announced twice.
    setAnnouncement("");
    setTimeout(() => setAnnouncement(message), 50);
  }, []);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  const update = useCallback((stepId: string, patch: (prev: StepState) => StepState) => {
    setStates((all) => ({ ...all, [stepId]: patch(all[stepId] ?? { running: false, history: [] }) }));
  }, []);

  const record = useCallback(
    (stepId: string, outcome: { ok: true; data: StepRunResult } | { ok: false; error: string }) => {
      update(stepId, (prev) => {
        if (!outcome.ok) return { ...prev, running: false, error: outcome.error, result: undefined };
        const value = outcome.data.verdict.headlineValue;
        const history = value === null ? prev.history : [...prev.history, value].slice(-HISTORY_LIMIT);
        return { running: false, result: outcome.data, error: undefined, history };
      });
    },
    [update],
  );

  const runStep = useCallback(
    async (stepId: string, options?: { record?: boolean }): Promise<RunOutcome> => {
      update(stepId, (prev) => ({ ...prev, running: true }));
      let outcome: RunOutcome;
      try {
        const request = {
          runbook,
          stepId,
          params: paramsRef.current[stepId] ?? {},
          window: windowFromLocation(),
          ...recordTo(options?.record),
        };
        outcome = await runStepAction(request);
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error.message : "the request failed" };
      }
      record(stepId, outcome);
      return outcome;
    },
    [runbook, record, update],
  );

  const runAll = useCallback(async () => {
    // Steps still waiting for a value the operator must type (a user id, a collection) are left out
    // rather than failing: Run all is for what can run as the page stands.
    const stepIds = Object.values(plans)
      .filter((p) => p.kind === "operation")
      .filter((p) => p.params.every((param) => (paramsRef.current[p.stepId]?.[param.name] ?? "").trim() !== ""))
      .map((p) => p.stepId);
    setRunningAll(true);
    for (const stepId of stepIds) update(stepId, (prev) => ({ ...prev, running: true }));
    const pending = new Set(stepIds);
    const outcomes: RunOutcome[] = [];
    try {
      await readRunStream(
        {
          runbook,
          steps: stepIds.map((stepId) => ({ stepId, params: paramsRef.current[stepId] ?? {} })),
          window: windowFromLocation(),
          ...recordTo(),
        },
        (stepId, outcome) => {
          pending.delete(stepId);
          outcomes.push(outcome);
          record(stepId, outcome);
        },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : "the request failed";
      for (const stepId of pending) {
        outcomes.push({ ok: false, error: message });
        record(stepId, { ok: false, error: message });
      }
    } finally {
      setRunningAll(false);
      announce(runAllTally(outcomes));
    }
  }, [plans, runbook, record, update, announce]);

  // Opened from a triage: start with the results it already has (sessionStorage `triage:<runbook>`). The reader
  // (and its checks) is fetched only when there is something to read.
  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = sessionStorage.getItem(handoffKey(runbook));
    } catch {
      // Storage disabled: nothing was handed over.
    }
    if (!stored) return;
    let active = true;
    void import("@/lib/triage/handoff").then(({ readTriageHandoff }) => {
      if (!active) return;
      const handed = readTriageHandoff(runbook).filter((r) => plans[r.stepId]?.kind === "operation");
      if (handed.length === 0) return;
      setStates((all) => {
        const next = { ...all };
        for (const result of handed) {
          if (next[result.stepId]?.result || next[result.stepId]?.running) continue;
          const value = result.verdict.headlineValue;
          next[result.stepId] = { running: false, result, history: value === null ? [] : [value] };
        }
        return next;
      });
    });
    return () => {
      active = false;
    };
  }, [runbook, plans]);

  const setParam = useCallback((stepId: string, name: string, value: string) => {
    setParams((all) => ({ ...all, [stepId]: { ...(all[stepId] ?? {}), [name]: value } }));
  }, []);

  const value = useMemo(
    () => ({ runbook, plans, suggests, states, params, setParam, runStep, runAll, runningAll, canRun, announce }),
    [runbook, plans, suggests, states, params, setParam, runStep, runAll, runningAll, canRun, announce],
  );
  return (
    <DiagnosticsContext.Provider value={value}>
      {children}
      {/* One live region for the page: a step's verdict after Run, Run all's tally. */}
      <p role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="diagnostics-announcer">
        {announcement}
      </p>
    </DiagnosticsContext.Provider>
  );
}
