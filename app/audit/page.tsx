import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { IncidentListSkeleton } from "@/components/incidents/skeletons";
import { listAuditPage } from "@/lib/audit";
import { AuditStoreError } from "@/lib/audit/errors";
import { auditFilterFromQuery, auditQueryString, type CheckedAuditFilter } from "@/lib/audit/filter";
import { actorCan, requirePageActor } from "@/lib/auth/guard";
import { OPERATIONS } from "@/lib/auth/operations";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail", robots: { index: false, follow: false } };

type Search = Record<string, string | string[] | undefined>;

function href(filter: Partial<CheckedAuditFilter>, before?: string): string {
  const qs = auditQueryString(filter, before === undefined ? {} : { before });
  return qs ? `/audit?${qs}` : "/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("/audit");
  if (!actorCan(actor, "read-audit")) {
    return (
      <section
        data-testid="audit-forbidden"
        className="mx-auto max-w-xl rounded-xl border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        <h1 className="text-lg font-semibold">Only admins can read the audit trail</h1>
        <p className="mt-2 text-sm">
          You are signed in as {actor.name} ({actor.role}). Ask an admin if you need to know who changed what.
        </p>
      </section>
    );
  }

  const { filter, problems } = auditFilterFromQuery(await searchParams);
  const { before: _cursor, ...withoutCursor } = filter;
  const filtered = Boolean(filter.actor || filter.result || filter.operation || filter.incidentId);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">Audit trail</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
          Every remediation attempt and every denied request, newest first, with secrets masked. Records are
          append-only: nothing here can be edited or deleted. Times are UTC.
        </p>
      </header>

      <AuditFilters filter={filter} operations={Object.keys(OPERATIONS)} filtered={filtered} />

      <div aria-live="polite">
        {problems.length > 0 && (
          <p
            role="alert"
            className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
          >
            Ignored: {problems.join("; ")}.
          </p>
        )}
      </div>

      <Suspense key={href(filter, filter.before)} fallback={<IncidentListSkeleton />}>
        <AuditResults filter={filter} withoutCursor={withoutCursor} filtered={filtered} />
      </Suspense>
    </div>
  );
}

/** The matching records and the link to older ones, streamed behind a skeleton while the store answers. */
async function AuditResults({
  filter,
  withoutCursor,
  filtered,
}: {
  filter: CheckedAuditFilter;
  withoutCursor: Partial<CheckedAuditFilter>;
  filtered: boolean;
}) {
  let page: Awaited<ReturnType<typeof listAuditPage>>;
  try {
    page = await listAuditPage(filter);
  } catch (error) {
    const known = error instanceof AuditStoreError;
    if (!known) logError("the audit page could not read the audit store", error);
    return (
      <p
        role="alert"
        className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        {known
          ? `This view cannot be shown: ${error.message}.`
          : "The audit store could not be read. Check INCIDENT_STORE and its settings and the dashboard's log."}{" "}
        <Link href={href(withoutCursor)} className="font-medium underline">
          Start from the newest
        </Link>
      </p>
    );
  }
  const { records, nextBefore } = page;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="audit-count">
        {records.length} record{records.length === 1 ? "" : "s"}
        {filtered ? " matching these filters" : ""}
        {filter.before ? " (older page)" : ""}
      </p>
      {records.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
          {filtered ? "No audit record matches these filters." : "No audit records yet."}
        </p>
      ) : (
        <AuditTable records={records} actorHref={(actorId) => href({ ...withoutCursor, actor: actorId })} />
      )}
      {(filter.before !== undefined || nextBefore !== null) && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {filter.before !== undefined ? (
            <Link href={href(withoutCursor)} className="font-medium text-sky-700 underline dark:text-sky-400">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextBefore !== null ? (
            <Link
              href={href(withoutCursor, nextBefore)}
              rel="next"
              className="font-medium text-sky-700 underline dark:text-sky-400"
            >
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
