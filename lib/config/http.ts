// The application's HTTP API (the guide's http://your-api-url), its /metrics and /health, and the
// other services the guide probes.
import { z } from "zod";
import {
  checkUrl,
  HTTP,
  optionalText,
  shownValue,
  splitList,
  trimSlash,
  trimSlashOrUndefined,
  urlField,
} from "./fields";

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const externalServicesField = optionalText.transform((v, ctx) => {
  const out: Record<string, string> = {};
  if (v === undefined) return out;
  for (const entry of splitList(v)) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? "" : entry.slice(0, eq).trim();
    const url = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (!SERVICE_NAME.test(name) || url === "") {
      ctx.addIssue({
        code: "custom",
        message: `entry "${shownValue(entry)}" must be name=http://host (name: letters, digits, . _ -)`,
      });
      continue;
    }
    if (Object.hasOwn(out, name)) {
      ctx.addIssue({ code: "custom", message: `service "${name}" is listed twice` });
      continue;
    }
    const checked = checkUrl(url, HTTP, "external-service=http://127.0.0.1:4001", ctx);
    if (checked !== undefined) out[name] = trimSlash(checked);
  }
  return out;
});

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const expectedMetricsField = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const names = splitList(v);
  for (const n of names) {
    if (!METRIC_NAME.test(n)) ctx.addIssue({ code: "custom", message: `"${n}" is not a Prometheus metric name` });
  }
  return [...new Set(names)];
});

export const httpConfig = z
  .object({
    API_URL: urlField(HTTP, "http://127.0.0.1:3001"),
    METRICS_URL: urlField(HTTP, "http://127.0.0.1:3001/metrics"),
    HEALTH_URL: urlField(HTTP, "http://127.0.0.1:3001/health"),
    EXPECTED_METRICS: expectedMetricsField,
    EXTERNAL_SERVICES: externalServicesField,
  })
  .transform((e) => {
    const apiBase = trimSlashOrUndefined(e.API_URL);
    return {
      /** The guide's `http://your-api-url`. */
      apiUrl: e.API_URL,
      /** Defaults to `${apiUrl}/metrics`. */
      metricsUrl: e.METRICS_URL ?? (apiBase === undefined ? undefined : `${apiBase}/metrics`),
      /** Defaults to `${apiUrl}/health`. */
      healthUrl: e.HEALTH_URL ?? (apiBase === undefined ? undefined : `${apiBase}/health`),
      /** Metric names /metrics must export. */
      expectedMetrics: Object.freeze(e.EXPECTED_METRICS),
      /** Name → base URL; the guide's `http://external-service/health` uses name `external-service`. */
      externalServices: Object.freeze(e.EXTERNAL_SERVICES),
    };
  });
