// Counter evidence over a fixed window, from Prometheus when it scrapes the target: per-series increase()
// over the window becomes a pair of scrapes (zeros → increases) that the /metrics analyzers judge exactly as
// they judge two real scrapes, and the headline series is charted with a bounded range query.
import "server-only";
import { getConfig } from "../../config";
import { findOnset } from "../../evidence/onset";
import { type ChartSpec, matchers, type Selector } from "../../evidence/promql";
import { chartRangeSeconds, type EvidenceWindow, windowSeconds } from "../../evidence/window";
import type { Evidence, EvidenceChart } from "../../verdict/verdict";
import { prometheusTargets } from "./client";
import type { MetricFamily, MetricSample } from "./exposition";
import type { MetricsScrape } from "./metric-scrape";
import { instantQuery, MAX_WINDOW_SERIES, rangeQuery, stepFor } from "./query";
import type { PrometheusTarget } from "./targets";

/** Evaluations are aligned so two people (or two dashboard instances) asking within seconds get one answer. */
export const EVALUATION_ALIGN_SECONDS = 5;

export function alignedNow(nowMs: number): number {
  return Math.floor(nowMs / 1000 / EVALUATION_ALIGN_SECONDS) * EVALUATION_ALIGN_SECONDS;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function hostKey(url: URL): string {
  const host = LOOPBACK.has(url.hostname) ? "loopback" : url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.protocol}//${host}:${port}${url.pathname.replace(/\/$/, "") || "/"}`;
}

/** The active target whose scrape URL is this URL (scheme, host — loopback names alike — port and path). */
export function targetScraping(targets: readonly PrometheusTarget[], url: string): PrometheusTarget | undefined {
  let wanted: string;
  try {
    wanted = hostKey(new URL(url));
  } catch {
    return undefined;
  }
  return targets.find((t) => {
    try {
      return hostKey(new URL(t.scrapeUrl)) === wanted;
    } catch {
      return false;
    }
  });
}

/** job and instance: what tells this target's series apart from every other target's. */
export function selectorOf(target: PrometheusTarget): Selector {
  const selector: Record<string, string> = {};
  for (const label of ["job", "instance"]) {
    const value = target.labels[label];
    if (value !== undefined) selector[label] = value;
  }
  return selector;
}

/** The selector of the target scraping `url`, or why there is none (said on the verdict). */
export async function selectorForScrapeUrl(url: string): Promise<{ selector: Selector } | { reason: string }> {
  const { activeTargets } = await prometheusTargets();
  const target = targetScraping(activeTargets, url);
  if (!target) return { reason: `no Prometheus target scrapes ${url}` };
  if (target.health === "down")
    return { reason: `Prometheus's target ${target.scrapeUrl} is down (${target.lastError})` };
  if (target.health === "unknown") return { reason: `Prometheus has not scraped ${target.scrapeUrl} yet` };
  return { selector: selectorOf(target) };
}

function stripSelector(labels: Record<string, string>, selector: Selector): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!(k in selector)) out[k] = v;
  return out;
}

/** Gauges and a summary's quantile lines are read as they stand at the window's end; everything else counts. */
function isGaugeSample(family: MetricFamily, sampleName: string): boolean {
  return family.type === "gauge" || (family.type === "summary" && sampleName === family.name);
}

/** The label a combined window query tags each answer with: which sample name it is (increase() drops __name__). */
const SAMPLE_NAME_LABEL = "rb_dashboard_sample_name";

/** What one sample name contributes to the combined query: its increase over the window, or a gauge as it stands. */
function windowTerm(name: string, gauge: boolean, selector: Selector, window: EvidenceWindow): string {
  const series = gauge ? `${name}${matchers(selector)}` : `increase(${name}${matchers(selector)}[${window}])`;
  return `label_replace(${series}, ${JSON.stringify(SAMPLE_NAME_LABEL)}, ${JSON.stringify(name)}, "", "")`;
}

/**
 * The families as two scrapes `window` apart, from Prometheus: counters as 0 → increase() over the window,
 * a summary's quantiles as they stand at `at`. Series Prometheus has no data for are left out.
 * One query answers every sample name of the check (joined by `or`, each answer tagged with its name): a triage
 * asks for five checks' windows at once, and one request per name cost more CPU than the check itself.
 */
