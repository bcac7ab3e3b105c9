// Suggests a compound index for a find(filter).sort(sort) following the ESR rule: equality, sort, range.
//
// MongoDB's ESR guideline: equality fields first (they narrow to one key range), then the sort fields (so the
// index order serves the sort without an in-memory SORT), then range fields. $in is an equality match alone
// but behaves as a range once a sort is involved; $ne, $nin and $regex are ranges. Operators an index serves
// poorly ($exists, $type, $elemMatch...) go last, as Atlas Performance Advisor orders them.

export type IndexFieldRole = "equality" | "sort" | "range" | "other";

export interface SuggestedIndexField {
  field: string;
  direction: 1 | -1;
  role: IndexFieldRole;
}

export interface IndexSuggestion {
  /** Key pattern in index order, ready for createIndex: { status: 1, createdAt: -1, total: 1 }. */
  key: Record<string, 1 | -1>;
  fields: SuggestedIndexField[];
  /** Top-level operators left out because one compound index cannot serve them ($or, $expr, $text...). */
  skipped: string[];
}

/** A compound index holds at most 32 fields. */
const MAX_INDEX_FIELDS = 32;

const RANGE_OPERATORS = new Set(["$gt", "$gte", "$lt", "$lte", "$ne", "$nin", "$regex"]);
const RANK: Record<Exclude<IndexFieldRole, "sort">, number> = { equality: 0, range: 1, other: 2 };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A regular expression however it arrives: a JS RegExp, or the bson BSONRegExp that EJSON.parse makes of
 * {"$regex": …} and {"$regularExpression": …}. Duck-typed on _bsontype so this module needs no bson import.
 */
function isRegex(value: unknown): boolean {
  if (value instanceof RegExp) return true;
  return typeof value === "object" && value !== null && (value as { _bsontype?: unknown })._bsontype === "BSONRegExp";
}

function classify(condition: unknown, hasSort: boolean): Exclude<IndexFieldRole, "sort"> {
  // A regex scans a key range (a prefix at best), so it goes after the sort like any range.
  if (isRegex(condition)) return "range";
  // Literals, dates, ObjectIds and whole sub-documents are all exact matches.
  if (!isPlainObject(condition)) return "equality";
  const operators = Object.keys(condition).filter((k) => k.startsWith("$"));
  if (operators.length === 0) return "equality";
  if (operators.includes("$eq")) return "equality";
  if (operators.includes("$in")) return hasSort ? "range" : "equality";
  if (operators.some((op) => RANGE_OPERATORS.has(op))) return "range";
  return "other";
}

function collect(
  filter: Record<string, unknown>,
  hasSort: boolean,
  roles: Map<string, Exclude<IndexFieldRole, "sort">>,
  skipped: string[],
): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" && Array.isArray(condition)) {
      for (const part of condition) if (isPlainObject(part)) collect(part, hasSort, roles, skipped);
      continue;
    }
    if (field.startsWith("$")) {
      skipped.push(field);
      continue;
    }
    const role = classify(condition, hasSort);
    const before = roles.get(field);
    // The same field twice (via $and): its most selective use decides its place.
    if (before === undefined || RANK[role] < RANK[before]) roles.set(field, role);
  }
}

/** The ESR index for a filter and optional sort; null when nothing can be indexed. */
export function suggestIndex(filter: Record<string, unknown>, sort?: Record<string, unknown>): IndexSuggestion | null {
  const sortEntries = Object.entries(sort ?? {}).filter(([, d]) => d === 1 || d === -1 || d === "asc" || d === "desc");
  const hasSort = sortEntries.length > 0;
  const roles = new Map<string, Exclude<IndexFieldRole, "sort">>();
  const skipped: string[] = [];
  collect(filter, hasSort, roles, skipped);

  const fields: SuggestedIndexField[] = [];
  const byRole = (role: Exclude<IndexFieldRole, "sort">) => [...roles].filter(([, r]) => r === role).map(([f]) => f);
  for (const field of byRole("equality")) fields.push({ field, direction: 1, role: "equality" });
  const placed = new Set(fields.map((f) => f.field));
  for (const [field, dir] of sortEntries) {
    // Sorting on a field fixed by equality is free; it needs no place of its own.
    if (placed.has(field)) continue;
    fields.push({ field, direction: dir === -1 || dir === "desc" ? -1 : 1, role: "sort" });
    placed.add(field);
  }
  for (const role of ["range", "other"] as const) {
    for (const field of byRole(role)) {
      if (placed.has(field)) continue;
      fields.push({ field, direction: 1, role });
      placed.add(field);
    }
  }
  const limited = fields.slice(0, MAX_INDEX_FIELDS);
  if (limited.length === 0) return null;
  return { key: Object.fromEntries(limited.map((f) => [f.field, f.direction] as const)), fields: limited, skipped };
}

/** `{ "status": 1, "createdAt": -1 }` — the shell's notation for a key pattern. */
export function formatIndexKey(key: Record<string, unknown>): string {
  const parts = Object.entries(key).map(([field, dir]) => `${JSON.stringify(field)}: ${JSON.stringify(dir)}`);
  return `{ ${parts.join(", ")} }`;
}
