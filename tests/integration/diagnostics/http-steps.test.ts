// executeStep on HTTP steps against a real node:http service: error ratio, p99, cache hit ratio, health, timing, presence.
import { Counter, Histogram, Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { setEnv } from "../systems/helpers";
import { type AppService, figure, HEALTH_FAIL, HEALTH_PASS, isolateConfigEnv, startAppService } from "./support";

let env: { restore: () => void };
const started: AppService[] = [];

/** A fresh service per test: the dashboard remembers the last scrape per URL, so a new URL starts clean. */
async function app(): Promise<AppService> {
  const service = await startAppService();
  started.push(service);
  setEnv({ API_URL: service.base });
  return service;
}

function run(runbook: string, stepId: string, params: Record<string, string> = {}): Promise<StepRunResult> {
  return executeStep({ runbook, stepId, params });
}

beforeAll(() => {
  env = isolateConfigEnv();
  // No Prometheus here: each counter check takes two scrapes this far apart and judges the increase.
  setEnv({ METRICS_PAIR_SECONDS: "1" });
});

/** Calls `between` once, just before the second scrape of a run is rendered (the pair's window). */
function onSecondScrape(render: () => string | Promise<string>, between: () => void): () => Promise<string> {
  let scrapes = 0;
  return async () => {
    scrapes += 1;
    if (scrapes % 2 === 0) between();
    return render();
  };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  setEnv({ API_URL: undefined, EXTERNAL_SERVICES: undefined, EXPECTED_METRICS: undefined });
});

afterAll(() => {
  env?.restore();
});

describe("high-error-rates diagnosis-1: curl /metrics | grep error", () => {
  it("judges the increase between two scrapes, never the lifetime totals (critical 10 % lifetime → ok 0.5 % now)", async () => {
    const service = await app();
    const registry = new Registry();
    const requests = new Counter({
      name: "http_requests_total",
      help: "Requests by status code.",
      labelNames: ["code"],
      registers: [registry],
    });
    const errors = new Counter({ name: "agent_errors_total", help: "Agent errors.", registers: [registry] });
    // Lifetime: 20 of 200 failed (10 %). Within the run's window: 995 OK, 5 × 503 → 0.5 % → ok.
    requests.inc({ code: "200" }, 180);
    requests.inc({ code: "500" }, 20);
    errors.inc(20);
    let between = () => {
      requests.inc({ code: "200" }, 995);
      requests.inc({ code: "503" }, 5);
    };
    service.setMetrics(
      onSecondScrape(
        () => registry.metrics(),
        () => between(),
      ),
    );

    const first = await run("high-error-rates", "diagnosis-1");
    expect(first.verdict.status).toBe("ok");
    expect(first.verdict.headline).toMatch(/^error ratio 0\.5 % over 1(\.\d+)? s$/);
    expect(figure(first, "errors")).toBe(5);
    expect(figure(first, "requests")).toBe(1000);
    expect(figure(first, "measured from")).toBe("5xx of http_requests_total");
    expect(service.hits("/metrics")).toBe(2);
    expect(first.verdict.evidence?.source).toBe("scrape-pair");
    expect(first.verdict.evidence?.windowSeconds).toBeGreaterThanOrEqual(1);
    expect(first.verdict.evidence?.note).toContain("PROMETHEUS_URL is not set");
    // What `| grep error` prints: only the agent_errors_total lines.
    expect(first.raw.split("\n").every((line) => line.includes("error"))).toBe(true);
    const sources = first.verdict.tables?.find((t) => t.title === "Error counters")?.rows.map((r) => r[0]);
    expect(sources).toEqual(["5xx of http_requests_total", "agent_errors_total / http_requests_total"]);

    // 4xx are the client's: 100 OK, 50 × 404, 3 × 500 → 3/153 ≈ 1.96 % → warning.
    between = () => {
      requests.inc({ code: "200" }, 100);
      requests.inc({ code: "404" }, 50);
      requests.inc({ code: "500" }, 3);
    };
    const second = await run("high-error-rates", "diagnosis-1");
    expect(second.verdict.status).toBe("warning");
    expect(second.verdict.headlineValue).toBeCloseTo((3 / 153) * 100, 6);
  });
});

