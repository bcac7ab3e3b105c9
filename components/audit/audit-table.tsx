// The audit records as a table on wide screens and as stacked cards on a phone (each cell labels itself).
import Link from "next/link";
import type { ReactNode } from "react";
import { UtcTime } from "@/components/incidents/utc-time";
import { changeText, operationLabel } from "@/lib/audit/describe";
import type { AuditRecord } from "@/lib/audit/types";
import { AuditResultBadge } from "./result-badge";

const TH = "px-3 py-2 text-left text-xs font-semibold text-slate-600 dark:text-slate-300";

function Cell({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <td
      data-label={label}
      className={`block px-3 py-1 text-sm before:mr-2 before:text-xs before:font-semibold before:text-slate-500 before:content-[attr(data-label)] md:table-cell md:py-2 md:align-top md:before:content-none dark:before:text-slate-400 ${className}`}
    >
      {children}
    </td>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-slate-500 dark:text-slate-400">{children}</span>;
}

export function AuditTable({
  records,
  actorHref,
}: {
  records: readonly AuditRecord[];
  actorHref: (actorId: string) => string;
}) {
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="block w-full md:table" data-testid="audit-table">
        <thead className="sr-only md:not-sr-only md:table-header-group md:border-b md:border-slate-200 dark:md:border-slate-800">
          <tr>
            <th scope="col" className={TH}>
              Time (UTC)
            </th>
            <th scope="col" className={TH}>
              Who
            </th>
            <th scope="col" className={TH}>
              Action
            </th>
            <th scope="col" className={TH}>
              Before → after
            </th>
            <th scope="col" className={TH}>
              Result
            </th>
            <th scope="col" className={TH}>
              Request and incident
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-200 md:table-row-group dark:divide-slate-800">
          {records.map((r) => {
            const change = changeText(r);
            return (
              <tr key={r.id} data-testid="audit-row" data-result={r.result} className="block py-2 md:table-row md:py-0">
                <Cell label="Time" className="whitespace-nowrap">
                  <UtcTime iso={r.at} seconds />
                </Cell>
                <Cell label="Who">
                  <Link
                    href={actorHref(r.actorId)}
                    className="font-medium hover:underline"
                    title="Show only this person's records"
                  >
                    {r.actorName}
                  </Link>{" "}
                  <Muted>({r.role})</Muted>
                </Cell>
                <Cell label="Action" className="md:max-w-md">
                  <span className="font-medium">{operationLabel(r.operation)}</span>
                  {operationLabel(r.operation) !== r.operation && (
                    <span className="ml-1 font-mono text-xs text-slate-500 dark:text-slate-400">{r.operation}</span>
                  )}
                  {r.target && <span className="block font-mono text-xs break-all">{r.target}</span>}
                  {r.command && (
                    <code className="mt-0.5 block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all dark:bg-slate-800">
                      {r.command}
                    </code>
                  )}
                </Cell>
                <Cell label="Before → after" className="font-mono text-xs break-all">
                  {change ?? <Muted>—</Muted>}
                </Cell>
                <Cell label="Result" className="md:max-w-xs">
                  <AuditResultBadge result={r.result} />
                  {r.reason && <span className="mt-0.5 block break-words">{r.reason}</span>}
                </Cell>
                <Cell label="Request">
                  <span className="font-mono text-xs break-all" title="Request id (also in the dashboard's log)">
                    {r.requestId}
                  </span>
                  {r.incidentId && (
                    <Link
                      href={`/incidents/${r.incidentId}`}
                      className="mt-0.5 block text-sky-700 underline md:mt-1 dark:text-sky-400"
                    >
                      incident →
                    </Link>
                  )}
                </Cell>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
