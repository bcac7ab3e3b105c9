// Profiler status + system.profile documents → slowest query shapes; warns when profiling is off or finds COLLSCANs.
import { z } from "zod";
import { errorVerdict, findingsFor, unsupportedVerdict } from "../../verdict/builders";
import { checkInput } from "../../verdict/check-input";
import { formatCount, formatMillis, formatNumber, truncate } from "../../verdict/format";
import type { Finding, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { ServerIdentity } from "./server-identity";
import { describeServer } from "./server-identity";
import { asIsoDate, asNumber, mongoNumber } from "./values";

/** A command error as the driver reports it (MongoServerError's code, codeName, message). */
export interface CommandErrorInfo {
  code?: number;
  codeName?: string;
  message: string;
}

export type ProfilerInput =
  /** `status`: reply of { profile: -1 } ({ was, slowms, sampleRate, filter? }); `entries`: system.profile documents. */
  | { status: unknown; entries: unknown[] }
  /** The profile command failed. */
  | { error: CommandErrorInfo };

export const MAX_PROFILE_ROWS = 20;

export const PROFILER_THRESHOLD: Threshold = {
  text:
    "warning when profiling is off (level 0) or a recorded slow operation scanned a whole collection " +
    "(COLLSCAN); operations slower than slowms count, or every recorded one when a profile filter is set",
  source:
    "MongoDB database profiler docs (slowms 100 ms default; since 4.4.2 a filter replaces slowms and " +
    "sampleRate); grouping by namespace, operation and plan as pt-mongodb-query-digest groups by query fingerprint",
};

/** Error 59 CommandNotFound, or servers that say so in words, mean the server lacks the command. */
export function isCommandNotFound(error: CommandErrorInfo): boolean {
  return (
    error.code === 59 ||
    error.codeName === "CommandNotFound" ||
    /no such (?:cmd|command)|not implemented|unsupported command/i.test(error.message)
  );
}

const statusSchema = z.looseObject({
  was: mongoNumber.optional(),
  level: mongoNumber.optional(),
  slowms: mongoNumber,
  sampleRate: mongoNumber.optional(),
  filter: z.unknown().optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

interface Group {
  ns: string;
  op: string;
  plan: string;
  count: number;
  maxMs: number;
  totalMs: number;
  docs: number;
  keys: number;
  returned: number;
  last: string | null;
}

/** Judges the profiler: whether it records anything, and which slow operations it caught. */
export function analyzeProfiler(input: ProfilerInput, server?: ServerIdentity): Verdict {
  if ("error" in input) {
    const quoted = JSON.stringify(truncate(input.error.message, 200));
    if (isCommandNotFound(input.error)) {
      return unsupportedVerdict(
        "profiler not available",
        `${describeServer(server)} does not support the profile command: ${quoted}${input.error.code !== undefined ? ` (code ${input.error.code})` : ""}.`,
        [{ label: "server", value: describeServer(server) }],
      );
    }
    return errorVerdict(
      "profile command failed",
      `The server answered ${quoted}${input.error.code !== undefined ? ` (code ${input.error.code})` : ""}.`,
    );
  }
  const checked = checkInput(statusSchema, input.status, "profile");
  if (!checked.ok) return checked.verdict;
  const level = checked.value.was ?? checked.value.level;
  if (level === undefined)
    return errorVerdict("unexpected profile output", "profile: neither `was` nor `level` is present");
  const slowms = checked.value.slowms;
  // Since 4.4.2 a filter, when set, decides what is recorded; slowms and sampleRate are then not used.
  const filter = isRecord(checked.value.filter) ? checked.value.filter : null;
  const filterText = filter ? truncate(JSON.stringify(filter), 200) : null;
  // What a counted operation is, for the headline and detail.
  const kind = filter ? "profiled" : "slow";

  const groups = new Map<string, Group>();
  let slowCount = 0;
  for (const [i, entry] of input.entries.entries()) {
    if (!isRecord(entry)) return errorVerdict("unexpected system.profile output", `entry [${i}] is not a document`);
    const millis = asNumber(entry.millis);
    if (millis === null) return errorVerdict("unexpected system.profile output", `entry [${i}].millis is not a number`);
    // Without a filter, level 2 records every operation and only the slow ones matter; with one, the
    // server already chose what to record.
    if (filter === null && millis <= slowms) continue;
    slowCount += 1;
    const ns = text(entry.ns) ?? "?";
    const op = text(entry.op) ?? "?";
    const plan = text(entry.planSummary) ?? "";
    const key = JSON.stringify([ns, op, plan]);
    const g = groups.get(key) ?? {
      ns,
      op,
      plan,
      count: 0,
      maxMs: 0,
      totalMs: 0,
      docs: 0,
      keys: 0,
      returned: 0,
      last: null,
    };
    g.count += 1;
    g.maxMs = Math.max(g.maxMs, millis);
    g.totalMs += millis;
    g.docs += asNumber(entry.docsExamined) ?? 0;
    g.keys += asNumber(entry.keysExamined) ?? 0;
    g.returned += asNumber(entry.nreturned) ?? 0;
    const ts = asIsoDate(entry.ts);
    if (ts && (g.last === null || ts > g.last)) g.last = ts;
    groups.set(key, g);
  }
  const ranked = [...groups.values()].sort((a, b) => b.maxMs - a.maxMs);
  const collscans = ranked.filter((g) => g.plan.includes("COLLSCAN"));
  const statuses: VerdictStatus[] = [];
  const findings: Finding[] = ["mongo-profiler"];
  const reasons: string[] = [];
  if (level === 0) {
    statuses.push("warning");
    reasons.push(
      "Profiling is off (level 0): slow operations are not recorded. db.setProfilingLevel(1, { slowms: 100 }) turns it on.",
    );
  }
  if (collscans.length > 0) {
    statuses.push("warning");
    findings.push("mongo-collscan");
    reasons.push(
      `${formatCount(collscans.length)} ${kind} query shape${collscans.length === 1 ? " scans" : "s scan"} a whole collection.`,
    );
  }
  const status = statuses.includes("warning") ? "warning" : "ok";
  const top = ranked[0];
  let headline: string;
  const shapes = `${formatCount(ranked.length)} ${kind} query shape${ranked.length === 1 ? "" : "s"}`;
  if (top) {
    headline = `${shapes}, slowest ${formatMillis(top.maxMs)} on ${top.ns}${top.plan ? ` (${top.plan})` : ""}`;
  } else {
    headline =
      level === 0
        ? "profiler off (level 0)"
        : filter
          ? "no operation recorded by the profile filter"
          : `no operation slower than ${formatNumber(slowms)} ms recorded`;
  }
  if (top && level === 0) headline = `profiler off (level 0); ${headline}`;

  const verdict: Verdict = {
    status,
    headline,
    headlineValue: top ? top.maxMs : null,
    headlineUnit: "ms",
    threshold: PROFILER_THRESHOLD,
    figures: [
      { label: "level", value: level },
      { label: "slowms", value: slowms, unit: "ms" },
      { label: "sampleRate", value: checked.value.sampleRate ?? null },
      { label: "filter", value: filterText },
      { label: "profile entries read", value: input.entries.length },
      { label: filter ? "operations counted" : "slow operations", value: slowCount },
      { label: "query shapes", value: ranked.length },
      { label: "COLLSCAN shapes", value: collscans.length },
    ],
    detail: [
      ...(reasons.length > 0
        ? reasons
        : [
            top
              ? `No ${kind} operation scanned a whole collection.`
              : filter
                ? "Nothing recorded."
                : "Nothing slow recorded.",
          ]),
      ...(filterText
        ? [
            `A profile filter is set (${filterText}): the server records the operations it matches and does not use slowms (${formatNumber(slowms)} ms).`,
          ]
        : []),
    ].join(" "),
  };
  if (ranked.length > 0) {
    verdict.tables = [
      {
        title: filter
          ? "Operations recorded by the profile filter, by namespace, operation and plan"
          : `Slow operations (> ${formatNumber(slowms)} ms) by namespace, operation and plan`,
        columns: [
          "ns",
          "op",
          "planSummary",
          "count",
          "max ms",
          "avg ms",
          "docsExamined",
          "keysExamined",
          "nreturned",
          "examined/returned",
          "last seen",
        ],
        rows: ranked
          .slice(0, MAX_PROFILE_ROWS)
          .map((g) => [
            g.ns,
            g.op,
            g.plan || null,
            g.count,
            g.maxMs,
            Number((g.totalMs / g.count).toFixed(1)),
            g.docs,
            g.keys,
            g.returned,
            Number((g.docs / Math.max(g.returned, 1)).toFixed(1)),
            g.last,
          ]),
      },
    ];
  }
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
