// One recorded step of an incident: its first snapshot, and after re-runs the latest beside it with what changed.
import { StepResult } from "@/components/diagnostics/step-result";
import type { StepRunResult } from "@/lib/diagnostics/types";
import type { EvidenceGroup } from "@/lib/incidents/evidence";
import type { RunEntry } from "@/lib/incidents/model";
import { RerunButton } from "./rerun-button";
import { RunComparison } from "./run-comparison";
import { UtcTime } from "./utc-time";

function asResult(run: RunEntry): StepRunResult {
  return {
    runbook: run.runbook,
    stepId: run.stepId,
    verdict: run.verdict,
    raw: run.raw,
    rawTruncated: run.rawTruncated,
    durationMs: run.durationMs,
    startedAt: run.startedAt,
    cli: run.cli,
  };
}

const SOURCE: Record<RunEntry["source"], string> = { manual: "run", rerun: "re-run", alert: "run on alert" };

function Snapshot({ run, label }: { run: RunEntry; label: string }) {
  return (
    <section aria-label={`${label}: ${run.stepTitle}`} className="min-w-0">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {label} · <UtcTime iso={run.at} /> · {run.actor.name} ({SOURCE[run.source]})
      </h4>
      <StepResult result={asResult(run)} />
    </section>
  );
}

export function EvidenceCard({
  incidentId,
  group,
  resolved,
  canRun = true,
}: {
  incidentId: string;
  group: EvidenceGroup;
  resolved: boolean;
  /** False for viewers: the re-run button is shown disabled with why (the action refuses them too). */
  canRun?: boolean;
}) {
  const { first, latest, runs } = group;
  const params = Object.entries(first.params);
  return (
    <article
      id={`ev-${first.id}`}
      data-testid="evidence"
      data-step={`${first.runbook}/${first.stepId}`}
      aria-labelledby={`ev-${first.id}-title`}
      className="scroll-mt-20 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={`ev-${first.id}-title`} className="font-semibold">
            {first.stepTitle}
          </h3>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {first.runbookTitle} · {first.stepId}
            {params.length > 0 && ` · ${params.map(([k, v]) => `${k}=${v}`).join(", ")}`} · {runs.length} run
            {runs.length === 1 ? "" : "s"} · runbook version <code>{first.runbookHash.slice(0, 8)}</code>
          </p>
        </div>
        <RerunButton
          incidentId={incidentId}
          entryId={first.id}
          stepTitle={first.stepTitle}
          {...(!canRun
            ? { disabledReason: "Viewers can read; ask an admin for the operator role" }
            : resolved
              ? { disabledReason: "Reopen the incident to re-run steps" }
              : {})}
        />
      </header>
      {runs.length > 1 ? (
        <div className="mt-3 space-y-3">
          <RunComparison first={first} latest={latest} />
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
              Both snapshots in full (raw output, tables)
            </summary>
            <div className="mt-2 grid grid-cols-1 gap-4 xl:grid-cols-2">
              <Snapshot run={first} label="First snapshot" />
              <Snapshot run={latest} label="Latest" />
            </div>
          </details>
        </div>
      ) : (
        <div className="mt-3">
          <Snapshot run={first} label="First snapshot" />
        </div>
      )}
    </article>
  );
}