export async function windowFromPrometheus(
  families: readonly MetricFamily[],
  selector: Selector,
  window: EvidenceWindow,
  at: number,
): Promise<{ previous: MetricsScrape; current: MetricsScrape }> {
  const reads = families.flatMap((family) =>
    [...new Set(family.samples.map((s) => s.name))].map((name) => ({
      family,
      name,
      gauge: isGaugeSample(family, name),
    })),
  );
  const byName = new Map(reads.map((read) => [read.name, read]));
  const answers =
    reads.length === 0
      ? []
      : await instantQuery(
          reads.map(({ name, gauge }) => windowTerm(name, gauge, selector, window)).join(" or "),
          at,
          MAX_WINDOW_SERIES,
        );
  const current = new Map<MetricFamily, MetricSample[]>(families.map((family) => [family, []]));
  const previous = new Map<MetricFamily, MetricSample[]>(families.map((family) => [family, []]));
  for (const answer of answers) {
    const read = byName.get(answer.labels[SAMPLE_NAME_LABEL] ?? "");
    if (!read) continue;
    const { [SAMPLE_NAME_LABEL]: _name, ...labels } = stripSelector(answer.labels, selector);
    // increase() extrapolates to the window's edges (145.649 requests); a count is whole.
    const value = read.gauge ? answer.value : Math.round(answer.value);
    current.get(read.family)?.push({ name: read.name, labels, value });
    previous.get(read.family)?.push({ name: read.name, labels, value: read.gauge ? value : 0 });
  }
  return {
    previous: {
      families: families.map((family) => ({ ...family, samples: previous.get(family) ?? [] })),
      at: (at - windowSeconds(window)) * 1000,
    },
    current: { families: families.map((family) => ({ ...family, samples: current.get(family) ?? [] })), at: at * 1000 },
  };
}

/** True when Prometheus answered for none of the series the check reads (scraped too recently, or dropped). */
export function holdsNoSeries(scrape: MetricsScrape): boolean {
  return scrape.families.every((family) => family.samples.length === 0);
}

/** The chart of `spec` over the picker's range, ending at `at`; its onset marked. */
export async function chartFromPrometheus(spec: ChartSpec, window: EvidenceWindow, at: number): Promise<EvidenceChart> {
  const range = chartRangeSeconds(window);
  const step = stepFor(range);
  const start = at - range;
  const series = await rangeQuery(spec.expr(window), start, at, step);
  const chart: EvidenceChart = {
    title: spec.title,
    unit: spec.unit,
    direction: spec.direction,
    start,
    end: at,
    step,
    series: series.map((s, i) => ({
      name:
        Object.keys(s.labels).length > 0
          ? JSON.stringify(s.labels)
          : series.length > 1
            ? `series ${i + 1}`
            : spec.title,
      points: s.points.map(([t, v]) => [t, Number.isFinite(v) ? v : null] as [number, number | null]),
    })),
    ...(spec.warning !== undefined ? { warning: spec.warning } : {}),
    ...(spec.critical !== undefined ? { critical: spec.critical } : {}),
  };
  const onset = findOnset(chart);
  return onset ? { ...chart, onset } : chart;
}

/** Prometheus's graph page for the expression over the chart's range (no credentials in the link). */
export function prometheusGraphLink(expr: string, window: EvidenceWindow, at: number): string | undefined {
  const config = getConfig();
  const base = config.prometheusPublicUrl ?? config.prometheusUrl;
  if (base === undefined) return undefined;
  const url = new URL(`${base}/graph`);
  url.username = "";
  url.password = "";
  const end = new Date(at * 1000).toISOString().replace("T", " ").slice(0, 19);
  url.searchParams.set("g0.expr", expr);
  url.searchParams.set("g0.tab", "0");
  url.searchParams.set("g0.range_input", `${Math.round(chartRangeSeconds(window) / 60)}m`);
  url.searchParams.set("g0.end_input", end);
  return url.toString();
}

/** The evidence record of a verdict computed from Prometheus. */
export async function prometheusEvidence(
  spec: ChartSpec | null,
  window: EvidenceWindow,
  at: number,
): Promise<Evidence> {
  const base: Evidence = {
    window,
    windowSeconds: windowSeconds(window),
    asOf: new Date(at * 1000).toISOString(),
    source: "prometheus",
  };
  if (!spec) return { ...base, note: "No series of this check can be charted." };
  const promql = spec.expr(window);
  const link = prometheusGraphLink(promql, window, at);
  try {
    const chart = await chartFromPrometheus(spec, window, at);
    return { ...base, promql, ...(link ? { prometheusLink: link } : {}), chart };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...base, promql, ...(link ? { prometheusLink: link } : {}), note: `The chart could not be read: ${why}` };
  }
}
