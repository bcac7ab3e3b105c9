// The shapes explain takes on real servers, read into one form: the plan tree(s) to walk, the execution
// totals, and every stage that spilled to disk.
//
//  - mongod find: queryPlanner + executionStats at the top; SBE plans (explainVersion "2") describe their
//    stages in winningPlan.queryPlan, their executionStages use slot-based names (scan, ixseek, nlj...).
//  - mongod aggregate: the find part sits in stages[0] under a cursor stage ($cursor, $geoNearCursor...),
//    unless the whole pipeline was pushed down into the query (then it is shaped like a find).
//  - find through mongos: queryPlanner.winningPlan {stage: SHARD_MERGE|SINGLE_SHARD, shards: [...]} with
//    per-shard winningPlan (classic tree or SBE {queryPlan, slotBasedPlan}); executionStats holds the
//    totals and executionStages.shards[] each shard's execution tree.
//  - aggregate through mongos: {mergeType, splitPipeline, shards: {<name>: {host, stages | queryPlanner +
//    executionStats}}} and no top-level stages or queryPlanner (on 7.x even for unsharded collections).

import { asNumber } from "./values";

export type Doc = Record<string, unknown>;

export function isRecord(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const record = (v: unknown): Doc => (isRecord(v) ? v : {});
const num = asNumber;

/** One plan to read: the single server's, or one shard's when the explain came through mongos. */
export interface PlanPart {
  shard: string | null;
  /** The tree whose stage names tell how the query ran: SBE queryPlan, else executionStages, else winningPlan. */
  tree: unknown;
  /** True when `tree` is an SBE queryPlan (classic stage names, no execution counts). */
  sbe: boolean;
}

export interface ExecutionTotals {
  returned: number | null;
  docs: number | null;
  keys: number | null;
  millis: number | null;
}

export interface ExplainReading {
  parts: PlanPart[];
  /** null when the explain ran without executionStats (queryPlanner verbosity). */
  totals: ExecutionTotals | null;
  namespace: string | null;
  /** The error message of a failed execution (executionSuccess false, anywhere). */
  failure: string | null;
  /** How mongos combined the shards ("SHARD_MERGE", "SINGLE_SHARD", mergeType "mongos"...); null on a mongod. */
  merge: string | null;
}

/** A pipeline's find part: the document under stages[0]'s cursor stage, or the explain itself. */
export function cursorRoot(explain: Doc): Doc {
  const first: unknown = Array.isArray(explain.stages) ? explain.stages[0] : undefined;
  if (isRecord(first)) {
    // $cursor usually; $geoNearCursor and other cursor stages carry the same queryPlanner/executionStats.
    for (const [key, value] of Object.entries(first)) {
      if (key.startsWith("$") && isRecord(value) && isRecord(value.queryPlanner)) return value;
    }
  }
  return explain;
}

/** A plan part from a planner entry (holding winningPlan) and its execution entry (holding executionStages). */
function partOf(planner: Doc, execution: Doc | null, shard: string | null): PlanPart {
  const winningPlan = record(planner.winningPlan);
  if (isRecord(winningPlan.queryPlan)) return { shard, tree: winningPlan.queryPlan, sbe: true };
  const executed = execution && isRecord(execution.executionStages) ? execution.executionStages : null;
  return { shard, tree: executed ?? planner.winningPlan, sbe: false };
}

function totalsOf(es: Doc): ExecutionTotals {
  return {
    returned: num(es.nReturned),
    docs: num(es.totalDocsExamined),
    keys: num(es.totalKeysExamined),
    millis: num(es.executionTimeMillis),
  };
}

function failureOf(execution: Doc | null): string | null {
  if (execution === null || execution.executionSuccess !== false) return null;
  return typeof execution.errorMessage === "string" ? execution.errorMessage : "no message";
}

const namespaceOf = (planner: Doc): string | null => (typeof planner.namespace === "string" ? planner.namespace : null);

/** A mongod's find or aggregate (also one shard's answer inside a mongos aggregate). */
function readSingle(explain: Doc, shard: string | null): ExplainReading | null {
  const root = cursorRoot(explain);
  const planner = record(root.queryPlanner);
  const es = isRecord(root.executionStats) ? root.executionStats : null;
  if (!isRecord(planner.winningPlan) && es === null) return null;
  return {
    parts: [partOf(planner, es, shard)],
    totals: es ? totalsOf(es) : null,
    namespace: namespaceOf(planner),
    failure: failureOf(es),
    merge: null,
  };
}

/** find through mongos: per-shard planner entries, matched by shardName to their execution entries. */
function readMongosFind(explain: Doc, shards: unknown[]): ExplainReading {
  const es = isRecord(explain.executionStats) ? explain.executionStats : null;
  const executed = record(es?.executionStages);
  const execShards = (Array.isArray(executed.shards) ? executed.shards : []).filter(isRecord);
  const parts: PlanPart[] = [];
  let namespace: string | null = null;
  let failure = failureOf(es);
  for (const entry of shards.filter(isRecord)) {
    const name = typeof entry.shardName === "string" ? entry.shardName : null;
    const execution = execShards.find((s) => s.shardName === name) ?? null;
    parts.push(partOf(entry, execution, name));
    namespace ??= namespaceOf(entry);
    failure ??= failureOf(execution);
  }
  const winningPlan = record(record(explain.queryPlanner).winningPlan);
  return {
    parts,
    totals: es ? totalsOf(es) : null,
    namespace,
    failure,
    merge: typeof winningPlan.stage === "string" ? winningPlan.stage : null,
  };
}

function sum(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** aggregate through mongos: each shard answered like a mongod; totals add up, time is the slowest shard's. */
function readMongosAggregate(explain: Doc, shards: Doc): ExplainReading {
  const readings = Object.entries(shards)
    .map(([name, answer]) => (isRecord(answer) ? readSingle(answer, name) : null))
    .filter((r): r is ExplainReading => r !== null);
  const totals = readings.map((r) => r.totals).filter((t): t is ExecutionTotals => t !== null);
  const millis = totals.map((t) => t.millis).filter((m): m is number => m !== null);
  return {
    parts: readings.flatMap((r) => r.parts),
    totals:
      totals.length === 0
        ? null
        : {
            returned: sum(totals.map((t) => t.returned)),
            docs: sum(totals.map((t) => t.docs)),
            keys: sum(totals.map((t) => t.keys)),
            millis: millis.length === 0 ? null : Math.max(...millis),
          },
    namespace: readings.find((r) => r.namespace !== null)?.namespace ?? null,
    failure: readings.find((r) => r.failure !== null)?.failure ?? null,
    merge: typeof explain.mergeType === "string" ? `merged on ${explain.mergeType}` : null,
  };
}

/** Reads any of the shapes above; null when the document holds no plan at all (FerretDB, not an explain). */
export function readExplain(explain: Doc): ExplainReading | null {
  if (isRecord(explain.shards)) return readMongosAggregate(explain, explain.shards);
  const shards = record(record(explain.queryPlanner).winningPlan).shards;
  if (Array.isArray(shards)) return readMongosFind(explain, shards);
  return readSingle(explain, null);
}

// ---------------------------------------------------------------------------------------------
// Spills

/** A stage that wrote to disk because it outgrew its memory limit. */
export interface Spill {
  shard: string | null;
  /** The stage's name: SORT, group (SBE), $group / $sort (pipeline stages)... */
  stage: string;
  spills: number | null;
  bytes: number | null;
}

/** Copies of the winning plan's statistics (rejected and trial plans) and inputs, not executions. */
const NOT_EXECUTION = new Set(["rejectedPlans", "allPlansExecution", "command", "serverParameters", "slotBasedPlan"]);

function stageName(node: Doc): string {
  if (typeof node.stage === "string") return node.stage;
  return Object.keys(node).find((k) => k.startsWith("$")) ?? "?";
}

function spillOf(node: Doc, shard: string | null): Spill | null {
  const spills = num(node.spills);
  if (node.usedDisk !== true && !(spills !== null && spills > 0)) return null;
  const bytes =
    num(node.spilledDataStorageSize) ??
    num(node.spilledBytes) ??
    num(node.spilledBytesApprox) ??
    num(node.numBytesSpilledEstimate);
  return { shard, stage: stageName(node), spills, bytes };
}

/**
 * Every stage that spilled, anywhere in the explain: classic SORT stages, SBE group/sort/hash-lookup
 * stages (their usedDisk/spills sit in executionStages, not in the queryPlan), and pipeline stages
 * ($group, $sort, $setWindowFields) of an aggregate, per shard when through mongos.
 */
export function findSpills(explain: unknown): Spill[] {
  const out: Spill[] = [];
  const visit = (node: unknown, shard: string | null, underShardMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, shard, false);
      return;
    }
    if (!isRecord(node)) return;
    const here = typeof node.shardName === "string" ? node.shardName : shard;
    const spill = underShardMap ? null : spillOf(node, here);
    if (spill) out.push(spill);
    for (const [key, value] of Object.entries(node)) {
      if (NOT_EXECUTION.has(key)) continue;
      // Under an aggregate's `shards` map each key names a shard.
      visit(value, underShardMap ? key : here, key === "shards" && isRecord(value));
    }
  };
  visit(explain, null, false);
  return out;
}
