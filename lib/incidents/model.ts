// The incident model: zod schemas for incidents, timeline entries and alert receipts, limits and status rules.
// Pure (no Node APIs); the browser imports labels.ts and lib/server/id-format.ts instead, to keep zod out of its bundle.
import { z } from "zod";
import { slugSchema } from "../runbooks/model";
import { entryIdSchema, incidentIdSchema } from "../server/id-schemas";
import { hasControlCharacters } from "../server/text";
import type { Finding, Verdict } from "../verdict/verdict";
import { VERDICT_STATUSES } from "../verdict/verdict";
import { INCIDENT_STATUSES, NOTE_MAX, RUNBOOKS_MAX, SEVERITIES, SYMPTOM_MAX, SYMPTOMS_MAX, TITLE_MAX } from "./labels";

export {
  canTransition,
  INCIDENT_STATUSES,
  type IncidentStatus,
  NOTE_MAX,
  RUNBOOKS_MAX,
  SEVERITIES,
  SEVERITY_LABELS,
  type Severity,
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  SYMPTOM_MAX,
  SYMPTOMS_MAX,
  TITLE_MAX,
} from "./labels";

/** Raw output kept per recorded run (characters); longer output is cut and flagged. */
export const RAW_CAP = 64 * 1024;
export const LIST_LIMIT_MAX = 100;

export { ID_PATTERN, isIncidentId } from "../server/id-format";
export { entryIdSchema, incidentIdSchema } from "../server/id-schemas";

const isoSchema = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });

function line(max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((v) => !hasControlCharacters(v), `${what} must be one line without control characters`);
}

export const titleSchema = line(TITLE_MAX, "title");
export const symptomSchema = line(SYMPTOM_MAX, "symptom");

export const noteSchema = z
  .string()
  .trim()
  .min(1, "the note is empty")
  .max(NOTE_MAX, `the note is longer than ${NOTE_MAX.toLocaleString("en-US")} characters`)
  .refine(
    (v) => !hasControlCharacters(v, { allowLineBreaks: true }),
    "the note contains control characters (terminal escapes?); paste plain text",
  );

export const actorSchema = z
  .object({ id: z.string().min(1).max(200), name: z.string().min(1).max(200), role: z.string().min(1).max(40) })
  .strict();
export type ActorRecord = z.infer<typeof actorSchema>;

export const severitySchema = z.enum(SEVERITIES, "severity must be sev1, sev2, sev3 or sev4");
export const statusSchema = z.enum(INCIDENT_STATUSES, "status must be investigating, mitigated or resolved");

export const incidentSchema = z
  .object({
    id: incidentIdSchema,
    title: titleSchema,
    severity: severitySchema,
    status: statusSchema,
    symptoms: z.array(symptomSchema).max(SYMPTOMS_MAX),
    runbooks: z.array(slugSchema).max(RUNBOOKS_MAX * 5),
    createdAt: isoSchema,
    updatedAt: isoSchema,
    resolvedAt: isoSchema.optional(),
    groupKey: z.string().min(1).max(4096).optional(),
    createdBy: actorSchema,
  })
  .strict();
export type Incident = z.infer<typeof incidentSchema>;

