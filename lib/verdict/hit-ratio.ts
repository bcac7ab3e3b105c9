// The cache hit ratio verdict and its threshold, shared by the application's /metrics and Redis keyspace checks.
import { findingsFor, levelBelow } from "./builders";
import { formatCount, formatPercent } from "./format";
import type { Figure, Threshold, Verdict } from "./verdict";
import { type CountWindow, describeWindow } from "./window";

export const HIT_RATIO_WARNING_PERCENT = 80;
export const HIT_RATIO_CRITICAL_PERCENT = 50;

export const CACHE_HIT_RATIO_THRESHOLD: Threshold = {
  text: "warning below 80 %, critical below 50 % of lookups hitting",
  source:
    "awesome-prometheus-alerts (memcached hit rate < 80 %, with a traffic guard); sysdig promcat warns on " +
    "Redis keyspace hit ratio < 90 % for 30 min; critical below 50 % is this dashboard's choice",
};

export interface HitCounts {
  hits: number;
  misses: number;
  window: CountWindow;
  lifetimePhrase: string;
  note: string;
  source: string;
  label: string;
}

/** Shared judgement once hits and misses are known. */
export function hitRatioVerdict(c: HitCounts, extraFigures: Figure[]): Verdict {
  const lookups = c.hits + c.misses;
  const windowText = describeWindow(c.window, c.lifetimePhrase);
  const figures: Figure[] = [
    { label: "hits", value: c.hits },
    { label: "misses", value: c.misses },
    { label: "lookups", value: lookups },
    {
      label: "window",
      value: c.window.kind === "window" ? c.window.seconds : c.lifetimePhrase,
      unit: c.window.kind === "window" ? "s" : undefined,
    },
    { label: "measured from", value: c.source },
    ...extraFigures,
  ];
  if (lookups <= 0) {
    return {
      status: "ok",
      headline: c.window.kind === "window" ? `no cache lookups ${windowText}` : "no cache lookups yet",
      headlineValue: null,
      threshold: CACHE_HIT_RATIO_THRESHOLD,
      figures: [{ label: "hit ratio", value: null, unit: "%" }, ...figures],
      detail: `No hits or misses counted ${windowText} (${c.source}). ${c.note}`.trim(),
    };
  }
  const percent = (c.hits / lookups) * 100;
  const status = levelBelow(percent, HIT_RATIO_WARNING_PERCENT, HIT_RATIO_CRITICAL_PERCENT);
  const verdict: Verdict = {
    status,
    headline: `${c.label} ${formatPercent(percent)}`,
    headlineValue: percent,
    headlineUnit: "%",
    threshold: CACHE_HIT_RATIO_THRESHOLD,
    figures: [{ label: "hit ratio", value: Number(percent.toFixed(4)), unit: "%" }, ...figures],
    detail:
      `${formatCount(c.hits)} hits and ${formatCount(c.misses)} misses ${windowText} (${c.source}). ${c.note}`.trim(),
  };
  const findings = findingsFor(status, ["cache-hit-ratio"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
