import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import { ViewerHint } from "@/components/auth/viewer-hint";
import { VerdictBadge } from "@/components/diagnostics/verdict-badge";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { CopyLinkButton } from "@/components/incidents/copy-link-button";
import { EvidenceCard } from "@/components/incidents/evidence-card";
import { NoteForm } from "@/components/incidents/note-form";
import { IncidentBodySkeleton } from "@/components/incidents/skeletons";
import { StatusControls } from "@/components/incidents/status-controls";
import { Timeline } from "@/components/incidents/timeline";
import { UtcTime } from "@/components/incidents/utc-time";
import { listIncidentAudit } from "@/lib/audit";
import type { AuditRecord } from "@/lib/audit/types";
import { actorCan, optionalPageActor, requirePageActor } from "@/lib/auth/guard";
import { SITE_NAME, signedOutPreview } from "@/lib/auth/link-preview";
import { getConfig } from "@/lib/config";
import { getIncidentStore } from "@/lib/incidents";
import { alertState, evidenceOrder } from "@/lib/incidents/alert-state";
import { type EvidenceGroup, evidenceGroups, incidentSummary, redChecks } from "@/lib/incidents/evidence";
import type { Incident } from "@/lib/incidents/model";
import { isIncidentId } from "@/lib/incidents/model";
import { stillRed } from "@/lib/incidents/resolve";
import { logError } from "@/lib/log";
import { getRunbook } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";

