// Prometheus /api/v1/targets → scrape targets table; critical when one is down, warning when scrapes near their timeout.
import { z } from "zod";
import { errorVerdict, findingsFor, worstOf } from "../../verdict/builders";
import { checkInput } from "../../verdict/check-input";
import { formatCount, formatSeconds, truncate } from "../../verdict/format";
import type { Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";

export const SLOW_SCRAPE_FRACTION = 0.8;

export const PROMETHEUS_TARGETS_THRESHOLD: Threshold = {
  text: "critical when a target is down; warning when a scrape takes over 80 % of its timeout or no target is active",
  source:
    "awesome-prometheus-alerts PrometheusTargetMissing (up == 0, critical); 80 % of scrape_timeout is this " +
    "dashboard's early warning before scrapes start failing",
};

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

const targetSchema = z.looseObject({
  scrapePool: z.string().optional(),
  scrapeUrl: z.string(),
  health: z.string(),
  lastError: z.string().optional(),
  lastScrape: z.string().optional(),
  lastScrapeDuration: z.number().optional(),
  scrapeInterval: z.string().optional(),
  scrapeTimeout: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const responseSchema = z.looseObject({
  status: z.string(),
  data: z
    .looseObject({
      activeTargets: z.array(targetSchema),
      droppedTargets: z.array(z.unknown()).optional(),
    })
    .optional(),
  error: z.string().optional(),
  errorType: z.string().optional(),
});

/** Judges the JSON of GET /api/v1/targets (optionally ?state=active). */
export function analyzePrometheusTargets(response: unknown): Verdict {
  const checked = checkInput(responseSchema, response, "/api/v1/targets");
  if (!checked.ok) return checked.verdict;
  const body = checked.value;
  if (body.status !== "success" || !body.data) {
    return errorVerdict(
      "Prometheus refused the targets query",
      `status ${body.status}${body.errorType ? ` (${body.errorType})` : ""}: ${body.error ?? "no error message"}`,
    );
  }
  const targets = body.data.activeTargets;
  const dropped = body.data.droppedTargets?.length ?? null;
  const down = targets.filter((t) => t.health === "down");
  const unknown = targets.filter((t) => t.health === "unknown");
  const slow = targets.filter((t) => {
    const timeout = t.scrapeTimeout ? parsePrometheusDuration(t.scrapeTimeout) : null;
    return (
      timeout !== null &&
      timeout > 0 &&
      t.lastScrapeDuration !== undefined &&
      t.lastScrapeDuration > SLOW_SCRAPE_FRACTION * timeout
    );
  });
  const statuses: VerdictStatus[] = [];
  const reasons: string[] = [];
  if (targets.length === 0) {
    statuses.push("warning");
    reasons.push(
      "Prometheus has no active target: nothing is being scraped (check scrape_configs and service discovery).",
    );
  }
  for (const t of down) {
    statuses.push("critical");
    reasons.push(
      `${t.scrapePool ?? "?"} ${t.scrapeUrl} is down: ${t.lastError ? truncate(t.lastError, 200) : "no error reported"}.`,
    );
  }
  for (const t of slow) {
    statuses.push("warning");
    reasons.push(
      `${t.scrapeUrl} took ${formatSeconds(t.lastScrapeDuration ?? 0)} of its ${t.scrapeTimeout} scrape timeout.`,
    );
  }
  if (unknown.length > 0) reasons.push(`${formatCount(unknown.length)} not scraped yet (health unknown).`);
  const status = worstOf(statuses);
  const headline =
    targets.length === 0
      ? "no active targets"
      : down.length > 0
        ? `${formatCount(down.length)} of ${formatCount(targets.length)} targets down`
        : `${formatCount(targets.length - unknown.length)} target${targets.length - unknown.length === 1 ? "" : "s"} up${unknown.length > 0 ? `, ${unknown.length} unknown` : ""}`;
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: down.length,
    headlineUnit: "targets down",
    threshold: PROMETHEUS_TARGETS_THRESHOLD,
    figures: [
      { label: "active targets", value: targets.length },
      { label: "up", value: targets.filter((t) => t.health === "up").length },
      { label: "down", value: down.length },
      { label: "unknown", value: unknown.length },
      { label: "slow scrapes", value: slow.length },
      { label: "dropped targets", value: dropped },
    ],
    detail: reasons.length > 0 ? reasons.join(" ") : "Every target is up and scraped within its timeout.",
    tables: [
      {
        title: "Active targets",
        columns: [
          "scrapePool",
          "scrapeUrl",
          "health",
          "lastError",
          "lastScrape",
          "lastScrapeDuration",
          "scrapeTimeout",
        ],
        rows: targets.map((t) => [
          t.scrapePool ?? null,
          t.scrapeUrl,
          t.health,
          t.lastError ? truncate(t.lastError, 200) : null,
          t.lastScrape ?? null,
          t.lastScrapeDuration === undefined ? null : formatSeconds(t.lastScrapeDuration),
          t.scrapeTimeout ?? null,
        ]),
      },
    ],
  };
  const findings = findingsFor(status, down.length > 0 || targets.length === 0 ? ["targets-down"] : []);
  if (findings) verdict.findings = findings;
  return verdict;
}
