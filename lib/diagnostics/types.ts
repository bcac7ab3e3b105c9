// Serializable shapes shared by the diagnostics server action and the client components.

import type { ParamSpec } from "../systems/operation";
import type { Verdict } from "../verdict/verdict";

/** What the page knows about a step before it runs: safe to send to the browser. */
export interface StepPlan {
  stepId: string;
  kind: "operation" | "remediation" | "manual";
  /** Why a step is not run here (manual) or what it would change (remediation). */
  reason?: string;
  /** The equivalent command to copy. */
  cli: string;
  params: ParamSpec[];
  /** Which system it runs against, for the operator: "Redis", "MongoDB", "host of the dashboard". */
  targetLabel?: string;
  /** For a state-changing guide line whose read-only counterpart runs instead. */
  readOnlyCounterpartOf?: string;
  /** Set when the target is not configured: the variable to set. */
  notConfigured?: string;
}

export interface StepRunResult {
  runbook: string;
  stepId: string;
  verdict: Verdict;
  /** Raw output, capped and redacted. */
  raw: string;
  rawTruncated: boolean;
  durationMs: number;
  startedAt: string;
  cli: string;
  /** The result of an identical run that was already in flight (here or on another instance), shared. */
  shared?: boolean;
  /** This server's id for the run (lib/diagnostics/recent-runs.ts): "Start incident" attaches runs by it. */
  runId?: string;
  /** Set when the run was asked to be recorded to an incident: whether it was, and if not why. */
  incident?: IncidentRecordInfo;
}

export interface IncidentRecordInfo {
  id: string;
  recorded: boolean;
  /** "recorded to the incident" or why not ("the incident is resolved; reopen it …"). */
  message: string;
}
