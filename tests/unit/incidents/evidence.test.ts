// Evidence per step, before → after comparisons and the one-line summary used for link previews.
import { describe, expect, it } from "vitest";
import { compareRuns, evidenceGroups, headlineChange, incidentSummary, redChecks } from "@/lib/incidents/evidence";
import type { TimelineEntry } from "@/lib/incidents/model";
import { healthyRun, INCIDENT, run } from "./fixtures";

describe("headlineChange", () => {
  it("states the shared words once: 'keyspace hit ratio 42 % → 91 %'", () => {
    expect(headlineChange("keyspace hit ratio 42 %", "keyspace hit ratio 91 %")).toBe("keyspace hit ratio 42 % → 91 %");
    expect(headlineChange("error ratio 12 % over 30 s", "error ratio 0 % over 5 s")).toBe(
      "error ratio 12 % over 30 s → 0 % over 5 s",
    );
    // A number that shares its first digit is not split in the middle.
    expect(headlineChange("p99 45 ms", "p99 4 s")).toBe("p99 45 ms → 4 s");
    expect(headlineChange("timed out", "connection refused")).toBe("timed out → connection refused");
    // A long sentence that differs early is shown whole on both sides.
    expect(
      headlineChange(
        "memory 93.3 % of maxmemory (7.5 MB of 8 MB); fragmentation 2.49",
        "memory 0.53 % of maxmemory (1.4 MB of 256 MB)",
      ),
    ).toBe(
      "memory 93.3 % of maxmemory (7.5 MB of 8 MB); fragmentation 2.49 → memory 0.53 % of maxmemory (1.4 MB of 256 MB)",
    );
    expect(headlineChange("same", "same")).toBe("same");
  });
});

describe("compareRuns", () => {
  it("lines up every figure of both runs with the verdict change and direction", () => {
    const c = compareRuns(run("a", "2026-11-28T10:01:00.000Z"), healthyRun("b", "2026-11-28T10:09:00.000Z"));
    expect(c).toMatchObject({
      statusBefore: "critical",
      statusAfter: "ok",
      statusChanged: true,
      runbookChanged: false,
    });
    expect(c.headlineChange).toBe("keyspace hit ratio 42 % → 91 %");
    expect(c.figures).toEqual([
      { label: "keyspace hit ratio", before: "42 %", after: "91 %", changed: true, direction: "up" },
      { label: "keyspace_hits", before: "420", after: "9100", changed: true, direction: "up" },
      { label: "keyspace_misses", before: "580", after: "900", changed: true, direction: "up" },
      { label: "evicted_keys", before: "—", after: "0", changed: true },
    ]);
  });

  it("flags a runbook edited between the two runs", () => {
    const c = compareRuns(
      run("a", "2026-11-28T10:01:00.000Z"),
      run("b", "2026-11-28T10:02:00.000Z", { runbookHash: "b".repeat(64) }),
    );
    expect(c.runbookChanged).toBe(true);
    expect(c.statusChanged).toBe(false);
    expect(c.figures.every((f) => !f.changed)).toBe(true);
  });
});

describe("evidenceGroups and the summary", () => {
  const entries: TimelineEntry[] = [
    run("r1", "2026-11-28T10:01:00.000Z"),
    run("r2", "2026-11-28T10:02:00.000Z", {
      stepId: "diagnosis-2",
      stepTitle: "View cache configuration",
      verdict: { status: "warning", headline: "maxmemory 0 (no limit)", headlineValue: null, figures: [] },
    }),
    {
      type: "note",
      id: "n1".padEnd(22, "x"),
      incidentId: INCIDENT.id,
      at: "2026-11-28T10:03:00.000Z",
      actor: INCIDENT.createdBy,
      markdown: "hi",
    },
    run("r3", "2026-11-28T10:04:00.000Z", { params: { user_id: "u-1" } }),
    healthyRun("r4", "2026-11-28T10:05:00.000Z"),
  ];

  it("groups by runbook, step and inputs, first snapshot and latest", () => {
    const groups = evidenceGroups(entries);
    expect(groups.map((g) => [g.first.id.slice(0, 2), g.latest.id.slice(0, 2), g.runs.length])).toEqual([
      ["r1", "r4", 2],
      ["r2", "r2", 1],
      ["r3", "r3", 1],
    ]);
    expect(redChecks(groups).map((g) => g.first.id.slice(0, 2))).toEqual(["r2", "r3"]);
  });

  it("summarises status, severity, red checks and counts for link previews", () => {
    expect(incidentSummary(INCIDENT, entries)).toBe(
      "Investigating · SEV2 · 2 red checks: maxmemory 0 (no limit) (warning); keyspace hit ratio 42 % (critical) · 4 runs, 1 note",
    );
    expect(incidentSummary({ ...INCIDENT, status: "resolved" }, [])).toBe("Resolved · SEV2 · 0 runs, 0 notes");
    expect(incidentSummary(INCIDENT, [healthyRun("r9", "2026-11-28T10:00:00.000Z")])).toBe(
      "Investigating · SEV2 · no red checks · 1 run, 0 notes",
    );
  });
});

describe("compareRuns across windows", () => {
  it("says when the two runs cover windows of different lengths", () => {
    const evidence = (windowSeconds: number) => ({
      window: `${windowSeconds / 60}m`,
      windowSeconds,
      asOf: "2026-11-28T10:05:00.000Z",
      source: "prometheus" as const,
    });
    const first = run("r1", "2026-11-28T10:01:00.000Z");
    const withWindow = (seconds: number) => ({ ...first, verdict: { ...first.verdict, evidence: evidence(seconds) } });
    expect(compareRuns(withWindow(300), withWindow(60)).windowsDiffer).toBe("5 min, then 1 min");
    expect(compareRuns(withWindow(300), withWindow(300)).windowsDiffer).toBeUndefined();
  });
});
