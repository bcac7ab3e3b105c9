// Run all's tally, as the runbook page's live region announces it.
import { describe, expect, it } from "vitest";
import { runAllTally } from "@/lib/diagnostics/announce";
import type { StepRunResult } from "@/lib/diagnostics/types";

const ran = (status: StepRunResult["verdict"]["status"]) =>
  ({ ok: true, data: { verdict: { status } } as StepRunResult }) as const;

describe("runAllTally", () => {
  it("counts verdicts worst first", () => {
    expect(runAllTally([ran("ok"), ran("critical"), ran("ok"), { ok: false, error: "x" }])).toBe(
      "Run all finished: 4 steps — 1 critical, 1 failed, 2 ok.",
    );
    expect(runAllTally([])).toBe("Run all finished: 0 steps.");
  });
});
