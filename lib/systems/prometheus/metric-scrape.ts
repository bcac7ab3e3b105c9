// Counter arithmetic over one or two /metrics scrapes: lifetime totals, or deltas between scrapes with reset detection.
import type { CountWindow } from "../../verdict/window";
import type { MetricFamily, MetricSample } from "./exposition";

export type { CountWindow } from "../../verdict/window";
export { describeWindow } from "../../verdict/window";

/** A parsed /metrics scrape and when it was taken (epoch milliseconds, passed in: analyzers never read the clock). */
export interface MetricsScrape {
  families: MetricFamily[];
  at: number;
}

/** Stable identity of a series: its name plus sorted labels, optionally without some (e.g. "le"). */
export function seriesKey(name: string, labels: Record<string, string>, omit: readonly string[] = []): string {
  const pairs = Object.entries(labels)
    .filter(([k]) => !omit.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([name, pairs]);
}

/** Counter sum; NaN samples (a broken exporter) count as nothing rather than poisoning the total. */
export function sumSamples(samples: readonly MetricSample[]): number {
  return samples.reduce((acc, s) => (Number.isNaN(s.value) ? acc : acc + s.value), 0);
}

/**
 * Σ(current − previous) over the same series; null when any series went backwards or vanished,
 * which means the process restarted (counter reset) and a delta would be meaningless.
 * A series new since the previous scrape counts from zero.
 */
export function deltaSamples(current: readonly MetricSample[], previous: readonly MetricSample[]): number | null {
  const before = new Map<string, number>();
  for (const s of previous) before.set(seriesKey(s.name, s.labels), Number.isNaN(s.value) ? 0 : s.value);
  let delta = 0;
  const seen = new Set<string>();
  for (const s of current) {
    const key = seriesKey(s.name, s.labels);
    seen.add(key);
    const now = Number.isNaN(s.value) ? 0 : s.value;
    const then = before.get(key) ?? 0;
    if (now < then) return null;
    delta += now - then;
  }
  for (const key of before.keys()) if (!seen.has(key)) return null;
  return delta;
}

export interface WindowedCounts {
  /** One value per group returned by the picker, in the same order. */
  values: number[];
  window: CountWindow;
  /** True when a previous scrape was given but a counter reset forced the lifetime fallback. */
  reset: boolean;
  /** True when a previous scrape was given but was not older than the current one, so it was ignored. */
  ignoredPrevious: boolean;
}

/**
 * Counts for each group of samples `pick` selects: Δ since `previous` when it is usable, else lifetime.
 * All groups share one window so ratios between them stay consistent.
 */
export function countsOverWindow(
  current: MetricsScrape,
  previous: MetricsScrape | undefined,
  pick: (families: MetricFamily[]) => MetricSample[][],
): WindowedCounts {
  const now = pick(current.families);
  const lifetime = now.map(sumSamples);
  if (!previous) return { values: lifetime, window: { kind: "lifetime" }, reset: false, ignoredPrevious: false };
  if (previous.at >= current.at) {
    return { values: lifetime, window: { kind: "lifetime" }, reset: false, ignoredPrevious: true };
  }
  const then = pick(previous.families);
  const deltas = now.map((group, i) => deltaSamples(group, then[i] ?? []));
  if (deltas.some((d) => d === null)) {
    return { values: lifetime, window: { kind: "lifetime" }, reset: true, ignoredPrevious: false };
  }
  return {
    values: deltas.map((d) => d ?? 0),
    window: { kind: "window", seconds: (current.at - previous.at) / 1000 },
    reset: false,
    ignoredPrevious: false,
  };
}

/** The sentence explaining why a delta was not used, or "" when nothing needs saying. */
export function windowNote(counts: Pick<WindowedCounts, "reset" | "ignoredPrevious">): string {
  if (counts.reset) {
    return "A counter went backwards since the previous scrape (process restart?), so lifetime totals are shown.";
  }
  if (counts.ignoredPrevious) return "The previous scrape is not older than this one, so lifetime totals are shown.";
  return "";
}

/** Families whose type can hold a monotonically increasing count (untyped because many exporters omit TYPE). */
export function isCounterLike(family: MetricFamily): boolean {
  return family.type === "counter" || family.type === "untyped";
}

/** `method="GET", route="/api"` for a table cell; "(all series)" when nothing is left after `omit`. */
export function formatLabels(labels: Record<string, string>, omit: readonly string[] = []): string {
  const parts = Object.entries(labels)
    .filter(([k]) => !omit.includes(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(", ") : "(all series)";
}
