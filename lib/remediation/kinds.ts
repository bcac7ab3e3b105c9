// The four kinds of change the dashboard may make, their bounds and labels: client-safe (no zod, no driver).

export const REMEDIATION_KINDS = [
  "redis-maxmemory-policy",
  "redis-maxmemory",
  "mongo-create-index",
  "mongo-profiling",
] as const;
export type RemediationKind = (typeof REMEDIATION_KINDS)[number];

import { EVICTION_POLICIES, type EvictionPolicy } from "../systems/redis/eviction-policies";

export { EVICTION_POLICIES, type EvictionPolicy };

export const POLICY_HINTS: Record<EvictionPolicy, string> = {
  noeviction: "never evict; writes fail with OOM at the limit",
  "allkeys-lru": "evict the least recently used key",
  "allkeys-lfu": "evict the least frequently used key",
  "allkeys-random": "evict a random key",
  "volatile-lru": "least recently used among keys with a TTL",
  "volatile-lfu": "least frequently used among keys with a TTL",
  "volatile-random": "a random key among keys with a TTL",
  "volatile-ttl": "the key with the TTL closest to expiry",
};

/** The only CONFIG SET parameters the dashboard may name. */
export const SETTABLE_REDIS_PARAMETERS = ["maxmemory-policy", "maxmemory"] as const;

/**
 * maxmemory bounds. Below 16 MB Redis's own buffers and replication backlog leave almost nothing for
 * data, so such a value is nearly always a slip ("2mb" for "2gb") that would evict the whole cache at
 * once. Above 1 TB no single Redis host has the memory, so it is a slip the other way. 0 stays allowed:
 * it is Redis's "no limit", the way back from a limit.
 */
export const MAXMEMORY_MIN_BYTES = 16 * 1024 ** 2;
export const MAXMEMORY_MAX_BYTES = 1024 ** 4;

/**
 * slowms bounds for profiling level 1. Under 10 ms nearly every operation is written to system.profile,
 * which is level 2 (profile everything) in disguise and adds a write per operation on a struggling
 * server; over a minute hardly anything is. MongoDB's default is 100.
 */
export const PROFILING_SLOWMS_MIN = 10;
export const PROFILING_SLOWMS_MAX = 60_000;

/** What a Fix control changes, as its heading says it. */
export const KIND_TITLES: Record<RemediationKind, string> = {
  "redis-maxmemory-policy": "Set the Redis eviction policy",
  "redis-maxmemory": "Set the Redis memory limit",
  "mongo-create-index": "Create the suggested index",
  "mongo-profiling": "Turn the MongoDB profiler on or off",
};
