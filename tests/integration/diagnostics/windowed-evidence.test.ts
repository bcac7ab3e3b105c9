// Counter verdicts over a fixed window from a real Prometheus scraping a real service: the same answer from two
// dashboard processes, a chart with thresholds and onset, and two scrapes (said so) when Prometheus is gone.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Counter, Histogram, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { closeIncidentStore, getIncidentStore } from "@/lib/incidents";
import { recordRunToIncident } from "@/lib/incidents/record-run";
import { startPrometheus, type TestPrometheus } from "@/tests/support/prometheus";
import { closedPort, setEnv } from "../systems/helpers";
import { type AppService, figure, isolateConfigEnv, sleep, startAppService } from "./support";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const CHILD = path.resolve("tests/integration/diagnostics/evidence-child.ts");
const STEP = { runbook: "high-error-rates", stepId: "diagnosis-1", params: {} };

let env: { restore: () => void };
let service: AppService;
let prometheus: TestPrometheus | undefined;
let traffic: NodeJS.Timeout | undefined;
let errorShare = 0;

beforeAll(async () => {
  env = isolateConfigEnv();
  service = await startAppService();
  const registry = new Registry();
  const requests = new Counter({
    name: "http_requests_total",
    help: "Requests by status code.",
    labelNames: ["code"],
    registers: [registry],
  });
  // Three routes × 13 buckets: more series than a chart query reads, as real histograms have.
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Request duration.",
    labelNames: ["route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5, 10],
    registers: [registry],
  });
  requests.inc({ code: "200" }, 0);
  requests.inc({ code: "500" }, 0);
  service.setMetrics(() => registry.metrics());
  // 100 requests every 100 ms; errorShare of them answer 500; 2 % take 4 s.
  traffic = setInterval(() => {
    const failed = Math.round(100 * errorShare);
    requests.inc({ code: "200" }, 100 - failed);
    if (failed > 0) requests.inc({ code: "500" }, failed);
    for (let i = 0; i < 100; i++) {
      duration.observe({ route: ["/a", "/b", "/c"][i % 3] ?? "/a" }, i < 2 ? 4 : 0.02);
    }
  }, 100);
  prometheus = await startPrometheus({ api: [`127.0.0.1:${service.port}`] });
  setEnv({ API_URL: service.base, PROMETHEUS_URL: prometheus.url, METRICS_PAIR_SECONDS: "1" });
}, 60_000);

afterAll(async () => {
  if (traffic) clearInterval(traffic);
  await prometheus?.stop();
  await service?.close();
  env?.restore();
});

/** Runs until `done` holds (Prometheus needs a few scrapes before rate() has two points), at most ~30 s. */
async function runUntil(done: (r: StepRunResult) => boolean): Promise<StepRunResult> {
  let result: StepRunResult | undefined;
  for (let attempt = 0; attempt < 60; attempt++) {
    result = await executeStep({ ...STEP, window: "1m" });
    if (done(result)) return result;
    await sleep(500);
  }
  throw new Error(`never reached: last ${JSON.stringify(result?.verdict.headline)}`);
}

