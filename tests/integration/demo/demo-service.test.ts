// The demo API against a private redis-server and the shared FerretDB: endpoints, metrics, logs and every fault.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoService, startDemoService } from "../../../demo/demo-service";
import { FAULT_NAMES } from "../../../demo/fault-names";
import { seedDemoData } from "../../../demo/seed";
import {
  connectMongo,
  eventually,
  getText,
  type PrivateRedis,
  parseInfo,
  queryUrl,
  ROOT,
  sampleSum,
  startPrivateRedis,
  TSX,
  testConfig,
  uniqueDbName,
} from "./demo-test-support";

const POOL_SIZE = 4;
const RATE_LIMIT = 30;
let redis: PrivateRedis;
let mongo: MongoClient;
let service: DemoService;
let stateDir: string;
let dbName: string;

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${service.apiUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function fault(name: string, on: boolean): Promise<void> {
  const r = await post(`/admin/faults/${name}`, { on });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect(r.json.on).toBe(on);
}

async function metricsText(): Promise<string> {
  const r = await getText(`${service.apiUrl}/metrics`);
  expect(r.status).toBe(200);
  return r.text;
}

/** Sends `n` queries spread over users, so the per-user rate limit never interferes. */
async function burst(n: number, userPrefix: string, agent = "support-bot", q = "what is the rate limit") {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await getText(queryUrl(service.apiUrl, agent, q, `${userPrefix}-${i % 10}`));
    statuses.push(r.status);
  }
  return statuses;
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  mongo = await connectMongo();
  dbName = uniqueDbName("demo_svc");
  await seedDemoData(mongo.db(dbName), 20_000);
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-svc-"));
  service = await startDemoService(
    testConfig({
      redisUrl: redis.url,
      database: dbName,
      stateDir,
      rateLimitMax: RATE_LIMIT,
      mongoPoolSize: POOL_SIZE,
      faults: {
        errorShare: 0.5,
        slowShare: 1,
        slowMinMs: 1200,
        slowMaxMs: 1300,
        externalHealthDelayMs: 1100,
        hogHoldMs: 2000,
        hogExtraWorkers: 2,
        slowQueryShare: 1,
      },
    }),
  );
}, 120_000);

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

