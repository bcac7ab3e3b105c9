// executeStep on Redis steps against a private redis-server: hit ratio, memory vs maxmemory, no limit, rate-limit keys.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { MASK } from "@/lib/server/redact";
import { closeRedis } from "@/lib/systems/redis/client";
import { runRedis } from "@/lib/systems/redis/run";
import { RUN_ID, setEnv } from "../systems/helpers";
import { figure, isolateConfigEnv, type OwnRedis, startOwnRedis } from "./support";

let redis: OwnRedis;
let env: { restore: () => void };

beforeAll(async () => {
  env = isolateConfigEnv();
  redis = await startOwnRedis();
  setEnv({ REDIS_URL: redis.url });
});

afterAll(async () => {
  await closeRedis();
  await redis?.stop();
  env?.restore();
});

/** Exactly `hits` keyspace hits and `misses` misses on our own server (INFO counters are server-wide). */
async function lookups(hits: number, misses: number): Promise<void> {
  const key = `rbdiag:${RUN_ID}:present`;
  await redis.fixture.set(key, "1");
  const pipeline = redis.fixture.pipeline();
  for (let i = 0; i < hits; i++) pipeline.get(key);
  for (let i = 0; i < misses; i++) pipeline.get(`rbdiag:${RUN_ID}:absent:${i}`);
  await pipeline.exec();
}

describe("slow-response-times solution-2-1: redis-cli info | grep hit", () => {
  const step = { runbook: "slow-response-times", stepId: "solution-2-1", params: {} };

  it("judges the increase between two INFO samples a second apart, never the lifetime counts", async () => {
    setEnv({ METRICS_PAIR_SECONDS: "1" });
    try {
      await redis.fixture.config("RESETSTAT");
      // Lifetime: 900 hits, 0 misses (100 %). Within the run's window: 10 hits, 90 misses → 10 % → critical.
      await lookups(900, 0);
      const running = executeStep(step);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await lookups(10, 90);
      const first = await running;
      expect(first.verdict.status).toBe("critical");
      expect(first.verdict.headline).toMatch(/^keyspace hit ratio 10 % over 1(\.\d+)? s$/);
      expect(figure(first, "hits")).toBe(10);
      expect(figure(first, "misses")).toBe(90);
      expect(first.verdict.evidence?.source).toBe("scrape-pair");
      expect(first.verdict.evidence?.note).toContain("PROMETHEUS_URL is not set");
      // The raw output is the second sample; the grep's lines are the table.
      expect(first.raw).toMatch(/^keyspace_hits:910$/m);
      const grepped = first.verdict.tables?.find((t) => t.title === 'Lines matching "hit"');
      expect(grepped?.rows).toContainEqual(["keyspace_hits", "910"]);
      expect(grepped?.rows.some(([field]) => String(field).startsWith("used_memory"))).toBe(false);
      expect(first.cli).toContain("redis-cli");

      // Nothing looked up within the next run's window: no lookups, said so, not judged on lifetime.
      const quiet = await executeStep(step);
      expect(quiet.verdict.status).toBe("ok");
      expect(quiet.verdict.headline).toMatch(/^no cache lookups over /);
    } finally {
      setEnv({ METRICS_PAIR_SECONDS: undefined });
    }
  });
});

describe("cache-memory-issues diagnosis-1: redis-cli info memory", () => {
  const step = { runbook: "cache-memory-issues", stepId: "diagnosis-1", params: {} };
  const prefix = `rbdiag:${RUN_ID}:blob:`;

  beforeEach(async () => {
    await redis.fixture.config("SET", "maxmemory", "0");
    await redis.fixture.config("SET", "maxmemory-policy", "allkeys-lru");
  });

  afterAll(async () => {
    const keys = await redis.fixture.keys(`${prefix}*`);
    if (keys.length > 0) await redis.fixture.del(...keys);
    await redis.fixture.config("SET", "maxmemory", "0");
    await redis.fixture.config("SET", "maxmemory-policy", "noeviction");
  });

  /** Fills ~16 MB and returns used_memory as the server reports it. */
  async function fill(): Promise<number> {
    const blob = "x".repeat(1024 * 1024);
    for (let i = 0; i < 16; i++) await redis.fixture.set(`${prefix}${i}`, blob);
    const info = await redis.fixture.info("memory");
    const used = Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
    expect(used).toBeGreaterThan(16 * 1024 * 1024);
    return used;
  }

  it("is a warning at ~87 % of maxmemory, with used and max figures", async () => {
    const used = await fill();
    const max = Math.round(used / 0.875);
    await redis.fixture.config("SET", "maxmemory", String(max));
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("warning");
    expect(result.verdict.headlineUnit).toBe("%");
    expect(result.verdict.headlineValue).toBeGreaterThan(85);
    expect(result.verdict.headlineValue).toBeLessThan(90);
    expect(result.verdict.headline).toMatch(/^memory 8\d(\.\d)? % of maxmemory \(.+ of .+\)/);
    expect(figure(result, "maxmemory")).toBe(max);
    expect(Number(figure(result, "used_memory"))).toBeGreaterThan(16 * 1024 * 1024);
    expect(figure(result, "maxmemory_policy")).toBe("allkeys-lru");
    expect(result.verdict.findings).toContain("redis-memory");
  });

  it("is critical at ~95 % of maxmemory", async () => {
    const used = await fill();
    const max = Math.round(used / 0.95);
    await redis.fixture.config("SET", "maxmemory", String(max));
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.headlineValue).toBeGreaterThan(90);
    expect(result.verdict.headlineValue).toBeLessThanOrEqual(100);
    expect(figure(result, "maxmemory")).toBe(max);
  });

  it("is critical above 85 % when the policy is noeviction (writes will fail with OOM)", async () => {
    const used = await fill();
    await redis.fixture.config("SET", "maxmemory-policy", "noeviction");
    await redis.fixture.config("SET", "maxmemory", String(Math.round(used / 0.875)));
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.detail).toMatch(/noeviction/);
    expect(result.verdict.findings).toContain("redis-eviction-policy");
  });

  it("is a warning with no limit set (maxmemory 0)", async () => {
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("warning");
    expect(result.verdict.headline).toMatch(/no maxmemory limit/);
    expect(figure(result, "maxmemory")).toBe(0);
  });
});