// One read of each per request, shared by generateMetadata and the page. A malformed id never reaches the store.
const loadIncident = cache(async (id: string) =>
  isIncidentId(id) ? (await getIncidentStore()).getIncident(id) : null,
);
const loadTimeline = cache(async (id: string) => (await getIncidentStore()).timeline(id));
// The incident's audit records; null when the audit store is down, so the rest of the page still renders.
const loadAudit = cache(async (id: string): Promise<AuditRecord[] | null> => {
  try {
    return await listIncidentAudit(id);
  } catch (error) {
    logError(`incident ${id}: audit records could not be read`, error);
    return null;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  // Signed out (a chat app unfurling the link): nothing of the incident unless LINK_PREVIEW_TITLES opts in,
  // and never whether the id exists.
  if ((await optionalPageActor()) === null) {
    const known = getConfig().linkPreviewTitles ? await loadIncident(id) : null;
    const preview = signedOutPreview(
      { kind: "incident", title: known?.title, severity: known?.severity },
      getConfig().linkPreviewTitles,
    );
    return {
      ...preview,
      openGraph: { ...preview, type: "website", siteName: SITE_NAME },
      twitter: { card: "summary", ...preview },
      robots: { index: false, follow: false },
    };
  }
  const incident = await loadIncident(id);
  if (!incident) return { title: "No such incident" };
  const title = `[${incident.severity.toUpperCase()}] ${incident.title}`;
  const description = incidentSummary(incident, await loadTimeline(id));
  return {
    title,
    description,
    // Link previews in chat tools: the title and a one-line state of the incident, no page chrome.
    openGraph: { title, description, type: "article", siteName: "Runbooks" },
    twitter: { card: "summary", title, description },
    robots: { index: false, follow: false },
  };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Signed in first: an anonymous visitor learns nothing, not even whether the id exists.
  const actor = await requirePageActor(`/incidents/${id}`);
  // Viewers see everything but the controls that change the incident (the actions refuse them anyway).
  const canWrite = actorCan(actor, "write-incidents");
  // Known before anything streams, so an unknown incident is a real 404.
  const incident = await loadIncident(id);
  if (!incident) notFound();
  const resolved = incident.status === "resolved";
  // For the resolve dialog's warning: the steps whose latest run is still red.
  const red = canWrite && !resolved ? stillRed(evidenceGroups(await loadTimeline(id))) : [];

  return (
    <article className="space-y-8" data-testid="incident-page">
      <header className="space-y-3">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/incidents" className="hover:underline">
            Incidents
          </Link>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <SeverityBadge severity={incident.severity} />
          <StatusBadge status={incident.status} />
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{incident.title}</h1>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Opened <UtcTime iso={incident.createdAt} /> by {incident.createdBy.name} · updated{" "}
          <UtcTime iso={incident.updatedAt} />
          {incident.resolvedAt && (
            <>
              {" "}
              · resolved <UtcTime iso={incident.resolvedAt} />
            </>
          )}
        </p>
        {incident.symptoms.length > 0 && (
          <ul className="flex flex-wrap gap-2" aria-label="Symptoms">
            {incident.symptoms.map((symptom) => (
              <li
                key={symptom}
                className="rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
              >
                {symptom}
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap items-center gap-3 border-y border-slate-200 py-3 dark:border-slate-800">
          {canWrite ? <StatusControls incidentId={incident.id} status={incident.status} red={red} /> : <ViewerHint />}
          <span className="hidden h-6 w-px bg-slate-200 sm:block dark:bg-slate-700" aria-hidden />
          <CopyLinkButton path={`/incidents/${incident.id}`} />
          <a
            href={`/incidents/${incident.id}/export`}
            download
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
          >
            Export Markdown
          </a>
        </div>
        {incident.runbooks.length > 0 && (
          <section aria-labelledby="runbooks-title" className="text-sm">
            <h2 id="runbooks-title" className="sr-only">
              Runbooks
            </h2>
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-slate-600 dark:text-slate-300">
                {resolved ? "Runbooks (reopen to record new runs):" : "Investigate and record:"}
              </span>
              {incident.runbooks.map((slug) => (
                <Link
                  key={slug}
                  href={resolved ? `/runbooks/${slug}` : `/runbooks/${slug}?incident=${incident.id}`}
                  className="rounded-md border border-sky-300 px-2 py-1 font-medium text-sky-800 hover:bg-sky-50 dark:border-sky-800 dark:text-sky-300 dark:hover:bg-sky-950"
                >
                  {getRunbook(slug)?.title ?? slug} →
                </Link>
              ))}
            </p>
          </section>
        )}
      </header>

      <Suspense fallback={<IncidentBodySkeleton />}>
        <IncidentBody incident={incident} canWrite={canWrite} canRun={actorCan(actor, "run-diagnostics")} />
      </Suspense>
    </article>
  );
}

/** Evidence and timeline: streamed after the header, behind a skeleton. */
async function IncidentBody({
  incident,
  canWrite,
  canRun,
}: {
  incident: Incident;
  canWrite: boolean;
  canRun: boolean;
}) {
  const [entries, audit] = await Promise.all([loadTimeline(incident.id), loadAudit(incident.id)]);
  const groups = evidenceOrder(evidenceGroups(entries));
  const red = redChecks(groups);
  const alerts = alertState(entries);
  const resolved = incident.status === "resolved";
  const anchorOf = new Map<string, string>();
  for (const g of groups) for (const run of g.runs) anchorOf.set(run.id, `ev-${g.first.id}`);
  return (
    <>
      <p className="-mt-4 text-sm font-medium" data-testid="incident-summary">
        {incidentSummary(incident, entries)}
      </p>
      {alerts.total > 0 && !resolved && (
        <p
          role="status"
          data-testid="alert-state"
          className={`-mt-4 rounded-lg border px-4 py-2 text-sm ${
            alerts.allResolved
              ? "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
              : "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          }`}
        >
          {alerts.allResolved
            ? `All ${alerts.total === 1 ? "alerts have" : `${alerts.total} alerts have`} resolved.${
                incident.status === "investigating"
                  ? " If the latest checks agree, Mark mitigated; resolve once you are sure it is over."
                  : ""
              }`
            : `Still firing: ${alerts.firing.join(", ")}.`}
        </p>
      )}
      {/*
        One column (phones, narrow windows): status above, then the latest evidence in brief, the timeline, and
        the evidence in full, so the timeline is not below every card. Two columns: evidence left, timeline right.
        The DOM follows the one-column order, which is also the reading order.
      */}
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        {groups.length > 0 && <LatestEvidence groups={groups} />}
        <section aria-labelledby="timeline-title" className="min-w-0 space-y-4 lg:col-start-2 lg:row-start-1">
          <h2 id="timeline-title" className="text-xl font-semibold">
            Timeline
          </h2>
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            {canWrite ? <NoteForm incidentId={incident.id} /> : <ViewerHint />}
          </div>
          {audit === null && (
            <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
              Remediations and denials for this incident could not be read from the audit trail just now.
            </p>
          )}
          <Timeline
            incident={incident}
            entries={entries}
            audit={audit ?? []}
            evidenceAnchor={(entryId) => anchorOf.get(entryId)}
          />
        </section>
        <section aria-labelledby="evidence-title" className="min-w-0 space-y-4 lg:col-start-1 lg:row-start-1">
          <h2 id="evidence-title" className="scroll-mt-20 text-xl font-semibold">
            Evidence{" "}
            <span className="text-sm font-normal text-slate-500 dark:text-slate-400">
              ({groups.length} step{groups.length === 1 ? "" : "s"}, {red.length} red)
            </span>
          </h2>
          {groups.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
              No diagnostic runs recorded yet. Open a runbook from the links above and run its steps: each run is
              recorded here with its verdict, figures and raw output.
            </p>
          ) : (
            groups.map((group) => (
              <EvidenceCard
                key={group.key}
                incidentId={incident.id}
                group={group}
                resolved={resolved}
                canRun={canRun}
              />
            ))
          )}
        </section>
      </div>
    </>
  );
}

/** How many steps the one-column summary lists before pointing to the full evidence. */
const LATEST_SHOWN = 5;

/**
 * One column only: each step's latest verdict in a line (red first, as the cards), linking to its card further
 * down. Two columns show the cards themselves beside the timeline, so this is hidden there.
 */
function LatestEvidence({ groups }: { groups: EvidenceGroup[] }) {
  const shown = groups.slice(0, LATEST_SHOWN);
  const more = groups.length - shown.length;
  return (
    <section aria-labelledby="latest-title" data-testid="latest-evidence" className="min-w-0 space-y-2 lg:hidden">
      <h2 id="latest-title" className="text-xl font-semibold">
        Latest evidence
      </h2>
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {shown.map(({ key, first, latest }) => (
          <li key={key}>
            <a
              href={`#ev-${first.id}`}
              className="flex min-w-0 flex-col gap-1 px-4 py-2.5 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-slate-800"
            >
              <span className="flex min-w-0 items-center gap-2">
                <span className="shrink-0 whitespace-nowrap">
                  <VerdictBadge status={latest.verdict.status} testId="latest-verdict" />
                </span>
                <span className="min-w-0 truncate text-sm font-medium">{first.stepTitle}</span>
              </span>
              <span className="text-xs text-slate-600 dark:text-slate-300">
                {latest.verdict.headline ? `${latest.verdict.headline} · ` : ""}
                <UtcTime iso={latest.at} />
              </span>
            </a>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <p className="text-sm">
          <a href="#evidence-title" className="text-sky-700 underline dark:text-sky-400">
            {more} more step{more === 1 ? "" : "s"} in the evidence below
          </a>
        </p>
      )}
    </section>
  );
}
