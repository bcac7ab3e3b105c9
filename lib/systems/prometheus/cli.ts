// The curl line equivalent to a Prometheus API operation, for operators to copy.
import type { PrometheusOperation } from "./operation";

export function prometheusCli(operation: PrometheusOperation): string {
  switch (operation.kind) {
    case "prometheus-targets":
      return `curl -s "$PROMETHEUS_URL/api/v1/targets"`;
  }
}
