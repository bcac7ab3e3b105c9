// MEMORY STATS (flattened and typed by the reader, read.ts) → table of Redis memory accounting (informational, always ok).

import { formatBytes, formatCount, formatNumber } from "../../verdict/format";
import type { Figure, Verdict } from "../../verdict/verdict";
import type { MemoryStats } from "./read";

export type { MemoryStats } from "./read";

const BYTE_FIELDS =
  /(?:allocated|bytes|overhead|buffer|caches|backlog|slaves|normal|links|\.main|\.expires|^dataset\.bytes)$/;

/** Shows MEMORY STATS; no thresholds apply (MEMORY DOCTOR and INFO memory judge the same numbers). */
export function analyzeMemoryStats(stats: MemoryStats): Verdict {
  const entries = Object.entries(stats);
  const num = (name: string): number | null => {
    const v = stats[name];
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
  const figures: Figure[] = pick.map(([label, unit]) => ({ label, value: stats[label] ?? null, unit }));
  const headline =
    total === null
      ? `${entries.length} memory statistics`
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
        rows: entries.map(([name, value]) => [
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