describe("slow-response-times diagnosis-1: curl /metrics | grep response_time", () => {
  it("computes p99 from the histogram buckets like histogram_quantile (1.5 s → warning)", async () => {
    const service = await app();
    const registry = new Registry();
    const latency = new Histogram({
      name: "api_response_time_seconds",
      help: "API response time.",
      buckets: [0.1, 0.5, 1, 2.5],
      registers: [registry],
    });
    // Every observation happens within the run's window (between its two scrapes).
    let between = () => {};
    service.setMetrics(
      onSecondScrape(
        () => registry.metrics(),
        () => between(),
      ),
    );
    // Cumulative: le=0.1 → 900, 0.5 → 980, 1 → 985, 2.5 → 1000. Rank 990 lies in (1, 2.5]: 1 + 5/15 × 1.5 = 1.5 s.
    between = () => {
      for (let i = 0; i < 900; i++) latency.observe(0.05);
      for (let i = 0; i < 80; i++) latency.observe(0.3);
      for (let i = 0; i < 5; i++) latency.observe(0.8);
      for (let i = 0; i < 15; i++) latency.observe(2);
    };

    const first = await run("slow-response-times", "diagnosis-1");
    expect(first.verdict.status).toBe("warning");
    expect(first.verdict.headlineUnit).toBe("s");
    expect(first.verdict.headlineValue).toBeCloseTo(1.5, 9);
    expect(figure(first, "requests")).toBe(1000);
    expect(figure(first, "histogram")).toBe("api_response_time_seconds");
    expect(first.verdict.evidence?.source).toBe("scrape-pair");
    expect(first.raw).toMatch(/^api_response_time_seconds_bucket\{le="2.5"\} 1000$/m);

    // The next 100 requests all take 3 s, above the highest bucket: like histogram_quantile, the window's p99 is
    // the highest finite bound (a lower bound, shown as "> 2.5 s"), so it stays a warning below the 3 s critical.
    between = () => {
      for (let i = 0; i < 100; i++) latency.observe(3);
    };
    const second = await run("slow-response-times", "diagnosis-1");
    expect(second.verdict.status).toBe("warning");
    expect(second.verdict.headline).toMatch(/^p99 > 2\.5 ?s/);
    expect(figure(second, "requests")).toBe(100);
    expect(second.verdict.detail).toMatch(/\+Inf bucket/);
  });
});

describe("low-cache-hit-rate diagnosis-1: curl /metrics | grep cache", () => {
  it("is critical at 30 % hits within the window, then ok for a window of 90 % hits", async () => {
    const service = await app();
    let hits = 1000;
    let misses = 0;
    let between = () => {
      hits += 30;
      misses += 70;
    };
    service.setMetrics(
      onSecondScrape(
        () =>
          "# HELP cache_hits_total Cache hits.\n# TYPE cache_hits_total counter\n" +
          `cache_hits_total{cache="agents"} ${hits}\n` +
          "# HELP cache_misses_total Cache misses.\n# TYPE cache_misses_total counter\n" +
          `cache_misses_total{cache="agents"} ${misses}\n` +
          "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n" +
          'http_requests_total{code="200"} 100\n',
        () => between(),
      ),
    );
    const first = await run("low-cache-hit-rate", "diagnosis-1");
    expect(first.verdict.status).toBe("critical");
    expect(first.verdict.headline).toMatch(/^cache hit ratio 30 % over 1(\.\d+)? s$/);
    expect(figure(first, "hits")).toBe(30);
    expect(figure(first, "misses")).toBe(70);
    expect(first.raw).not.toContain("http_requests_total");

    between = () => {
      hits += 90;
      misses += 10;
    };
    const second = await run("low-cache-hit-rate", "diagnosis-1");
    expect(second.verdict.status).toBe("ok");
    expect(second.verdict.headline).toMatch(/^cache hit ratio 90 % over 1(\.\d+)? s$/);
    expect(typeof figure(second, "window")).toBe("number");
  });
});

