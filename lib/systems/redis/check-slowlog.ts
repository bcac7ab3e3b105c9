// SLOWLOG GET reply → table of slow commands; warning when one took 100 ms or more.
//
// Reply shape (ioredis, RESP2), newest first:
//   [[id, unixSeconds, durationMicros, [command, ...args], "client ip:port", "client name"], ...]
// Redis < 4 has no client fields; Redis itself truncates args (32 args, 128 chars) and redacts AUTH secrets.
import { z } from "zod";
import { findingsFor } from "../../verdict/builders";
import { checkInput } from "../../verdict/check-input";
import { formatCount, formatMillis, formatSeconds, truncate } from "../../verdict/format";
import type { Threshold, Verdict } from "../../verdict/verdict";

export const SLOWLOG_WARNING_MS = 100;

export const SLOWLOG_THRESHOLD: Threshold = {
  text: "warning when an entry took 100 ms or more (entries are commands slower than slowlog-log-slower-than)",
  source:
    "redis.conf: slowlog-log-slower-than 10000 µs (10 ms) and slowlog-max-len 128 by default; 100 ms is the " +
    "latency-monitor-threshold example in the Redis latency monitoring docs",
};

const integer = z.number().int();
const entrySchema = z.tuple([integer, integer, integer, z.array(z.union([z.string(), z.number()]))], z.unknown());
export const slowlogReplySchema = z.array(entrySchema);

/** Judges SLOWLOG GET; `nowMs` (epoch ms, passed in) adds how long ago each entry happened. */
export function analyzeSlowlog(reply: unknown, nowMs?: number): Verdict {
  const checked = checkInput(slowlogReplySchema, reply, "SLOWLOG GET");
  if (!checked.ok) return checked.verdict;
  const entries = checked.value.map(([id, ts, micros, args, client, name]) => ({
    id,
    ts,
    ms: micros / 1000,
    command: truncate(args.map(String).join(" "), 120),
    client: typeof client === "string" ? client : null,
    name: typeof name === "string" && name !== "" ? name : null,
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
