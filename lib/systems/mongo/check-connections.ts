// serverStatus().connections → how full the connection limit is, and whether connections were refused.
import { z } from "zod";
import { errorVerdict, findingsFor, levelAbove, unsupportedVerdict, worstOf } from "../../verdict/builders";
import { checkInput } from "../../verdict/check-input";
import { formatCount, formatPercent } from "../../verdict/format";
import type { Figure, Threshold, Verdict } from "../../verdict/verdict";
import type { ServerIdentity } from "./server-identity";
import { describeServer } from "./server-identity";
import { mongoNumber, optionalMongoNumber } from "./values";

export const CONNECTIONS_WARNING_PERCENT = 80;
export const CONNECTIONS_CRITICAL_PERCENT = 90;

export const MONGO_CONNECTIONS_THRESHOLD: Threshold = {
  text: "current/(current+available): warning above 80 %, critical above 90 %; any rejected connection is critical",
  source:
    "awesome-prometheus-alerts (percona MongodbTooManyConnections, 80 % for 2 min); 90 % critical is this " +
    "dashboard's choice; rejected counts connections refused at maxIncomingConnections",
};

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Judges db.serverStatus() (the whole document; its `connections` sub-document is read). */
export function analyzeMongoConnections(serverStatus: unknown, server: ServerIdentity): Verdict {
  if (!isRecord(serverStatus)) {
    return errorVerdict(
      "unexpected serverStatus output",
      `expected a document, got ${JSON.stringify(serverStatus) ?? String(serverStatus)}`,
    );
  }
  if (serverStatus.connections === undefined) {
    const keys = Object.keys(serverStatus).slice(0, 12).join(", ");
    return unsupportedVerdict(
      "connection counts not reported",
      `serverStatus has no \`connections\` field on this server (${describeServer(server)})${keys ? `; it returned: ${keys}` : ""}.`,
      [{ label: "server", value: describeServer(server) }],
    );
  }
  const checked = checkInput(connectionsSchema, serverStatus.connections, "serverStatus.connections");
  if (!checked.ok) return checked.verdict;
  const c = checked.value;
  const limit = c.current + c.available;
  const percent = limit > 0 ? (c.current / limit) * 100 : 0;
  const rejected = c.rejected ?? 0;
  const queued = c.queuedForEstablishment ?? c.queued;
  const usage = limit > 0 ? levelAbove(percent, CONNECTIONS_WARNING_PERCENT, CONNECTIONS_CRITICAL_PERCENT) : "ok";
  const status = worstOf([usage, rejected > 0 ? "critical" : "ok"]);
  const notes: string[] = [];
  if (rejected > 0) {
    notes.push(`${formatCount(rejected)} connections were rejected since start: the server hit its connection limit.`);
  }
  if (usage !== "ok") notes.push(`Only ${formatCount(c.available)} connections left before new ones are refused.`);
  if (notes.length === 0) notes.push(`${formatCount(c.available)} connections available.`);
  const figures: Figure[] = [
    { label: "current", value: c.current },
    { label: "available", value: c.available },
    { label: "limit (current + available)", value: limit },
    { label: "used", value: Number(percent.toFixed(4)), unit: "%" },
    { label: "rejected", value: c.rejected ?? null },
    { label: "totalCreated", value: c.totalCreated ?? null },
    { label: "active", value: c.active ?? null },
  ];
  if (queued !== undefined) figures.push({ label: "queued", value: queued });
  figures.push({ label: "server", value: describeServer(server) });
  const verdict: Verdict = {
    status,
    headline: `connections ${formatPercent(percent)} used (${formatCount(c.current)} of ${formatCount(limit)})`,
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
