// Operations answered by Prometheus's own HTTP API.

export interface PrometheusTargetsOperation {
  kind: "prometheus-targets";
  /** A Prometheus of PROMETHEUS_TARGETS, as the guide named it (entry name or host, and port); absent: PROMETHEUS_URL. */
  target?: { name: string; port?: string };
}

export type PrometheusOperation = PrometheusTargetsOperation;
