// What a guide command line becomes — an operation of one system, a remediation (shown, never run here)
// or a copyable manual step — and small constructors shared by every system's parser.
import type { ParamSpec } from "./params";

/** A state-changing line: shown, never run from a diagnostics page. */
export interface Remediation {
  system: "redis" | "mongo";
  /** "CONFIG SET maxmemory-policy", "createIndex", "setProfilingLevel". */
  action: string;
  args: string[];
}

export interface OperationStep<Op> {
  type: "operation";
  operation: Op;
  params: ParamSpec[];
  cli: string;
  readOnlyCounterpartOf?: string;
}
export interface RemediationStep {
  type: "remediation";
  remediation: Remediation;
  cli: string;
}
export interface ManualStep {
  type: "manual";
  reason: string;
  cli: string;
}

export type ParsedCommand<Op> = OperationStep<Op> | RemediationStep | ManualStep;

export function manual(reason: string, cli: string): ManualStep {
  return { type: "manual", reason, cli };
}

/** `cli` is the equivalent command of the operation as the system renders it (never the guide's raw text). */
export function operationStep<Op>(operation: Op, cli: string, params: ParamSpec[] = []): OperationStep<Op> {
  return { type: "operation", operation, params, cli };
}

export function remediationStep(remediation: Remediation, cli: string): RemediationStep {
  return { type: "remediation", remediation, cli };
}
