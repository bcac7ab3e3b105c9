// Application cache hit ratio, from /metrics counters (hits and misses families, or one family by result label).

import { type ChartSpec, percentOf, regexMatcher, type Selector, sumRate } from "../../evidence/promql";
import type { EvidenceWindow } from "../../evidence/window";
import { errorVerdict } from "../../verdict/builders";
import {
  CACHE_HIT_RATIO_THRESHOLD,
  HIT_RATIO_CRITICAL_PERCENT,
  HIT_RATIO_WARNING_PERCENT,
  hitRatioVerdict,
} from "../../verdict/hit-ratio";
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
  /** The families read, for a windowed read from Prometheus. */
  names: string[];
  pick: (families: MetricFamily[]) => MetricSample[][];
  /** hits and misses per second over the window, in PromQL. */
  rates: (selector: Selector, window: EvidenceWindow) => { hits: string; misses: string };
}

/** Separate hit and miss families (cache_hits_total / cache_misses_total) or one family with result="hit|miss". */
function findCacheCounters(families: MetricFamily[]): CachePick | null {
  const candidates = families.filter(isCacheCounter);
  const hitNames = candidates.filter((f) => /hit/i.test(f.name)).map((f) => f.name);
  const missNames = candidates.filter((f) => /miss/i.test(f.name)).map((f) => f.name);
  if (hitNames.length > 0 && missNames.length > 0) {
    const of = (names: string[], fams: MetricFamily[]) =>
      fams.filter((f) => names.includes(f.name)).flatMap((f) => f.samples);
    const sumOf = (names: string[], selector: Selector, w: EvidenceWindow) =>
      names.map((n) => sumRate(n, selector, w)).join(" + ");
    return {
      source: [...hitNames, ...missNames].join(", "),
      names: [...hitNames, ...missNames],
      pick: (fams) => [of(hitNames, fams), of(missNames, fams)],
      rates: (selector, w) => ({ hits: sumOf(hitNames, selector, w), misses: sumOf(missNames, selector, w) }),
    };
  }
  const labelled = candidates.filter((f) => f.samples.some((s) => outcomeOf(s) !== null)).map((f) => f.name);
  if (labelled.length > 0) {
    const samples = (fams: MetricFamily[]) => fams.filter((f) => labelled.includes(f.name)).flatMap((f) => f.samples);
    const family = candidates.find((f) => f.name === labelled[0]);
    const label =
      OUTCOME_LABELS.find((l) => family?.samples.some((s) => s.labels[l] !== undefined)) ?? OUTCOME_LABELS[0];
    const first = labelled[0] ?? "";
    return {
      source: `${labelled.join(", ")} by result label`,
      names: labelled,
      rates: (selector, w) => ({
        hits: sumRate(first, selector, w, [regexMatcher(label, "(?i)hits?")]),
        misses: sumRate(first, selector, w, [regexMatcher(label, "(?i)miss(es)?")]),
      }),
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

/** The families this check reads (hit and miss counters), for a windowed read from Prometheus. */
export function cacheHitRatioFamilies(families: MetricFamily[]): MetricFamily[] {
  const names = findCacheCounters(families)?.names ?? [];
  return families.filter((f) => names.includes(f.name));
}

/** Hit ratio over the window as a percentage series. */
export function cacheHitRatioChart(families: MetricFamily[], selector: Selector): ChartSpec | null {
  const found = findCacheCounters(families);
  if (!found) return null;
  return {
    title: `hit ratio of ${found.source}`,
    unit: "%",
    expr: (w) => {
      const { hits, misses } = found.rates(selector, w);
      return percentOf(`(${hits})`, `(${hits} + ${misses})`);
    },
    warning: HIT_RATIO_WARNING_PERCENT,
    critical: HIT_RATIO_CRITICAL_PERCENT,
    direction: "below",
  };
}
