// Redis memory verdict from INFO: used vs maxmemory, eviction policy, fragmentation.

import { errorVerdict, findingsFor, levelAbove, worstOf } from "../../verdict/builders";
import { formatBytes, formatCount, formatNumber, formatPercent } from "../../verdict/format";
import type { Figure, Finding, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { RedisInfo } from "./info";
import { infoNumber, infoString } from "./info";

export const MEMORY_WARNING_PERCENT = 85;
export const MEMORY_CRITICAL_PERCENT = 90;
export const FRAGMENTATION_WARNING_RATIO = 1.5;
/** Below this ratio RSS is smaller than what Redis allocated: part of it is swapped out. */
export const FRAGMENTATION_SWAP_RATIO = 1;
/** MEMORY DOCTOR does not judge instances this small: allocator overhead dominates the ratio. */
export const FRAGMENTATION_MIN_USED_BYTES = 5 * 1024 * 1024;

export const REDIS_MEMORY_THRESHOLD: Threshold = {
  text:
    "used_memory/maxmemory: warning above 85 %, critical above 90 %; maxmemory 0 (no limit) is a warning; " +
    "noeviction above 85 % is critical; fragmentation ratio above 1.5 is a warning, below 1 (swapping) " +
    "critical, ignored under 5 MB used",
  source:
    "sysdig promcat redis alerts (85 %, fragmentation > 1.5); awesome-prometheus-alerts and mintel " +
    "RedisMaxMemoryUnset (90 %, unset limit); redis MEMORY DOCTOR (< 5 MB is too small to judge)",
};

/** The INFO fields a person checks next to the verdict; absent ones show as null. */
function memoryFigures(info: RedisInfo): Figure[] {
  const n = (label: string, unit?: string): Figure => ({ label, value: infoNumber(info, label), unit });
  const s = (label: string): Figure => ({ label, value: infoString(info, label) });
  return [
    n("used_memory", "B"),
    s("used_memory_human"),
    n("used_memory_rss", "B"),
    s("used_memory_peak_human"),
    n("maxmemory", "B"),
    s("maxmemory_human"),
    s("maxmemory_policy"),
    n("mem_fragmentation_ratio"),
    n("evicted_keys"),
    n("rejected_connections"),
  ];
}

/** Judges Redis memory from INFO (memory section at least; evicted_keys and rejected_connections come from stats). */
export function analyzeRedisMemory(info: RedisInfo): Verdict {
  const used = infoNumber(info, "used_memory");
  if (used === null) {
    return {
      ...errorVerdict(
        "INFO has no used_memory",
        "used_memory is in the Memory section; run INFO memory or a full INFO.",
      ),
      threshold: REDIS_MEMORY_THRESHOLD,
    };
  }
  const max = infoNumber(info, "maxmemory");
  const policy = infoString(info, "maxmemory_policy");
  const fragmentation = infoNumber(info, "mem_fragmentation_ratio");
  const evicted = infoNumber(info, "evicted_keys");
  const statuses: VerdictStatus[] = [];
  const findings: Finding[] = [];
  const reasons: string[] = [];
  let headline: string;
  let headlineValue: number;
  let headlineUnit: string;

  if (max === null) {
    headline = `used memory ${formatBytes(used)}`;
    headlineValue = used;
    headlineUnit = "B";
    reasons.push("INFO output has no maxmemory, so usage against the limit cannot be judged.");
  } else if (max === 0) {
    statuses.push("warning");
    findings.push("redis-memory");
    headline = `used memory ${formatBytes(used)}, no maxmemory limit`;
    headlineValue = used;
    headlineUnit = "B";
    reasons.push("maxmemory is 0: Redis may grow until the operating system kills it; eviction policies never apply.");
  } else {
    const percent = (used / max) * 100;
    const level = levelAbove(percent, MEMORY_WARNING_PERCENT, MEMORY_CRITICAL_PERCENT);
    statuses.push(level);
    if (level !== "ok") findings.push("redis-memory");
    headline = `memory ${formatPercent(percent)} of maxmemory (${formatBytes(used)} of ${formatBytes(max)})`;
    headlineValue = percent;
    headlineUnit = "%";
    if (policy === "noeviction" && percent > MEMORY_WARNING_PERCENT) {
      statuses.push("critical");
      findings.push("redis-eviction-policy");
      reasons.push("maxmemory-policy is noeviction: once the limit is reached every write fails with OOM.");
    }
  }

  let fragmentationNote = "";
  if (fragmentation !== null) {
    if (used < FRAGMENTATION_MIN_USED_BYTES) {
      reasons.push(
        `Fragmentation ratio ${formatNumber(fragmentation, 2)} not judged: under ${formatBytes(FRAGMENTATION_MIN_USED_BYTES)} used it mostly reflects allocator overhead.`,
      );
    } else if (fragmentation < FRAGMENTATION_SWAP_RATIO) {
      statuses.push("critical");
      findings.push("redis-fragmentation");
      fragmentationNote = `; fragmentation ${formatNumber(fragmentation, 2)} (swapping)`;
      reasons.push("Fragmentation ratio below 1: RSS is smaller than used memory, so part of Redis is swapped out.");
    } else if (fragmentation > FRAGMENTATION_WARNING_RATIO) {
      statuses.push("warning");
      findings.push("redis-fragmentation");
      fragmentationNote = `; fragmentation ${formatNumber(fragmentation, 2)}`;
      reasons.push(
        "Fragmentation ratio above 1.5: RSS is much larger than the data; activedefrag or a restart reclaims it.",
      );
    }
  }
  if (evicted !== null && evicted > 0) {
    reasons.push(`${formatCount(evicted)} keys evicted since start (policy ${policy ?? "unknown"}).`);
  }
  const rejected = infoNumber(info, "rejected_connections");
  if (rejected !== null && rejected > 0) reasons.push(`${formatCount(rejected)} connections rejected since start.`);

  const status = worstOf(statuses);
  const verdict: Verdict = {
    status,
    headline: headline + fragmentationNote,
    headlineValue,
    headlineUnit,
    threshold: REDIS_MEMORY_THRESHOLD,
    figures: memoryFigures(info),
    detail: reasons.length > 0 ? reasons.join(" ") : "Within limits.",
  };
  const f = findingsFor(status, findings);
  if (f) verdict.findings = f;
  return verdict;
}
