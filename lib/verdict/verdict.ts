// The result contract every analyzer returns and every page renders.

/** "shown": a view for reading that no threshold fits (a config file, recent commits) — shown, not judged. */
export const VERDICT_STATUSES = [
  "ok",
  "warning",
  "critical",
  "error",
  "not-configured",
  "unsupported",
  "shown",
] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** One figure a verdict was computed from ("keyspace_hits", 1200). */
export interface Figure {
  label: string;
  value: string | number | null;
  unit?: string;
}

/** A threshold as shown to the operator, with where it comes from. */
export interface Threshold {
  /** Human text: "warning below 80 %, critical below 50 %". */
  text: string;
  /** Where the numbers come from: "awesome-prometheus-alerts (memcached)". */
  source: string;
}

/** Tabular detail (active operations, slow log entries, scrape targets...). */
export interface DetailTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * Keys that say which kind of problem a verdict found; a runbook maps them to the
 * solution they point at (front matter `suggests`).
 */
export type Finding =
  | "error-ratio"
  | "latency"
  | "health"
  | "cache-hit-ratio"
  | "redis-memory"
  | "redis-eviction-policy"
  | "redis-fragmentation"
  | "redis-keys-without-ttl"
  | "rate-limit"
  | "mongo-connections"
  | "mongo-slow-ops"
  | "mongo-collscan"
  | "mongo-profiler"
  | "targets-down"
  | "metrics-missing"
  | "recent-changes"
  | "log-errors";

/** One line of a chart: epoch seconds → value (null where Prometheus had no sample). */
export interface EvidenceSeries {
  name: string;
  points: [number, number | null][];
}

/** The series a verdict was judged on, over a range, with its thresholds: stored with the run, so it stays frozen. */
export interface EvidenceChart {
  title: string;
  /** "%" (0–100), "s", "/s" or "" for a plain count. */
  unit: string;
  series: EvidenceSeries[];
  warning?: number;
  critical?: number;
  /** Whether a value above (error ratio, latency) or below (hit ratio) the thresholds is bad. */
  direction: "above" | "below";
  /** Range and resolution, epoch seconds. */
  start: number;
  end: number;
  step: number;
  /** Where the current excursion beyond a threshold began (the last point still beyond it), if it is beyond one. */
  onset?: { level: "warning" | "critical"; since: number };
}

/** What a counter-based verdict was computed over: its window, when, from where, and how to reproduce it. */
export interface Evidence {
  /** "5m" — the picker's value. */
  window: string;
  windowSeconds: number;
  /** ISO time the window ends at (Prometheus evaluation time, or the second scrape). */
  asOf: string;
  /** prometheus: PromQL over the window; scrape-pair: two scrapes `windowSeconds` apart (no Prometheus scrapes it). */
  source: "prometheus" | "scrape-pair";
  /** The expression of the headline figure, to copy into Prometheus or Grafana. */
  promql?: string;
  /** Prometheus's graph page with that expression and the chart's range. */
  prometheusLink?: string;
  chart?: EvidenceChart;
  /** Why there is no chart, or what else the operator should know about the window. */
  note?: string;
}

export interface Verdict {
  status: VerdictStatus;
  /** The one figure that matters, phrased for a person: "keyspace hit ratio 42 %". */
  headline: string;
  /** Numeric value of the headline, for trends; null when there is none. */
  headlineValue: number | null;
  headlineUnit?: string;
  threshold?: Threshold;
  figures: Figure[];
  /** Short explanation: why this status, or what the server said. */
  detail?: string;
  tables?: DetailTable[];
  findings?: Finding[];
  /** Set by counter-based checks: the window, time and series behind the headline. */
  evidence?: Evidence;
}

export const STATUS_SEVERITY: Record<VerdictStatus, number> = {
  critical: 6,
  warning: 5,
  error: 4,
  unsupported: 3,
  "not-configured": 2,
  shown: 1,
  ok: 0,
};

/** The worse of two statuses (critical beats warning beats error ...). */
export function worstStatus(a: VerdictStatus, b: VerdictStatus): VerdictStatus {
  return STATUS_SEVERITY[a] >= STATUS_SEVERITY[b] ? a : b;
}

export function isRed(status: VerdictStatus): boolean {
  return status === "critical" || status === "warning";
}
