// Runs an HTTP operation (curl of a configured target) and judges the response: /metrics, /health, timing.
import "server-only";
import { getConfig } from "../../config";
import type { ChartSpec, Selector } from "../../evidence/promql";
import { type HttpResult, httpGetTarget, resolveNamedHost } from "../../http/target-get";
import { errorVerdict } from "../../verdict/builders";
import { withEvidence } from "../../verdict/evidence";
import type { Evidence, Verdict } from "../../verdict/verdict";
import type { RunContext } from "../core/adapter";
import type { OperationOutcome } from "../core/outcome";
import { TargetError } from "../core/target-error";
import {
  analyzeAppCacheHitRatio,
  cacheHitRatioChart,
  cacheHitRatioFamilies,
} from "../prometheus/check-cache-hit-ratio";
import { analyzeDbOperations, dbOperationFamilies, dbOperationsChart } from "../prometheus/check-db-operations";
import { analyzeDbPool, dbPoolChart, dbPoolFamilies } from "../prometheus/check-db-pool";
import { analyzeErrorRatio, errorRatioChart, errorRatioFamilies } from "../prometheus/check-error-ratio";
import { analyzeLatency, latencyChart, requestLatencyFamilies } from "../prometheus/check-latency";
import { analyzeMetricsPresence } from "../prometheus/check-metrics-presence";
import { ExpositionParseError, type MetricFamily, parsePrometheusText } from "../prometheus/exposition";
import type { MetricsScrape } from "../prometheus/metric-scrape";
import { runPrometheus } from "../prometheus/run";
import {
  alignedNow,
  holdsNoSeries,
  prometheusEvidence,
  selectorForScrapeUrl,
  windowFromPrometheus,
} from "../prometheus/windowed";
import type { HttpCheck, MetricsCheck } from "./adapter";
import { analyzeHealth } from "./check-health";
import type { HttpOperation } from "./operation";

/** Lines containing the word, as `| grep word` prints them. */
export function grepLines(text: string, word: string, ignoreCase = false): string {
  const needle = ignoreCase ? word.toLowerCase() : word;
  return text
    .split("\n")
    .filter((line) => (ignoreCase ? line.toLowerCase() : line).includes(needle))
    .join("\n");
}

/** The scrape's families, or the error verdict of a response that cannot be judged. */
function readScrape(response: HttpResult): { families: MetricFamily[] } | { verdict: Verdict } {
  if (response.status < 200 || response.status >= 300) {
    return {
      verdict: errorVerdict(
        `metrics endpoint answered HTTP ${response.status}`,
        `${response.url} → ${response.statusText}`,
      ),
    };
  }
  if (response.truncated) {
    // A cut scrape ends mid-line (a bogus "malformed at line N") and lacks the series past the cut.
    return {
      verdict: errorVerdict(
        `the /metrics output is larger than the ${response.note?.replace(/^truncated at /, "") ?? "size cap"} cap`,
        `${response.url} sent more than the dashboard reads (${response.note ?? "truncated"}); counters past the cut would be missing, so it is not judged. A scrape this large usually means a label with unbounded values.`,
        [{ label: "bytes read", value: response.bytes }],
      ),
    };
  }
  try {
    // The bytes, not the decoded body: a byte that is not UTF-8 is then an error naming its line.
    return { families: parsePrometheusText(response.bodyBytes) };
  } catch (error) {
    if (error instanceof ExpositionParseError)
      return { verdict: errorVerdict("the /metrics output is not valid exposition text", error.message) };
    throw error;
  }
}

type CounterCheck = Exclude<MetricsCheck, "metrics-presence">;

const ANALYZERS: Record<CounterCheck, (current: MetricsScrape, previous: MetricsScrape) => Verdict> = {
  "error-ratio": analyzeErrorRatio,
  "latency-quantiles": analyzeLatency,
  "cache-hit-ratio": analyzeAppCacheHitRatio,
  "db-pool": analyzeDbPool,
  "db-operations": analyzeDbOperations,
};

/** The families a counter check reads and the series it charts, in PromQL terms. */
const READS: Record<CounterCheck, (families: MetricFamily[]) => MetricFamily[]> = {
  "error-ratio": errorRatioFamilies,
  "latency-quantiles": requestLatencyFamilies,
  "cache-hit-ratio": cacheHitRatioFamilies,
  "db-pool": dbPoolFamilies,
  "db-operations": dbOperationFamilies,
};

const CHARTS: Record<CounterCheck, (families: MetricFamily[], selector: Selector) => ChartSpec | null> = {
  "error-ratio": errorRatioChart,
  "latency-quantiles": latencyChart,
  "cache-hit-ratio": cacheHitRatioChart,
  "db-pool": dbPoolChart,
  "db-operations": dbOperationsChart,
};

/**
 * Judges a counter check over the window from Prometheus when it scrapes this endpoint; otherwise (or when
 * Prometheus fails) from a second scrape a few seconds after the first. Never from memory of earlier runs.
 */
