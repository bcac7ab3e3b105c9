// Per-user rate limits on diagnostic runs and remediations (rate-limiter-flexible): counters in the
// shared limits Redis when LIMITS_REDIS_URL is set, so every instance sees the same count; in memory otherwise.
//
// When the limits Redis is unreachable the two buckets fail differently, on purpose:
// - runs are read-only and are most needed during an outage (often of that same Redis), so they fall
//   back to a per-instance in-memory limit and a warning is logged;
// - remediations change production state, so without the shared count they are refused until it answers.
import "server-only";
import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getConfig } from "../config";
import { isReady, limitsStore, warnStoreDown } from "./store";

export type RateLimitBucket = "runs" | "remediations";

export type RateLimitResult =
  | { ok: true }
  | {
      ok: false;
      /** Whole seconds, at least 1, until a retry can succeed (the Retry-After header). */
      retryAfterSeconds: number;
      /** Set when the refusal is not the caller's doing (the limits store is down); say this instead. */
      reason?: string;
    };

/** The counting window: limits are "per minute". */
const WINDOW_SECONDS = 60;
/** How long a refused remediation waits while the limits store is down: it reconnects every ≤ 2 s. */
const STORE_DOWN_RETRY_SECONDS = 10;

export const STORE_DOWN_REASON =
  "remediations are refused while the rate-limit store (LIMITS_REDIS_URL) is unreachable; diagnostics still run — try again shortly";

interface Limiter {
  consume(key: string): Promise<RateLimiterRes>;
}

export interface RateLimiters {
  runs: Limiter;
  remediations: Limiter;
}

export interface RateLimiterOptions {
  runsPerMinute: number;
  remediationsPerMinute: number;
  /** The shared store; omit for in-memory counters (one instance). */
  redis?: Redis;
  /** Namespaces the counters ("rb:limit" by default); tests use a unique one per run. */
  keyPrefix?: string;
}

/** Builds one limiter per bucket. Exported for tests; the app uses consumeRateLimit. */
export function createRateLimiters(options: RateLimiterOptions): RateLimiters {
  const prefix = options.keyPrefix ?? "rb:limit";
  const memory = (bucket: RateLimitBucket, points: number) =>
    new RateLimiterMemory({ keyPrefix: `${prefix}:${bucket}`, points, duration: WINDOW_SECONDS });
  if (options.redis === undefined) {
    return {
      runs: memory("runs", options.runsPerMinute),
      remediations: memory("remediations", options.remediationsPerMinute),
    };
  }
  const redis = (bucket: RateLimitBucket, points: number, insurance?: RateLimiterMemory) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${prefix}:${bucket}`,
      points,
      duration: WINDOW_SECONDS,
      // Fail at once (to the fallback below) rather than wait on a reconnecting client.
      rejectIfRedisNotReady: true,
      // Someone over the limit is answered from memory until the window ends, sparing the store a flood.
      inMemoryBlockOnConsumed: points + 1,
      ...(insurance ? { insuranceLimiter: insurance } : {}),
    });
  return {
    // The library's insurance limiter takes over when the store errors (see the header comment).
    runs: redis("runs", options.runsPerMinute, memory("runs", options.runsPerMinute)),
    remediations: redis("remediations", options.remediationsPerMinute),
  };
}

/** Counts one call of `bucket` for `key` and says whether it may go ahead. */
export async function consumeWith(
  limiters: RateLimiters,
  key: string,
  bucket: RateLimitBucket,
): Promise<RateLimitResult> {
  try {
    await limiters[bucket].consume(key);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    // Only the remediations limiter has no insurance, so only it gets here: the store failed.
    return { ok: false, retryAfterSeconds: STORE_DOWN_RETRY_SECONDS, reason: STORE_DOWN_REASON };
  }
}

let current: { signature: string; limiters: RateLimiters; storeUrl: string | undefined } | undefined;

function limitersFromConfig(): { limiters: RateLimiters; storeUrl: string | undefined } {
  const { redisUrl, runsPerMinute, remediationsPerMinute } = getConfig().limits;
  const signature = `${redisUrl ?? "memory"}|${runsPerMinute}|${remediationsPerMinute}`;
  if (current?.signature !== signature) {
    const redis = redisUrl === undefined ? undefined : limitsStore(redisUrl).client;
    current = {
      signature,
      storeUrl: redisUrl,
      limiters: createRateLimiters({ runsPerMinute, remediationsPerMinute, ...(redis ? { redis } : {}) }),
    };
  }
  return current;
}

/**
 * Counts one run or remediation against the actor's per-minute limit (guard.ts calls this).
 * A refusal carries whole seconds to wait; `reason` is set when the refusal is the store's fault.
 */
export async function consumeRateLimit(actorId: string, bucket: RateLimitBucket): Promise<RateLimitResult> {
  const { limiters, storeUrl } = limitersFromConfig();
  if (storeUrl !== undefined) {
    const store = limitsStore(storeUrl);
    await store.firstConnect;
    if (!isReady(store)) warnStoreDown(storeUrl, `connection ${store.client.status}`);
  }
  return consumeWith(limiters, actorId, bucket);
}

/** Forgets the limiters so the next call rebuilds them from the config (tests). */
export function resetRateLimits(): void {
  current = undefined;
}
