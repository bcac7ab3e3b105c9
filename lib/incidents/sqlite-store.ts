// The embedded incident store: one SQLite file (WAL, synchronous=FULL), every write a single transaction.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { monotonicNow, newId } from "../server/ids";
import { migrateSqlite } from "../server/sqlite-migrate";
import {
  type ActorRecord,
  type AlertEntry,
  type AlertInput,
  type AlertReceipt,
  alertKey,
  alertReceiptSchema,
  type Incident,
  type IncidentPage,
  type IncidentQuery,
  type IncidentStatus,
  incidentSchema,
  type NewRun,
  type NoteEntry,
  type RunEntry,
  type StatusEntry,
  type TimelineEntry,
  timelineEntrySchema,
} from "./model";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations";
import {
  checkActor,
  checkAlert,
  checkEntryId,
  checkIncidentId,
  checkNewIncident,
  checkNewRun,
  checkNote,
  checkQuery,
  checkRunTime,
  checkStatus,
  type IncidentStore,
  IncidentStoreError,
  notFound,
  type RecordAlertResult,
  resolvedConflict,
  transitionProblem,
} from "./store";

export const SQLITE_FILE = "incidents.sqlite";

interface IncidentRow {
  id: string;
  title: string;
  severity: string;
  status: string;
  symptoms: string;
  runbooks: string;
  group_key: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

function toIncident(row: IncidentRow): Incident {
  const parsed = incidentSchema.safeParse({
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    symptoms: JSON.parse(row.symptoms),
    runbooks: JSON.parse(row.runbooks),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
    ...(row.group_key ? { groupKey: row.group_key } : {}),
    createdBy: JSON.parse(row.created_by),
  });
  if (!parsed.success) throw new Error(`incident ${row.id} in the database does not match the model`);
  return parsed.data;
}

function toEntry(body: string): TimelineEntry {
  const parsed = timelineEntrySchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new Error("a timeline entry in the database does not match the model");
  return parsed.data;
}

function toReceipt(body: string): AlertReceipt {
  const parsed = alertReceiptSchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new Error("an alert receipt in the database does not match the model");
  return parsed.data;
}

export class SqliteIncidentStore implements IncidentStore {
  readonly kind = "sqlite" as const;
  readonly file: string;
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(dataDir, SQLITE_FILE);
    this.db = new Database(this.file, { timeout: 5000 });
    // WAL lets readers run beside a writer (and other processes share the file); FULL syncs the WAL on
    // every commit, so a transaction that returned survives kill -9 and power loss, not only a crash.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    migrateSqlite(this.db, SQLITE_MIGRATIONS);
  }

  private row(id: string): IncidentRow | undefined {
    return this.db.prepare("SELECT * FROM incidents WHERE id = ?").get(id) as IncidentRow | undefined;
  }

  private insertEntry(entry: TimelineEntry): void {
    this.db
      .prepare("INSERT INTO timeline_entries (id, incident_id, type, at, body) VALUES (?, ?, ?, ?, ?)")
      .run(entry.id, entry.incidentId, entry.type, entry.at, JSON.stringify(entry));
  }

  /** Bumps updated_at and, when given, adds a runbook to the incident's list. */
  private touch(row: IncidentRow, at: string, runbook?: string): void {
    const runbooks = JSON.parse(row.runbooks) as string[];
    if (runbook !== undefined && !runbooks.includes(runbook)) runbooks.push(runbook);
    this.db
      .prepare("UPDATE incidents SET updated_at = ?, runbooks = ? WHERE id = ?")
      .run(at, JSON.stringify(runbooks), row.id);
  }