async function judgeCounters(
  operation: HttpOperation,
  first: HttpResult,
  families: MetricFamily[],
  check: CounterCheck,
  context: RunContext,
): Promise<{ verdict: Verdict; last: HttpResult }> {
  const fromPrometheus = await windowedByPrometheus(first.url, families, check, context);
  if ("verdict" in fromPrometheus) return { verdict: fromPrometheus.verdict, last: first };
  const pairSeconds = getConfig().metricsPairSeconds;
  const firstAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, pairSeconds * 1000));
  const second = await httpGetTarget(operation.target, operation.path);
  const read = readScrape(second);
  if ("verdict" in read) return { verdict: read.verdict, last: second };
  const secondAt = Date.now();
  const verdict = ANALYZERS[check]({ families: read.families, at: secondAt }, { families, at: firstAt });
  const evidence: Evidence = {
    window: `${pairSeconds}s`,
    windowSeconds: (secondAt - firstAt) / 1000,
    asOf: new Date(secondAt).toISOString(),
    source: "scrape-pair",
    note: `${fromPrometheus.reason}, so this is the increase between two scrapes ${pairSeconds} s apart; there is no history to chart.`,
  };
  return { verdict: withEvidence(verdict, evidence), last: second };
}

async function windowedByPrometheus(
  url: string,
  families: MetricFamily[],
  check: CounterCheck,
  context: RunContext,
): Promise<{ verdict: Verdict } | { reason: string }> {
  if (getConfig().prometheusUrl === undefined) return { reason: "PROMETHEUS_URL is not set" };
  try {
    const found = await selectorForScrapeUrl(url);
    if ("reason" in found) return found;
    const at = alignedNow(Date.now());
    const reads = READS[check](families);
    // The window's figures and the chart are independent queries: asked together, the check waits for one.
    const [pair, evidence] = await Promise.all([
      windowFromPrometheus(reads, found.selector, context.window, at),
      prometheusEvidence(CHARTS[check](families, found.selector), context.window, at),
    ]);
    // An empty answer is not "no traffic": the scrape in hand has these series, so Prometheus lacks their
    // history (a target added seconds ago, or series its relabeling drops). Two scrapes can still judge.
    if (reads.length > 0 && holdsNoSeries(pair.current)) {
      const names = reads.map((f) => f.name).join(", ");
      return { reason: `Prometheus holds no samples of ${names} from ${url} in the window` };
    }
    const verdict = ANALYZERS[check](pair.current, pair.previous);
    return { verdict: withEvidence(verdict, evidence) };
  } catch (error) {
    if (error instanceof TargetError) return { reason: `Prometheus did not answer (${error.message})` };
    throw error;
  }
}

async function analyzeMetrics(
  operation: HttpOperation,
  response: HttpResult,
  check: MetricsCheck,
  context: RunContext,
): Promise<{ verdict: Verdict; last: HttpResult }> {
  const read = readScrape(response);
  if ("verdict" in read) return { verdict: read.verdict, last: response };
  if (check === "metrics-presence") {
    return { verdict: analyzeMetricsPresence(read.families, getConfig().expectedMetrics), last: response };
  }
  return judgeCounters(operation, response, read.families, check, context);
}

function analyzeGeneric(response: HttpResult): Verdict {
  const ok = response.status >= 200 && response.status < 400;
  return {
    status: ok ? "ok" : "critical",
    headline: `HTTP ${response.status} in ${Math.round(response.durationMs)} ms`,
    headlineValue: Math.round(response.durationMs),
    headlineUnit: "ms",
    figures: [
      { label: "status", value: response.status },
      { label: "time", value: Math.round(response.durationMs), unit: "ms" },
      { label: "bytes", value: response.bytes },
    ],
  };
}

/** `curl http://host/api/v1/targets` with nothing else asked (no query, grep or timing): the targets check. */
function isPlainTargetList(operation: HttpOperation): boolean {
  return operation.path === "/api/v1/targets" && operation.grep === undefined && !operation.timing;
}

export async function runHttp(
  operation: HttpOperation,
  check: HttpCheck,
  context: RunContext,
): Promise<OperationOutcome> {
  const { target } = operation;
  if (target.kind === "external" && isPlainTargetList(operation)) {
    // A named host that is one of PROMETHEUS_TARGETS (and no external service): its target list is judged as
    // PROMETHEUS_URL's is, read from that entry (resolveNamedHost says which list wins and why).
    if (resolveNamedHost(target, operation.path).prometheus) {
      const named = target.port === undefined ? { name: target.name } : { name: target.name, port: target.port };
      return runPrometheus({ kind: "prometheus-targets", target: named });
    }
  }
  let response = await httpGetTarget(target, operation.path);
  let verdict: Verdict;
  if (check === "http-status") verdict = analyzeGeneric(response);
  else if (check === "health")
    verdict = analyzeHealth({
      httpStatus: response.status,
      contentType: response.headers.contentType,
      body: response.body,
      durationMs: response.durationMs,
    });
  else {
    const judged = await analyzeMetrics(operation, response, check, context);
    verdict = judged.verdict;
    response = judged.last;
  }
  const shown = operation.grep ? grepLines(response.body, operation.grep, operation.grepIgnoreCase) : response.body;
  const raw = `${shown}${response.truncated ? `\n… ${response.note ?? "truncated"}` : ""}`;
  if (operation.timing) {
    const seconds = (response.durationMs / 1000).toFixed(3);
    verdict.figures = [{ label: "time_total", value: seconds, unit: "s" }, ...verdict.figures];
    return { verdict, raw: `${raw}\n${seconds}s` };
  }
  return { verdict, raw };
}
