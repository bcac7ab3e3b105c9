// Schema migrations run when the server starts (server.ts, before it listens), with one line per store saying
// which version it is at and what was applied now; a database newer than this code stops the start.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { MongoClient } from "mongodb";
import { AUDIT_SQLITE_FILE, AUDIT_SQLITE_MIGRATIONS } from "../audit/sqlite-store";
import type { AppConfig } from "../config";
import { MONGO_MIGRATIONS, migrateMongo } from "../incidents/mongo-migrations";
import { SQLITE_MIGRATIONS } from "../incidents/sqlite-migrations";
import { SQLITE_FILE } from "../incidents/sqlite-store";
import { migrateSqlite, type SqliteMigration } from "../server/sqlite-migrate";

function statusLine(store: string, latest: number, applied: readonly { version: number; name: string }[]): string {
  if (applied.length === 0) return `${store}: schema version ${latest}, up to date`;
  const list = applied.map((m) => `${m.version} (${m.name})`).join(", ");
  return `${store}: schema upgraded to version ${latest}; applied migration ${list}`;
}

function latestOf(migrations: readonly { version: number }[]): number {
  return Math.max(0, ...migrations.map((m) => m.version));
}

function migrateSqliteFile(file: string, migrations: readonly SqliteMigration[]): SqliteMigration[] {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    return migrateSqlite(db, migrations);
  } finally {
    db.close();
  }
}

/** Brings every store of the dashboard's own to the schema this code knows; returns one line per store. */
export async function migrateStoresAtStart(config: AppConfig): Promise<string[]> {
  if (config.incidentStore === "mongo") {
    const client = new MongoClient(config.incidentsMongodbUrl ?? "", {
      serverSelectionTimeoutMS: 10_000,
      connectTimeoutMS: 10_000,
      appName: "runbook-dashboard-migrate",
    });
    try {
      await client.connect();
      const applied = await migrateMongo(client.db(config.incidentsMongodbDatabase));
      return [statusLine("incident store (MongoDB)", latestOf(MONGO_MIGRATIONS), applied)];
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  const incidents = migrateSqliteFile(path.join(config.dataDir, SQLITE_FILE), SQLITE_MIGRATIONS);
  const audit = migrateSqliteFile(path.join(config.dataDir, AUDIT_SQLITE_FILE), AUDIT_SQLITE_MIGRATIONS);
  return [
    statusLine(`incident store (SQLite ${SQLITE_FILE})`, latestOf(SQLITE_MIGRATIONS), incidents),
    statusLine(`audit trail (SQLite ${AUDIT_SQLITE_FILE})`, latestOf(AUDIT_SQLITE_MIGRATIONS), audit),
  ];
}
