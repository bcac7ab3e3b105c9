// The incident store contract both implementations (SQLite, MongoDB) fulfil, its errors and input checks.
import type { z } from "zod";
import { describeZodError } from "../server/zod-errors";
import {
  type ActorRecord,
  type AlertEntry,
  type AlertInput,
  type AlertReceipt,
  actorSchema,
  alertReceiptSchema,
  canTransition,
  type Incident,
  type IncidentPage,
  type IncidentQuery,
  type IncidentStatus,
  incidentIdSchema,
  incidentQuerySchema,
  type NewIncident,
  type NewIncidentInput,
  type NewRun,
  type NoteEntry,
  newIncidentSchema,
  newRunSchema,
  noteSchema,
  type RunEntry,
  type StatusEntry,
  statusSchema,
  type TimelineEntry,
} from "./model";

export type IncidentErrorCode = "invalid" | "not-found" | "conflict";

/** A refused store call: bad input (400), no such incident (404), or a state that forbids it (409). */
export class IncidentStoreError extends Error {
  override name = "IncidentStoreError";
  constructor(
    readonly code: IncidentErrorCode,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.code === "invalid" ? 400 : this.code === "not-found" ? 404 : 409;
  }
}

export interface RecordAlertResult {
  /** False when this notification (fingerprint, startsAt, status) was recorded before. */
  isNew: boolean;
  /** The timeline entry written, when the alert was filed under an incident. */
  entry: AlertEntry | null;
}

export interface IncidentStore {
  readonly kind: "sqlite" | "mongo";
  createIncident(input: NewIncidentInput, actor: ActorRecord): Promise<Incident>;
  /** Null when there is no such incident; a malformed id is an IncidentStoreError("invalid"). */
  getIncident(id: string): Promise<Incident | null>;
  listIncidents(query?: IncidentQuery): Promise<IncidentPage>;
  /** Every entry of an incident, oldest first. */
  timeline(id: string): Promise<TimelineEntry[]>;
  getEntry(id: string, entryId: string): Promise<TimelineEntry | null>;
  /**
   * Records a diagnostic run; refused (conflict) once the incident is resolved. `options.at` files a run
   * shown before the incident existed at the time it ran (checked by checkRunTime: not in the future,
   * at most a day old); the incident's updatedAt is still now.
   */
  appendRun(id: string, run: NewRun, actor: ActorRecord, options?: { at?: string }): Promise<RunEntry>;
  addNote(id: string, markdown: string, actor: ActorRecord): Promise<NoteEntry>;
  /**
   * Moves the incident along STATUS_TRANSITIONS. With `expectedFrom`, refuses (conflict) when someone
   * else changed the status first, so two people clicking at once cannot skip a state unseen.
   */
  changeStatus(
    id: string,
    to: IncidentStatus,
    actor: ActorRecord,
    expectedFrom?: IncidentStatus,
  ): Promise<{ incident: Incident; entry: StatusEntry }>;
  /** Files one alert notification, once: repeats (same fingerprint, startsAt and status) are not new. */
  recordAlert(alert: AlertInput, incidentId: string | null, actor: ActorRecord): Promise<RecordAlertResult>;
  getAlertReceipt(fingerprint: string, startsAt: string, status: AlertReceipt["status"]): Promise<AlertReceipt | null>;
  /** The newest open (not resolved) incident opened for an Alertmanager group. */
  findOpenByGroupKey(groupKey: string): Promise<Incident | null>;
  /** Received alert notifications, newest first. */
  listAlerts(limit?: number): Promise<AlertReceipt[]>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Input checks shared by both stores, run before anything is written.

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new IncidentStoreError("invalid", describeZodError(parsed.error, { unnamed: null }));
  return parsed.data;
}

export function checkIncidentId(id: string): string {
  if (typeof id !== "string" || !incidentIdSchema.safeParse(id).success) {
    throw new IncidentStoreError("invalid", "malformed incident id (expected 22 characters of A-Z, a-z, 0-9, - and _)");
  }
  return id;
}

export function checkEntryId(id: string): string {
  if (typeof id !== "string" || !incidentIdSchema.safeParse(id).success) {
    throw new IncidentStoreError("invalid", "malformed entry id");
  }
  return id;
}

export function checkNewIncident(input: NewIncidentInput): NewIncident {
  return parseOrThrow(newIncidentSchema, input);
}

export function checkNewRun(run: NewRun): NewRun {
  return parseOrThrow(newRunSchema, run);
}

export function checkNote(markdown: string): string {
  return parseOrThrow(noteSchema, markdown);
}

/** The time to file a run at: `at` when given (a valid time, not in the future, at most a day old), else now. */
export function checkRunTime(at: string | undefined, now: string): string {
  if (at === undefined) return now;
  const t = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(t))
    throw new IncidentStoreError("invalid", "run time must be an ISO 8601 date-time");
  if (t > Date.parse(now) + 1000) throw new IncidentStoreError("invalid", "run time is in the future");
  if (Date.parse(now) - t > 24 * 60 * 60 * 1000)
    throw new IncidentStoreError("invalid", "run time is more than a day old");
  return new Date(t).toISOString();
}

/** Who, as a timeline keeps it: id, name and role (how they signed in is the audit trail's business). */
export function checkActor(actor: ActorRecord): ActorRecord {
  return parseOrThrow(actorSchema, { id: actor.id, name: actor.name, role: actor.role });
}

export function checkStatus(status: IncidentStatus): IncidentStatus {
  return parseOrThrow(statusSchema, status);
}

export function checkQuery(query: IncidentQuery = {}) {
  const q = parseOrThrow(incidentQuerySchema, query);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw new IncidentStoreError("invalid", "from must not be after to");
  }
  return q;
}

export function checkAlert(alert: AlertInput, incidentId: string | null): AlertInput {
  if (incidentId !== null) checkIncidentId(incidentId);
  return parseOrThrow(alertReceiptSchema.omit({ incidentId: true, receivedAt: true }), alert);
}

/** Why a transition is refused, or undefined when it is allowed. */
export function transitionProblem(
  current: IncidentStatus,
  to: IncidentStatus,
  expectedFrom: IncidentStatus | undefined,
): IncidentStoreError | undefined {
  if (expectedFrom !== undefined && expectedFrom !== current) {
    return new IncidentStoreError(
      "conflict",
      `the incident is ${current} now, not ${expectedFrom} (someone else changed it); reload and try again`,
    );
  }
  if (!canTransition(current, to)) {
    return new IncidentStoreError(
      "invalid",
      current === to ? `the incident is already ${current}` : `an incident cannot go from ${current} to ${to}`,
    );
  }
  return undefined;
}

export function resolvedConflict(): IncidentStoreError {
  return new IncidentStoreError("conflict", "the incident is resolved; reopen it to record more runs");
}

export function notFound(id: string): IncidentStoreError {
  return new IncidentStoreError("not-found", `no incident ${id}`);
}

/** Orders entries oldest first; equal times keep a stable order by id. */
export function byTime(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
