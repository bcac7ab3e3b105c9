// explain("executionStats") → how the query ran: COLLSCAN or index, covered, in-memory SORT, spills to disk,
// docs examined per returned. explain-reading.ts turns each server shape (mongod, mongos, SBE) into one form.

import { errorVerdict, findingsFor, levelAbove, unsupportedVerdict, worstOf } from "../../verdict/builders";
import { formatBytes, formatCount, formatNumber, plural, truncate } from "../../verdict/format";
import type { DetailTable, Figure, Finding, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import { type ExecutionTotals, findSpills, isRecord, type PlanPart, readExplain, type Spill } from "./explain-reading";
import type { ServerIdentity } from "./server-identity";
import { describeServer, isFerretDb } from "./server-identity";
import { asNumber } from "./values";

export type { IndexSuggestion, SuggestedIndexField } from "./index-suggestion";
export { formatIndexKey, suggestIndex } from "./index-suggestion";

export const TARGETING_WARNING_RATIO = 100;
export const TARGETING_CRITICAL_RATIO = 1000;
/** A collection scan this large is worth an index even when it returns many documents. */
export const COLLSCAN_WARNING_DOCS = 1000;

export const EXPLAIN_THRESHOLD: Threshold = {
  text:
    "documents examined per document returned: warning above 100, critical above 1000; a COLLSCAN examining " +
    "1000 documents or more is at least a warning",
  source:
    "MongoDB Atlas Query Targeting alert (scanned objects / returned > 1000, ideal ≈ 1); stage analysis as in " +
    "mongodb-js/compass explain-plan-helper",
};

export interface PlanStage {
  stage: string;
  parent: string | null;
  depth: number;
  node: Record<string, unknown>;
  /** The shard whose plan this stage belongs to, through mongos. */
  shard?: string | null;
}

/** Keys under which explain nests child stages (classic, SBE queryPlan, sharded, $lookup/OR branches). */
const CHILD_KEYS = [
  "inputStage",
  "innerStage",
  "outerStage",
  "thenStage",
  "elseStage",
  "queryPlan",
  "winningPlan",
  "executionStages",
];
const CHILD_LIST_KEYS = ["inputStages", "shards"];

/** Every stage of a plan tree, depth first, with the nearest enclosing stage's name. */
export function walkPlan(root: unknown): PlanStage[] {
  const out: PlanStage[] = [];
  const visit = (node: unknown, parent: string | null, depth: number): void => {
    if (!isRecord(node)) return;
    const name = typeof node.stage === "string" ? node.stage : null;
    if (name) out.push({ stage: name, parent, depth, node });
    const nextParent = name ?? parent;
    const nextDepth = name ? depth + 1 : depth;
    for (const key of CHILD_KEYS) visit(node[key], nextParent, nextDepth);
    for (const key of CHILD_LIST_KEYS) {
      const list = node[key];
      if (Array.isArray(list)) for (const child of list) visit(child, nextParent, nextDepth);
    }
  };
  visit(root, null, 0);
  return out;
}

const INDEX_STAGES = new Set([
  "IXSCAN",
  "EXPRESS_IXSCAN",
  "COUNT_SCAN",
  "DISTINCT_SCAN",
  "IDHACK",
  "CLUSTERED_IXSCAN",
  "EXPRESS_CLUSTERED_IXSCAN",
]);
/** Stages that read index keys only; IDHACK and the express paths fetch the document themselves. */
const KEY_ONLY_STAGES = new Set(["IXSCAN", "COUNT_SCAN", "DISTINCT_SCAN"]);

function indexNameOf(s: PlanStage): string {
  if (typeof s.node.indexName === "string") return s.node.indexName;
  if (s.stage === "IDHACK") return "_id_";
  if (s.stage.includes("CLUSTERED")) return "clustered index";
  if (isRecord(s.node.keyPattern)) return JSON.stringify(s.node.keyPattern);
  return s.stage;
}

export interface PlanSummary {
  stages: PlanStage[];
  collscan: boolean;
  indexes: string[];
  inMemorySort: boolean;
  eof: boolean;
  covered: boolean;
}

/** Compass's reading of a plan: COLLSCAN anywhere, indexes used, any SORT is in memory, covered = no FETCH and 0 docs. */
export function summarizePlan(stages: PlanStage[], docsExamined: number | null): PlanSummary {
  const names = stages.map((s) => s.stage);
  const indexStages = stages.filter((s) => INDEX_STAGES.has(s.stage));
  const sorts = stages.filter((s) => s.stage === "SORT");
  const collscan = names.includes("COLLSCAN");
  const covered =
    docsExamined === 0 &&
    !collscan &&
    indexStages.length > 0 &&
    indexStages.every((s) => KEY_ONLY_STAGES.has(s.stage)) &&
    !names.includes("FETCH");
  return {
    stages,
    collscan,
    indexes: [...new Set(indexStages.map(indexNameOf))],
    inMemorySort: sorts.length > 0,
    eof: names.length > 0 && names.every((n) => n === "EOF"),
    covered,
  };
}

function looksLikeFerretDb(explain: Record<string, unknown>, server: ServerIdentity | undefined): boolean {
  const info = explain.serverInfo;
  return (
    isFerretDb(server) ||
    (isRecord(info) && typeof info.ferretdbVersion === "string") ||
    typeof explain.filterPushdown === "boolean" ||
    typeof explain.pushdown === "boolean"
  );
}

const yesNo = (v: unknown): string | null => (typeof v === "boolean" ? (v ? "yes" : "no") : null);

/** FerretDB answers explain with PostgreSQL's plan and pushdown flags, not MongoDB's executionStats. */
function ferretDbVerdict(explain: Record<string, unknown>, server: ServerIdentity | undefined): Verdict {
  const qp = isRecord(explain.queryPlanner) ? explain.queryPlanner : {};
  const planSource: unknown = Array.isArray(qp) ? qp[0] : qp;
  const plan = isRecord(planSource) && isRecord(planSource.Plan) ? planSource.Plan : {};
  // The SQLite backend answers with EXPLAIN QUERY PLAN rows: ["id=2 parent=0 notused=0 detail=SCAN t_1a2b"].
  const sqliteRow = isRecord(planSource) && Array.isArray(planSource.Plan) ? planSource.Plan[0] : undefined;
  const sqlite = typeof sqliteRow === "string" ? /detail=(SCAN|SEARCH)\s+(\S+)/.exec(sqliteRow) : null;
  const nodeType = typeof plan["Node Type"] === "string" ? plan["Node Type"] : (sqlite?.[1] ?? null);
  const relation = typeof plan["Relation Name"] === "string" ? plan["Relation Name"] : (sqlite?.[2] ?? null);
  const info = isRecord(explain.serverInfo) ? explain.serverInfo : {};
  const name =
    server?.product && isFerretDb(server)
      ? describeServer(server)
      : typeof info.ferretdbVersion === "string"
        ? `FerretDB ${info.ferretdbVersion}`
        : describeServer(server);
  const filterPushdown = yesNo(explain.filterPushdown ?? explain.pushdown);
  const sortPushdown = yesNo(explain.sortPushdown ?? explain.sortingPushdown);
  const limitPushdown = yesNo(explain.limitPushdown);
  const planText = nodeType ? `${nodeType}${relation ? ` on ${relation}` : ""}` : "an SQL plan";
  const flags = [
    filterPushdown && `filter pushdown: ${filterPushdown}`,
    sortPushdown && `sort pushdown: ${sortPushdown}`,
    limitPushdown && `limit pushdown: ${limitPushdown}`,
  ].filter((x): x is string => typeof x === "string");
  return unsupportedVerdict(
    "explain has no executionStats on this server",
    `${name} answers explain with its backend's plan (${planText}${flags.length ? `, ${flags.join(", ")}` : ""}) and no executionStats, so documents examined and index use cannot be judged.`,
    [
      { label: "server", value: name },
      { label: "plan node", value: nodeType },
      { label: "relation", value: relation },
      { label: "total cost", value: asNumber(plan["Total Cost"]) },
      { label: "estimated rows", value: asNumber(plan["Plan Rows"]) },
      { label: "filter pushdown", value: filterPushdown },
      { label: "sort pushdown", value: sortPushdown },
      { label: "limit pushdown", value: limitPushdown },
    ],
  );
}

/** Leaf first, as the data flows ("IXSCAN → FETCH → SORT"); per shard through mongos. */
function planDescription(parts: PlanPart[]): string {
  return parts
    .map((part) => {
      const flow = [...walkPlan(part.tree)]
        .sort((a, b) => b.depth - a.depth)
        .map((s) => s.stage)
        .join(" → ");
      return part.shard === null ? flow : `${part.shard}: ${flow}`;
    })
    .filter((text) => text !== "")
    .join("; ");
}

function describeSpill(spill: Spill): string {
  const facts = [
    spill.shard,
    spill.spills === null ? null : `${formatCount(spill.spills)} spill${spill.spills === 1 ? "" : "s"}`,
    spill.bytes === null ? null : formatBytes(spill.bytes),
  ].filter((f): f is string => f !== null);
  return `${spill.stage}${facts.length > 0 ? ` (${facts.join(", ")})` : ""}`;
}

const isSortSpill = (spill: Spill): boolean => /sort/i.test(spill.stage);

function stagesTable(stages: PlanStage[], parts: PlanPart[]): DetailTable {
  const sharded = parts.some((p) => p.shard !== null);
  const columns = ["stage", "index", "nReturned", "docsExamined", "keysExamined", "time (ms, est.)"];
  const title = `Plan stages${sharded ? " per shard" : ""}${parts.some((p) => p.sbe) ? " (query plan)" : ""}`;
  return {
    title,
    columns: sharded ? ["shard", ...columns] : columns,
    rows: stages.map((s) => {
      const row = [
        `${"  ".repeat(s.depth)}${s.stage}`,
        INDEX_STAGES.has(s.stage) ? indexNameOf(s) : null,
        asNumber(s.node.nReturned),
        asNumber(s.node.docsExamined),
        asNumber(s.node.keysExamined),
        asNumber(s.node.executionTimeMillisEstimate),
      ];
      return sharded ? [s.shard ?? null, ...row] : row;
    }),
  };
}

function spillsTable(spills: Spill[]): DetailTable {
  return {
    title: "Stages that spilled to disk",
    columns: ["shard", "stage", "spills", "bytes spilled"],
    rows: spills.map((s) => [s.shard, s.stage, s.spills, s.bytes]),
  };
}

const NO_TOTALS: ExecutionTotals = { returned: null, docs: null, keys: null, millis: null };

/**
 * Judges explain("executionStats") output of a find or aggregate (MongoDB 4.4–8, classic or SBE), from a
 * mongod or through mongos (per-shard plans, SBE per-shard plans, aggregate `shards` maps).
 */
export function analyzeExplain(explain: unknown, server?: ServerIdentity): Verdict {
  if (!isRecord(explain)) {
    return errorVerdict(
      "unexpected explain output",
      `expected a document, got ${truncate(JSON.stringify(explain) ?? String(explain), 120)}`,
    );
  }
  const reading = readExplain(explain);
  if (reading === null || (reading.totals === null && looksLikeFerretDb(explain, server))) {
    if (looksLikeFerretDb(explain, server)) return ferretDbVerdict(explain, server);
    return errorVerdict(
      "unexpected explain output",
      `explain output has neither queryPlanner.winningPlan nor executionStats; it has: ${Object.keys(explain).slice(0, 12).join(", ")}.`,
    );
  }
  if (reading.failure !== null) {
    return errorVerdict(
      "the query failed while being explained",
      `executionStats.executionSuccess is false: ${reading.failure}`,
    );
  }

  const { parts } = reading;
  const stages = parts.flatMap((part) => walkPlan(part.tree).map((s) => ({ ...s, shard: part.shard })));
  const { returned, docs, keys, millis } = reading.totals ?? NO_TOTALS;
  const summary = summarizePlan(stages, docs);
  const spills = findSpills(explain);
  const sortSpilled = spills.some(isSortSpill);
  const otherSpills = spills.filter((s) => !isSortSpill(s));
  const sharded = parts.some((p) => p.shard !== null);

  const statuses: VerdictStatus[] = [];
  const reasons: string[] = [];
  const findings: Finding[] = [];
  const ratio = docs !== null && returned !== null ? docs / Math.max(returned, 1) : null;
  if (ratio !== null) {
    statuses.push(levelAbove(ratio, TARGETING_WARNING_RATIO, TARGETING_CRITICAL_RATIO));
    if (ratio > TARGETING_WARNING_RATIO) {
      reasons.push(`${formatNumber(ratio, 0)} documents examined per document returned (ideal ≈ 1).`);
    }
  }
  if (summary.collscan) {
    findings.push("mongo-collscan");
    if (docs === null) {
      statuses.push("warning");
      reasons.push("The plan scans the whole collection; without executionStats its size cannot be judged.");
    } else if (docs >= COLLSCAN_WARNING_DOCS) {
      statuses.push("warning");
      reasons.push("No index available for this query: the whole collection is scanned.");
    } else {
      reasons.push(`The collection is scanned, which is cheap at ${formatCount(docs)} documents but grows with it.`);
    }
  }
  if (summary.inMemorySort || sortSpilled) {
    findings.push("mongo-collscan");
    reasons.push(
      sortSpilled
        ? "The SORT spilled to disk: no index provides the sort order."
        : "The results are sorted in memory: no index provides the sort order.",
    );
    if (sortSpilled) statuses.push("warning");
  }
  if (otherSpills.length > 0) {
    statuses.push("warning");
    findings.push("mongo-slow-ops");
    reasons.push(
      `${otherSpills.map(describeSpill).join("; ")} spilled to disk: the stage outgrew its memory limit and wrote temporary files.`,
    );
  }
  if (summary.covered) reasons.push("Covered query: answered from the index alone, no document fetched.");
  if (summary.eof) reasons.push("EOF plan: the collection does not exist or the query can match nothing.");
  if (reading.totals === null)
    reasons.push("No executionStats in the output (explain ran with queryPlanner verbosity?).");
  const notes: string[] = [];
  if (sharded) {
    const shardCount = new Set(parts.map((p) => p.shard)).size;
    notes.push(`Read through mongos: ${plural(shardCount, "shard")}${reading.merge ? ` (${reading.merge})` : ""}.`);
  }
  const status = worstOf(statuses);

  const n = (v: number | null) => (v === null ? "?" : formatCount(v));
  const index = summary.indexes.join(", ");
  let access: string;
  if (summary.eof) access = "EOF";
  else if (summary.collscan) access = "COLLSCAN";
  else if (summary.covered) access = `covered by ${index}`;
  else if (summary.indexes.length > 0) access = `index ${index}`;
  else access = stages[stages.length - 1]?.stage ?? "plan";
  let headline = summary.covered
    ? `${access}: ${n(keys)} keys examined for ${n(returned)} returned`
    : `${access}: ${n(docs)} docs examined for ${n(returned)} returned`;
  if (reading.totals === null) headline = `${access} (no execution statistics)`;
  if (summary.inMemorySort) headline += ", in-memory SORT";
  if (spills.length > 0) headline += ", spilled to disk";

  const figures: Figure[] = [
    { label: "returned", value: returned },
    { label: "docs examined", value: docs },
    { label: "keys examined", value: keys },
    { label: "docs examined per returned", value: ratio === null ? null : Number(ratio.toFixed(2)) },
    { label: "execution time", value: millis, unit: "ms" },
    { label: "index used", value: summary.indexes.length > 0 ? index : null },
    { label: "in-memory sort", value: summary.inMemorySort ? "yes" : "no" },
    { label: "covered", value: summary.covered ? "yes" : "no" },
    { label: "spilled to disk", value: spills.length > 0 ? spills.map(describeSpill).join("; ") : "no" },
    { label: "plan", value: planDescription(parts) || null },
  ];
  if (sharded) figures.push({ label: "shards", value: new Set(parts.map((p) => p.shard)).size });
  if (reading.merge) figures.push({ label: "merge", value: reading.merge });
  if (reading.namespace) figures.push({ label: "namespace", value: reading.namespace });
  if (server) figures.push({ label: "server", value: describeServer(server) });

  const tables = [stagesTable(stages, parts)];
  if (spills.length > 0) tables.push(spillsTable(spills));
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: ratio,
    headlineUnit: "docs examined per returned",
    threshold: EXPLAIN_THRESHOLD,
    figures,
    detail: [...(reasons.length > 0 ? reasons : ["The query is well targeted."]), ...notes].join(" "),
    tables,
  };
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
