// The severity a new incident is offered, from the worst verdict on screen. Pure: server and browser.
import type { VerdictStatus } from "../verdict/verdict";
import type { Severity } from "./labels";

export interface SeveritySuggestion {
  severity: Severity;
  /** Why, in words for the dialog; undefined when nothing on screen speaks for a severity. */
  reason?: string;
}

/**
 * critical → SEV2 (major: many users affected; SEV1 is kept for a human to call), warning → SEV3,
 * anything else (ok, nothing run yet) → SEV3 with no reason given.
 */
export function suggestSeverity(verdicts: { status: VerdictStatus; step: string }[]): SeveritySuggestion {
  const critical = verdicts.filter((v) => v.status === "critical");
  if (critical.length > 0) {
    return { severity: "sev2", reason: `SEV2 suggested: ${describeSteps(critical.map((v) => v.step))} CRITICAL` };
  }
  const warning = verdicts.filter((v) => v.status === "warning");
  if (warning.length > 0) {
    return { severity: "sev3", reason: `SEV3 suggested: ${describeSteps(warning.map((v) => v.step))} WARNING` };
  }
  return { severity: "sev3" };
}

function describeSteps(steps: string[]): string {
  const [first] = steps;
  if (steps.length === 1) return `“${first}” is`;
  return `“${first}” and ${steps.length - 1} more are`;
}
