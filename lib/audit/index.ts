// The audit trail the app uses: beside the incident store (INCIDENT_STORE), opened once per process.
import "server-only";
import { configSecrets, getConfig } from "../config";
import { recordStoreError } from "../metrics";
import { storeFactory } from "../server/store-factory";
import { MongoAuditStore } from "./mongo-store";
import { SqliteAuditStore } from "./sqlite-store";
import type { AuditStore } from "./store";
import type { AuditFilter, AuditPage, AuditRecord, AuditRecordInput } from "./types";

const auditStore = storeFactory<AuditStore>("audit", getConfig, {
  sqlite: (dataDir) => new SqliteAuditStore(dataDir),
  mongo: (url, database) => MongoAuditStore.open(url, database),
});

/** The configured store; a failed open is not cached, so the next call tries again. */
export function getAuditStore(): Promise<AuditStore> {
  const store = auditStore.get();
  store.catch(() => recordStoreError("audit"));
  return store;
}

/** Closes the open store (tests, shutdown); the next call opens it again. */
export function closeAuditStore(): Promise<void> {
  return auditStore.close();
}

/**
 * Appends one record (every remediation attempt, every denial). Secrets from the config are masked,
 * control characters encoded and fields capped before it is stored; throws when the store is down,
 * so a caller can refuse a remediation it could not audit.
 */
export async function appendAudit(input: AuditRecordInput): Promise<AuditRecord> {
  return (await getAuditStore()).append(input, configSecrets());
}

/** Records newest first; a bad filter is an AuditStoreError naming the field. */
export async function listAudit(filter: AuditFilter): Promise<AuditRecord[]> {
  return (await listAuditPage(filter)).records;
}

/** One page of records and the cursor (`before`) of the next, older one. */
export async function listAuditPage(filter: AuditFilter): Promise<AuditPage> {
  return (await getAuditStore()).page(filter);
}

/** How many of an incident's records its timeline and export show (the rest are on /audit). */
export const INCIDENT_AUDIT_MAX = 200;

/** An incident's records, oldest first, for its timeline and Markdown export. */
export async function listIncidentAudit(incidentId: string): Promise<AuditRecord[]> {
  const records = await listAudit({ incidentId, limit: INCIDENT_AUDIT_MAX });
  return records.reverse();
}

export { AuditStoreError } from "./errors";
export type { AuditStore } from "./store";
