import { SolutionEvidence } from "@/components/diagnostics/solution-evidence";
import { StepFix } from "@/components/remediation/step-fix";
import { Markdown } from "@/components/ui/markdown";
import type { StepPlan } from "@/lib/diagnostics/types";
import type { RemediationSlot } from "@/lib/remediation/types";
import type { Solution } from "@/lib/runbooks/model";
import { StepCard } from "./step-card";

export function SolutionCard({
  solution,
  plans,
  fixes = [],
}: {
  solution: Solution;
  plans: Record<string, StepPlan>;
  /** The Fix controls this page offers (empty unless the viewer may remediate). */
  fixes?: readonly RemediationSlot[];
}) {
  return (
    <SolutionEvidence solutionIndex={solution.index} stepIds={solution.steps.map((s) => s.id)}>
      <section id={solution.id} aria-labelledby={`${solution.id}-title`} className="space-y-3">
        <h3 id={`${solution.id}-title`} className="font-semibold">
          <span className="mr-2 text-slate-500 dark:text-slate-400">{solution.index}.</span>
          {solution.title}
          <a
            href={`#${solution.id}`}
            className="ml-2 text-xs font-normal text-slate-500 hover:text-sky-700 dark:text-slate-400"
            aria-label={`Link to solution: ${solution.title}`}
          >
            #{solution.id}
          </a>
        </h3>
        {solution.text.trim() && <Markdown>{solution.text}</Markdown>}
        {solution.steps.map((step) => (
          <div key={step.id}>
            <StepCard step={step} plan={plans[step.id]} />
            <StepFix slot={fixes.find((f) => f.stepId === step.id)} />
          </div>
        ))}
      </section>
    </SolutionEvidence>
  );
}
