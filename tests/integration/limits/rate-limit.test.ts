// Per-user rate limits on the shared Redis (a unique key prefix per run) and in memory, and what happens
// when the limits store is unreachable: runs fall back to per-instance limits, remediations are refused.
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consumeRateLimit,
  consumeWith,
  createRateLimiters,
  type RateLimitResult,
  resetRateLimits,
  STORE_DOWN_REASON,
} from "@/lib/limits/rate-limit";
import { closeLimitsStores } from "@/lib/limits/store";
import { isolateConfigEnv } from "../diagnostics/support";
import { closedPort, REDIS_URL, RUN_ID, START_SERVICES, setEnv } from "../systems/helpers";

const prefix = `rbtest:${RUN_ID}:limit`;
let env: { restore: () => void };
let instanceA: Redis;
let instanceB: Redis;

function client(): Redis {
  const c = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: () => null,
  });
  c.on("error", () => undefined);
  return c;
}

async function burst(n: number, next: () => Promise<RateLimitResult>): Promise<RateLimitResult[]> {
  const out: RateLimitResult[] = [];
  for (let i = 0; i < n; i++) out.push(await next());
  return out;
}

beforeAll(async () => {
  env = isolateConfigEnv();
  instanceA = client();
  instanceB = client();
  try {
    await Promise.all([instanceA.connect(), instanceB.connect()]);
  } catch (e) {
    throw new Error(`Redis at ${REDIS_URL} is not reachable (${String(e)}) — ${START_SERVICES}`);
  }
});

afterAll(async () => {
  const keys = await instanceA.keys(`${prefix}*`);
  if (keys.length > 0) await instanceA.del(...keys);
  instanceA.disconnect();
  instanceB.disconnect();
  await closeLimitsStores();
  resetRateLimits();
  env?.restore();
});

describe("Redis-backed limits (shared by instances)", () => {
  it("lets a burst through up to the limit, then refuses with whole seconds to wait", async () => {
    const limiters = createRateLimiters({
      runsPerMinute: 3,
      remediationsPerMinute: 1,
      redis: instanceA,
      keyPrefix: prefix,
    });
    const results = await burst(5, () => consumeWith(limiters, "alice", "runs"));
    expect(results.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    for (const refused of results.slice(3)) {
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(refused.reason).toBeUndefined();
    }
    // The counter lives in Redis, under our prefix, with the window as its expiry.
    const ttl = await instanceA.pttl(`${prefix}:runs:alice`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("keeps users and buckets apart", async () => {
    const limiters = createRateLimiters({
      runsPerMinute: 1,
      remediationsPerMinute: 1,
      redis: instanceA,
      keyPrefix: `${prefix}:apart`,
    });
    expect(await consumeWith(limiters, "bob", "runs")).toEqual({ ok: true });
    expect((await consumeWith(limiters, "bob", "runs")).ok).toBe(false);
    expect(await consumeWith(limiters, "carol", "runs")).toEqual({ ok: true });
    expect(await consumeWith(limiters, "bob", "remediations")).toEqual({ ok: true });
    expect((await consumeWith(limiters, "bob", "remediations")).ok).toBe(false);
  });

  it("counts one user's calls across two instances together", async () => {
    const options = { runsPerMinute: 3, remediationsPerMinute: 1, keyPrefix: `${prefix}:shared` };
    const a = createRateLimiters({ ...options, redis: instanceA });
    const b = createRateLimiters({ ...options, redis: instanceB });
    expect(await consumeWith(a, "dave", "runs")).toEqual({ ok: true });
    expect(await consumeWith(a, "dave", "runs")).toEqual({ ok: true });
    expect(await consumeWith(b, "dave", "runs")).toEqual({ ok: true });
    expect((await consumeWith(b, "dave", "runs")).ok).toBe(false);
    expect((await consumeWith(a, "dave", "runs")).ok).toBe(false);
  });

  it("consumeRateLimit reads LIMITS_REDIS_URL and the per-minute settings from the config", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL, RUNS_PER_MINUTE: "2", REMEDIATIONS_PER_MINUTE: "1" });
    resetRateLimits();
    const actor = `${prefix}:config-user`;
    const results = await burst(3, () => consumeRateLimit(actor, "runs"));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(await instanceA.get(`rb:limit:runs:${actor}`)).toBe("3");
    await instanceA.del(`rb:limit:runs:${actor}`);
  });
});

describe("in-memory limits (no LIMITS_REDIS_URL)", () => {
  it("refuses a burst over the limit, per user", async () => {
    setEnv({ LIMITS_REDIS_URL: undefined, RUNS_PER_MINUTE: "2", REMEDIATIONS_PER_MINUTE: "1" });
    resetRateLimits();
    const results = await burst(3, () => consumeRateLimit("erin", "runs"));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    const refused = results[2];
    if (refused && !refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await consumeRateLimit("frank", "runs")).toEqual({ ok: true });
    expect(await consumeRateLimit("erin", "remediations")).toEqual({ ok: true });
    expect((await consumeRateLimit("erin", "remediations")).ok).toBe(false);
  });
});

describe("the limits store is unreachable", () => {
  it("runs fall back to a per-instance limit; remediations are refused with the reason", async () => {
    setEnv({
      LIMITS_REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      RUNS_PER_MINUTE: "2",
      REMEDIATIONS_PER_MINUTE: "5",
    });
    resetRateLimits();
    try {
      const runs = await burst(3, () => consumeRateLimit("grace", "runs"));
      expect(runs.map((r) => r.ok)).toEqual([true, true, false]);
      const remediation = await consumeRateLimit("grace", "remediations");
      expect(remediation).toMatchObject({ ok: false, reason: STORE_DOWN_REASON });
      if (!remediation.ok) expect(remediation.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await closeLimitsStores();
      resetRateLimits();
    }
  });
});
