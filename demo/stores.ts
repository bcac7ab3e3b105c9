// Creates the demo's Redis and MongoDB clients with deadlines, and turns driver events into pool and slow-query figures.
import { Redis } from "ioredis";
import { type CommandStartedEvent, MongoClient } from "mongodb";
import type { DemoConfig } from "./config";
import { type DemoMetrics, POOL_NAME, type PoolFigures } from "./metrics";

/** Comment the connection-hogging workers put on their commands, so slow-query figures leave them out. */
export const HOG_COMMENT = "demo-fault:connection-hogging";

/** Commands whose latency is a query's latency; hello/ping/killCursors are housekeeping. */
const QUERY_COMMANDS = new Set([
  "find",
  "aggregate",
  "count",
  "distinct",
  "getMore",
  "insert",
  "update",
  "delete",
  "findAndModify",
]);

export function createRedis(url: string): Redis {
  // ioredis has no command timeout by default; a dead Redis would hang every request.
  return new Redis(url, {
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    lazyConnect: false,
  });
}

/** Live CMAP counts. The driver exposes no public pool snapshot, so they are rebuilt from its events. */
export class PoolTracker {
  private open = 0;
  private checkedOut = 0;
  private waiting = 0;

  constructor(private readonly max: number) {}

  figures(): PoolFigures {
    const inUse = Math.min(Math.max(this.checkedOut, 0), this.max);
    return { inUse, available: Math.max(this.open - inUse, 0), waiting: Math.max(this.waiting, 0), max: this.max };
  }

  attach(client: MongoClient, metrics: DemoMetrics): void {
    client.on("connectionCreated", () => {
      this.open += 1;
    });
    client.on("connectionClosed", () => {
      this.open = Math.max(this.open - 1, 0);
    });
    client.on("connectionCheckOutStarted", () => {
      this.waiting += 1;
    });
    client.on("connectionCheckedOut", (e) => {
      this.waiting -= 1;
      this.checkedOut += 1;
      metrics.connectionWaitTime.observe({ db_client_connection_pool_name: POOL_NAME }, e.durationMS / 1000);
    });
    client.on("connectionCheckOutFailed", (e) => {
      this.waiting -= 1;
      metrics.connectionWaitTime.observe({ db_client_connection_pool_name: POOL_NAME }, e.durationMS / 1000);
      if (e.reason === "timeout") metrics.connectionTimeouts.inc({ db_client_connection_pool_name: POOL_NAME });
    });
    client.on("connectionCheckedIn", () => {
      this.checkedOut -= 1;
    });
  }
}

interface PendingCommand {
  command: string;
  collection: string;
}

/** At most this many commands are in flight at once in the demo; the cap keeps a leak from growing the map. */
const MAX_PENDING = 5000;

/** Times each query command server-side (no pool wait), so a pool queue is not mistaken for a slow query. */
function attachCommandTiming(client: MongoClient, metrics: DemoMetrics, slowMs: number): void {
  const pending = new Map<number, PendingCommand>();
  client.on("commandStarted", (e: CommandStartedEvent) => {
    if (!QUERY_COMMANDS.has(e.commandName)) return;
    if (e.command.comment === HOG_COMMENT) return;
    if (pending.size >= MAX_PENDING) pending.clear();
    const target: unknown = e.commandName === "getMore" ? e.command.collection : e.command[e.commandName];
    pending.set(e.requestId, { command: e.commandName, collection: typeof target === "string" ? target : "" });
  });
  const finish = (requestId: number, durationMs: number) => {
    const p = pending.get(requestId);
    if (p === undefined) return;
    pending.delete(requestId);
    metrics.operationDuration.observe(
      { db_system_name: "mongodb", db_collection_name: p.collection, db_operation_name: p.command },
      durationMs / 1000,
    );
    if (durationMs >= slowMs) metrics.mongoSlowQueries.inc(p);
  };
  client.on("commandSucceeded", (e) => finish(e.requestId, e.duration));
  client.on("commandFailed", (e) => finish(e.requestId, e.duration));
}

export function createMongo(config: DemoConfig, metrics: DemoMetrics, tracker: PoolTracker): MongoClient {
  const client = new MongoClient(config.mongoUrl, {
    appName: "demo-api",
    maxPoolSize: config.mongoPoolSize,
    // Without these the driver waits forever for a pooled connection or a dead server.
    waitQueueTimeoutMS: config.mongoWaitQueueTimeoutMs,
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    // Above the hog workers' getMore hold and the ~1 s unindexed scan, below "hung".
    socketTimeoutMS: Math.max(10_000, config.faults.hogHoldMs * 2),
    monitorCommands: true,
  });
  tracker.attach(client, metrics);
  attachCommandTiming(client, metrics, config.slowMs);
  return client;
}
