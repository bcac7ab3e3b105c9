import { describe, expect, it } from "vitest";
import type { ParsedCommand } from "../../../lib/systems/operation";
import { parseCommand, splitSteps } from "../../../lib/systems/parse-command";
import { guideBlocks } from "./guide-blocks";

/** One word per result so a table row reads at a glance: "http metrics", "remediation redis CONFIG SET", "manual". */
function summary(parsed: ParsedCommand): string {
  if (parsed.type === "manual") return "manual";
  if (parsed.type === "remediation") return `remediation ${parsed.remediation.system} ${parsed.remediation.action}`;
  const operation = parsed.operation;
  switch (operation.kind) {
    case "redis":
      return `redis ${operation.command}`;
    case "http":
      return `http ${operation.target.kind}`;
    case "mongo":
      return `mongo ${operation.op}`;
    default:
      return operation.kind;
  }
}

// Every command line of every code block of the guide, in order, with what it must become.
const EXPECTED: readonly [line: string, result: string][] = [
  // API Issues / High Error Rates
  ["curl http://your-api-url/metrics | grep error", "http metrics"],
  ["tail -f /var/log/error.log", "log-tail"],
  ['redis-cli get "rate_limit:{user_id}"', "redis GET"],
  ["curl http://your-api-url/health", "http health"],
  ['git log --since="24 hours ago"', "git-log"],
  // Slow Response Times
  ["curl http://your-api-url/metrics | grep response_time", "http metrics"],
  ['db.collection.find().explain("executionStats")', "mongo explain"],
  ['db.collection.createIndex({ "field": 1 })', "remediation mongo createIndex"],
  ["redis-cli info | grep hit", "redis INFO"],
  ['curl -w "\\n%{time_total}s\\n" http://external-service/health', "http external"],
  // Low Cache Hit Rate
  ["curl http://your-api-url/metrics | grep cache", "http metrics"],
  ["redis-cli config get maxmemory", "redis CONFIG GET"],
  ["CACHE_TTL = 3600  # 1 hour", "manual"],
  ['cache_key = f"agent:{agent_id}:query:{hash(query)}"', "manual"],
  ["redis-cli config set maxmemory-policy allkeys-lru", "remediation redis CONFIG SET"],
  // Cache Memory Issues
  ["redis-cli info memory", "redis INFO"],
  ["redis-cli info | grep used_memory", "redis INFO"],
  ["redis-cli config set maxmemory 2gb", "remediation redis CONFIG SET"],
  ["await redis.info('memory')", "manual"],
  ["await redis.hset(key, mapping=data)", "manual"],
  // Connection Pool Exhaustion
  ["db.serverStatus().connections", "mongo connections"],
  ["db.currentOp()", "mongo currentOp"],
  ["pool_size = 100", "manual"],
  ["max_overflow = 20", "manual"],
  ["await db.command('serverStatus')", "manual"],
  ["async with db.pool.acquire() as conn:", "manual"],
  ["    await conn.execute(query)", "manual"],
  // Query Performance Issues
  ["db.setProfilingLevel(1, { slowms: 100 })", "mongo profiler"],
  ['db.collection.find().explain("executionStats")', "mongo explain"],
  ['db.collection.createIndex({ "field1": 1, "field2": 1 })', "remediation mongo createIndex"],
  ['await collection.find_one({ "field": value })', "manual"],
  ['cache_key = f"query:{hash(query)}"', "manual"],
  ["result = await redis.get(cache_key)", "manual"],
  // Missing Metrics
  ["curl http://prometheus:9090/api/v1/targets", "prometheus-targets"],
  ["curl http://your-api-url/metrics", "http metrics"],
  ["custom_metric = Counter('custom_metric_total', 'Description')", "manual"],
  ['@app.get("/metrics")', "manual"],
  ["async def metrics():", "manual"],
  ["    return generate_latest()", "manual"],
  ["- alert: HighErrorRate", "manual"],
  ["  expr: rate(agent_errors_total[5m]) > 0.1", "manual"],
  ["  for: 5m", "manual"],
  // General Troubleshooting Steps
  ["tail -f /var/log/application.log", "log-tail"],
  ["tail -f /var/log/error.log", "log-tail"],
  ["env | grep APP_", "env"],
  ["cat config.yaml", "config-file"],
  ["htop", "system"],
  ["netstat -tulpn", "system"],
];

const guideLines = guideBlocks().flatMap((block) =>
  splitSteps(block.code).flatMap((step) =>
    step.commands.map((line) => ({
      line,
      lang: block.lang,
      context: block.section === "solution" ? ("solution" as const) : ("diagnosis" as const),
      where: `${block.heading} (${block.section})`,
    })),
  ),
);

describe("every command line of the troubleshooting guide", () => {
  it("the table lists exactly the guide's command lines, in order", () => {
    expect(guideLines.map((entry) => entry.line)).toEqual(EXPECTED.map(([line]) => line));
  });

  it.each(guideLines.map((entry, index) => [index + 1, entry.line, entry] as const))(
    "line %i: %s",
    (index, line, entry) => {
      const expected = EXPECTED[index - 1]?.[1];
      const parsed = parseCommand(line, entry.lang, { context: entry.context });
      expect(summary(parsed), entry.where).toBe(expected);
      // Whatever the result, the operator always gets something to copy.
      expect(parsed.cli.length).toBeGreaterThan(0);
      if (entry.lang !== "bash") {
        expect(parsed).toMatchObject({ type: "manual", reason: expect.stringContaining("code, not a command") });
      }
    },
  );

  it("no guide command becomes an operation on a literal host or a shell", () => {
    for (const entry of guideLines) {
      const parsed = parseCommand(entry.line, entry.lang, { context: entry.context });
      if (parsed.type !== "operation") continue;
      expect(JSON.stringify(parsed.operation)).not.toMatch(/your-api-url|prometheus:9090|https?:\/\//);
    }
  });
});