describe("low-cache-hit-rate diagnosis-2: redis-cli config get maxmemory", () => {
  const step = { runbook: "low-cache-hit-rate", stepId: "diagnosis-2", params: {} };

  it('warns "no limit" when maxmemory is 0', async () => {
    await redis.fixture.config("SET", "maxmemory", "0");
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("warning");
    expect(result.verdict.headline).toBe("maxmemory 0 (no limit)");
    expect(result.verdict.headlineValue).toBe(0);
    expect(result.raw).toBe("maxmemory\n0");
  });

  it("is ok with a limit, showing it in bytes", async () => {
    await redis.fixture.config("SET", "maxmemory", String(64 * 1024 * 1024));
    try {
      const result = await executeStep(step);
      expect(result.verdict.status).toBe("ok");
      expect(result.verdict.headlineValue).toBe(64 * 1024 * 1024);
      expect(result.verdict.headline).toMatch(/^maxmemory 64(\.0)? MB$/);
    } finally {
      await redis.fixture.config("SET", "maxmemory", "0");
    }
  });
});

describe("CONFIG GET of a secret parameter (masked once, at read time)", () => {
  const secret = `pw-${RUN_ID}-sentinel`;

  it("never shows requirepass or masterauth values in the verdict or the raw output", async () => {
    // Our own server: existing connections stay authenticated when requirepass is set.
    await redis.fixture.config("SET", "masterauth", secret);
    await redis.fixture.config("SET", "requirepass", secret);
    try {
      for (const param of ["requirepass", "masterauth"]) {
        const outcome = await runRedis({ kind: "redis", command: "CONFIG GET", args: [param] }, "redis-config", {
          window: "5m",
        });
        expect(JSON.stringify(outcome.verdict)).not.toContain(secret);
        expect(outcome.raw).not.toContain(secret);
        expect(outcome.raw).toBe(`${param}\n${MASK}`);
        expect(outcome.verdict.headline).toBe(`${param} ${MASK}`);
        expect(outcome.verdict.detail).toContain("masked");
      }
    } finally {
      await redis.fixture.config("SET", "requirepass", "");
      await redis.fixture.config("SET", "masterauth", "");
    }
  });
});

describe("high-error-rates solution-1-1: redis-cli get rate_limit:{user_id}", () => {
  const user = `u_${RUN_ID}`;
  const key = `rate_limit:${user}`;
  const step = { runbook: "high-error-rates", stepId: "solution-1-1", params: { user_id: user } };

  afterAll(async () => {
    await redis.fixture.del(key);
    setEnv({ RATE_LIMIT_MAX: undefined });
  });

  it("is critical when the counter has no TTL (the INCR-then-EXPIRE bug)", async () => {
    await redis.fixture.set(key, "17");
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.headline).toMatch(/no expiry/);
    expect(result.verdict.headlineValue).toBe(17);
    expect(figure(result, "key")).toBe(key);
    expect(result.raw).toBe(`GET ${key}\n17\nPTTL ${key}\n-1`);
  });

  it("is ok while counting within a window with a TTL", async () => {
    await redis.fixture.set(key, "3", "EX", 60);
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("ok");
    expect(result.verdict.headlineValue).toBe(3);
    expect(Number(figure(result, "TTL"))).toBeGreaterThan(50);
    expect(Number(figure(result, "TTL"))).toBeLessThanOrEqual(60);
  });

  it("warns when the count has reached RATE_LIMIT_MAX", async () => {
    setEnv({ RATE_LIMIT_MAX: "5" });
    await redis.fixture.set(key, "5", "EX", 60);
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("warning");
    expect(result.verdict.headline).toMatch(/^user currently limited: 5 of 5 requests/);
    expect(figure(result, "limit")).toBe(5);
  });

  it("is ok when the user has no key", async () => {
    await redis.fixture.del(key);
    const result = await executeStep(step);
    expect(result.verdict.status).toBe("ok");
    expect(result.verdict.headline).toBe("no rate-limit key: user not limited");
  });
});
