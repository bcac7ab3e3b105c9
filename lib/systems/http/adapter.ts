// HTTP as one system: curl lines against configured targets (the API, its /metrics and /health, external
// services, Prometheus's read API), and the checks that judge what they return.
import { isPrometheusReadPath } from "../../http/target-names";
import type { SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import type { PrometheusOperation } from "../prometheus/operation";
import { httpCli } from "./cli";
import type { HttpOperation } from "./operation";
import { parseCurl } from "./parse";

const loadRun = loadOnce(() => import("./run"));

export const HTTP_CHECKS = [
  "error-ratio",
  "latency-quantiles",
  "cache-hit-ratio",
  "db-pool",
  "db-operations",
  "metrics-presence",
  "health",
  "http-status",
] as const;
export type HttpCheck = (typeof HTTP_CHECKS)[number];
export type MetricsCheck = Extract<
  HttpCheck,
  "error-ratio" | "latency-quantiles" | "cache-hit-ratio" | "db-pool" | "db-operations" | "metrics-presence"
>;

function isMetrics(operation: HttpOperation): boolean {
  return operation.target.kind === "metrics" || operation.path.endsWith("/metrics");
}

function isHealth(operation: HttpOperation): boolean {
  return operation.target.kind === "health" || operation.path.endsWith("/health") || operation.timing;
}

/** A /metrics scrape fits every metrics check; the guide's grep word says which one it is after. */
function metricsChecks(grep: string | undefined): readonly MetricsCheck[] {
  const word = (grep ?? "").toLowerCase();
  const all: MetricsCheck[] = [
    "metrics-presence",
    "error-ratio",
    "latency-quantiles",
    "cache-hit-ratio",
    "db-pool",
    "db-operations",
  ];
  let first: MetricsCheck = "metrics-presence";
  if (/db_client_connection|pool/.test(word)) first = "db-pool";
  else if (/db_client_operation|slow_quer/.test(word)) first = "db-operations";
  else if (/error|5xx|fail/.test(word)) first = "error-ratio";
  else if (/response_time|latency|duration|seconds/.test(word)) first = "latency-quantiles";
  else if (/cache|hit/.test(word)) first = "cache-hit-ratio";
  return [first, ...all.filter((check) => check !== first)];
}

function targetLabel(operation: HttpOperation): string {
  switch (operation.target.kind) {
    case "metrics":
      return "the API's metrics endpoint (METRICS_URL)";
    case "health":
      return "the API's health endpoint (HEALTH_URL)";
    case "prometheus":
      return "Prometheus (PROMETHEUS_URL)";
    case "external":
      // Prometheus's read API on a named host may be one of PROMETHEUS_TARGETS (resolved at run time).
      return isPrometheusReadPath(operation.path)
        ? `"${operation.target.name}" (EXTERNAL_SERVICES or PROMETHEUS_TARGETS)`
        : `external service "${operation.target.name}" (EXTERNAL_SERVICES)`;
    case "api":
      return "the API (API_URL)";
  }
}

export const httpAdapter: SystemAdapter<HttpOperation, HttpCheck, HttpOperation | PrometheusOperation> = {
  id: "http",
  label: "HTTP",
  // curl of Prometheus's /api/v1/targets becomes the Prometheus system's own operation.
  programs: { curl: ({ args, grep, line }) => parseCurl(args, grep, line) },
  fences: {},
  cli: httpCli,
  targetLabel,
  limiterKey: (operation) =>
    operation.target.kind === "external" ? `http:external:${operation.target.name}` : `http:${operation.target.kind}`,
  vocabulary: () => "",
  templates: () => [],
  fill: (operation) => operation,
  checks: HTTP_CHECKS,
  fits: (operation) => {
    if (isMetrics(operation)) return metricsChecks(operation.grep);
    if (isHealth(operation)) return ["health", "http-status"];
    return ["http-status"];
  },
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation, check, context) => (await loadRun()).runHttp(operation, check, context),
};
