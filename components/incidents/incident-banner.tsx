"use client";
// On a runbook page opened with ?incident=<id>: says runs are recorded to that incident, with a way back.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { STATUS_LABELS } from "@/lib/incidents/labels";
import { isIncidentId } from "@/lib/server/id-format";
import { useIncident } from "./use-incident";

const BOX = "flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border px-4 py-2 text-sm";

export function IncidentBanner({ runbook }: { runbook: string }) {
  const raw = useSearchParams().get("incident");
  const id = raw !== null && isIncidentId(raw) ? raw : null;
  const { data, error, isLoading } = useIncident(id);
  if (raw === null) return null;
  const stop = (
    <Link href={`/runbooks/${runbook}`} className="underline underline-offset-2">
      Stop recording
    </Link>
  );
  if (id === null || error) {
    return (
      <div
        role="alert"
        data-testid="incident-banner"
        className={`${BOX} border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`}
      >
        <span>
          {id === null
            ? "The incident id in this link is malformed: runs on this page are not recorded."
            : `Incident not available (${error?.message}): runs on this page are not recorded.`}
        </span>
        {stop}
      </div>
    );
  }
  const resolved = data?.status === "resolved";
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="incident-banner"
      className={`${BOX} ${
        resolved
          ? "border-slate-300 bg-slate-100 text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
          : "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      }`}
    >
      <span className="flex items-center gap-2">
        {!resolved && <span aria-hidden className="inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-red-600" />}
        {isLoading || !data ? (
          "Loading the incident…"
        ) : resolved ? (
          <span>
            Incident <strong>{data.title}</strong> is resolved: runs are not recorded until it is reopened.
          </span>
        ) : (
          <span>
            Recording to incident <strong>{data.title}</strong> ({STATUS_LABELS[data.status]})
          </span>
        )}
      </span>
      <span className="flex gap-4">
        <Link href={`/incidents/${id}`} className="font-medium underline underline-offset-2">
          Back to the incident
        </Link>
        {stop}
      </span>
    </div>
  );
}
