// $currentOp results → operations active for more than 3 s, flagged when they wait for a lock or scan a collection.
// Cursors that wait for data by design (oplog readers, change streams) and index builds are shown apart.

import { errorVerdict, findingsFor, unsupportedVerdict } from "../../verdict/builders";
import { formatCount, formatPercent, formatSeconds, truncate } from "../../verdict/format";
import type { DetailTable, Figure, Finding, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { ServerIdentity } from "./server-identity";
import { describeServer, isFerretDb } from "./server-identity";
import { asNumber } from "./values";

export const SLOW_OP_SECONDS = 3;
export const LONG_OP_SECONDS = 60;
export const MANY_SLOW_OPS = 10;

export const CURRENT_OP_THRESHOLD: Threshold = {
  text:
    "operations active for more than 3 s are listed; warning if one waits for a lock or runs a COLLSCAN; " +
    "critical with more than 10 of them or one running over 60 s. Tailable cursors waiting for data " +
    "(oplog readers, change streams) and index builds are listed apart and not judged",
  source:
    "MongoDB docs: $currentOp {active: true, secs_running: {$gt: 3}} (the currentOp command is deprecated " +
    "since 6.2), currentOp.cursor.tailable/awaitData and currentOp.progress; the 10-operation and 60 s " +
    "limits are this dashboard's choice",
};

type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const record = (v: unknown): Doc => (isRecord(v) ? v : {});
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

type WaitingCursorKind = "oplog reader" | "change stream" | "tailable cursor";

interface WaitingCursor {
  opid: string | number | null;
  kind: WaitingCursorKind;
  ns: string | null;
  secs: number | null;
  client: string | null;
  appName: string | null;
}

interface IndexBuild {
  ns: string | null;
  indexes: string[];
  secs: number | null;
  phase: string | null;
  done: number | null;
  total: number | null;
  opids: (string | number)[];
}

function secondsRunning(op: Doc): number | null {
  const secs = asNumber(op.secs_running);
  if (secs !== null) return secs;
  const micros = asNumber(op.microsecs_running);
  return micros === null ? null : micros / 1e6;
}

function opidOf(op: Doc): string | number | null {
  return typeof op.opid === "string" ? op.opid : asNumber(op.opid);
}

function clientOf(op: Doc): string | null {
  return str(op.client) ?? str(op.client_s);
}

function appNameOf(op: Doc): string | null {
  return str(op.appName) ?? str(record(record(op.clientMetadata).application).name);
}

function isChangeStream(command: Doc): boolean {
  const pipeline = command.pipeline;
  return Array.isArray(pipeline) && isRecord(pipeline[0]) && "$changeStream" in pipeline[0];
}

/**
 * A getMore on a tailable awaitData cursor blocks until data arrives, so its secs_running is time spent
 * waiting and its COLLSCAN is how a tailable cursor reads: every replica-set primary has one per
 * secondary on local.oplog.rs, and every change stream has one. Null for any other operation.
 */
function waitingCursorKind(op: Doc): WaitingCursorKind | null {
  if (op.op !== "getmore") return null;
  const cursor = record(op.cursor);
  // The repl-set prototype also puts originatingCommand at the top level.
  const origin = isRecord(cursor.originatingCommand) ? cursor.originatingCommand : record(op.originatingCommand);
  // The oplog is only ever read by tailable cursors; `cursor` is absent until the getMore has reached it.
  if (op.ns === "local.oplog.rs") return "oplog reader";
  if (isChangeStream(origin)) return "change stream";
  const tailable = cursor.tailable === true || cursor.awaitData === true || origin.tailable === true;
  return tailable ? "tailable cursor" : null;
}

/** Index builds show as the client's createIndexes and, since 4.4, a builder thread with msg and progress. */
function isIndexBuild(op: Doc): boolean {
  const msg = str(op.msg);
  return (msg !== null && /^index build/i.test(msg)) || "createIndexes" in record(op.command);
}

function indexNames(op: Doc): string[] {
  const specs = record(op.command).indexes;
  if (!Array.isArray(specs)) return [];
  return specs.map((spec) => str(record(spec).name)).filter((name): name is string => name !== null);
}

/** "Index Build: scanning collection Index Build: scanning collection: 1823412/4512034 40%" → "scanning collection". */
function buildPhase(msg: string | null): string | null {
  if (msg === null) return null;
  const phase = msg
    .replace(/^index build:\s*/i, "")
    .split(/\s+index build:|:/i)[0]
    ?.trim();
  return phase || null;
}

/** The build an operation belongs to: same namespace and index names; an op naming no index joins its namespace's. */
function buildFor(builds: IndexBuild[], ns: string | null, indexes: string[]): IndexBuild | undefined {
  const sameNs = builds.filter((b) => b.ns === ns);
  if (indexes.length === 0) return sameNs[0];
  return sameNs.find((b) => b.indexes.length === 0 || b.indexes.join() === indexes.join());
}

/** The client's createIndexes and the builder thread describe one build: merged, so it is counted once. */
function collectIndexBuilds(ops: Doc[]): IndexBuild[] {
  const builds: IndexBuild[] = [];
  for (const op of ops) {
    const ns = str(op.ns);
    const indexes = indexNames(op).sort();
    let build = buildFor(builds, ns, indexes);
    if (build === undefined) {
      build = { ns, indexes, secs: null, phase: null, done: null, total: null, opids: [] };
      builds.push(build);
    }
    if (build.indexes.length === 0) build.indexes = indexes;
    const secs = secondsRunning(op);
    if (secs !== null) build.secs = Math.max(build.secs ?? 0, secs);
    const progress = record(op.progress);
    build.phase ??= buildPhase(str(op.msg));
    build.done ??= asNumber(progress.done);
    build.total ??= asNumber(progress.total);
    const opid = opidOf(op);
    if (opid !== null) build.opids.push(opid);
  }
  return builds;
}

function percentDone(build: IndexBuild): number | null {
  return build.done !== null && build.total !== null && build.total > 0 ? (build.done / build.total) * 100 : null;
}

function noteFor(op: Doc): string | null {
  // For op "command" the first key names it (aggregate, count...); for query/update ops it is just a field.
  const commandName = op.op === "command" ? Object.keys(record(op.command))[0] : undefined;
  return commandName ?? null;
}

function slowOp(op: Doc, secs: number): SlowOp {
  return {
    opid: opidOf(op),
    ns: str(op.ns),
    op: str(op.op),
    secs,
    waitingForLock: op.waitingForLock === true,
    planSummary: str(op.planSummary),
    client: clientOf(op),
    appName: appNameOf(op),
    note: noteFor(op),
  };
}

interface Partition {
  slow: SlowOp[];
  waiting: WaitingCursor[];
  builds: IndexBuild[];
}

/** Sorts the active operations into real work running > 3 s, cursors waiting for data, and index builds. */
function partition(docs: Doc[]): Partition {
  const slow: SlowOp[] = [];
  const waiting: WaitingCursor[] = [];
  const buildOps: Doc[] = [];
  for (const op of docs) {
    if (op.active !== true) continue;
    const secs = secondsRunning(op);
    const kind = waitingCursorKind(op);
    if (kind !== null) {
      waiting.push({ opid: opidOf(op), kind, ns: str(op.ns), secs, client: clientOf(op), appName: appNameOf(op) });
    } else if (isIndexBuild(op)) {
      buildOps.push(op);
    } else if (secs !== null && secs > SLOW_OP_SECONDS) {
      slow.push(slowOp(op, secs));
    }
  }
  slow.sort((a, b) => b.secs - a.secs);
  waiting.sort((a, b) => (b.secs ?? 0) - (a.secs ?? 0));
  return { slow, waiting, builds: collectIndexBuilds(buildOps) };
}

function describeBuilds(builds: IndexBuild[]): string {
  if (builds.length !== 1) return `${builds.length} index builds in progress`;
  const percent = builds[0] ? percentDone(builds[0]) : null;
  return `1 index build in progress${percent === null ? "" : ` (${formatPercent(percent)})`}`;
}

function describeWaiting(waiting: WaitingCursor[]): string {
  const kinds = [...new Set(waiting.map((w) => `${w.kind}s`))].join(", ");
  const n = waiting.length;
  return (
    `${formatCount(n)} tailable cursor${n === 1 ? "" : "s"} waiting for data (${kinds}) ${n === 1 ? "is" : "are"} ` +
    "not counted: a getMore on a tailable awaitData cursor runs until data arrives, and scans by design."
  );
}

function slowTable(slow: SlowOp[]): DetailTable {
  return {
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
  };
}

function waitingTable(waiting: WaitingCursor[]): DetailTable {
  return {
    title: "Tailable cursors waiting for data (not judged)",
    columns: ["opid", "kind", "ns", "secs_running", "client", "appName"],
    rows: waiting.map((w) => [w.opid, w.kind, w.ns, w.secs, w.client, w.appName]),
  };
}

function buildsTable(builds: IndexBuild[]): DetailTable {
  return {
    title: "Index builds in progress (not judged)",
    columns: ["ns", "indexes", "phase", "done", "total", "progress %", "secs_running", "opids"],
    rows: builds.map((b) => {
      const percent = percentDone(b);
      return [
        b.ns,
        b.indexes.join(", ") || null,
        b.phase,
        b.done,
        b.total,
        percent === null ? null : Number(percent.toFixed(1)),
        b.secs,
        b.opids.join(", ") || null,
      ];
    }),
  };
}

/** The operations list of either reply shape, or an error verdict saying what came instead. */
function operationsOf(ops: unknown): Doc[] | Verdict {
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
  return list.filter(isRecord);
}

/**
 * Judges $currentOp aggregation output (an array of documents) or the legacy currentOp reply ({ inprog: [...] }).
 * The server identity lets an empty answer from a stub implementation read as unsupported, not as healthy.
 */
export function analyzeCurrentOp(ops: unknown, server?: ServerIdentity): Verdict {
  const docs = operationsOf(ops);
  if (!Array.isArray(docs)) return docs;
  if (docs.length === 0 && isFerretDb(server)) {
    return unsupportedVerdict(
      "current operations not reported",
      `${describeServer(server)} answers currentOp with an empty list whatever is running (its handler is a stub), so running operations cannot be inspected.`,
    );
  }
  const { slow, waiting, builds } = partition(docs);
  const lockWaits = slow.filter((o) => o.waitingForLock);
  const collscans = slow.filter((o) => o.planSummary?.includes("COLLSCAN"));
  const longest = slow[0];
  let status: VerdictStatus = "ok";
  if (lockWaits.length > 0 || collscans.length > 0) status = "warning";
  if (slow.length > MANY_SLOW_OPS || (longest !== undefined && longest.secs > LONG_OP_SECONDS)) status = "critical";

  const reasons: string[] = [];
  if (lockWaits.length > 0) reasons.push(`${formatCount(lockWaits.length)} waiting for a lock.`);
  if (collscans.length > 0) reasons.push(`${formatCount(collscans.length)} scanning a whole collection (COLLSCAN).`);
  if (longest && longest.secs > LONG_OP_SECONDS) reasons.push(`The longest has run ${formatSeconds(longest.secs)}.`);
  if (slow.length > MANY_SLOW_OPS) reasons.push(`More than ${MANY_SLOW_OPS} slow operations at once.`);
  if (reasons.length === 0)
    reasons.push(slow.length === 0 ? "Nothing is running long." : "None waits for a lock or scans a collection.");
  if (builds.length > 0)
    reasons.push(`${describeBuilds(builds)}; a build takes as long as the collection is large, so it is not judged.`);
  if (waiting.length > 0) reasons.push(describeWaiting(waiting));
  const findings: Finding[] = ["mongo-slow-ops"];
  if (collscans.length > 0) findings.push("mongo-collscan");

  let headline =
    slow.length === 0
      ? `no operations running longer than ${SLOW_OP_SECONDS} s`
      : `${formatCount(slow.length)} operation${slow.length === 1 ? "" : "s"} running > ${SLOW_OP_SECONDS} s (longest ${formatSeconds(longest?.secs ?? 0)})`;
  if (builds.length > 0) headline += `; ${describeBuilds(builds)}`;

  const figures: Figure[] = [
    { label: "operations reported", value: docs.length },
    { label: `active > ${SLOW_OP_SECONDS} s`, value: slow.length },
    { label: "waiting for a lock", value: lockWaits.length },
    { label: "COLLSCAN", value: collscans.length },
    { label: "longest", value: longest?.secs ?? null, unit: "s" },
    { label: "tailable cursors waiting for data", value: waiting.length },
    { label: "index builds", value: builds.length },
  ];
  const tables: DetailTable[] = [];
  if (slow.length > 0) tables.push(slowTable(slow));
  if (builds.length > 0) tables.push(buildsTable(builds));
  if (waiting.length > 0) tables.push(waitingTable(waiting));

  const verdict: Verdict = {
    status,
    headline,
    headlineValue: slow.length,
    headlineUnit: "operations",
    threshold: CURRENT_OP_THRESHOLD,
    figures,
    detail: reasons.join(" "),
  };
  if (tables.length > 0) verdict.tables = tables;
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
