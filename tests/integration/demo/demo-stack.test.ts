// scripts/demo-stack.sh end to end on non-default ports: up, reuse, Prometheus targets and rules, faults, down.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort, getText, parseInfo, portOpen, ROOT, TSX } from "./demo-test-support";

const SCRIPT = path.join(ROOT, "scripts/demo-stack.sh");
const PORT_VARS = [
  "DEMO_REDIS_PORT",
  "DEMO_MONGO_PORT",
  "DEMO_FERRETDB_DEBUG_PORT",
  "DEMO_API_PORT",
  "DEMO_EXTERNAL_PORT",
  "PROMETHEUS_PORT",
  "ALERTMANAGER_PORT",
  "REDIS_EXPORTER_PORT",
  "DASHBOARD_PORT",
] as const;
type PortVar = (typeof PORT_VARS)[number];

let ports: Record<PortVar, number>;
let stateDir: string;
let env: NodeJS.ProcessEnv;
let redis: Redis | undefined;

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env, encoding: "utf8", timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}
const stack = (cmd: "up" | "down" | "status") => run("bash", [SCRIPT, cmd], 300_000);

interface Status {
  parts: Record<string, { ok: boolean; detail?: string; reason?: string; pid?: number }>;
}
const readStatus = () => JSON.parse(fs.readFileSync(path.join(stateDir, "status.json"), "utf8")) as Status;
const readPids = () =>
  fs
    .readFileSync(path.join(stateDir, "pids"), "utf8")
    .trim()
    .split("\n")
    .map((l) => Number(l.split(" ")[1]));
/** Running and not a zombie: orphaned parts wait for the machine's reaper, which kill(pid, 0) cannot tell. */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

beforeAll(async () => {
  const chosen = new Set<number>();
  const entries: [PortVar, number][] = [];
  for (const name of PORT_VARS) {
    let p = await freePort();
    for (let i = 0; i < 20 && chosen.has(p); i++) p = await freePort();
    chosen.add(p);
    entries.push([name, p]);
  }
  ports = Object.fromEntries(entries) as Record<PortVar, number>;
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-stack-"));
  env = { ...process.env, STATE_DIR: stateDir, ALERTS_TOKEN: "stack-test-token" };
  for (const [k, v] of entries) env[k] = String(v);
}, 30_000);

