import { describe, expect, it } from "vitest";
import { StepInputError } from "@/lib/diagnostics/execute-step";
import type { StepRunResult } from "@/lib/diagnostics/types";
import type { TriageMessage } from "@/lib/triage/messages";
import type { PlannedTask, TriagePlan } from "@/lib/triage/plan";
import { runTriage } from "@/lib/triage/run-triage";
import { Semaphore } from "@/lib/triage/semaphore";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function task(key: string, limiterKey: string): PlannedTask {
  return {
    key,
    cli: key,
    targetLabel: limiterKey,
    limiterKey,
    runbook: `rb-${key}`,
    stepId: "diagnosis-1",
    appliesTo: [{ runbook: `rb-${key}`, stepId: "diagnosis-1", stepTitle: key }],
  };
}

function result(runbook: string, stepId: string, durationMs: number): StepRunResult {
  return {
    runbook,
    stepId,
    verdict: { status: "ok", headline: "fine", headlineValue: null, figures: [] },
    raw: "",
    rawTruncated: false,
    durationMs,
    startedAt: new Date().toISOString(),
    cli: "",
  };
}

describe("Semaphore", () => {
  it("never runs more than its limit at once", async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 7 }, () =>
        semaphore.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(5);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(semaphore.running).toBe(0);
  });

  it("releases its slot when a task throws", async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(semaphore.run(async () => "next")).resolves.toBe("next");
  });
});

describe("runTriage", () => {
  it("streams plan, each result as it finishes, then done", async () => {
    const plan: TriagePlan = { tasks: [task("slow", "redis"), task("fast", "mongo")], skipped: [] };
    const messages: TriageMessage[] = [];
    await runTriage(plan, (m) => messages.push(m), {
      run: async ({ runbook, stepId }) => {
        await sleep(runbook === "rb-slow" ? 60 : 5);
        return result(runbook, stepId, 1);
      },
    });
    expect(messages.map((m) => (m.type === "result" ? `result:${m.key}` : m.type))).toEqual([
      "plan",
      "result:fast",
      "result:slow",
      "done",
    ]);
  });

  it("limits concurrency per target, not overall", async () => {
    const tasks = [
      ...Array.from({ length: 6 }, (_, i) => task(`r${i}`, "redis")),
      ...Array.from({ length: 3 }, (_, i) => task(`m${i}`, "mongo")),
    ];
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    let overallPeak = 0;
    const targetOf = (runbook: string) => (runbook.startsWith("rb-r") ? "redis" : "mongo");
    await runTriage({ tasks, skipped: [] }, () => {}, {
      perTarget: 2,
      run: async ({ runbook, stepId }) => {
        const target = targetOf(runbook);
        active.set(target, (active.get(target) ?? 0) + 1);
        peak.set(target, Math.max(peak.get(target) ?? 0, active.get(target) ?? 0));
        overallPeak = Math.max(
          overallPeak,
          [...active.values()].reduce((a, b) => a + b, 0),
        );
        await sleep(10);
        active.set(target, (active.get(target) ?? 1) - 1);
        return result(runbook, stepId, 10);
      },
    });
    expect(peak.get("redis")).toBe(2);
    expect(peak.get("mongo")).toBe(2);
    expect(overallPeak).toBe(4);
  });

  it("a dead backend marks its own steps error without holding up the rest", async () => {
    const tasks = [
      task("dead-1", "mongo"),
      task("dead-2", "mongo"),
      task("ok-1", "redis"),
      task("ok-2", "http:metrics"),
    ];
    const at = new Map<string, number>();
    const started = performance.now();
    await runTriage(
      { tasks, skipped: [] },
      (m) => {
        if (m.type === "result") at.set(m.key, performance.now() - started);
      },
      {
        run: async ({ runbook, stepId }) => {
          if (runbook.startsWith("rb-dead")) {
            await sleep(80);
            throw new StepInputError("connection refused");
          }
          return result(runbook, stepId, 1);
        },
      },
    );
    expect(at.get("ok-1")).toBeLessThan(50);
    expect(at.get("ok-2")).toBeLessThan(50);
    expect(at.get("dead-1")).toBeGreaterThanOrEqual(70);
  });

  it("reports a failed check as an error line, and an internal failure without its details", async () => {
    const messages: TriageMessage[] = [];
    await runTriage({ tasks: [task("bad", "redis"), task("boom", "mongo")], skipped: [] }, (m) => messages.push(m), {
      run: async ({ runbook }) => {
        if (runbook === "rb-bad") throw new StepInputError('step "x" is a manual step');
        throw new Error("secret internal detail");
      },
    });
    const errors = messages.flatMap((m) => (m.type === "result" && !m.ok ? [[m.key, m.error]] : []));
    expect(errors).toEqual([
      ["bad", 'step "x" is a manual step'],
      ["boom", "the check could not be run (internal error)"],
    ]);
  });

  it("does not start a check still queued past the start deadline", async () => {
    const tasks = [task("first", "redis"), task("queued", "redis")];
    const messages: TriageMessage[] = [];
    await runTriage({ tasks, skipped: [] }, (m) => messages.push(m), {
      perTarget: 1,
      startDeadlineMs: 20,
      run: async ({ runbook, stepId }) => {
        await sleep(40);
        return result(runbook, stepId, 40);
      },
    });
    const queued = messages.find((m) => m.type === "result" && m.key === "queued");
    expect(queued).toEqual({
      type: "result",
      key: "queued",
      ok: false,
      error: "not started: still queued after 0.02 s",
    });
  });
});
