// Versioned schema of the SQLite incident store: each migration runs once, in order, inside a transaction.
import "server-only";
import type Database from "better-sqlite3";

export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: "incidents and timeline",
    sql: `
      CREATE TABLE incidents (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        severity    TEXT NOT NULL CHECK (severity IN ('sev1', 'sev2', 'sev3', 'sev4')),
        status      TEXT NOT NULL CHECK (status IN ('investigating', 'mitigated', 'resolved')),
        symptoms    TEXT NOT NULL CHECK (json_valid(symptoms)),
        runbooks    TEXT NOT NULL CHECK (json_valid(runbooks)),
        group_key   TEXT,
        created_by  TEXT NOT NULL CHECK (json_valid(created_by)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        resolved_at TEXT
      ) STRICT;
      CREATE INDEX incidents_created ON incidents (created_at DESC, id DESC);
      CREATE INDEX incidents_status_created ON incidents (status, created_at DESC);
      CREATE INDEX incidents_group_key ON incidents (group_key, status);

      -- seq keeps insertion order; body is the whole entry as JSON, validated again when read.
      CREATE TABLE timeline_entries (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        type        TEXT NOT NULL CHECK (type IN ('run', 'note', 'status', 'alert')),
        at          TEXT NOT NULL,
        body        TEXT NOT NULL CHECK (json_valid(body))
      ) STRICT;
      CREATE INDEX timeline_incident ON timeline_entries (incident_id, seq);
    `,
  },
  {
    version: 2,
    name: "alert receipts",
    sql: `
      -- One row per notification: the primary key is the dedupe key (fingerprint, startsAt, status).
      CREATE TABLE alerts (
        key         TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        starts_at   TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
        alertname   TEXT NOT NULL,
        runbook     TEXT,
        incident_id TEXT REFERENCES incidents (id),
        received_at TEXT NOT NULL,
        body        TEXT NOT NULL CHECK (json_valid(body))
      ) STRICT;
      CREATE INDEX alerts_received ON alerts (received_at DESC);
      CREATE INDEX alerts_alertname ON alerts (alertname);
    `,
  },
];

/**
 * Applies every migration newer than the database, each with its schema_migrations row in one transaction;
 * returns the ones applied now (empty when the schema was already current).
 */
export function migrateSqlite(
  db: Database.Database,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): SqliteMigration[] {
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
