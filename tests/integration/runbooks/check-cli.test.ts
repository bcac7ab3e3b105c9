// `npm run runbooks:check` as a reviewer meets it: a runbook whose step declares a check that does not fit
// its command fails the command with file:line, and the committed runbooks pass.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const run = promisify(execFile);

async function checkRunbooksIn(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "scripts/check-runbooks.ts")],
      { cwd, timeout: 60_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

function copyOfRunbooks(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "runbooks-check-"));
  cpSync(path.join(ROOT, "runbooks"), path.join(dir, "runbooks"), { recursive: true });
  return dir;
}

describe("npm run runbooks:check", () => {
  it("passes on the committed runbooks", async () => {
    const result = await checkRunbooksIn(ROOT);
    expect(result.output).toMatch(/runbooks ok: 8 issues in 4 categories/);
    expect(result.code).toBe(0);
  }, 60_000);

  it("fails with file:line when a step's declared check does not fit its command", async () => {
    const dir = copyOfRunbooks();
    const file = path.join(dir, "runbooks", "high-error-rates.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("  diagnosis-1: error-ratio", "  diagnosis-1: redis-memory"));
    const line = text.split("\n").findIndex((l) => l === "  diagnosis-1: error-ratio") + 1;
    const result = await checkRunbooksIn(dir);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `high-error-rates.md:${line}: checks.diagnosis-1: "redis-memory" does not fit the step's command (curl http://your-api-url/metrics | grep error); it fits: error-ratio, metrics-presence, latency-quantiles, cache-hit-ratio`,
    );
  }, 60_000);
});
