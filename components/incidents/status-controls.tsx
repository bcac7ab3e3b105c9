"use client";
// The incident's status buttons: only the moves allowed from the current status, refusing a stale view.
// Resolve opens a dialog that asks for the resolution note and warns while the latest evidence is still red.
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import { changeStatusAction } from "@/app/actions/change-status";
import { DialogButtons, FormError } from "@/components/ui/dialog-parts";
import { type IncidentStatus, NOTE_MAX, STATUS_TRANSITIONS, TRANSITION_LABELS } from "@/lib/incidents/labels";
import { NOTE_REQUIRED } from "@/lib/incidents/resolve";

export function StatusControls({
  incidentId,
  status,
  red = [],
}: {
  incidentId: string;
  status: IncidentStatus;
  /** The latest evidence still red ("step: headline (critical)"), for the resolve dialog's warning. */
  red?: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [dialogError, setDialogError] = useState<string>();
  // Set when the server found red evidence this page did not show yet (a run landed since): the next
  // submit confirms "resolve anyway".
  const [redSeen, setRedSeen] = useState(false);
  const confirmRed = red.length > 0 || redSeen;
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  function move(to: IncidentStatus, extra: { note?: string; resolveAnyway?: boolean } = {}, inDialog = false) {
    setError(undefined);
    setDialogError(undefined);
    startTransition(async () => {
      const result = await changeStatusAction({ incidentId, to, from: status, ...extra }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (!result.ok) {
        (inDialog ? setDialogError : setError)(result.error);
        if (inDialog && result.error.startsWith("The latest evidence is still red")) setRedSeen(true);
        return;
      }
      if (inDialog) dialog.current?.close();
      router.refresh();
    });
  }

  function resolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get("note") ?? "").trim();
    if (note === "") {
      setDialogError(NOTE_REQUIRED);
      return;
    }
    move("resolved", { note, resolveAnyway: confirmRed }, true);
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {STATUS_TRANSITIONS[status].map((to) => (
        <button
          key={to}
          type="button"
          disabled={pending}
          onClick={() => {
            if (to === "resolved") {
              setDialogError(undefined);
              dialog.current?.showModal();
            } else move(to);
          }}
          className={`rounded-md px-3 py-1.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60 ${
            to === "resolved"
              ? "bg-emerald-700 text-white hover:bg-emerald-800"
              : to === "mitigated"
                ? "bg-amber-500 text-amber-950 hover:bg-amber-400"
                : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
          }`}
        >
          {TRANSITION_LABELS[status][to] ?? to}
        </button>
      ))}
      <span aria-live="polite" className="text-sm">
        {pending && "Saving…"}
        {error && (
          <span role="alert" className="text-red-800 dark:text-red-300">
            {error}
          </span>
        )}
      </span>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <form onSubmit={resolve} className="space-y-4 p-5" noValidate>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Resolve the incident
          </h2>
          {red.length > 0 && (
            <div
              data-testid="resolve-red-warning"
              className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
            >
              <p className="font-semibold">The latest evidence is still red:</p>
              <ul className="mt-1 list-disc pl-5">
                {red.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <p className="mt-1">Re-run those checks first, or resolve anyway if you know why they are red.</p>
            </div>
          )}
          <label className="block text-sm font-medium" htmlFor={`${id}-note`}>
            Resolution note (required)
            <textarea
              id={`${id}-note`}
              name="note"
              rows={4}
              maxLength={NOTE_MAX}
              aria-describedby={`${id}-error`}
              placeholder="What fixed it, or why it is over"
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-950"
            />
          </label>
          <div id={`${id}-error`} aria-live="assertive">
            {dialogError && <FormError message={dialogError} testId="resolve-error" />}
          </div>
          <DialogButtons
            onCancel={() => dialog.current?.close()}
            pending={pending}
            label={pending ? "Resolving…" : confirmRed ? "Resolve anyway" : "Resolve"}
            tone="emerald"
          />
        </form>
      </dialog>
    </div>
  );
}
