// What running one operation yields before it is wrapped into a StepRunResult.
import type { Verdict } from "../../verdict/verdict";

export interface OperationOutcome {
  verdict: Verdict;
  /** Raw output as the server gave it (redacted and capped by the caller). */
  raw: string;
}

export function asJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "";
}
