// Redis's eviction policies (redis.conf "MAXMEMORY POLICY"): what CONFIG SET maxmemory-policy may carry.
// Free of server-only imports: the Fix control in the browser lists them too.
export const EVICTION_POLICIES = [
  "noeviction",
  "allkeys-lru",
  "allkeys-lfu",
  "allkeys-random",
  "volatile-lru",
  "volatile-lfu",
  "volatile-random",
  "volatile-ttl",
] as const;
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];
