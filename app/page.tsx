import Link from "next/link";
import { Suspense } from "react";
import { OpenIncidents } from "@/components/incidents/open-incidents";
import { RunbookCard } from "@/components/runbook/runbook-card";
import { RankedRunbooks } from "@/components/symptoms/ranked-runbooks";
import { SymptomFilter } from "@/components/symptoms/symptom-filter";
import { TriagePanel } from "@/components/triage/triage-panel";
import { actorCan, requirePageActor } from "@/lib/auth/guard";
import { guideGroups, issuesIn } from "@/lib/runbooks/guides";
import { getLibrary } from "@/lib/runbooks/library";
import { homeView } from "@/lib/symptoms/home-view";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("/");
  const library = getLibrary();
  const { categories, runbooks } = library;
  const params = await searchParams;
  const view = homeView(library, params.symptoms);
  const guides = guideGroups(library);
  // Only a guide the library has filters; anything else shows every guide.
  const guide = guides.find((g) => g.id === params.guide)?.id;
  const issues = runbooks.filter((r) => r.kind === "issue");
  const pages = runbooks.filter((r) => r.kind !== "issue");
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">Runbooks</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-300">
          <span data-testid="runbook-count" className="font-semibold text-slate-900 dark:text-white">
            {issues.length} runbooks
          </span>{" "}
          in {categories.length} categories. Open one to run its diagnosis steps live.
        </p>
      </header>
      <Suspense fallback={null}>
        <OpenIncidents />
      </Suspense>
      <div className="grid gap-4 lg:grid-cols-2 lg:items-start">
        <SymptomFilter options={view.options} selected={view.selected.map((s) => s.id)} />
        <TriagePanel
          key={view.candidates.map((c) => c.slug).join(",")}
          candidates={view.candidates}
          scope={view.scope}
          checkCount={view.checkCount}
          symptoms={view.selected.map((s) => s.label)}
          canRun={actorCan(actor, "run-diagnostics")}
        />
      </div>
      {view.selected.length > 0 && <RankedRunbooks ranked={view.ranked} selected={view.selected} />}
      {guides.length > 1 && view.selected.length === 0 && (
        <nav aria-label="Guides" data-testid="guide-filter" className="flex flex-wrap gap-2 text-sm">
          <span className="text-slate-500 dark:text-slate-400">From guide:</span>
          {[{ id: undefined, label: "all" }, ...guides.map((g) => ({ id: g.id, label: `${g.id} (${g.count})` }))].map(
            (item) => (
              <Link
                key={item.label}
                href={item.id === undefined ? "/" : `/?guide=${encodeURIComponent(item.id)}`}
                aria-current={item.id === guide ? "page" : undefined}
                className="rounded border border-slate-200 px-2 py-0.5 aria-[current=page]:border-sky-500 aria-[current=page]:font-semibold dark:border-slate-700"
              >
                {item.label}
              </Link>
            ),
          )}
        </nav>
      )}
      {(view.selected.length > 0 ? [] : categories).map((category) => {
        const inCategory = issuesIn(library, category, guide);
        if (guide !== undefined && inCategory.length === 0) return null;
        return (
          <section key={category.id} aria-labelledby={`cat-${category.id}`}>
            <h2 id={`cat-${category.id}`} className="mb-3 text-lg font-semibold">
              {category.title}{" "}
              <span className="text-sm font-normal text-slate-500 dark:text-slate-400">({inCategory.length})</span>
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {inCategory.map((runbook) => (
                <RunbookCard key={runbook.slug} runbook={runbook} />
              ))}
            </ul>
          </section>
        );
      })}
      <section aria-labelledby="more-title">
        <h2 id="more-title" className="mb-3 text-lg font-semibold">
          Always useful
        </h2>
        <ul className="flex flex-wrap gap-3">
          {pages.map((page) => (
            <li key={page.slug}>
              <Link
                href={`/runbooks/${page.slug}`}
                className="inline-block rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm font-medium hover:border-sky-400 dark:border-slate-800 dark:bg-slate-900"
              >
                {page.title}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
