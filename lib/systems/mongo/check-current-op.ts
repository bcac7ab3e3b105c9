// $currentOp results → operations active for more than 3 s, flagged when they wait for a lock or scan a collection.

import { errorVerdict, findingsFor, unsupportedVerdict } from "../../verdict/builders";
import { formatCount, formatSeconds, truncate } from "../../verdict/format";
import type { Finding, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { ServerIdentity } from "./server-identity";
import { describeServer, isFerretDb } from "./server-identity";
import { asNumber } from "./values";

export const SLOW_OP_SECONDS = 3;
export const LONG_OP_SECONDS = 60;
export const MANY_SLOW_OPS = 10;

export const CURRENT_OP_THRESHOLD: Threshold = {
  text:
    "operations active for more than 3 s are listed; warning if one waits for a lock or runs a COLLSCAN; " +
    "critical with more than 10 of them or one running over 60 s",
  source:
    "MongoDB docs: $currentOp {active: true, secs_running: {$gt: 3}} (the currentOp command is deprecated " +
    "since 6.2); the 10-operation and 60 s limits are this dashboard's choice",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

interface SlowOp {
  opid: string | number | null;
  ns: string | null;
  op: string | null;
  secs: number;
  waitingForLock: boolean;
  planSummary: string | null;
  client: string | null;
  appName: string | null;
  note: string | null;
}

function secondsRunning(op: Record<string, unknown>): number | null {
  const secs = asNumber(op.secs_running);
  if (secs !== null) return secs;
  const micros = asNumber(op.microsecs_running);
  return micros === null ? null : micros / 1e6;
}

function noteFor(op: Record<string, unknown>): string | null {
  const msg = str(op.msg);
  const command = isRecord(op.command) ? op.command : {};
  if ((msg && /index build/i.test(msg)) || "createIndexes" in command) return "index build";
  // For op "command" the first key names it (aggregate, count...); for query/update ops it is just a field.
  const commandName = op.op === "command" ? Object.keys(command)[0] : undefined;
  return commandName ?? null;
}

/**
 * Judges $currentOp aggregation output (an array of documents) or the legacy currentOp reply ({ inprog: [...] }).
 * The server identity lets an empty answer from a stub implementation read as unsupported, not as healthy.
 */
export function analyzeCurrentOp(ops: unknown, server?: ServerIdentity): Verdict {
  const list = Array.isArray(ops) ? ops : isRecord(ops) && Array.isArray(ops.inprog) ? ops.inprog : null;
  if (list === null) {
    return errorVerdict(
      "unexpected currentOp output",
      `expected an array of operations or { inprog: [...] }, got ${truncate(JSON.stringify(ops) ?? String(ops), 120)}`,
    );
  }
  const badIndex = list.findIndex((op) => !isRecord(op));
  if (badIndex >= 0) {
    return errorVerdict(
      "unexpected currentOp output",
      `operation [${badIndex}] is not a document: ${truncate(JSON.stringify(list[badIndex]) ?? "undefined", 80)}`,
    );
  }
  const docs = list.filter(isRecord);
  if (docs.length === 0 && isFerretDb(server)) {
    return unsupportedVerdict(
      "current operations not reported",
      `${describeServer(server)} answers currentOp with an empty list whatever is running (its handler is a stub), so running operations cannot be inspected.`,
    );
  }
  const slow: SlowOp[] = [];
  for (const op of docs) {
    const secs = secondsRunning(op);
    if (op.active !== true || secs === null || secs <= SLOW_OP_SECONDS) continue;
    const clientMetadata =
      isRecord(op.clientMetadata) && isRecord(op.clientMetadata.application) ? op.clientMetadata.application : {};
    const opid = op.opid;
    slow.push({
      opid: typeof opid === "string" ? opid : asNumber(opid),
      ns: str(op.ns),
      op: str(op.op),
      secs,
      waitingForLock: op.waitingForLock === true,
      planSummary: str(op.planSummary),
      client: str(op.client) ?? str(op.client_s),
      appName: str(op.appName) ?? str(clientMetadata.name),
      note: noteFor(op),
    });
  }
  slow.sort((a, b) => b.secs - a.secs);
  const waiting = slow.filter((o) => o.waitingForLock);
  const collscans = slow.filter((o) => o.planSummary?.includes("COLLSCAN"));
  const longest = slow[0];
  let status: VerdictStatus = "ok";
  if (waiting.length > 0 || collscans.length > 0) status = "warning";
  if (slow.length > MANY_SLOW_OPS || (longest !== undefined && longest.secs > LONG_OP_SECONDS)) status = "critical";

  const reasons: string[] = [];
  if (waiting.length > 0) reasons.push(`${formatCount(waiting.length)} waiting for a lock.`);
  if (collscans.length > 0) reasons.push(`${formatCount(collscans.length)} scanning a whole collection (COLLSCAN).`);
  if (longest && longest.secs > LONG_OP_SECONDS) reasons.push(`The longest has run ${formatSeconds(longest.secs)}.`);
  if (slow.length > MANY_SLOW_OPS) reasons.push(`More than ${MANY_SLOW_OPS} slow operations at once.`);
  if (slow.some((o) => o.note === "index build"))
    reasons.push("An index build is running; it is expected to take long.");
  const findings: Finding[] = ["mongo-slow-ops"];
  if (collscans.length > 0) findings.push("mongo-collscan");

  const verdict: Verdict = {
    status,
    headline:
      slow.length === 0
        ? `no operations running longer than ${SLOW_OP_SECONDS} s`
        : `${formatCount(slow.length)} operation${slow.length === 1 ? "" : "s"} running > ${SLOW_OP_SECONDS} s (longest ${formatSeconds(longest?.secs ?? 0)})`,
    headlineValue: slow.length,
    headlineUnit: "operations",
    threshold: CURRENT_OP_THRESHOLD,
    figures: [
      { label: "operations reported", value: docs.length },
      { label: `active > ${SLOW_OP_SECONDS} s`, value: slow.length },
      { label: "waiting for a lock", value: waiting.length },
      { label: "COLLSCAN", value: collscans.length },
      { label: "longest", value: longest?.secs ?? null, unit: "s" },
    ],
    detail:
      reasons.length > 0
        ? reasons.join(" ")
        : slow.length === 0
          ? "Nothing is running long."
          : "None waits for a lock or scans a collection.",
  };
  if (slow.length > 0) {
    verdict.tables = [
      {
        title: `Operations active for more than ${SLOW_OP_SECONDS} s`,
        columns: ["opid", "ns", "op", "secs_running", "waitingForLock", "planSummary", "client", "appName", "note"],
        rows: slow.map((o) => [
          o.opid,
          o.ns,
          o.op,
          o.secs,
          o.waitingForLock ? "yes" : "no",
          o.planSummary,
          o.client,
          o.appName,
          o.note,
        ]),
      },
    ];
  }
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
