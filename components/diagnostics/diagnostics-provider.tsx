"use client";
// Holds the live results of a runbook page so steps, "Run all" and solutions share them.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";
import { runStepAction } from "@/app/actions/run-step";
import type { StepPlan, StepRunResult } from "@/lib/diagnostics/types";
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
  runStep: (stepId: string) => Promise<void>;
  runAll: () => Promise<void>;
  runningAll: boolean;
}

const DiagnosticsContext = createContext<DiagnosticsContextValue | null>(null);

export function useDiagnostics(): DiagnosticsContextValue {
  const value = useContext(DiagnosticsContext);
  if (!value) throw new Error("useDiagnostics must be used inside <DiagnosticsProvider>");
  return value;
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
  children,
}: {
  runbook: string;
  plans: Record<string, StepPlan>;
  suggests: Record<string, number>;
  children: ReactNode;
}) {
  const [states, setStates] = useState<Record<string, StepState>>({});
  const [params, setParams] = useState(() => defaultParams(plans));
  const [runningAll, setRunningAll] = useState(false);
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
    async (stepId: string) => {
      update(stepId, (prev) => ({ ...prev, running: true }));
      try {
        record(stepId, await runStepAction({ runbook, stepId, params: paramsRef.current[stepId] ?? {} }));
      } catch (error) {
        record(stepId, { ok: false, error: error instanceof Error ? error.message : "the request failed" });
      }
    },
    [runbook, record, update],
  );

  const runAll = useCallback(async () => {
    const stepIds = Object.values(plans)
      .filter((p) => p.kind === "operation")
      .map((p) => p.stepId);
    setRunningAll(true);
    for (const stepId of stepIds) update(stepId, (prev) => ({ ...prev, running: true }));
    const pending = new Set(stepIds);
    try {
      await readRunStream(
        { runbook, steps: stepIds.map((stepId) => ({ stepId, params: paramsRef.current[stepId] ?? {} })) },
        (stepId, outcome) => {
          pending.delete(stepId);
          record(stepId, outcome);
        },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : "the request failed";
      for (const stepId of pending) record(stepId, { ok: false, error: message });
    } finally {
      setRunningAll(false);
    }
  }, [plans, runbook, record, update]);

  const setParam = useCallback((stepId: string, name: string, value: string) => {
    setParams((all) => ({ ...all, [stepId]: { ...(all[stepId] ?? {}), [name]: value } }));
  }, []);

  const value = useMemo(
    () => ({ runbook, plans, suggests, states, params, setParam, runStep, runAll, runningAll }),
    [runbook, plans, suggests, states, params, setParam, runStep, runAll, runningAll],
  );
  return <DiagnosticsContext.Provider value={value}>{children}</DiagnosticsContext.Provider>;
}
