"use client";
// The "Start incident" dialog: title, severity and the symptoms seen; creates the incident and starts recording.
// Loaded when the button (./start-incident-dialog.tsx) is first used, so pages do not carry it in their first load.
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState, useTransition } from "react";
import { createIncidentAction } from "@/app/actions/create-incident";
import { DialogButtons, FormError } from "@/components/ui/dialog-parts";
import { SEVERITIES, SEVERITY_LABELS, type Severity, TITLE_MAX } from "@/lib/incidents/labels";
import type { SeveritySuggestion } from "@/lib/incidents/severity";

export interface StartIncidentFormProps {
  runbooks: { slug: string; title: string }[];
  symptoms: string[];
  defaultTitle: string;
  defaultSeverity?: Severity;
  runChecks?: boolean;
  /** Whether the runs came from a triage (what the dialog calls them). */
  fromTriage: boolean;
  /** Taken when the button was pressed, so what the dialog says matches what is attached. */
  shown: { runIds: string[]; suggestion: SeveritySuggestion };
  /** How many times the button was pressed: each press opens the dialog afresh. */
  opened: number;
}

export function StartIncidentForm({
  runbooks,
  symptoms,
  defaultTitle,
  defaultSeverity,
  runChecks = false,
  fromTriage,
  shown,
  opened,
}: StartIncidentFormProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const severity = defaultSeverity ?? shown.suggestion.severity;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const id = useId();

  // Each press of the button opens the dialog afresh (the severity select is re-keyed by `opened` too).
  useEffect(() => {
    if (opened === 0) return;
    setError(undefined);
    if (!dialog.current?.open) dialog.current?.showModal();
  }, [opened]);

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
            {fromTriage ? "by this triage" : "on this page"} will be attached with the times they ran.
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
        <div aria-live="assertive">{error && <FormError message={error} />}</div>
        <DialogButtons
          onCancel={() => dialog.current?.close()}
          pending={pending}
          label={pending ? (runChecks ? "Starting and running checks…" : "Starting…") : "Start incident"}
          tone="red"
        />
      </form>
    </dialog>
  );
}
