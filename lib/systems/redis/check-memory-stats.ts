// MEMORY STATS reply → table of Redis memory accounting (informational, always ok).
//
// Reply shape (ioredis, RESP2): a flat array [name, value, name, value, ...]. Counts are integers, ratios and
// percentages arrive as strings ("12.5"), and each "db.N" value is itself a flat array
// ["overhead.hashtable.main", n, "overhead.hashtable.expires", n]. RESP3 gives a map (an object).

import { errorVerdict } from "../../verdict/builders";
import { formatBytes, formatCount, formatNumber } from "../../verdict/format";
import type { Figure, Verdict } from "../../verdict/verdict";

export type MemoryStats = Map<string, number | string>;

function flatten(reply: unknown, prefix: string, out: MemoryStats): string | null {
  const pairs: [unknown, unknown][] = [];
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) return `${prefix || "reply"} should be name/value pairs, got ${reply.length} items`;
    for (let i = 0; i < reply.length; i += 2) pairs.push([reply[i], reply[i + 1]]);
  } else if (typeof reply === "object" && reply !== null && !(reply instanceof Map)) {
    pairs.push(...Object.entries(reply));
  } else {
    return `expected an array of name/value pairs, got ${JSON.stringify(reply) ?? String(reply)}`;
  }
  for (const [name, value] of pairs) {
    if (typeof name !== "string") return `expected a field name, got ${JSON.stringify(name)}`;
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === "number") out.set(key, value);
    else if (typeof value === "string") {
      const n = Number(value);
      out.set(key, value.trim() !== "" && !Number.isNaN(n) ? n : value);
    } else if (value === null) out.set(key, "");
    else {
      const error = flatten(value, key, out);
      if (error) return error;
    }
  }
  return null;
}

/** Flattens a MEMORY STATS reply into "name" → value ("db.0.overhead.hashtable.main"); a string is an error. */
export function parseMemoryStats(reply: unknown): MemoryStats | string {
  const out: MemoryStats = new Map();
  const error = flatten(reply, "", out);
  return error ?? out;
}

const BYTE_FIELDS =
  /(?:allocated|bytes|overhead|buffer|caches|backlog|slaves|normal|links|\.main|\.expires|^dataset\.bytes)$/;

/** Shows MEMORY STATS; no thresholds apply (MEMORY DOCTOR and INFO memory judge the same numbers). */
export function analyzeMemoryStats(reply: unknown): Verdict {
  const stats = parseMemoryStats(reply);
  if (typeof stats === "string") return errorVerdict("unexpected MEMORY STATS reply", stats);
  const num = (name: string): number | null => {
    const v = stats.get(name);
    return typeof v === "number" ? v : null;
  };
  const total = num("total.allocated");
  const keys = num("keys.count");
  const pick: [string, string | undefined][] = [
    ["total.allocated", "B"],
    ["peak.allocated", "B"],
    ["dataset.bytes", "B"],
    ["dataset.percentage", "%"],
    ["overhead.total", "B"],
    ["keys.count", undefined],
    ["keys.bytes-per-key", "B"],
    ["fragmentation", undefined],
  ];
  const figures: Figure[] = pick.map(([label, unit]) => ({ label, value: stats.get(label) ?? null, unit }));
  const headline =
    total === null
      ? `${stats.size} memory statistics`
      : `total allocated ${formatBytes(total)}${keys !== null ? ` for ${formatCount(keys)} keys` : ""}`;
  return {
    status: "ok",
    headline,
    headlineValue: total,
    headlineUnit: total === null ? undefined : "B",
    figures,
    detail: "Informational; MEMORY DOCTOR and INFO memory carry the thresholds.",
    tables: [
      {
        title: "MEMORY STATS",
        columns: ["field", "value"],
        rows: [...stats.entries()].map(([name, value]) => [
          name,
          typeof value === "number" && BYTE_FIELDS.test(name)
            ? `${formatBytes(value)} (${formatCount(value)})`
            : typeof value === "number"
              ? formatNumber(value, 3)
              : value,
        ]),
      },
    ],
  };
}
