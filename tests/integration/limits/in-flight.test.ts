// At most one in-flight run per step and target, through executeStep (which every caller uses): a second
// concurrent run of the same step is refused with a clear reason, other steps run, and the slot is freed
// after a failure. With LIMITS_REDIS_URL the lock also holds against another instance.
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep, StepBusyError, StepInputError } from "@/lib/diagnostics/execute-step";
import { acquireInFlight, inFlightKeys, inFlightRedisKey } from "@/lib/limits/in-flight";
import { closeLimitsStores } from "@/lib/limits/store";
import { closeRedis } from "@/lib/systems/redis/client";
import { isolateConfigEnv } from "../diagnostics/support";
import { type Blackhole, blackhole, REDIS_URL, RUN_ID, START_SERVICES, setEnv } from "../systems/helpers";

// Two different Redis steps of one runbook: `redis-cli info memory` and `redis-cli info | grep used_memory`.
const infoMemory = { runbook: "cache-memory-issues", stepId: "diagnosis-1", params: {} };
const usedMemory = { runbook: "cache-memory-issues", stepId: "diagnosis-2", params: {} };

let env: { restore: () => void };
let hole: Blackhole;
let fixture: Redis;

beforeAll(async () => {
  env = isolateConfigEnv();
  // A Redis that accepts and never answers: each run takes its full connect deadline, so two runs overlap.
  hole = await blackhole();
  setEnv({ REDIS_URL: `redis://127.0.0.1:${hole.port}` });
  fixture = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, retryStrategy: () => null });
  fixture.on("error", () => undefined);
  try {
    await fixture.connect();
  } catch (e) {
    throw new Error(`Redis at ${REDIS_URL} is not reachable (${String(e)}) — ${START_SERVICES}`);
  }
});

afterAll(async () => {
  await closeRedis();
  await closeLimitsStores();
  await hole?.close();
  fixture?.disconnect();
  env?.restore();
});

describe("one run per step and target", () => {
  it("refuses a second concurrent run of the same step, naming it and its target", async () => {
    const first = executeStep(infoMemory);
    const second = executeStep(infoMemory).then(
      () => undefined,
      (error: unknown) => error,
    );
    const refusal = await second;
    expect(refusal).toBeInstanceOf(StepBusyError);
    // Callers (server action, /api/run, triage) turn a StepInputError into a plain { ok: false, error }.
    expect(refusal).toBeInstanceOf(StepInputError);
    expect((refusal as Error).message).toBe(
      'step "diagnosis-1" (redis-cli INFO memory) is already running against Redis (REDIS_URL); wait for its result',
    );
    const result = await first;
    expect(result.verdict.status).toBe("error");
  });

  it("lets automatic diagnostics wait their turn instead of being refused", async () => {
    const first = executeStep(infoMemory);
    const waiting = executeStep(infoMemory, { waitIfBusy: true });
    const [a, b] = await Promise.all([first, waiting]);
    // Both ran, one after the other: the waiting run started once the first had finished.
    // (1 ms of slack: startedAt is whole milliseconds, durationMs is not.)
    expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt) + Math.floor(a.durationMs) - 1);
  });

  it("runs different steps of the same runbook at once (Run all)", async () => {
    const [a, b] = await Promise.all([executeStep(infoMemory), executeStep(usedMemory)]);
    expect(a.stepId).toBe("diagnosis-1");
    expect(b.stepId).toBe("diagnosis-2");
  });

  it("frees the slot when the run fails, so the next run goes ahead", async () => {
    const failed = await executeStep(infoMemory);
    expect(failed.verdict.status).toBe("error");
    expect(inFlightKeys()).toEqual([]);
    const again = await executeStep(infoMemory);
    expect(again.stepId).toBe("diagnosis-1");
  });

  it("keeps a run with other parameter values apart (a different target)", async () => {
    const a = await acquireInFlight(`${RUN_ID} high-error-rates/diagnosis-1 GET rate_limit:1`, 5000);
    const b = await acquireInFlight(`${RUN_ID} high-error-rates/diagnosis-1 GET rate_limit:2`, 5000);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(await acquireInFlight(`${RUN_ID} high-error-rates/diagnosis-1 GET rate_limit:1`, 5000)).toBeNull();
    await a?.release();
    await b?.release();
  });
});

describe("with LIMITS_REDIS_URL the lock holds across instances", () => {
  it("refuses while another instance holds the lock, with an expiry a bit above the step deadline", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL });
    const key = `${RUN_ID} shared-lock`;
    try {
      const mine = await acquireInFlight(key, 15_000);
      expect(mine).not.toBeNull();
      const ttl = await fixture.pttl(inFlightRedisKey(key));
      expect(ttl).toBeGreaterThan(10_000);
      expect(ttl).toBeLessThanOrEqual(15_000);
      await mine?.release();
      expect(await fixture.exists(inFlightRedisKey(key))).toBe(0);

      // Another instance holds it: its key is in Redis, our in-process set is empty.
      await fixture.set(inFlightRedisKey(key), "other-instance", "PX", 15_000);
      expect(await acquireInFlight(key, 15_000)).toBeNull();
      // Our release never deletes a lock that is not ours.
      expect(await fixture.get(inFlightRedisKey(key))).toBe("other-instance");
      await fixture.del(inFlightRedisKey(key));
      const after = await acquireInFlight(key, 15_000);
      expect(after).not.toBeNull();
      await after?.release();
    } finally {
      await fixture.del(inFlightRedisKey(key));
      await closeLimitsStores();
      setEnv({ LIMITS_REDIS_URL: undefined });
    }
  });

  it("a step run through executeStep takes and frees the shared lock", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL });
    try {
      const run = executeStep(usedMemory);
      // Poll (bounded) until the run has taken its lock, then play the second instance.
      let held: string[] = [];
      for (let i = 0; i < 100 && held.length === 0; i++) {
        held = inFlightKeys();
        if (held.length === 0) await new Promise((r) => setTimeout(r, 10));
      }
      expect(held).toHaveLength(1);
      const lockKey = inFlightRedisKey(held[0] ?? "");
      let inRedis = 0;
      for (let i = 0; i < 100 && inRedis === 0; i++) {
        inRedis = await fixture.exists(lockKey);
        if (inRedis === 0) await new Promise((r) => setTimeout(r, 10));
      }
      expect(inRedis).toBe(1);
      await run;
      expect(await fixture.exists(lockKey)).toBe(0);
    } finally {
      await closeLimitsStores();
      setEnv({ LIMITS_REDIS_URL: undefined });
    }
  });
});
