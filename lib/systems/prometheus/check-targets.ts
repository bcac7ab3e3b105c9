// Typed scrape targets (read once by targets.ts) → targets table; critical when one is down, warning when
// scrapes near their timeout.
import { findingsFor, worstOf } from "../../verdict/builders";
import { formatCount, formatSeconds, truncate } from "../../verdict/format";
import type { Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { PrometheusTargets } from "./targets";

export const SLOW_SCRAPE_FRACTION = 0.8;

export const PROMETHEUS_TARGETS_THRESHOLD: Threshold = {
  text: "critical when a target is down; warning when a scrape takes over 80 % of its timeout or no target is active",
  source:
    "awesome-prometheus-alerts PrometheusTargetMissing (up == 0, critical); 80 % of scrape_timeout is this " +
    "dashboard's early warning before scrapes start failing",
};

/** Judges the scrape targets of GET /api/v1/targets as the reader typed them. */
export function analyzePrometheusTargets(reading: PrometheusTargets): Verdict {
  const targets = reading.activeTargets;
  const dropped = reading.droppedTargets;
  const down = targets.filter((t) => t.health === "down");
  const unknown = targets.filter((t) => t.health === "unknown");
  const slow = targets.filter((t) => {
    const timeout = t.scrapeTimeoutSeconds;
    return timeout !== null && timeout > 0 && t.lastScrapeDuration > SLOW_SCRAPE_FRACTION * timeout;
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
      `${t.scrapePool} ${t.scrapeUrl} is down: ${t.lastError ? truncate(t.lastError, 200) : "no error reported"}.`,
    );
  }
  for (const t of slow) {
    statuses.push("warning");
    reasons.push(
      `${t.scrapeUrl} took ${formatSeconds(t.lastScrapeDuration)} of its ${t.scrapeTimeout} scrape timeout.`,
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
          t.scrapePool,
          t.scrapeUrl,
          t.health,
          t.lastError ? truncate(t.lastError, 200) : null,
          t.lastScrape,
          formatSeconds(t.lastScrapeDuration),
          t.scrapeTimeout,
        ]),
      },
    ],
  };
  const findings = findingsFor(status, down.length > 0 || targets.length === 0 ? ["targets-down"] : []);
  if (findings) verdict.findings = findings;
  return verdict;
}
