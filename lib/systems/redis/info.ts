// The one reader of Redis INFO text: "# Section" headers, field:value lines, keyspace lines
// (db0:keys=1,expires=0,avg_ttl=0). The client runs it once per reply; the checks take the typed RedisInfo.
import { errorVerdict } from "../../verdict/builders";
import type { Checked } from "../../verdict/check-input";

export interface KeyspaceEntry {
  keys: number;
  expires: number;
  avgTtl: number;
  /** Redis 7.4+: keys with hash-field expiry. */
  subexpiry?: number;
}

export interface RedisInfo {
  /**
   * Section name as Redis prints it ("Memory", "Stats"...) → fields, in reply order; lines before any
   * header (grep output) go under "".
   */
  sections: Record<string, Record<string, string>>;
  /** Every field regardless of section. */
  fields: Record<string, string>;
  /** db0 → counts, from the Keyspace section. */
  keyspace: Record<string, KeyspaceEntry>;
}

/** A line that is neither blank, "# Section" nor "field:value"; the message names the line. */
export class RedisInfoParseError extends Error {
  readonly lineNumber: number;
  readonly lineText: string;

  constructor(lineNumber: number, lineText: string, reason: string) {
    super(
      `line ${lineNumber}: ${reason}: ${JSON.stringify(lineText.length > 200 ? `${lineText.slice(0, 199)}…` : lineText)}`,
    );
    this.name = "RedisInfoParseError";
    this.lineNumber = lineNumber;
    this.lineText = lineText;
  }
}

/** "keys=1,expires=0,avg_ttl=0" → { keys: "1", expires: "0", avg_ttl: "0" } (also cmdstat_*, errorstat_* values). */
export function parseInfoSubfields(value: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) entries.push([part.slice(0, eq), part.slice(eq + 1)]);
  }
  return Object.fromEntries(entries);
}

function keyspaceEntry(value: string): KeyspaceEntry | null {
  const sub = parseInfoSubfields(value);
  const keys = Number(sub.keys);
  const expires = Number(sub.expires ?? "0");
  const avgTtl = Number(sub.avg_ttl ?? "0");
  if (sub.keys === undefined || [keys, expires, avgTtl].some((n) => Number.isNaN(n))) return null;
  const entry: KeyspaceEntry = { keys, expires, avgTtl };
  if (sub.subexpiry !== undefined && !Number.isNaN(Number(sub.subexpiry))) entry.subexpiry = Number(sub.subexpiry);
  return entry;
}

/** Parses INFO output (any section, or lines kept by a grep); throws RedisInfoParseError on a foreign line. */
export function parseRedisInfo(text: string): RedisInfo {
  const sections = new Map<string, [string, string][]>();
  const fields: [string, string][] = [];
  const keyspace: [string, KeyspaceEntry][] = [];
  let section = "";
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      section = line.slice(1).trim();
      if (!sections.has(section)) sections.set(section, []);
      return;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw new RedisInfoParseError(index + 1, line, 'expected "field:value" or "# Section"');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (/\s/.test(name)) throw new RedisInfoParseError(index + 1, line, "a field name cannot contain spaces");
    const list = sections.get(section) ?? [];
    list.push([name, value]);
    sections.set(section, list);
    fields.push([name, value]);
    if (/^db\d+$/.test(name)) {
      const entry = keyspaceEntry(value);
      if (!entry) throw new RedisInfoParseError(index + 1, line, "expected keys=N,expires=N,avg_ttl=N");
      keyspace.push([name, entry]);
    }
  });
  return {
    sections: Object.fromEntries([...sections.entries()].map(([name, list]) => [name, Object.fromEntries(list)])),
    fields: Object.fromEntries(fields),
    keyspace: Object.fromEntries(keyspace),
  };
}

/**
 * Reads an INFO reply once: the typed reading, or an error verdict naming the line it cannot read
 * (a proxy's or an old server's foreign line), which the step shows instead of a judgement.
 */
export function readRedisInfo(text: string): Checked<RedisInfo> {
  try {
    return { ok: true, value: parseRedisInfo(text) };
  } catch (e) {
    if (e instanceof RedisInfoParseError)
      return { ok: false, verdict: errorVerdict("unexpected INFO output", e.message) };
    throw e;
  }
}

/** A field as a number, null when absent or not numeric (used_memory_human is text, used_memory is not). */
export function infoNumber(info: RedisInfo, field: string): number | null {
  const raw = info.fields[field];
  if (raw === undefined || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isNaN(n) ? null : n;
}

export function infoString(info: RedisInfo, field: string): string | null {
  return info.fields[field] ?? null;
}

/** One line `redis-cli info | grep word` would print: a field, or a "# Section" header (value null). */
export interface InfoLine {
  name: string;
  value: string | null;
}

/**
 * The lines containing `word` (case-sensitive substring), as `redis-cli info | grep word` would print them,
 * taken from the reading (each section's header, then its fields in reply order) rather than the text again.
 */
export function grepInfo(info: RedisInfo, word: string): InfoLine[] {
  const out: InfoLine[] = [];
  for (const [section, fields] of Object.entries(info.sections)) {
    if (section !== "" && `# ${section}`.includes(word)) out.push({ name: `# ${section}`, value: null });
    for (const [name, value] of Object.entries(fields)) {
      if (`${name}:${value}`.includes(word)) out.push({ name, value });
    }
  }
  return out;
}

/** An INFO reading and when it was taken (epoch milliseconds, passed in by the caller). */
export interface RedisInfoSample {
  info: RedisInfo;
  at: number;
}