describe("demo API", () => {
  it("answers a query, caches it under agent:{agent_id}:query:{hash} with a TTL and serves the repeat from Redis", async () => {
    const first = await getText(queryUrl(service.apiUrl, "billing-assistant", "when is my invoice issued", "u-cache"));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(JSON.parse(first.text)).toMatchObject({ agent_id: "billing-assistant", cached: false });

    const keys = await redis.client.keys("agent:billing-assistant:query:*");
    expect(keys).toHaveLength(1);
    const ttl = await redis.client.ttl(keys[0] ?? "");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    const second = await getText(queryUrl(service.apiUrl, "billing-assistant", "when is my invoice issued", "u-cache"));
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(JSON.parse(second.text)).toMatchObject({ cached: true });
  });

  it("rate-limits each user with rate_limit:{user_id}, which always carries its window TTL", async () => {
    for (let i = 0; i < RATE_LIMIT; i++) {
      expect((await getText(queryUrl(service.apiUrl, "support-bot", "hello", "u-limit"))).status).toBe(200);
    }
    expect(await redis.client.get("rate_limit:u-limit")).toBe(String(RATE_LIMIT));
    const pttl = await redis.client.pttl("rate_limit:u-limit");
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    const over = await getText(queryUrl(service.apiUrl, "support-bot", "hello", "u-limit"));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rejects bad input and unknown agents without touching the error counter", async () => {
    expect((await getText(`${service.apiUrl}/v1/agents/support-bot/query?q=x`)).status).toBe(400);
    expect((await getText(queryUrl(service.apiUrl, "bad agent!", "x", "u-1"))).status).toBe(400);
    expect((await getText(queryUrl(service.apiUrl, "no-such-agent", "x", "u-404"))).status).toBe(404);
    // A malformed escape must be a 400, not an exception that takes the server down.
    expect((await getText(`${service.apiUrl}/v1/agents/%E0%A4/query?q=x&user=u-1`)).status).toBe(400);
    expect((await getText(`${service.apiUrl}/health`)).status).toBe(200);
  });

  it("exports the request, error, cache and pool families plus process defaults, and its counters move", async () => {
    const before = await metricsText();
    for (const family of [
      "http_requests_total",
      "http_request_duration_seconds",
      "http_response_time_seconds",
      "agent_errors_total",
      "cache_hits_total",
      "cache_misses_total",
      "db_client_connection_count",
      "db_client_connection_max",
      "db_client_connection_pending_requests",
      "db_client_connection_timeouts_total",
      "db_client_operation_duration_seconds",
      "mongodb_slow_queries_total",
      "rate_limit_keys_without_ttl",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(before, family).toContain(`# TYPE ${family} `);
    }
    for (const le of ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"]) {
      expect(before).toContain(`http_request_duration_seconds_bucket{le="${le}",route="/v1/agents/:agentId/query"`);
    }
    expect(sampleSum(before, "db_client_connection_count", { db_client_connection_state: "used" })).toBeDefined();
    expect(sampleSum(before, "db_client_connection_count", { db_client_connection_state: "idle" })).toBeDefined();
    expect(sampleSum(before, "agent_errors_total")).toBe(0);

    await burst(5, "u-metrics");
    const after = await metricsText();
    const route = { route: "/v1/agents/:agentId/query", method: "GET", status: "200" };
    expect(sampleSum(after, "http_requests_total", route)).toBe(
      (sampleSum(before, "http_requests_total", route) ?? 0) + 5,
    );
    expect(sampleSum(after, "cache_hits_total")).toBeGreaterThan(sampleSum(before, "cache_hits_total") ?? 0);
    expect(sampleSum(after, "http_request_duration_seconds_count", route)).toBe(
      (sampleSum(before, "http_request_duration_seconds_count", route) ?? 0) + 5,
    );
  });

  it("serves /health as application/health+json with Redis and MongoDB response-time checks", async () => {
    const r = await getText(`${service.apiUrl}/health`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/health\+json/);
    const body = JSON.parse(r.text) as {
      status: string;
      checks: Record<string, { observedValue: number; observedUnit: string; status: string }[]>;
    };
    expect(body.status).toBe("pass");
    for (const key of ["redis:responseTime", "mongodb:responseTime", "external-service:responseTime"]) {
      const check = body.checks[key]?.[0];
      expect(check, key).toBeDefined();
      expect(check?.status).toBe("pass");
      expect(check?.observedUnit).toBe("ms");
      expect(typeof check?.observedValue).toBe("number");
    }
  });

  it("runs the external service with health+json /health and a /metrics of its own", async () => {
    const health = await getText(`${service.externalUrl}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toMatch(/^application\/health\+json/);
    expect(JSON.parse(health.text)).toMatchObject({ status: "pass", serviceId: "external-service" });
    const metrics = await getText(`${service.externalUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain("external_requests_total");
  });

  it("writes one timestamped line per request to application.log", () => {
    const lines = fs.readFileSync(path.join(stateDir, "logs/application.log"), "utf8").trim().split("\n");
    expect(
      lines.some((l) =>
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO +GET \/v1\/agents\/billing-assistant\/query 200 /.test(l),
      ),
    ).toBe(true);
  });
});

describe("admin endpoint", () => {
  it("lists every fault, refuses unknown names and malformed bodies", async () => {
    const list = JSON.parse((await getText(`${service.apiUrl}/admin/faults`)).text) as {
      faults: { name: string; on: boolean }[];
    };
    expect(list.faults.map((f) => f.name)).toEqual([...FAULT_NAMES]);
    expect(list.faults.every((f) => !f.on)).toBe(true);
    const unknown = await post("/admin/faults/no-such-fault", { on: true });
    expect(unknown.status).toBe(404);
    expect(unknown.json.faults).toEqual([...FAULT_NAMES]);
    expect((await post("/admin/faults/error-rate", "on please")).status).toBe(400);
    expect((await post("/admin/faults/error-rate", { on: "yes" })).status).toBe(400);
  });
});

describe("faults", () => {
  it("error-rate: a share of queries answer 500, agent_errors_total and error.log grow; off stops it", async () => {
    const before = sampleSum(await metricsText(), "agent_errors_total", { reason: "injected" }) ?? 0;
    await fault("error-rate", true);
    const statuses = await burst(40, "u-err");
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(40);
    expect(sampleSum(await metricsText(), "agent_errors_total", { reason: "injected" })).toBe(before + failures);
    const errorLog = fs.readFileSync(path.join(stateDir, "logs/error.log"), "utf8");
    expect(errorLog).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR agent=support-bot user=u-err-\d status=500 reason=injected/m,
    );
    await fault("error-rate", false);
    expect((await burst(20, "u-err2")).every((s) => s === 200)).toBe(true);
  });

  it("slow-responses: queries and the external /health slow down past 1 s; off makes them fast again", async () => {
    await fault("slow-responses", true);
    const slow = await getText(queryUrl(service.apiUrl, "support-bot", "what is the rate limit", "u-slow"));
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(1150);
    const probe = await getText(`${service.externalUrl}/health`);
    expect(probe.ms).toBeGreaterThanOrEqual(1050);
    const text = await metricsText();
    const route = { route: "/v1/agents/:agentId/query", method: "GET", status: "200" };
    const total = sampleSum(text, "http_request_duration_seconds_bucket", { ...route, le: "+Inf" }) ?? 0;
    const underOne = sampleSum(text, "http_request_duration_seconds_bucket", { ...route, le: "1" }) ?? 0;
    expect(total - underOne).toBeGreaterThanOrEqual(1);
    await fault("slow-responses", false);
    const fast = await getText(queryUrl(service.apiUrl, "support-bot", "what is the rate limit", "u-slow"));
    expect(fast.ms).toBeLessThan(1000);
  });

  it("cache-bypass: warm keys are not read, cache misses and Redis keyspace misses climb; off hits again", async () => {
    await getText(queryUrl(service.apiUrl, "docs-search", "do webhooks retry", "u-bypass"));
    const before = await metricsText();
    await fault("cache-bypass", true);
    for (let i = 0; i < 10; i++) {
      const r = await getText(queryUrl(service.apiUrl, "docs-search", "do webhooks retry", `u-bypass-${i}`));
      expect(r.headers.get("x-cache")).toBe("bypass");
    }
    // INFO first: a /metrics scrape PTTLs every rate_limit key, which Redis counts as keyspace hits.
    const stats = parseInfo(await redis.client.info("stats"));
    const hits = Number(stats.get("keyspace_hits"));
    const misses = Number(stats.get("keyspace_misses"));
    expect(hits / (hits + misses)).toBeLessThan(0.5);
    const after = await metricsText();
    expect(sampleSum(after, "cache_hits_total")).toBe(sampleSum(before, "cache_hits_total"));
    expect(sampleSum(after, "cache_misses_total")).toBe((sampleSum(before, "cache_misses_total") ?? 0) + 10);
    await fault("cache-bypass", false);
    const r = await getText(queryUrl(service.apiUrl, "docs-search", "do webhooks retry", "u-bypass"));
    expect(r.headers.get("x-cache")).toBe("hit");
  });

  it("cache-memory: the private Redis gets maxmemory with noeviction and is filled past 90 %; off restores it", async () => {
    await fault("cache-memory", true);
    const mem = parseInfo(await redis.client.info("memory"));
    const used = Number(mem.get("used_memory"));
    const max = Number(mem.get("maxmemory"));
    expect(max).toBeGreaterThan(0);
    expect(used / max).toBeGreaterThan(0.9);
    expect(used / max).toBeLessThan(1);
    expect(mem.get("maxmemory_policy")).toBe("noeviction");
    expect((await redis.client.keys("filler:*")).length).toBeGreaterThan(10);
    // Writes still fit: the API keeps answering.
    expect((await getText(queryUrl(service.apiUrl, "sales-agent", "do you support SSO", "u-mem"))).status).toBe(200);

    await fault("cache-memory", false);
    const after = parseInfo(await redis.client.info("memory"));
    expect(after.get("maxmemory")).toBe("0");
    expect(after.get("maxmemory_policy")).toBe("noeviction");
    expect(await redis.client.keys("filler:*")).toHaveLength(0);
  });

  it("connection-hogging: every pooled MongoDB connection is checked out and /health degrades; off frees the pool", async () => {
    await fault("connection-hogging", true);
    const inUse = await eventually(
      async () => {
        const v = sampleSum(await metricsText(), "db_client_connection_count", { db_client_connection_state: "used" });
        return v === POOL_SIZE ? v : undefined;
      },
      10_000,
      "the pool to be fully checked out",
    );
    expect(inUse).toBe(POOL_SIZE);
    expect(sampleSum(await metricsText(), "db_client_connection_max")).toBe(POOL_SIZE);
    const health = JSON.parse((await getText(`${service.apiUrl}/health`)).text) as {
      status: string;
      checks: Record<string, { status: string }[]>;
    };
    expect(health.status).not.toBe("pass");
    expect(health.checks["mongodb:connections"]?.[0]?.status).toBe("warn");

    await fault("connection-hogging", false);
    await eventually(
      async () => {
        const v =
          sampleSum(await metricsText(), "db_client_connection_count", { db_client_connection_state: "used" }) ??
          POOL_SIZE;
        return v < POOL_SIZE ? v : undefined;
      },
      10_000,
      "the pool to be released",
    );
    const healthy = JSON.parse((await getText(`${service.apiUrl}/health`)).text) as { status: string };
    expect(healthy.status).toBe("pass");
  });

  it("slow-query: events has 20 000 documents and no customer_id index, explain scans them all, queries run it", async () => {
    const events = mongo.db(dbName).collection("events");
    // An operator's fix from the guide: the fault must take it away again.
    await events.createIndex({ customer_id: 1 });
    await fault("slow-query", true);
    const indexes = await events.indexes();
    expect(indexes.some((ix) => Object.hasOwn(ix.key, "customer_id"))).toBe(false);
    expect(await events.countDocuments({})).toBe(20_000);

    const explain = await mongo
      .db(dbName)
      .command({ explain: { find: "events", filter: { customer_id: "c-42" } }, verbosity: "executionStats" });
    const plan = JSON.stringify(explain);
    // MongoDB says COLLSCAN; FerretDB shows its SQLite plan ("SCAN <table>") and filterPushdown false.
    expect(plan.includes("COLLSCAN") || (/\bSCAN\b/.test(plan) && !/USING (COVERING )?INDEX/.test(plan))).toBe(true);
    const stats = explain.executionStats as { totalDocsExamined?: number } | undefined;
    if (stats?.totalDocsExamined !== undefined) expect(stats.totalDocsExamined).toBe(20_000);

    const before =
      sampleSum(await metricsText(), "db_client_operation_duration_seconds_count", { db_collection_name: "events" }) ??
      0;
    const r = await getText(queryUrl(service.apiUrl, "support-bot", "what is the rate limit", "u-42"), 30_000);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ recent_events: 20 });
    const text = await metricsText();
    expect(sampleSum(text, "db_client_operation_duration_seconds_count", { db_collection_name: "events" })).toBe(
      before + 1,
    );

    await fault("slow-query", false);
    const plain = await getText(queryUrl(service.apiUrl, "support-bot", "what is the rate limit", "u-42"));
    expect(JSON.parse(plain.text)).not.toHaveProperty("recent_events");
  });

  it("missing-metric: agent_errors_total leaves the exposition and the external /metrics answers 503; off restores both", async () => {
    await fault("missing-metric", true);
    const text = await metricsText();
    expect(text).not.toContain("agent_errors_total");
    expect(text).toContain("http_requests_total");
    expect((await getText(`${service.externalUrl}/metrics`)).status).toBe(503);
    await fault("missing-metric", false);
    expect(await metricsText()).toContain("# TYPE agent_errors_total counter");
    expect((await getText(`${service.externalUrl}/metrics`)).status).toBe(200);
  });

  it("stuck-rate-limit: rate_limit:u-stuck is over the limit with PTTL -1 and u-stuck gets 429; off deletes it", async () => {
    await fault("stuck-rate-limit", true);
    expect(await redis.client.pttl("rate_limit:u-stuck")).toBe(-1);
    expect(Number(await redis.client.get("rate_limit:u-stuck"))).toBeGreaterThan(RATE_LIMIT);
    const blocked = await getText(queryUrl(service.apiUrl, "support-bot", "hello", "u-stuck"));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeNull();
    // The INCR of that request must not have given the key a TTL: it stays stuck.
    expect(await redis.client.pttl("rate_limit:u-stuck")).toBe(-1);
    expect(sampleSum(await metricsText(), "rate_limit_keys_without_ttl")).toBe(1);

    await fault("stuck-rate-limit", false);
    expect(await redis.client.exists("rate_limit:u-stuck")).toBe(0);
    expect((await getText(queryUrl(service.apiUrl, "support-bot", "hello", "u-stuck"))).status).toBe(200);
    expect(await redis.client.pttl("rate_limit:u-stuck")).toBeGreaterThan(0);
    expect(sampleSum(await metricsText(), "rate_limit_keys_without_ttl")).toBe(0);
  });
});

