// A real Prometheus for integration tests: scrapes the given jobs every second from a temp directory.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PROMETHEUS_BIN = "/usr/bin/prometheus";

export interface TestPrometheus {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export interface PrometheusOptions {
  /** Metric names every job drops after the scrape (metric_relabel_configs), as a team's relabeling may. */
  dropMetrics?: string;
}

function scrapeConfig(jobs: Readonly<Record<string, readonly string[]>>, options: PrometheusOptions): string {
  const lines = ["global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "scrape_configs:"];
  for (const [job, targets] of Object.entries(jobs)) {
    lines.push(`  - job_name: ${job}`, "    static_configs:", `      - targets: ${JSON.stringify(targets)}`);
    if (options.dropMetrics !== undefined) {
      lines.push(
        "    metric_relabel_configs:",
        "      - source_labels: [__name__]",
        `        regex: ${JSON.stringify(options.dropMetrics)}`,
        "        action: drop",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Starts Prometheus on a free loopback port and waits (≤ 30 s) until /-/ready answers. */
export async function startPrometheus(
  jobs: Readonly<Record<string, readonly string[]>>,
  options: PrometheusOptions = {},
): Promise<TestPrometheus> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "rb-prom-"));
  const port = await freePort();
  await writeFile(path.join(tmp, "prometheus.yml"), scrapeConfig(jobs, options));
  let log = "";
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(tmp, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(tmp, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.on("error", (e) => {
    log += `spawn error: ${e.message}\n`;
  });
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(tmp, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(
    `Prometheus at ${url} did not become ready (is ${PROMETHEUS_BIN} installed? run \`bash scripts/services.sh\`):\n${log}`,
  );
}
