// The keyspace analysis (`redis-cli --memkeys`, cache-memory-issues diagnosis-3) against a private redis-server filled
// with keys across prefixes, with and without TTL: the top prefix, no-TTL counts, the key cap and time budget, and
// that it walks the keyspace with SCAN (INFO commandstats shows no KEYS).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { closeRedis, redisKeyspaceAnalysis } from "@/lib/systems/redis/client";
import { setEnv } from "../systems/helpers";
import { figure, isolateConfigEnv, type OwnRedis, startOwnRedis } from "./support";

let redis: OwnRedis;
let env: { restore: () => void };

/** What the fill writes: prefix pattern, keys, value bytes, TTL seconds (0: none). */
const FILL = [
  { make: (i: number) => `agent:${i % 7}:query:${(0xabc00000 + i).toString(16)}`, n: 3000, bytes: 300, ttl: 3600 },
  { make: (i: number) => `filler:${1_700_000_000_000 + i}`, n: 400, bytes: 16 * 1024, ttl: 0 },
  { make: (i: number) => `rate_limit:u-${i}`, n: 800, bytes: 2, ttl: 60 },
  { make: (i: number) => `session:${crypto.randomUUID()}:${i % 2 ? "data" : "meta"}`, n: 200, bytes: 600, ttl: 0 },
];
const TOTAL = FILL.reduce((n, f) => n + f.n, 0);

/** INFO commandstats as command → calls. */
async function commandCalls(): Promise<Map<string, number>> {
  const text = await redis.fixture.info("commandstats");
  const calls = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1] ?? "", Number(m[2]));
  return calls;
}

beforeAll(async () => {
  env = isolateConfigEnv();
  redis = await startOwnRedis();
  setEnv({ REDIS_URL: redis.url });
  for (const { make, n, bytes, ttl } of FILL) {
    const pipeline = redis.fixture.pipeline();
    const value = "v".repeat(bytes);
    for (let i = 0; i < n; i++) {
      if (ttl > 0) pipeline.set(make(i), value, "EX", ttl);
      else pipeline.set(make(i), value);
    }
    await pipeline.exec();
  }
  expect(await redis.fixture.dbsize()).toBe(TOTAL);
});

afterAll(async () => {
  await closeRedis();
  await redis?.stop();
  env?.restore();
});

describe("cache-memory-issues diagnosis-3: redis-cli --memkeys", () => {
  it("names the prefix that holds the memory without TTL, with exact counts when every key fits the sample", async () => {
    await redis.fixture.config("RESETSTAT");
    const result = await executeStep({ runbook: "cache-memory-issues", stepId: "diagnosis-3", params: {} });
    const { verdict } = result;
    expect(result.cli).toBe("redis-cli --memkeys");
    expect(verdict.status).toBe("warning");
    expect(verdict.headline).toMatch(
      /^filler:\* holds (\d+(\.\d)?) % of key memory \(.+ in 400 keys, 100 % without TTL\)$/,
    );
    expect(verdict.headlineValue).toBeGreaterThan(80);
    expect(verdict.findings).toEqual(["redis-memory", "redis-keys-without-ttl"]);
    expect(figure(result, "keys (DBSIZE)")).toBe(TOTAL);
    expect(figure(result, "keys scanned")).toBe(TOTAL);
    expect(figure(result, "keys measured")).toBe(TOTAL);
    expect(figure(result, "sample rate")).toBe("every key");
    expect(figure(result, "stopped by")).toBe("end of keyspace");

    const byPrefix = verdict.tables?.find((t) => t.title === "Memory by key prefix");
    const row = (pattern: string) => byPrefix?.rows.find((r) => r[0] === pattern);
    expect(byPrefix?.rows.map((r) => r[0])).toEqual(["filler:*", "agent:*:query:*", "session:*:*", "rate_limit:*"]);
    expect(row("filler:*")?.slice(3, 5)).toEqual(["400", "400 (100 %)"]);
    expect(row("agent:*:query:*")?.slice(3, 5)).toEqual(["3000", "0 (0 %)"]);
    expect(row("session:*:*")?.slice(3, 5)).toEqual(["200", "200 (100 %)"]);
    expect(row("rate_limit:*")?.slice(3, 5)).toEqual(["800", "0 (0 %)"]);
    const ttl = verdict.tables?.find((t) => t.title === "TTL spread");
    expect(ttl?.rows.find((r) => r[0] === "no expiry")?.[1]).toBe("600");
    expect(ttl?.rows.find((r) => r[0] === "< 1 min")?.[1]).toBe("800");
    const biggest = verdict.tables?.find((t) => t.title === "Biggest keys");
    expect(biggest?.rows).toHaveLength(10);
    for (const r of biggest?.rows ?? [])
      expect(r.slice(1, 5)).toEqual(["filler:*", expect.stringMatching(/KB$/), "string", "no expiry"]);
    expect(result.raw).toMatch(/^filler:\*\t\d+\t400\t400\t/m);

    // SCAN batches and the pipelined reads, never KEYS.
    const calls = await commandCalls();
    expect(calls.has("keys")).toBe(false);
    expect(calls.get("scan")).toBeGreaterThanOrEqual(Math.ceil(TOTAL / 1000));
    expect(calls.get("memory|usage")).toBe(TOTAL);
    expect(calls.get("pttl")).toBe(TOTAL);
    expect(calls.get("type")).toBe(TOTAL);
  });

  it("honours the key cap and extrapolates from the keys it scanned", async () => {
    const report = await redisKeyspaceAnalysis({ keyCap: 1000, batchSize: 100, pauseMs: 0 });
    expect(report.scanned).toBe(1000);
    expect(report.stoppedBy).toBe("key cap");
    expect(report.complete).toBe(false);
    expect(report.coverage).toBeCloseTo(1000 / TOTAL, 6);
    expect(report.estKeys).toBeCloseTo(TOTAL, 6);
    // SCAN order is unrelated to names: the agent share (3000 of 4400) comes out near its true value.
    const agents = report.prefixes.find((p) => p.pattern === "agent:*:query:*");
    expect(agents?.estKeys).toBeGreaterThan(2400);
    expect(agents?.estKeys).toBeLessThan(3600);
  });

  it("honours the time budget: no batch starts after it, and the run ends within one batch of it", async () => {
    const budget = 60;
    const report = await redisKeyspaceAnalysis({ timeBudgetMs: budget, batchSize: 10, pauseMs: 10 });
    expect(report.stoppedBy).toBe("time budget");
    expect(report.scanned).toBeLessThan(TOTAL);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(budget);
    expect(report.elapsedMs).toBeLessThan(budget + report.longestBatchMs + 10 + 50);
    expect(report.prefixes[0]?.pattern).toBeDefined();
  });

  it("samples 1 key in N on a keyspace larger than the sample target, and still names the top prefix", async () => {
    const report = await redisKeyspaceAnalysis({ sampleTarget: 1000, pauseMs: 0 });
    expect(report.sampleEvery).toBe(Math.ceil(TOTAL / 1000));
    expect(report.sampled).toBeLessThan(TOTAL / 2);
    expect(report.complete).toBe(true);
    expect(report.prefixes[0]?.pattern).toBe("filler:*");
    expect(report.prefixes.find((p) => p.pattern === "filler:*")?.estNoTtl).toBe(400);
  });
});
