// The embedded audit trail: its own SQLite file beside the incident store, append-only by trigger.
//
// A file of its own rather than a table in incidents.sqlite: the trail outlives whatever is done to the
// incident data (a restore, a reset, a schema change), it can be backed up or shipped on its own terms,
// and its schema versions never interleave with the incident store's.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrateSqlite, type SqliteMigration } from "../server/sqlite-migrate";
import { AuditStoreError } from "./errors";
import { checkAuditFilter } from "./filter";
import { type AuditStore, newAuditRecord, parseStoredRecord, toPage } from "./store";
import type { AuditFilter, AuditPage, AuditRecord, AuditRecordInput } from "./types";

export const AUDIT_SQLITE_FILE = "audit.sqlite";

export const AUDIT_SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: "append-only audit log",
    sql: `
      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        at           TEXT NOT NULL,
        actor_id     TEXT NOT NULL,
        actor_name   TEXT NOT NULL,
        role         TEXT NOT NULL,
        operation    TEXT NOT NULL,
        target       TEXT,
        command      TEXT,
        before_value TEXT,
        after_value  TEXT,
        result       TEXT NOT NULL CHECK (result IN ('ok', 'failed', 'denied', 'refused')),
        reason       TEXT,
        request_id   TEXT NOT NULL,
        incident_id  TEXT
      ) STRICT;
      CREATE INDEX audit_at ON audit_log (at DESC, id DESC);
      CREATE INDEX audit_incident ON audit_log (incident_id, at DESC);
      CREATE INDEX audit_actor ON audit_log (actor_id, at DESC);
      CREATE INDEX audit_operation ON audit_log (operation, at DESC);

      -- Append-only for anyone holding the file, not only for this code.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only: DELETE refused'); END;
      -- INSERT OR REPLACE deletes the clashing row without firing DELETE triggers (unless
      -- recursive_triggers is on), so a clash is refused before the insert instead.
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
      WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR seq = NEW.seq)
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only: REPLACE refused'); END;
    `,
  },
];

interface AuditRow {
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  role: string;
  operation: string;
  target: string | null;
  command: string | null;
  before_value: string | null;
  after_value: string | null;
  result: string;
  reason: string | null;
  request_id: string;
  incident_id: string | null;
}

function toRecord(row: AuditRow): AuditRecord {
  return parseStoredRecord({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    role: row.role,
    operation: row.operation,
    target: row.target,
    command: row.command,
    before: row.before_value,
    after: row.after_value,
    result: row.result,
    reason: row.reason,
    requestId: row.request_id,
    incidentId: row.incident_id,
  });
}

export class SqliteAuditStore implements AuditStore {
  readonly kind = "sqlite" as const;
  readonly file: string;
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(dataDir, AUDIT_SQLITE_FILE);
    this.db = new Database(this.file, { timeout: 5000 });
    // As the incident store: WAL for readers beside the writer, FULL so an acknowledged record survives power loss.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    migrateSqlite(this.db, AUDIT_SQLITE_MIGRATIONS);
  }

  async append(input: AuditRecordInput, secrets: readonly string[] = []): Promise<AuditRecord> {
    const record = newAuditRecord(input, secrets);
    this.db
      .prepare(
        `INSERT INTO audit_log (id, at, actor_id, actor_name, role, operation, target, command, before_value,
           after_value, result, reason, request_id, incident_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.at,
        record.actorId,
        record.actorName,
        record.role,
        record.operation,
        record.target ?? null,
        record.command ?? null,
        record.before ?? null,
        record.after ?? null,
        record.result,
        record.reason ?? null,
        record.requestId,
        record.incidentId ?? null,
      );
    return record;
  }

  async page(filter?: AuditFilter): Promise<AuditPage> {
    const f = checkAuditFilter(filter);
    const where: string[] = [];
    const args: string[] = [];
    if (f.actor !== undefined) {
      where.push("(actor_id = ? OR actor_name = ?)");
      args.push(f.actor, f.actor);
    }
    if (f.result !== undefined) {
      where.push("result = ?");
      args.push(f.result);
    }
    if (f.operation !== undefined) {
      where.push("operation = ?");
      args.push(f.operation);
    }
    if (f.incidentId !== undefined) {
      where.push("incident_id = ?");
      args.push(f.incidentId);
    }
    if (f.before !== undefined) {
      const cursor = this.db.prepare("SELECT at, id FROM audit_log WHERE id = ?").get(f.before) as
        | { at: string; id: string }
        | undefined;
      if (!cursor) throw new AuditStoreError("invalid", `before: no audit record ${f.before} to page back from`);
      // Keyset paging on (at, id): stable however many records arrive while someone pages back.
      where.push("(at < ? OR (at = ? AND id < ?))");
      args.push(cursor.at, cursor.at, cursor.id);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...args, f.limit + 1) as AuditRow[];
    return toPage(rows.map(toRecord), f.limit);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
