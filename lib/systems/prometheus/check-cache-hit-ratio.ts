// Application cache hit ratio, from /metrics counters (hits and misses families, or one family by result label).

import { errorVerdict } from "../../verdict/builders";
import { CACHE_HIT_RATIO_THRESHOLD, hitRatioVerdict } from "../../verdict/hit-ratio";
import type { Verdict } from "../../verdict/verdict";
import type { MetricFamily, MetricSample } from "./exposition";
import type { MetricsScrape } from "./metric-scrape";
import { countsOverWindow, isCounterLike, windowNote } from "./metric-scrape";

const OUTCOME_LABELS = ["result", "outcome", "status", "type"] as const;

function outcomeOf(sample: MetricSample): "hit" | "miss" | null {
  for (const label of OUTCOME_LABELS) {
    const v = sample.labels[label]?.toLowerCase();
    if (v === "hit" || v === "hits") return "hit";
    if (v === "miss" || v === "misses") return "miss";
  }
  return null;
}

/** A counter of cache events, not a precomputed ratio gauge (cache_hit_ratio) which cannot be windowed. */
function isCacheCounter(family: MetricFamily): boolean {
  return (
    (isCounterLike(family) || family.type === "gauge") &&
    /cache/i.test(family.name) &&
    !/ratio|rate|percent/i.test(family.name)
  );
}

interface CachePick {
  source: string;
  pick: (families: MetricFamily[]) => MetricSample[][];
}

/** Separate hit and miss families (cache_hits_total / cache_misses_total) or one family with result="hit|miss". */
function findCacheCounters(families: MetricFamily[]): CachePick | null {
  const candidates = families.filter(isCacheCounter);
  const hitNames = candidates.filter((f) => /hit/i.test(f.name)).map((f) => f.name);
  const missNames = candidates.filter((f) => /miss/i.test(f.name)).map((f) => f.name);
  if (hitNames.length > 0 && missNames.length > 0) {
    const of = (names: string[], fams: MetricFamily[]) =>
      fams.filter((f) => names.includes(f.name)).flatMap((f) => f.samples);
    return {
      source: [...hitNames, ...missNames].join(", "),
      pick: (fams) => [of(hitNames, fams), of(missNames, fams)],
    };
  }
  const labelled = candidates.filter((f) => f.samples.some((s) => outcomeOf(s) !== null)).map((f) => f.name);
  if (labelled.length > 0) {
    const samples = (fams: MetricFamily[]) => fams.filter((f) => labelled.includes(f.name)).flatMap((f) => f.samples);
    return {
      source: `${labelled.join(", ")} by result label`,
      pick: (fams) => [
        samples(fams).filter((s) => outcomeOf(s) === "hit"),
        samples(fams).filter((s) => outcomeOf(s) === "miss"),
      ],
    };
  }
  return null;
}

/** Application cache hit ratio from /metrics; Δ between scrapes when a previous one is given. */
export function analyzeAppCacheHitRatio(current: MetricsScrape, previous?: MetricsScrape): Verdict {
  const found = findCacheCounters(current.families);
  if (!found) {
    return {
      ...errorVerdict(
        "no cache hit/miss counters in /metrics",
        "Looked for families named like cache_hits_total and cache_misses_total, or one cache family " +
          'with a result="hit|miss" label.',
        [{ label: "metric families", value: current.families.length }],
      ),
      threshold: CACHE_HIT_RATIO_THRESHOLD,
      findings: ["metrics-missing"],
    };
  }
  const counts = countsOverWindow(current, previous, found.pick);
  return hitRatioVerdict(
    {
      hits: counts.values[0] ?? 0,
      misses: counts.values[1] ?? 0,
      window: counts.window,
      lifetimePhrase: "since process start",
      note: windowNote(counts),
      source: found.source,
      label: "cache hit ratio",
    },
    [],
  );
}
