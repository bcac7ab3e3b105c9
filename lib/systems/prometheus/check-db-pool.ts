// The application's database connection pool from its /metrics, in OpenTelemetry's database-client names:
// connections used vs the pool's maximum, requests waiting, and checkout timeouts over the window.
// Pool exhaustion is a client-side condition: it shows here before any server statistic.
import { type ChartSpec, matchers, type Selector } from "../../evidence/promql";
import { errorVerdict, findingsFor } from "../../verdict/builders";
import { formatCount, formatSeconds } from "../../verdict/format";
import type { Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import { histogramQuantiles } from "./check-latency";
import type { MetricFamily } from "./exposition";
import { countsOverWindow, describeWindow, type MetricsScrape } from "./metric-scrape";

const COUNT = "db_client_connection_count";
const MAX = "db_client_connection_max";
const PENDING = "db_client_connection_pending_requests";
const TIMEOUTS = "db_client_connection_timeouts_total";
const WAIT = "db_client_connection_wait_time_seconds";
const STATE = "db_client_connection_state";

export const POOL_WARNING_SHARE = 0.8;

export const DB_POOL_THRESHOLD: Threshold = {
  text: "warning when 80 % of the pool is in use or requests wait for a connection; critical when checkouts time out within the window, or the pool is full with requests waiting",
  source:
    "OpenTelemetry database-client conventions (db.client.connection.count/max/pending_requests/timeouts); 80 % as awesome-prometheus-alerts' MongoDB 'too many connections'; a timeout is a request that failed",
};

const familyNames = [COUNT, MAX, PENDING, TIMEOUTS, WAIT];

/** The pool families this check reads. */
export function dbPoolFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return families.filter((f) => familyNames.includes(f.name));
}

function gaugeSum(
  families: readonly MetricFamily[],
  name: string,
  keep: (l: Record<string, string>) => boolean = () => true,
) {
  const samples = families.find((f) => f.name === name)?.samples.filter((s) => keep(s.labels)) ?? [];
  return samples.length === 0 ? null : samples.reduce((acc, s) => acc + (Number.isNaN(s.value) ? 0 : s.value), 0);
}

/** Pool saturation, waiting requests and timeouts over the window (gauges as they stand at the end of it). */
export function analyzeDbPool(current: MetricsScrape, previous?: MetricsScrape): Verdict {
  const used = gaugeSum(current.families, COUNT, (l) => l[STATE] === "used");
  const max = gaugeSum(current.families, MAX);
  if (used === null || max === null || max <= 0) {
    return {
      ...errorVerdict(
        "no db_client_connection_count / db_client_connection_max in /metrics",
        "The application's database driver pool is read from OpenTelemetry's database-client metrics " +
          '(db_client_connection_count{db_client_connection_state="used|idle"} and db_client_connection_max).',
      ),
      threshold: DB_POOL_THRESHOLD,
      findings: ["metrics-missing"],
    };
  }
  const pending = gaugeSum(current.families, PENDING) ?? 0;
  const timeouts = countsOverWindow(current, previous, (fams) => [
    fams.find((f) => f.name === TIMEOUTS)?.samples ?? [],
  ]);
  const timedOut = timeouts.values[0] ?? 0;
  const waitFamily = current.families.find((f) => f.name === WAIT && f.type === "histogram");
  const wait = waitFamily ? histogramQuantiles(waitFamily, current, previous, () => true).quantiles : null;
  const windowText = describeWindow(timeouts.window);
  const share = used / max;
  let status: VerdictStatus = "ok";
  if (timedOut > 0 || (used >= max && pending > 0)) status = "critical";
  else if (share >= POOL_WARNING_SHARE || pending > 0) status = "warning";

  const figures: Figure[] = [
    { label: "connections used", value: used },
    { label: "pool maximum", value: max },
    { label: "in use", value: share * 100, unit: "%" },
    { label: "requests waiting", value: pending },
    { label: "timeouts in window", value: timedOut },
  ];
  if (wait && wait.count > 0) figures.push({ label: "checkout wait p99", value: wait.p99.value, unit: "s" });
  const waitText = wait && wait.count > 0 ? ` Checkout wait p99 ${formatSeconds(wait.p99.value)}.` : "";
  const verdict: Verdict = {
    status,
    headline: `pool ${formatCount(used)} of ${formatCount(max)} in use, ${formatCount(pending)} waiting, ${formatCount(timedOut)} checkout timeout${timedOut === 1 ? "" : "s"}`,
    headlineValue: share * 100,
    headlineUnit: "%",
    threshold: DB_POOL_THRESHOLD,
    figures,
    detail:
      `${formatCount(timedOut)} checkouts timed out ${windowText}; ${formatCount(pending)} requests are waiting now.${waitText} ` +
      "The pool's own figures come from the driver, so they show exhaustion even where the server reports no connection statistics.",
  };
  const findings = findingsFor(status, ["mongo-connections"]);
  if (findings) verdict.findings = findings;
  return verdict;
}

/** Share of the pool in use, as a percentage series. */
export function dbPoolChart(families: readonly MetricFamily[], selector: Selector): ChartSpec | null {
  if (!families.some((f) => f.name === COUNT) || !families.some((f) => f.name === MAX)) return null;
  return {
    title: "share of the connection pool in use",
    unit: "%",
    expr: () => `100 * sum(${COUNT}${matchers(selector, [`${STATE}="used"`])}) / sum(${MAX}${matchers(selector)})`,
    warning: POOL_WARNING_SHARE * 100,
    critical: 99.9,
    direction: "above",
  };
}
