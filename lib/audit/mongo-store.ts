// The shared audit trail: the `audit_log` collection in the incidents database, written with insert only.
//
// The code has no update or delete path. To make that hold for anyone holding the credentials too, give
// the dashboard's incidents user a role whose privilege on this collection is only find and insert, e.g.
//   db.createRole({ role: "runbookAuditAppend", roles: [], privileges: [
//     { resource: { db: "runbook_incidents", collection: "audit_log" }, actions: ["find", "insert"] },
//     { resource: { db: "runbook_incidents", collection: "audit_schema_migrations" }, actions: ["find", "insert"] } ] })
// and keep its readWrite (for the incident collections) off this one: grant readWrite per collection,
// not on the whole database. Index creation (the migration below) then needs a one-time admin run.
import "server-only";
import { type Collection, type Db, type Document, type Filter, MongoServerError } from "mongodb";
import { type MongoLease, openStoreDatabase } from "../server/mongo-client";
import { AuditStoreError } from "./errors";
import { checkAuditFilter } from "./filter";
import { type AuditStore, newAuditRecord, parseStoredRecord, toPage } from "./store";
import type { AuditFilter, AuditPage, AuditRecord, AuditRecordInput } from "./types";

export const AUDIT_COLLECTION = "audit_log";
export const AUDIT_MIGRATIONS_COLLECTION = "audit_schema_migrations";

interface AuditDoc extends Document {
  _id: string;
}

interface MigrationDoc {
  _id: number;
  name: string;
  appliedAt: string;
}

const MIGRATIONS: readonly { version: number; name: string; up: (db: Db) => Promise<void> }[] = [
  {
    version: 1,
    name: "audit log and its indexes",
    // Idempotent: two instances starting together may both run it.
    up: async (db) => {
      try {
        await db.createCollection(AUDIT_COLLECTION);
      } catch (error) {
        // 48 NamespaceExists: another instance created it first.
        if (!(error instanceof MongoServerError && error.code === 48)) throw error;
      }
      const log = db.collection(AUDIT_COLLECTION);
      await log.createIndex({ at: -1, _id: -1 }, { name: "at" });
      await log.createIndex({ incidentId: 1, at: -1 }, { name: "incident_at" });
      await log.createIndex({ actorId: 1, at: -1 }, { name: "actor_at" });
      await log.createIndex({ operation: 1, at: -1 }, { name: "operation_at" });
    },
  },
];

/** Applies the audit migrations this database has not seen; its own record, apart from the incident store's. */
export async function migrateAuditMongo(db: Db): Promise<void> {
  const done = db.collection<MigrationDoc>(AUDIT_MIGRATIONS_COLLECTION);
  const applied = new Set((await done.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
  const known = Math.max(0, ...MIGRATIONS.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new Error(`the audit log is at schema version ${newest}, newer than this dashboard knows (${known})`);
  }
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await migration.up(db);
    try {
      await done.insertOne({ _id: migration.version, name: migration.name, appliedAt: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
  }
}

function toRecord(doc: AuditDoc): AuditRecord {
  const { _id, ...rest } = doc;
  return parseStoredRecord({ ...rest, id: _id });
}

export class MongoAuditStore implements AuditStore {
  readonly kind = "mongo" as const;
  private readonly log: Collection<AuditDoc>;

  private constructor(
    private readonly lease: MongoLease,
    readonly db: Db,
  ) {
    this.log = db.collection<AuditDoc>(AUDIT_COLLECTION);
  }

  /** Connects (sharing the database's one client), applies migrations and returns the store; close() lets go. */
  static async open(url: string, database: string): Promise<MongoAuditStore> {
    const lease = await openStoreDatabase(url, database);
    try {
      await migrateAuditMongo(lease.db);
      return new MongoAuditStore(lease, lease.db);
    } catch (error) {
      await lease.release();
      throw error;
    }
  }

  async append(input: AuditRecordInput, secrets: readonly string[] = []): Promise<AuditRecord> {
    const record = newAuditRecord(input, secrets);
    const { id, ...rest } = record;
    // insertOne only: a clashing _id fails (11000) rather than overwriting.
    await this.log.insertOne({ _id: id, ...rest });
    return record;
  }

  async page(filter?: AuditFilter): Promise<AuditPage> {
    const f = checkAuditFilter(filter);
    const and: Filter<AuditDoc>[] = [];
    if (f.actor !== undefined) and.push({ $or: [{ actorId: f.actor }, { actorName: f.actor }] });
    if (f.result !== undefined) and.push({ result: f.result });
    if (f.operation !== undefined) and.push({ operation: f.operation });
    if (f.incidentId !== undefined) and.push({ incidentId: f.incidentId });
    if (f.before !== undefined) {
      const cursor = await this.log.findOne({ _id: f.before }, { projection: { at: 1 } });
      if (cursor === null)
        throw new AuditStoreError("invalid", `before: no audit record ${f.before} to page back from`);
      // Keyset paging on (at, _id), the same order as the sort.
      and.push({ $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: f.before } }] });
    }
    const docs = await this.log
      .find(and.length > 0 ? { $and: and } : {})
      .sort({ at: -1, _id: -1 })
      .limit(f.limit + 1)
      .toArray();
    return toPage(docs.map(toRecord), f.limit);
  }

  async close(): Promise<void> {
    await this.lease.release();
  }
}
