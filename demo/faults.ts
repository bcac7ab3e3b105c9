// The fault switches: each reproduces one issue of the troubleshooting guide on the demo's own Redis and MongoDB.
import type { Redis } from "ioredis";
import type { Db, FindCursor } from "mongodb";
import { EVENTS_COLLECTION, SLOW_QUERY_FIELD } from "./catalog";
import type { FaultTuning } from "./config";
import { FAULT_DESCRIPTIONS, FAULT_NAMES, type FaultName } from "./fault-names";
import type { DemoLogger } from "./log-files";
import type { DemoMetrics } from "./metrics";
import { HOG_COMMENT } from "./stores";

export const HOG_COLLECTION = "pool_hog";
const FILLER_PREFIX = "filler:";
/** Where cache-memory keeps the settings it replaced, so a restarted server can still put them back. */
const SAVED_MEMORY_KEY = "demo:fault:cache-memory:saved";
const FILLER_VALUE_BYTES = 16 * 1024;

export interface FaultState {
  name: FaultName;
  on: boolean;
  description: string;
  since: string | null;
  detail: string;
}

export interface FaultDeps {
  redis: Redis;
  db: Db;
  metrics: DemoMetrics;
  logger: DemoLogger;
  tuning: FaultTuning;
  poolSize: number;
  rateLimitMax: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Parses `INFO` text into field → value. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

async function infoNumber(redis: Redis, section: string, field: string): Promise<number> {
  const value = Number(parseInfo(await redis.info(section)).get(field));
  if (!Number.isFinite(value)) throw new Error(`INFO ${section} has no numeric ${field}`);
  return value;
}

async function configGet(redis: Redis, name: string): Promise<string> {
  const reply = (await redis.config("GET", name)) as unknown;
  const value = Array.isArray(reply) ? reply[1] : undefined;
  if (typeof value !== "string") throw new Error(`CONFIG GET ${name} returned nothing`);
  return value;
}

/** The faults that rewrite server settings must never touch the machine's shared Redis. */
async function assertNotSharedRedis(redis: Redis, fault: FaultName): Promise<void> {
  const port = parseInfo(await redis.info("server")).get("tcp_port");
  if (port === "6379") {
    throw new Error(
      `${fault} refuses to change the Redis on port 6379 (the machine's shared one); point DEMO_REDIS_URL at the demo Redis`,
    );
  }
}

/** Deletes keys matching `pattern` with SCAN + UNLINK; bounded so a huge keyspace cannot stall it. */
async function deleteByPattern(redis: Redis, pattern: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  for (let i = 0; i < 2000; i++) {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
    if (cursor === "0") break;
  }
  return deleted;
}

/** Holds pooled MongoDB connections in tailable-cursor getMores that wait server-side without CPU. */
class PoolHog {
  private active = false;
  private workers: Promise<void>[] = [];
  private readonly cursors = new Set<FindCursor>();

  constructor(
    private readonly db: Db,
    private readonly workerCount: number,
    private readonly holdMs: number,
    private readonly maxOnMs: number,
  ) {}

  async start(): Promise<void> {
    const existing = await this.db.listCollections({ name: HOG_COLLECTION }).toArray();
    if (existing.length === 0) {
      // Tailable cursors need a capped collection; awaitData getMores then block for maxAwaitTimeMS.
      await this.db.createCollection(HOG_COLLECTION, { capped: true, size: 64 * 1024 });
    }
    const coll = this.db.collection(HOG_COLLECTION);
    if ((await coll.estimatedDocumentCount()) === 0) await coll.insertOne({ note: "connection-hogging fault anchor" });
    this.active = true;
    this.workers = Array.from({ length: this.workerCount }, () => this.work());
  }

  private async work(): Promise<void> {
    const coll = this.db.collection(HOG_COLLECTION);
    let cursor: FindCursor | undefined;
    // Each pass holds a connection for up to holdMs or fails fast; the bound outlives maxOnMs.
    const maxPasses = Math.ceil(this.maxOnMs / 100) + 10;
    for (let i = 0; i < maxPasses && this.active; i++) {
      if (cursor === undefined) {
        cursor = coll.find(
          {},
          { tailable: true, awaitData: true, maxAwaitTimeMS: this.holdMs, batchSize: 1, comment: HOG_COMMENT },
        );
        this.cursors.add(cursor);
      }
      try {
        await cursor.tryNext();
      } catch {
        // Pool wait timeouts are expected once the pool is full: reopen and queue again.
        this.cursors.delete(cursor);
        await cursor.close().catch(() => undefined);
        cursor = undefined;
        await sleep(100);
      }
    }
    if (cursor !== undefined) {
      this.cursors.delete(cursor);
      await cursor.close().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.active = false;
    const all = Promise.all(this.workers);
    // A worker leaves after its current getMore returns (≤ holdMs); do not wait longer than that.
    await Promise.race([all, sleep(this.holdMs + 3000)]);
    await Promise.all([...this.cursors].map((c) => c.close().catch(() => undefined)));
    this.cursors.clear();
    this.workers = [];
  }
}

interface Switch {
  on(): Promise<string>;
  off(): Promise<string>;
}

export class FaultController {
  private readonly states = new Map<FaultName, { on: boolean; since: Date | null; detail: string }>();
  private readonly timers = new Map<FaultName, NodeJS.Timeout>();
  private readonly switches: Record<FaultName, Switch>;
  private queue: Promise<unknown> = Promise.resolve();
  private hog: PoolHog | undefined;

