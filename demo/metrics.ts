// The demo API's Prometheus registry: request, cache, error, pool and slow-query metrics plus process defaults.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry, Summary } from "prom-client";
import { AGENT_IDS } from "./catalog";
import { FAULT_NAMES } from "./fault-names";

/** Reasons an agent query can fail; pre-created at 0 so `absent(agent_errors_total)` means "not exported". */
export const AGENT_ERROR_REASONS = ["injected", "database", "upstream", "cache"] as const;
export type AgentErrorReason = (typeof AGENT_ERROR_REASONS)[number];

/** The pool's name in db_client_connection_pool_name (OTel: a name that identifies the pool in the process). */
export const POOL_NAME = "demo-mongodb";

/** Request-duration buckets: fine below 100 ms for cache hits, and 3-10 s so a p99 > 3 s alert resolves. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5, 10];

export interface PoolFigures {
  inUse: number;
  available: number;
  waiting: number;
  max: number;
}

export interface DemoMetrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method" | "status">;
  responseTime: Summary<"route">;
  agentErrors: Counter<"agent_id" | "reason">;
  cacheHits: Counter;
  cacheMisses: Counter;
  rateLimitRejections: Counter;
  operationDuration: Histogram<"db_system_name" | "db_collection_name" | "db_operation_name">;
  mongoSlowQueries: Counter<"command" | "collection">;
  connectionTimeouts: Counter<"db_client_connection_pool_name">;
  connectionWaitTime: Histogram<"db_client_connection_pool_name">;
  faultActive: Gauge<"fault">;
  /** missing-metric: take agent_errors_total out of the exposition (the counter keeps counting). */
  setAgentErrorsExported(exported: boolean): void;
}

export interface MetricSources {
  pool(): PoolFigures;
  /** rate_limit:* keys without a TTL; undefined when Redis did not answer in time. */
  stuckRateLimitKeys(): Promise<number | undefined>;
}

export function createMetrics(sources: MetricSources): DemoMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by route template, method and status code.",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds by route template, method and status code.",
    labelNames: ["route", "method", "status"] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  // The guide greps /metrics for "response_time": a sliding-window summary makes that line show the
  // last minute's quantiles directly; alerts still use the histogram, which aggregates.
  const responseTime = new Summary({
    name: "http_response_time_seconds",
    help: "HTTP response time quantiles over the last minute, by route template.",
    labelNames: ["route"] as const,
    percentiles: [0.5, 0.95, 0.99],
    maxAgeSeconds: 60,
    ageBuckets: 6,
    registers,
  });
  const agentErrors = new Counter({
    name: "agent_errors_total",
    help: "Agent queries that failed, by agent and reason.",
    labelNames: ["agent_id", "reason"] as const,
    registers,
  });
  for (const agent of AGENT_IDS)
    for (const reason of AGENT_ERROR_REASONS) agentErrors.inc({ agent_id: agent, reason }, 0);

  const cacheHits = new Counter({
    name: "cache_hits_total",
    help: "Agent query answers served from Redis.",
    registers,
  });
  const cacheMisses = new Counter({
    name: "cache_misses_total",
    help: "Agent queries not answered from Redis (absent, expired or bypassed).",
    registers,
  });
  const rateLimitRejections = new Counter({
    name: "rate_limit_rejections_total",
    // No user label: user ids come from the request, and an unbounded label set would grow without limit.
    help: "Requests refused with 429 because rate_limit:{user_id} was over the limit.",
    registers,
  });

  // The MongoDB driver's pool and operations in OpenTelemetry's database-client names (semantic conventions
  // db.client.connection.* and db.client.operation.duration), as an OTel Prometheus exporter writes them.
  const pool = { db_client_connection_pool_name: POOL_NAME };
  new Gauge({
    name: "db_client_connection_count",
    help: "Connections of the MongoDB driver pool by state (used = checked out, idle = open and free).",
    labelNames: ["db_client_connection_pool_name", "db_client_connection_state"] as const,
    registers,
    collect() {
      const p = sources.pool();
      this.set({ ...pool, db_client_connection_state: "used" }, p.inUse);
      this.set({ ...pool, db_client_connection_state: "idle" }, p.available);
    },
  });
  new Gauge({
    name: "db_client_connection_max",
    help: "maxPoolSize of the MongoDB driver pool; used / max is the saturation.",
    labelNames: ["db_client_connection_pool_name"] as const,
    registers,
    collect() {
      this.set(pool, sources.pool().max);
    },
  });
  new Gauge({
    name: "db_client_connection_pending_requests",
    help: "Operations waiting to check a connection out of the MongoDB pool.",
    labelNames: ["db_client_connection_pool_name"] as const,
    registers,
    collect() {
      this.set(pool, sources.pool().waiting);
    },
  });
  const connectionTimeouts = new Counter({
    name: "db_client_connection_timeouts_total",
    help: "Checkouts of the MongoDB pool that timed out waiting for a connection (the pool was exhausted).",
    labelNames: ["db_client_connection_pool_name"] as const,
    registers,
  });
  connectionTimeouts.inc(pool, 0);
  const connectionWaitTime = new Histogram({
    name: "db_client_connection_wait_time_seconds",
    help: "Time to check a connection out of the MongoDB pool.",
    labelNames: ["db_client_connection_pool_name"] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10],
    registers,
  });
  const operationDuration = new Histogram({
    name: "db_client_operation_duration_seconds",
    help: "Server round trip of MongoDB operations (pool wait excluded), by collection and operation.",
    labelNames: ["db_system_name", "db_collection_name", "db_operation_name"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const mongoSlowQueries = new Counter({
    name: "mongodb_slow_queries_total",
    help: "MongoDB commands slower than the slowms threshold (DEMO_SLOW_MS, 100 ms like the guide's profiler).",
    labelNames: ["command", "collection"] as const,
    registers,
  });

  new Gauge({
    name: "rate_limit_keys_without_ttl",
    help: "rate_limit:* keys in Redis with no expiry (PTTL -1): users blocked until someone deletes the key.",
    registers,
    async collect() {
      const n = await sources.stuckRateLimitKeys();
      if (n !== undefined) this.set(n);
    },
  });

  const faultActive = new Gauge({
    name: "demo_fault_active",
    help: "1 while a demo fault switch is on.",
    labelNames: ["fault"] as const,
    registers,
  });
  for (const fault of FAULT_NAMES) faultActive.set({ fault }, 0);

  let exported = true;
  return {
    registry,
    httpRequests,
    httpDuration,
    responseTime,
    agentErrors,
    cacheHits,
    cacheMisses,
    rateLimitRejections,
    operationDuration,
    mongoSlowQueries,
    connectionTimeouts,
    connectionWaitTime,
    faultActive,
    setAgentErrorsExported(on) {
      if (on === exported) return;
      if (on) registry.registerMetric(agentErrors);
      else registry.removeSingleMetric("agent_errors_total");
      exported = on;
    },
  };
}
