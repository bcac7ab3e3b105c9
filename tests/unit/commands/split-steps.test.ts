import { describe, expect, it } from "vitest";
import { isCommandLine, splitSteps } from "../../../lib/commands/split-steps";
import { guideBlocks } from "../systems/guide-blocks";

describe("splitSteps", () => {
  it("starts a step at each comment and titles it with the comment text", () => {
    const steps = splitSteps(
      "# Check error rates\ncurl http://your-api-url/metrics | grep error\n\n# View recent errors\ntail -f /var/log/error.log\n",
    );
    expect(steps).toEqual([
      {
        title: "Check error rates",
        commands: ["curl http://your-api-url/metrics | grep error"],
        source: "# Check error rates\ncurl http://your-api-url/metrics | grep error",
      },
      {
        title: "View recent errors",
        commands: ["tail -f /var/log/error.log"],
        source: "# View recent errors\ntail -f /var/log/error.log",
      },
    ]);
  });

  it("titles leading lines without a comment by their first command", () => {
    const steps = splitSteps("redis-cli info memory\nredis-cli dbsize\n\n# Then\nhtop");
    expect(steps.map((step) => [step.title, step.commands])).toEqual([
      ["redis-cli info memory", ["redis-cli info memory", "redis-cli dbsize"]],
      ["Then", ["htop"]],
    ]);
  });

  it("keeps commands after a blank line in the same step when no comment follows", () => {
    const steps = splitSteps("# One\na\n\nb\n");
    expect(steps).toEqual([{ title: "One", commands: ["a", "b"], source: "# One\na\n\nb" }]);
  });

  it("treats adjacent comment lines as one heading and drops comment-only steps", () => {
    const steps = splitSteps("# Title\n# more detail\ncmd\n\n# trailing note\n");
    expect(steps).toEqual([{ title: "Title", commands: ["cmd"], source: "# Title\n# more detail\ncmd" }]);
  });

  it("a comment right after a command starts a new step even without a blank line", () => {
    expect(splitSteps("# A\na\n# B\nb").map((step) => step.title)).toEqual(["A", "B"]);
  });

  it("dedents, treats whitespace-only lines as blank and keeps relative indentation", () => {
    const steps = splitSteps("   # View application logs\n   tail -f /a.log\n   \n   # Code\n   def f():\n       pass");
    expect(steps.map((step) => step.commands)).toEqual([["tail -f /a.log"], ["def f():", "    pass"]]);
  });

  it("joins backslash-continued lines like a shell", () => {
    const steps = splitSteps("# Long\ncurl -s \\\n  http://your-api-url/metrics");
    expect(steps[0]?.commands).toEqual(["curl -s   http://your-api-url/metrics"]);
    expect(steps[0]?.source).toBe("# Long\ncurl -s \\\n  http://your-api-url/metrics");
  });

  it("handles CRLF and empty blocks", () => {
    expect(splitSteps("# A\r\nhtop\r\n")).toEqual([{ title: "A", commands: ["htop"], source: "# A\nhtop" }]);
    expect(splitSteps("")).toEqual([]);
    expect(splitSteps("\n  \n")).toEqual([]);
  });

  it("isCommandLine rejects blank and comment lines", () => {
    expect(isCommandLine("")).toBe(false);
    expect(isCommandLine("   ")).toBe(false);
    expect(isCommandLine("  # note")).toBe(false);
    expect(isCommandLine("htop")).toBe(true);
  });

  it('reads "// comment" as a step title in javascript and Mongo shell blocks only', () => {
    const code = "// Old pending orders\ndb.orders.find({a: 1}).explain()";
    for (const lang of ["javascript", "js", "mongosh", "JavaScript"]) {
      expect(splitSteps(code, lang), lang).toEqual([
        { title: "Old pending orders", commands: ["db.orders.find({a: 1}).explain()"], source: code },
      ]);
    }
    expect(splitSteps(code, "bash")[0]?.commands).toEqual([
      "// Old pending orders",
      "db.orders.find({a: 1}).explain()",
    ]);
    expect(isCommandLine("// note", "js")).toBe(false);
    expect(isCommandLine("// note", "sql")).toBe(true);
  });
});

