// Small constructors for ParsedCommand results, shared by the per-tool parsers.
import type { Operation, ParamSpec, ParsedCommand, Remediation } from "./operation";
import { operationCli } from "./operation-cli";

export type ManualStep = Extract<ParsedCommand, { type: "manual" }>;
export type OperationStep = Extract<ParsedCommand, { type: "operation" }>;

export function manual(reason: string, cli: string): ManualStep {
  return { type: "manual", reason, cli };
}

export function operationStep(operation: Operation, params: ParamSpec[] = []): OperationStep {
  return { type: "operation", operation, params, cli: operationCli(operation) };
}

export function remediationStep(remediation: Remediation, cli: string): ParsedCommand {
  return { type: "remediation", remediation, cli };
}
