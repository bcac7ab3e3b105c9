import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { curatedFieldsOf } from "@/lib/runbooks/curated";
import { importGuide } from "@/lib/runbooks/import-guide";
import { loadRunbookLibrary } from "@/lib/runbooks/load-runbooks";
import { renderCategoriesFile, renderRunbookFile } from "@/lib/runbooks/write-runbook";

const GUIDE_PATH = path.resolve(__dirname, "../../../guides/troubleshooting-guide.md");
const guideText = readFileSync(GUIDE_PATH, "utf8");
const RUNBOOKS = path.resolve(__dirname, "../../../runbooks");

/** Every command line of the guide's Diagnosis blocks, read straight from the text (test oracle only). */
function diagnosisCommandsInGuide(): string[] {
  const commands: string[] = [];
  const blocks = guideText.split("**Diagnosis:**").slice(1);
  for (const block of blocks) {
    const code = block.split("```")[1] ?? "";
    for (const line of code.split("\n").slice(1)) {
      if (line.trim() && !line.trim().startsWith("#")) commands.push(line.trim());
    }
  }
  return commands;
}

describe("importGuide on the seed guide", () => {
  const guide = importGuide(guideText);
  const issues = guide.runbooks.filter((r) => r.kind === "issue");

  it("finds the 7 issues in 4 categories", () => {
    expect(guide.categories.map((c) => c.title)).toEqual(["API Issues", "Cache Issues", "Database Issues", "Monitoring Issues"]);
    expect(issues.map((r) => r.title)).toEqual([
      "High Error Rates",
      "Slow Response Times",
      "Low Cache Hit Rate",
      "Cache Memory Issues",
      "Connection Pool Exhaustion",
      "Query Performance Issues",
      "Missing Metrics",
    ]);
  });

  it("gives every issue 3 symptoms and 3 solutions", () => {
    for (const issue of issues) {
      expect(issue.symptoms, issue.title).toHaveLength(3);
      expect(issue.solutions, issue.title).toHaveLength(3);
      for (const solution of issue.solutions) expect(solution.blocks.length, solution.title).toBeGreaterThan(0);
    }
    expect(issues[0]?.symptoms).toEqual(["Increased error responses", "Failed API calls", "Timeout errors"]);
    expect(issues[0]?.solutions.map((s) => s.title)).toEqual([
      "Check rate limits",
      "Verify API dependencies",
      "Review recent changes",
    ]);
  });

  it("keeps every diagnosis command verbatim", () => {
    const imported = issues.flatMap((r) => r.diagnosis.flatMap((b) => b.code.split("\n")));
    const expected = diagnosisCommandsInGuide();
    expect(expected).toHaveLength(14);
    for (const command of expected) expect(imported).toContain(command);
  });

  it("keeps the solutions' code and comments verbatim, and the language of each block", () => {
    const cacheTtl = issues[2]?.solutions[0]?.blocks[0];
    expect(cacheTtl).toEqual({ lang: "python", code: "# Update cache configuration\nCACHE_TTL = 3600  # 1 hour" });
    const alertRule = issues[6]?.solutions[2]?.blocks[0];
    expect(alertRule?.lang).toBe("yaml");
    expect(alertRule?.code).toContain("expr: rate(agent_errors_total[5m]) > 0.1");
  });

  it("turns the general steps and the escalation section into pages", () => {
    const general = guide.runbooks.find((r) => r.kind === "general");
    expect(general?.sections.map((s) => s.title)).toEqual(["Check Logs", "Verify Configuration", "Monitor Resources"]);
    expect(general?.sections[2]?.blocks[0]?.code).toContain("netstat -tulpn");
    const escalation = guide.runbooks.find((r) => r.kind === "escalation");
    expect(escalation?.sections.map((s) => s.title)).toEqual([
      "When to Escalate",
      "Escalation Process",
      "Support Channels",
      "Additional Resources",
    ]);
    expect(escalation?.sections[2]?.text).toContain("#support-channel");
  });

  it("round-trips: written files load back with the same steps", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runbooks-"));
    writeFileSync(path.join(dir, "categories.yaml"), renderCategoriesFile(guide.categories));
    for (const runbook of guide.runbooks) writeFileSync(path.join(dir, `${runbook.slug}.md`), renderRunbookFile(runbook));
    const library = loadRunbookLibrary(dir);
    expect(library.runbooks.filter((r) => r.kind === "issue")).toHaveLength(7);
    const errors = library.runbooks.find((r) => r.slug === "high-error-rates");
    expect(errors?.diagnosis.map((s) => [s.id, s.title, s.code])).toEqual([
      ["diagnosis-1", "Check error rates", "curl http://your-api-url/metrics | grep error"],
      ["diagnosis-2", "View recent errors", "tail -f /var/log/error.log"],
    ]);
  });

  it("proposes every step's check in the written front matter, the one the committed runbooks declare", () => {
    const library = loadRunbookLibrary(RUNBOOKS);
    for (const runbook of guide.runbooks) {
      const committed = library.runbooks.find((r) => r.slug === runbook.slug);
      // Only the team's steps are kept from the committed file; every check is proposed afresh.
      const { teamDiagnosis } = curatedFieldsOf(readFileSync(path.join(RUNBOOKS, `${runbook.slug}.md`), "utf8"));
      const text = renderRunbookFile(runbook, teamDiagnosis ? { teamDiagnosis } : {});
      const written = parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") as { checks: Record<string, string> };
      expect(written.checks, runbook.slug).toEqual(committed?.checks);
    }
  });

  it("re-importing the guide over the committed runbooks changes nothing: curated fields and team steps are kept", () => {
    for (const runbook of guide.runbooks) {
      const source = readFileSync(path.join(RUNBOOKS, `${runbook.slug}.md`), "utf8");
      // Where it came from, as the import records it (guide file and section).
      const { guide: from } = parseYaml(source.split("---")[1] ?? "") as { guide: { file: string; section: string } };
      expect(renderRunbookFile(runbook, curatedFieldsOf(source), from), runbook.slug).toBe(source);
    }
  });

  it("keeps a team step (```bash team) after the guide's diagnosis, marked, with its check", () => {
    const memory = guide.runbooks.find((r) => r.slug === "cache-memory-issues");
    if (!memory) throw new Error("cache-memory-issues not imported");
    const existing = [
      "---\nslug: cache-memory-issues\nchecks:\n  diagnosis-3: redis-memory-doctor\n---",
      "## Diagnosis",
      "```bash\n# Check Redis memory usage\nredis-cli info memory\n```",
      "```bash team\n# Ask Redis what it thinks\nredis-cli memory doctor\n```",
      "## Solutions",
    ].join("\n\n");
    const curated = curatedFieldsOf(existing);
    expect(curated.teamDiagnosis).toEqual([
      { lang: "bash", code: "# Ask Redis what it thinks\nredis-cli memory doctor", team: true },
    ]);
    const text = renderRunbookFile(memory, curated);
    expect(text).toContain("```bash team\n# Ask Redis what it thinks\nredis-cli memory doctor\n```");
    const dir = mkdtempSync(path.join(tmpdir(), "runbooks-"));
    writeFileSync(path.join(dir, "categories.yaml"), renderCategoriesFile(guide.categories));
    writeFileSync(path.join(dir, "cache-memory-issues.md"), text);
    const loaded = loadRunbookLibrary(dir).runbooks[0];
    expect(loaded?.diagnosis.map((s) => [s.id, s.team ?? false])).toEqual([
      ["diagnosis-1", false],
      ["diagnosis-2", false],
      ["diagnosis-3", true],
    ]);
    expect(loaded?.checks["diagnosis-3"]).toBe("redis-memory-doctor");
  });

  it("keeps a hand-curated check on re-import while it still fits, and replaces one that no longer does", () => {
    const latency = guide.runbooks.find((r) => r.slug === "slow-response-times");
    if (!latency) throw new Error("slow-response-times not imported");
    // diagnosis-1 scrapes /metrics | grep response_time: metrics-presence fits too; health does not.
    const text = renderRunbookFile(latency, { checks: { "diagnosis-1": "metrics-presence", "diagnosis-2": "health" } });
    const checks = (parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") as { checks: Record<string, string> })
      .checks;
    expect(checks["diagnosis-1"]).toBe("metrics-presence");
    expect(checks["diagnosis-2"]).toBe("mongo-explain");
  });

  it("refuses a document that has no issues", () => {
    expect(() => importGuide("# Nothing\n\nJust prose.")).toThrow(/no issues found/);
  });
});
