"use client";
// The incident's status buttons: only the moves allowed from the current status, refusing a stale view.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeStatusAction } from "@/app/actions/change-status";
import { type IncidentStatus, STATUS_TRANSITIONS, TRANSITION_LABELS } from "@/lib/incidents/labels";

export function StatusControls({ incidentId, status }: { incidentId: string; status: IncidentStatus }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  function move(to: IncidentStatus) {
    setError(undefined);
    startTransition(async () => {
      const result = await changeStatusAction({ incidentId, to, from: status }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (!result.ok) setError(result.error);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {STATUS_TRANSITIONS[status].map((to) => (
        <button
          key={to}
          type="button"
          disabled={pending}
          onClick={() => move(to)}
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
    </div>
  );
}
