// Collects the read-only diagnosis checks of the candidate runbooks, one task per distinct operation.

import { allSteps, parseStep, targetLabel } from "../diagnostics/plan";
import type { Runbook } from "../runbooks/model";
import { bindParams } from "../systems/bind-params";
import type { Operation } from "../systems/operation";
import { systemOf } from "../systems/registry";
import type { SkippedStep, TriageTask } from "./messages";

export interface PlannedTask extends TriageTask {
  /** The step actually run; its result stands for every entry of appliesTo. */
  runbook: string;
  stepId: string;
  /** Concurrency is limited per target: "redis", "mongo", "http:metrics", "local" ... */
  limiterKey: string;
}

export interface TriagePlan {
  tasks: PlannedTask[];
  skipped: SkippedStep[];
}

export function limiterKey(operation: Operation): string {
  return systemOf(operation).limiterKey;
}

/**
 * Every diagnosis-context step that runs live (an operation, never a remediation or manual step), bound with its
 * parameter defaults; a step whose parameters have no default is skipped, since nobody is there to fill them in.
 */
export function planTriage(runbooks: readonly Runbook[]): TriagePlan {
  const byKey = new Map<string, PlannedTask>();
  const skipped: SkippedStep[] = [];
  for (const runbook of runbooks) {
    for (const { step, context } of allSteps(runbook)) {
      if (context !== "diagnosis") continue;
      const parsed = parseStep(step, context);
      if (parsed.type !== "operation") continue;
      const ref = { runbook: runbook.slug, stepId: step.id, stepTitle: step.title };
      const bound = bindParams(parsed, {});
      if (!bound.ok) {
        skipped.push({ ...ref, reason: `needs ${bound.errors.map((e) => e.param).join(", ")}` });
        continue;
      }
      // One read answers every step with the same command and the same declared check; the same command judged
      // by another check is another task (its verdict differs).
      const check = runbook.checks[step.id] ?? "";
      const identity = `${bound.cli}\n${check}`;
      const existing = byKey.get(identity);
      if (existing) {
        existing.appliesTo.push(ref);
        continue;
      }
      const sameCommand = [...byKey.values()].some((task) => task.cli === bound.cli);
      byKey.set(identity, {
        key: sameCommand ? `${bound.cli} (${check})` : bound.cli,
        cli: bound.cli,
        targetLabel: targetLabel(bound.operation),
        appliesTo: [ref],
        runbook: runbook.slug,
        stepId: step.id,
        limiterKey: limiterKey(bound.operation),
      });
    }
  }
  return { tasks: [...byKey.values()], skipped };
}
