// lib/targets/prometheus against a real Prometheus scraping our test service and one dead target.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetError } from "@/lib/targets/errors";
import { prometheusTargets } from "@/lib/targets/prometheus";
import { closedPort, freePort, rejection, setEnv, withEnv } from "./helpers";
import { startTestHttpServer, type TestHttpServer } from "./http-server";

const PROMETHEUS_BIN = "/usr/bin/prometheus";

let server: TestHttpServer;
let prometheus: ChildProcess | undefined;
let tmp: string;
let promUrl: string;
let deadPort: number;
let log = "";

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (prometheus?.exitCode !== null && prometheus?.exitCode !== undefined) {
      throw new Error(`prometheus exited with ${prometheus.exitCode} while waiting for ${what}:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (${String(last)})\n${log.slice(-2000)}`);
}

beforeAll(async () => {
  server = await startTestHttpServer();
  deadPort = await closedPort();
  const port = await freePort();
  tmp = await mkdtemp(path.join(os.tmpdir(), "rb-prom-"));
  const config = `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["127.0.0.1:${server.port}"]
  - job_name: dead
    static_configs:
      - targets: ["127.0.0.1:${deadPort}"]
`;
  await writeFile(path.join(tmp, "prometheus.yml"), config);
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
  prometheus.stdout?.on("data", (d: Buffer) => {
    log += d.toString();
  });
  prometheus.stderr?.on("data", (d: Buffer) => {
    log += d.toString();
  });
  promUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    "Prometheus to be ready (is /usr/bin/prometheus installed? run `bash scripts/services.sh`)",
    30_000,
    async () => {
      const res = await fetch(`${promUrl}/-/ready`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? true : undefined;
    },
  );
  setEnv({ PROMETHEUS_URL: promUrl });
}, 60_000);

afterAll(async () => {
  const child = prometheus;
  if (child && child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("prometheusTargets", () => {
  it("lists the live target up and the dead one down with its error", async () => {
    const result = await waitFor("both targets to be scraped", 30_000, async () => {
      const r = await prometheusTargets();
      const up = r.activeTargets.find((t) => t.scrapePool === "app");
      const down = r.activeTargets.find((t) => t.scrapePool === "dead");
      return up?.health === "up" && down?.health === "down" ? r : undefined;
    });
    expect(result.activeTargets).toHaveLength(2);
    const app = result.activeTargets.find((t) => t.scrapePool === "app");
    const dead = result.activeTargets.find((t) => t.scrapePool === "dead");
    expect(app).toMatchObject({ health: "up", lastError: "", scrapeInterval: "1s", scrapeTimeout: "1s" });
    expect(app?.scrapeUrl).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect(app?.labels.job).toBe("app");
    expect(dead?.health).toBe("down");
    expect(dead?.lastError).toMatch(/connection refused/i);
    expect(dead?.lastScrapeDuration).toBeGreaterThanOrEqual(0);
    expect(result.url).toBe(`${promUrl}/api/v1/targets?state=active`);
    // And Prometheus really scraped our service.
    expect(server.requests.some((r) => r.path === "/metrics")).toBe(true);
  });

  it("not configured names PROMETHEUS_URL", async () => {
    await withEnv({ PROMETHEUS_URL: undefined }, async () => {
      const { error } = await rejection(prometheusTargets());
      const e = error as TargetError;
      expect(e).toBeInstanceOf(TargetError);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("PROMETHEUS_URL");
    });
  });

  it("a URL that is not Prometheus is reported, not parsed", async () => {
    await withEnv({ PROMETHEUS_URL: server.base }, async () => {
      const { error } = await rejection(prometheusTargets());
      const e = error as TargetError;
      expect(e).toBeInstanceOf(TargetError);
      expect(e.system).toBe("prometheus");
      expect(e.message).toMatch(/not JSON|HTTP 404/);
    });
  });

  it("a dead Prometheus is 'refused'", async () => {
    await withEnv({ PROMETHEUS_URL: `http://127.0.0.1:${deadPort}` }, async () => {
      const { error } = await rejection(prometheusTargets());
      expect((error as TargetError).kind).toBe("refused");
    });
  });
});
