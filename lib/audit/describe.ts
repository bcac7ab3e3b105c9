// One line per audit record for people: the incident timeline, the Markdown export and the audit table share it.
import type { AuditRecord, AuditResult } from "./types";

export const AUDIT_RESULT_LABELS: Record<AuditResult, string> = {
  ok: "ok",
  failed: "failed",
  denied: "denied",
  refused: "refused",
};

// Operation names from lib/auth/operations.ts as people say them; others are shown as they are.
const OPERATION_LABELS: Readonly<Record<string, string>> = {
  applyRemediationAction: "Remediation",
  previewRemediationAction: "Remediation preview",
  runStepAction: "Run a diagnostic",
  rerunStepAction: "Re-run a diagnostic",
  createIncidentAction: "Open an incident",
  addNoteAction: "Add a note",
  changeStatusAction: "Change an incident's status",
};

export function operationLabel(operation: string): string {
  return Object.hasOwn(OPERATION_LABELS, operation) ? (OPERATION_LABELS[operation] ?? operation) : operation;
}

/** "noeviction → allkeys-lru", or the one side that was recorded. */
export function changeText(record: Pick<AuditRecord, "before" | "after">): string | undefined {
  if (record.before === undefined && record.after === undefined) return undefined;
  return `${record.before ?? "?"} → ${record.after ?? "?"}`;
}

/**
 * "Remediation · CONFIG SET maxmemory-policy allkeys-lru · noeviction → allkeys-lru · ok", or for a denial
 * "Denied · Vera (viewer) tried Remediation: CONFIG SET … · your role (viewer) may not apply remediations".
 */
export function describeAudit(record: AuditRecord): string {
  if (record.result === "denied") {
    const aim = record.command ? `: ${record.command}` : record.target ? ` on ${record.target}` : "";
    const tried = `${operationLabel(record.operation)}${aim}`;
    return [`Denied · ${record.actorName} (${record.role}) tried ${tried}`, record.reason].filter(Boolean).join(" · ");
  }
  return [
    operationLabel(record.operation),
    record.command,
    record.command === undefined ? record.target : undefined,
    changeText(record),
    AUDIT_RESULT_LABELS[record.result],
    record.result === "ok" ? undefined : record.reason,
  ]
    .filter((part): part is string => part !== undefined && part !== "")
    .join(" · ");
}
