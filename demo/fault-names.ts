// The fault switches and what each reproduces; shared by the server and the CLI (no client imports here).

export const FAULT_NAMES = [
  "error-rate",
  "slow-responses",
  "cache-bypass",
  "cache-memory",
  "connection-hogging",
  "slow-query",
  "missing-metric",
  "stuck-rate-limit",
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

/** One line per fault: the guide issue it reproduces and the figure that moves. */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultName, string>> = {
  "error-rate": "High error rates: a share of queries fail with 500 and agent_errors_total climbs",
  "slow-responses": "Slow response times: a share of queries wait 1.5-4 s (p99 > 3 s); external /health slows too",
  "cache-bypass": "Low cache hit rate: queries skip the cache read and GET never-set keys (keyspace misses climb)",
  "cache-memory": "Cache memory issues: demo Redis maxmemory 8mb noeviction, filled > 90 % with filler:* keys",
  "connection-hogging": "Connection pool exhaustion: workers hold every pooled MongoDB connection in long getMores",
  "slow-query": "Query performance: queries look up events by customer_id, an unindexed field (COLLSCAN)",
  "missing-metric":
    "Missing metrics: agent_errors_total is no longer exported and external-service /metrics answers 503",
  "stuck-rate-limit": "Stuck rate limit: rate_limit:u-stuck is over the limit with no TTL (PTTL -1), u-stuck gets 429",
};
