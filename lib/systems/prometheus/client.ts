// Reads Prometheus's scrape-target list through http.ts; only fixed API paths are reachable.
import "server-only";
import { z } from "zod";
import { httpGetTarget } from "../../http/target-get";
import { recordPrometheusQuery } from "../../metrics";
import { redactUrl } from "../../redact";
import { TargetError } from "../core/target-error";

// The only paths this module requests; nothing from a client is appended to them.
const TARGETS_PATH = "/api/v1/targets?state=active";

const targetSchema = z.object({
  labels: z.record(z.string(), z.string()).default({}),
  scrapePool: z.string(),
  scrapeUrl: z.string(),
  globalUrl: z.string().optional(),
  lastError: z.string().default(""),
  lastScrape: z.string(),
  lastScrapeDuration: z.number(),
  health: z.enum(["up", "down", "unknown"]),
  scrapeInterval: z.string().optional(),
  scrapeTimeout: z.string().optional(),
});

const responseSchema = z.object({
  status: z.literal("success"),
  data: z.object({ activeTargets: z.array(targetSchema) }),
});

export interface PrometheusTarget {
  scrapePool: string;
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  /** "" when the last scrape succeeded. */
  lastError: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" before the first scrape. */
  lastScrape: string;
  /** Seconds. */
  lastScrapeDuration: number;
  scrapeInterval: string | null;
  scrapeTimeout: string | null;
  labels: Record<string, string>;
}

export interface PrometheusTargetsResult {
  /** Where it was read from, credentials masked. */
  url: string;
  activeTargets: PrometheusTarget[];
  durationMs: number;
}

/** GET /api/v1/targets?state=active on PROMETHEUS_URL. */
async function readPrometheusTargets(): Promise<PrometheusTargetsResult> {
  const res = await httpGetTarget({ kind: "prometheus" }, TARGETS_PATH, {
    accept: "application/json",
    system: "prometheus",
  });
  if (res.truncated) {
    throw new TargetError(
      "other",
      "prometheus",
      `the target list from ${res.url} is larger than the ${res.note ?? "cap"}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new TargetError(
      "other",
      "prometheus",
      `${res.url} answered HTTP ${res.status} with a body that is not JSON — is PROMETHEUS_URL the Prometheus server?`,
    );
  }
  if (res.status < 200 || res.status >= 300) {
    const reason =
      typeof json === "object" && json !== null && "error" in json && typeof json.error === "string"
        ? `: ${json.error}`
        : "";
    throw new TargetError("other", "prometheus", `${res.url} answered HTTP ${res.status}${reason}`, res.status);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) {
    throw new TargetError(
      "other",
      "prometheus",
      `${res.url} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return {
    url: res.url,
    durationMs: res.durationMs,
    activeTargets: parsed.data.data.activeTargets.map((t) => ({
      scrapePool: t.scrapePool,
      // Scrape URLs and errors can embed basic-auth credentials of the scraped service.
      scrapeUrl: redactUrl(t.scrapeUrl),
      health: t.health,
      lastError: redactUrl(t.lastError),
      lastScrape: t.lastScrape,
      lastScrapeDuration: t.lastScrapeDuration,
      scrapeInterval: t.scrapeInterval ?? null,
      scrapeTimeout: t.scrapeTimeout ?? null,
      labels: t.labels,
    })),
  };
}

/** GET /api/v1/targets?state=active on PROMETHEUS_URL, its duration counted in /api/metrics. */
export async function prometheusTargets(): Promise<PrometheusTargetsResult> {
  const started = performance.now();
  try {
    const result = await readPrometheusTargets();
    recordPrometheusQuery("ok", performance.now() - started);
    return result;
  } catch (error) {
    recordPrometheusQuery("error", performance.now() - started);
    throw error;
  }
}
