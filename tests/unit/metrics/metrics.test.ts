// /api/metrics carries what an operator of the dashboard needs, under stable names.
import { describe, expect, it } from "vitest";
import {
  dashboardMetrics,
  recordAlertReceived,
  recordIncidentOpened,
  recordPrometheusQuery,
  recordSignInFailure,
  recordStepRun,
  recordStoreError,
} from "@/lib/metrics";

describe("dashboard metrics", () => {
  it("exports runs by system and verdict, Prometheus query durations, sign-in failures, alerts, incidents, store errors", async () => {
    recordStepRun("cache-memory-issues", "redis", "warning", 12, "redis");
    recordPrometheusQuery("ok", 40);
    recordSignInFailure("email");
    recordAlertReceived("firing", true);
    recordIncidentOpened("operator");
    recordStoreError("incidents");
    const text = await dashboardMetrics().registry.metrics();
    expect(text).toContain('runbook_dashboard_runs_total{system="redis",verdict="warning"} 1');
    expect(text).toContain('runbook_dashboard_prometheus_query_duration_seconds_count{outcome="ok"} 1');
    expect(text).toContain('runbook_dashboard_sign_in_failures_total{method="email"} 1');
    expect(text).toContain('runbook_dashboard_alerts_received_total{status="firing",runbook="claimed"} 1');
    expect(text).toContain('runbook_dashboard_incidents_opened_total{source="operator"} 1');
    expect(text).toContain('runbook_dashboard_store_errors_total{store="incidents"} 1');
  });
});
