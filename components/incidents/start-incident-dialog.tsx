"use client";
// "Start incident": a dialog for title, severity and the symptoms seen; creates the incident and starts recording.
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import { createIncidentAction } from "@/app/actions/create-incident";
import { useOptionalDiagnostics } from "@/components/diagnostics/diagnostics-provider";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { SEVERITIES, SEVERITY_LABELS, type Severity, TITLE_MAX } from "@/lib/incidents/labels";
import { type SeveritySuggestion, suggestSeverity } from "@/lib/incidents/severity";

export interface StartIncidentProps {
  /** The runbooks the incident starts with; with exactly one, the page goes on recording to it. */
  runbooks: { slug: string; title: string }[];
  /** Symptoms to offer, all ticked at first. */
  symptoms: string[];
  defaultTitle: string;
  defaultSeverity?: Severity;
  label?: string;
  /** Run the runbooks' read-only diagnosis checks on the server when the incident opens (triage). */
  runChecks?: boolean;
  /** Results shown outside a runbook page (triage): attached to the incident like a runbook page's runs. */
  shownRuns?: StepRunResult[];
}

/** The results on screen that can be attached (server-issued run ids), and the severity their worst verdict suggests. */
function shownEvidence(results: StepRunResult[]): { runIds: string[]; suggestion: SeveritySuggestion } {
  return {
    runIds: results.flatMap((r) => (r.runId === undefined ? [] : [r.runId])),
    suggestion: suggestSeverity(
      results.map((r) => ({ status: r.verdict.status, step: r.verdict.headline || r.stepId })),
    ),
  };
}

export function StartIncidentDialog({
  runbooks,
  symptoms,
  defaultTitle,
  defaultSeverity,
  label = "Start incident",
  runChecks = false,
  shownRuns,
}: StartIncidentProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const diagnostics = useOptionalDiagnostics();
  const onScreen =
    shownRuns ??
    Object.values(diagnostics?.states ?? {}).flatMap((s) => (s.result && !s.running && !s.error ? [s.result] : []));
  // Taken when the dialog opens, so what it says matches what is attached.
  const [shown, setShown] = useState(() => shownEvidence([]));
  const [opened, setOpened] = useState(0);
  const severity = defaultSeverity ?? shown.suggestion.severity;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      title: String(form.get("title") ?? ""),
      severity: String(form.get("severity") ?? ""),
      symptoms: form.getAll("symptoms").map(String),
      runbooks: runbooks.map((r) => r.slug),
      ...(runChecks ? { runChecks: true } : {}),
      ...(shown.runIds.length > 0 ? { attachRuns: shown.runIds } : {}),
    };
    setError(undefined);
    startTransition(async () => {
      const result = await createIncidentAction(input).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (!result.ok) {
        setError(result.error);
        return;
      }
      dialog.current?.close();
      // From a runbook page, go on working there (runs get recorded); from a triage the checks were already
      // recorded on the server, so the incident page with that evidence is where to go.
      const only = runbooks.length === 1 && !runChecks ? runbooks[0] : undefined;
      router.push(only ? `/runbooks/${only.slug}?incident=${result.data.id}` : `/incidents/${result.data.id}`);
    });
  }

  const field =
    "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-950";
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(undefined);
          setShown(shownEvidence(onScreen));
          setOpened((n) => n + 1);
          dialog.current?.showModal();
        }}
        className="rounded-lg border border-red-300 bg-white px-4 py-2 text-sm font-semibold text-red-800 shadow-sm hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-red-800 dark:bg-slate-900 dark:text-red-200 dark:hover:bg-red-950"
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <form onSubmit={submit} className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Start an incident
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {runChecks
              ? "The triage's results are recorded as the first evidence, at the times they ran (checks this server no longer holds run again now); every later run from the runbook pages is recorded too."
              : `Every diagnostic run from ${runbooks.length === 1 ? "this runbook" : "its runbooks"} is then recorded to the incident, with who ran it and what it showed.`}
          </p>
          <label className="block text-sm font-medium" htmlFor={`${id}-name`}>
            Title
            <input
              id={`${id}-name`}
              name="title"
              required
              maxLength={TITLE_MAX}
              defaultValue={defaultTitle}
              className={field}
            />
          </label>
          <label className="block text-sm font-medium" htmlFor={`${id}-severity`}>
            Severity
            <select
              key={opened}
              id={`${id}-severity`}
              name="severity"
              defaultValue={severity}
              aria-describedby={`${id}-severity-why`}
              className={field}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <p
            id={`${id}-severity-why`}
            className="text-xs text-slate-600 dark:text-slate-300"
            data-testid="severity-reason"
          >
            {defaultSeverity === undefined && shown.suggestion.reason
              ? `${shown.suggestion.reason} (critical → SEV2, warning → SEV3; SEV1 is yours to call).`
              : "Critical verdicts suggest SEV2, warnings SEV3; SEV1 is yours to call."}
          </p>
          {shown.runIds.length > 0 && (
            <p className="text-sm text-slate-700 dark:text-slate-200" data-testid="attach-runs">
              {shown.runIds.length} run{shown.runIds.length === 1 ? "" : "s"} shown{" "}
              {shownRuns ? "by this triage" : "on this page"} will be attached with the times they ran.
            </p>
          )}
          {symptoms.length > 0 && (
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">Symptoms seen</legend>
              {symptoms.map((symptom) => (
                <label key={symptom} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="symptoms" value={symptom} defaultChecked />
                  {symptom}
                </label>
              ))}
            </fieldset>
          )}
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Runbook{runbooks.length === 1 ? "" : "s"}: {runbooks.map((r) => r.title).join(", ")}
          </p>
          <div aria-live="assertive">
            {error && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
              >
                {error}
              </p>
            )}
          </div>
          <div className="flex justify-end gap-3">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={pending}
              className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60"
            >
              {pending ? (runChecks ? "Starting and running checks…" : "Starting…") : "Start incident"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** The runbook page's button: hidden while the page already records to an incident. */
export function StartIncidentButton(props: StartIncidentProps) {
  const recording = useSearchParams().get("incident") !== null;
  return recording ? null : <StartIncidentDialog {...props} />;
}
