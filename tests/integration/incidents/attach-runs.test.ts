// "Start incident" keeps the evidence on screen: runs this server made, named by id, are filed at the times they ran.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetRuns, keepRun } from "@/lib/diagnostics/recent-runs";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { attachShownRuns } from "@/lib/incidents/attach-runs";
import type { IncidentStore } from "@/lib/incidents/store";
import { ACTOR, sqliteHarness } from "./support";

function result(stepId: string, startedAt: string, status: "ok" | "critical" = "ok"): StepRunResult {
  return {
    runbook: "low-cache-hit-rate",
    stepId,
    verdict: { status, headline: `${stepId} ${status}`, headlineValue: 1, figures: [] },
    raw: "keyspace_hits:1",
    rawTruncated: false,
    durationMs: 12,
    startedAt,
    cli: "redis-cli INFO stats",
  };
}

describe("attachShownRuns", () => {
  const harness = sqliteHarness();
  let store: IncidentStore;
  beforeAll(async () => {
    store = await harness.fresh();
    forgetRuns();
  });
  afterAll(() => harness.cleanup());

  it("files each kept run once, oldest first, at its original time; unknown ids and other runbooks are counted", async () => {
    const incident = await store.createIncident(
      { title: "Hit ratio", severity: "sev2", runbooks: ["low-cache-hit-rate"] },
      ACTOR,
    );
    const early = new Date(Date.now() - 120_000).toISOString();
    const late = new Date(Date.now() - 60_000).toISOString();
    const a = keepRun(result("diagnosis-2", late, "critical"), {});
    const b = keepRun(result("diagnosis-1", early), {});
    const other = keepRun({ ...result("diagnosis-1", early), runbook: "cache-memory-issues" }, {});
    const outcome = await attachShownRuns(
      store,
      incident,
      [a.runId ?? "", b.runId ?? "", a.runId ?? "", other.runId ?? "", crypto.randomUUID()],
      ACTOR,
    );
    expect(outcome).toEqual({ attached: 2, notAttached: 2 });
    const timeline = await store.timeline(incident.id);
    expect(timeline.map((e) => [e.type === "run" && e.stepId, e.at])).toEqual([
      ["diagnosis-1", early],
      ["diagnosis-2", late],
    ]);
  });

  it("gives each caller of a shared result its own id", () => {
    const shared = result("diagnosis-1", new Date().toISOString());
    expect(keepRun(shared, {}).runId).not.toBe(keepRun(shared, {}).runId);
    expect(shared.runId).toBeUndefined();
  });
});
