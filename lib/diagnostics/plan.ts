// Decides, for every step of a runbook, whether it runs live, is a remediation, or stays manual.
// Pure and config-free, so runbook pages can be generated at build time.
import type { Operation, ParsedCommand } from "../commands/operation";
import { isCommandLine, parseCommand } from "../commands/parse-command";
import type { CodeStep, Runbook } from "../runbooks/model";
import type { StepPlan } from "./types";

export function targetLabel(operation: Operation): string {
  switch (operation.kind) {
    case "redis":
      return "Redis (REDIS_URL)";
    case "mongo":
      return "MongoDB (MONGODB_URL)";
    case "http":
      switch (operation.target.kind) {
        case "metrics":
          return "the API's metrics endpoint (METRICS_URL)";
        case "health":
          return "the API's health endpoint (HEALTH_URL)";
        case "prometheus":
          return "Prometheus (PROMETHEUS_URL)";
        case "external":
          return `external service "${operation.target.name}" (EXTERNAL_SERVICES)`;
        default:
          return "the API (API_URL)";
      }
    case "prometheus-targets":
      return "Prometheus (PROMETHEUS_URL)";
    case "log-tail":
      return `log file ${operation.file} (LOG_FILES allowlist)`;
    case "git-log":
      return "deployment history (GIT_REPO_PATH)";
    case "env":
      return `environment of the dashboard process (${operation.prefix}*)`;
    case "config-file":
      return `config file ${operation.file} (CONFIG_FILES allowlist)`;
    case "system":
      return "the host the dashboard runs on (not the API's host)";
  }
}

/** The one parsed command of a step, or why the step stays manual. */
export function parseStep(step: CodeStep, context: "diagnosis" | "solution"): ParsedCommand {
  const commands = step.code.split("\n").filter(isCommandLine);
  const first = commands[0];
  if (!first) return { type: "manual", reason: "no command in this step", cli: step.code };
  if (commands.length > 1) {
    const parsed = parseCommand(first, step.lang, { context });
    if (parsed.type === "manual") return parsed;
    return { type: "manual", reason: "several commands in one step: copy and run them yourself", cli: step.code };
  }
  return parseCommand(first, step.lang, { context });
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
