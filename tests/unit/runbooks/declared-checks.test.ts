// A team's own verdicts without code: thresholds in the front matter for a step shown as a table, validated
// with file:line, and judged on the reply.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunbookLibrary, RunbookValidationError } from "@/lib/runbooks/load-runbooks";
import { judgeDeclared, parseComparison } from "@/lib/verdict/declared-threshold";
import { shownReply } from "@/lib/verdict/shown-reply";

const CATEGORIES = "- id: payments\n  title: Payments\n  order: 1\n";
const BODY = '## Diagnosis\n\n```bash\n# Jobs waiting\nredis-cli llen "queue:payments"\n```\n\n```bash\n# Memory\nredis-cli info memory\n```\n';

function load(checks: string): { problems: string[]; library?: ReturnType<typeof loadRunbookLibrary> } {
  const dir = mkdtempSync(path.join(tmpdir(), "runbooks-declared-"));
  writeFileSync(path.join(dir, "categories.yaml"), CATEGORIES);
  const text = `---\nslug: queue\ntitle: Queue\ncategory: payments\nchecks:\n${checks}\n---\n\n${BODY}`;
  writeFileSync(path.join(dir, "queue.md"), text);
  try {
    return { problems: [], library: loadRunbookLibrary(dir) };
  } catch (error) {
    if (!(error instanceof RunbookValidationError)) throw error;
    return { problems: error.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`) };
  }
}

describe("declared checks in front matter", () => {
  it("accepts thresholds on a step shown as a table and records them", () => {
    const { problems, library } = load(
      '  diagnosis-1:\n    value: reply\n    warning: "> 1000"\n    critical: "> 10000"\n    unit: jobs\n  diagnosis-2: redis-memory',
    );
    expect(problems).toEqual([]);
    const runbook = library?.runbooks[0];
    expect(runbook?.checks["diagnosis-1"]).toBe("redis-reply");
    expect(runbook?.thresholds["diagnosis-1"]).toEqual({
      value: "reply",
      warning: { op: ">", limit: 1000 },
      critical: { op: ">", limit: 10000 },
      unit: "jobs",
    });
  });

  it("reports a bad comparison, an unknown field, a missing level, and thresholds on a built-in check, at file:line", () => {
    const { problems } = load(
      '  diagnosis-1:\n    value: reply\n    warning: "more than 1000"\n    colour: red\n  diagnosis-2:\n    value: reply\n',
    );
    expect(problems).toEqual([
      'queue.md:8: checks.diagnosis-1.warning: "more than 1000" is not a comparison: write an operator and a number, e.g. "> 1000" (>, >=, <, <=, ==, !=)',
      "queue.md:9: checks.diagnosis-1: unknown field(s) colour (known: value, warning, critical, unit)",
      "queue.md:10: checks.diagnosis-2: thresholds judge a step shown as a table (redis-reply, pg-rows, mongo-reply); this step (redis-cli info memory) has the built-in check redis-memory, redis-info, cache-hit-ratio",
    ]);
    expect(load("  diagnosis-1:\n    value: reply\n  diagnosis-2: redis-memory").problems).toEqual([
      'queue.md:6: checks.diagnosis-1: give warning:, critical: or both (e.g. warning: "> 1000")',
    ]);
  });
});

describe("judging a shown reply", () => {
  const rule = { value: "reply", warning: parseComparison("> 1000") ?? undefined, critical: parseComparison(">= 10000") ?? undefined, unit: "jobs" };

  it("a single number is shown, then judged by the declared levels", () => {
    const shown = shownReply("LLEN", 12);
    expect(shown).toMatchObject({ status: "shown", headlineValue: 12 });
    expect(judgeDeclared(shown, rule, "declared in queue.md")).toMatchObject({
      status: "ok",
      headline: "12 jobs",
      threshold: { text: "warning when reply > 1000 jobs, critical when reply >= 10000 jobs", source: "declared in queue.md" },
    });
    expect(judgeDeclared(shownReply("LLEN", 5000), rule, "x").status).toBe("warning");
    expect(judgeDeclared(shownReply("LLEN", 10000), rule, "x").status).toBe("critical");
  });

  it("rows and columns of a table reply; a missing column is an error naming the columns", () => {
    const table = shownReply("pg_stat_activity", [
      { pid: 1, waiting: 3 },
      { pid: 2, waiting: 7 },
    ]);
    expect(judgeDeclared(table, { value: "rows", warning: { op: ">", limit: 1 } }, "x")).toMatchObject({ status: "warning", headlineValue: 2 });
    expect(judgeDeclared(table, { value: "waiting", critical: { op: ">=", limit: 7 } }, "x")).toMatchObject({ status: "critical", headlineValue: 7 });
    expect(judgeDeclared(table, { value: "age", warning: { op: ">", limit: 1 } }, "x")).toMatchObject({
      status: "error",
      detail: 'declared check: the reply has no column "age" (columns: pid, waiting)',
    });
  });

  it("passes an unreachable target's verdict through unjudged", () => {
    const failed = { status: "not-configured" as const, headline: "no REDIS_URL", headlineValue: null, figures: [] };
    expect(judgeDeclared(failed, rule, "x")).toBe(failed);
  });

  it("CLIENT LIST text becomes columns", () => {
    const verdict = shownReply("CLIENT LIST", "id=3 addr=127.0.0.1:5 name=a\nid=4 addr=127.0.0.1:6 name=\n");
    expect(verdict.tables?.[0]).toEqual({
      title: "CLIENT LIST",
      columns: ["id", "addr", "name"],
      rows: [
        ["3", "127.0.0.1:5", "a"],
        ["4", "127.0.0.1:6", ""],
      ],
    });
  });
});