describe("high-error-rates solution-2-1: curl /health", () => {
  it("is ok for application/health+json status pass", async () => {
    const service = await app();
    service.setHealth(HEALTH_PASS);
    const result = await run("high-error-rates", "solution-2-1");
    expect(result.verdict.status).toBe("ok");
    expect(result.verdict.headline).toMatch(/^pass, HTTP 200 in \d/);
    expect(figure(result, "content type")).toBe("application/health+json");
    expect(figure(result, "checks")).toBe(1);
    expect(service.hits("/health")).toBe(1);
  });

  it("is critical for status fail with HTTP 503, naming the failing check", async () => {
    const service = await app();
    service.setHealth(HEALTH_FAIL);
    const result = await run("high-error-rates", "solution-2-1");
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.headline).toMatch(/^fail, HTTP 503 in /);
    expect(result.verdict.detail).toContain("Check mongo:connections is fail.");
    expect(result.verdict.detail).toContain("mongo unreachable");
    expect(result.verdict.findings).toContain("health");
  });
});

describe("slow-response-times solution-3-1: curl -w time_total external-service/health", () => {
  it("times the configured external service and shows time_total like curl -w", async () => {
    const external = await app();
    setEnv({ API_URL: undefined, EXTERNAL_SERVICES: `external-service=${external.base}` });
    external.setHealth({ ...HEALTH_PASS, delayMs: 150 });
    const result = await run("slow-response-times", "solution-3-1");
    expect(result.verdict.status).toBe("ok");
    const seconds = Number(figure(result, "time_total"));
    expect(seconds).toBeGreaterThanOrEqual(0.15);
    expect(seconds).toBeLessThan(1);
    expect(result.raw).toMatch(/\n\d+\.\d{3}s$/);
    expect(external.hits("/health")).toBe(1);
  });

  it("warns when the external service takes more than 1 s", async () => {
    const external = await app();
    setEnv({ API_URL: undefined, EXTERNAL_SERVICES: `external-service=${external.base}` });
    external.setHealth({ ...HEALTH_PASS, delayMs: 1200 });
    const result = await run("slow-response-times", "solution-3-1");
    expect(result.verdict.status).toBe("warning");
    expect(Number(figure(result, "time_total"))).toBeGreaterThanOrEqual(1.2);
    expect(result.verdict.detail).toMatch(/slower than 1/);
  });

  it("is not-configured when EXTERNAL_SERVICES lacks the name, saying what to add", async () => {
    const result = await run("slow-response-times", "solution-3-1");
    expect(result.verdict.status).toBe("not-configured");
    expect(result.verdict.detail).toContain("set EXTERNAL_SERVICES (add external-service=http://host:port)");
  });
});

describe("missing-metrics diagnosis-2: curl /metrics with EXPECTED_METRICS", () => {
  const body =
    "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n" +
    'http_requests_total{code="200"} 7\n' +
    "# HELP api_response_time_seconds Latency.\n# TYPE api_response_time_seconds histogram\n" +
    'api_response_time_seconds_bucket{le="+Inf"} 7\napi_response_time_seconds_sum 0.7\napi_response_time_seconds_count 7\n';

  it("is critical naming the expected metric the endpoint does not expose", async () => {
    const service = await app();
    service.setMetrics(body);
    setEnv({ EXPECTED_METRICS: "http_requests_total,agent_errors_total,api_response_time_seconds_count" });
    const result = await run("missing-metrics", "diagnosis-2");
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.headline).toBe("missing: agent_errors_total");
    expect(figure(result, "missing")).toBe(1);
    expect(figure(result, "expected")).toBe(3);
    expect(result.verdict.detail).toContain("Not exposed: agent_errors_total.");
  });

  it("is ok when every expected metric is there", async () => {
    const service = await app();
    service.setMetrics(body);
    setEnv({ EXPECTED_METRICS: "http_requests_total,api_response_time_seconds" });
    const result = await run("missing-metrics", "diagnosis-2");
    expect(result.verdict.status).toBe("ok");
    expect(figure(result, "missing")).toBe(0);
  });
});
