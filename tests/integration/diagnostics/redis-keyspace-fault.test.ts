// The demo's cache-memory fault, switched on by the demo's own FaultController against a private redis-server that
// holds cache traffic like the demo's (agent:{id}:query:{hash} with a TTL, rate_limit:{user} with a window): the
// keyspace step of Cache Memory Issues names the prefix the fault grows, filler:*, and is green again once it is off.
// (e2e/fault-scenarios.spec.ts asserts the same through the page against the demo stack.)
import type { Db } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FAULT_TUNING } from "@/demo/config";
import { FaultController } from "@/demo/faults";
import type { DemoLogger } from "@/demo/log-files";
import type { DemoMetrics } from "@/demo/metrics";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { closeRedis } from "@/lib/systems/redis/client";
import { setEnv } from "../systems/helpers";
import { isolateConfigEnv, type OwnRedis, startOwnRedis } from "./support";

let redis: OwnRedis;
let env: { restore: () => void };
let faults: FaultController;

const STEP = { runbook: "cache-memory-issues", stepId: "diagnosis-3", params: {} };

beforeAll(async () => {
  env = isolateConfigEnv();
  redis = await startOwnRedis();
  setEnv({ REDIS_URL: redis.url });
  // What the demo's traffic leaves in Redis: cached answers for 5 agents (TTL), rate-limit windows (TTL).
  const pipeline = redis.fixture.pipeline();
  for (let i = 0; i < 300; i++) {
    pipeline.set(`agent:support-bot:query:${(0x1000000000 + i * 7919).toString(16)}`, "a".repeat(400), "EX", 300);
  }
  for (let i = 0; i < 50; i++) pipeline.set(`rate_limit:u-${i}`, String(i), "EX", 60);
  await pipeline.exec();
  // Only the cache-memory switch runs here: it needs Redis alone (the hog's MongoDB is never touched).
  faults = new FaultController({
    redis: redis.fixture,
    db: {} as Db,
    metrics: { faultActive: { set: () => undefined } } as unknown as DemoMetrics,
    logger: { log: () => undefined } as unknown as DemoLogger,
    tuning: DEFAULT_FAULT_TUNING,
    poolSize: 1,
    rateLimitMax: 10,
  });
});

afterAll(async () => {
  await faults?.set("cache-memory", false).catch(() => undefined);
  await closeRedis();
  await redis?.stop();
  env?.restore();
});

describe("the cache-memory fault → cache-memory-issues diagnosis-3 (redis-cli --memkeys)", () => {
  it("names filler:*, the prefix the fault grows without TTL, while it is on", async () => {
    await faults.set("cache-memory", true);
    const result = await executeStep(STEP);
    expect(result.verdict.status).toBe("warning");
    expect(result.verdict.headline).toMatch(/^filler:\* holds \d+(\.\d)? % of key memory \(.+, 100 % without TTL\)$/);
    expect(result.verdict.findings).toContain("redis-memory");
  });

  it("is ok once the fault is off: the cache prefix, which expires, holds the memory", async () => {
    await faults.set("cache-memory", false);
    const result = await executeStep(STEP);
    expect(result.verdict.status).toBe("ok");
    expect(result.verdict.headline).toMatch(/^agent:support-bot:query:\* holds /);
  });
});
