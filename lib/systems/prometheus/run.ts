// Runs a Prometheus API operation and judges its reply.
import "server-only";
import { prometheusTargetUrl } from "../../http/target-get";
import { asJson, type OperationOutcome } from "../core/outcome";
import { analyzePrometheusTargets } from "./check-targets";
import { prometheusTargets } from "./client";
import type { PrometheusOperation } from "./operation";

export async function runPrometheus(operation: PrometheusOperation): Promise<OperationOutcome> {
  switch (operation.kind) {
    case "prometheus-targets": {
      // A named Prometheus is looked up in PROMETHEUS_TARGETS only: never PROMETHEUS_URL in its place.
      const base = operation.target === undefined ? undefined : prometheusTargetUrl(operation.target);
      const result = await prometheusTargets(base);
      return {
        verdict: analyzePrometheusTargets(result),
        raw: asJson({ status: "success", data: { activeTargets: result.activeTargets } }),
      };
    }
  }
}
