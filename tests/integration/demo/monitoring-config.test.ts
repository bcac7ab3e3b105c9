// The monitoring files: Prometheus rules pass promtool's checks and unit tests, Alertmanager's config passes amtool.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./demo-test-support";

const MON = path.join(ROOT, "demo/monitoring");

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: MON, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && "code" in error && error.code === "ENOENT") {
        resolve({ code: -1, out: `${cmd} is not installed: apt-get install prometheus prometheus-alertmanager` });
        return;
      }
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : -1,
        out: `${stdout}${stderr}`,
      });
    });
  });
}

/** The template's `${NAME}` text, spelled so it cannot be mistaken for a JS template literal. */
const placeholder = (name: string) => `$\{${name}}`;

const RUNBOOK_SLUGS = [
  "high-error-rates",
  "slow-response-times",
  "low-cache-hit-rate",
  "cache-memory-issues",
  "connection-pool-exhaustion",
  "query-performance-issues",
  "missing-metrics",
];

describe("monitoring config", () => {
  it("alerts.yml passes promtool check rules and every alert links a dashboard runbook", async () => {
    const r = await run("promtool", ["check", "rules", "alerts.yml"]);
    expect(r.code, r.out).toBe(0);
    const text = fs.readFileSync(path.join(MON, "alerts.yml"), "utf8");
    const alerts = [...text.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    expect(alerts).toEqual(
      expect.arrayContaining([
        "HighErrorRate",
        "SlowResponseTimes",
        "LowCacheHitRate",
        "RedisMemoryHigh",
        "MongoConnectionPoolExhausted",
        "SlowQueries",
        "TargetDown",
        "MetricsMissing",
        "RateLimitStuck",
      ]),
    );
    const urls = [...text.matchAll(/runbook_url: (\S+)/g)].map((m) => m[1]);
    expect(urls).toHaveLength(alerts.length);
    for (const url of urls)
      expect(RUNBOOK_SLUGS.map((s) => `${placeholder("DASHBOARD_URL")}/runbooks/${s}`)).toContain(url);
    expect(text.match(/^\s+for: /gm)).toHaveLength(alerts.length);
  });

  it("the alert rules' promtool unit tests pass (traffic guards, maxmemory 0, dashboard target ignored)", async () => {
    const r = await run("promtool", ["test", "rules", "alerts.test.yml"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("SUCCESS");
  });

  it("alertmanager.yml, rendered as demo-stack.sh does, passes amtool check-config with a bearer credentials file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-am-"));
    try {
      fs.writeFileSync(path.join(dir, "alerts-token"), "t0ken", { mode: 0o600 });
      const rendered = fs
        .readFileSync(path.join(MON, "alertmanager.yml"), "utf8")
        .replaceAll(placeholder("DASHBOARD_URL"), "http://127.0.0.1:3000")
        .replaceAll(placeholder("STATE_DIR"), dir);
      fs.writeFileSync(path.join(dir, "alertmanager.yml"), rendered);
      const r = await run("amtool", ["check-config", path.join(dir, "alertmanager.yml")]);
      expect(r.code, r.out).toBe(0);
      expect(rendered).toContain("url: http://127.0.0.1:3000/api/alerts");
      expect(rendered).toContain(`credentials_file: ${dir}/alerts-token`);
      expect(rendered).toMatch(/group_wait: 10s/);
      expect(rendered).toMatch(/group_interval: 30s/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
