import Link from "next/link";
import type { Runbook } from "@/lib/runbooks/model";

export function RunbookCard({ runbook }: { runbook: Runbook }) {
  return (
    <li className="group relative flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-sky-400 hover:shadow dark:border-slate-800 dark:bg-slate-900 dark:hover:border-sky-500">
      <h3 className="font-semibold">
        <Link href={`/runbooks/${runbook.slug}`} className="after:absolute after:inset-0 focus:outline-none">
          {runbook.title}
        </Link>
      </h3>
      {runbook.symptoms.length > 0 && (
        <ul aria-label={`Symptoms of ${runbook.title}`} className="mt-3 flex flex-wrap gap-1.5">
          {runbook.symptoms.map((symptom) => (
            <li
              key={symptom}
              className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
            >
              {symptom}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-auto pt-3 text-xs text-slate-500 dark:text-slate-400">
        {runbook.diagnosis.length} diagnosis step{runbook.diagnosis.length === 1 ? "" : "s"} ·{" "}
        {runbook.solutions.length} solutions
      </p>
    </li>
  );
}
