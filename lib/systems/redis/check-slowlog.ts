// SLOWLOG GET entries (typed by the reader, read.ts) → table of slow commands; warning when one took 100 ms or more.
import { findingsFor } from "../../verdict/builders";
import { formatCount, formatMillis, formatSeconds, truncate } from "../../verdict/format";
import type { Threshold, Verdict } from "../../verdict/verdict";
import type { SlowlogEntry } from "./read";

export const SLOWLOG_WARNING_MS = 100;

export const SLOWLOG_THRESHOLD: Threshold = {
  text: "warning when an entry took 100 ms or more (entries are commands slower than slowlog-log-slower-than)",
  source:
    "redis.conf: slowlog-log-slower-than 10000 µs (10 ms) and slowlog-max-len 128 by default; 100 ms is the " +
    "latency-monitor-threshold example in the Redis latency monitoring docs",
};

/** Judges SLOWLOG GET entries, newest first; `nowMs` (epoch ms, passed in) adds how long ago each happened. */
export function analyzeSlowlog(slowlog: readonly SlowlogEntry[], nowMs?: number): Verdict {
  const entries = slowlog.map((e) => ({
    id: e.id,
    ts: e.timestamp,
    ms: e.durationMicros / 1000,
    command: truncate(e.args.join(" "), 120),
    client: e.clientAddress,
    name: e.clientName,
  }));
  if (entries.length === 0) {
    return {
      status: "ok",
      headline: "slow log is empty",
      headlineValue: 0,
      headlineUnit: "entries",
      threshold: SLOWLOG_THRESHOLD,
      figures: [{ label: "entries", value: 0 }],
      detail: "No command exceeded slowlog-log-slower-than since the log was last reset.",
    };
  }
  const slowest = entries.reduce((a, b) => (b.ms > a.ms ? b : a));
  const over = entries.filter((e) => e.ms >= SLOWLOG_WARNING_MS);
  const status = over.length > 0 ? "warning" : "ok";
  const commandName = slowest.command.split(" ")[0] ?? "";
  const verdict: Verdict = {
    status,
    headline: `${formatCount(entries.length)} slow command${entries.length === 1 ? "" : "s"}, slowest ${formatMillis(slowest.ms)} (${commandName})`,
    headlineValue: slowest.ms,
    headlineUnit: "ms",
    threshold: SLOWLOG_THRESHOLD,
    figures: [
      { label: "entries", value: entries.length },
      { label: "slowest", value: slowest.ms, unit: "ms" },
      { label: `entries ≥ ${SLOWLOG_WARNING_MS} ms`, value: over.length },
    ],
    detail:
      over.length > 0
        ? `${formatCount(over.length)} entr${over.length === 1 ? "y" : "ies"} took ${SLOWLOG_WARNING_MS} ms or more; Redis is single-threaded, so every other client waited that long.`
        : `All entries are under ${SLOWLOG_WARNING_MS} ms.`,
    tables: [
      {
        title: "Slow log (newest first)",
        columns:
          nowMs === undefined
            ? ["id", "time", "duration", "command", "client", "name"]
            : ["id", "time", "age", "duration", "command", "client", "name"],
        rows: entries.map((e) => {
          const time = new Date(e.ts * 1000).toISOString();
          const base = [e.id, time];
          const age = nowMs === undefined ? [] : [formatSeconds(Math.max(0, nowMs / 1000 - e.ts))];
          return [...base, ...age, formatMillis(e.ms), e.command, e.client, e.name];
        }),
      },
    ],
  };
  const findings = findingsFor(status, ["latency"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
