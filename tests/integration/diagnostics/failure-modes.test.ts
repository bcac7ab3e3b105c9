// executeStep when things go wrong: refused, blackholed, huge or malformed answers, bad input, unset config, secrets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeStep, RAW_OUTPUT_CAP, STEP_DEADLINE_MS, StepInputError } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { closeMongo } from "@/lib/systems/mongo/client";
import { closeRedis } from "@/lib/systems/redis/client";
import { blackhole, closedPort, setEnv } from "../systems/helpers";
import { type AppService, isolateConfigEnv, startAppService } from "./support";

const SECRET = "sentinel-secret-123";
/** The step deadline plus scheduling slack: no step may take longer than this, whatever the target does. */
const DEADLINE_SLACK_MS = STEP_DEADLINE_MS + 500;

const redisMemory = { runbook: "cache-memory-issues", stepId: "diagnosis-1", params: {} };
const mongoConnections = { runbook: "connection-pool-exhaustion", stepId: "diagnosis-1", params: {} };
const errorRatio = { runbook: "high-error-rates", stepId: "diagnosis-1", params: {} };
const metricsPresence = { runbook: "missing-metrics", stepId: "diagnosis-2", params: {} };

let env: { restore: () => void };
const services: AppService[] = [];

async function timed(request: Parameters<typeof executeStep>[0]): Promise<{ result: StepRunResult; ms: number }> {
  const started = performance.now();
  const result = await executeStep(request);
  return { result, ms: performance.now() - started };
}

async function app(): Promise<AppService> {
  const service = await startAppService();
  services.push(service);
  setEnv({ API_URL: service.base });
  return service;
}

beforeAll(() => {
  env = isolateConfigEnv();
});

afterEach(async () => {
  await closeRedis();
  await closeMongo();
  await Promise.all(services.splice(0).map((s) => s.close()));
  setEnv({ REDIS_URL: undefined, MONGODB_URL: undefined, API_URL: undefined, EXPECTED_METRICS: undefined });
});

afterAll(() => {
  env?.restore();
});

