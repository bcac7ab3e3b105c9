// Request latency p50/p95/p99 from /metrics duration histograms (or summaries), windowed between scrapes.

import { type ChartSpec, matchers, type Selector } from "../../evidence/promql";
import { findingsFor, levelAbove, worstOf } from "../../verdict/builders";
import { formatCount, formatSeconds } from "../../verdict/format";
import type { DetailTable, Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { MetricFamily, MetricSample } from "./exposition";
import { parseExpositionFloat } from "./exposition";
import type { QuantileResult } from "./histogram-quantile";
import { histogramQuantileDetail } from "./histogram-quantile";
import type { CountWindow, MetricsScrape } from "./metric-scrape";
import { countsOverWindow, describeWindow, formatLabels, seriesKey, windowNote } from "./metric-scrape";

export const LATENCY_P99_WARNING_SECONDS = 1;
export const LATENCY_P99_CRITICAL_SECONDS = 3;

export const LATENCY_THRESHOLD: Threshold = {
  text: "warning when p99 is above 1 s, critical above 3 s",
  source:
    "awesome-prometheus-alerts: blackbox slow probe (> 1 s) and nginx/traefik latency high (p99 > 3 s); " +
    "quantiles computed like PromQL histogram_quantile",
};

const LATENCY_NAME = /duration|response_time|latency/i;
const MAX_SERIES_ROWS = 15;

/** Seconds per unit of a family: names ending _ms/_milliseconds are milliseconds, everything else seconds. */
export function latencyUnitScale(familyName: string): number {
  return /_(?:ms|milliseconds)$/.test(familyName) ? 0.001 : 1;
}

/** Histogram or summary families that measure time taken, by the names people give them. */
export function isLatencyFamily(family: MetricFamily): boolean {
  return (family.type === "histogram" || family.type === "summary") && LATENCY_NAME.test(family.name);
}

export interface Quantiles {
  count: number;
  /** Mean in seconds, null without observations. */
  mean: number | null;
  p50: QuantileResult;
  p95: QuantileResult;
  p99: QuantileResult;
}

interface SeriesRow {
  labels: string;
  quantiles: Quantiles;
}

interface FamilyLatency {
  family: MetricFamily;
  aggregate: Quantiles;
  series: SeriesRow[];
  window: CountWindow;
  note: string;
  source: "histogram" | "summary";
}

const NO_QUANTILE: QuantileResult = { value: Number.NaN, aboveHighestBound: false };

function scaled(q: QuantileResult, scale: number): QuantileResult {
  return { value: q.value * scale, aboveHighestBound: q.aboveHighestBound };
}

/** Quantiles of the series of `family` that `keep` accepts, summed by `le` like `sum by (le)`. */
export function histogramQuantiles(
  family: MetricFamily,
  current: MetricsScrape,
  previous: MetricsScrape | undefined,
  keep: (labels: Record<string, string>) => boolean,
): { quantiles: Quantiles; window: CountWindow; note: string } {
  const bucketName = `${family.name}_bucket`;
  const sumName = `${family.name}_sum`;
  const boundOf = (s: MetricSample) => parseExpositionFloat(s.labels.le ?? "") ?? Number.NaN;
  const bounds = [
    ...new Set(
      family.samples
        .filter((s) => s.name === bucketName && keep(s.labels))
        .map(boundOf)
        .filter((n) => !Number.isNaN(n)),
    ),
  ].sort((a, b) => a - b);
  const slotOfBound = new Map(bounds.map((bound, i) => [bound, i]));
  // One pass over the samples (a triage runs this for every series of every histogram): bucket groups, then _sum.
  const pick = (families: MetricFamily[]): MetricSample[][] => {
    const groups: MetricSample[][] = [...bounds.map(() => []), []];
    for (const s of families.find((f) => f.name === family.name)?.samples ?? []) {
      const slot = s.name === sumName ? bounds.length : s.name === bucketName ? slotOfBound.get(boundOf(s)) : undefined;
      if (slot !== undefined && keep(s.labels)) groups[slot]?.push(s);
    }
    return groups;
  };
  const counts = countsOverWindow(current, previous, pick);
  const scale = latencyUnitScale(family.name);
  const buckets = bounds.map((upperBound, i) => ({ upperBound, count: counts.values[i] ?? 0 }));
  const count = buckets[buckets.length - 1]?.count ?? 0;
  const sum = counts.values[bounds.length] ?? 0;
  return {
    quantiles: {
      count,
      mean: count > 0 ? (sum / count) * scale : null,
      p50: scaled(histogramQuantileDetail(0.5, buckets), scale),
      p95: scaled(histogramQuantileDetail(0.95, buckets), scale),
      p99: scaled(histogramQuantileDetail(0.99, buckets), scale),
    },
    window: counts.window,
    note: windowNote(counts),
  };
}

function analyzeHistogramFamily(
  family: MetricFamily,
  current: MetricsScrape,
  previous: MetricsScrape | undefined,
): FamilyLatency {
  const all = histogramQuantiles(family, current, previous, () => true);
  // When the aggregate fell back to lifetime (a reset), every series row must use the same window.
  const seriesPrevious = all.window.kind === "window" ? previous : undefined;
  // A series' identity without "le", computed once per labels object rather than once per comparison.
  const keys = new WeakMap<Record<string, string>, string>();
  const keyOf = (labels: Record<string, string>): string => {
    let key = keys.get(labels);
    if (key === undefined) {
      key = seriesKey("", labels, ["le"]);
      keys.set(labels, key);
    }
    return key;
  };
  const seriesKeys = new Map<string, Record<string, string>>();
  for (const s of family.samples) {
    if (s.name !== `${family.name}_bucket`) continue;
    seriesKeys.set(keyOf(s.labels), s.labels);
  }
  const series: SeriesRow[] =
    seriesKeys.size > 1
      ? [...seriesKeys.entries()].map(([key, labels]) => ({
          labels: formatLabels(labels, ["le"]),
          quantiles: histogramQuantiles(family, current, seriesPrevious, (l) => keyOf(l) === key).quantiles,
        }))
      : [];
  return { family, aggregate: all.quantiles, series, window: all.window, note: all.note, source: "histogram" };
}

/**
 * Summaries carry client-computed quantiles that cannot be merged across series; the worst series is shown.
 * Their window is the client's own (prom-client: the last 10 minutes), not ours.
 */
function analyzeSummaryFamily(family: MetricFamily, current: MetricsScrape, previous?: MetricsScrape): FamilyLatency {
  const scale = latencyUnitScale(family.name);
  const worst = (q: number): QuantileResult => {
    const values = family.samples
      .filter((s) => s.name === family.name && parseExpositionFloat(s.labels.quantile ?? "") === q)
      .map((s) => s.value)
      .filter((v) => !Number.isNaN(v));
    return values.length > 0 ? { value: Math.max(...values) * scale, aboveHighestBound: false } : NO_QUANTILE;
  };
  const counts = countsOverWindow(current, previous, (families) => {
    const samples = families.find((f) => f.name === family.name)?.samples ?? [];
    return [
      samples.filter((s) => s.name === `${family.name}_count`),
      samples.filter((s) => s.name === `${family.name}_sum`),
    ];
  });
  const count = counts.values[0] ?? 0;
  const sum = counts.values[1] ?? 0;
  return {
    family,
    aggregate: {
      count,
      mean: count > 0 ? (sum / count) * scale : null,
      p50: worst(0.5),
      p95: worst(0.95),
      p99: worst(0.99),
    },
    series: [],
    window: counts.window,
    note: `${windowNote(counts)} Quantiles of a summary are computed by the client over its own window.`.trim(),
    source: "summary",
  };
}

function showQuantile(q: QuantileResult): string | null {
  if (Number.isNaN(q.value)) return null;
  return q.aboveHighestBound ? `> ${formatSeconds(q.value)}` : formatSeconds(q.value);
}

function statusOf(result: FamilyLatency): VerdictStatus {
  const p99 = result.aggregate.p99.value;
  if (result.aggregate.count <= 0 || Number.isNaN(p99)) return "ok";
  return levelAbove(p99, LATENCY_P99_WARNING_SECONDS, LATENCY_P99_CRITICAL_SECONDS);
}

/** Runtime internals that time themselves (GC pauses) but say nothing about request latency. */
const RUNTIME_NAME = /^(?:nodejs_gc|go_gc|jvm_gc|process_)/;
const REQUEST_NAME = /request|response|http|rpc|api|query/i;

/**
 * The latency families that describe requests: those named for requests when any is, else any non-runtime one.
 * Histograms win over summaries when both exist: their buckets can be windowed between two scrapes, while a
 * summary's quantiles cover the client's own window (often minutes) and lag behind a change.
 */
export function requestLatencyFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const candidates = families.filter((f) => isLatencyFamily(f) && !RUNTIME_NAME.test(f.name));
  const requestLike = candidates.filter((f) => REQUEST_NAME.test(f.name));
  const chosen = requestLike.length > 0 ? requestLike : candidates;
  const histograms = chosen.filter((f) => f.type === "histogram");
  return histograms.length > 0 ? histograms : chosen;
}