// Step titles of every code block in the guide, in order.
const EXPECTED_TITLES: readonly string[][] = [
  ["Check error rates", "View recent errors"],
  ["View current rate limit status"],
  ["Check external service health"],
  ["Check deployment history"],
  ["Check response time metrics", "Monitor slow queries"],
  ["Add missing indexes"],
  ["View cache stats"],
  ["Monitor external service latency"],
  ["Check cache metrics", "View cache configuration"],
  ["Update cache configuration"],
  ["Use more specific cache keys"],
  ["Set optimal eviction policy"],
  ["Check Redis memory usage", "Monitor memory trends"],
  ["Set memory limit"],
  ["Add memory monitoring"],
  ["Use efficient data structures"],
  ["Check connection pool status", "Monitor active connections"],
  ["Update connection pool settings"],
  ["Add connection tracking"],
  ["Use connection pooling"],
  ["Analyze slow queries", "Check query execution plans"],
  ["Create compound index"],
  ["Use efficient queries"],
  ["Cache query results"],
  ["Check Prometheus targets", "Verify metric collection"],
  ["Add custom metric"],
  ["Ensure metrics are exposed"],
  ["Add alert rule"],
  ["View application logs", "Check error logs"],
  ["Check environment variables", "Verify config files"],
  ["Check system resources", "Monitor network"],
];

describe("splitSteps on every code block of the guide", () => {
  const blocks = guideBlocks();

  it("finds every block", () => {
    expect(blocks).toHaveLength(EXPECTED_TITLES.length);
  });

  it.each(blocks.map((block, index) => [index + 1, block.heading, block] as const))(
    "block %i (%s)",
    (index, _heading, block) => {
      const steps = splitSteps(block.code);
      expect(steps.map((step) => step.title)).toEqual(EXPECTED_TITLES[index - 1]);
      for (const step of steps) {
        // The source is the guide's own text: comment first, every command inside it.
        expect(step.source.startsWith(`# ${step.title}`)).toBe(true);
        for (const command of step.commands) expect(step.source).toContain(command);
      }
    },
  );

  it("the High Error Rates diagnosis block gives its two steps", () => {
    const [first] = guideBlocks();
    expect(splitSteps(first?.code ?? "")).toEqual([
      {
        title: "Check error rates",
        commands: ["curl http://your-api-url/metrics | grep error"],
        source: "# Check error rates\ncurl http://your-api-url/metrics | grep error",
      },
      {
        title: "View recent errors",
        commands: ["tail -f /var/log/error.log"],
        source: "# View recent errors\ntail -f /var/log/error.log",
      },
    ]);
  });

  it("the python block with an indented body keeps it in one step", () => {
    const block = blocks.find((candidate) => candidate.code.includes("db.pool.acquire"));
    expect(splitSteps(block?.code ?? "")).toEqual([
      {
        title: "Use connection pooling",
        commands: ["async with db.pool.acquire() as conn:", "    await conn.execute(query)"],
        source: "# Use connection pooling\nasync with db.pool.acquire() as conn:\n    await conn.execute(query)",
      },
    ]);
  });

  it("reads SQL's -- comments as step titles, so each SQL statement is its own step", () => {
    const steps = splitSteps(
      "-- Cancel the query\nSELECT pg_cancel_backend(12345);\n\n-- Terminate it\nSELECT pg_terminate_backend(12345);",
    );
    expect(steps.map((s) => [s.title, s.commands])).toEqual([
      ["Cancel the query", ["SELECT pg_cancel_backend(12345);"]],
      ["Terminate it", ["SELECT pg_terminate_backend(12345);"]],
    ]);
    // A shell option is not a comment: only "--" followed by a space (or nothing) is.
    expect(isCommandLine("--since=yesterday")).toBe(true);
  });
});
