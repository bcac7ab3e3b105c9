// Decides, for every step of a runbook, whether it runs live, is a remediation, or stays manual.
// Pure and config-free, so runbook pages can be generated at build time.

import type { CodeStep, Runbook } from "../runbooks/model";
import type { Operation, ParsedCommand } from "../systems/operation";
import { parseStepCode } from "../systems/parse-command";
import { systemOf } from "../systems/registry";
import type { StepPlan } from "./types";

export function targetLabel(operation: Operation): string {
  return systemOf(operation).targetLabel;
}

/** The one parsed command of a step, or why the step stays manual. */
export function parseStep(step: CodeStep, context: "diagnosis" | "solution"): ParsedCommand {
  return parseStepCode(step.code, step.lang, context);
}

export function planStep(step: CodeStep, context: "diagnosis" | "solution"): StepPlan {
  const parsed = parseStep(step, context);
  if (parsed.type === "manual")
    return { stepId: step.id, kind: "manual", reason: parsed.reason, cli: parsed.cli, params: [] };
  if (parsed.type === "remediation") {
    const { remediation } = parsed;
    return {
      stepId: step.id,
      kind: "remediation",
      reason:
        `${remediation.system === "redis" ? "Redis" : "MongoDB"} ${remediation.action} ${remediation.args.join(" ")}`.trim(),
      cli: parsed.cli,
      params: [],
    };
  }
  return {
    stepId: step.id,
    kind: "operation",
    cli: parsed.cli,
    params: parsed.params,
    targetLabel: targetLabel(parsed.operation),
    ...(parsed.readOnlyCounterpartOf ? { readOnlyCounterpartOf: parsed.readOnlyCounterpartOf } : {}),
  };
}

/** Every step of the runbook, keyed by step id. */
export function allSteps(runbook: Runbook): { step: CodeStep; context: "diagnosis" | "solution" }[] {
  return [
    ...runbook.diagnosis.map((step) => ({ step, context: "diagnosis" as const })),
    ...runbook.solutions.flatMap((s) => s.steps.map((step) => ({ step, context: "solution" as const }))),
    ...runbook.sections.flatMap((s) => s.steps.map((step) => ({ step, context: "diagnosis" as const }))),
  ];
}

export function planRunbook(runbook: Runbook): Record<string, StepPlan> {
  return Object.fromEntries(allSteps(runbook).map(({ step, context }) => [step.id, planStep(step, context)]));
}
