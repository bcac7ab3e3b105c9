import { StepRunner } from "@/components/diagnostics/step-runner";
import { CodeBlock } from "@/components/ui/code-block";
import type { StepPlan } from "@/lib/diagnostics/types";
import type { CodeStep } from "@/lib/runbooks/model";

/** One diagnosis (or solution check) step: its comment as title, the command, and its live result. */
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
