import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment, Suspense } from "react";
import { DiagnosticsProvider } from "@/components/diagnostics/diagnostics-provider";
import { RunAllButton } from "@/components/diagnostics/run-all-button";
import { WindowPicker } from "@/components/evidence/window-picker";
import { IncidentBanner } from "@/components/incidents/incident-banner";
import { OpenIncidents } from "@/components/incidents/open-incidents";
import { StartIncidentButton } from "@/components/incidents/start-incident-dialog";
import { StepFix } from "@/components/remediation/step-fix";
import { SolutionCard } from "@/components/runbook/solution-card";
import { StepCard } from "@/components/runbook/step-card";
import { Markdown } from "@/components/ui/markdown";
import { actorCan, requirePageActor } from "@/lib/auth/guard";
import { planRunbook } from "@/lib/diagnostics/plan";
import { remediationsEnabled } from "@/lib/remediation/failure";
import { remediationSlots } from "@/lib/remediation/placements";
import { getLibrary, getRunbook } from "@/lib/runbooks/library";

export const dynamicParams = false;

export function generateStaticParams() {
  return getLibrary().runbooks.map((r) => ({ slug: r.slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const runbook = getRunbook((await params).slug);
  return runbook ? { title: runbook.title, description: runbook.symptoms.join(" · ") } : {};
}

export default async function RunbookPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { incident } = await searchParams;
  const actor = await requirePageActor(`/runbooks/${slug}`);
  const runbook = getRunbook(slug);
  if (!runbook) notFound();
  const plans = planRunbook(runbook);
  // Fix controls only for admins, and only when remediations are on; the actions check both again.
  const fixes = remediationsEnabled() && actorCan(actor, "remediate") ? remediationSlots(runbook.slug) : [];
  const runnable = Object.values(plans).filter((p) => p.kind === "operation").length;
  const canStart = actorCan(actor, "write-incidents");
  return (
    <DiagnosticsProvider
      runbook={runbook.slug}
      plans={plans}
      suggests={runbook.suggests}
      canRun={actorCan(actor, "run-diagnostics")}
    >
      <article className="space-y-8 max-sm:pb-24">
        <header className="space-y-3">
          <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
            <Link href="/" className="hover:underline">
              Runbooks
            </Link>
            {runbook.category && <span> / {runbook.category.title}</span>}
            {runbook.guide && (
              <span data-testid="runbook-guide">
                {" "}
                · from{" "}
                <Link href={`/?guide=${encodeURIComponent(runbook.guide.file)}`} className="hover:underline">
                  {runbook.guide.file}
                </Link>{" "}
                ({runbook.guide.section})
              </span>
            )}
          </nav>
          {/* The recording banner reads ?incident= in the browser (it keeps the incident's status fresh); the
              open-incidents list gets it from this page, leaving out the incident already being recorded to. */}
          <Suspense fallback={null}>
            <IncidentBanner runbook={runbook.slug} />
          </Suspense>
          <Suspense fallback={null}>
            <OpenIncidents runbook={runbook.slug} recording={typeof incident === "string" ? incident : undefined} />
          </Suspense>
          <div className="flex flex-wrap items-center justify-between gap-4">
            <h1 className="text-3xl font-bold tracking-tight">{runbook.title}</h1>
            {/* No Suspense here: the picker and the actions are in the first HTML, not streamed in after it. */}
            <div className="flex flex-wrap items-center gap-3">
              {/* A setting rather than an action: on a phone it stays in the page, under the title. */}
              {runnable > 0 && <WindowPicker />}
              {/* On a phone the actions stay at hand: one row fixed to the bottom of the screen. */}
              {(canStart || runnable > 0) && (
                <div
                  data-testid="runbook-actions"
                  className="flex flex-wrap items-center gap-3 max-sm:fixed max-sm:inset-x-0 max-sm:bottom-0 max-sm:z-30 max-sm:justify-between max-sm:border-t max-sm:border-slate-200 max-sm:bg-white/95 max-sm:px-4 max-sm:py-2 max-sm:backdrop-blur dark:max-sm:border-slate-800 dark:max-sm:bg-slate-900/95"
                >
                  {canStart && (
                    <StartIncidentButton
                      runbooks={[{ slug: runbook.slug, title: runbook.title }]}
                      symptoms={runbook.symptoms}
                      defaultTitle={runbook.title}
                    />
                  )}
                  {runnable > 0 && <RunAllButton />}
                </div>
              )}
            </div>
          </div>
          {runbook.symptoms.length > 0 && (
            <section aria-labelledby="symptoms-title">
              <h2 id="symptoms-title" className="sr-only">
                Symptoms
              </h2>
              <ul className="flex flex-wrap gap-2" data-testid="symptoms">
                {runbook.symptoms.map((symptom) => (
                  <li
                    key={symptom}
                    className="rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
                  >
                    {symptom}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {runbook.alerts.length > 0 && (
            <p className="text-xs text-slate-500 dark:text-slate-400">
              Alerts: {runbook.alerts.map((a) => <code key={a} className="mr-2">{a}</code>)}
            </p>
          )}
          {runbook.summary.trim() && <Markdown>{runbook.summary}</Markdown>}
        </header>

        {(runbook.diagnosis.length > 0 || runbook.solutions.length > 0) && (
          <div className="grid gap-8 lg:grid-cols-2">
            <section aria-labelledby="diagnosis-title" className="min-w-0 space-y-4">
              <h2 id="diagnosis-title" className="text-xl font-semibold">
                Diagnosis
              </h2>
              {runbook.diagnosis.map((step, i) => (
                <Fragment key={step.id}>
                  <StepCard step={step} plan={plans[step.id]} number={i + 1} />
                  <StepFix slot={fixes.find((f) => f.stepId === step.id)} />
                </Fragment>
              ))}
            </section>
            <section aria-labelledby="solutions-title" className="min-w-0 space-y-6">
              <h2 id="solutions-title" className="text-xl font-semibold">
                Solutions
              </h2>
              {runbook.solutions.map((solution) => (
                <SolutionCard key={solution.id} solution={solution} plans={plans} fixes={fixes} />
              ))}
            </section>
          </div>
        )}

        {runbook.sections.map((section) => (
          <section key={section.id} id={section.id} aria-labelledby={`${section.id}-title`} className="space-y-4">
            <h2 id={`${section.id}-title`} className="text-xl font-semibold">
              {section.title}
            </h2>
            {section.text.trim() && <Markdown>{section.text}</Markdown>}
            <div className="grid gap-4 lg:grid-cols-2">
              {section.steps.map((step) => (
                <StepCard key={step.id} step={step} plan={plans[step.id]} />
              ))}
            </div>
          </section>
        ))}
      </article>
    </DiagnosticsProvider>
  );
}
