// Prometheus as one system: its read API (scrape targets), and the exposition format and metric checks
// that the HTTP system's /metrics steps use.
import type { SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import { prometheusCli } from "./cli";
import type { PrometheusOperation } from "./operation";

const loadRun = loadOnce(() => import("./run"));

export const PROMETHEUS_CHECKS = ["prometheus-targets"] as const;
export type PrometheusCheck = (typeof PROMETHEUS_CHECKS)[number];

export const prometheusAdapter: SystemAdapter<PrometheusOperation, PrometheusCheck> = {
  id: "prometheus",
  label: "Prometheus",
  // Its lines are curl lines: the HTTP system parses them and hands the targets API over by operation kind.
  programs: {},
  fences: {},
  cli: prometheusCli,
  targetLabel: (operation) =>
    operation.target === undefined
      ? "Prometheus (PROMETHEUS_URL)"
      : `Prometheus "${operation.target.name}" (PROMETHEUS_TARGETS)`,
  limiterKey: (operation) =>
    operation.target === undefined ? "http:prometheus" : `http:prometheus:${operation.target.name}`,
  vocabulary: () => "scrape targets health lastError",
  templates: () => [],
  fill: (operation) => operation,
  checks: PROMETHEUS_CHECKS,
  fits: () => ["prometheus-targets"],
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation) => (await loadRun()).runPrometheus(operation),
};
