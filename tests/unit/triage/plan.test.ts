import { describe, expect, it } from "vitest";
import { getLibrary, getRunbook } from "@/lib/runbooks/library";
import type { Runbook } from "@/lib/runbooks/model";
import { planTriage } from "@/lib/triage/plan";

const runbook = (slug: string): Runbook => {
  const found = getRunbook(slug);
  if (!found) throw new Error(`no runbook ${slug}`);
  return found;
};
const issues = () => getLibrary().runbooks.filter((r) => r.kind === "issue");

describe("planTriage", () => {
  it("collects each issue runbook's read-only diagnosis steps, skipping steps that need a value", () => {
    const plan = planTriage(issues());
    const guideTasks = plan.tasks.filter((t) => t.limiterKey !== "postgres");
    expect(guideTasks.map((t) => [t.key, t.limiterKey, t.appliesTo.map((a) => `${a.runbook}#${a.stepId}`)])).toEqual([
      ['curl -s "$API_URL/metrics" | grep error', "http:metrics", ["high-error-rates#diagnosis-1"]],
      ["tail -f /var/log/error.log", "local", ["high-error-rates#diagnosis-2"]],
      ['curl -s "$API_URL/metrics" | grep response_time', "http:metrics", ["slow-response-times#diagnosis-1"]],
      ['curl -s "$API_URL/metrics" | grep cache', "http:metrics", ["low-cache-hit-rate#diagnosis-1"]],
      ["redis-cli CONFIG GET maxmemory", "redis", ["low-cache-hit-rate#diagnosis-2"]],
      // The team's keyspace step, in both cache runbooks: one scan answers both.
      ["redis-cli --memkeys", "redis", ["low-cache-hit-rate#diagnosis-3", "cache-memory-issues#diagnosis-3"]],
      ["redis-cli INFO memory", "redis", ["cache-memory-issues#diagnosis-1"]],
      ["redis-cli INFO | grep used_memory", "redis", ["cache-memory-issues#diagnosis-2"]],
      ["mongosh --eval 'db.serverStatus().connections'", "mongo", ["connection-pool-exhaustion#diagnosis-1"]],
      ["mongosh --eval 'db.currentOp()'", "mongo", ["connection-pool-exhaustion#diagnosis-2"]],
      // The team steps: the application's own driver metrics, which show what FerretDB cannot.
      [
        'curl -s "$API_URL/metrics" | grep db_client_connection',
        "http:metrics",
        ["connection-pool-exhaustion#diagnosis-3"],
      ],
      [
        "mongosh --eval 'printjson(db.getProfilingStatus()); db.system.profile.find({ millis: { $gte: 100 } }).sort({ millis: -1 }).limit(10)'",
        "mongo",
        ["query-performance-issues#diagnosis-1"],
      ],
      [
        'curl -s "$API_URL/metrics" | grep db_client_operation',
        "http:metrics",
        ["query-performance-issues#diagnosis-3"],
      ],
      ['curl -s "$PROMETHEUS_URL/api/v1/targets"', "http:prometheus", ["missing-metrics#diagnosis-1"]],
      ['curl -s "$API_URL/metrics"', "http:metrics", ["missing-metrics#diagnosis-2"]],
    ]);
    // The team's PostgreSQL runbook: its five catalog queries, each run as our canonical SQL through psql -c.
    const postgres = plan.tasks.filter((t) => t.limiterKey === "postgres");
    expect(postgres.map((t) => t.appliesTo.map((a) => `${a.runbook}#${a.stepId}`))).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`postgresql-connection-and-lock-issues#diagnosis-${n}`]),
    );
    for (const task of postgres) expect(task.key).toMatch(/^psql -X -c "SELECT .* FROM pg_stat_/);
    expect(plan.skipped.map((s) => [s.runbook, s.stepId, s.reason])).toEqual([
      ["slow-response-times", "diagnosis-2", "needs collection"],
      ["query-performance-issues", "diagnosis-2", "needs collection"],
    ]);
  });

  it("never includes solution checks, remediations or manual steps", () => {
    const keys = planTriage(issues()).tasks.map((t) => t.key);
    expect(keys.some((k) => k.includes("rate_limit"))).toBe(false); // high-error-rates solution check
    expect(keys.some((k) => /CONFIG SET|createIndex/i.test(k))).toBe(false);
  });

  it("runs an operation shared by several runbooks once, for all of them", () => {
    const plan = planTriage([runbook("high-error-rates"), runbook("general-troubleshooting-steps")]);
    const errorLog = plan.tasks.filter((t) => t.key === "tail -f /var/log/error.log");
    expect(errorLog).toHaveLength(1);
    expect(errorLog[0]?.appliesTo).toEqual([
      { runbook: "high-error-rates", stepId: "diagnosis-2", stepTitle: "View recent errors" },
      { runbook: "general-troubleshooting-steps", stepId: "check-logs-2", stepTitle: "Check error logs" },
    ]);
    expect(errorLog[0]).toMatchObject({ runbook: "high-error-rates", stepId: "diagnosis-2" });
    expect(new Set(plan.tasks.map((t) => t.key)).size).toBe(plan.tasks.length);
  });

  it("keeps the same command judged by two different checks as two tasks", () => {
    const errors = runbook("high-error-rates");
    // A second runbook scraping the same /metrics | grep error, but declaring it a metrics-presence check.
    const presence: Runbook = {
      ...errors,
      slug: "metrics-presence-copy",
      checks: { ...errors.checks, "diagnosis-1": "metrics-presence" },
    };
    const plan = planTriage([errors, presence]);
    const scrapes = plan.tasks.filter((t) => t.cli === 'curl -s "$API_URL/metrics" | grep error');
    expect(scrapes.map((t) => [t.key, t.appliesTo.map((a) => a.runbook)])).toEqual([
      ['curl -s "$API_URL/metrics" | grep error', ["high-error-rates"]],
      ['curl -s "$API_URL/metrics" | grep error (metrics-presence)', ["metrics-presence-copy"]],
    ]);
  });
});
