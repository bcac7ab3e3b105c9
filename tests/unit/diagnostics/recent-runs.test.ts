// Runs kept for "Start incident" stay within their count, byte and age budget, oldest dropped first,
// and come back exactly as they were shown.
import { beforeEach, describe, expect, it } from "vitest";
import {
  forgetRuns,
  KEEP_CHARS,
  KEEP_MAX,
  KEEP_MS,
  keepRun,
  keptRun,
  keptRunStats,
} from "@/lib/diagnostics/recent-runs";
import type { StepRunResult } from "@/lib/diagnostics/types";

function result(raw: string, status: "ok" | "critical" = "ok"): StepRunResult {
  return {
    runbook: "connection-pool-exhaustion",
    stepId: "diagnosis-1",
    verdict: {
      status,
      headline: `connections → ${status}`,
      headlineValue: 0.5,
      figures: [{ label: "used", value: 3 }],
    },
    raw,
    rawTruncated: false,
    durationMs: 4.2,
    startedAt: "2026-12-04T10:00:00.000Z",
    cli: "mongosh --eval 'db.serverStatus().connections'",
  };
}

describe("recent runs", () => {
  beforeEach(() => forgetRuns());

  it("returns a kept run as it was shown, with its parameters", () => {
    const shown = keepRun(result("connections: 3", "critical"), { collection: "events" });
    expect(keptRun(shown.runId ?? "")).toEqual({
      result: result("connections: 3", "critical"),
      params: { collection: "events" },
    });
  });

  it("drops the oldest runs once their text passes the byte budget", () => {
    const raw = "x".repeat(64 * 1024); // a serverStatus-sized raw output
    const ids: string[] = [];
    const count = Math.ceil(KEEP_CHARS / raw.length) + 50;
    for (let i = 0; i < count; i++) ids.push(keepRun(result(raw), {}).runId ?? "");
    const stats = keptRunStats();
    expect(stats.chars).toBeLessThanOrEqual(KEEP_CHARS);
    expect(stats.runs).toBeLessThan(count);
    expect(keptRun(ids[0] ?? "")).toBeUndefined();
    expect(keptRun(ids.at(-1) ?? "")?.result.raw).toBe(raw);
  });

  it("keeps at most KEEP_MAX runs and forgets them after KEEP_MS", () => {
    const now = Date.now();
    const first = keepRun(result("a"), {}, now).runId ?? "";
    for (let i = 0; i < KEEP_MAX; i++) keepRun(result("b"), {}, now);
    expect(keptRunStats().runs).toBe(KEEP_MAX);
    expect(keptRun(first, now)).toBeUndefined();
    const late = keepRun(result("c"), {}, now).runId ?? "";
    expect(keptRun(late, now + KEEP_MS + 1)).toBeUndefined();
  });
});
