// The curl line equivalent to a Prometheus API operation, for operators to copy.
import { namedTargetEnvVar } from "../../http/target-names";
import type { PrometheusOperation } from "./operation";

export function prometheusCli(operation: PrometheusOperation): string {
  switch (operation.kind) {
    case "prometheus-targets": {
      // A named Prometheus's base URL stands as a variable, as an external service's does.
      const base = operation.target === undefined ? "PROMETHEUS_URL" : namedTargetEnvVar(operation.target.name);
      return `curl -s "$${base}/api/v1/targets"`;
    }
  }
}
