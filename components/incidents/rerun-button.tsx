"use client";
// Re-runs a recorded step with its recorded inputs; the page then shows the new run beside the first snapshot.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { rerunStepAction } from "@/app/actions/rerun-step";

export function RerunButton({
  incidentId,
  entryId,
  stepTitle,
  disabledReason,
}: {
  incidentId: string;
  entryId: string;
  stepTitle: string;
  disabledReason?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  function rerun() {
    setError(undefined);
    startTransition(async () => {
      const result = await rerunStepAction({ incidentId, entryId }).catch((e: unknown) => ({
        ok: false as const,
        error: e instanceof Error ? e.message : "the request failed",
      }));
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={rerun}
        disabled={pending || disabledReason !== undefined}
        title={disabledReason}
        aria-label={`Re-run: ${stepTitle}`}
        className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60"
      >
        {pending ? "Running…" : "Re-run"}
      </button>
      <span aria-live="polite" className="max-w-xs text-right text-xs">
        {error && (
          <span role="alert" className="text-red-800 dark:text-red-300">
            {error}
          </span>
        )}
      </span>
    </div>
  );
}
