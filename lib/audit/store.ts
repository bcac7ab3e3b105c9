// The audit store contract both implementations (SQLite, MongoDB) fulfil: append and read, nothing else.
import "server-only";
import { z } from "zod";
import { ID_PATTERN } from "../server/id-format";
import { monotonicNow, newId } from "../server/ids";
import { sanitizeAuditInput } from "./sanitize";
import { AUDIT_RESULTS, type AuditFilter, type AuditPage, type AuditRecord, type AuditRecordInput } from "./types";

/**
 * Deliberately no update or delete: records are only ever appended. The SQLite table also refuses
 * UPDATE/DELETE by trigger; on MongoDB the database user should hold only find + insert on the collection.
 */
export interface AuditStore {
  readonly kind: "sqlite" | "mongo";
  /** Masks, encodes and caps the input (see sanitize.ts), stamps an unguessable id and UTC time, stores it. */
  append(input: AuditRecordInput, secrets?: readonly string[]): Promise<AuditRecord>;
  /** Newest first (time, then id), filtered; `before` pages back from a record id. */
  page(filter?: AuditFilter): Promise<AuditPage>;
  close(): Promise<void>;
}

/** The stored form of an input: sanitized, with a fresh 128-bit id and a time later than any before it here. */
export function newAuditRecord(input: AuditRecordInput, secrets: readonly string[]): AuditRecord {
  return { id: newId(), at: monotonicNow(), ...sanitizeAuditInput(input, secrets) };
}

/** Splits a "limit + 1" read into the page and the cursor for the next one. */
export function toPage(rows: AuditRecord[], limit: number): AuditPage {
  const records = rows.slice(0, limit);
  const last = records.at(-1);
  return { records, nextBefore: rows.length > limit && last ? last.id : null };
}

const optional = z.string().optional();
const storedSchema = z.object({
  id: z.string().regex(ID_PATTERN),
  at: z.iso.datetime(),
  actorId: z.string(),
  actorName: z.string(),
  role: z.string(),
  operation: z.string(),
  target: optional,
  command: optional,
  before: optional,
  after: optional,
  result: z.enum(AUDIT_RESULTS),
  reason: optional,
  requestId: z.string(),
  incidentId: optional,
});

/** A record read back from either store, null fields dropped; a row that does not fit is an error, not a guess. */
export function parseStoredRecord(row: Record<string, unknown>): AuditRecord {
  const present = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));
  const parsed = storedSchema.safeParse(present);
  if (!parsed.success) throw new Error(`audit record ${String(row.id)} in the database does not match the model`);
  return parsed.data;
}