/**
 * Judges request latency from the duration histograms in a /metrics scrape; with a previous scrape the
 * quantiles cover only the requests between the two (Δ of every bucket), as rate() would.
 */
export function analyzeLatency(current: MetricsScrape, previous?: MetricsScrape): Verdict {
  const families = requestLatencyFamilies(current.families);
  if (families.length === 0) {
    return {
      status: "error",
      headline: "no latency histogram in /metrics",
      headlineValue: null,
      figures: [{ label: "metric families", value: current.families.length }],
      detail:
        "Looked for histogram or summary families whose name mentions duration, response_time or latency " +
        "(e.g. http_request_duration_seconds); runtime timings such as nodejs_gc_duration_seconds do not count.",
      threshold: LATENCY_THRESHOLD,
      findings: ["metrics-missing"],
    };
  }
  const results = families.map((f) =>
    f.type === "histogram" ? analyzeHistogramFamily(f, current, previous) : analyzeSummaryFamily(f, current, previous),
  );
  const status = worstOf(results.map(statusOf));
  const withTraffic = results.filter((r) => r.aggregate.count > 0 && !Number.isNaN(r.aggregate.p99.value));
  const lead = [...withTraffic].sort((a, b) => b.aggregate.p99.value - a.aggregate.p99.value)[0];

  const rows: (string | number | null)[][] = [];
  for (const r of results) {
    const q = r.aggregate;
    rows.push([r.family.name, "(all series)", q.count, showQuantile(q.p50), showQuantile(q.p95), showQuantile(q.p99)]);
    const ranked = [...r.series]
      .filter((s) => s.quantiles.count > 0)
      .sort((a, b) => (b.quantiles.p99.value || 0) - (a.quantiles.p99.value || 0))
      .slice(0, MAX_SERIES_ROWS);
    for (const s of ranked) {
      const sq = s.quantiles;
      rows.push([r.family.name, s.labels, sq.count, showQuantile(sq.p50), showQuantile(sq.p95), showQuantile(sq.p99)]);
    }
  }
  const table: DetailTable = {
    title: "Latency by histogram",
    columns: ["metric", "series", "requests", "p50", "p95", "p99"],
    rows,
  };

  if (!lead) {
    const first = results[0];
    const window = first?.window ?? { kind: "lifetime" as const };
    return {
      status: "ok",
      headline: window.kind === "window" ? `no requests ${describeWindow(window)}` : "no requests yet",
      headlineValue: null,
      threshold: LATENCY_THRESHOLD,
      figures: [{ label: "histograms", value: results.map((r) => r.family.name).join(", ") }],
      detail: `The latency histograms have no observations ${describeWindow(window)}. ${first?.note ?? ""}`.trim(),
      tables: [table],
    };
  }

  const q = lead.aggregate;
  const p99Text = showQuantile(q.p99) ?? "n/a";
  const p95Text = showQuantile(q.p95) ?? "n/a";
  const windowText = describeWindow(lead.window);
  const bound = q.p99.aboveHighestBound
    ? ` The p99 falls in the +Inf bucket: it is above the highest finite bucket (${formatSeconds(q.p99.value)}), which is all histogram_quantile can say.`
    : "";
  const figures: Figure[] = [
    { label: "histogram", value: lead.family.name },
    { label: "requests", value: q.count },
    { label: "p50", value: Number.isNaN(q.p50.value) ? null : q.p50.value, unit: "s" },
    { label: "p95", value: Number.isNaN(q.p95.value) ? null : q.p95.value, unit: "s" },
    { label: "p99", value: q.p99.value, unit: "s" },
    { label: "mean", value: q.mean, unit: "s" },
    {
      label: "window",
      value: lead.window.kind === "window" ? lead.window.seconds : "since process start",
      unit: lead.window.kind === "window" ? "s" : undefined,
    },
  ];
  const verdict: Verdict = {
    status,
    headline: `p99 ${p99Text} (p95 ${p95Text})`,
    headlineValue: q.p99.value,
    headlineUnit: "s",
    threshold: LATENCY_THRESHOLD,
    figures,
    detail: `From ${lead.family.name}: ${formatCount(q.count)} requests ${windowText}.${bound} ${lead.note}`.trim(),
    tables: [table],
  };
  const findings = findingsFor(status, ["latency"]);
  if (findings) verdict.findings = findings;
  return verdict;
}

/** p99 of the first request histogram, as histogram_quantile over the window (summaries cannot be aggregated). */
export function latencyChart(families: readonly MetricFamily[], selector: Selector): ChartSpec | null {
  const histogram = requestLatencyFamilies(families).find((f) => f.type === "histogram");
  if (!histogram) return null;
  const scale = latencyUnitScale(histogram.name);
  const factor = scale === 1 ? "" : ` * ${scale}`;
  return {
    title: `p99 of ${histogram.name}`,
    unit: "s",
    expr: (w) =>
      `histogram_quantile(0.99, sum by (le) (rate(${histogram.name}_bucket${matchers(selector)}[${w}])))${factor}`,
    warning: LATENCY_P99_WARNING_SECONDS,
    critical: LATENCY_P99_CRITICAL_SECONDS,
    direction: "above",
  };
}