describe("connection refused", () => {
  it("Redis on a closed port → error within 2.5 s", async () => {
    setEnv({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    const { result, ms } = await timed(redisMemory);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("connection refused");
    expect(result.verdict.detail).toMatch(/connection refused by redis:\/\/127\.0\.0\.1:\d+/);
    expect(ms).toBeLessThan(2500);
  });

  it("MongoDB on a closed port → error within the 2 s server-selection deadline", async () => {
    setEnv({ MONGODB_URL: `mongodb://127.0.0.1:${await closedPort()}/` });
    const { result, ms } = await timed(mongoConnections);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("connection refused");
    // The driver reports a refused seed only when server selection gives up (serverSelectionTimeoutMS 2 s).
    expect(ms).toBeLessThan(3000);
  });

  it("the API on a closed port → error within 2.5 s", async () => {
    setEnv({ API_URL: `http://127.0.0.1:${await closedPort()}` });
    const { result, ms } = await timed(errorRatio);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("connection refused");
    expect(ms).toBeLessThan(2500);
  });
});

describe("a listener that accepts and never answers", () => {
  it("as REDIS_URL → timed out within the step deadline, and the socket is closed afterwards", async () => {
    const hole = await blackhole();
    try {
      setEnv({ REDIS_URL: `redis://127.0.0.1:${hole.port}` });
      const { result, ms } = await timed(redisMemory);
      expect(result.verdict.status).toBe("error");
      expect(result.verdict.headline).toBe("timed out");
      expect(ms).toBeLessThanOrEqual(DEADLINE_SLACK_MS);
      expect(hole.accepted()).toBeGreaterThanOrEqual(1);
      await hole.allClosed(3000);
      expect(hole.open()).toBe(0);
    } finally {
      await hole.close();
    }
  });

  it("as API_URL → timed out within the step deadline, and the socket is closed afterwards", async () => {
    const hole = await blackhole();
    try {
      setEnv({ API_URL: `http://127.0.0.1:${hole.port}` });
      const { result, ms } = await timed(errorRatio);
      expect(result.verdict.status).toBe("error");
      expect(result.verdict.headline).toBe("timed out");
      expect(result.verdict.detail).toMatch(/timed out after \d+ s/);
      expect(ms).toBeLessThanOrEqual(DEADLINE_SLACK_MS);
      // The aborted socket closes at once; Node's bundled undici then opens one spare connection for the
      // re-queued aborted request (nodejs/undici#5845) which its Agent closes ~4 s later. Nothing may outlive that.
      expect(hole.accepted()).toBeGreaterThanOrEqual(1);
      expect(hole.accepted()).toBeLessThanOrEqual(2);
      await hole.allClosed(6000);
      expect(hole.open()).toBe(0);
    } finally {
      await hole.close();
    }
  });
});

describe("what the API answers", () => {
  it("a 10 MB /metrics body is capped: the raw output is truncated, the server keeps running", async () => {
    const service = await app();
    const lines: string[] = ["# TYPE big_series gauge"];
    // ~10.5 MB of valid exposition text.
    for (let i = 0; i < 350_000; i++) lines.push(`big_series{shard="s${i}"} ${i}`);
    const body = `${lines.join("\n")}\n`;
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
    service.setMetrics(body);
    const { result, ms } = await timed(metricsPresence);
    expect(result.rawTruncated).toBe(true);
    expect(result.raw.length).toBeLessThan(RAW_OUTPUT_CAP + 200);
    expect(result.raw).toMatch(/truncated at 64 KB$/);
    expect(ms).toBeLessThanOrEqual(DEADLINE_SLACK_MS);
    // Judging a cut scrape would report a bogus syntax error at the cut and miss every series past it.
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("the /metrics output is larger than the 4 MB cap");
    expect(result.verdict.figures).toContainEqual({ label: "bytes read", value: 4 * 1024 * 1024 });
    // The same service still answers the next run.
    service.setMetrics("# TYPE up gauge\nup 1\n");
    const after = await executeStep(metricsPresence);
    expect(after.rawTruncated).toBe(false);
    expect(after.verdict.status).toBe("ok");
  });

  it("malformed /metrics → error verdict naming the line", async () => {
    const service = await app();
    service.setMetrics(
      '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 10\nhttp_requests_total{code="500" 2\n',
    );
    const result = await executeStep(errorRatio);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("the /metrics output is not valid exposition text");
    expect(result.verdict.detail).toMatch(/^line 3: /);
  });

  it("/metrics with a byte that is not UTF-8 → error verdict naming its line", async () => {
    const service = await app();
    service.setMetrics(
      Buffer.concat([
        Buffer.from(
          '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 10\nhttp_requests_total{code="5',
        ),
        Buffer.from([0xff]),
        Buffer.from('0"} 2\n'),
      ]),
    );
    const result = await executeStep(errorRatio);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("the /metrics output is not valid exposition text");
    expect(result.verdict.detail).toMatch(/^line 3: not valid UTF-8: byte 0xff at byte 28 of the line/);
  });

  it("/metrics answering HTTP 500 → error verdict with the status", async () => {
    const service = await app();
    service.setMetrics(() => Promise.reject(new Error("registry exploded")));
    const result = await executeStep(errorRatio);
    expect(result.verdict.status).toBe("error");
    expect(result.verdict.headline).toBe("metrics endpoint answered HTTP 500");
  });
});

describe("bad requests are refused before anything runs", () => {
  it("unknown step id → StepInputError naming the step and runbook", async () => {
    const attempt = executeStep({ runbook: "high-error-rates", stepId: "diagnosis-99", params: {} });
    await expect(attempt).rejects.toBeInstanceOf(StepInputError);
    await expect(attempt).rejects.toThrow('unknown step "diagnosis-99" in runbook "high-error-rates"');
  });

  it("unknown runbook → StepInputError", async () => {
    await expect(executeStep({ runbook: "no-such-page", stepId: "diagnosis-1", params: {} })).rejects.toThrow(
      'unknown runbook "no-such-page"',
    );
  });

  it("a user_id with spaces → StepInputError naming the parameter; no Redis connection is attempted", async () => {
    const hole = await blackhole();
    try {
      setEnv({ REDIS_URL: `redis://127.0.0.1:${hole.port}` });
      const attempt = executeStep({
        runbook: "high-error-rates",
        stepId: "solution-1-1",
        params: { user_id: "u 1 FLUSHALL" },
      });
      await expect(attempt).rejects.toBeInstanceOf(StepInputError);
      await expect(attempt).rejects.toThrow(/^user_id: /);
      expect(hole.accepted()).toBe(0);
    } finally {
      await hole.close();
    }
  });

  it("a missing required parameter → StepInputError naming it", async () => {
    await expect(executeStep({ runbook: "high-error-rates", stepId: "solution-1-1", params: {} })).rejects.toThrow(
      "user_id: User ID is required",
    );
  });

  it("a remediation (CONFIG SET) is not run from here", async () => {
    await expect(executeStep({ runbook: "cache-memory-issues", stepId: "solution-1-1", params: {} })).rejects.toThrow(
      /changes state and is not run from here/,
    );
  });

  it("a manual step (Python) is not run", async () => {
    await expect(executeStep({ runbook: "cache-memory-issues", stepId: "solution-2-1", params: {} })).rejects.toThrow(
      /is a manual step/,
    );
  });
});

describe("a target that is not configured", () => {
  it("unset API_URL → not-configured naming the variables to set", async () => {
    const result = await executeStep(errorRatio);
    expect(result.verdict.status).toBe("not-configured");
    expect(result.verdict.detail).toContain("set METRICS_URL or API_URL");
    const health = await executeStep({ runbook: "high-error-rates", stepId: "solution-2-1", params: {} });
    expect(health.verdict.status).toBe("not-configured");
    expect(health.verdict.detail).toContain("set HEALTH_URL or API_URL");
  });

  it("unset REDIS_URL, MONGODB_URL, PROMETHEUS_URL → not-configured naming each", async () => {
    const redis = await executeStep(redisMemory);
    expect(redis.verdict).toMatchObject({ status: "not-configured" });
    expect(redis.verdict.detail).toContain("set REDIS_URL");
    const mongo = await executeStep(mongoConnections);
    expect(mongo.verdict.detail).toContain("set MONGODB_URL");
    const prom = await executeStep({ runbook: "missing-metrics", stepId: "diagnosis-1", params: {} });
    expect(prom.verdict.status).toBe("not-configured");
    expect(prom.verdict.detail).toContain("set PROMETHEUS_URL");
  });
});

describe("credentials never reach a result", () => {
  it("a password in REDIS_URL (refused) is not in the result", async () => {
    setEnv({ REDIS_URL: `redis://:${SECRET}@127.0.0.1:${await closedPort()}` });
    const result = await executeStep(redisMemory);
    expect(result.verdict.status).toBe("error");
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.verdict.detail).toContain("redis://:***@127.0.0.1:");
  });

  it("a password in REDIS_URL (blackholed, timed out) is not in the result", async () => {
    const hole = await blackhole();
    try {
      setEnv({ REDIS_URL: `redis://default:${SECRET}@127.0.0.1:${hole.port}` });
      const result = await executeStep(redisMemory);
      expect(result.verdict.headline).toBe("timed out");
      expect(JSON.stringify(result)).not.toContain(SECRET);
    } finally {
      await hole.close();
    }
  });

  it("passwords in MONGODB_URL and API_URL (refused) are not in the results", async () => {
    const port = await closedPort();
    setEnv({
      MONGODB_URL: `mongodb://diag:${SECRET}@127.0.0.1:${port}/`,
      API_URL: `http://diag:${SECRET}@127.0.0.1:${port}`,
    });
    const mongo = await executeStep(mongoConnections);
    const api = await executeStep(errorRatio);
    expect(mongo.verdict.status).toBe("error");
    expect(api.verdict.status).toBe("error");
    expect(JSON.stringify(mongo)).not.toContain(SECRET);
    expect(JSON.stringify(api)).not.toContain(SECRET);
  });
});
