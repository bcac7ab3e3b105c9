// Versioned SQLite schemas (the incident store's, the audit trail's): each migration runs once, in order,
// inside one IMMEDIATE transaction with its schema_migrations row.
import "server-only";
import type Database from "better-sqlite3";

export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies every migration newer than the database, each with its schema_migrations row in one transaction;
 * returns the ones applied now (empty when the schema was already current).
 */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[]): SqliteMigration[] {
  const appliedNow: SqliteMigration[] = [];
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  // IMMEDIATE takes the write lock first, so two processes opening a fresh file cannot both migrate.
  const run = db.transaction(() => {
    const applied = new Set(
      (db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version),
    );
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new Error(
        `the incident database is at schema version ${newest}, newer than this dashboard knows (${known}); upgrade the dashboard`,
      );
    }
    const insert = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, new Date().toISOString());
      appliedNow.push(migration);
    }
  });
  run.immediate();
  return appliedNow;
}

export function appliedSqliteVersions(db: Database.Database): number[] {
  return (db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[]).map(
    (r) => r.version,
  );
}
