// The traffic generator against the in-process demo API: steady rate, warm-cache hit ratio, bounded concurrency, clean stop.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoService, startDemoService } from "../../../demo/demo-service";
import { seedDemoData } from "../../../demo/seed";
import { startTraffic } from "../../../demo/traffic";
import {
  connectMongo,
  getText,
  type PrivateRedis,
  sampleSum,
  startPrivateRedis,
  testConfig,
  uniqueDbName,
} from "./demo-test-support";

let redis: PrivateRedis;
let mongo: MongoClient;
let service: DemoService;
let stateDir: string;
let dbName: string;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await startPrivateRedis();
  mongo = await connectMongo();
  dbName = uniqueDbName("demo_traffic");
  await seedDemoData(mongo.db(dbName), 100);
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-traffic-"));
  service = await startDemoService(
    testConfig({
      redisUrl: redis.url,
      database: dbName,
      stateDir,
      faults: { slowShare: 1, slowMinMs: 1200, slowMaxMs: 1300 },
    }),
  );
}, 60_000);

afterAll(async () => {
  await service?.close();
  await mongo
    ?.db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await mongo?.close();
  await redis?.stop();
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe("traffic generator", () => {
  it("keeps a steady 20 req/s over repeated questions, so counters move and the cache answers > 90 %", async () => {
    const before = (await getText(`${service.apiUrl}/metrics`)).text;
    const traffic = startTraffic({
      baseUrl: service.apiUrl,
      rps: 20,
      concurrency: 8,
      agents: ["support-bot", "docs-search"],
      queries: ["what is the rate limit", "do webhooks retry"],
    });
    await sleep(4000);
    await traffic.stop();
    const stats = traffic.stats();
    expect(stats.sent).toBeGreaterThanOrEqual(60);
    expect(stats.sent).toBeLessThanOrEqual(90);
    expect(stats.inFlight).toBe(0);
    expect(stats.byStatus["200"]).toBe(stats.sent);

    const after = (await getText(`${service.apiUrl}/metrics`)).text;
    const route = { route: "/v1/agents/:agentId/query", method: "GET", status: "200" };
    const requests =
      (sampleSum(after, "http_requests_total", route) ?? 0) - (sampleSum(before, "http_requests_total", route) ?? 0);
    expect(requests).toBe(stats.sent);
    const hits = (sampleSum(after, "cache_hits_total") ?? 0) - (sampleSum(before, "cache_hits_total") ?? 0);
    const misses = (sampleSum(after, "cache_misses_total") ?? 0) - (sampleSum(before, "cache_misses_total") ?? 0);
    expect(hits / (hits + misses)).toBeGreaterThan(0.9);
  });

  it("never has more than `concurrency` requests in flight, skips ticks instead, and stops within its grace period", async () => {
    await service.faults.set("slow-responses", true);
    try {
      const traffic = startTraffic({ baseUrl: service.apiUrl, rps: 20, concurrency: 3 });
      let maxInFlight = 0;
      for (let i = 0; i < 15; i++) {
        maxInFlight = Math.max(maxInFlight, traffic.stats().inFlight);
        await sleep(100);
      }
      const started = Date.now();
      await traffic.stop();
      expect(Date.now() - started).toBeLessThan(3000);
      const stats = traffic.stats();
      expect(maxInFlight).toBeLessThanOrEqual(3);
      expect(stats.skipped).toBeGreaterThan(0);
      expect(stats.inFlight).toBe(0);
    } finally {
      await service.faults.set("slow-responses", false);
    }
  });
});
