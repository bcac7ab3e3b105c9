// Runs a Prometheus API operation and judges its reply.
import "server-only";
import { asJson, type OperationOutcome } from "../core/outcome";
import { analyzePrometheusTargets } from "./check-targets";
import { prometheusTargets } from "./client";
import type { PrometheusOperation } from "./operation";

export async function runPrometheus(operation: PrometheusOperation): Promise<OperationOutcome> {
  switch (operation.kind) {
    case "prometheus-targets": {
      const result = await prometheusTargets();
      return {
        verdict: analyzePrometheusTargets(result),
        raw: asJson({ status: "success", data: { activeTargets: result.activeTargets } }),
      };
    }
  }
}
