// Everything that happened in an incident, newest first: runs, notes (sanitized Markdown), status changes, alerts,
// and the audit records (remediations, denials) filed under it.
import type { ReactNode } from "react";
import { AuditResultBadge } from "@/components/audit/result-badge";
import { VerdictBadge } from "@/components/diagnostics/verdict-badge";
import { Markdown } from "@/components/ui/markdown";
import { describeAudit } from "@/lib/audit/describe";
import type { AuditRecord } from "@/lib/audit/types";
import { STATUS_LABELS } from "@/lib/incidents/labels";
import type { Incident, TimelineEntry } from "@/lib/incidents/model";
import { UtcTime } from "./utc-time";

const DOT: Record<TimelineEntry["type"] | "opened" | "audit", string> = {
  run: "bg-sky-600",
  note: "bg-slate-500",
  status: "bg-amber-500",
  alert: "bg-red-600",
  opened: "bg-red-700",
  audit: "bg-violet-600",
};

function Item({
  type,
  at,
  who,
  children,
  testId,
}: {
  type: keyof typeof DOT;
  at: string;
  who: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <li className="relative pb-5 pl-6" data-testid={testId}>
      <span aria-hidden className={`absolute top-1.5 left-0 h-2.5 w-2.5 rounded-full ${DOT[type]}`} />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        <UtcTime iso={at} seconds /> · {who}
      </p>
      <div className="mt-0.5 text-sm">{children}</div>
    </li>
  );
}

export function Timeline({
  incident,
  entries,
  evidenceAnchor,
  audit = [],
}: {
  incident: Incident;
  entries: readonly TimelineEntry[];
  /** Evidence card id for a run entry, to link the line to its card. */
  evidenceAnchor: (entryId: string) => string | undefined;
  /** Audit records filed under this incident, oldest first. */
  audit?: readonly AuditRecord[];
}) {
  // Both lists are oldest first; merged by time (an entry before a record at the same instant), shown newest first.
  const merged: (TimelineEntry | (AuditRecord & { type: "audit" }))[] = [
    ...entries,
    ...audit.map((r) => ({ ...r, type: "audit" as const })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // Newest first throughout: runs attached from the page that started the incident ran before it opened,
  // so they come after "Opened the incident".
  const newestFirst = merged.reverse();
  const after = newestFirst.filter((e) => e.at >= incident.createdAt);
  const before = newestFirst.filter((e) => e.at < incident.createdAt);
  function renderEntry(entry: (typeof merged)[number]) {
    switch (entry.type) {
      case "audit":
        return (
          <Item
            key={entry.id}
            type="audit"
            at={entry.at}
            who={`${entry.actorName} (${entry.role})`}
            testId="timeline-audit"
          >
            <span className="flex flex-wrap items-center gap-2">
              <AuditResultBadge result={entry.result} />
              <span className="break-words">{describeAudit(entry)}</span>
            </span>
          </Item>
        );
      case "run": {
        const anchor = evidenceAnchor(entry.id);
        return (
          <Item key={entry.id} type="run" at={entry.at} who={entry.actor.name} testId="timeline-run">
            <span className="flex flex-wrap items-center gap-2">
              <VerdictBadge status={entry.verdict.status} />
              <span>
                {entry.source === "rerun" ? "Re-ran" : "Ran"}{" "}
                {anchor ? (
                  <a href={`#${anchor}`} className="font-medium underline underline-offset-2">
                    {entry.stepTitle}
                  </a>
                ) : (
                  <strong>{entry.stepTitle}</strong>
                )}{" "}
                <span className="text-slate-500 dark:text-slate-400">({entry.runbookTitle})</span>
                {entry.source === "alert" && <span className="text-slate-500 dark:text-slate-400"> on alert</span>}
              </span>
            </span>
            <span className="mt-0.5 block text-slate-700 dark:text-slate-300">{entry.verdict.headline}</span>
            {entry.afterRemediation !== undefined && (
              <span className="mt-0.5 block text-xs text-violet-700 dark:text-violet-300">
                Re-check after remediation: {entry.afterRemediation}
              </span>
            )}
          </Item>
        );
      }
      case "note":
        return (
          <Item key={entry.id} type="note" at={entry.at} who={entry.actor.name} testId="timeline-note">
            <div className="rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
              <Markdown>{entry.markdown}</Markdown>
            </div>
          </Item>
        );
      case "status":
        return (
          <Item key={entry.id} type="status" at={entry.at} who={entry.actor.name} testId="timeline-status">
            Status {STATUS_LABELS[entry.from]} → <strong>{STATUS_LABELS[entry.to]}</strong>
          </Item>
        );
      case "alert":
        return (
          <Item key={entry.id} type="alert" at={entry.at} who={entry.actor.name} testId="timeline-alert">
            <span>
              Alert <strong>{entry.alert.alertname}</strong>{" "}
              <span
                className={
                  entry.alert.status === "firing"
                    ? "font-semibold text-red-800 dark:text-red-300"
                    : "font-semibold text-emerald-800 dark:text-emerald-300"
                }
              >
                {entry.alert.status}
              </span>
              {entry.alert.annotations.summary && `: ${entry.alert.annotations.summary}`}
            </span>
            <span className="mt-0.5 block text-xs text-slate-500 dark:text-slate-400">
              since <UtcTime iso={entry.alert.startsAt.replace(/\.\d+/, "")} />
              {Object.entries(entry.alert.labels)
                .filter(([k]) => k !== "alertname")
                .map(([k, v]) => ` · ${k}=${v}`)
                .join("")}
            </span>
          </Item>
        );
    }
    return null;
  }
  return (
    <ol className="relative border-l border-slate-200 pl-0 dark:border-slate-700 [&>li]:-ml-[5px]">
      {after.map(renderEntry)}
      <Item type="opened" at={incident.createdAt} who={incident.createdBy.name} testId="timeline-opened">
        Opened the incident
      </Item>
      {before.map(renderEntry)}
    </ol>
  );
}
