// CONFIG GET reply → figures, with secret parameters masked and the maxmemory no-limit rule.

import { errorVerdict, findingsFor } from "../../verdict/builders";
import { formatBytes } from "../../verdict/format";
import type { Figure, Threshold, Verdict } from "../../verdict/verdict";

export interface ConfigEntry {
  name: string;
  value: string;
}

export const REDACTED = "••••••";

/** Parameters that hold credentials; user names (masteruser) stay visible, passwords never leave the server side. */
const SECRET_NAMES = new Set(["requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass"]);
const SECRET_PATTERN = /pass|secret|token/i;

export function isSecretConfigName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase()) || SECRET_PATTERN.test(name);
}

/** The same entries with every secret value replaced by "••••••" (empty values stay empty: "no password" is not a secret). */
export function redactConfig(entries: readonly ConfigEntry[]): ConfigEntry[] {
  return entries.map((e) => (isSecretConfigName(e.name) && e.value !== "" ? { name: e.name, value: REDACTED } : e));
}

export const REDIS_CONFIG_THRESHOLD: Threshold = {
  text: "maxmemory 0 (no limit) is a warning",
  source: "mintel RedisMaxMemoryUnset; redis.conf: with no limit eviction policies never apply",
};

/**
 * CONFIG GET replies: RESP2 (ioredis default) gives a flat array [name, value, name, value...];
 * RESP3 gives a map, which arrives as an object.
 */
export function parseConfigGetReply(reply: unknown): ConfigEntry[] | string {
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) return `expected name/value pairs, got an odd number of items (${reply.length})`;
    const entries: ConfigEntry[] = [];
    for (let i = 0; i < reply.length; i += 2) {
      const name: unknown = reply[i];
      const value: unknown = reply[i + 1];
      if (typeof name !== "string") return `item ${i} should be a parameter name, got ${JSON.stringify(name)}`;
      if (typeof value !== "string" && typeof value !== "number") {
        return `the value of ${name} should be a string, got ${JSON.stringify(value)}`;
      }
      entries.push({ name, value: String(value) });
    }
    return entries;
  }
  if (typeof reply === "object" && reply !== null) {
    return Object.entries(reply).map(([name, value]) => ({ name, value: String(value) }));
  }
  return `expected an array of name/value pairs, got ${JSON.stringify(reply) ?? String(reply)}`;
}

function describeValue(entry: ConfigEntry): string {
  if (entry.name === "maxmemory") {
    const n = Number(entry.value);
    if (n === 0) return "0 (no limit)";
    if (!Number.isNaN(n)) return formatBytes(n);
  }
  return entry.value === "" ? '""' : entry.value;
}

/** Judges a CONFIG GET reply; secret values are masked before they reach figures or tables. */
export function analyzeRedisConfig(reply: unknown): Verdict {
  const parsed = parseConfigGetReply(reply);
  if (typeof parsed === "string") return errorVerdict("unexpected CONFIG GET reply", parsed);
  const entries = redactConfig(parsed);
  const figures: Figure[] = entries.map((e) => {
    const n = Number(e.value);
    const numeric = e.value.trim() !== "" && !Number.isNaN(n) && e.value !== REDACTED;
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
  if (entries.some((e) => e.value === REDACTED)) notes.push("Secret values are masked.");
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
