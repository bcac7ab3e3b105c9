// The one reader of each Redis reply other than INFO (see info.ts): the client runs it once on the RESP
// reply ioredis hands over, and the checks take the typed value it returns. A reply of an unexpected shape
// becomes an error verdict naming the item, shown instead of a judgement.
//
// Shapes (ioredis speaks RESP2; a RESP3 map arrives as an object):
//   CONFIG GET     [name, value, name, value, ...]
//   SLOWLOG GET    [[id, unixSeconds, durationMicros, [command, ...args], "client ip:port", "client name"], ...]
//                  newest first; Redis < 4 has no client fields; Redis itself truncates args (32 args,
//                  128 chars) and redacts AUTH secrets
//   LATENCY LATEST [[event, unixSeconds, latestMs, maxMs], ...]; empty when nothing crossed
//                  latency-monitor-threshold, or when the monitor is off (threshold 0, the default)
//   MEMORY STATS   [name, value, ...]; counts are integers, ratios and percentages strings ("12.5"), and each
//                  "db.N" value is itself [name, value, ...] ("overhead.hashtable.main", n, ...)
import { z } from "zod";
import { isSecretKey, MASK } from "../../server/redact";
import { errorVerdict } from "../../verdict/builders";
import { type Checked, checkInput } from "../../verdict/check-input";

function failed(what: string, problem: string): { ok: false; verdict: ReturnType<typeof errorVerdict> } {
  return { ok: false, verdict: errorVerdict(`unexpected ${what} reply`, problem) };
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

// ---------------------------------------------------------------------------------------------
// CONFIG GET

export interface ConfigEntry {
  name: string;
  /** Already masked (MASK) when the parameter holds a credential: see configValue. */
  value: string;
}

/**
 * The value as the dashboard may show it: a parameter whose name looks like a credential (requirepass,
 * masterauth, tls-key-file-pass — lib/redact's isSecretKey) is MASK, even when empty, so neither the
 * password nor whether one is set leaves the server side. User names (masteruser) stay visible.
 */
function configValue(name: string, value: string): string {
  return isSecretKey(name) ? MASK : value;
}

/** Reads a CONFIG GET reply (RESP2 flat array or RESP3 map) into entries, masking secrets as it reads. */
export function readConfigGetReply(reply: unknown): Checked<ConfigEntry[]> {
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) {
      return failed("CONFIG GET", `expected name/value pairs, got an odd number of items (${reply.length})`);
    }
    const entries: ConfigEntry[] = [];
    for (let i = 0; i < reply.length; i += 2) {
      const name: unknown = reply[i];
      const value: unknown = reply[i + 1];
      if (typeof name !== "string")
        return failed("CONFIG GET", `item ${i} should be a parameter name, got ${shown(name)}`);
      if (typeof value !== "string" && typeof value !== "number") {
        // The value itself is not quoted: it may be the secret.
        return failed("CONFIG GET", `the value of ${name} should be a string, got ${typeof value}`);
      }
      entries.push({ name, value: configValue(name, String(value)) });
    }
    return { ok: true, value: entries };
  }
  if (typeof reply === "object" && reply !== null) {
    return {
      ok: true,
      value: Object.entries(reply).map(([name, value]) => ({ name, value: configValue(name, String(value)) })),
    };
  }
  return failed("CONFIG GET", `expected an array of name/value pairs, got ${shown(reply)}`);
}

// ---------------------------------------------------------------------------------------------
// SLOWLOG GET

export interface SlowlogEntry {
  id: number;
  /** Unix seconds. */
  timestamp: number;
  durationMicros: number;
  /** Command and arguments as Redis stored them (it keeps ≤ 32 args of ≤ 128 bytes and redacts AUTH). */
  args: string[];
  clientAddress: string | null;
  clientName: string | null;
}

const integer = z.number().int();
const slowlogReplySchema = z.array(
  z.tuple([integer, integer, integer, z.array(z.union([z.string(), z.number()]))], z.unknown()).transform(
    ([id, timestamp, durationMicros, args, client, name]): SlowlogEntry => ({
      id,
      timestamp,
      durationMicros,
      args: args.map(String),
      clientAddress: typeof client === "string" ? client : null,
      clientName: typeof name === "string" && name !== "" ? name : null,
    }),
  ),
);

/** Reads a SLOWLOG GET reply; a malformed entry is named by its index ("SLOWLOG GET[0][2]: ..."). */
export function readSlowlogReply(reply: unknown): Checked<SlowlogEntry[]> {
  return checkInput(slowlogReplySchema, reply, "SLOWLOG GET");
}

// ---------------------------------------------------------------------------------------------
// LATENCY LATEST

export interface LatencyEvent {
  event: string;
  /** Unix seconds of the latest spike. */
  timestamp: number;
  latestMs: number;
  maxMs: number;
}

const latencyLatestReplySchema = z.array(
  z
    .tuple([z.string(), z.number().int(), z.number(), z.number()], z.unknown())
    .transform(([event, timestamp, latestMs, maxMs]): LatencyEvent => ({ event, timestamp, latestMs, maxMs })),
);

/** Reads a LATENCY LATEST reply. */
export function readLatencyLatestReply(reply: unknown): Checked<LatencyEvent[]> {
  return checkInput(latencyLatestReplySchema, reply, "LATENCY LATEST");
}

// ---------------------------------------------------------------------------------------------
// MEMORY STATS

/**
 * "name" → value, nested replies flattened with dots ("db.0.overhead.hashtable.main"), in reply order;
 * numeric strings ("96.99") become numbers, a null becomes "".
 */
export type MemoryStats = Record<string, number | string>;

function flatten(reply: unknown, prefix: string, out: MemoryStats): string | null {
  const pairs: [unknown, unknown][] = [];
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) return `${prefix || "reply"} should be name/value pairs, got ${reply.length} items`;
    for (let i = 0; i < reply.length; i += 2) pairs.push([reply[i], reply[i + 1]]);
  } else if (typeof reply === "object" && reply !== null && !(reply instanceof Map)) {
    pairs.push(...Object.entries(reply));
  } else {
    return `expected an array of name/value pairs, got ${shown(reply)}`;
  }
  for (const [name, value] of pairs) {
    if (typeof name !== "string") return `expected a field name, got ${JSON.stringify(name)}`;
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === "number") out[key] = value;
    else if (typeof value === "string") {
      const n = Number(value);
      out[key] = value.trim() !== "" && !Number.isNaN(n) ? n : value;
    } else if (value === null) out[key] = "";
    else {
      const error = flatten(value, key, out);
      if (error) return error;
    }
  }
  return null;
}

/** Reads a MEMORY STATS reply (RESP2 pairs or a RESP3 map) into flat, typed statistics. */
export function readMemoryStatsReply(reply: unknown): Checked<MemoryStats> {
  const out: MemoryStats = {};
  const error = flatten(reply, "", out);
  return error === null ? { ok: true, value: out } : failed("MEMORY STATS", error);
}