describe("fault CLI", () => {
  // Asynchronous on purpose: the service runs in this process, a blocking spawnSync would starve it.
  const cli = (args: string[], demoUrl = service.apiUrl) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        TSX,
        [path.join(ROOT, "demo/fault-cli.ts"), ...args],
        { cwd: ROOT, env: { ...process.env, DEMO_URL: demoUrl }, encoding: "utf8", timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
          resolve({ status: code, stdout, stderr });
        },
      );
    });

  it("switches a fault on and off through the admin endpoint and shows the status", async () => {
    const on = await cli(["error-rate", "on"]);
    expect(on.status, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^error-rate\s+ON\s/);
    const status = await cli(["status"]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^error-rate\s+ON\s/m);
    expect(status.stdout).toMatch(/^slow-query\s+off/m);
    const off = await cli(["error-rate", "off"]);
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/^error-rate\s+off/);
  });

  it("prints a usage error listing every fault for a bad name or action", async () => {
    for (const args of [["nope", "on"], ["error-rate", "maybe"], []]) {
      const r = await cli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("usage: npm run demo:fault -- <name> on|off");
      for (const name of FAULT_NAMES) expect(r.stderr).toContain(name);
    }
  });

  it("says how to start the stack when the demo API is not reachable", async () => {
    const r = await cli(["error-rate", "on"], "http://127.0.0.1:9");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("scripts/demo-stack.sh up");
  });
});
