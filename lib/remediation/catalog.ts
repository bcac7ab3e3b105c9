// The allowlist: each accepted change, validated with zod into a typed request. Anything else is refused
// here, with a message naming what is wrong, before any connection is made.
import { BSON } from "mongodb";
import { z } from "zod";
import { stepIdSchema } from "../diagnostics/run-request";
import { slugSchema } from "../runbooks/model";
import { replaceControlCharacters } from "../server/text";
import { describeZodError } from "../server/zod-errors";
import { COLLECTION_PATTERN, normalizeFilter } from "../systems/core/params";
import { type IndexSuggestion, type SuggestedIndexField, suggestIndex } from "../systems/mongo/index-suggestion";
import {
  EVICTION_POLICIES,
  type EvictionPolicy,
  MAXMEMORY_MAX_BYTES,
  MAXMEMORY_MIN_BYTES,
  PROFILING_SLOWMS_MAX,
  PROFILING_SLOWMS_MIN,
  type RemediationKind,
  SETTABLE_REDIS_PARAMETERS,
} from "./kinds";
import { findPlacement, type Placement } from "./placements";

export type RemediationChange =
  | { kind: "redis-maxmemory-policy"; parameter: "maxmemory-policy"; value: EvictionPolicy }
  | { kind: "redis-maxmemory"; parameter: "maxmemory"; value: string; bytes: number }
  | {
      kind: "mongo-create-index";
      collection: string;
      /** Canonical JSON of the query the index is for (the explain re-check runs it). */
      filter: string;
      /** Ordered pairs: an object would put numeric-looking field names first. */
      key: [string, 1 | -1][];
      fields: SuggestedIndexField[];
      /** Top-level operators one compound index cannot serve ($or, $expr...). */
      skipped: string[];
    }
  | { kind: "mongo-profiling"; level: 0 }
  | { kind: "mongo-profiling"; level: 1; slowms: number };

export interface RemediationRequest {
  placement: Placement;
  change: RemediationChange;
}

/** A value as it may appear in an error: printable, short. Never used for a non-allowlisted parameter's value. */
function shown(value: string): string {
  const clean = replaceControlCharacters(value, "?");
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}

// ---------------------------------------------------------------------------------------------
// Redis

/** Redis's own size units (redis.conf): k/m/g are powers of 1000, kb/mb/gb powers of 1024. */
const UNIT_BYTES: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 ** 2,
  mb: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1024 ** 3,
};

/** "2gb" → 2147483648 and the normalized text sent to Redis; a message when it is not a size. */
export function parseMemorySize(text: string): { value: string; bytes: number } | { error: string } {
  const value = text.trim().toLowerCase();
  const m = /^(\d{1,13})(b|k|kb|m|mb|g|gb)?$/.exec(value);
  const factor = m ? UNIT_BYTES[m[2] ?? ""] : undefined;
  if (!m || factor === undefined) {
    return { error: `maxmemory must be a size such as 256mb, 2gb or a number of bytes, got ${shown(text)}` };
  }
  return { value, bytes: Number(m[1]) * factor };
}

