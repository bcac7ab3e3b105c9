// Reads numbers and dates out of MongoDB documents whatever their BSON wrapping (Long, Int32, EJSON, Date).
import { z } from "zod";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A plain number from a BSON-ish value. The driver promotes most numbers, but a Long outside the
 * safe range, a `promoteValues: false` read or an EJSON fixture ({"$numberLong": "12"}) keep a wrapper.
 */
export function asNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isNaN(value) ? null : value;
  if (typeof value === "bigint") return Number(value);
  if (!isRecord(value)) return null;
  for (const key of ["$numberLong", "$numberInt", "$numberDouble", "$numberDecimal"] as const) {
    const wrapped = value[key];
    if (typeof wrapped === "string" && wrapped.trim() !== "") {
      const n = Number(wrapped);
      return Number.isNaN(n) ? null : n;
    }
  }
  // bson's Long/Int32/Double/Decimal128 all carry _bsontype and render their value with toString().
  const bsonType = value._bsontype;
  if (typeof bsonType === "string" && ["Long", "Int32", "Double", "Decimal128"].includes(bsonType)) {
    const n = Number(String(value));
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** An ISO timestamp from a Date, an EJSON {"$date": ...}, epoch milliseconds or an ISO string. */
export function asIsoDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number") return Number.isFinite(value) ? new Date(value).toISOString() : null;
  if (typeof value === "string") {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  if (isRecord(value) && "$date" in value) {
    const inner = value.$date;
    const n = asNumber(inner);
    return n !== null ? asIsoDate(n) : asIsoDate(inner);
  }
  return null;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** zod schema for a numeric field in any BSON wrapping. */
export const mongoNumber = z.unknown().transform((value, ctx) => {
  const n = asNumber(value);
  if (n === null) {
    ctx.addIssue({ code: "custom", message: `expected a number, got ${describeValue(value)}` });
    return z.NEVER;
  }
  return n;
});

/** zod schema for an optional numeric field: absent stays undefined, present must be a number. */
export const optionalMongoNumber = mongoNumber.optional();
