// Every Fix control sits under the guide step it stands for, and re-runs a live diagnostic that exists.
import { describe, expect, it } from "vitest";
import { allSteps, parseStep } from "@/lib/diagnostics/plan";
import { PLACEMENTS, remediationSlots } from "@/lib/remediation/placements";
import { getRunbook } from "@/lib/runbooks/library";

function parsed(runbook: string, stepId: string) {
  const rb = getRunbook(runbook);
  const entry = rb && allSteps(rb).find(({ step }) => step.id === stepId);
  if (!entry) throw new Error(`no step ${runbook}/${stepId}`);
  return parseStep(entry.step, entry.context);
}

const GUIDE_ACTION = {
  "redis-maxmemory-policy": { action: "CONFIG SET", first: "maxmemory-policy" },
  "redis-maxmemory": { action: "CONFIG SET", first: "maxmemory" },
  "mongo-create-index": { action: "createIndex", first: "{collection}" },
} as const;

describe("PLACEMENTS", () => {
  it.each(PLACEMENTS.map((p) => [`${p.runbook}/${p.stepId}`, p] as const))(
    "%s stands for the guide's own command",
    (_, p) => {
      const step = parsed(p.runbook, p.stepId);
      if (p.kind === "mongo-profiling") {
        expect(step).toMatchObject({
          type: "operation",
          readOnlyCounterpartOf: expect.stringMatching(/^db\.setProfilingLevel\(/),
        });
      } else {
        expect(step.type).toBe("remediation");
        if (step.type === "remediation") {
          expect(step.remediation.action).toBe(GUIDE_ACTION[p.kind].action);
          expect(step.remediation.args[0]).toBe(GUIDE_ACTION[p.kind].first);
        }
      }
    },
  );

  it.each(PLACEMENTS.map((p) => [`${p.recheck.runbook}/${p.recheck.stepId}`, p] as const))(
    "re-check %s is a live step",
    (_, p) => {
      const step = parsed(p.recheck.runbook, p.recheck.stepId);
      expect(step.type).toBe("operation");
      if (step.type !== "operation") return;
      const expected = p.kind.startsWith("redis") ? "redis" : "mongo";
      expect(step.operation.kind).toBe(expected);
      if (p.kind === "mongo-create-index") expect(step.operation).toMatchObject({ op: "explain" });
    },
  );

  it("hands the page the guide's values to start from", () => {
    expect(remediationSlots("low-cache-hit-rate")).toEqual([
      {
        runbook: "low-cache-hit-rate",
        stepId: "solution-3-1",
        kind: "redis-maxmemory-policy",
        recheck: { runbook: "cache-memory-issues", stepId: "diagnosis-1", title: "Check Redis memory usage" },
        defaults: { value: "allkeys-lru" },
      },
    ]);
    expect(remediationSlots("cache-memory-issues")[0]?.defaults).toEqual({ value: "2gb" });
    expect(remediationSlots("query-performance-issues").map((s) => [s.kind, s.defaults])).toEqual([
      ["mongo-create-index", {}],
      ["mongo-profiling", { slowms: "100" }],
    ]);
    expect(remediationSlots("high-error-rates")).toEqual([]);
  });
});
