// Runs a MongoDB read-only operation and judges its reply; a command the server lacks is `unsupported`.
import "server-only";
import { asJson, type OperationOutcome } from "../core/outcome";
import { TargetError } from "../core/target-error";
import { analyzeMongoConnections, type ServerStatusReading } from "./check-connections";
import { analyzeCurrentOp } from "./check-current-op";
import { analyzeExplain } from "./check-explain";
import { analyzeIndexes } from "./check-indexes";
import { analyzeProfiler } from "./check-profiler";
import {
  type MongoServerInfo,
  mongoAggregate,
  mongoCount,
  mongoCurrentOp,
  mongoExplainFind,
  mongoFind,
  mongoGetIndexes,
  mongoProfiler,
  mongoServerStatus,
  mongoStats,
  type PlainDocument,
  withMongoTarget,
} from "./client";
import type { MongoOperation } from "./operation";
import type { ServerIdentity } from "./server-identity";
import { shownCount, shownDocuments, shownStats } from "./shown";

/**
 * `rejected` counts since the server started, so the connections check reads serverStatus twice this far
 * apart and judges the increase. It stays well inside the step deadline (10 s) with both commands.
 */
export const CONNECTIONS_WINDOW_MS = 5000;

function identity(server: MongoServerInfo): ServerIdentity {
  return server.isFerretDb
    ? { product: "FerretDB", version: server.ferretDbVersion ?? server.version }
    : { product: "MongoDB", version: server.version };
}

interface ConnectionReadings {
  server: MongoServerInfo;
  /** The later reply, shown as raw output. */
  status: PlainDocument;
  latest: ServerStatusReading;
  earlier?: ServerStatusReading;
}

/** serverStatus read twice CONNECTIONS_WINDOW_MS apart; once when it has no connections section (FerretDB). */
async function connectionReadings(): Promise<ConnectionReadings> {
  const first = await mongoServerStatus();
  const earlier = { serverStatus: first.status, atMs: Date.now() };
  if (first.status.connections === undefined) return { server: first.server, status: first.status, latest: earlier };
  await new Promise((resolve) => setTimeout(resolve, CONNECTIONS_WINDOW_MS));
  const second = await mongoServerStatus();
  const latest = { serverStatus: second.status, atMs: Date.now() };
  return { server: second.server, status: second.status, latest, earlier };
}

export async function runMongo(operation: MongoOperation): Promise<OperationOutcome> {
  return withMongoTarget(operation.target, () => runOnTarget(operation));
}

async function runOnTarget(operation: MongoOperation): Promise<OperationOutcome> {
  switch (operation.op) {
    case "serverStatus":
    case "connections": {
      const { server, status, latest, earlier } = await connectionReadings();
      const shown = operation.op === "connections" ? (status.connections ?? null) : status;
      return { verdict: analyzeMongoConnections(latest, identity(server), earlier), raw: asJson(shown) };
    }
    case "currentOp": {
      const result = await mongoCurrentOp();
      const verdict = analyzeCurrentOp(result.ops, identity(result.server));
      if (result.note) verdict.detail = verdict.detail ? `${verdict.detail} ${result.note}` : result.note;
      return { verdict, raw: asJson(result.ops) };
    }
    case "explain": {
      const result = await mongoExplainFind(operation.collection ?? "", operation.filter ?? "{}");
      return { verdict: analyzeExplain(result.explain, identity(result.server)), raw: asJson(result.explain) };
    }
    case "getIndexes": {
      const indexes = await mongoGetIndexes(operation.collection ?? "");
      return { verdict: analyzeIndexes(indexes, operation.collection), raw: asJson(indexes) };
    }
    case "find": {
      const collection = operation.collection ?? "";
      const result = await mongoFind(collection, operation.filter ?? "{}", {
        ...(operation.projection === undefined ? {} : { projection: operation.projection }),
        ...(operation.sort === undefined ? {} : { sort: operation.sort }),
        ...(operation.skip === undefined ? {} : { skip: operation.skip }),
        ...(operation.limit === undefined ? {} : { limit: operation.limit }),
      });
      return {
        verdict: shownDocuments(`${collection}.find()`, result.documents, result.limit),
        raw: asJson(result.documents),
      };
    }
    case "aggregate": {
      const collection = operation.collection ?? "";
      const result = await mongoAggregate(collection, operation.pipeline ?? "[]");
      const verdict = shownDocuments(`${collection}.aggregate()`, result.documents, result.limit);
      return { verdict, raw: asJson(result.documents) };
    }
    case "count": {
      const collection = operation.collection ?? "";
      const kind = operation.count ?? "documents";
      const count = await mongoCount(collection, kind, operation.filter ?? "{}");
      const call = kind === "estimated" ? "estimatedDocumentCount()" : "countDocuments()";
      return { verdict: shownCount(`${collection}.${call}`, count), raw: asJson(count) };
    }
    case "stats": {
      const stats = await mongoStats(operation.collection);
      const title = operation.collection === undefined ? "db.stats()" : `${operation.collection}.stats()`;
      return { verdict: shownStats(title, stats, operation.field), raw: asJson(stats) };
    }
    case "profiler": {
      try {
        const result = await mongoProfiler();
        const verdict = analyzeProfiler({
          status: { was: result.level, slowms: result.slowms, filter: result.filter },
          entries: result.entries,
        });
        return { verdict, raw: asJson(result) };
      } catch (error) {
        if (!(error instanceof TargetError) || error.kind !== "unsupported") throw error;
        const code = typeof error.code === "number" ? error.code : undefined;
        const verdict = analyzeProfiler({ error: { message: error.message, ...(code ? { code } : {}) } });
        return { verdict, raw: error.message };
      }
    }
  }
}
