// Operations answered by Prometheus's own HTTP API.

export interface PrometheusTargetsOperation {
  kind: "prometheus-targets";
}

export type PrometheusOperation = PrometheusTargetsOperation;
