// Runs an HTTP operation (curl of a configured target) and judges the response: /metrics, /health, timing.
import "server-only";
import { analyzeAppCacheHitRatio } from "../checks/cache-hit-ratio";
import { analyzeErrorRatio } from "../checks/error-ratio";
import { analyzeHealth } from "../checks/health";
import { analyzeLatency } from "../checks/latency";
import type { MetricsScrape } from "../checks/metric-scrape";
import { analyzeMetricsPresence } from "../checks/metrics-presence";
import { analyzePrometheusTargets } from "../checks/prometheus-targets";
import { ExpositionParseError, parsePrometheusText } from "../checks/prometheus-text";
import type { Verdict } from "../checks/verdict";
import { errorVerdict } from "../checks/verdict-builders";
import type { Operation } from "../commands/operation";
import { getConfig } from "../config";
import { type HttpResult, httpGetTarget } from "../targets/http";
import { prometheusTargets } from "../targets/prometheus";
import { asJson, type OperationOutcome } from "./outcome";
import { previousSample, rememberSample } from "./samples";

type HttpOperation = Extract<Operation, { kind: "http" }>;

/** Lines containing the word, as `| grep word` prints them. */
export function grepLines(text: string, word: string, ignoreCase = false): string {
  const needle = ignoreCase ? word.toLowerCase() : word;
  return text
    .split("\n")
    .filter((line) => (ignoreCase ? line.toLowerCase() : line).includes(needle))
    .join("\n");
}

function isMetrics(operation: HttpOperation): boolean {
  return operation.target.kind === "metrics" || operation.path.endsWith("/metrics");
}

function isHealth(operation: HttpOperation): boolean {
  return operation.target.kind === "health" || operation.path.endsWith("/health") || operation.timing;
}

function analyzeMetricsBody(operation: HttpOperation, response: HttpResult): Verdict {
  if (response.status < 200 || response.status >= 300) {
    return errorVerdict(
      `metrics endpoint answered HTTP ${response.status}`,
      `${response.url} → ${response.statusText}`,
    );
  }
  if (response.truncated) {
    // A cut scrape ends mid-line (a bogus "malformed at line N") and lacks the series past the cut.
    return errorVerdict(
      `the /metrics output is larger than the ${response.note?.replace(/^truncated at /, "") ?? "size cap"} cap`,
      `${response.url} sent more than the dashboard reads (${response.note ?? "truncated"}); counters past the cut would be missing, so it is not judged. A scrape this large usually means a label with unbounded values.`,
      [{ label: "bytes read", value: response.bytes }],
    );
  }
  let families: ReturnType<typeof parsePrometheusText>;
  try {
    families = parsePrometheusText(response.body);
  } catch (error) {
    if (error instanceof ExpositionParseError)
      return errorVerdict("the /metrics output is not valid exposition text", error.message);
    throw error;
  }
  const current: MetricsScrape = { families, at: Date.now() };
  // One sample history per analysis (grep word): steps scraping the same endpoint at once (a triage, two
  // pages live) would otherwise judge each other's milliseconds-old sample and see an empty window.
  const sampleKey = `metrics:${response.url}:${(operation.grep ?? "").toLowerCase()}`;
  const previous = previousSample<MetricsScrape>(sampleKey);
  rememberSample(sampleKey, current);
  const word = (operation.grep ?? "").toLowerCase();
  if (word.includes("error")) return analyzeErrorRatio(current, previous);
  if (/response_time|latency|duration/.test(word)) return analyzeLatency(current, previous);
  if (/cache|hit/.test(word)) return analyzeAppCacheHitRatio(current, previous);
  return analyzeMetricsPresence(families, getConfig().expectedMetrics);
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

export async function runHttp(operation: HttpOperation): Promise<OperationOutcome> {
  const response = await httpGetTarget(operation.target, operation.path);
  const shown = operation.grep ? grepLines(response.body, operation.grep, operation.grepIgnoreCase) : response.body;
  const raw = `${shown}${response.truncated ? `\n… ${response.note ?? "truncated"}` : ""}`;
  let verdict: Verdict;
  if (isMetrics(operation)) verdict = analyzeMetricsBody(operation, response);
  else if (isHealth(operation))
    verdict = analyzeHealth({
      httpStatus: response.status,
      contentType: response.headers.contentType,
      body: response.body,
      durationMs: response.durationMs,
    });
  else verdict = analyzeGeneric(response);
  if (operation.timing) {
    const seconds = (response.durationMs / 1000).toFixed(3);
    verdict.figures = [{ label: "time_total", value: seconds, unit: "s" }, ...verdict.figures];
    return { verdict, raw: `${raw}\n${seconds}s` };
  }
  return { verdict, raw };
}

export async function runPrometheusTargets(): Promise<OperationOutcome> {
  const result = await prometheusTargets();
  const response = { status: "success", data: { activeTargets: result.activeTargets } };
  return { verdict: analyzePrometheusTargets(response), raw: asJson(response) };
}
