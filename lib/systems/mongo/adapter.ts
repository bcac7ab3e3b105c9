// MongoDB as one system: mongosh lines, db.* expressions and mongo fences, read-only operations, their checks.
import type { LineParser, SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import { manual } from "../core/parsed";
import { mongoCli } from "./cli";
import type { MongoOperation } from "./operation";
import { parseMongoExpression } from "./parse";
import { parseMongoShell } from "./parse-shell";

const loadRun = loadOnce(() => import("./run"));

export const MONGO_CHECKS = [
  "mongo-connections",
  "mongo-current-op",
  "mongo-explain",
  "mongo-indexes",
  "mongo-profiler",
  // find, aggregate, counts and stats: shown as a table, judged only by thresholds the runbook declares.
  "mongo-reply",
] as const;
export type MongoCheck = (typeof MONGO_CHECKS)[number];

const CHECK_OF: Readonly<Record<MongoOperation["op"], MongoCheck>> = {
  serverStatus: "mongo-connections",
  connections: "mongo-connections",
  currentOp: "mongo-current-op",
  explain: "mongo-explain",
  getIndexes: "mongo-indexes",
  profiler: "mongo-profiler",
  find: "mongo-reply",
  aggregate: "mongo-reply",
  count: "mongo-reply",
  stats: "mongo-reply",
};

const VOCABULARY: Readonly<Record<MongoOperation["op"], string>> = {
  explain: "COLLSCAN IXSCAN executionStats totalDocsExamined index",
  profiler: "COLLSCAN planSummary slow queries system.profile",
  currentOp: "active operations waitingForLock secs_running",
  connections: "connections current available totalCreated",
  serverStatus: "connections current available totalCreated",
  getIndexes: "",
  find: "documents find",
  aggregate: "documents aggregate pipeline",
  count: "count documents",
  stats: "stats size storageSize count",
};

const expression: LineParser<MongoOperation> = ({ line, context }) => parseMongoExpression(line, line, context);

// Fences that name a database shell hold shell commands.
const fenceLine: LineParser<MongoOperation> = (input) =>
  input.line.startsWith("db.")
    ? expression(input)
    : manual("only db.* expressions of a Mongo shell block run live", input.line);

// js/javascript fences mostly hold application code; a line that starts with db. is a Mongo shell expression.
const scriptLine: LineParser<MongoOperation> = (input) =>
  input.line.startsWith("db.")
    ? expression(input)
    : manual("code, not a command (javascript block): only db.* shell expressions run live", input.line);

export const mongoAdapter: SystemAdapter<MongoOperation, MongoCheck> = {
  id: "mongo",
  label: "MongoDB",
  programs: { mongosh: parseMongoShell, mongo: parseMongoShell },
  fences: { mongo: fenceLine, mongosh: fenceLine, mongodb: fenceLine, javascript: scriptLine, js: scriptLine },
  // Mongo shell lines sit in the guide's bash blocks; shell quoting rules would mangle their JavaScript.
  bareLine: { test: (line) => line.startsWith("db."), parse: expression },
  cli: mongoCli,
  targetLabel: (operation) =>
    operation.target ? `MongoDB "${operation.target.name}" (MONGODB_TARGETS)` : "MongoDB (MONGODB_URL)",
  limiterKey: (operation) => (operation.target ? `mongo:${operation.target.name}` : "mongo"),
  vocabulary: (operation) => VOCABULARY[operation.op],
  templates: (operation) => [operation.collection ?? "", operation.filter ?? ""],
  fill: (operation, fill) => ({
    ...operation,
    ...(operation.collection === undefined ? {} : { collection: fill(operation.collection) }),
    ...(operation.filter === undefined ? {} : { filter: fill(operation.filter) }),
  }),
  checks: MONGO_CHECKS,
  fits: (operation) => [CHECK_OF[operation.op]],
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation) => (await loadRun()).runMongo(operation),
};
