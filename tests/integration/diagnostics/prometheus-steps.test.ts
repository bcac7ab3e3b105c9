// executeStep on missing-metrics diagnosis-1 against a real Prometheus scraping one live and one dead target.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { closedPort, freePort, setEnv } from "../targets/helpers";
import { type AppService, figure, isolateConfigEnv, sleep, startAppService } from "./support";

const PROMETHEUS_BIN = "/usr/bin/prometheus";
const step = { runbook: "missing-metrics", stepId: "diagnosis-1", params: {} };

let env: { restore: () => void };
let service: AppService;
let prometheus: ChildProcess | undefined;
let tmp = "";
let deadPort = 0;
let log = "";

beforeAll(async () => {
  env = isolateConfigEnv();
  service = await startAppService();
  service.setMetrics('# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1\n');
  deadPort = await closedPort();
  const port = await freePort();
  tmp = await mkdtemp(path.join(os.tmpdir(), "rb-diag-prom-"));
  await writeFile(
    path.join(tmp, "prometheus.yml"),
    `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: api
    static_configs:
      - targets: ["127.0.0.1:${service.port}"]
  - job_name: worker
    static_configs:
      - targets: ["127.0.0.1:${deadPort}"]
`,
  );
  prometheus = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(tmp, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(tmp, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  prometheus.on("error", (e) => {
    log += `spawn error: ${e.message}\n`;
  });
  prometheus.stderr?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let attempt = 0; attempt < 120 && !ready; attempt++) {
    if (prometheus.exitCode !== null) break;
    try {
      ready = (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      // not listening yet
    }
    if (!ready) await sleep(250);
  }
  if (!ready) {
    throw new Error(
      `Prometheus at ${url} did not become ready (is ${PROMETHEUS_BIN} installed? run \`bash scripts/services.sh\`):\n${log}`,
    );
  }
  setEnv({ PROMETHEUS_URL: url });
}, 60_000);

afterAll(async () => {
  const child = prometheus;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  await service?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
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
