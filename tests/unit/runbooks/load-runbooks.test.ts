import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunbookLibrary, RunbookValidationError } from "@/lib/runbooks/load-runbooks";

const RUNBOOKS = path.resolve(__dirname, "../../../runbooks");
const GUIDE = readFileSync(path.resolve(__dirname, "../../../guides/troubleshooting-guide.md"), "utf8");

const CATEGORIES = "- id: api-issues\n  title: API Issues\n  order: 1\n";

const DEFAULT_BODY = "## Diagnosis\n\n```bash\n# Check\nredis-cli info\n```\n";

/** A runbook file; the default body's one step declares its check unless the front matter has `checks`. */
function runbookFile(frontMatter: string, body = DEFAULT_BODY): string {
  const checks = body === DEFAULT_BODY && !frontMatter.includes("checks:") ? "\nchecks:\n  diagnosis-1: redis-info" : "";
  return `---\n${frontMatter}${checks}\n---\n\n${body}`;
}

function problemsOf(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "runbooks-bad-"));
  writeFileSync(path.join(dir, "categories.yaml"), CATEGORIES);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  try {
    loadRunbookLibrary(dir);
  } catch (error) {
    if (error instanceof RunbookValidationError) return error.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("the committed runbooks", () => {
  const library = loadRunbookLibrary(RUNBOOKS);
  const issues = library.runbooks.filter((r) => r.kind === "issue");

  it("hold the guide's 7 issues, the team's PostgreSQL runbook, and the general and escalation pages", () => {
    expect(issues).toHaveLength(8);
    expect(issues.map((r) => r.slug)).toContain("postgresql-connection-and-lock-issues");
    expect(library.categories).toHaveLength(4);
    expect(library.runbooks.map((r) => r.slug)).toEqual(
      expect.arrayContaining(["general-troubleshooting-steps", "support-and-escalation"]),
    );
  });

  it("still carry every symptom and every code line of the guide", () => {
    for (const issue of issues) expect(issue.symptoms, issue.slug).toHaveLength(3);
    // The PostgreSQL runbook was written by the team, not imported; every guide line must still be here.
    const codeInRunbooks = library.runbooks
      .flatMap((r) => [...r.diagnosis, ...r.solutions.flatMap((s) => s.steps), ...r.sections.flatMap((s) => s.steps)])
      .flatMap((step) => step.source.split("\n").map((line) => line.trim()));
    const fences = GUIDE.split(/```[a-z]*\n/).filter((_, i) => i % 2 === 1);
    const guideLines = fences.flatMap((block) => (block.split("```")[0] ?? "").split("\n")).map((l) => l.trim()).filter(Boolean);
    expect(guideLines.length).toBeGreaterThan(60);
    for (const line of guideLines) expect(codeInRunbooks, `guide line missing: ${line}`).toContain(line);
  });

  it("name related alerts and map findings to existing solutions", () => {
    expect(library.runbooks.find((r) => r.slug === "high-error-rates")?.alerts).toContain("HighErrorRate");
    for (const issue of issues) {
      expect(issue.alerts.length, issue.slug).toBeGreaterThan(0);
      for (const solution of Object.values(issue.suggests)) expect(solution).toBeLessThanOrEqual(issue.solutions.length);
    }
  });

  it("give each step a stable anchor and the line it is on", () => {
    const cache = library.runbooks.find((r) => r.slug === "low-cache-hit-rate");
    expect(cache?.diagnosis.map((s) => s.id)).toEqual(["diagnosis-1", "diagnosis-2", "diagnosis-3"]);
    // The keyspace step is the team's, after the guide's two.
    expect(cache?.diagnosis.map((s) => s.team ?? false)).toEqual([false, false, true]);
    expect(cache?.solutions.map((s) => s.id)).toEqual(["solution-1", "solution-2", "solution-3"]);
    const text = readFileSync(path.join(RUNBOOKS, "low-cache-hit-rate.md"), "utf8").split("\n");
    const step = cache?.diagnosis[1];
    expect(text[(step?.line ?? 0) - 1]).toBe("# View cache configuration");
  });
});

describe("malformed runbook files fail with file, line and reason", () => {
  it("missing title", () => {
    expect(problemsOf({ "a.md": runbookFile("slug: a\ncategory: api-issues") })).toEqual(["a.md:1: title: is required"]);
  });

  it("empty title", () => {
    expect(problemsOf({ "a.md": runbookFile("slug: a\ntitle: ''\ncategory: api-issues") })).toEqual([
      "a.md:3: title: title must not be empty",
    ]);
  });

  it("duplicate slug", () => {
    const file = runbookFile("slug: same\ntitle: One\ncategory: api-issues");
    expect(problemsOf({ "a.md": file, "b.md": file })).toEqual(['b.md:2: duplicate slug "same" (also used by a.md)']);
  });

  it("unknown category", () => {
    expect(problemsOf({ "a.md": runbookFile("slug: a\ntitle: A\ncategory: kitchen") })).toEqual([
      'a.md:4: unknown category "kitchen" (known: api-issues)',
    ]);
  });

  it("code block with no language", () => {
    const body = "## Diagnosis\n\n```\n# Check\nredis-cli info\n```\n";
    const fm = "slug: a\ntitle: A\ncategory: api-issues\nchecks:\n  diagnosis-1: manual";
    expect(problemsOf({ "a.md": runbookFile(fm, body) })).toEqual([
      expect.stringMatching(/^a\.md:11: code block has no language/),
    ]);
  });

  it("a guide block after a team block (ids would shift on re-import)", () => {
    const body = "## Diagnosis\n\n```bash team\n# Ours\nredis-cli memory doctor\n```\n\n```bash\n# Guide's\nredis-cli info\n```\n";
    const fm = "slug: a\ntitle: A\ncategory: api-issues\nchecks:\n  diagnosis-1: redis-memory-doctor\n  diagnosis-2: redis-info";
    expect(problemsOf({ "a.md": runbookFile(fm, body) })).toEqual([
      "a.md:17: a guide block after a team block: put the team's blocks (```bash team) after the guide's",
    ]);
  });

  it("a step that declares no check names the check that fits at the step's line", () => {
    const file = "---\nslug: a\ntitle: A\ncategory: api-issues\n---\n\n" + DEFAULT_BODY;
    expect(problemsOf({ "a.md": file })).toEqual([
      'a.md:10: step diagnosis-1 (redis-cli info) declares no check: add "diagnosis-1: redis-info" under checks: in the front matter',
    ]);
  });

  it("a declared check that does not fit the command fails at its front-matter line", () => {
    const fm = "slug: a\ntitle: A\ncategory: api-issues\nchecks:\n  diagnosis-1: error-ratio";
    expect(problemsOf({ "a.md": runbookFile(fm) })).toEqual([
      'a.md:6: checks.diagnosis-1: "error-ratio" does not fit the step\'s command (redis-cli info); it fits: redis-info, redis-memory, cache-hit-ratio',
    ]);
  });

  it("an unknown check kind and a check for a step that does not exist are named", () => {
    const fm = "slug: a\ntitle: A\ncategory: api-issues\nchecks:\n  diagnosis-1: grep-words\n  diagnosis-9: redis-info";
    const problems = problemsOf({ "a.md": runbookFile(fm) });
    expect(problems[0]).toMatch(/^a\.md:6: checks\.diagnosis-1: unknown check "grep-words" \(known: .*error-ratio/);
    expect(problems[1]).toBe("a.md:7: checks.diagnosis-9: there is no step diagnosis-9");
  });

  it("no front matter, unknown field and broken YAML", () => {
    expect(problemsOf({ "a.md": "# Just a heading\n" })).toEqual([expect.stringMatching(/^a\.md:1: missing YAML front matter/)]);
    expect(problemsOf({ "a.md": runbookFile("slug: a\ntitle: A\ncategory: api-issues\nowner: me") })).toEqual([
      expect.stringMatching(/^a\.md:\d+: .*owner/),
    ]);
    expect(problemsOf({ "a.md": runbookFile("slug: a\ntitle: [unclosed\ncategory: api-issues") })[0]).toMatch(
      /^a\.md:\d+: invalid YAML/,
    );
  });
});
