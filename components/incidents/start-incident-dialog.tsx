"use client";
// "Start incident": the button, in the page's first load; the dialog behind it (./start-incident-form.tsx) is
// fetched when someone points at or focuses the button, and shown on the press.
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useOptionalDiagnostics } from "@/components/diagnostics/diagnostics-provider";
import type { StepRunResult } from "@/lib/diagnostics/types";
import type { Severity } from "@/lib/incidents/labels";
import { type SeveritySuggestion, suggestSeverity } from "@/lib/incidents/severity";

const loadForm = () => import("./start-incident-form");
const StartIncidentForm = dynamic(() => loadForm().then((m) => m.StartIncidentForm), { ssr: false });

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

export function StartIncidentDialog({ label = "Start incident", shownRuns, ...props }: StartIncidentProps) {
  const diagnostics = useOptionalDiagnostics();
  const onScreen =
    shownRuns ??
    Object.values(diagnostics?.states ?? {}).flatMap((s) => (s.result && !s.running && !s.error ? [s.result] : []));
  // Taken when the button is pressed, so what the dialog says matches what is attached.
  const [shown, setShown] = useState(() => shownEvidence([]));
  const [opened, setOpened] = useState(0);
  const preload = () => {
    void loadForm();
  };
  return (
    <>
      <button
        type="button"
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => {
          setShown(shownEvidence(onScreen));
          setOpened((n) => n + 1);
        }}
        className="rounded-lg border border-red-300 bg-white px-4 py-2 text-sm font-semibold text-red-800 shadow-sm hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-red-800 dark:bg-slate-900 dark:text-red-200 dark:hover:bg-red-950"
      >
        {label}
      </button>
      {opened > 0 && (
        <StartIncidentForm {...props} fromTriage={shownRuns !== undefined} shown={shown} opened={opened} />
      )}
    </>
  );
}

/** The runbook page's button: hidden while the page already records to an incident. */
export function StartIncidentButton(props: StartIncidentProps) {
  const recording = useSearchParams().get("incident") !== null;
  return recording ? null : <StartIncidentDialog {...props} />;
}