function describeSize(bytes: number): string {
  if (bytes >= 1024 ** 4) return `${bytes / 1024 ** 4} TB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

function checkMaxmemory(text: string): { value: string; bytes: number } | { error: string } {
  const size = parseMemorySize(text);
  if ("error" in size || size.bytes === 0) return size;
  if (size.bytes < MAXMEMORY_MIN_BYTES) {
    return {
      error: `maxmemory ${size.value} is below the ${describeSize(MAXMEMORY_MIN_BYTES)} floor: so small a limit evicts nearly everything at once (did you mean gb?); use 0 for no limit`,
    };
  }
  if (size.bytes > MAXMEMORY_MAX_BYTES) {
    return { error: `maxmemory ${size.value} is above the ${describeSize(MAXMEMORY_MAX_BYTES)} ceiling` };
  }
  return size;
}

const redisConfigInput = z
  .object({
    kind: z.literal("redis-config"),
    parameter: z.string().max(200),
    value: z.string().max(200),
  })
  .strict()
  .transform((input, ctx): RemediationChange => {
    const parameter = input.parameter.trim().toLowerCase();
    if (parameter === "maxmemory-policy") {
      const value = input.value.trim().toLowerCase();
      if ((EVICTION_POLICIES as readonly string[]).includes(value)) {
        return { kind: "redis-maxmemory-policy", parameter, value: value as EvictionPolicy };
      }
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `maxmemory-policy must be one of ${EVICTION_POLICIES.join(", ")}, got ${shown(input.value)}`,
      });
      return z.NEVER;
    }
    if (parameter === "maxmemory") {
      const size = checkMaxmemory(input.value);
      if ("error" in size) {
        ctx.addIssue({ code: "custom", path: ["value"], message: size.error });
        return z.NEVER;
      }
      return { kind: "redis-maxmemory", parameter, ...size };
    }
    // The value is not echoed: for requirepass or masterauth it would be a password.
    const name = /^[a-z0-9_-]{1,64}$/.test(parameter) ? parameter : "that parameter";
    ctx.addIssue({
      code: "custom",
      path: ["parameter"],
      message: `CONFIG SET ${name} is refused: only ${SETTABLE_REDIS_PARAMETERS.join(" and ")} can be changed from the dashboard`,
    });
    return z.NEVER;
  });

// ---------------------------------------------------------------------------------------------
// MongoDB createIndex: the key is always the ESR suggestion for a query, never typed in.

/** A compound index holds at most 32 fields; sort documents are kept to the same. */
const MAX_KEY_FIELDS = 32;
const FIELD_MAX = 256;

/** Why a field path cannot be an index key, or null when it can. */
export function fieldProblem(field: string): string | null {
  if (field === "" || field.length > FIELD_MAX) return `field names must be 1-${FIELD_MAX} characters`;
  if (field.includes("\0")) return "field names cannot contain NUL";
  const parts = field.split(".");
  if (parts.some((p) => p === "")) return `field "${field}" has an empty path segment`;
  if (parts.some((p) => p.startsWith("$"))) return `field "${field}": a path segment cannot start with $`;
  // mongosh notation ({ "2": 1, "a": 1 }) would put an integer-like name first: the shown command would lie.
  if (/^\d+$/.test(field)) return `field "${field}": a purely numeric top-level name cannot be ordered reliably`;
  return null;
}

function checkCollection(name: string): string | null {
  if (!new RegExp(COLLECTION_PATTERN).test(name) || name.includes("..") || name.endsWith(".")) {
    return `collection ${shown(name)} is not allowed: letters, digits, _ . - (letter or _ first, max 120, not system.*)`;
  }
  return null;
}

function parseSort(text: string): { sort: Record<string, 1 | -1> } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { sort: {} };
  const normalized = normalizeFilter(trimmed);
  if (!normalized.ok) return { error: `sort: ${normalized.message}` };
  const raw = JSON.parse(normalized.json) as Record<string, unknown>;
  const entries = Object.entries(raw);
  if (entries.length > MAX_KEY_FIELDS) return { error: `sort: at most ${MAX_KEY_FIELDS} fields` };
  const sort: Record<string, 1 | -1> = {};
  for (const [field, dir] of entries) {
    const problem = fieldProblem(field);
    if (problem) return { error: `sort: ${problem}` };
    if (dir !== 1 && dir !== -1)
      return { error: `sort: the direction of "${field}" must be 1 or -1, got ${shown(String(JSON.stringify(dir)))}` };
    sort[field] = dir;
  }
  return { sort };
}

/** The ESR index for a filter (+ sort), or why there is none; exported for the unit tests. */
export function indexFor(
  filterText: string,
  sortText = "",
): { filter: string; suggestion: IndexSuggestion } | { error: string } {
  const normalized = normalizeFilter(filterText.trim() === "" ? "{}" : filterText);
  if (!normalized.ok) return { error: `filter: ${normalized.message}` };
  const sort = parseSort(sortText);
  if ("error" in sort) return sort;
  // Extended JSON ({"$oid": …}, {"$date": …}) becomes real values, so it reads as equality, not an operator.
  let filter: Record<string, unknown>;
  try {
    filter = BSON.EJSON.parse(normalized.json, { relaxed: true }) as Record<string, unknown>;
  } catch (error) {
    return { error: `filter: ${error instanceof Error ? error.message : String(error)}` };
  }
  const suggestion = suggestIndex(filter, sort.sort);
  if (suggestion === null) {
    return {
      error:
        "nothing in this filter and sort can be indexed: give the query's top-level fields (operators such as $or and $expr are left out)",
    };
  }
  for (const { field } of suggestion.fields) {
    const problem = fieldProblem(field);
    if (problem) return { error: `index key: ${problem}` };
  }
  return { filter: normalized.json, suggestion };
}

const createIndexInput = z
  .object({
    kind: z.literal("mongo-create-index"),
    collection: z.string().max(200),
    filter: z.string().max(4000),
    sort: z.string().max(2000).optional(),
  })
  .strict()
  .transform((input, ctx): RemediationChange => {
    const collection = input.collection.trim();
    const problem = checkCollection(collection);
    if (problem) {
      ctx.addIssue({ code: "custom", path: ["collection"], message: problem });
      return z.NEVER;
    }
    const index = indexFor(input.filter, input.sort);
    if ("error" in index) {
      ctx.addIssue({ code: "custom", path: ["filter"], message: index.error });
      return z.NEVER;
    }
    return {
      kind: "mongo-create-index",
      collection,
      filter: index.filter,
      key: index.suggestion.fields.map((f) => [f.field, f.direction]),
      fields: index.suggestion.fields,
      skipped: index.suggestion.skipped,
    };
  });

// ---------------------------------------------------------------------------------------------
// MongoDB profiler: level 1 with a bounded slowms, or 0. Level 2 profiles every operation.

const profilingInput = z
  .object({
    kind: z.literal("mongo-profiling"),
    level: z.number(),
    slowms: z.number().optional(),
  })
  .strict()
  .transform((input, ctx): RemediationChange => {
    if (input.level === 0) {
      if (input.slowms !== undefined) {
        ctx.addIssue({ code: "custom", path: ["slowms"], message: "level 0 (off) takes no slowms" });
        return z.NEVER;
      }
      return { kind: "mongo-profiling", level: 0 };
    }
    if (input.level !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["level"],
        message:
          input.level === 2
            ? "level 2 is refused: it writes a profile document for every operation; use level 1 with slowms"
            : `level must be 0 (off) or 1 (slow operations), got ${shown(String(input.level))}`,
      });
      return z.NEVER;
    }
    const slowms = input.slowms;
    if (
      slowms === undefined ||
      !Number.isInteger(slowms) ||
      slowms < PROFILING_SLOWMS_MIN ||
      slowms > PROFILING_SLOWMS_MAX
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["slowms"],
        message: `slowms must be a whole number of milliseconds from ${PROFILING_SLOWMS_MIN} to ${PROFILING_SLOWMS_MAX.toLocaleString("en-US")}${slowms === undefined ? "" : `, got ${shown(String(slowms))}`}`,
      });
      return z.NEVER;
    }
    return { kind: "mongo-profiling", level: 1, slowms };
  });

// ---------------------------------------------------------------------------------------------

const changeInput = z.discriminatedUnion("kind", [redisConfigInput, createIndexInput, profilingInput], {
  error: "change.kind must be redis-config, mongo-create-index or mongo-profiling",
});

export const remediationInputSchema = z
  .object({ runbook: slugSchema, stepId: stepIdSchema, change: changeInput })
  .strict();

// Our own (custom) messages already say what they are about.
function describeIssues(error: z.ZodError): string {
  return describeZodError(error, { unnamed: null, bareCustom: true });
}

const KIND_WORDS: Record<RemediationKind, string> = {
  "redis-maxmemory-policy": "CONFIG SET maxmemory-policy",
  "redis-maxmemory": "CONFIG SET maxmemory",
  "mongo-create-index": "createIndex",
  "mongo-profiling": "setProfilingLevel",
};

/** Validates a request from the browser against the allowlist and the placement it names. */
export function parseRemediationRequest(
  input: unknown,
): { ok: true; request: RemediationRequest } | { ok: false; error: string } {
  const parsed = remediationInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `refused: ${describeIssues(parsed.error)}` };
  const { runbook, stepId, change } = parsed.data;
  const placement = findPlacement(runbook, stepId);
  if (!placement) return { ok: false, error: `refused: no remediation is offered at ${runbook} / ${stepId}` };
  if (placement.kind !== change.kind) {
    return {
      ok: false,
      error: `refused: ${runbook} / ${stepId} offers ${KIND_WORDS[placement.kind]}, not ${KIND_WORDS[change.kind]}`,
    };
  }
  return { ok: true, request: { placement, change } };
}