describe("error ratio over a fixed window from Prometheus", () => {
  it("is ok over 1 min with the PromQL and a chart from Prometheus", async () => {
    const result = await runUntil(
      (r) => r.verdict.evidence?.source === "prometheus" && r.verdict.headlineValue !== null,
    );
    const { verdict } = result;
    expect(verdict.status).toBe("ok");
    expect(verdict.headline).toMatch(/^error ratio 0 % over 1 min$/);
    expect(verdict.evidence?.window).toBe("1m");
    expect(verdict.evidence?.windowSeconds).toBe(60);
    expect(verdict.evidence?.promql).toBe(
      `100 * sum(rate(http_requests_total{job="api",instance="127.0.0.1:${service.port}",code=~"5..|5xx|5XX"}[1m])) / sum(rate(http_requests_total{job="api",instance="127.0.0.1:${service.port}"}[1m]))`,
    );
    expect(verdict.evidence?.prometheusLink).toContain(`${prometheus?.url}/graph?g0.expr=`);
    expect(figure(result, "window")).toBe(60);
    const chart = verdict.evidence?.chart;
    expect(chart?.warning).toBe(1);
    expect(chart?.critical).toBe(5);
    expect(chart?.end).toBe(Date.parse(verdict.evidence?.asOf ?? "") / 1000);
    // The 1 min window charts the last 15 min.
    expect((chart?.end ?? 0) - (chart?.start ?? 0)).toBe(900);
    // ≤ 300 points per series, whatever the range.
    expect(chart?.series[0]?.points.length).toBeLessThanOrEqual(300);
    expect(chart?.onset).toBeUndefined();
  }, 60_000);

  it("goes critical with an onset once a fifth of requests fail, and two processes agree on the figure", async () => {
    errorShare = 0.2;
    const result = await runUntil(
      (r) => r.verdict.status === "critical" && r.verdict.evidence?.chart?.onset !== undefined,
    );
    expect(result.verdict.evidence?.chart?.onset?.level).toBe("critical");
    expect(service.hits("/metrics")).toBeGreaterThan(3);

    // Two dashboard processes, no shared memory, asked at the same moment: the same evaluation time and figure.
    const ask = () =>
      run(TSX, ["--conditions=react-server", CHILD, STEP.runbook, STEP.stepId, "1m"], { env: process.env });
    let agreed = false;
    for (let attempt = 0; attempt < 3 && !agreed; attempt++) {
      const [a, b] = await Promise.all([ask(), ask()]);
      const left = JSON.parse(a.stdout.trim());
      const right = JSON.parse(b.stdout.trim());
      expect(left.status).toBe("critical");
      // Both evaluate at the same aligned second unless the pair straddles a 5 s boundary; then ask again.
      if (left.asOf !== right.asOf) continue;
      expect(right).toEqual(left);
      agreed = true;
    }
    expect(agreed).toBe(true);
  }, 90_000);

  it("falls back to two scrapes a second apart, and says so, when Prometheus does not answer", async () => {
    setEnv({ PROMETHEUS_URL: `http://127.0.0.1:${await closedPort()}` });
    try {
      const result = await executeStep({ ...STEP, window: "1m" });
      const evidence = result.verdict.evidence;
      expect(evidence?.source).toBe("scrape-pair");
      expect(evidence?.note).toMatch(/^Prometheus did not answer \(connection refused/);
      expect(evidence?.note).toContain("two scrapes 1 s apart");
      expect(evidence?.chart).toBeUndefined();
      // 20 % of the requests between the two scrapes failed.
      expect(result.verdict.status).toBe("critical");
      expect(result.verdict.headlineValue).toBeGreaterThan(15);
      expect(result.verdict.headline).toMatch(/ over 1(\.\d+)? s$/);
    } finally {
      setEnv({ PROMETHEUS_URL: prometheus?.url });
    }
  }, 30_000);
});

describe("latency over a fixed window from Prometheus", () => {
  it("reads every bucket of a many-series histogram, so the verdict's p99 is the chart's histogram_quantile", async () => {
    let result: StepRunResult | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      result = await executeStep({ runbook: "slow-response-times", stepId: "diagnosis-1", params: {}, window: "1m" });
      if (
        result.verdict.evidence?.source === "prometheus" &&
        (result.verdict.evidence.chart?.series[0]?.points.length ?? 0) > 2
      )
        break;
      await sleep(500);
    }
    const verdict = result?.verdict;
    expect(verdict?.evidence?.promql).toContain(
      "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{",
    );
    // 2 % of requests take 4 s: p99 lies in the (3, 5] bucket — critical, not "above the highest bucket".
    expect(verdict?.status).toBe("critical");
    expect(verdict?.headlineValue).toBeGreaterThan(3);
    expect(verdict?.headlineValue).toBeLessThanOrEqual(5);
    expect(verdict?.detail).not.toContain("+Inf bucket");
    // The window's series come from one query whose answers are tagged by sample name; the tag stays inside.
    expect(JSON.stringify(verdict)).not.toContain("rb_dashboard_sample_name");
    const points = verdict?.evidence?.chart?.series[0]?.points ?? [];
    const last = points[points.length - 1]?.[1] ?? Number.NaN;
    expect(Math.abs((verdict?.headlineValue ?? 0) - last)).toBeLessThan(0.05);
  }, 60_000);
});

describe("an incident keeps what a run showed", () => {
  it("stores the chart points and PromQL, and reads them back after Prometheus has stopped", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "rb-evidence-"));
    setEnv({ INCIDENT_STORE: "sqlite", DATA_DIR: dataDir });
    await closeIncidentStore();
    const actor = { id: "local", name: "local user", role: "admin" as const };
    try {
      const store = await getIncidentStore();
      const incident = await store.createIncident({ title: "Errors", severity: "sev2" }, actor);
      const result = await runUntil((r) => (r.verdict.evidence?.chart?.series[0]?.points.length ?? 0) > 2);
      const recorded = await recordRunToIncident(incident.id, result, {}, actor);
      expect(recorded.recorded).toBe(true);

      await prometheus?.stop();
      prometheus = undefined;
      const run = (await store.timeline(incident.id)).find((e) => e.type === "run");
      const evidence = run?.type === "run" ? run.verdict.evidence : undefined;
      expect(evidence?.chart?.series[0]?.points).toEqual(result.verdict.evidence?.chart?.series[0]?.points);
      expect(evidence?.promql).toBe(result.verdict.evidence?.promql);
      expect(evidence?.asOf).toBe(result.verdict.evidence?.asOf);
    } finally {
      await closeIncidentStore();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
