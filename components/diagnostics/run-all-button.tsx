"use client";
import { ViewerHint } from "@/components/auth/viewer-hint";
import { useDiagnostics } from "./diagnostics-provider";

export function RunAllButton() {
  const { runAll, runningAll, states, canRun } = useDiagnostics();
  const running = Object.values(states).filter((s) => s.running).length;
  return (
    <div className="flex items-center gap-3">
      {runningAll && (
        // On a phone's one-row action bar the count is only announced.
        <span className="text-sm text-slate-600 max-sm:sr-only dark:text-slate-300" aria-live="polite">
          {running} still running
        </span>
      )}
      <button
        type="button"
        // Not disabled while running (aria-disabled instead), so keyboard focus stays on the button.
        onClick={() => {
          if (!runningAll) void runAll();
        }}
        aria-disabled={runningAll ? true : undefined}
        disabled={!canRun}
        className="rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white shadow hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 aria-disabled:opacity-60 dark:bg-sky-700 dark:hover:bg-sky-800"
      >
        {runningAll ? "Running diagnostics…" : "Run all diagnostics"}
      </button>
      {!canRun && <ViewerHint />}
    </div>
  );
}
