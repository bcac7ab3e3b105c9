// The audit trail the app uses: beside the incident store (INCIDENT_STORE), opened once per process.
import "server-only";
import { configSecrets, getConfig } from "../config";
import { recordStoreError } from "../metrics";
import { MongoAuditStore } from "./mongo-store";
import { SqliteAuditStore } from "./sqlite-store";
import type { AuditStore } from "./store";
import type { AuditFilter, AuditPage, AuditRecord, AuditRecordInput } from "./types";

interface Opened {
  key: string;
  store: Promise<AuditStore>;
}

// On globalThis so a dev-server hot reload reuses the open database instead of opening another each edit.
const holder = globalThis as typeof globalThis & { __runbookAuditStore?: Opened };

function storeKey(): string {
  const c = getConfig();
  return c.incidentStore === "mongo"
    ? `mongo|${c.incidentsMongodbUrl}|${c.incidentsMongodbDatabase}`
    : `sqlite|${c.dataDir}`;
}

async function open(): Promise<AuditStore> {
  const c = getConfig();
  if (c.incidentStore === "mongo") {
    // parseConfig refuses INCIDENT_STORE=mongo without INCIDENTS_MONGODB_URL.
    return MongoAuditStore.open(c.incidentsMongodbUrl ?? "", c.incidentsMongodbDatabase);
  }
  return new SqliteAuditStore(c.dataDir);
}

/** The configured store; a failed open is not cached, so the next call tries again. */
export function getAuditStore(): Promise<AuditStore> {
  const key = storeKey();
  const current = holder.__runbookAuditStore;
  if (current && current.key === key) return current.store;
  if (current) void current.store.then((s) => s.close()).catch(() => undefined);
  // Wrapped so a synchronous throw (an unwritable DATA_DIR) is a rejected promise like any other failure.
  const store = Promise.resolve().then(open);
  const opened: Opened = { key, store };
  holder.__runbookAuditStore = opened;
  store.catch(() => {
    recordStoreError("audit");
    if (holder.__runbookAuditStore === opened) holder.__runbookAuditStore = undefined;
  });
  return store;
}

/** Closes the open store (tests, shutdown); the next call opens it again. */
export async function closeAuditStore(): Promise<void> {
  const current = holder.__runbookAuditStore;
  holder.__runbookAuditStore = undefined;
  if (current) await current.store.then((s) => s.close()).catch(() => undefined);
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
