// A Prometheus that scrapes the endpoint but holds none of the series a check reads (a target added seconds
// ago, or a relabeling that drops them) must not turn into "no traffic" or "metric missing": the step says so
// and judges two scrapes of the endpoint instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { startPrometheus, type TestPrometheus } from "@/tests/support/prometheus";
import { setEnv } from "../systems/helpers";
import { type AppService, isolateConfigEnv, sleep, startAppService } from "./support";

let env: { restore: () => void };
let service: AppService;
let prometheus: TestPrometheus | undefined;

/** A service that has served 100 requests every 10 ms since it started, a fifth of them 500s. */
function exposition(startedAt: number): string {
  const total = Math.floor((Date.now() - startedAt) / 10) * 100;
  return [
    "# TYPE http_requests_total counter",
    `http_requests_total{code="200"} ${total * 0.8}`,
    `http_requests_total{code="500"} ${total * 0.2}`,
    "",
  ].join("\n");
}

async function waitUntilScraped(url: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const reply = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
      data: { activeTargets: { health: string }[] };
    };
    if (reply.data.activeTargets.some((t) => t.health === "up")) return;
    await sleep(250);
  }
  throw new Error("Prometheus never scraped the service");
}

beforeAll(async () => {
  env = isolateConfigEnv();
  service = await startAppService();
  const startedAt = Date.now();
  service.setMetrics(() => exposition(startedAt));
  prometheus = await startPrometheus({ api: [`127.0.0.1:${service.port}`] }, { dropMetrics: "http_requests_total" });
  await waitUntilScraped(prometheus.url);
  setEnv({ API_URL: service.base, PROMETHEUS_URL: prometheus.url, METRICS_PAIR_SECONDS: "1" });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await service?.close();
  env?.restore();
});

describe("Prometheus scrapes the endpoint but holds none of the check's series", () => {
  it("judges two scrapes of the endpoint and names what Prometheus lacks", async () => {
    const { verdict } = await executeStep({
      runbook: "high-error-rates",
      stepId: "diagnosis-1",
      params: {},
      window: "1m",
    });
    expect(verdict.evidence?.source).toBe("scrape-pair");
    expect(verdict.evidence?.note).toBe(
      `Prometheus holds no samples of http_requests_total from ${service.base}/metrics in the window, so this is ` +
        "the increase between two scrapes 1 s apart; there is no history to chart.",
    );
    expect(verdict.status).toBe("critical");
    expect(verdict.headline).toMatch(/^error ratio 20 % over 1 s/);
  }, 30_000);
});
