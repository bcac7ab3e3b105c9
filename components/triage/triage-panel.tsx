"use client";
import Link from "next/link";
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
// "What's wrong right now?": runs the candidates' read-only checks at once and ranks the runbooks by evidence.
import { ViewerHint } from "@/components/auth/viewer-hint";
import { VerdictBadge } from "@/components/diagnostics/verdict-badge";
import { WindowPicker } from "@/components/evidence/window-picker";
import { StartIncidentDialog } from "@/components/incidents/start-incident-dialog";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { saveTriageHandoff } from "@/lib/triage/handoff";
import type { TriageMessage, TriageTask } from "@/lib/triage/messages";
import { type RankedRunbook, rankTriage, type TriageCandidate, type TriageObservation } from "@/lib/triage/rank";
import { readTriageStream } from "./triage-stream";

type Outcome = { ok: true; data: StepRunResult } | { ok: false; error: string };
type Phase = "idle" | "running" | "done" | "failed";

const SEVERITY_STYLE: Record<RankedRunbook["severity"], string> = {
  critical: "border-red-300 dark:border-red-800",
  warning: "border-amber-300 dark:border-amber-700",
  clear: "border-slate-200 dark:border-slate-800",
  unknown: "border-slate-200 dark:border-slate-800",
  pending: "border-slate-200 dark:border-slate-800",
};

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Each task's result, copied to every runbook step it stands for. */
function resultsByRunbook(tasks: readonly TriageTask[], outcomes: Readonly<Record<string, Outcome>>) {
  const out = new Map<string, StepRunResult[]>();
  for (const task of tasks) {
    const outcome = outcomes[task.key];
    if (!outcome?.ok) continue;
    for (const ref of task.appliesTo) {
      const list = out.get(ref.runbook) ?? [];
      list.push({ ...outcome.data, runbook: ref.runbook, stepId: ref.stepId });
      out.set(ref.runbook, list);
    }
  }
  return out;
}

