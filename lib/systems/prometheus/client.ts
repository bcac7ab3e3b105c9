// Reads Prometheus's scrape-target list through http.ts; only fixed API paths are reachable.
import "server-only";
import { httpGetBase, httpGetTarget } from "../../http/target-get";
import { recordPrometheusQuery } from "../../metrics";
import { TargetError } from "../core/target-error";
import { prometheusJson } from "./json-reply";
import { type PrometheusTarget, type PrometheusTargets, readPrometheusTargets } from "./targets";

export type { PrometheusTarget };

// The only paths this module requests; nothing from a client is appended to them.
const TARGETS_PATH = "/api/v1/targets?state=active";

/** The target list as the reader (targets.ts) typed it, and where and how fast it was read. */
export interface PrometheusTargetsResult extends PrometheusTargets {
  /** Where it was read from, credentials masked. */
  url: string;
  durationMs: number;
}

/** GET /api/v1/targets?state=active on `base` (a configured Prometheus), else on PROMETHEUS_URL. */
async function fetchPrometheusTargets(base: string | undefined): Promise<PrometheusTargetsResult> {
  const opts = { accept: "application/json", system: "prometheus" };
  const res =
    base === undefined
      ? await httpGetTarget({ kind: "prometheus" }, TARGETS_PATH, opts)
      : await httpGetBase(base, TARGETS_PATH, opts);
  const json = prometheusJson(res, "the target list");
  if (res.status < 200 || res.status >= 300) {
    const reason =
      typeof json === "object" && json !== null && "error" in json && typeof json.error === "string"
        ? `: ${json.error}`
        : "";
    throw new TargetError("other", "prometheus", `${res.url} answered HTTP ${res.status}${reason}`, res.status);
  }
  const reading = readPrometheusTargets(json);
  if (!reading.ok) {
    const { headline, detail } = reading.verdict;
    throw new TargetError("other", "prometheus", `${res.url}: ${headline}${detail ? `: ${detail}` : ""}`);
  }
  return {
    url: res.url,
    durationMs: res.durationMs,
    activeTargets: reading.value.activeTargets,
    // ?state=active: Prometheus sends an empty droppedTargets list whatever it dropped, so there is no count.
    droppedTargets: null,
  };
}

/**
 * GET /api/v1/targets?state=active, its duration counted in /api/metrics. `base`: the configured URL of another
 * Prometheus (a PROMETHEUS_TARGETS entry, resolved by the caller); without it, PROMETHEUS_URL (windowed evidence).
 */
export async function prometheusTargets(base?: string): Promise<PrometheusTargetsResult> {
  const started = performance.now();
  try {
    const result = await fetchPrometheusTargets(base);
    recordPrometheusQuery("ok", performance.now() - started);
    return result;
  } catch (error) {
    recordPrometheusQuery("error", performance.now() - started);
    throw error;
  }
}
