// The audit trail. TEMPORARY during development: the audit work replaces this with the append-only store.
import "server-only";
import type { AuditFilter, AuditRecord, AuditRecordInput } from "./types";

export async function appendAudit(input: AuditRecordInput): Promise<AuditRecord> {
  return { ...input, id: "pending", at: new Date().toISOString() };
}

export async function listAudit(_filter: AuditFilter): Promise<AuditRecord[]> {
  return [];
}
