// The dashboard's own Prometheus metrics (GET /api/metrics): steps run by runbook, system and verdict, their
// durations, Prometheus query durations, sign-in failures, alerts received, incidents opened and store errors.
import "server-only";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { cachedClient } from "./server/cached-client";

interface DashboardMetrics {
  registry: Registry;
  stepRuns: Counter<"runbook" | "status">;
  stepDuration: Histogram<"kind">;
  runs: Counter<"system" | "verdict">;
  prometheusQueryDuration: Histogram<"outcome">;
  signInFailures: Counter<"method">;
  alertsReceived: Counter<"status" | "runbook">;
  incidentsOpened: Counter<"source">;
  storeErrors: Counter<"store">;
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
    runs: new Counter({
      name: "runbook_dashboard_runs_total",
      help: "Diagnosis steps run, by system (redis, mongo, http, prometheus, postgres, local) and verdict",
      labelNames: ["system", "verdict"],
      registers: [registry],
    }),
    prometheusQueryDuration: new Histogram({
      name: "runbook_dashboard_prometheus_query_duration_seconds",
      help: "Wall time of one query to PROMETHEUS_URL, by outcome (ok or error)",
      labelNames: ["outcome"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "runbook_dashboard_sign_in_failures_total",
      help: "Refused sign-in attempts (wrong password, unknown account, rate-limited), by method",
      labelNames: ["method"],
      registers: [registry],
    }),
    alertsReceived: new Counter({
      name: "runbook_dashboard_alerts_received_total",
      help: "Alertmanager notifications recorded (repeats not counted), by status and whether a runbook claimed them",
      labelNames: ["status", "runbook"],
      registers: [registry],
    }),
    incidentsOpened: new Counter({
      name: "runbook_dashboard_incidents_opened_total",
      help: "Incidents opened, by source (operator or alert)",
      labelNames: ["source"],
      registers: [registry],
    }),
    storeErrors: new Counter({
      name: "runbook_dashboard_store_errors_total",
      help: "Failures of the dashboard's own stores (incidents, audit, sessions, limits), by store",
      labelNames: ["store"],
      registers: [registry],
    }),
  };
}

export function dashboardMetrics(): DashboardMetrics {
  // One registry per process, kept across dev hot reloads so metrics are not registered twice.
  return cachedClient("metrics", create);
}

export function recordStepRun(
  runbook: string,
  kind: string,
  status: string,
  durationMs: number,
  system: string = kind,
): void {
  const metrics = dashboardMetrics();
  metrics.stepRuns.inc({ runbook, status });
  metrics.stepDuration.observe({ kind }, durationMs / 1000);
  metrics.runs.inc({ system, verdict: status });
}

export function recordPrometheusQuery(outcome: "ok" | "error", durationMs: number): void {
  dashboardMetrics().prometheusQueryDuration.observe({ outcome }, durationMs / 1000);
}

export function recordSignInFailure(method: string): void {
  dashboardMetrics().signInFailures.inc({ method });
}

export function recordAlertReceived(status: string, claimed: boolean): void {
  dashboardMetrics().alertsReceived.inc({ status, runbook: claimed ? "claimed" : "unclaimed" });
}

export function recordIncidentOpened(source: "operator" | "alert"): void {
  dashboardMetrics().incidentsOpened.inc({ source });
}

export type DashboardStore = "incidents" | "audit" | "sessions" | "limits";

export function recordStoreError(store: DashboardStore): void {
  dashboardMetrics().storeErrors.inc({ store });
}
