// Prometheus (the guide's http://prometheus:9090), and how counter verdicts find their series in it.
import { z } from "zod";
import { HTTP, optionalText, positiveIntField, trimSlash, trimSlashOrUndefined, urlField } from "./fields";
import { namedUrlsField } from "./named-urls";

export const prometheusConfig = z
  .object({
    PROMETHEUS_URL: urlField(HTTP, "http://127.0.0.1:9090"),
    /** Other Prometheus servers a guide names (`curl http://prom-eu:9090/api/v1/targets`): name=http://…, comma-separated. */
    PROMETHEUS_TARGETS: namedUrlsField(HTTP, "prom-eu=http://10.0.0.7:9090"),
    /** Where people open Prometheus in a browser, when it differs from the URL the server queries. */
    PROMETHEUS_PUBLIC_URL: urlField(HTTP, "https://prometheus.example.com"),
    /** The scrape job of the redis_exporter that watches REDIS_URL (its scrape URL is the exporter's, not Redis's). */
    PROMETHEUS_REDIS_JOB: optionalText,
    /** Without Prometheus, counter checks take two scrapes this many seconds apart (the step deadline is 10 s). */
    METRICS_PAIR_SECONDS: positiveIntField(5, 8),
  })
  .transform((e) => ({
    /** The guide's `http://prometheus:9090`, without a trailing slash. */
    prometheusUrl: trimSlashOrUndefined(e.PROMETHEUS_URL),
    /** Name → base URL of the Prometheus servers a guide names by host. */
    prometheusTargets: Object.freeze(
      Object.fromEntries(Object.entries(e.PROMETHEUS_TARGETS).map(([name, url]) => [name, trimSlash(url)])),
    ),
    prometheusPublicUrl: trimSlashOrUndefined(e.PROMETHEUS_PUBLIC_URL),
    prometheusRedisJob: e.PROMETHEUS_REDIS_JOB,
    metricsPairSeconds: e.METRICS_PAIR_SECONDS,
  }));
