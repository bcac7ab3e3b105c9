// Versioned schema of the MongoDB incident store: collections and indexes, recorded in schema_migrations.
import "server-only";
import { type Db, MongoServerError } from "mongodb";

export interface MongoMigration {
  version: number;
  name: string;
  /** Must be idempotent: two dashboard instances starting together may both run it. */
  up: (db: Db) => Promise<void>;
}

export const COLLECTIONS = {
  incidents: "incidents",
  timeline: "timeline_entries",
  alerts: "alerts",
  migrations: "schema_migrations",
} as const;

async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    // 48 NamespaceExists: another instance (or an earlier, interrupted run) created it first.
    if (!(error instanceof MongoServerError && error.code === 48)) throw error;
  }
}

export const MONGO_MIGRATIONS: readonly MongoMigration[] = [
  {
    version: 1,
    name: "incidents and timeline",
    up: async (db) => {
      await ensureCollection(db, COLLECTIONS.incidents);
      await ensureCollection(db, COLLECTIONS.timeline);
      const incidents = db.collection(COLLECTIONS.incidents);
      await incidents.createIndex({ createdAt: -1, _id: -1 }, { name: "created" });
      await incidents.createIndex({ status: 1, createdAt: -1 }, { name: "status_created" });
      await incidents.createIndex({ groupKey: 1, status: 1 }, { name: "group_key" });
      await incidents.createIndex({ runbooks: 1 }, { name: "runbooks" });
      await db.collection(COLLECTIONS.timeline).createIndex({ incidentId: 1, at: 1, _id: 1 }, { name: "incident_at" });
    },
  },
  {
    version: 2,
    name: "alert receipts",
    up: async (db) => {
      // _id is the dedupe key (fingerprint|startsAt|status), unique by definition.
      await ensureCollection(db, COLLECTIONS.alerts);
      await db.collection(COLLECTIONS.alerts).createIndex({ receivedAt: -1 }, { name: "received" });
    },
  },
];

interface MigrationDoc {
  _id: number;
  name: string;
  appliedAt: string;
}

/** Applies the migrations this database has not seen, in order; refuses a database newer than the code. */
export async function migrateMongo(
  db: Db,
  migrations: readonly MongoMigration[] = MONGO_MIGRATIONS,
): Promise<MongoMigration[]> {
  const appliedNow: MongoMigration[] = [];
  const collection = db.collection<MigrationDoc>(COLLECTIONS.migrations);
  const applied = new Set((await collection.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new Error(
      `the incident database is at schema version ${newest}, newer than this dashboard knows (${known}); upgrade the dashboard`,
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await migration.up(db);
    try {
      await collection.insertOne({ _id: migration.version, name: migration.name, appliedAt: new Date().toISOString() });
    } catch (error) {
      // 11000: another instance recorded the same migration a moment earlier; the steps are idempotent.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
    appliedNow.push(migration);
  }
  return appliedNow;
}

export async function appliedMongoVersions(db: Db): Promise<number[]> {
  const docs = await db
    .collection<MigrationDoc>(COLLECTIONS.migrations)
    .find({}, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((d) => d._id);
}
