// Which audit records to list: the filter's checks, and reading it from a URL query (page and API share it).
import { z } from "zod";
import { ID_PATTERN } from "../server/id-format";
import { describeZodError } from "../server/zod-errors";
import { AuditStoreError } from "./errors";
import { AUDIT_RESULTS, type AuditFilter, type AuditResult } from "./types";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** A checked filter: every field valid, the limit set. */
export interface CheckedAuditFilter {
  actor?: string;
  result?: AuditResult;
  operation?: string;
  incidentId?: string;
  before?: string;
  limit: number;
}

const text = (what: string) =>
  z
    .string(`${what} must be text`)
    .trim()
    .min(1, `${what} must not be empty`)
    .max(200, `${what} is longer than 200 characters`);

const filterSchema = z
  .object({
    actor: text("actor").optional(),
    result: z.enum(AUDIT_RESULTS, `result must be one of ${AUDIT_RESULTS.join(", ")}`).optional(),
    operation: text("operation").optional(),
    incidentId: z
      .string("incident must be text")
      .regex(ID_PATTERN, "incident must be an incident id (22 characters of A-Z, a-z, 0-9, - and _)")
      .optional(),
    before: z
      .string("before must be text")
      .regex(ID_PATTERN, "before must be an audit record id (22 characters of A-Z, a-z, 0-9, - and _)")
      .optional(),
    limit: z
      .number("limit must be a number")
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(AUDIT_PAGE_MAX, `limit must be at most ${AUDIT_PAGE_MAX}`)
      .default(AUDIT_PAGE_DEFAULT),
  })
  .strict();

// The schema's messages name their field themselves ("limit must be a number").
function issuesText(error: z.ZodError): string {
  return describeZodError(error, { messagesOnly: true });
}

/** The filter checked, or an AuditStoreError naming what is wrong. */
export function checkAuditFilter(filter: AuditFilter = {}): CheckedAuditFilter {
  const parsed = filterSchema.safeParse(filter);
  if (!parsed.success) throw new AuditStoreError("invalid", issuesText(parsed.error));
  const out: CheckedAuditFilter = { limit: parsed.data.limit };
  for (const key of ["actor", "result", "operation", "incidentId", "before"] as const) {
    const value = parsed.data[key];
    if (value !== undefined) Object.assign(out, { [key]: value });
  }
  return out;
}

/** The URL parameter for each filter field: `?actor=alice&result=denied&operation=…&incident=…&before=…&limit=…`. */
export const AUDIT_QUERY_KEYS = {
  actor: "actor",
  result: "result",
  operation: "operation",
  incidentId: "incident",
  before: "before",
  limit: "limit",
} as const;

type Search = URLSearchParams | Record<string, string | string[] | undefined>;

function read(search: Search, key: string): string | undefined {
  const raw = search instanceof URLSearchParams ? (search.get(key) ?? undefined) : search[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === "" ? undefined : value;
}

/**
 * The filter named by a URL query. Each bad parameter is left out and named in `problems`
 * (the page shows them, the API answers 400), so a mistyped link never crashes anything.
 */
export function auditFilterFromQuery(search: Search): { filter: CheckedAuditFilter; problems: string[] } {
  const problems: string[] = [];
  const filter: CheckedAuditFilter = { limit: AUDIT_PAGE_DEFAULT };
  for (const [field, key] of Object.entries(AUDIT_QUERY_KEYS) as [keyof typeof AUDIT_QUERY_KEYS, string][]) {
    const raw = read(search, key);
    if (raw === undefined) continue;
    const value = field === "limit" ? (/^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN) : raw;
    const parsed = filterSchema.shape[field].safeParse(value);
    if (!parsed.success) {
      problems.push(
        field === "limit" && Number.isNaN(value) ? "limit must be a whole number" : issuesText(parsed.error),
      );
      continue;
    }
    Object.assign(filter, { [field]: parsed.data });
  }
  return { filter, problems };
}

/** The URL query for a filter (the page's links); `before` replaced by `overrides`. */
export function auditQueryString(filter: Partial<CheckedAuditFilter>, overrides: { before?: string } = {}): string {
  const params = new URLSearchParams();
  const merged = { ...filter, before: overrides.before };
  for (const [field, key] of Object.entries(AUDIT_QUERY_KEYS) as [keyof typeof AUDIT_QUERY_KEYS, string][]) {
    const value = merged[field];
    if (value === undefined || (field === "limit" && value === AUDIT_PAGE_DEFAULT)) continue;
    params.set(key, String(value));
  }
  return params.toString();
}
