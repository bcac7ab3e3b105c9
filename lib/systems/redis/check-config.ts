// CONFIG GET entries → figures, and the maxmemory no-limit rule (secrets were masked by the reader, read.ts).

import { MASK } from "../../server/redact";
import { findingsFor } from "../../verdict/builders";
import { formatBytes } from "../../verdict/format";
import type { Figure, Threshold, Verdict } from "../../verdict/verdict";
import type { ConfigEntry } from "./read";

export type { ConfigEntry } from "./read";

export const REDIS_CONFIG_THRESHOLD: Threshold = {
  text: "maxmemory 0 (no limit) is a warning",
  source: "mintel RedisMaxMemoryUnset; redis.conf: with no limit eviction policies never apply",
};

function describeValue(entry: ConfigEntry): string {
  if (entry.name === "maxmemory") {
    const n = Number(entry.value);
    if (n === 0) return "0 (no limit)";
    if (!Number.isNaN(n)) return formatBytes(n);
  }
  return entry.value === "" ? '""' : entry.value;
}

/** Judges CONFIG GET entries as the reader typed them (secret values already masked there). */
export function analyzeRedisConfig(entries: readonly ConfigEntry[]): Verdict {
  const figures: Figure[] = entries.map((e) => {
    const n = Number(e.value);
    const numeric = e.value.trim() !== "" && !Number.isNaN(n) && e.value !== MASK;
    return { label: e.name, value: numeric ? n : e.value, unit: e.name === "maxmemory" ? "B" : undefined };
  });
  const maxmemory = entries.find((e) => e.name === "maxmemory");
  const policy = entries.find((e) => e.name === "maxmemory-policy");
  const noLimit = maxmemory !== undefined && Number(maxmemory.value) === 0;
  const status = noLimit ? "warning" : "ok";
  const notes: string[] = [];
  if (noLimit) notes.push("maxmemory is 0: Redis may grow until the operating system kills it; no eviction happens.");
  if (policy?.value === "noeviction") {
    notes.push("maxmemory-policy noeviction: at the limit, writes fail with OOM instead of evicting keys.");
  }
  if (entries.some((e) => e.value === MASK)) notes.push("Secret values are masked.");
  const first = entries[0];
  const headline =
    entries.length === 0
      ? "no matching parameter"
      : entries.length === 1 && first
        ? `${first.name} ${describeValue(first)}`
        : `${entries.length} parameters`;
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: maxmemory && !Number.isNaN(Number(maxmemory.value)) ? Number(maxmemory.value) : null,
    threshold: REDIS_CONFIG_THRESHOLD,
    figures,
    detail: notes.length > 0 ? notes.join(" ") : entries.length === 0 ? "CONFIG GET matched no parameter." : "",
  };
  if (verdict.headlineValue !== null) verdict.headlineUnit = "B";
  if (!verdict.detail) delete verdict.detail;
  if (entries.length > 1) {
    verdict.tables = [
      { title: "Configuration", columns: ["parameter", "value"], rows: entries.map((e) => [e.name, describeValue(e)]) },
    ];
  }
  const findings = findingsFor(status, ["redis-memory"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
