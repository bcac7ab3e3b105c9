// Counter arithmetic over two /metrics scrapes (increases with reset handling), or lifetime totals over one.
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
 * Σ increase from `previous` to `current` over the same series, the way Prometheus's increase() reads a counter:
 * a series that went backwards restarted from zero (its whole current value is the increase), a series new
 * since the previous scrape counts from zero, and a series that vanished adds nothing.
 */
export function deltaSamples(
  current: readonly MetricSample[],
  previous: readonly MetricSample[],
): { delta: number; reset: boolean } {
  const before = new Map<string, number>();
  for (const s of previous) before.set(seriesKey(s.name, s.labels), Number.isNaN(s.value) ? 0 : s.value);
  let delta = 0;
  let reset = false;
  for (const s of current) {
    const now = Number.isNaN(s.value) ? 0 : s.value;
    const then = before.get(seriesKey(s.name, s.labels)) ?? 0;
    if (now < then) {
      reset = true;
      delta += now;
    } else delta += now - then;
  }
  return { delta, reset };
}

export interface WindowedCounts {
  /** One value per group returned by the picker, in the same order. */
  values: number[];
  window: CountWindow;
  /** True when a counter restarted within the window (counted from zero, as increase() does). */
  reset: boolean;
  /** True when a previous scrape was given but was not older than the current one, so it was ignored. */
  ignoredPrevious: boolean;
}

/**
 * Counts for each group of samples `pick` selects: the increase since `previous`; lifetime only when there is
 * no usable previous scrape (the run paths always take two, or read a window from Prometheus).
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
  return {
    values: deltas.map((d) => d.delta),
    window: { kind: "window", seconds: (current.at - previous.at) / 1000 },
    reset: deltas.some((d) => d.reset),
    ignoredPrevious: false,
  };
}

/** The sentence about how the window was counted, or "" when nothing needs saying. */
export function windowNote(counts: Pick<WindowedCounts, "reset" | "ignoredPrevious">): string {
  if (counts.reset) {
    return "A counter restarted within the window (process restart?); it is counted from zero, as increase() does.";
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
