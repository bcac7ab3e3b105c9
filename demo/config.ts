// The demo stack's own config: the one module of demo/ that reads the environment, once, via zod.
import path from "node:path";
import { z } from "zod";

/** Tunables of the fault switches; tests shrink them so a run takes seconds, not minutes. */
export interface FaultTuning {
  /** error-rate: share of query requests that fail with 500. */
  errorShare: number;
  /** slow-responses: share of query requests delayed, and the delay range in ms. */
  slowShare: number;
  slowMinMs: number;
  slowMaxMs: number;
  /** slow-responses: extra delay of the external service's /health (the guide's curl -w probe). */
  externalHealthDelayMs: number;
  /** cache-bypass: GETs of never-set keys per request, so Redis keyspace misses climb. */
  bypassProbeGets: number;
  /** cache-memory: the low maxmemory set on the demo Redis and how full the filler makes it. */
  cacheMemoryBytes: number;
  cacheMemoryFill: number;
  /** connection-hogging: extra hog workers beyond the pool size, and how long each getMore holds its connection. */
  hogExtraWorkers: number;
  hogHoldMs: number;
  /** slow-query: share of query requests that run the unindexed events lookup. */
  slowQueryShare: number;
  /** stuck-rate-limit: the user whose key is left without TTL. */
  stuckUser: string;
  /** Every fault switches itself off after this long, so a forgotten one does not run all week. */
  maxOnMs: number;
}

export interface DemoConfig {
  /** Always loopback: the admin endpoint must never be reachable from another host. */
  host: "127.0.0.1";
  apiPort: number;
  externalPort: number;
  /** Base URL the fault CLI and the traffic generator talk to. */
  demoUrl: string;
  redisUrl: string;
  mongoUrl: string;
  mongoDatabase: string;
  logDir: string;
  cacheTtlSeconds: number;
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  mongoPoolSize: number;
  /** Pool checkout deadline: the driver waits forever by default, which hides exhaustion. */
  mongoWaitQueueTimeoutMs: number;
  /** Commands slower than this count as slow queries (the guide's setProfilingLevel slowms). */
  slowMs: number;
  eventsCount: number;
  trafficRps: number;
  trafficConcurrency: number;
  faults: FaultTuning;
}

export const DEFAULT_FAULT_TUNING: FaultTuning = {
  errorShare: 0.2,
  slowShare: 0.3,
  slowMinMs: 1500,
  slowMaxMs: 4000,
  externalHealthDelayMs: 1500,
  bypassProbeGets: 4,
  cacheMemoryBytes: 8 * 1024 * 1024,
  cacheMemoryFill: 0.93,
  hogExtraWorkers: 4,
  hogHoldMs: 5000,
  // One lookup scans all 20 000 events (1-2 s of FerretDB CPU): 1 % of 20 req/s is 0.2 scans/s, enough
  // for the SlowQueries alert without saturating a small machine (5 % took FerretDB down with it).
  slowQueryShare: 0.01,
  stuckUser: "u-stuck",
  maxOnMs: 60 * 60 * 1000,
};

export type DemoEnv = Record<string, string | undefined>;

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).optional().default(fallback);
const share = (fallback: number) => z.coerce.number().min(0).max(1).optional().default(fallback);
const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : v.trim()));

const envSchema = z.object({
  DEMO_API_PORT: int(4000, 0, 65535),
  DEMO_EXTERNAL_PORT: int(4001, 0, 65535),
  DEMO_URL: z.string().optional(),
  DEMO_REDIS_URL: text("redis://127.0.0.1:6380"),
  DEMO_MONGO_URL: text("mongodb://127.0.0.1:27018/"),
  DEMO_MONGO_DATABASE: text("aiplatform"),
  DEMO_STATE_DIR: text(".services/demo"),
  DEMO_CACHE_TTL_SECONDS: int(300, 1, 86_400),
  DEMO_RATE_LIMIT_MAX: int(100, 1, 1_000_000),
  DEMO_RATE_LIMIT_WINDOW_SECONDS: int(60, 1, 3600),
  DEMO_MONGO_POOL_SIZE: int(10, 1, 200),
  DEMO_MONGO_WAIT_QUEUE_TIMEOUT_MS: int(1000, 100, 60_000),
  DEMO_SLOW_MS: int(100, 1, 60_000),
  DEMO_EVENTS_COUNT: int(20_000, 100, 1_000_000),
  DEMO_TRAFFIC_RPS: int(20, 1, 500),
  DEMO_TRAFFIC_CONCURRENCY: int(32, 1, 256),
  DEMO_FAULT_ERROR_SHARE: share(DEFAULT_FAULT_TUNING.errorShare),
  DEMO_FAULT_SLOW_SHARE: share(DEFAULT_FAULT_TUNING.slowShare),
  DEMO_FAULT_SLOW_QUERY_SHARE: share(DEFAULT_FAULT_TUNING.slowQueryShare),
  DEMO_FAULT_MAX_MINUTES: int(60, 1, 24 * 60),
});

/** Parses the demo's environment; throws an Error naming each bad DEMO_* variable. */
export function loadDemoConfig(env: DemoEnv): DemoConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${String(i.path[0] ?? "environment")}: ${i.message}`);
    throw new Error(`invalid demo configuration: ${issues.join("; ")}`);
  }
  const e = parsed.data;
  const host = "127.0.0.1";
  const stateDir = path.resolve(e.DEMO_STATE_DIR);
  return {
    host,
    apiPort: e.DEMO_API_PORT,
    externalPort: e.DEMO_EXTERNAL_PORT,
    demoUrl: (e.DEMO_URL?.trim() || `http://${host}:${e.DEMO_API_PORT}`).replace(/\/+$/, ""),
    redisUrl: e.DEMO_REDIS_URL,
    mongoUrl: e.DEMO_MONGO_URL,
    mongoDatabase: e.DEMO_MONGO_DATABASE,
    logDir: path.join(stateDir, "logs"),
    cacheTtlSeconds: e.DEMO_CACHE_TTL_SECONDS,
    rateLimitMax: e.DEMO_RATE_LIMIT_MAX,
    rateLimitWindowSeconds: e.DEMO_RATE_LIMIT_WINDOW_SECONDS,
    mongoPoolSize: e.DEMO_MONGO_POOL_SIZE,
    mongoWaitQueueTimeoutMs: e.DEMO_MONGO_WAIT_QUEUE_TIMEOUT_MS,
    slowMs: e.DEMO_SLOW_MS,
    eventsCount: e.DEMO_EVENTS_COUNT,
    trafficRps: e.DEMO_TRAFFIC_RPS,
    trafficConcurrency: e.DEMO_TRAFFIC_CONCURRENCY,
    faults: {
      ...DEFAULT_FAULT_TUNING,
      errorShare: e.DEMO_FAULT_ERROR_SHARE,
      slowShare: e.DEMO_FAULT_SLOW_SHARE,
      slowQueryShare: e.DEMO_FAULT_SLOW_QUERY_SHARE,
      maxOnMs: e.DEMO_FAULT_MAX_MINUTES * 60_000,
    },
  };
}

let memo: DemoConfig | undefined;

/** The process's demo config, parsed once; entry points call this, everything else takes a DemoConfig. */
export function demoConfigFromProcess(): DemoConfig {
  memo ??= loadDemoConfig(process.env);
  return memo;
}
