import { StepRunner } from "@/components/diagnostics/step-runner";
import { CodeBlock } from "@/components/ui/code-block";
import type { StepPlan } from "@/lib/diagnostics/types";
import type { CodeStep } from "@/lib/runbooks/model";

/** One diagnosis (or solution check) step: its comment as title (marked when the team added it), the command, and its live result. */
export function StepCard({ step, plan, number }: { step: CodeStep; plan: StepPlan | undefined; number?: number }) {
  return (
    <article
      id={step.id}
      aria-labelledby={`${step.id}-title`}
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="mb-2 flex items-baseline justify-between gap-3">
        <h3 id={`${step.id}-title`} className="font-medium">
          {number !== undefined && <span className="mr-2 text-slate-500 dark:text-slate-400">{number}.</span>}
          {step.title}
          {step.team && (
            <span
              data-testid="team-step"
              title="Added by the team beside the troubleshooting guide's own steps; re-importing the guide keeps it"
              className="ml-2 rounded-full border border-violet-300 bg-violet-50 px-2 py-0.5 align-middle text-xs font-normal text-violet-900 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100"
            >
              team step
            </span>
          )}
        </h3>
        <a
          href={`#${step.id}`}
          className="shrink-0 text-xs text-slate-500 hover:text-sky-700 dark:text-slate-400 dark:hover:text-sky-400"
          aria-label={`Link to step: ${step.title}`}
        >
          #{step.id}
        </a>
      </header>
      <CodeBlock code={step.code} lang={step.lang} />
      {plan && <StepRunner plan={plan} title={step.title} />}
    </article>
  );
}
