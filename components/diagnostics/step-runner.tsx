"use client";
// The live part of a step: its inputs, Run and Live controls, and the latest result. The result's rendering
// (figures, tables, evidence panel) is fetched with the first result, not with the page, which starts without any.
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { RecordedNote } from "@/components/incidents/recorded-note";
import type { StepPlan } from "@/lib/diagnostics/types";
import { useDiagnostics } from "./diagnostics-provider";
import { Trend } from "./trend";
import { useLiveStep } from "./use-live-step";

const StepResult = dynamic(() => import("./step-result").then((m) => m.StepResult));

function ParamInputs({ plan }: { plan: StepPlan }) {
  const { params, setParam } = useDiagnostics();
  const baseId = useId();
  return (
    <div className="flex flex-wrap gap-3">
      {plan.params.map((param) => (
        <label key={param.name} className="flex min-w-0 flex-1 flex-col text-xs" htmlFor={`${baseId}-${param.name}`}>
          <span className="mb-1 font-medium text-slate-600 dark:text-slate-300">{param.label}</span>
          <input
            id={`${baseId}-${param.name}`}
            name={param.name}
            value={params[plan.stepId]?.[param.name] ?? ""}
            maxLength={param.maxLength}
            onChange={(event) => setParam(plan.stepId, param.name, event.target.value)}
            placeholder={param.hint}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-950"
          />
        </label>
      ))}
    </div>
  );
}

export function StepRunner({ plan, title }: { plan: StepPlan; title?: string }) {
  const { states, runStep, canRun, announce } = useDiagnostics();
  const name = title ?? plan.stepId;
  const [live, setLive] = useState(false);
  useLiveStep(plan.stepId, live);
  const state = states[plan.stepId];

  if (plan.kind === "manual") {
    return (
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400" data-testid="manual-step">
        Manual step — copy and run it yourself: {plan.reason}
      </p>
    );
  }
  if (plan.kind === "remediation") {
    return (
      <p
        className="mt-2 rounded-md bg-orange-50 px-2 py-1 text-xs text-orange-900 dark:bg-orange-950 dark:text-orange-200"
        data-testid="remediation-step"
      >
        Changes state — never run as a diagnostic. {plan.reason}
      </p>
    );
  }
  return (
    <div className="mt-3 space-y-2">
      {plan.readOnlyCounterpartOf && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Runs the read-only counterpart: the current profiling level and the slowest recent operations (the
          guide&apos;s command changes the profiler, so it is never run as a diagnostic).
        </p>
      )}
      {plan.targetLabel && <p className="text-xs text-slate-500 dark:text-slate-400">Target: {plan.targetLabel}</p>}
      {plan.params.length > 0 && <ParamInputs plan={plan} />}
      <div className="flex items-center gap-3">
        {/* Not disabled while running (aria-disabled instead), so keyboard focus stays on the button. */}
        <button
          type="button"
          aria-label={`${state?.running ? "Running" : "Run"}: ${name}`}
          onClick={async () => {
            if (state?.running) return;
            const outcome = await runStep(plan.stepId);
            announce(
              outcome.ok
                ? `${name}: ${outcome.data.verdict.status.toUpperCase()} — ${outcome.data.verdict.headline}`
                : `${name}: not run — ${outcome.error}`,
            );
          }}
          aria-disabled={state?.running ? true : undefined}
          disabled={!canRun}
          title={canRun ? undefined : "Viewers can read; ask an admin for the operator role"}
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 aria-disabled:opacity-60"
        >
          {state?.running ? "Running…" : "Run"}
        </button>
        <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300">
          <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} />
          Live
        </label>
        {plan.notConfigured && (
          <span className="text-xs text-slate-500 dark:text-slate-400">not configured: {plan.notConfigured}</span>
        )}
      </div>
      <div aria-live="polite">
        {state?.error && (
          <p
            role="alert"
            className="rounded-md bg-fuchsia-50 px-2 py-1 text-sm text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200"
          >
            {state.error}
          </p>
        )}
        {state?.result && <StepResult result={state.result} />}
        {state?.result?.incident && <RecordedNote info={state.result.incident} />}
      </div>
      {/* A result with a chart shows its series over time; the click history only helps the others. */}
      {state && !state.result?.verdict.evidence?.chart && (
        <Trend values={state.history} label={state.result?.verdict.headline ?? plan.stepId} />
      )}
    </div>
  );
}
