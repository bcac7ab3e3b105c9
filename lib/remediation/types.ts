// Serializable shapes shared by the remediation actions and the Fix controls in the browser.
import type { IncidentRecordInfo, StepRunResult } from "../diagnostics/types";
import type { RemediationKind } from "./kinds";

/** A step the remediation is offered beside, and the diagnostic that re-checks it afterwards. */
export interface RemediationSlot {
  runbook: string;
  /** The guide step the Fix control sits under ("solution-3-1"). */
  stepId: string;
  kind: RemediationKind;
  recheck: { runbook: string; stepId: string; title: string };
  /** The guide's own values, to start from: { value: "allkeys-lru" }, { value: "2gb" }, { slowms: "100" }. */
  defaults: Record<string, string>;
}

/** What the browser sends: the slot it came from and the change, as typed (validated on the server). */
export interface RemediationInput {
  runbook: string;
  stepId: string;
  change:
    | { kind: "redis-config"; parameter: string; value: string }
    | { kind: "mongo-create-index"; collection: string; filter: string; sort?: string }
    | { kind: "mongo-profiling"; level: number; slowms?: number };
}

export interface RemediationPreview {
  kind: RemediationKind;
  /** The exact command that Apply sends. */
  command: string;
  /** host:port (and database / collection), never credentials. */
  target: string;
  current: string;
  next: string;
  /** Things to know before applying ("below used memory: Redis starts evicting at once"). */
  warnings: string[];
  recheckTitle: string;
}

export interface RemediationOutcome {
  status: "ok" | "failed" | "refused";
  requestId: string;
  command?: string;
  target?: string;
  before?: string;
  after?: string;
  /** Why it was refused or failed, in words (the server's own words for a server error). */
  error?: string;
  /** The related diagnostic, run again after the change. */
  recheck?: { result: StepRunResult } | { error: string };
  /** Whether the re-check was recorded on the open incident. */
  incident?: IncidentRecordInfo;
  /** Set when the change was made but its audit record could not be written. */
  auditWarning?: string;
}
