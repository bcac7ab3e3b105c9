// `npm run runbooks:import` as teams meet it: a second guide merges beside the first, re-importing either
// changes nothing (git diff --exit-code), hand-curated fields survive, and a clash names both sources.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const ORIGINAL = "guides/troubleshooting-guide.md";
const TEAM = "tests/fixtures/guides/payments-guide.md";
const run = promisify(execFile);

async function cli(script: string, args: string[], cwd = ROOT): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(ROOT, "scripts", script), ...args], { cwd, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** A temp project with a copy of runbooks/; returns its runbooks dir. */
function copyOfRunbooks(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "runbooks-import-"));
  cpSync(path.join(ROOT, "runbooks"), path.join(dir, "runbooks"), { recursive: true });
  return path.join(dir, "runbooks");
}

async function gitDiffExitCode(a: string, b: string): Promise<number> {
  try {
    await run("git", ["diff", "--no-index", "--exit-code", "--stat", a, b]);
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe("npm run runbooks:import merges", () => {
  it("re-importing the original guide changes nothing (git diff --exit-code runbooks/)", async () => {
    const out = copyOfRunbooks();
    const result = await cli("import-runbooks.ts", [ORIGINAL, "--out", out]);
    expect(result.output).toContain("0 file(s) changed");
    expect(result.code).toBe(0);
    expect(await gitDiffExitCode(path.join(ROOT, "runbooks"), out)).toBe(0);
  }, 60_000);

  it("adds a second team's guide beside the first; runbooks:check passes; both re-import idempotently", async () => {
    const out = copyOfRunbooks();
    const first = await cli("import-runbooks.ts", [TEAM, "--out", out]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain("3 file(s) changed"); // two runbooks and categories.yaml

    const categories = readFileSync(path.join(out, "categories.yaml"), "utf8");
    expect(categories).toContain("id: api-issues");
    expect(categories).toMatch(/id: payment-processing\n {2}title: Payment Processing\n {2}order: 5\n {2}guide: tests\/fixtures\/guides\/payments-guide.md/);
    const backlog = readFileSync(path.join(out, "payment-queue-backlog.md"), "utf8");
    expect(backlog).toContain(`guide:\n  file: ${TEAM}\n  section: Payment Processing\n`);

    const check = await cli("check-runbooks.ts", [], path.dirname(out));
    expect(check.output).toMatch(/runbooks ok: 10 issues in 6 categories/);
    expect(check.code).toBe(0);

    // A hand-curated field of the team's runbook survives its re-import.
    writeFileSync(path.join(out, "payment-queue-backlog.md"), backlog.replace("alerts: []", "alerts:\n  - PaymentQueueBacklog"));
    const snapshot = mkdtempSync(path.join(tmpdir(), "runbooks-snapshot-"));
    cpSync(out, snapshot, { recursive: true });
    for (const guide of [TEAM, ORIGINAL]) {
      const again = await cli("import-runbooks.ts", [guide, "--out", out]);
      expect(again.output, guide).toContain("0 file(s) changed");
    }
    expect(await gitDiffExitCode(snapshot, out)).toBe(0);
  }, 120_000);

  it("reports a category id or slug another guide already has, with both sources, and writes nothing", async () => {
    const out = copyOfRunbooks();
    const clash = path.join(path.dirname(out), "clash-guide.md");
    writeFileSync(
      clash,
      "# Clash\n\n### API Issues\n\n#### 1. High Error Rates\n**Symptoms:**\n- errors\n\n**Diagnosis:**\n```bash\n# Errors\ncurl http://your-api-url/health\n```\n",
    );
    const result = await cli("import-runbooks.ts", [clash, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.output).toContain("2 conflict(s), nothing written");
    expect(result.output).toMatch(/category "api-issues" of .*clash-guide\.md:3 is already in categories\.yaml, from guides\/troubleshooting-guide\.md/);
    expect(result.output).toMatch(
      /slug "high-error-rates" of .*clash-guide\.md:5 \(section "API Issues"\) is already high-error-rates\.md, imported from guides\/troubleshooting-guide\.md \(section "API Issues"\)/,
    );
    expect(await gitDiffExitCode(path.join(ROOT, "runbooks"), out)).toBe(0);
  }, 60_000);
});