  async createIncident(input: Parameters<IncidentStore["createIncident"]>[0], actor: ActorRecord): Promise<Incident> {
    const data = checkNewIncident(input);
    const by = checkActor(actor);
    const now = monotonicNow();
    const incident: Incident = {
      id: newId(),
      title: data.title,
      severity: data.severity,
      status: "investigating",
      symptoms: data.symptoms,
      runbooks: data.runbooks,
      createdAt: now,
      updatedAt: now,
      ...(data.groupKey !== undefined ? { groupKey: data.groupKey } : {}),
      createdBy: by,
    };
    this.db
      .prepare(
        `INSERT INTO incidents (id, title, severity, status, symptoms, runbooks, group_key, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        incident.id,
        incident.title,
        incident.severity,
        incident.status,
        JSON.stringify(incident.symptoms),
        JSON.stringify(incident.runbooks),
        incident.groupKey ?? null,
        JSON.stringify(incident.createdBy),
        incident.createdAt,
        incident.updatedAt,
      );
    return incident;
  }

  async getIncident(id: string): Promise<Incident | null> {
    checkIncidentId(id);
    const row = this.row(id);
    return row ? toIncident(row) : null;
  }

  async listIncidents(query?: IncidentQuery): Promise<IncidentPage> {
    const q = checkQuery(query);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.status === "open") where.push("status != 'resolved'");
    else if (q.status !== undefined) {
      where.push("status = ?");
      args.push(q.status);
    }
    if (q.runbook !== undefined) {
      where.push("EXISTS (SELECT 1 FROM json_each(incidents.runbooks) WHERE value = ?)");
      args.push(q.runbook);
    }
    if (q.from !== undefined) {
      where.push("created_at >= ?");
      args.push(new Date(q.from).toISOString());
    }
    if (q.to !== undefined) {
      where.push("created_at <= ?");
      args.push(new Date(q.to).toISOString());
    }
    const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM incidents ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM incidents ${clause} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, (q.page - 1) * q.limit) as IncidentRow[];
    return { items: rows.map(toIncident), total, page: q.page, limit: q.limit };
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    checkIncidentId(id);
    const rows = this.db.prepare("SELECT body FROM timeline_entries WHERE incident_id = ? ORDER BY seq").all(id) as {
      body: string;
    }[];
    return rows.map((r) => toEntry(r.body));
  }

  async getEntry(id: string, entryId: string): Promise<TimelineEntry | null> {
    checkIncidentId(id);
    checkEntryId(entryId);
    const row = this.db
      .prepare("SELECT body FROM timeline_entries WHERE incident_id = ? AND id = ?")
      .get(id, entryId) as { body: string } | undefined;
    return row ? toEntry(row.body) : null;
  }

  async appendRun(id: string, run: NewRun, actor: ActorRecord, options: { at?: string } = {}): Promise<RunEntry> {
    checkIncidentId(id);
    const data = checkNewRun(run);
    const by = checkActor(actor);
    const now = monotonicNow();
    const at = checkRunTime(options.at, now);
    return this.db
      .transaction((): RunEntry => {
        const row = this.row(id);
        if (!row) throw notFound(id);
        if (row.status === "resolved") throw resolvedConflict();
        const entry: RunEntry = { ...data, type: "run", id: newId(), incidentId: id, at, actor: by };
        this.insertEntry(entry);
        this.touch(row, now, entry.runbook);
        return entry;
      })
      .immediate();
  }

  async addNote(id: string, markdown: string, actor: ActorRecord): Promise<NoteEntry> {
    checkIncidentId(id);
    const text = checkNote(markdown);
    const by = checkActor(actor);
    return this.db
      .transaction((): NoteEntry => {
        const row = this.row(id);
        if (!row) throw notFound(id);
        const entry: NoteEntry = {
          type: "note",
          id: newId(),
          incidentId: id,
          at: monotonicNow(),
          actor: by,
          markdown: text,
        };
        this.insertEntry(entry);
        this.touch(row, entry.at);
        return entry;
      })
      .immediate();
  }

  async changeStatus(
    id: string,
    to: IncidentStatus,
    actor: ActorRecord,
    expectedFrom?: IncidentStatus,
  ): Promise<{ incident: Incident; entry: StatusEntry }> {
    checkIncidentId(id);
    checkStatus(to);
    if (expectedFrom !== undefined) checkStatus(expectedFrom);
    const by = checkActor(actor);
    return this.db
      .transaction(() => {
        const row = this.row(id);
        if (!row) throw notFound(id);
        const current = toIncident(row).status;
        const problem = transitionProblem(current, to, expectedFrom);
        if (problem) throw problem;
        const at = monotonicNow();
        const entry: StatusEntry = { type: "status", id: newId(), incidentId: id, at, actor: by, from: current, to };
        this.db
          .prepare("UPDATE incidents SET status = ?, updated_at = ?, resolved_at = ? WHERE id = ?")
          .run(to, at, to === "resolved" ? at : null, id);
        this.insertEntry(entry);
        const updated = this.row(id);
        if (!updated) throw notFound(id);
        return { incident: toIncident(updated), entry };
      })
      .immediate();
  }

  async recordAlert(alert: AlertInput, incidentId: string | null, actor: ActorRecord): Promise<RecordAlertResult> {
    const data = checkAlert(alert, incidentId);
    const by = checkActor(actor);
    return this.db
      .transaction((): RecordAlertResult => {
        const row = incidentId === null ? undefined : this.row(incidentId);
        if (incidentId !== null && !row) throw notFound(incidentId);
        const receivedAt = monotonicNow();
        const receipt: AlertReceipt = { ...data, incidentId, receivedAt };
        const inserted = this.db
          .prepare(
            `INSERT OR IGNORE INTO alerts (key, fingerprint, starts_at, status, alertname, runbook, incident_id, received_at, body)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            alertKey(data),
            data.fingerprint,
            data.startsAt,
            data.status,
            data.alertname,
            data.runbook,
            incidentId,
            receivedAt,
            JSON.stringify(receipt),
          );
        if (inserted.changes === 0) return { isNew: false, entry: null };
        if (!row || incidentId === null) return { isNew: true, entry: null };
        const entry: AlertEntry = { type: "alert", id: newId(), incidentId, at: receivedAt, actor: by, alert: data };
        this.insertEntry(entry);
        this.touch(row, receivedAt, data.runbook ?? undefined);
        return { isNew: true, entry };
      })
      .immediate();
  }

  async getAlertReceipt(
    fingerprint: string,
    startsAt: string,
    status: AlertReceipt["status"],
  ): Promise<AlertReceipt | null> {
    const row = this.db
      .prepare("SELECT body FROM alerts WHERE key = ?")
      .get(alertKey({ fingerprint, startsAt, status })) as { body: string } | undefined;
    return row ? toReceipt(row.body) : null;
  }

  async findOpenByGroupKey(groupKey: string): Promise<Incident | null> {
    if (typeof groupKey !== "string" || groupKey === "" || groupKey.length > 4096) {
      throw new IncidentStoreError("invalid", "malformed group key");
    }
    const row = this.db
      .prepare(
        "SELECT * FROM incidents WHERE group_key = ? AND status != 'resolved' ORDER BY created_at DESC, id DESC LIMIT 1",
      )
      .get(groupKey) as IncidentRow | undefined;
    return row ? toIncident(row) : null;
  }

  async listAlerts(limit = 1000): Promise<AlertReceipt[]> {
    const n = Math.max(1, Math.min(10_000, Math.floor(limit)));
    const rows = this.db.prepare("SELECT body FROM alerts ORDER BY received_at DESC LIMIT ?").all(n) as {
      body: string;
    }[];
    return rows.map((r) => toReceipt(r.body));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
