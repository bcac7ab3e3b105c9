// At most one in-flight run per step and target: a second click, a second tab or a second instance
// waits for the first result instead of piling the same command onto a struggling backend.
// An in-process set always applies; with LIMITS_REDIS_URL a `SET NX PX` lock makes it hold across instances.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getConfig } from "../config";
import { cachedClient } from "../server/cached-client";
import { isReady, type LimitsStore, limitsStore, warnStoreDown } from "./store";

export interface InFlightLock {
  /**
   * Frees the slot; safe to call more than once, never throws. With `result`, first leaves it where the
   * instances waiting on this lock read it (a short-lived key named by the lock's token), in the same round
   * trip to the shared store.
   */
  release(result?: string): Promise<void>;
}

/** How long a published result stays readable: the waiters are already polling, so a few seconds suffice. */
const RESULT_TTL_MS = 10_000;
/** How often a waiting instance looks for the holder's result. */
const POLL_MS = 50;

function resultKey(lockKey: string, token: string): string {
  return `${lockKey}:result:${token}`;
}

// Kept across dev hot reloads, so a reload mid-run does not forget a held slot.
const local = cachedClient("limits-in-flight", () => new Set<string>());

// Deletes the lock only if it is still ours: after an expiry another instance may hold it.
const RELEASE_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;
// The same, after leaving the result where waiters read it (KEYS[2], for ARGV[3] ms): publish before release.
const PUBLISH_AND_RELEASE = `redis.call("set", KEYS[2], ARGV[2], "PX", ARGV[3]) ${RELEASE_IF_OWNER}`;

/** The shared lock's Redis key for `key` (exported for tests that play a second instance). */
export function inFlightRedisKey(key: string): string {
  // Keys carry user-supplied parameter values; a digest keeps them short and free of odd bytes.
  return `rb:inflight:${createHash("sha256").update(key).digest("hex")}`;
}

async function sharedStore(): Promise<LimitsStore | undefined> {
  const url = getConfig().limits.redisUrl;
  if (url === undefined) return undefined;
  const store = limitsStore(url);
  await store.firstConnect;
  if (isReady(store)) return store;
  warnStoreDown(url, `connection ${store.client.status}`);
  return undefined;
}

/**
 * Takes the slot for `key`, or returns null when a run holding it is still in flight.
 * `ttlMs` bounds the shared lock should this instance die mid-run; set it a bit above the step deadline.
 */
export async function acquireInFlight(key: string, ttlMs: number): Promise<InFlightLock | null> {
  if (local.has(key)) return null;
  local.add(key);
  let shared: { store: LimitsStore; key: string; token: string } | undefined;
  try {
    const store = await sharedStore();
    if (store) {
      const token = randomUUID();
      const k = inFlightRedisKey(key);
      const taken = await store.client.set(k, token, "PX", ttlMs, "NX");
      if (taken !== "OK") {
        local.delete(key);
        return null;
      }
      shared = { store, key: k, token };
    }
  } catch (error) {
    // The store failed mid-call: the in-process slot still guards this instance; runs are read-only.
    const url = getConfig().limits.redisUrl ?? "";
    warnStoreDown(url, error instanceof Error ? error.message : String(error));
  }
  let released = false;
  return {
    async release(result?: string) {
      if (released) return;
      released = true;
      local.delete(key);
      if (!shared) return;
      try {
        if (result === undefined) await shared.store.client.eval(RELEASE_IF_OWNER, 1, shared.key, shared.token);
        else {
          const { key: lockKey, token } = shared;
          await shared.store.client.eval(
            PUBLISH_AND_RELEASE,
            2,
            lockKey,
            resultKey(lockKey, token),
            token,
            result,
            RESULT_TTL_MS,
          );
        }
      } catch {
        // The lock expires by itself within ttlMs.
      }
    },
  };
}

export type SharedWait = { kind: "result"; result: string } | { kind: "free" };

/**
 * Waits (bounded by `timeoutMs`) for the instance holding `key` to publish its result. Returns the result,
 * or "free" once the lock is gone without one (the holder failed or died and its lock expired) or nothing
 * arrives in time, so the caller runs the step itself.
 */
export async function waitForSharedResult(key: string, timeoutMs: number): Promise<SharedWait> {
  const store = await sharedStore();
  if (!store) return { kind: "free" };
  const lockKey = inFlightRedisKey(key);
  const deadline = Date.now() + timeoutMs;
  try {
    const token = await store.client.get(lockKey);
    if (token === null) return { kind: "free" };
    while (Date.now() < deadline) {
      const [result, holder]: [string | null, string | null] = await Promise.all([
        store.client.get(resultKey(lockKey, token)),
        store.client.get(lockKey),
      ]);
      if (result !== null) return { kind: "result", result };
      // The holder publishes before it releases: no result and no lock means it will not come.
      if (holder !== token) return { kind: "free" };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    warnStoreDown(getConfig().limits.redisUrl ?? "", error instanceof Error ? error.message : String(error));
  }
  return { kind: "free" };
}

/** Keys currently held by this instance (tests and diagnostics). */
export function inFlightKeys(): string[] {
  return [...local];
}
