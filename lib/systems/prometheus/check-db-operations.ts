// Slow database operations from the application's side: p99 of db_client_operation_duration_seconds
// (OpenTelemetry's db.client.operation.duration) per collection and operation over the window, ranked.
// It needs no profiler: the driver times every operation it sends.
import { type ChartSpec, matchers, type Selector } from "../../evidence/promql";
import { errorVerdict, findingsFor, levelAbove } from "../../verdict/builders";
import { formatCount, formatSeconds } from "../../verdict/format";
import type { DetailTable, Threshold, Verdict } from "../../verdict/verdict";
import { histogramQuantiles } from "./check-latency";
import type { MetricFamily } from "./exposition";
import { describeWindow, type MetricsScrape } from "./metric-scrape";

const FAMILY = "db_client_operation_duration_seconds";
const COLLECTION = "db_collection_name";
const OPERATION = "db_operation_name";

/** The guide's own slowms (setProfilingLevel(1, { slowms: 100 })). */
export const DB_OPERATION_P99_WARNING_SECONDS = 0.1;
export const DB_OPERATION_P99_CRITICAL_SECONDS = 1;
/** A p99 of a handful of operations is one slow call; it is listed but does not decide the verdict. */
export const MIN_OPERATIONS = 5;
const MAX_ROWS = 15;

export const DB_OPERATIONS_THRESHOLD: Threshold = {
  text: `warning when an operation's p99 is above 100 ms, critical above 1 s (over at least ${MIN_OPERATIONS} operations in the window)`,
  source:
    "the guide's profiler setting slowms = 100 ms; 1 s as MongoDB's own slow-operation log examples; OpenTelemetry db.client.operation.duration",
};

export function dbOperationFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return families.filter((f) => f.name === FAMILY && f.type === "histogram");
}

interface OperationRow {
  name: string;
  count: number;
  p50: number;
  p99: number;
  aboveHighestBound: boolean;
}

function operationKeys(family: MetricFamily): { collection: string; operation: string }[] {
  const seen = new Map<string, { collection: string; operation: string }>();
  for (const s of family.samples) {
    if (s.name !== `${FAMILY}_bucket`) continue;
    const collection = s.labels[COLLECTION] ?? "";
    const operation = s.labels[OPERATION] ?? "";
    seen.set(JSON.stringify([collection, operation]), { collection, operation });
  }
  return [...seen.values()];
}

/** Operation latency by collection and operation over the window, slowest p99 first. */
export function analyzeDbOperations(current: MetricsScrape, previous?: MetricsScrape): Verdict {
  const family = dbOperationFamilies(current.families)[0];
  if (!family) {
    return {
      ...errorVerdict(
        `no ${FAMILY} histogram in /metrics`,
        "Slow operations are read from OpenTelemetry's db.client.operation.duration histogram " +
          `(${FAMILY}{${COLLECTION}, ${OPERATION}}), which database client instrumentation exports.`,
      ),
      threshold: DB_OPERATIONS_THRESHOLD,
      findings: ["metrics-missing"],
    };
  }
  let windowText = "";
  const rows: OperationRow[] = operationKeys(family).map(({ collection, operation }) => {
    const read = histogramQuantiles(
      family,
      current,
      previous,
      (l) => (l[COLLECTION] ?? "") === collection && (l[OPERATION] ?? "") === operation,
    );
    windowText = describeWindow(read.window);
    return {
      name: `${collection || "(no collection)"}.${operation || "(no operation)"}`,
      count: read.quantiles.count,
      p50: read.quantiles.p50.value,
      p99: read.quantiles.p99.value,
      aboveHighestBound: read.quantiles.p99.aboveHighestBound,
    };
  });
  const active = rows.filter((r) => r.count > 0 && !Number.isNaN(r.p99)).sort((a, b) => b.p99 - a.p99);
  const judged = active.filter((r) => r.count >= MIN_OPERATIONS);
  const lead = judged[0] ?? active[0];
  const table: DetailTable = {
    title: "Slowest operations by p99",
    columns: ["collection.operation", "operations", "p50", "p99"],
    rows: active
      .slice(0, MAX_ROWS)
      .map((r) => [r.name, r.count, formatSeconds(r.p50), `${r.aboveHighestBound ? "> " : ""}${formatSeconds(r.p99)}`]),
  };
  if (!lead) {
    return {
      status: "ok",
      headline: `no database operations ${windowText}`.trim(),
      headlineValue: null,
      threshold: DB_OPERATIONS_THRESHOLD,
      figures: [{ label: "collections and operations", value: rows.length }],
      tables: [table],
    };
  }
  const status = judged[0]
    ? levelAbove(judged[0].p99, DB_OPERATION_P99_WARNING_SECONDS, DB_OPERATION_P99_CRITICAL_SECONDS)
    : "ok";
  const verdict: Verdict = {
    status,
    headline: `${lead.name} p99 ${lead.aboveHighestBound ? "> " : ""}${formatSeconds(lead.p99)}, ${formatCount(lead.count)} ops`,
    headlineValue: lead.p99,
    headlineUnit: "s",
    threshold: DB_OPERATIONS_THRESHOLD,
    figures: [
      { label: "slowest", value: lead.name },
      { label: "p99", value: lead.p99, unit: "s" },
      { label: "operations", value: lead.count },
      { label: "operations in window", value: active.reduce((acc, r) => acc + r.count, 0) },
    ],
    detail: `${formatCount(active.length)} collection/operation pairs ran ${windowText}, timed by the driver (server round trip, pool wait excluded).`,
    tables: [table],
  };
  const findings = findingsFor(status, ["mongo-slow-ops"]);
  if (findings) verdict.findings = findings;
  return verdict;
}

/** p99 of all operations over the window. */
export function dbOperationsChart(families: readonly MetricFamily[], selector: Selector): ChartSpec | null {
  if (dbOperationFamilies(families).length === 0) return null;
  return {
    title: "p99 of database operations",
    unit: "s",
    expr: (w) => `histogram_quantile(0.99, sum by (le) (rate(${FAMILY}_bucket${matchers(selector)}[${w}])))`,
    warning: DB_OPERATION_P99_WARNING_SECONDS,
    critical: DB_OPERATION_P99_CRITICAL_SECONDS,
    direction: "above",
  };
}
