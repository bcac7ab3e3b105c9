// LATENCY LATEST events (typed by the reader, read.ts) → the latest spike per event; warning at 100 ms or more.
// Empty when nothing crossed latency-monitor-threshold, or when the monitor is off (threshold 0, the default).
import { findingsFor } from "../../verdict/builders";
import { formatMillis } from "../../verdict/format";
import type { Threshold, Verdict } from "../../verdict/verdict";
import type { LatencyEvent } from "./read";

export const LATENCY_EVENT_WARNING_MS = 100;

export const LATENCY_LATEST_THRESHOLD: Threshold = {
  text: "warning when an event's latest spike is 100 ms or more",
  source: "Redis latency monitoring docs (CONFIG SET latency-monitor-threshold 100 example); src/latency.c",
};

/** Judges LATENCY LATEST events. */
export function analyzeLatencyLatest(latency: readonly LatencyEvent[]): Verdict {
  const events = latency.map((e) => ({ event: e.event, ts: e.timestamp, latest: e.latestMs, max: e.maxMs }));
  if (events.length === 0) {
    return {
      status: "ok",
      headline: "no latency events recorded",
      headlineValue: 0,
      headlineUnit: "events",
      threshold: LATENCY_LATEST_THRESHOLD,
      figures: [{ label: "events", value: 0 }],
      detail:
        "Nothing crossed latency-monitor-threshold; if that threshold is 0 (the default) the monitor is off and records nothing.",
    };
  }
  const worst = events.reduce((a, b) => (b.latest > a.latest ? b : a));
  const status = worst.latest >= LATENCY_EVENT_WARNING_MS ? "warning" : "ok";
  const verdict: Verdict = {
    status,
    headline: `latest spike ${formatMillis(worst.latest)} (${worst.event})`,
    headlineValue: worst.latest,
    headlineUnit: "ms",
    threshold: LATENCY_LATEST_THRESHOLD,
    figures: [
      { label: "events", value: events.length },
      { label: "worst latest", value: worst.latest, unit: "ms" },
      { label: "all-time max", value: Math.max(...events.map((e) => e.max)), unit: "ms" },
    ],
    detail: "LATENCY DOCTOR explains each event; LATENCY HISTORY <event> shows its samples.",
    tables: [
      {
        title: "Latency events",
        columns: ["event", "time", "latest", "max"],
        rows: events.map((e) => [
          e.event,
          new Date(e.ts * 1000).toISOString(),
          formatMillis(e.latest),
          formatMillis(e.max),
        ]),
      },
    ],
  };
  const findings = findingsFor(status, ["latency"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
