// /metrics families vs the metric names the runbook expects: a missing one is critical.

import { findingsFor } from "../../verdict/builders";
import { formatCount } from "../../verdict/format";
import type { Threshold, Verdict } from "../../verdict/verdict";
import type { MetricFamily } from "./exposition";

export const METRICS_PRESENCE_THRESHOLD: Threshold = {
  text: "critical when an expected metric is missing or the endpoint exposes nothing",
  source: "the guide's alert rules depend on these series (e.g. rate(agent_errors_total[5m]))",
};

/**
 * Checks a scrape for the expected metric names; a name matches a family or a sample name
 * (http_request_duration_seconds or http_request_duration_seconds_bucket).
 */
export function analyzeMetricsPresence(families: readonly MetricFamily[], expected: readonly string[]): Verdict {
  const sampleCount = families.reduce((acc, f) => acc + f.samples.length, 0);
  const samplesFor = (name: string): number | null => {
    const family = families.find((f) => f.name === name);
    if (family) return family.samples.length;
    const samples = families.flatMap((f) => f.samples).filter((s) => s.name === name);
    return samples.length > 0 ? samples.length : null;
  };
  const rows = expected.map((name) => ({ name, samples: samplesFor(name) }));
  const missing = rows.filter((r) => r.samples === null).map((r) => r.name);
  const declaredEmpty = rows.filter((r) => r.samples === 0).map((r) => r.name);
  const empty = families.length === 0;
  const status = empty || missing.length > 0 ? "critical" : "ok";
  const listed = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ` and ${missing.length - 3} more` : "");
  const headline = empty
    ? "no metrics exposed"
    : missing.length > 0
      ? `missing: ${listed}`
      : `${formatCount(families.length)} metric families, ${formatCount(sampleCount)} samples`;
  const notes: string[] = [];
  if (empty) notes.push("The endpoint answered without a single metric family.");
  if (missing.length > 0)
    notes.push(`Not exposed: ${missing.join(", ")}. Alerts and dashboards built on them see no data.`);
  if (declaredEmpty.length > 0) {
    notes.push(
      `Declared but without samples yet: ${declaredEmpty.join(", ")} (a labelled counter appears on its first increment).`,
    );
  }
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: expected.length > 0 ? missing.length : families.length,
    headlineUnit: expected.length > 0 ? "missing metrics" : "families",
    threshold: METRICS_PRESENCE_THRESHOLD,
    figures: [
      { label: "metric families", value: families.length },
      { label: "samples", value: sampleCount },
      { label: "expected", value: expected.length },
      { label: "missing", value: missing.length },
    ],
    detail:
      notes.length > 0
        ? notes.join(" ")
        : expected.length > 0
          ? "Every expected metric is exposed."
          : "No expected metrics configured; counts only.",
  };
  if (rows.length > 0) {
    verdict.tables = [
      {
        title: "Expected metrics",
        columns: ["metric", "present", "samples"],
        rows: rows.map((r) => [r.name, r.samples === null ? "no" : "yes", r.samples]),
      },
    ];
  }
  const findings = findingsFor(status, ["metrics-missing"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
