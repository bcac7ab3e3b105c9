// The Redis that holds rate-limit counters and in-flight locks (LIMITS_REDIS_URL), shared by every instance.
// One ioredis client per URL, created on first use; callers check `isReady` and fall back when it is not.
import "server-only";
import Redis from "ioredis";
import { logError } from "../log";
import { recordStoreError } from "../metrics";
import { clientCache } from "../server/cached-client";
import { redactUrl } from "../server/redact";

/** How long the first caller waits for the initial connection before falling back. */
const FIRST_CONNECT_WAIT_MS = 1500;
/** A limit check is on the request path: a slow store must not hold the request up for long. */
export const LIMITS_COMMAND_TIMEOUT_MS = 1000;
/** An unreachable store is reported at most this often, not once per request. */
const WARN_EVERY_MS = 60_000;

export interface LimitsStore {
  url: string;
  client: Redis;
  /** Resolves once connected, or after FIRST_CONNECT_WAIT_MS, whichever is first (never rejects). */
  firstConnect: Promise<void>;
}

// One client per URL, kept across dev hot reloads (lib/server/cached-client.ts).
const stores = clientCache<LimitsStore>("limits-stores", (store) => store.client.disconnect());

let lastWarnedAt = 0;

/** Logs that the limits store is unreachable and what that means, at most once a minute. */
export function warnStoreDown(url: string, detail: string): void {
  const now = Date.now();
  if (now - lastWarnedAt < WARN_EVERY_MS) return;
  lastWarnedAt = now;
  logError(
    `limits store ${redactUrl(url)} is unreachable (${detail})`,
    "runs are limited per instance only and in-flight locks are per instance; remediations are refused until it answers",
  );
}

function createStore(url: string): LimitsStore {
  const client = new Redis(url, {
    // Commands fail at once while disconnected instead of queueing: the caller falls back immediately.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: LIMITS_COMMAND_TIMEOUT_MS,
    // Keep trying in the background (every 2 s at most) so limits become shared again once it is back.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    connectionName: "runbook-dashboard-limits",
  });
  // Without a listener an 'error' event would be an uncaught exception.
  client.on("error", (error: Error) => {
    recordStoreError("limits");
    warnStoreDown(url, error.message);
  });
  const firstConnect = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
    timer.unref();
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { url, client, firstConnect };
}

/** The shared store for `url`, connecting on first use. */
export function limitsStore(url: string): LimitsStore {
  return stores.get(url, () => createStore(url));
}

export function isReady(store: LimitsStore): boolean {
  return store.client.status === "ready";
}

/** Closes every limits client (tests, graceful shutdown). */
export async function closeLimitsStores(): Promise<void> {
  await stores.clear();
}
