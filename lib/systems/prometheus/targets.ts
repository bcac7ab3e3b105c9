// The one reader of Prometheus's GET /api/v1/targets JSON: the client runs it once on the body, and
// check-targets.ts takes the typed targets it returns. Scrape URLs and errors are masked as they are read.
import { z } from "zod";
import { redactUrl } from "../../server/redact";
import { errorVerdict } from "../../verdict/builders";
import { type Checked, checkInput } from "../../verdict/check-input";

const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/** Prometheus duration strings ("10s", "1m30s", "500ms", "1h") in seconds; null when malformed. */
export function parsePrometheusDuration(text: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ms|y|w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.trim().matchAll(re)) {
    if (m.index !== consumed) return null;
    const unit = UNIT_SECONDS[m[2] ?? ""];
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  return consumed > 0 && consumed === text.trim().length ? total : null;
}

export interface PrometheusTarget {
  scrapePool: string;
  /** Credentials of the scraped service masked (lib/redact). */
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  /** "" when the last scrape succeeded; credentials masked. */
  lastError: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" before the first scrape. */
  lastScrape: string;
  /** Seconds. */
  lastScrapeDuration: number;
  scrapeInterval: string | null;
  scrapeTimeout: string | null;
  /** scrapeTimeout in seconds; null when absent or not a Prometheus duration. */
  scrapeTimeoutSeconds: number | null;
  labels: Record<string, string>;
}

export interface PrometheusTargets {
  activeTargets: PrometheusTarget[];
  /** How many dropped targets the reply listed; null when it carried no droppedTargets list. */
  droppedTargets: number | null;
}

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

const successSchema = z.object({
  status: z.literal("success"),
  data: z.object({ activeTargets: z.array(targetSchema), droppedTargets: z.array(z.unknown()).optional() }),
});

const errorSchema = z.object({
  status: z.literal("error"),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

/**
 * Reads the JSON of GET /api/v1/targets (optionally ?state=active) once. Prometheus's own error reply and a
 * body of another shape become error verdicts, the latter naming the field ("…activeTargets[0].health").
 */
export function readPrometheusTargets(json: unknown): Checked<PrometheusTargets> {
  if (typeof json === "object" && json !== null && "status" in json && json.status === "error") {
    const refused = checkInput(errorSchema, json, "/api/v1/targets");
    if (!refused.ok) return refused;
    const { errorType, error } = refused.value;
    return {
      ok: false,
      verdict: errorVerdict(
        "Prometheus refused the targets query",
        `status error${errorType ? ` (${errorType})` : ""}: ${error ?? "no error message"}`,
      ),
    };
  }
  const checked = checkInput(successSchema, json, "/api/v1/targets");
  if (!checked.ok) return checked;
  const body = checked.value;
  return {
    ok: true,
    value: {
      droppedTargets: body.data.droppedTargets?.length ?? null,
      activeTargets: body.data.activeTargets.map((t) => ({
        scrapePool: t.scrapePool,
        // Scrape URLs and errors can embed basic-auth credentials of the scraped service.
        scrapeUrl: redactUrl(t.scrapeUrl),
        health: t.health,
        lastError: redactUrl(t.lastError),
        lastScrape: t.lastScrape,
        lastScrapeDuration: t.lastScrapeDuration,
        scrapeInterval: t.scrapeInterval ?? null,
        scrapeTimeout: t.scrapeTimeout ?? null,
        scrapeTimeoutSeconds: t.scrapeTimeout === undefined ? null : parsePrometheusDuration(t.scrapeTimeout),
        labels: t.labels,
      })),
    },
  };
}
