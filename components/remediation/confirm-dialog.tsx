"use client";
// The confirmation: exact command, target, current → new; Apply sends it, then shows before → after and the re-check.
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { applyRemediationAction } from "@/app/actions/remediation";
import { VerdictBadge } from "@/components/diagnostics/verdict-badge";
import { recordTo } from "@/components/incidents/incident-location";
import { RecordedNote } from "@/components/incidents/recorded-note";
import { FormError } from "@/components/ui/dialog-parts";
import { revertOf } from "@/lib/remediation/revert";
import type { RemediationInput, RemediationOutcome, RemediationPreview } from "@/lib/remediation/types";

const BUTTON =
  "rounded-md px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60";

function Change({ from, to }: { from: string; to: string }) {
  return (
    <span className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1 font-mono text-sm">
      <span className="break-all">{from}</span>
      <span aria-hidden className="text-slate-500">
        →
      </span>
      <span className="sr-only">to</span>
      <span className="break-all font-semibold">{to}</span>
    </span>
  );
}

function Outcome({
  outcome,
  input,
  onRevert,
}: {
  outcome: RemediationOutcome;
  input: RemediationInput;
  onRevert?: ((input: RemediationInput) => void) | undefined;
}) {
  const revert = revertOf(input, outcome.before);
  const recheck = outcome.recheck;
  return (
    <section
      aria-label="Before and after"
      data-testid="remediation-result"
      className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <p className="text-sm font-semibold">Applied. Before → after:</p>
      <Change from={outcome.before ?? "?"} to={outcome.after ?? "?"} />
      {recheck && "result" in recheck && (
        <div className="space-y-1 border-t border-emerald-200 pt-2 text-sm dark:border-emerald-800">
          <p className="flex flex-wrap items-center gap-2">
            <span>Re-check:</span>
            <VerdictBadge status={recheck.result.verdict.status} />
            <span>{recheck.result.verdict.headline}</span>
          </p>
          {recheck.result.verdict.detail && (
            <p className="text-xs text-emerald-900 dark:text-emerald-200">{recheck.result.verdict.detail}</p>
          )}
        </div>
      )}
      {recheck && "error" in recheck && <p className="text-sm">{recheck.error}</p>}
      {outcome.incident && <RecordedNote info={outcome.incident} />}
      {outcome.auditWarning && <p className="text-sm text-amber-900 dark:text-amber-200">{outcome.auditWarning}</p>}
      {onRevert &&
        (revert.ok ? (
          <button
            type="button"
            onClick={() => onRevert(revert.input)}
            className="rounded-md border border-emerald-700 bg-white px-3 py-1.5 text-sm font-semibold text-emerald-900 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-emerald-400 dark:bg-emerald-950 dark:text-emerald-100 dark:hover:bg-emerald-900"
          >
            Revert to {revert.label}…
          </button>
        ) : (
          <p className="text-xs">No revert from here: {revert.reason}.</p>
        ))}
    </section>
  );
}

export function ConfirmDialog({
  title,
  input,
  preview,
  onClose,
  onRevert,
}: {
  title: string;
  input: RemediationInput;
  preview: RemediationPreview;
  onClose: () => void;
  /** After a successful apply: offers the change back to the recorded previous value (same dialog, guard, audit). */
  onRevert?: (input: RemediationInput) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<RemediationOutcome>();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    // Modal: the page behind is inert, Tab stays inside, Escape cancels. Cancel has focus, so Enter never applies.
    // No close() on cleanup: its close event would unmount us (React runs effects twice in development).
    if (!el.open) el.showModal();
    cancel.current?.focus();
  }, []);

  function apply() {
    setError(undefined);
    startTransition(async () => {
      const result = await applyRemediationAction({ remediation: input, ...recordTo() }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (result.ok) setOutcome(result.data);
      else setError(result.error);
    });
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(event) => {
        // Escape while the change is in flight would hide its result; it finishes first.
        if (pending) event.preventDefault();
      }}
      onClose={onClose}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="space-y-4 p-5">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {outcome ? "Change applied" : `Confirm: ${title}`}
        </h2>
        <dl id={`${id}-what`} className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[7rem_1fr]">
          <dt className="font-medium text-slate-600 dark:text-slate-300">Command</dt>
          <dd className="min-w-0">
            <code className="block overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800">
              {preview.command}
            </code>
          </dd>
          <dt className="font-medium text-slate-600 dark:text-slate-300">Target</dt>
          <dd className="min-w-0 break-all font-mono">{preview.target}</dd>
          {!outcome && (
            <>
              <dt className="font-medium text-slate-600 dark:text-slate-300">Current → new</dt>
              <dd className="min-w-0">
                <Change from={preview.current} to={preview.next} />
              </dd>
            </>
          )}
          <dt className="font-medium text-slate-600 dark:text-slate-300">Then re-runs</dt>
          <dd className="min-w-0">{preview.recheckTitle}</dd>
        </dl>
        {!outcome && preview.warnings.length > 0 && (
          <ul className="list-disc space-y-1 rounded-md bg-amber-50 py-2 pr-3 pl-7 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <div aria-live="polite">
          {outcome && <Outcome outcome={outcome} input={input} onRevert={onRevert} />}
          {error && <FormError message={error} />}
        </div>
        <div className="flex flex-wrap justify-end gap-3">
          {outcome ? (
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className={`${BUTTON} bg-slate-800 text-white hover:bg-slate-900 dark:bg-slate-200 dark:text-slate-900`}
            >
              Close
            </button>
          ) : (
            <>
              <button
                ref={cancel}
                type="button"
                disabled={pending}
                onClick={() => dialog.current?.close()}
                className={`${BUTTON} text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800`}
              >
                Cancel
              </button>
              <button
                type="button"
                disabled={pending}
                onClick={apply}
                className={`${BUTTON} bg-orange-700 text-white hover:bg-orange-800`}
              >
                {pending ? "Applying…" : "Apply"}
              </button>
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
