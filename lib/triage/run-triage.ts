// Runs a triage plan: every distinct check once, at most N at a time per target, each result emitted as it lands.
import "server-only";
import { executeStep, StepInputError } from "../diagnostics/execute-step";
import { keepRun } from "../diagnostics/recent-runs";
import type { EvidenceWindow } from "../evidence/window";
import { sharedReads } from "../http/target-get";
import { logError } from "../log";
import type { TriageMessage } from "./messages";
import type { TriagePlan } from "./plan";
import { createKeyedLimiter } from "./semaphore";

/**
 * Parallel checks per target: enough to finish together, few enough not to pile onto a struggling backend.
 * Six covers the guide's busiest target (six checks of the API's /metrics, which share one scrape): at four,
 * two of them waited for a second round, and triage took 1.6× its slowest check with 40–300 ms round trips.
 */
export const PER_TARGET_CONCURRENCY = 6;
/** A check still queued this long after the start is not started; each started one has its own 10 s deadline. */
export const TRIAGE_START_DEADLINE_MS = 20_000;

export interface TriageRunOptions {
  perTarget?: number;
  startDeadlineMs?: number;
  /** Stops starting new checks (the client went away). */
  signal?: AbortSignal;
  run?: typeof executeStep;
  /** The window every counter check covers, the same for all so their verdicts compare. */
  window?: EvidenceWindow;
}

export async function runTriage(
  plan: TriagePlan,
  emit: (message: TriageMessage) => void,
  options: TriageRunOptions = {},
): Promise<void> {
  const started = performance.now();
  const limit = createKeyedLimiter(options.perTarget ?? PER_TARGET_CONCURRENCY);
  const deadline = options.startDeadlineMs ?? TRIAGE_START_DEADLINE_MS;
  const run = options.run ?? executeStep;
  emit({
    type: "plan",
    tasks: plan.tasks.map(({ key, cli, targetLabel, appliesTo }) => ({ key, cli, targetLabel, appliesTo })),
    skipped: plan.skipped,
  });
  await sharedReads.run(new Map(), () =>
    Promise.all(
      plan.tasks.map((task) =>
        limit(task.limiterKey, async () => {
          if (options.signal?.aborted) return;
          if (performance.now() - started > deadline) {
            emit({
              type: "result",
              key: task.key,
              ok: false,
              error: `not started: still queued after ${deadline / 1000} s`,
            });
            return;
          }
          try {
            const data = keepRun(
              await run({
                runbook: task.runbook,
                stepId: task.stepId,
                params: {},
                ...(options.window ? { window: options.window } : {}),
              }),
              {},
            );
            emit({ type: "result", key: task.key, ok: true, data });
          } catch (error) {
            if (!(error instanceof StepInputError)) logError("triage step failed", error);
            const message =
              error instanceof StepInputError ? error.message : "the check could not be run (internal error)";
            emit({ type: "result", key: task.key, ok: false, error: message });
          }
        }),
      ),
    ),
  );
  emit({ type: "done", wallMs: Math.round(performance.now() - started) });
}
