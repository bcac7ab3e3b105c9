// Triage wall time across all issue runbooks vs its slowest single step (ratio; target ≤ 1.3), against live services.
// Run with the demo stack's settings loaded (it reads the same environment as the app):
//   set -a; . .services/demo/dashboard.env; set +a; npx tsx --conditions=react-server bench/triage-wall-time.ts
// (--conditions=react-server lets the server-only modules load outside Next.) BENCH_TRIAGE_REPS sets the repetitions.
//
// Two scenarios: the local demo stack as it is (every check takes milliseconds, so the run is bound by CPU on
// this machine, not by waiting), and the same checks with a simulated network round trip of 40–300 ms per check
// (backends in another zone), where running in parallel is what decides the wall time.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadEnvFiles } from "@/lib/config/env-files";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { getLibrary } from "@/lib/runbooks/library";
import type { TriageMessage } from "@/lib/triage/messages";
import { type PlannedTask, planTriage, type TriagePlan } from "@/lib/triage/plan";
import { PER_TARGET_CONCURRENCY, runTriage } from "@/lib/triage/run-triage";

// The same settings as `npm start`: the environment (the demo stack's, when exported), then the .env files.
loadEnvFiles(path.resolve(__dirname, ".."));
const REPS = Number(process.env.BENCH_TRIAGE_REPS ?? 9);
const TARGET_RATIO = 1.3;

type Run = typeof executeStep;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A fixed round trip per check, 40–300 ms, derived from its command so every run is the same. */
function roundTripMs(key: string): number {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return 40 + (hash % 261);
}

function withRoundTrip(plan: TriagePlan): Run {
  const byStep = new Map(plan.tasks.map((t) => [`${t.runbook}#${t.stepId}`, roundTripMs(t.key)]));
  return async (request) => {
    await new Promise((resolve) => setTimeout(resolve, byStep.get(`${request.runbook}#${request.stepId}`) ?? 0));
    return executeStep(request);
  };
}

interface Measured {
  solo: { task: PlannedTask; ms: number; status: string }[];
  slowest: { task: PlannedTask; ms: number };
  wall: number;
  walls: number[];
  slowestInside: number;
}

async function measure(plan: TriagePlan, run: Run): Promise<Measured> {
  await runTriage(plan, () => {}, { run }); // warm-up: every pool connected once

  const times = new Map<string, number[]>();
  const statuses = new Map<string, string>();
  for (let rep = 0; rep < REPS; rep++) {
    for (const task of plan.tasks) {
      const start = performance.now();
      const result = await run({ runbook: task.runbook, stepId: task.stepId, params: {} });
      times.set(task.key, [...(times.get(task.key) ?? []), performance.now() - start]);
      statuses.set(task.key, result.verdict.status);
    }
  }
  const solo = plan.tasks.map((task) => ({
    task,
    ms: median(times.get(task.key) ?? []),
    status: statuses.get(task.key) ?? "?",
  }));
  const slowest = solo.reduce((a, b) => (b.ms > a.ms ? b : a));

  const walls: number[] = [];
  const inside: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const starts = performance.now();
    let last = 0;
    await runTriage(
      plan,
      (m: TriageMessage) => {
        if (m.type === "result") last = Math.max(last, performance.now() - starts);
      },
      { run },
    );
    walls.push(performance.now() - starts);
    inside.push(last);
  }
  return { solo, slowest, wall: median(walls), walls, slowestInside: median(inside) };
}

function report(title: string, m: Measured): number {
  const ratio = m.wall / m.slowest.ms;
  const sum = m.solo.reduce((n, s) => n + s.ms, 0);
  console.log(`\n${title}`);
  console.log(`${"  check (alone, median)".padEnd(64)} ${"ms".padStart(7)}  verdict`);
  for (const s of m.solo) {
    console.log(`  ${s.task.key.slice(0, 62).padEnd(62)} ${s.ms.toFixed(1).padStart(7)}  ${s.status}`);
  }
  console.log(`  checks one after another      ${sum.toFixed(1)} ms`);
  console.log(`  slowest single check alone    ${m.slowest.ms.toFixed(1)} ms  (${m.slowest.task.key.slice(0, 48)})`);
  console.log(
    `  triage wall time              ${m.wall.toFixed(1)} ms  (min ${Math.min(...m.walls).toFixed(1)}, max ${Math.max(...m.walls).toFixed(1)})`,
  );
  console.log(
    `  ratio wall / slowest step     ${ratio.toFixed(2)}  ${ratio <= TARGET_RATIO ? "PASS" : "CHECK"} (target ≤ ${TARGET_RATIO})`,
  );
  return ratio;
}

async function main() {
  const runbooks = getLibrary().runbooks.filter((r) => r.kind === "issue");
  const plan = planTriage(runbooks);
  const steps = plan.tasks.reduce((n, t) => n + t.appliesTo.length, 0);
  console.log(
    `triage wall time — ${runbooks.length} runbooks, ${steps} read-only diagnosis steps → ${plan.tasks.length} distinct checks` +
      ` (${plan.skipped.length} skipped: they need a value), ≤ ${PER_TARGET_CONCURRENCY} at once per target, median of ${REPS} runs`,
  );
  const ratios = [
    report("local demo stack (millisecond checks: CPU-bound on this machine)", await measure(plan, executeStep)),
    report("same checks + simulated 40–300 ms network round trip each", await measure(plan, withRoundTrip(plan))),
  ];
  // Like every benchmark of npm run bench: a CHECK row makes it exit 1.
  process.exit(ratios.every((r) => r <= TARGET_RATIO) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error("Is the demo stack up and its settings loaded? See the run line at the top of this file.");
  process.exit(1);
});