/** What a caller supplies to open an incident; the store adds id, status and times. */
export const newIncidentSchema = z
  .object({
    title: titleSchema,
    severity: severitySchema,
    symptoms: z
      .array(symptomSchema)
      .max(SYMPTOMS_MAX, `at most ${SYMPTOMS_MAX} symptoms`)
      .default([])
      .transform((s) => [...new Set(s)]),
    runbooks: z
      .array(slugSchema)
      .max(RUNBOOKS_MAX, `at most ${RUNBOOKS_MAX} runbooks`)
      .default([])
      .transform((r) => [...new Set(r)]),
    groupKey: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type NewIncidentInput = z.input<typeof newIncidentSchema>;
export type NewIncident = z.output<typeof newIncidentSchema>;

// ---------------------------------------------------------------------------------------------
// Verdicts as stored: the same shape lib/checks produces, checked again when read back.

const figureSchema = z.object({
  label: z.string().max(500),
  value: z.union([z.string().max(10_000), z.number(), z.null()]),
  unit: z.string().max(100).optional(),
});

/** The chart a run showed, stored so the incident keeps it after Prometheus's retention; bounded like the queries. */
const evidenceChartSchema = z.object({
  title: z.string().max(500),
  unit: z.string().max(20),
  series: z
    .array(
      z.object({
        name: z.string().max(1000),
        points: z.array(z.tuple([z.number(), z.number().nullable()])).max(1000),
      }),
    )
    .max(20),
  warning: z.number().optional(),
  critical: z.number().optional(),
  direction: z.enum(["above", "below"]),
  start: z.number(),
  end: z.number(),
  step: z.number().positive(),
  onset: z.object({ level: z.enum(["warning", "critical"]), since: z.number() }).optional(),
});

const evidenceSchema = z.object({
  window: z.string().max(20),
  windowSeconds: z.number().positive(),
  asOf: isoSchema,
  source: z.enum(["prometheus", "scrape-pair"]),
  promql: z.string().max(4000).optional(),
  prometheusLink: z
    .string()
    .regex(/^https?:\/\//, "must be an http(s) link")
    .max(8000)
    .optional(),
  chart: evidenceChartSchema.optional(),
  note: z.string().max(2000).optional(),
});

export const verdictSchema: z.ZodType<Verdict> = z.object({
  status: z.enum(VERDICT_STATUSES),
  headline: z.string().max(2000),
  headlineValue: z.number().nullable(),
  headlineUnit: z.string().max(100).optional(),
  threshold: z.object({ text: z.string().max(2000), source: z.string().max(2000) }).optional(),
  figures: z.array(figureSchema).max(500),
  detail: z.string().max(20_000).optional(),
  tables: z
    .array(
      z.object({
        title: z.string().max(500),
        columns: z.array(z.string().max(500)).max(100),
        rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).max(5000),
      }),
    )
    .optional(),
  findings: z.array(z.custom<Finding>((v) => typeof v === "string")).optional(),
  evidence: evidenceSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Timeline entries.

const entryBase = {
  id: entryIdSchema,
  incidentId: incidentIdSchema,
  at: isoSchema,
  actor: actorSchema,
};

export const RUN_SOURCES = ["manual", "rerun", "alert"] as const;

export const runEntrySchema = z
  .object({
    ...entryBase,
    type: z.literal("run"),
    runbook: slugSchema,
    runbookTitle: z.string().min(1).max(500),
    /** sha256 of the runbook file when the step ran: a later edit of the runbook cannot change this record. */
    runbookHash: z.string().regex(/^[a-f0-9]{16,128}$/, "runbook hash must be hex"),
    stepId: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .max(80),
    stepTitle: z.string().max(500),
    params: z.record(z.string().regex(/^[a-z_]{1,32}$/), z.string().max(2000)),
    verdict: verdictSchema,
    raw: z.string().max(RAW_CAP + 200),
    rawTruncated: z.boolean(),
    durationMs: z.number().nonnegative(),
    startedAt: isoSchema,
    cli: z.string().max(8000),
    source: z.enum(RUN_SOURCES),
    /** For a re-run: the first snapshot of the same step it is compared with. */
    rerunOf: entryIdSchema.optional(),
    /** Set when the run re-checked a remediation: its masked command and before → after, in words. */
    afterRemediation: z.string().max(1000).optional(),
  })
  .strict();

export const noteEntrySchema = z.object({ ...entryBase, type: z.literal("note"), markdown: noteSchema }).strict();

export const statusEntrySchema = z
  .object({ ...entryBase, type: z.literal("status"), from: statusSchema, to: statusSchema })
  .strict();

const labelMapSchema = z.record(z.string().max(1024), z.string().max(16_384));

export const ALERT_STATUSES = ["firing", "resolved"] as const;

/** One alert notification as Alertmanager sent it, and where we filed it. */
export const alertReceiptSchema = z
  .object({
    fingerprint: z.string().regex(/^[0-9A-Za-z]{1,64}$/, "fingerprint must be hex"),
    alertname: z.string().min(1).max(1024),
    status: z.enum(ALERT_STATUSES),
    /** Kept exactly as sent (Alertmanager writes nanoseconds), so repeats compare equal. */
    startsAt: z.string().min(1).max(64),
    endsAt: z.string().max(64).optional(),
    labels: labelMapSchema,
    annotations: labelMapSchema,
    generatorURL: z.string().max(4096).optional(),
    groupKey: z.string().max(4096),
    receiver: z.string().max(1024),
    runbook: slugSchema.nullable(),
    incidentId: incidentIdSchema.nullable(),
    receivedAt: isoSchema,
  })
  .strict();
export type AlertReceipt = z.infer<typeof alertReceiptSchema>;
export type AlertInput = Omit<AlertReceipt, "incidentId" | "receivedAt">;

export const alertEntrySchema = z
  .object({
    ...entryBase,
    type: z.literal("alert"),
    alert: alertReceiptSchema.omit({ incidentId: true, receivedAt: true }),
  })
  .strict();

export const timelineEntrySchema = z.discriminatedUnion("type", [
  runEntrySchema,
  noteEntrySchema,
  statusEntrySchema,
  alertEntrySchema,
]);

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type RunEntry = z.infer<typeof runEntrySchema>;
/** One recorded diagnostic run: who, when, runbook and step, inputs, verdict, figures, raw output, runbook hash, CLI. */
export type RunRecord = RunEntry;
export type NoteEntry = z.infer<typeof noteEntrySchema>;
export type StatusEntry = z.infer<typeof statusEntrySchema>;
export type AlertEntry = z.infer<typeof alertEntrySchema>;

/** A run as a caller hands it to the store; the store adds id, incident, time and actor. */
export type NewRun = Omit<RunEntry, "id" | "incidentId" | "at" | "actor" | "type">;

export const newRunSchema = runEntrySchema.omit({ id: true, incidentId: true, at: true, actor: true, type: true });

/** Dedupe key of an alert notification: the same alert (fingerprint) in the same episode (startsAt) and state. */
export function alertKey(alert: Pick<AlertReceipt, "fingerprint" | "startsAt" | "status">): string {
  return `${alert.fingerprint}|${alert.startsAt}|${alert.status}`;
}

// ---------------------------------------------------------------------------------------------
// Listing.

export const incidentQuerySchema = z
  .object({
    status: z.enum([...INCIDENT_STATUSES, "open"]).optional(),
    runbook: slugSchema.optional(),
    from: isoSchema.optional(),
    to: isoSchema.optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    limit: z.number().int().min(1).max(LIST_LIMIT_MAX).default(20),
  })
  .strict();
export type IncidentQuery = z.input<typeof incidentQuerySchema>;

export interface IncidentPage {
  items: Incident[];
  total: number;
  page: number;
  limit: number;
}

/** Cuts raw output to RAW_CAP characters, saying so in the text and the flag. */
export function capRaw(raw: string, truncated: boolean): { raw: string; rawTruncated: boolean } {
  if (raw.length <= RAW_CAP) return { raw, rawTruncated: truncated };
  return { raw: `${raw.slice(0, RAW_CAP)}\n… truncated at ${RAW_CAP / 1024} KB`, rawTruncated: true };
}
