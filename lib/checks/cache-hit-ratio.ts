// Cache hit ratio, from application /metrics counters or from Redis INFO keyspace_hits/keyspace_misses.
import { formatCount, formatPercent, formatSeconds } from "./format";
import type { CountWindow, MetricsScrape } from "./metric-scrape";
import { countsOverWindow, describeWindow, isCounterLike, windowNote } from "./metric-scrape";
import type { MetricFamily, MetricSample } from "./prometheus-text";
import type { RedisInfoSample } from "./redis-info";
import { infoNumber, infoString } from "./redis-info";
import type { Figure, Threshold, Verdict } from "./verdict";
import { errorVerdict, findingsFor, levelBelow } from "./verdict-builders";

export const HIT_RATIO_WARNING_PERCENT = 80;
export const HIT_RATIO_CRITICAL_PERCENT = 50;

export const CACHE_HIT_RATIO_THRESHOLD: Threshold = {
  text: "warning below 80 %, critical below 50 % of lookups hitting",
  source:
    "awesome-prometheus-alerts (memcached hit rate < 80 %, with a traffic guard); sysdig promcat warns on " +
    "Redis keyspace hit ratio < 90 % for 30 min; critical below 50 % is this dashboard's choice",
};

interface HitCounts {
  hits: number;
  misses: number;
  window: CountWindow;
  lifetimePhrase: string;
  note: string;
  source: string;
  label: string;
}

/** Shared judgement once hits and misses are known. */
function hitRatioVerdict(c: HitCounts, extraFigures: Figure[]): Verdict {
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

/**
 * Redis keyspace hit ratio from INFO stats; with a previous sample of the same server, the Δ between them
 * (a restart or CONFIG RESETSTAT — run_id changed or counters fell — falls back to the lifetime counts).
 */
export function analyzeKeyspaceHitRatio(current: RedisInfoSample, previous?: RedisInfoSample): Verdict {
  const hits = infoNumber(current.info, "keyspace_hits");
  const misses = infoNumber(current.info, "keyspace_misses");
  if (hits === null || misses === null) {
    return {
      ...errorVerdict(
        "INFO has no keyspace_hits/keyspace_misses",
        "Those fields are in the Stats section of INFO; run INFO stats or a full INFO.",
      ),
      threshold: CACHE_HIT_RATIO_THRESHOLD,
    };
  }
  let window: CountWindow = { kind: "lifetime" };
  let note = "";
  let h = hits;
  let m = misses;
  if (previous) {
    const prevHits = infoNumber(previous.info, "keyspace_hits");
    const prevMisses = infoNumber(previous.info, "keyspace_misses");
    const sameRun = infoString(previous.info, "run_id") === infoString(current.info, "run_id");
    if (previous.at >= current.at) {
      note = "The previous sample is not older than this one, so lifetime counts are shown.";
    } else if (prevHits === null || prevMisses === null) {
      note = "The previous sample has no keyspace counters, so lifetime counts are shown.";
    } else if (!sameRun || hits < prevHits || misses < prevMisses) {
      note = "Redis restarted or its stats were reset since the previous sample, so lifetime counts are shown.";
    } else {
      h = hits - prevHits;
      m = misses - prevMisses;
      window = { kind: "window", seconds: (current.at - previous.at) / 1000 };
    }
  }
  const uptime = infoNumber(current.info, "uptime_in_seconds");
  const lifetimePhrase =
    uptime === null
      ? "since the server started or its stats were reset"
      : `since start or stats reset (uptime ${formatSeconds(uptime)})`;
  const extra: Figure[] = [];
  const evicted = infoNumber(current.info, "evicted_keys");
  const expired = infoNumber(current.info, "expired_keys");
  if (evicted !== null) extra.push({ label: "evicted_keys", value: evicted });
  if (expired !== null) extra.push({ label: "expired_keys", value: expired });
  return hitRatioVerdict(
    {
      hits: h,
      misses: m,
      window,
      lifetimePhrase,
      note,
      source: "INFO keyspace_hits / keyspace_misses",
      label: "keyspace hit ratio",
    },
    extra,
  );
}