afterAll(async () => {
  redis?.disconnect();
  // Whatever happened above, leave nothing running.
  if (stateDir && fs.existsSync(path.join(stateDir, "pids"))) await stack("down");
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

describe("scripts/demo-stack.sh", () => {
  it("passes bash -n", async () => {
    const r = await run("bash", ["-n", SCRIPT], 10_000);
    expect(r.code, r.stderr).toBe(0);
  });

  it("up starts every part on the given ports and writes status.json, dashboard.env and config.yaml", async () => {
    const r = await stack("up");
    expect(r.code, r.stderr).toBe(0);
    const status = readStatus();
    for (const part of [
      "redis",
      "mongodb",
      "seed",
      "api",
      "external-service",
      "traffic",
      "redis-exporter",
      "prometheus",
      "alertmanager",
    ]) {
      expect(status.parts[part]?.ok, `${part}: ${status.parts[part]?.reason}`).toBe(true);
    }
    for (const name of PORT_VARS.filter((n) => n !== "DASHBOARD_PORT")) {
      expect(await portOpen(ports[name]), name).toBe(true);
    }
    const dashboardEnv = fs.readFileSync(path.join(stateDir, "dashboard.env"), "utf8");
    expect(fs.statSync(path.join(stateDir, "dashboard.env")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(stateDir, "alerts-token")).mode & 0o777).toBe(0o600);
    for (const line of [
      `API_URL='http://127.0.0.1:${ports.DEMO_API_PORT}'`,
      `PROMETHEUS_URL='http://127.0.0.1:${ports.PROMETHEUS_PORT}'`,
      `EXTERNAL_SERVICES='external-service=http://127.0.0.1:${ports.DEMO_EXTERNAL_PORT}'`,
      `REDIS_URL='redis://127.0.0.1:${ports.DEMO_REDIS_PORT}'`,
      `MONGODB_URL='mongodb://127.0.0.1:${ports.DEMO_MONGO_PORT}/'`,
      "MONGODB_DATABASE='aiplatform'",
      // The machine's PostgreSQL (services.sh started it) serves the PostgreSQL runbook.
      `POSTGRES_URL='${process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"}'`,
      `LOG_FILES='/var/log/error.log=${stateDir}/logs/error.log,/var/log/application.log=${stateDir}/logs/application.log'`,
      `CONFIG_FILES='config.yaml=${stateDir}/config.yaml'`,
      `GIT_REPO_PATH='${ROOT}'`,
      "ENV_PREFIX='APP_'",
      "EXPECTED_METRICS='agent_errors_total,http_requests_total,http_request_duration_seconds'",
      "RATE_LIMIT_MAX='100'",
      "ALERTS_TOKEN='stack-test-token'",
      `DEMO_STATUS_FILE='${stateDir}/status.json'`,
      `DEMO_URL='http://127.0.0.1:${ports.DEMO_API_PORT}'`,
    ]) {
      expect(dashboardEnv).toContain(line);
    }
    expect(dashboardEnv).toMatch(/^APP_\w+=/m);
    expect(fs.readFileSync(path.join(stateDir, "config.yaml"), "utf8")).toContain("redis_password: demo-secret");
    expect(fs.readFileSync(path.join(stateDir, "alerts-token"), "utf8")).toBe("stack-test-token");
  }, 300_000);

  it("up again reuses every running part", async () => {
    const before = readPids();
    const r = await stack("up");
    expect(r.code, r.stderr).toBe(0);
    expect(readPids()).toEqual(before);
    expect(readStatus().parts.api?.detail).toMatch(/^reused/);
    const s = await stack("status");
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^api\s+\d+\s+running/m);
  }, 120_000);

  it("serves the API with live traffic, and Prometheus scrapes it and loads the rules", async () => {
    const health = await getText(`http://127.0.0.1:${ports.DEMO_API_PORT}/health`);
    expect(health.headers.get("content-type")).toMatch(/^application\/health\+json/);
    expect(JSON.parse(health.text)).toMatchObject({ status: "pass" });

    const prom = `http://127.0.0.1:${ports.PROMETHEUS_PORT}`;
    const targetHealth = await eventually(
      async () => {
        const body = JSON.parse((await getText(`${prom}/api/v1/targets`)).text) as {
          data: { activeTargets: { labels: { job: string }; health: string }[] };
        };
        const byJob = Object.fromEntries(body.data.activeTargets.map((t) => [t.labels.job, t.health]));
        return ["demo-api", "external-service", "redis", "prometheus", "alertmanager"].every((j) => byJob[j] === "up")
          ? byJob
          : undefined;
      },
      40_000,
      "Prometheus to scrape every demo target",
    );
    expect(targetHealth["runbook-dashboard"]).not.toBe("up");

    const rules = JSON.parse((await getText(`${prom}/api/v1/rules`)).text) as {
      data: { groups: { rules: { name: string; health: string; annotations: Record<string, string> }[] }[] };
    };
    const all = rules.data.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const rule of all) {
      expect(rule.annotations.runbook_url).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${ports.DASHBOARD_PORT}/runbooks/[a-z-]+$`),
      );
    }

    const metrics = await eventually(
      async () => {
        const text = (await getText(`http://127.0.0.1:${ports.DEMO_API_PORT}/metrics`)).text;
        const m = /^http_requests_total\{route="\/v1\/agents\/:agentId\/query",method="GET",status="200"\} (\d+)/m.exec(
          text,
        );
        return m !== null && Number(m[1]) > 20 ? Number(m[1]) : undefined;
      },
      20_000,
      "the traffic generator to move the request counter",
    );
    expect(metrics).toBeGreaterThan(20);
    const appLog = fs.readFileSync(path.join(stateDir, "logs/application.log"), "utf8");
    expect(appLog).toMatch(/INFO +GET \/v1\/agents\/[a-z-]+\/query 200 /);
  }, 90_000);

  it("flips faults with the CLI against the stack's own Redis", async () => {
    redis = new Redis(`redis://127.0.0.1:${ports.DEMO_REDIS_PORT}`, { maxRetriesPerRequest: 1, commandTimeout: 3000 });
    const cli = (name: string, action: string) =>
      run(TSX, [path.join(ROOT, "demo/fault-cli.ts"), name, action], 60_000);
    expect((await cli("stuck-rate-limit", "on")).code).toBe(0);
    expect(await redis.pttl("rate_limit:u-stuck")).toBe(-1);
    expect((await cli("cache-memory", "on")).code).toBe(0);
    const mem = parseInfo(await redis.info("memory"));
    expect(Number(mem.get("used_memory")) / Number(mem.get("maxmemory"))).toBeGreaterThan(0.9);
    expect((await cli("cache-memory", "off")).code).toBe(0);
    // The stack's Redis starts as a cache should be (256 MB, allkeys-lru); off puts that back.
    const restored = parseInfo(await redis.info("memory"));
    expect(restored.get("maxmemory")).toBe(String(256 * 1024 * 1024));
    expect(restored.get("maxmemory_policy")).toBe("allkeys-lru");
    expect((await cli("stuck-rate-limit", "off")).code).toBe(0);
    expect(await redis.pttl("rate_limit:u-stuck")).not.toBe(-1);
    redis.disconnect();
    redis = undefined;
  }, 120_000);

  it("down stops every process it started and leaves none of its ports listening", async () => {
    const pids = readPids();
    const r = await stack("down");
    expect(r.code, r.stderr).toBe(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    for (const name of PORT_VARS) expect(await portOpen(ports[name]), name).toBe(false);
    expect(fs.existsSync(path.join(stateDir, "pids"))).toBe(false);
    expect(Object.values(readStatus().parts).every((p) => !p.ok)).toBe(true);
    const s = await stack("status");
    expect(s.code).toBe(3);
  }, 120_000);
});