  constructor(private readonly deps: FaultDeps) {
    for (const name of FAULT_NAMES) this.states.set(name, { on: false, since: null, detail: "" });
    this.switches = this.buildSwitches();
  }

  get tuning(): FaultTuning {
    return this.deps.tuning;
  }

  isOn(name: FaultName): boolean {
    return this.states.get(name)?.on === true;
  }

  list(): FaultState[] {
    return FAULT_NAMES.map((name) => {
      const s = this.states.get(name);
      return {
        name,
        on: s?.on === true,
        description: FAULT_DESCRIPTIONS[name],
        since: s?.since?.toISOString() ?? null,
        detail: s?.detail ?? "",
      };
    });
  }

  /** Turns a fault on or off; calls are serialized so on/off of the same Redis settings never interleave. */
  set(name: FaultName, on: boolean): Promise<FaultState> {
    const run = this.queue.then(() => this.apply(name, on));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(name: FaultName, on: boolean): Promise<FaultState> {
    const sw = this.switches[name];
    const detail = on ? await sw.on() : await sw.off();
    this.states.set(name, { on, since: on ? new Date() : null, detail });
    this.deps.metrics.faultActive.set({ fault: name }, on ? 1 : 0);
    this.deps.logger.log(on ? "WARN" : "INFO", `fault ${name} ${on ? "ON" : "off"}: ${detail}`);
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
    if (on) {
      const t = setTimeout(() => {
        this.set(name, false).catch(() => undefined);
      }, this.deps.tuning.maxOnMs);
      t.unref();
      this.timers.set(name, t);
    }
    const state = this.list().find((s) => s.name === name);
    if (state === undefined) throw new Error(`unknown fault ${name}`);
    return state;
  }

  /** Puts back what a previous run may have left in Redis (filler, maxmemory, a stuck key). */
  async reconcile(): Promise<void> {
    const { redis, tuning } = this.deps;
    if ((await redis.exists(SAVED_MEMORY_KEY)) === 1) await this.set("cache-memory", false);
    if ((await redis.pttl(`rate_limit:${tuning.stuckUser}`)) === -1) await this.set("stuck-rate-limit", false);
  }

  /** Switches every fault off (bounded by each switch's own deadline); used on shutdown and by tests. */
  async allOff(): Promise<void> {
    for (const name of FAULT_NAMES) {
      if (this.isOn(name)) await this.set(name, false);
    }
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private buildSwitches(): Record<FaultName, Switch> {
    const { redis, db, metrics, tuning } = this.deps;
    const flag = (on: string, off: string): Switch => ({ on: async () => on, off: async () => off });
    return {
      "error-rate": flag(`${Math.round(tuning.errorShare * 100)} % of queries answer 500`, "queries answer normally"),
      "slow-responses": flag(
        `${Math.round(tuning.slowShare * 100)} % of queries wait ${tuning.slowMinMs}-${tuning.slowMaxMs} ms; external /health waits ${tuning.externalHealthDelayMs} ms`,
        "no added latency",
      ),
      "cache-bypass": {
        on: async () => {
          await assertNotSharedRedis(redis, "cache-bypass");
          // INFO stats hit ratio is lifetime; after hours of hits the bypass would take hours to show. Reset it.
          await redis.config("RESETSTAT");
          return `cache reads skipped; ${tuning.bypassProbeGets} GETs of never-set keys per query; INFO stats reset`;
        },
        off: async () => "cache reads restored",
      },
      "cache-memory": {
        on: () => this.fillMemory(),
        off: () => this.restoreMemory(),
      },
      "connection-hogging": {
        on: async () => {
          if (this.hog !== undefined) return "already holding the pool";
          const workers = this.deps.poolSize + tuning.hogExtraWorkers;
          const hog = new PoolHog(db, workers, tuning.hogHoldMs, tuning.maxOnMs);
          await hog.start();
          this.hog = hog;
          return `${workers} workers hold pooled connections in ${tuning.hogHoldMs} ms getMores (pool size ${this.deps.poolSize})`;
        },
        off: async () => {
          const hog = this.hog;
          this.hog = undefined;
          if (hog !== undefined) await hog.stop();
          return "pool released";
        },
      },
      "slow-query": {
        on: async () => {
          // The fault is the missing index: drop one an operator may have created as the guide's fix.
          const dropped: string[] = [];
          const indexes = await db.collection(EVENTS_COLLECTION).indexes();
          for (const ix of indexes) {
            if (ix.name !== undefined && Object.hasOwn(ix.key, SLOW_QUERY_FIELD)) {
              await db.collection(EVENTS_COLLECTION).dropIndex(ix.name);
              dropped.push(ix.name);
            }
          }
          const extra = dropped.length > 0 ? `; dropped index ${dropped.join(", ")}` : "";
          return `${Math.round(tuning.slowQueryShare * 100)} % of queries look up ${EVENTS_COLLECTION} by ${SLOW_QUERY_FIELD} (no index)${extra}`;
        },
        off: async () => "events lookup removed from the query path",
      },
      "missing-metric": {
        on: async () => {
          metrics.setAgentErrorsExported(false);
          return "agent_errors_total no longer exported; external-service /metrics answers 503";
        },
        off: async () => {
          metrics.setAgentErrorsExported(true);
          return "agent_errors_total exported; external-service /metrics answers 200";
        },
      },
      "stuck-rate-limit": {
        on: async () => {
          const key = `rate_limit:${tuning.stuckUser}`;
          // SET without EX also clears any TTL: this is the INCR-then-EXPIRE bug's end state.
          await redis.set(key, String(this.deps.rateLimitMax + 50));
          return `${key} = ${this.deps.rateLimitMax + 50} with no TTL (limit ${this.deps.rateLimitMax})`;
        },
        off: async () => {
          const key = `rate_limit:${tuning.stuckUser}`;
          const n = await redis.del(key);
          return n > 0 ? `${key} deleted` : `${key} was not set`;
        },
      },
    };
  }

  private async fillMemory(): Promise<string> {
    const { redis, tuning } = this.deps;
    await assertNotSharedRedis(redis, "cache-memory");
    if ((await redis.exists(SAVED_MEMORY_KEY)) === 0) {
      const [maxmemory, policy] = [await configGet(redis, "maxmemory"), await configGet(redis, "maxmemory-policy")];
      await redis.hset(SAVED_MEMORY_KEY, { maxmemory, policy });
    }
    const usedBefore = await infoNumber(redis, "memory", "used_memory");
    // At least half of the limit is filler, so the figure comes from this fault and not from what was there.
    const limit = Math.max(tuning.cacheMemoryBytes, Math.ceil(usedBefore / 0.5));
    await redis.config("SET", "maxmemory-policy", "noeviction");
    await redis.config("SET", "maxmemory", String(limit));
    const target = tuning.cacheMemoryFill * limit;
    const value = "f".repeat(FILLER_VALUE_BYTES);
    let used = usedBefore;
    let seq = Date.now();
    for (let i = 0; i < 64 && used < target - 0.01 * limit; i++) {
      // Add 80 % of the remaining gap each pass: allocator overhead per value is not known in advance.
      const count = Math.min(Math.max(Math.floor(((target - used) / FILLER_VALUE_BYTES) * 0.8), 1), 256);
      const pipe = redis.pipeline();
      for (let k = 0; k < count; k++) pipe.set(`${FILLER_PREFIX}${seq++}`, value);
      await pipe.exec();
      used = await infoNumber(redis, "memory", "used_memory");
    }
    return `maxmemory ${limit} bytes, policy noeviction, used_memory ${used} (${Math.round((used / limit) * 100)} %)`;
  }

  private async restoreMemory(): Promise<string> {
    const { redis } = this.deps;
    const deleted = await deleteByPattern(redis, `${FILLER_PREFIX}*`);
    const saved = await redis.hgetall(SAVED_MEMORY_KEY);
    // Nothing saved means this fault never changed the settings: leave whatever is configured alone.
    if (saved.maxmemory === undefined) return `${deleted} filler keys deleted; settings untouched`;
    const maxmemory = saved.maxmemory ?? "0";
    const policy = saved.policy ?? "noeviction";
    await redis.config("SET", "maxmemory", maxmemory);
    await redis.config("SET", "maxmemory-policy", policy);
    await redis.del(SAVED_MEMORY_KEY);
    return `${deleted} filler keys deleted; maxmemory ${maxmemory}, policy ${policy} restored`;
  }
}
