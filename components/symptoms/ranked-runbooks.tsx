// The runbooks for the selected symptoms, most matches first, each showing which of its symptoms matched.
import Link from "next/link";
import type { Runbook } from "@/lib/runbooks/model";
import { normalizeSymptom } from "@/lib/symptoms/normalize";
import type { SymptomEntry } from "@/lib/symptoms/symptom-index";

export interface RankedRunbookView {
  runbook: Runbook;
  matched: number;
}

export function RankedRunbooks({ ranked, selected }: { ranked: RankedRunbookView[]; selected: SymptomEntry[] }) {
  const keys = new Set(selected.map((s) => s.key));
  return (
    <section aria-labelledby="ranked-title" data-testid="symptom-results">
      <h2 id="ranked-title" className="mb-1 text-lg font-semibold">
        {ranked.length === 0
          ? "No runbook lists these symptoms"
          : `${ranked.length} runbook${ranked.length === 1 ? "" : "s"} for ${selected.map((s) => s.label).join(" + ")}`}
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">Most of your symptoms first.</p>
      <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {ranked.map(({ runbook, matched }) => (
          <li
            key={runbook.slug}
            data-testid="symptom-result"
            data-slug={runbook.slug}
            className="relative flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-sky-400 hover:shadow dark:border-slate-800 dark:bg-slate-900 dark:hover:border-sky-500"
          >
            <div className="flex items-start justify-between gap-3">
              <h3 className="font-semibold">
                <Link href={`/runbooks/${runbook.slug}`} className="after:absolute after:inset-0 focus:outline-none">
                  {runbook.title}
                </Link>
              </h3>
              <span
                className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold ${
                  matched === selected.length
                    ? "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
                    : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                }`}
              >
                {matched} of {selected.length} symptom{selected.length === 1 ? "" : "s"}
              </span>
            </div>
            <ul aria-label={`Symptoms of ${runbook.title}`} className="mt-3 flex flex-wrap gap-1.5">
              {runbook.symptoms.map((symptom) => {
                const hit = keys.has(normalizeSymptom(symptom));
                return (
                  <li
                    key={symptom}
                    className={`rounded-full px-2 py-0.5 text-xs ${
                      hit
                        ? "bg-amber-100 font-medium text-amber-950 ring-1 ring-amber-400 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700"
                        : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                    }`}
                  >
                    {hit && <span className="sr-only">matches: </span>}
                    {symptom}
                  </li>
                );
              })}
            </ul>
            {runbook.category && (
              <p className="mt-auto pt-3 text-xs text-slate-500 dark:text-slate-400">{runbook.category.title}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
