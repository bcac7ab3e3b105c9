// Words an operator may search for that a runbook's checks report but its text never says ("COLLSCAN").

import type { Operation } from "../systems/operation";
import { systemOf } from "../systems/registry";
import type { Finding } from "../verdict/verdict";

/** What each finding a runbook's front matter `suggests` is about, in the words tools and people use. */
export const FINDING_TERMS: Readonly<Record<Finding, string>> = {
  "error-ratio": "error ratio 5xx responses",
  latency: "latency p95 p99 histogram quantile slow responses timeouts",
  health: "health check",
  "cache-hit-ratio": "cache hit ratio keyspace hits misses",
  "redis-memory": "used_memory maxmemory memory limit",
  "redis-eviction-policy": "eviction maxmemory-policy evicted keys",
  "redis-fragmentation": "mem_fragmentation_ratio fragmentation",
  "redis-keys-without-ttl": "ttl expiry",
  "rate-limit": "rate limit 429 throttled",
  "mongo-connections": "connections current available pool",
  "mongo-slow-ops": "slow operations currentOp locks",
  "mongo-collscan": "COLLSCAN collection scan missing index",
  "mongo-profiler": "profiler slowms system.profile",
  "targets-down": "scrape targets down",
  "metrics-missing": "metrics absent exporter",
  "recent-changes": "deploy deployment recent changes",
  "log-errors": "log exceptions stack traces",
};

const FINDINGS = new Set<string>(Object.keys(FINDING_TERMS));

export function isFinding(value: string): value is Finding {
  return FINDINGS.has(value);
}

/** Terms the analyzer of a read-only operation reports (explain and the profiler name COLLSCAN and IXSCAN). */
export function operationTerms(operation: Operation): string {
  return systemOf(operation).vocabulary;
}
