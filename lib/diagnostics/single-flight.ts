// Concurrent identical runs share one execution: during an incident everyone presses the same button, and
// each should get the verdict, while the backend still sees one command per step and target at a time.
// In one process the callers await the same promise; across instances the lock holder publishes its result
// through the limits Redis (LIMITS_REDIS_URL) and the others wait for it within the step deadline.
import "server-only";
import { acquireInFlight, waitForSharedResult } from "../limits/in-flight";
import type { StepRunResult } from "./types";

export interface SingleFlightOptions {
  /** The shared lock outlives a run by this much at most, should its holder die mid-run. */
  lockTtlMs: number;
  /** How long another instance's run is waited for before running the step here. */
  waitMs: number;
}

const globalFlights = globalThis as typeof globalThis & { __runbookFlights?: Map<string, Promise<StepRunResult>> };
globalFlights.__runbookFlights ??= new Map<string, Promise<StepRunResult>>();
const flights: Map<string, Promise<StepRunResult>> = globalFlights.__runbookFlights;

/** Attempts to take the lock after a holder vanished: one more round is enough, then run unguarded. */
const MAX_ROUNDS = 3;

async function leadOrFollow(
  key: string,
  options: SingleFlightOptions,
  run: () => Promise<StepRunResult>,
): Promise<StepRunResult> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const lock = await acquireInFlight(key, options.lockTtlMs);
    if (lock) {
      let result: StepRunResult | undefined;
      try {
        result = await run();
        return result;
      } finally {
        // Published and released in one round trip; a failed run just frees the lock (waiters then run it).
        // Not awaited: the caller already has its result. The release is written to the store's connection
        // now, so this instance's next lock request on that connection queues behind it, and a lost release
        // expires with the lock's TTL.
        void lock.release(result === undefined ? undefined : JSON.stringify(result));
      }
    }
    const waited = await waitForSharedResult(key, options.waitMs);
    if (waited.kind === "result") return { ...(JSON.parse(waited.result) as StepRunResult), shared: true };
  }
  // The lock kept changing hands without a result reaching us: run it, read-only, rather than fail.
  return run();
}

/**
 * Runs `run` for `key` unless an identical run is in flight here or on another instance, in which case
 * its result is returned, marked `shared`.
 */
export async function singleFlight(
  key: string,
  options: SingleFlightOptions,
  run: () => Promise<StepRunResult>,
): Promise<StepRunResult> {
  const inFlight = flights.get(key);
  if (inFlight !== undefined) return { ...(await inFlight), shared: true };
  const flight = leadOrFollow(key, options, run).finally(() => flights.delete(key));
  flights.set(key, flight);
  return flight;
}

/** Keys with a run in flight in this process (tests). */
export function flightKeys(): string[] {
  return [...flights.keys()];
}
