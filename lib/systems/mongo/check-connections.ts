// serverStatus().connections → how full the connection limit is, and whether connections are being refused now.
//
// `rejected` counts refusals since the server started, so one burst weeks ago would stay visible until a
// restart. It is judged as the increase between two readings (the caller takes them a few seconds apart and
// says when); a single reading shows the lifetime count but never turns the verdict red on it alone.
import { z } from "zod";
import { errorVerdict, findingsFor, levelAbove, unsupportedVerdict, worstOf } from "../../verdict/builders";
import { type Checked, checkInput } from "../../verdict/check-input";
import { formatCount, formatPercent, formatSeconds, plural } from "../../verdict/format";
import type { Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { ServerIdentity } from "./server-identity";
import { describeServer } from "./server-identity";
import { asNumber, mongoNumber, optionalMongoNumber } from "./values";

export const CONNECTIONS_WARNING_PERCENT = 80;
export const CONNECTIONS_CRITICAL_PERCENT = 90;

export const MONGO_CONNECTIONS_THRESHOLD: Threshold = {
  text:
    "(current + queued)/(current + queued + available): warning above 80 %, critical above 90 %; a connection " +
    "rejected between two readings is critical (the count since start alone is not judged)",
  source:
    "awesome-prometheus-alerts (percona MongodbTooManyConnections, 80 % for 2 min); 90 % critical is this " +
    "dashboard's choice; rejected counts connections refused at maxIncomingConnections since start, judged as " +
    "a rate the way exporters alert on increase(); queued per SERVER-104811 (available excludes it)",
};

/** One serverStatus reply and when it arrived, in milliseconds on a clock both readings share. */
export interface ServerStatusReading {
  serverStatus: unknown;
  atMs: number;
}

const connectionsSchema = z.looseObject({
  current: mongoNumber,
  available: mongoNumber,
  totalCreated: optionalMongoNumber,
  rejected: optionalMongoNumber,
  active: optionalMongoNumber,
  threaded: optionalMongoNumber,
  queuedForEstablishment: optionalMongoNumber,
  queued: optionalMongoNumber,
});

type Connections = z.output<typeof connectionsSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The connections section of a reply, or the verdict saying why there is none. */
function readConnections(serverStatus: unknown, server: ServerIdentity): Checked<Connections> {
  if (!isRecord(serverStatus)) {
    const got = JSON.stringify(serverStatus) ?? String(serverStatus);
    return { ok: false, verdict: errorVerdict("unexpected serverStatus output", `expected a document, got ${got}`) };
  }
  if (serverStatus.connections === undefined) {
    const keys = Object.keys(serverStatus).slice(0, 12).join(", ");
    const verdict = unsupportedVerdict(
      "connection counts not reported",
      `serverStatus has no \`connections\` field on this server (${describeServer(server)})${keys ? `; it returned: ${keys}` : ""}.`,
      [{ label: "server", value: describeServer(server) }],
    );
    return { ok: false, verdict };
  }
  return checkInput(connectionsSchema, serverStatus.connections, "serverStatus.connections");
}

/** Rejections between the two readings; null when either lacks the counter. */
interface RejectedWindow {
  seconds: number;
  rejected: number | null;
  created: number | null;
  /** uptime went down or the counter did: the server restarted in between, counting from zero again. */
  restarted: boolean;
}

function uptimeMillis(serverStatus: unknown): number | null {
  return isRecord(serverStatus) ? asNumber(serverStatus.uptimeMillis) : null;
}

/** A counter's increase; after a restart the later value is all that happened since (counters restart at 0). */
function increase(before: number | undefined, after: number | undefined, restarted: boolean): number | null {
  if (before === undefined || after === undefined) return null;
  return restarted || after < before ? after : after - before;
}

function windowBetween(
  earlier: ServerStatusReading,
  before: Connections,
  latest: ServerStatusReading,
  after: Connections,
): RejectedWindow {
  const upBefore = uptimeMillis(earlier.serverStatus);
  const upAfter = uptimeMillis(latest.serverStatus);
  const restarted =
    (upBefore !== null && upAfter !== null && upAfter < upBefore) ||
    (before.rejected !== undefined && after.rejected !== undefined && after.rejected < before.rejected);
  return {
    seconds: Math.max(0, (latest.atMs - earlier.atMs) / 1000),
    rejected: increase(before.rejected, after.rejected, restarted),
    created: increase(before.totalCreated, after.totalCreated, restarted),
    restarted,
  };
}

function rejectedNotes(c: Connections, window: RejectedWindow | null): string[] {
  const lifetime = c.rejected;
  if (window === null) {
    if (lifetime === undefined || lifetime === 0) return [];
    return [
      `${plural(lifetime, "connection")} rejected since the server started; one reading cannot tell whether that is happening now.`,
    ];
  }
  const over = formatSeconds(window.seconds);
  if (window.rejected === null) return ["This server does not report `rejected`, so refusals cannot be counted."];
  const notes: string[] = [];
  if (window.restarted) notes.push(`The server restarted between the two readings ${over} apart.`);
  if (window.rejected > 0) {
    notes.push(
      `${plural(window.rejected, "connection")} rejected in the last ${over}: the server is refusing connections at its limit.`,
    );
  } else if (lifetime !== undefined && lifetime > 0) {
    notes.push(`None rejected in the last ${over} (${formatCount(lifetime)} since start, not judged).`);
  }
  return notes;
}

/**
 * Judges db.serverStatus() (its `connections` sub-document). With an earlier reading, `rejected` is judged
 * as its increase over the time between the two; with one reading it is only shown.
 */
export function analyzeMongoConnections(
  latest: ServerStatusReading,
  server: ServerIdentity,
  earlier?: ServerStatusReading,
): Verdict {
  const read = readConnections(latest.serverStatus, server);
  if (!read.ok) return read.verdict;
  const c = read.value;
  // An unreadable earlier reply only costs the window: the lifetime count is still shown.
  const before = earlier === undefined ? null : readConnections(earlier.serverStatus, server);
  const window = earlier && before?.ok ? windowBetween(earlier, before.value, latest, c) : null;

  // Since SERVER-104811 `available` excludes connections queued for establishment: they hold a slot too.
  const inUse = c.current + (c.queued ?? 0);
  const limit = inUse + c.available;
  const percent = limit > 0 ? (inUse / limit) * 100 : 0;
  const usage = limit > 0 ? levelAbove(percent, CONNECTIONS_WARNING_PERCENT, CONNECTIONS_CRITICAL_PERCENT) : "ok";
  const refusing: VerdictStatus = window?.rejected ? "critical" : "ok";
  const status = worstOf([usage, refusing]);

  const notes = rejectedNotes(c, window);
  if (usage !== "ok") notes.push(`Only ${formatCount(c.available)} connections left before new ones are refused.`);
  if (notes.length === 0) notes.push(`${formatCount(c.available)} connections available.`);

  let headline = `connections ${formatPercent(percent)} used (${formatCount(inUse)} of ${formatCount(limit)})`;
  if (window && window.rejected !== null)
    headline += `, ${formatCount(window.rejected)} rejected over ${formatSeconds(window.seconds)}`;

  const figures: Figure[] = [
    { label: "current", value: c.current },
    { label: "available", value: c.available },
    { label: "limit (current + queued + available)", value: limit },
    { label: "used", value: Number(percent.toFixed(4)), unit: "%" },
  ];
  if (window) {
    figures.push(
      { label: "window between readings", value: window.seconds, unit: "s" },
      { label: "rejected in window", value: window.rejected },
      { label: "created in window", value: window.created },
    );
  }
  figures.push(
    { label: "rejected since start", value: c.rejected ?? null },
    { label: "totalCreated", value: c.totalCreated ?? null },
    { label: "active", value: c.active ?? null },
  );
  if (c.queued !== undefined) figures.push({ label: "queued", value: c.queued });
  if (c.queuedForEstablishment !== undefined)
    figures.push({ label: "queuedForEstablishment", value: c.queuedForEstablishment });
  figures.push({ label: "server", value: describeServer(server) });
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: percent,
    headlineUnit: "%",
    threshold: MONGO_CONNECTIONS_THRESHOLD,
    figures,
    detail: notes.join(" "),
  };
  const findings = findingsFor(status, ["mongo-connections"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