function summary(entry: RankedRunbook): string {
  const parts = [
    entry.critical > 0 ? `${entry.critical} critical` : "",
    entry.warning > 0 ? `${entry.warning} warning` : "",
    entry.ok > 0 ? `${entry.ok} ok` : "",
    entry.inconclusive > 0 ? `${entry.inconclusive} inconclusive` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "no runnable checks";
}

/** Runbooks without red evidence, under one heading: what ran and what it said, linked to the runbook. */
function QuietRunbooks({
  title,
  hint,
  entries,
  perRunbook,
  testId,
}: {
  title: string;
  hint: string;
  entries: RankedRunbook[];
  perRunbook: Map<string, StepRunResult[]>;
  testId: string;
}) {
  if (entries.length === 0) return null;
  return (
    <div data-testid={testId}>
      <h3 className="text-sm font-medium text-slate-600 dark:text-slate-300">
        {title} <span className="font-normal text-slate-500 dark:text-slate-400">— {hint}</span>
      </h3>
      <ul className="mt-1 flex flex-wrap gap-2">
        {entries.map((entry) => (
          <li
            key={entry.slug}
            data-testid="triage-result"
            data-slug={entry.slug}
            data-severity={entry.severity}
            className="rounded-lg border border-slate-200 px-2.5 py-1 text-sm dark:border-slate-800"
          >
            <Link
              href={`/runbooks/${entry.slug}`}
              onClick={() => saveTriageHandoff(entry.slug, perRunbook.get(entry.slug) ?? [])}
              className="font-medium hover:underline"
            >
              {entry.title}
            </Link>{" "}
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {entry.severity === "pending" ? "checking…" : summary(entry)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TriagePanel({
  candidates,
  scope,
  checkCount,
  symptoms = [],
  canRun = true,
}: {
  candidates: TriageCandidate[];
  /** "all 7 runbooks" or "the 3 runbooks for your symptoms". */
  scope: string;
  checkCount: number;
  /** The symptoms selected on the page, offered when an incident is started from the triage. */
  symptoms?: string[];
  /** False for viewers: they may read the runbooks but not run checks (the route refuses them too). */
  canRun?: boolean;
}) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [tasks, setTasks] = useState<TriageTask[]>([]);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [wallMs, setWallMs] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const observations = useMemo<TriageObservation[]>(
    () =>
      tasks.flatMap((task) => {
        const outcome = outcomes[task.key];
        if (!outcome) return [];
        return task.appliesTo.map((ref) => ({
          ...ref,
          status: outcome.ok ? outcome.data.verdict.status : "failed",
          headline: outcome.ok ? outcome.data.verdict.headline : outcome.error,
        }));
      }),
    [tasks, outcomes],
  );
  const ranking = useMemo(() => rankTriage(candidates, observations), [candidates, observations]);
  const perRunbook = useMemo(() => resultsByRunbook(tasks, outcomes), [tasks, outcomes]);
  const done = Object.keys(outcomes).length;

  useEffect(() => {
    if (phase !== "done") return;
    for (const candidate of candidates) saveTriageHandoff(candidate.slug, perRunbook.get(candidate.slug) ?? []);
  }, [phase, candidates, perRunbook]);

  const run = useCallback(async () => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase("running");
    setTasks([]);
    setOutcomes({});
    setWallMs(null);
    setFailure(null);
    const onMessage = (message: TriageMessage) => {
      if (message.type === "plan") setTasks(message.tasks);
      else if (message.type === "result") {
        const outcome: Outcome = message.ok ? { ok: true, data: message.data } : { ok: false, error: message.error };
        setOutcomes((all) => ({ ...all, [message.key]: outcome }));
      } else setWallMs(message.wallMs);
    };
    try {
      await readTriageStream(
        candidates.map((c) => c.slug),
        onMessage,
        controller.signal,
      );
      if (!controller.signal.aborted) setPhase("done");
    } catch (error) {
      if (controller.signal.aborted) return;
      setFailure(error instanceof Error ? error.message : "the triage request failed");
      setPhase("failed");
    }
  }, [candidates]);

  const total = tasks.length || checkCount;
  const withEvidence = ranking.filter((r) => r.score > 0);
  // A runbook whose checks all came back inconclusive is not "fine": it could not be checked.
  const nothingFound = ranking.filter((r) => r.score === 0 && r.severity !== "unknown");
  const couldNotCheck = ranking.filter((r) => r.score === 0 && r.severity === "unknown");
  const started = phase !== "idle";

  return (
    <section
      aria-labelledby="triage-title"
      className="order-first rounded-xl lg:order-none border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 max-w-prose">
          <h2 id="triage-title" className="text-lg font-semibold">
            What&apos;s wrong right now?
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            Runs the {checkCount} read-only diagnosis checks of {scope} at once — each backend asked once per check —
            and ranks the runbooks by what the checks find.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Suspense fallback={null}>
            <WindowPicker />
          </Suspense>
          <button
            type="button"
            onClick={() => void run()}
            disabled={!canRun || phase === "running" || candidates.length === 0}
            className="shrink-0 rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white shadow hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 dark:bg-sky-700 dark:hover:bg-sky-800"
          >
            {phase === "running" ? "Checking…" : started ? "Run triage again" : "Run triage"}
          </button>
        </div>
        {!canRun && <ViewerHint />}
      </div>

      {started && (
        <div className="mt-4 space-y-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 text-sm text-slate-600 dark:text-slate-300">
            <p role="status" aria-live="polite" data-testid="triage-progress">
              {phase === "failed"
                ? "Triage failed"
                : `${Math.min(done, total)} / ${total} checks done${phase === "done" && wallMs !== null ? ` in ${formatSeconds(wallMs)}` : ""}`}
            </p>
            {phase === "done" && (
              <p className="text-xs text-slate-500 dark:text-slate-400">Results carry over when you open a runbook.</p>
            )}
          </div>
          <progress
            max={Math.max(total, 1)}
            value={Math.min(done, total)}
            aria-label="Triage progress"
            className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200 accent-sky-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-sky-600 dark:[&::-webkit-progress-bar]:bg-slate-800"
          />
        </div>
      )}

      {failure && (
        <p
          role="alert"
          className="mt-3 rounded-md bg-fuchsia-50 px-3 py-2 text-sm text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200"
        >
          {failure}
        </p>
      )}

      {started && done > 0 && (
        <div className="mt-4 space-y-4">
          {withEvidence.length > 0 ? (
            <ol aria-label="Runbooks ranked by evidence" className="space-y-3">
              {withEvidence.map((entry, i) => (
                <li
                  key={entry.slug}
                  data-testid="triage-result"
                  data-slug={entry.slug}
                  data-severity={entry.severity}
                  className={`rounded-lg border-l-4 border-y border-r bg-slate-50 p-3 dark:bg-slate-950/60 ${SEVERITY_STYLE[entry.severity]}`}
                >
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <span className="text-sm font-semibold text-slate-500 dark:text-slate-400">#{i + 1}</span>
                    <Link
                      href={`/runbooks/${entry.slug}`}
                      onClick={() => saveTriageHandoff(entry.slug, perRunbook.get(entry.slug) ?? [])}
                      className="font-semibold text-sky-800 hover:underline dark:text-sky-300"
                    >
                      {entry.title}
                    </Link>
                    <span className="text-xs text-slate-600 dark:text-slate-300">
                      score {entry.score}
                      {entry.symptomMatches > 0 &&
                        ` · ${entry.symptomMatches} symptom${entry.symptomMatches === 1 ? "" : "s"} match`}
                    </span>
                  </div>
                  <ul
                    aria-label={`Evidence for ${entry.title}`}
                    className="mt-2 space-y-1.5"
                    data-testid="triage-evidence"
                  >
                    {entry.evidence.map((e) => (
                      <li key={e.stepId} className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
                        <VerdictBadge status={e.status} />
                        <span className="font-medium">{e.headline}</span>
                        <span className="text-xs text-slate-500 dark:text-slate-400">— {e.stepTitle}</span>
                      </li>
                    ))}
                  </ul>
                  <p className="mt-1.5 text-xs text-slate-500 dark:text-slate-400">{summary(entry)}</p>
                </li>
              ))}
            </ol>
          ) : null}
          {phase === "done" && withEvidence.length > 0 && (
            <StartIncidentDialog
              runbooks={withEvidence.slice(0, 20).map((e) => ({ slug: e.slug, title: e.title }))}
              symptoms={symptoms}
              defaultTitle={withEvidence[0]?.title ?? "Incident"}
              label="Start incident from this triage"
              shownRuns={Object.values(outcomes).flatMap((o) => (o.ok ? [o.data] : []))}
              runChecks
            />
          )}
          {withEvidence.length === 0 && phase === "done" && (
            <p
              className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
              data-testid="triage-all-clear"
            >
              No check found anything wrong.
            </p>
          )}
          <QuietRunbooks
            title={phase === "running" ? "Nothing found yet" : "Nothing found"}
            hint="every check that ran came back ok"
            entries={nothingFound}
            perRunbook={perRunbook}
            testId="triage-nothing-found"
          />
          <QuietRunbooks
            title="Couldn't check"
            hint="not configured, unsupported by the server, or the check failed: no evidence either way"
            entries={couldNotCheck}
            perRunbook={perRunbook}
            testId="triage-could-not-check"
          />
        </div>
      )}
    </section>
  );
}
