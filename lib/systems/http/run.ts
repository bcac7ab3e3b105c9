// Runs an HTTP operation (curl of a configured target) and judges the response: /metrics, /health, timing.
import "server-only";
import { getConfig } from "../../config";
import { type HttpResult, httpGetTarget } from "../../http/target-get";
import { errorVerdict } from "../../verdict/builders";
import type { Verdict } from "../../verdict/verdict";
import type { OperationOutcome } from "../core/outcome";
import { previousSample, rememberSample } from "../core/samples";
import { analyzeAppCacheHitRatio } from "../prometheus/check-cache-hit-ratio";
import { analyzeErrorRatio } from "../prometheus/check-error-ratio";
import { analyzeLatency } from "../prometheus/check-latency";
import { analyzeMetricsPresence } from "../prometheus/check-metrics-presence";
import { ExpositionParseError, parsePrometheusText } from "../prometheus/exposition";
import type { MetricsScrape } from "../prometheus/metric-scrape";
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

function analyzeMetricsBody(response: HttpResult, check: MetricsCheck): Verdict {
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
    // The bytes, not the decoded body: a byte that is not UTF-8 is then an error naming its line.
    families = parsePrometheusText(response.bodyBytes);
  } catch (error) {
    if (error instanceof ExpositionParseError)
      return errorVerdict("the /metrics output is not valid exposition text", error.message);
    throw error;
  }
  const current: MetricsScrape = { families, at: Date.now() };
  // One sample history per check: steps scraping the same endpoint at once (a triage, two pages live)
  // would otherwise judge each other's milliseconds-old sample and see an empty window.
  const sampleKey = `metrics:${response.url}:${check}`;
  const previous = previousSample<MetricsScrape>(sampleKey);
  rememberSample(sampleKey, current);
  switch (check) {
    case "error-ratio":
      return analyzeErrorRatio(current, previous);
    case "latency-quantiles":
      return analyzeLatency(current, previous);
    case "cache-hit-ratio":
      return analyzeAppCacheHitRatio(current, previous);
    case "metrics-presence":
      return analyzeMetricsPresence(families, getConfig().expectedMetrics);
  }
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

export async function runHttp(operation: HttpOperation, check: HttpCheck): Promise<OperationOutcome> {
  const response = await httpGetTarget(operation.target, operation.path);
  const shown = operation.grep ? grepLines(response.body, operation.grep, operation.grepIgnoreCase) : response.body;
  const raw = `${shown}${response.truncated ? `\n… ${response.note ?? "truncated"}` : ""}`;
  let verdict: Verdict;
  if (check === "http-status") verdict = analyzeGeneric(response);
  else if (check === "health")
    verdict = analyzeHealth({
      httpStatus: response.status,
      contentType: response.headers.contentType,
      body: response.body,
      durationMs: response.durationMs,
    });
  else verdict = analyzeMetricsBody(response, check);
  if (operation.timing) {
    const seconds = (response.durationMs / 1000).toFixed(3);
    verdict.figures = [{ label: "time_total", value: seconds, unit: "s" }, ...verdict.figures];
    return { verdict, raw: `${raw}\n${seconds}s` };
  }
  return { verdict, raw };
}
