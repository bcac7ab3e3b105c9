// getIndexes() → table of a collection's indexes with their options (informational, always ok).

import { errorVerdict } from "../../verdict/builders";
import { truncate } from "../../verdict/format";
import type { Verdict } from "../../verdict/verdict";
import { formatIndexKey } from "./index-suggestion";
import { asNumber } from "./values";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function properties(index: Record<string, unknown>): string {
  const props: string[] = [];
  if (index.unique === true) props.push("unique");
  if (index.sparse === true) props.push("sparse");
  if (index.hidden === true) props.push("hidden");
  const ttl = asNumber(index.expireAfterSeconds);
  if (ttl !== null) props.push(`TTL ${ttl} s`);
  if (isRecord(index.partialFilterExpression))
    props.push(`partial ${truncate(JSON.stringify(index.partialFilterExpression), 60)}`);
  if (isRecord(index.collation) && typeof index.collation.locale === "string")
    props.push(`collation ${index.collation.locale}`);
  if (index.clustered === true) props.push("clustered");
  return props.join(", ");
}

/** Lists getIndexes() output; `collection` only names it in the headline. */
export function analyzeIndexes(indexes: unknown, collection?: string): Verdict {
  if (!Array.isArray(indexes)) {
    return errorVerdict(
      "unexpected getIndexes output",
      `expected an array of index documents, got ${truncate(JSON.stringify(indexes) ?? String(indexes), 120)}`,
    );
  }
  const rows: (string | number | null)[][] = [];
  for (const [i, index] of indexes.entries()) {
    if (!isRecord(index) || !isRecord(index.key) || typeof index.name !== "string") {
      return errorVerdict("unexpected getIndexes output", `index [${i}] needs a name and a key document`);
    }
    rows.push([index.name, formatIndexKey(index.key), properties(index) || null]);
  }
  const on = collection ? ` on ${collection}` : "";
  return {
    status: "ok",
    headline:
      indexes.length === 0 ? `no indexes${on}` : `${indexes.length} index${indexes.length === 1 ? "" : "es"}${on}`,
    headlineValue: indexes.length,
    headlineUnit: "indexes",
    figures: [
      { label: "indexes", value: indexes.length },
      { label: "names", value: rows.map((r) => r[0]).join(", ") || null },
    ],
    detail:
      "Compare with the explain plan: a query whose fields are not a prefix of any key here scans the collection.",
    tables: [{ title: `Indexes${on}`, columns: ["name", "key", "properties"], rows }],
  };
}
