// executeStep on missing-metrics diagnosis-1 against a real Prometheus scraping one live and one dead target.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { startPrometheus, type TestPrometheus } from "@/tests/support/prometheus";
import { closedPort, setEnv } from "../systems/helpers";
import { type AppService, figure, isolateConfigEnv, sleep, startAppService } from "./support";

const step = { runbook: "missing-metrics", stepId: "diagnosis-1", params: {} };

let env: { restore: () => void };
let service: AppService;
let prometheus: TestPrometheus | undefined;
let deadPort = 0;

beforeAll(async () => {
  env = isolateConfigEnv();
  service = await startAppService();
  service.setMetrics('# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1\n');
  deadPort = await closedPort();
  prometheus = await startPrometheus({
    api: [`127.0.0.1:${service.port}`],
    worker: [`127.0.0.1:${deadPort}`],
  });
  setEnv({ PROMETHEUS_URL: prometheus.url });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await service?.close();
  env?.restore();
});

describe("missing-metrics diagnosis-1: curl http://prometheus:9090/api/v1/targets", () => {
  it("is critical, naming the down target and Prometheus's lastError", async () => {
    // Both targets need one scrape before their health is known; scrape_interval is 1 s.
    let result: StepRunResult | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      result = await executeStep(step);
      if (figure(result, "up") === 1 && figure(result, "down") === 1) break;
      await sleep(250);
    }
    if (!result) throw new Error("no result");
    expect(result.verdict.status).toBe("critical");
    expect(result.verdict.headline).toBe("1 of 2 targets down");
    expect(result.verdict.headlineValue).toBe(1);
    expect(figure(result, "active targets")).toBe(2);
    const deadUrl = `http://127.0.0.1:${deadPort}/metrics`;
    expect(result.verdict.detail).toContain(`worker ${deadUrl} is down:`);
    expect(result.verdict.detail).toMatch(/connection refused/i);
    expect(result.verdict.findings).toContain("targets-down");
    const table = result.verdict.tables?.find((t) => t.title === "Active targets");
    const row = table?.rows.find((r) => r.includes(deadUrl));
    expect(row).toContain("down");
    expect(JSON.parse(result.raw)).toMatchObject({ status: "success" });
    expect(result.cli).toContain("/api/v1/targets");
    // And Prometheus really scraped the live service.
    expect(service.hits("/metrics")).toBeGreaterThan(0);
  });

  it("turns ok once the dead target starts answering", async () => {
    const revived = await startAppService(deadPort);
    try {
      revived.setMetrics("# TYPE worker_jobs_total counter\nworker_jobs_total 3\n");
      let result: StepRunResult | undefined;
      for (let attempt = 0; attempt < 60; attempt++) {
        result = await executeStep(step);
        if (figure(result, "down") === 0 && figure(result, "up") === 2) break;
        await sleep(250);
      }
      expect(result?.verdict.status).toBe("ok");
      expect(result?.verdict.headline).toBe("2 targets up");
      expect(revived.hits("/metrics")).toBeGreaterThan(0);
    } finally {
      await revived.close();
    }
  });
});
