// The shared incident store: MongoDB (or FerretDB) in its own database, for several dashboard instances.
//
// MongoDB-compatible servers without multi-document transactions (FerretDB 1.x answers "unknown field
// autocommit") are the design constraint: every write commits with ONE atomic findOneAndUpdate on the
// incident document, which guards the precondition (status), updates the incident and parks the new
// timeline entry in the document's `pending` map. The entry is then copied into timeline_entries and
// unparked; readers merge both, so a crash between the steps loses nothing and shows no half-write.
// Entries and alert receipts are kept as JSON text beside a few indexed fields: FerretDB rejects nested
// arrays (verdict tables are rows of cells) and label names need no escaping that way.
import "server-only";
import { type Collection, type Db, type Document, type Filter, MongoServerError } from "mongodb";
import { logError } from "../log";
import { monotonicNow, newId } from "../server/ids";
import { type MongoLease, openStoreDatabase, STORE_WRITE_CONCERN } from "../server/mongo-client";
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
import { COLLECTIONS, migrateMongo } from "./mongo-migrations";
import {
  byTime,
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

const WRITE_CONCERN = STORE_WRITE_CONCERN;

/** Every collection here keys its documents by a string (random id or dedupe key), never an ObjectId. */
interface IdDoc extends Document {
  _id: string;
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

function toIncident(doc: Document): Incident {
  const parsed = incidentSchema.safeParse({
    id: doc._id,
    title: doc.title,
    severity: doc.severity,
    status: doc.status,
    symptoms: doc.symptoms,
    runbooks: doc.runbooks,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(typeof doc.resolvedAt === "string" ? { resolvedAt: doc.resolvedAt } : {}),
    ...(typeof doc.groupKey === "string" ? { groupKey: doc.groupKey } : {}),
    createdBy: doc.createdBy,
  });
  if (!parsed.success) throw new Error(`incident ${String(doc._id)} in the database does not match the model`);
  return parsed.data;
}

function parseEntry(body: unknown): TimelineEntry | undefined {
  if (typeof body !== "string") return undefined;
  const parsed = timelineEntrySchema.safeParse(JSON.parse(body));
  return parsed.success ? parsed.data : undefined;
}

function toEntry(doc: Document): TimelineEntry {
  const entry = parseEntry(doc.body);
  if (!entry) throw new Error("a timeline entry in the database does not match the model");
  return entry;
}

function pendingOf(doc: Document | null): TimelineEntry[] {
  const pending = doc?.pending;
  if (pending === null || typeof pending !== "object") return [];
  return Object.values(pending as Record<string, unknown>).flatMap((value) => {
    const entry = parseEntry(value);
    return entry ? [entry] : [];
  });
}

interface AlertDoc {
  _id: string;
  receivedAt: string;
  incidentId: string | null;
  /** The AlertReceipt as JSON. */
  body: string;
  /** The timeline entry this notification makes; fixed at first receipt so a retry writes the same one. */
  entryId: string;
  /** False until the entry is committed to the incident (a crash in between is finished by a retry). */
  committed: boolean;
}

function toReceipt(doc: Document): AlertReceipt {
  const parsed = alertReceiptSchema.safeParse(typeof doc.body === "string" ? JSON.parse(doc.body) : null);
  if (!parsed.success) throw new Error("an alert receipt in the database does not match the model");
  return parsed.data;
}

export class MongoIncidentStore implements IncidentStore {
  readonly kind = "mongo" as const;
  private readonly incidents: Collection<IdDoc>;
  private readonly entries: Collection<IdDoc>;
  private readonly alerts: Collection<IdDoc>;

  private constructor(
    private readonly lease: MongoLease,
    readonly db: Db,
  ) {
    this.incidents = db.collection<IdDoc>(COLLECTIONS.incidents, { writeConcern: WRITE_CONCERN });
    this.entries = db.collection<IdDoc>(COLLECTIONS.timeline, { writeConcern: WRITE_CONCERN });
    this.alerts = db.collection<IdDoc>(COLLECTIONS.alerts, { writeConcern: WRITE_CONCERN });
  }

  /** Connects (sharing the database's one client), applies migrations and returns the store; close() lets go. */
  static async open(url: string, database: string): Promise<MongoIncidentStore> {
    const lease = await openStoreDatabase(url, database);
    try {
      await migrateMongo(lease.db);
      return new MongoIncidentStore(lease, lease.db);
    } catch (error) {
      await lease.release();
      throw error;
    }
  }

  /** Commits `entry` with the incident update in one atomic document write; null when the guard fails. */
  private async commit(
    id: string,
    guard: Filter<IdDoc>,
    set: Document,
    entry: TimelineEntry,
    runbook?: string,
  ): Promise<Document | null> {
    const update: Document = { $set: { updatedAt: entry.at, ...set, [`pending.${entry.id}`]: JSON.stringify(entry) } };
    if (runbook !== undefined) update.$addToSet = { runbooks: runbook };
    // No projection here: FerretDB does not implement findAndModify's `fields`.
    const doc = await this.incidents.findOneAndUpdate({ ...guard, _id: id }, update, { returnDocument: "after" });
    if (doc === null) return null;
    await this.settle(id, entry);
    return doc;
  }

  /** Moves a committed entry from the incident's pending map to timeline_entries (idempotent). */
  private async settle(id: string, entry: TimelineEntry): Promise<void> {
    try {
      const entryId = entry.id;
      const doc = {
        _id: entryId,
        incidentId: entry.incidentId,
        type: entry.type,
        at: entry.at,
        body: JSON.stringify(entry),
      };
      try {
        await this.entries.insertOne(doc);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      await this.incidents.updateOne({ _id: id }, { $unset: { [`pending.${entryId}`]: "" } });
    } catch (error) {
      // Committed already: the entry stays readable from `pending` and is moved on the next read.
      logError(`incident ${id}: timeline entry kept pending`, error);
    }
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
    const { id, ...rest } = incident;
    await this.incidents.insertOne({ _id: id, ...rest, pending: {} });
    return incident;
  }

  async getIncident(id: string): Promise<Incident | null> {
    checkIncidentId(id);
    const doc = await this.incidents.findOne({ _id: id }, { projection: { pending: 0 } });
    return doc ? toIncident(doc) : null;
  }

  async listIncidents(query?: IncidentQuery): Promise<IncidentPage> {
    const q = checkQuery(query);
    const filter: Filter<IdDoc> = {};
    if (q.status === "open") filter.status = { $ne: "resolved" };
    else if (q.status !== undefined) filter.status = q.status;
    if (q.runbook !== undefined) filter.runbooks = q.runbook;
    const created: Document = {};
    if (q.from !== undefined) created.$gte = new Date(q.from).toISOString();
    if (q.to !== undefined) created.$lte = new Date(q.to).toISOString();
    if (Object.keys(created).length > 0) filter.createdAt = created;
    const [total, docs] = await Promise.all([
      this.incidents.countDocuments(filter),
      this.incidents
        .find(filter, { projection: { pending: 0 } })
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * q.limit)
        .limit(q.limit)
        .toArray(),
    ]);
    return { items: docs.map(toIncident), total, page: q.page, limit: q.limit };
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    checkIncidentId(id);
    const [doc, docs] = await Promise.all([
      this.incidents.findOne({ _id: id }, { projection: { pending: 1 } }),
      this.entries.find({ incidentId: id }).sort({ at: 1, _id: 1 }).toArray(),
    ]);
    const entries = docs.map(toEntry);
    const seen = new Set(entries.map((e) => e.id));
    const pending = pendingOf(doc).filter((e) => !seen.has(e.id));
    // Finish what a crashed writer left parked; the read does not wait for it.
    for (const entry of pending) void this.settle(id, entry);
    return pending.length > 0 ? [...entries, ...pending].sort(byTime) : entries;
  }

  async getEntry(id: string, entryId: string): Promise<TimelineEntry | null> {
    checkIncidentId(id);
    checkEntryId(entryId);
    const doc = await this.entries.findOne({ _id: entryId, incidentId: id });
    if (doc) return toEntry(doc);
    const incident = await this.incidents.findOne({ _id: id }, { projection: { pending: 1 } });
    return pendingOf(incident).find((e) => e.id === entryId) ?? null;
  }

  async appendRun(id: string, run: NewRun, actor: ActorRecord, options: { at?: string } = {}): Promise<RunEntry> {
    checkIncidentId(id);
    const data = checkNewRun(run);
    const by = checkActor(actor);
    const now = monotonicNow();
    const at = checkRunTime(options.at, now);
    const entry: RunEntry = { ...data, type: "run", id: newId(), incidentId: id, at, actor: by };
    const doc = await this.commit(id, { status: { $ne: "resolved" } }, { updatedAt: now }, entry, entry.runbook);
    if (doc === null) {
      const current = await this.getIncident(id);
      throw current === null ? notFound(id) : resolvedConflict();
    }
    return entry;
  }

  async addNote(id: string, markdown: string, actor: ActorRecord): Promise<NoteEntry> {
    checkIncidentId(id);
    const text = checkNote(markdown);
    const by = checkActor(actor);
    const entry: NoteEntry = {
      type: "note",
      id: newId(),
      incidentId: id,
      at: monotonicNow(),
      actor: by,
      markdown: text,
    };
    const doc = await this.commit(id, {}, {}, entry);
    if (doc === null) throw notFound(id);
    return entry;
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
    const current = await this.getIncident(id);
    if (current === null) throw notFound(id);
    const problem = transitionProblem(current.status, to, expectedFrom);
    if (problem) throw problem;
    const at = monotonicNow();
    const entry: StatusEntry = { type: "status", id: newId(), incidentId: id, at, actor: by, from: current.status, to };
    // Compare-and-set on the status read above: a concurrent change makes this match nothing.
    const doc = await this.commit(
      id,
      { status: current.status },
      { status: to, resolvedAt: to === "resolved" ? at : null },
      entry,
    );
    if (doc === null) {
      const now = await this.getIncident(id);
      if (now === null) throw notFound(id);
      throw (
        transitionProblem(now.status, to, current.status) ??
        new IncidentStoreError("conflict", "the incident changed while saving; reload and try again")
      );
    }
    return { incident: toIncident(doc), entry };
  }

  async recordAlert(alert: AlertInput, incidentId: string | null, actor: ActorRecord): Promise<RecordAlertResult> {
    const data = checkAlert(alert, incidentId);
    const by = checkActor(actor);
    if (incidentId !== null && (await this.getIncident(incidentId)) === null) throw notFound(incidentId);
    const receivedAt = monotonicNow();
    const receipt: AlertReceipt = { ...data, incidentId, receivedAt };
    const doc: AlertDoc = {
      _id: alertKey(data),
      receivedAt,
      incidentId,
      body: JSON.stringify(receipt),
      entryId: newId(),
      committed: incidentId === null,
    };
    let isNew = true;
    let target = doc;
    try {
      await this.alerts.insertOne(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = (await this.alerts.findOne({ _id: doc._id })) as AlertDoc | null;
      // Seen before and fully filed: a repeat. Seen but not filed (a crash in between): finish it below.
      if (existing === null || existing.committed || existing.incidentId === null) return { isNew: false, entry: null };
      isNew = false;
      target = existing;
    }
    if (target.incidentId === null) return { isNew, entry: null };
    const entry: AlertEntry = {
      type: "alert",
      id: target.entryId,
      incidentId: target.incidentId,
      at: target.receivedAt,
      actor: by,
      alert: data,
    };
    // The guard makes a retried commit of the same entry a no-op while it is still parked.
    await this.commit(
      target.incidentId,
      { [`pending.${entry.id}`]: { $exists: false } },
      {},
      entry,
      data.runbook ?? undefined,
    );
    await this.alerts.updateOne({ _id: target._id }, { $set: { committed: true } });
    return { isNew, entry: isNew ? entry : null };
  }

  async getAlertReceipt(
    fingerprint: string,
    startsAt: string,
    status: AlertReceipt["status"],
  ): Promise<AlertReceipt | null> {
    const doc = await this.alerts.findOne({ _id: alertKey({ fingerprint, startsAt, status }) });
    return doc ? toReceipt(doc) : null;
  }

  async findOpenByGroupKey(groupKey: string): Promise<Incident | null> {
    if (typeof groupKey !== "string" || groupKey === "" || groupKey.length > 4096) {
      throw new IncidentStoreError("invalid", "malformed group key");
    }
    const doc = await this.incidents.findOne(
      { groupKey, status: { $ne: "resolved" } },
      { sort: { createdAt: -1, _id: -1 }, projection: { pending: 0 } },
    );
    return doc ? toIncident(doc) : null;
  }

  async listAlerts(limit = 1000): Promise<AlertReceipt[]> {
    const n = Math.max(1, Math.min(10_000, Math.floor(limit)));
    const docs = await this.alerts.find({}).sort({ receivedAt: -1 }).limit(n).toArray();
    return docs.map(toReceipt);
  }

  async close(): Promise<void> {
    await this.lease.release();
  }
}
