// The dashboard's own Prometheus metrics: how many steps ran, their verdicts and durations.
import "server-only";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { cachedClient } from "./server/cached-client";

interface DashboardMetrics {
  registry: Registry;
  stepRuns: Counter<"runbook" | "status">;
  stepDuration: Histogram<"kind">;
}

function create(): DashboardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "runbook_dashboard_" });
  return {
    registry,
    stepRuns: new Counter({
      name: "runbook_dashboard_step_runs_total",
      help: "Diagnosis steps run, by runbook and verdict status",
      labelNames: ["runbook", "status"],
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: "runbook_dashboard_step_duration_seconds",
      help: "Wall time of one diagnosis step, by operation kind",
      labelNames: ["kind"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export function dashboardMetrics(): DashboardMetrics {
  // One registry per process, kept across dev hot reloads so metrics are not registered twice.
  return cachedClient("metrics", create);
}

export function recordStepRun(runbook: string, kind: string, status: string, durationMs: number): void {
  const metrics = dashboardMetrics();
  metrics.stepRuns.inc({ runbook, status });
  metrics.stepDuration.observe({ kind }, durationMs / 1000);
}
