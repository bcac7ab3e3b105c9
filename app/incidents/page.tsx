import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { IncidentListSkeleton } from "@/components/incidents/skeletons";
import { UtcTime } from "@/components/incidents/utc-time";
import { requirePageActor } from "@/lib/auth/guard";
import { getIncidentStore } from "@/lib/incidents";
import { INCIDENT_STATUSES, type IncidentQuery, STATUS_LABELS } from "@/lib/incidents/model";
import { getLibrary } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

const PAGE_SIZE = 20;
const SINCE = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;
type Since = keyof typeof SINCE;
type Search = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filters {
  status: string;
  runbook: string;
  since: Since | "";
  from: string;
  to: string;
  page: number;
}

/** The URL's filters, each kept only when valid (a bad one is named, not a crash). */
function readFilters(search: Search) {
  const slugs = new Set(getLibrary().runbooks.map((r) => r.slug));
  const problems: string[] = [];
  const status = one(search.status);
  const runbook = one(search.runbook);
  const since = one(search.since);
  const from = one(search.from);
  const to = one(search.to);
  const page = Number(one(search.page) || "1");
  const f: Filters = {
    status: status === "open" || (INCIDENT_STATUSES as readonly string[]).includes(status) ? status : "",
    runbook: slugs.has(runbook) ? runbook : "",
    since: Object.hasOwn(SINCE, since) ? (since as Since) : "",
    from: DAY.test(from) ? from : "",
    to: DAY.test(to) ? to : "",
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
  if (status && !f.status) problems.push(`unknown status "${status}"`);
  if (runbook && !f.runbook) problems.push(`unknown runbook "${runbook}"`);
  if ((from && !f.from) || (to && !f.to)) problems.push("dates must look like 2026-11-28");
  if (f.from && f.to && f.from > f.to) {
    problems.push("the start date is after the end date");
    f.to = "";
  }
  return { f, problems };
}

function toQuery(f: Filters): IncidentQuery {
  const q: IncidentQuery = { page: f.page, limit: PAGE_SIZE };
  if (f.status) q.status = f.status as IncidentQuery["status"];
  if (f.runbook) q.runbook = f.runbook;
  if (f.since) q.from = new Date(Date.now() - SINCE[f.since] * 3600_000).toISOString();
  else if (f.from) q.from = `${f.from}T00:00:00.000Z`;
  if (f.to) q.to = `${f.to}T23:59:59.999Z`;
  return q;
}

function href(f: Filters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ["status", "runbook", "since", "from", "to"] as const) if (f[key]) params.set(key, f[key]);
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return qs ? `/incidents?${qs}` : "/incidents";
}

const FIELD =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageActor("/incidents");
  const { f, problems } = readFilters(await searchParams);
  const runbooks = getLibrary().runbooks;
  const filtered = Boolean(f.status || f.runbook || f.since || f.from || f.to);

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Incidents</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            Start one from any runbook page; Alertmanager opens them too.
          </p>
        </div>
        <Link href="/alerts" className="text-sm font-medium text-sky-700 underline dark:text-sky-400">
          Alerts and their runbooks →
        </Link>
      </header>

      <form
        method="get"
        action="/incidents"
        aria-label="Filter incidents"
        className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end dark:border-slate-800 dark:bg-slate-900"
      >
        <label className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Status
          <select name="status" defaultValue={f.status} className={FIELD}>
            <option value="">Any</option>
            <option value="open">Open (not resolved)</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Runbook
          <select name="runbook" defaultValue={f.runbook} className={FIELD}>
            <option value="">Any</option>
            {runbooks.map((r) => (
              <option key={r.slug} value={r.slug}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Opened
          <select name="since" defaultValue={f.since} className={FIELD}>
            <option value="">Any time (or the dates)</option>
            <option value="24h">In the last 24 hours</option>
            <option value="7d">In the last 7 days</option>
            <option value="30d">In the last 30 days</option>
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600 dark:text-slate-300">
          From (UTC)
          <input type="date" name="from" defaultValue={f.from} className={FIELD} />
        </label>
        <label className="text-xs font-medium text-slate-600 dark:text-slate-300">
          To (UTC)
          <input type="date" name="to" defaultValue={f.to} className={FIELD} />
        </label>
        <div className="flex gap-2">
          <button
            type="submit"
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-sky-700 dark:hover:bg-sky-600"
          >
            Filter
          </button>
          {filtered && (
            <Link
              href="/incidents"
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              Clear
            </Link>
          )}
        </div>
      </form>

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

      <Suspense key={href(f, f.page)} fallback={<IncidentListSkeleton />}>
        <IncidentResults filters={f} filtered={filtered} />
      </Suspense>
    </div>
  );
}

/** The matching incidents and the pages: streamed behind a skeleton while the store answers. */
async function IncidentResults({ filters: f, filtered }: { filters: Filters; filtered: boolean }) {
  const runbooks = getLibrary().runbooks;
  const store = await getIncidentStore();
  const result = await store.listIncidents(toQuery(f));
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="incident-count">
        {result.total} incident{result.total === 1 ? "" : "s"}
        {filtered ? " match these filters" : ""}
        {pages > 1 ? ` · page ${f.page} of ${pages}` : ""}
      </p>
      {result.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
          {filtered ? "No incident matches these filters." : "No incidents yet. Start one from a runbook page."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {result.items.map((incident) => (
            <li
              key={incident.id}
              data-testid="incident-row"
              className="relative px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800/50"
            >
              <div className="flex flex-wrap items-center gap-2">
                <SeverityBadge severity={incident.severity} />
                <StatusBadge status={incident.status} />
                <Link
                  href={`/incidents/${incident.id}`}
                  className="font-medium after:absolute after:inset-0 hover:underline"
                >
                  {incident.title}
                </Link>
              </div>
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                Opened <UtcTime iso={incident.createdAt} /> by {incident.createdBy.name} · updated{" "}
                <UtcTime iso={incident.updatedAt} />
                {incident.runbooks.length > 0 &&
                  ` · ${incident.runbooks.map((s) => runbooks.find((r) => r.slug === s)?.title ?? s).join(", ")}`}
              </p>
            </li>
          ))}
        </ul>
      )}

      {pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {f.page > 1 ? (
            <Link
              href={href(f, f.page - 1)}
              rel="prev"
              className="font-medium text-sky-700 underline dark:text-sky-400"
            >
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600 dark:text-slate-300">
            Page {f.page} of {pages}
          </span>
          {f.page < pages ? (
            <Link
              href={href(f, f.page + 1)}
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
