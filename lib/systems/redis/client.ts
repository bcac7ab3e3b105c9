// Read-only Redis diagnostics on one pooled ioredis client per URL, with connect and command deadlines.
// No "send any command" export exists on purpose: only the commands below can reach the server.
import { AsyncLocalStorage } from "node:async_hooks";
import "server-only";
import Redis from "ioredis";
import { getConfig } from "../../config";
import { type NamedTarget, namedTargetUrl } from "../../config/named-target";
import { clientCache } from "../../server/cached-client";
import { redactUrl } from "../../server/redact";
import type { Checked } from "../../verdict/check-input";
import {
  COMMAND_TIMEOUT_MS,
  CONNECT_TIMEOUT_MS,
  errnoOf,
  messageOf,
  notConfigured,
  TargetError,
  withDeadline,
} from "../core/target-error";
import { type CommandMeta, refusalOf } from "./command-space";
import { type RedisInfo, readRedisInfo } from "./info";
import type { KeyspaceOptions, KeyspaceReport } from "./keyspace";
import { scanKeyspace } from "./keyspace-scan";
import {
  type ConfigEntry,
  type LatencyEvent,
  type MemoryStats,
  readConfigGetReply,
  readLatencyLatestReply,
  readMemoryStatsReply,
  readSlowlogReply,
  type SlowlogEntry,
} from "./read";

// Each reply is typed once, here, by the readers of info.ts and read.ts; callers never see raw RESP.
export type { ConfigEntry, LatencyEvent, MemoryStats, RedisInfo, SlowlogEntry };

/** Values longer than this are cut (a rate_limit counter is tiny; a 500 MB string must not reach the page). */
export const REDIS_VALUE_CAP = 64 * 1024;
const KEY_MAX = 1024;

interface RedisEntry {
  client: Redis;
  /** Last error the client emitted: the real cause when connect() only says "Connection is closed." */
  lastError: Error | undefined;
}

/** QUIT when connected (bounded by the connect deadline), else drop the socket. */
async function closeEntry({ client }: RedisEntry): Promise<void> {
  if (client.status === "ready") {
    await withDeadline(client.quit(), CONNECT_TIMEOUT_MS, () => new Error("quit timed out")).catch(() =>
      client.disconnect(),
    );
  } else {
    client.disconnect();
  }
}

// One client per purpose and URL, kept across dev hot reloads (lib/server/cached-client.ts).
const clients = clientCache<RedisEntry>("redis-clients", closeEntry);

function createEntry(url: string, connectionName: string): RedisEntry {
  const client = new Redis(url, {
    lazyConnect: true,
    // Fail fast instead of queueing commands while disconnected (ioredis queues forever by default).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A few quick reconnects for a blip, then stop; the next call reconnects on demand.
    retryStrategy: (times) => (times > 3 ? null : Math.min(times * 200, 1000)),
    connectionName,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
  });
  const entry: RedisEntry = { client, lastError: undefined };
  // Without a listener an 'error' event is an uncaught exception that kills the server.
  client.on("error", (err: Error) => {
    entry.lastError = err;
  });
  return entry;
}

/** The server a step's operation names (`redis-cli -h cache-2`), for every call made while it runs. */
const targetScope = new AsyncLocalStorage<NamedTarget>();

/** Runs `fn` against the REDIS_TARGETS entry `target` names (REDIS_URL when it names none). */
export function withRedisTarget<T>(target: NamedTarget | undefined, fn: () => Promise<T>): Promise<T> {
  return target === undefined ? fn() : targetScope.run(target, fn);
}

function redisUrl(): string {
  const target = targetScope.getStore();
  if (target !== undefined) {
    const url = namedTargetUrl(getConfig().redisTargets, target);
    if (url === undefined) throw notConfigured("redis", "redis-target", target.name);
    return url;
  }
  const url = getConfig().redisUrl;
  if (url === undefined) throw notConfigured("redis", "redis");
  return url;
}

/** Diagnostics and remediations get separate pooled clients (and names in CLIENT LIST), even on one URL. */
type ConnectionPurpose = "runbook-dashboard" | "runbook-dashboard-remediation";

function entryFor(url: string, purpose: ConnectionPurpose = "runbook-dashboard"): RedisEntry {
  const key = `${purpose} ${url}`;
  return clients.get(key, () => createEntry(url, purpose));
}

/** Maps an ioredis / server error to a TargetError, keeping the server's own words. */
export function toRedisError(e: unknown, where: string): TargetError {
  if (e instanceof TargetError) return e;
  const msg = messageOf(e);
  const errno = errnoOf(e);
  if (errno === "ECONNREFUSED") return new TargetError("refused", "redis", `connection refused by ${where}`, errno);
  if (errno === "ETIMEDOUT" || /Command timed out/i.test(msg)) {
    return new TargetError("timeout", "redis", `${where} did not answer within ${COMMAND_TIMEOUT_MS / 1000} s`, errno);
  }
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN") {
    return new TargetError("refused", "redis", `cannot resolve the host of ${where}`, errno);
  }
  if (errno === "EHOSTUNREACH" || errno === "ENETUNREACH" || errno === "ECONNRESET") {
    return new TargetError("refused", "redis", `${where}: ${msg}`, errno);
  }
  const serverCode = /^(?:Ready check failed: )?([A-Z]+)\b/.exec(msg)?.[1];
  if (serverCode === "NOAUTH" || serverCode === "WRONGPASS" || serverCode === "NOPERM") {
    return new TargetError("auth", "redis", msg, serverCode);
  }
  if (/unknown command|unknown subcommand/i.test(msg)) return new TargetError("unsupported", "redis", msg, "ERR");
  return new TargetError("other", "redis", msg, serverCode);
}

/** Resolves once the client is ready, connecting on demand; never longer than CONNECT_TIMEOUT_MS. */
async function ready(entry: RedisEntry, where: string): Promise<Redis> {
  const { client } = entry;
  if (client.status === "ready") return client;
  entry.lastError = undefined;
  const waitForReady = new Promise<void>((resolve, reject) => {
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(entry.lastError ?? new Error("Connection is closed."));
    };
    const cleanup = () => {
      client.off("ready", onReady);
      client.off("close", onClose);
      client.off("end", onClose);
    };
    client.once("ready", onReady);
    client.once("close", onClose);
    client.once("end", onClose);
  });
  // "wait" (never connected) and "end" (retries exhausted or closed by us) need an explicit connect;
  // "connecting"/"reconnecting" are already on their way.
  if (client.status === "wait" || client.status === "end") {
    client.connect().catch(() => {
      // The outcome is observed through the events above; this only silences the duplicate rejection.
    });
  }
  try {
    await withDeadline(waitForReady, CONNECT_TIMEOUT_MS, () => {
      const cause = entry.lastError;
      return cause
        ? toRedisError(cause, where)
        : new TargetError(
            "timeout",
            "redis",
            `${where} did not complete the handshake within ${CONNECT_TIMEOUT_MS / 1000} s`,
          );
    });
  } catch (e) {
    discard(entry);
    throw toRedisError(e, where);
  }
  return client;
}

/**
 * Closes a client's socket (a listener that accepted but never answers must not keep it) and forgets
 * the client, so the next call starts from a fresh one rather than a half-reconnected state.
 */
function discard(entry: RedisEntry): void {
  entry.client.disconnect();
  for (const [key, e] of clients.entries()) if (e === entry) void clients.drop(key, e);
}

async function run<T>(
  command: string,
  fn: (client: Redis) => Promise<T>,
  purpose: ConnectionPurpose = "runbook-dashboard",
): Promise<T> {
  const url = purpose === "runbook-dashboard" ? redisUrl() : remediationRedisUrl();
  const where = redactUrl(url);
  const entry = entryFor(url, purpose);
  const client = await ready(entry, where);
  try {
    return await fn(client);
  } catch (e) {
    const err = toRedisError(e, where);
    // A command that timed out leaves a reply owed on the socket; start clean next time.
    if (err.kind === "timeout") discard(entry);
    if (err.kind === "other" && err.code === undefined) {
      throw new TargetError("other", "redis", `${command}: ${err.message}`);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

export interface RedisInfoReply {
  section: string | undefined;
  /** The reply verbatim, as `redis-cli INFO` prints it (what the step shows as raw output). */
  raw: string;
  /** The reply read once (info.ts): the typed reading, or an error verdict naming the line it could not read. */
  reading: Checked<RedisInfo>;
}

const INFO_SECTION = /^[a-z_]{1,32}$/;

/** INFO [section] — `redisInfo("memory")`, `redisInfo("stats")`, `redisInfo()` for the default set. */
export async function redisInfo(section?: string): Promise<RedisInfoReply> {
  const s = section?.toLowerCase();
  if (s !== undefined && !INFO_SECTION.test(s)) {
    throw new TargetError("invalid", "redis", `INFO section must be a word like "memory" or "stats"`);
  }
  const raw = await run("INFO", (c) => (s === undefined ? c.info() : c.info(s)));
  return { section: s, raw, reading: readRedisInfo(raw) };
}

export interface RedisValueWithTtl {
  key: string;
  /** null when the key does not exist. */
  value: string | null;
  /** PTTL: milliseconds left; -1 = exists without expiry, -2 = does not exist. */
  pttl: number;
  /** The value was longer than REDIS_VALUE_CAP and is cut. */
  truncated: boolean;
}

/** GET + PTTL in one pipeline (one round trip, same instant) — the guide's rate_limit check. */
export async function redisGetWithTtl(key: string): Promise<RedisValueWithTtl> {
  if (key.length === 0 || key.length > KEY_MAX) {
    throw new TargetError("invalid", "redis", `key must be 1-${KEY_MAX} characters`);
  }
  return run("GET", async (c) => {
    const replies = await c.pipeline().get(key).pttl(key).exec();
    if (!replies) throw new Error("pipeline was discarded");
    const [getReply, ttlReply] = replies;
    if (getReply?.[0]) throw getReply[0];
    if (ttlReply?.[0]) throw ttlReply[0];
    const raw = getReply?.[1];
    const pttl = ttlReply?.[1];
    const value = typeof raw === "string" ? raw : null;
    const truncated = value !== null && value.length > REDIS_VALUE_CAP;
    return {
      key,
      value: truncated && value !== null ? value.slice(0, REDIS_VALUE_CAP) : value,
      pttl: typeof pttl === "number" ? pttl : -2,
      truncated,
    };
  });
}

/**
 * CONFIG GET for one exact parameter name, read into entries; secret parameters (requirepass, masterauth)
 * come back masked by the reader, so their values never leave this module.
 */
export async function redisConfigGet(param: string): Promise<Checked<ConfigEntry[]>> {
  // Exact names only: a glob ("*") would dump every parameter, requirepass included.
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(param)) {
    throw new TargetError("invalid", "redis", "CONFIG GET takes one exact parameter name such as maxmemory");
  }
  return readConfigGetReply(await run("CONFIG GET", (c) => c.config("GET", param)));
}

/** SLOWLOG GET n (1-128, Redis keeps 128 by default), newest first. */
export async function redisSlowlog(n = 10): Promise<Checked<SlowlogEntry[]>> {
  if (!Number.isInteger(n) || n < 1 || n > 128) {
    throw new TargetError("invalid", "redis", "SLOWLOG GET count must be an integer from 1 to 128");
  }
  return readSlowlogReply(await run("SLOWLOG GET", (c) => c.slowlog("GET", n)));
}

/** LATENCY LATEST; empty when latency-monitor-threshold is 0 (the default) — callers should say so. */
export async function redisLatencyLatest(): Promise<Checked<LatencyEvent[]>> {
  return readLatencyLatestReply(await run("LATENCY LATEST", (c) => c.latency("LATEST")));
}

/** MEMORY STATS, flattened ("db.0.overhead.hashtable.main") and typed. */
export async function redisMemoryStats(): Promise<Checked<MemoryStats>> {
  return readMemoryStatsReply(await run("MEMORY STATS", (c) => c.memory("STATS")));
}

/** MEMORY DOCTOR: Redis's own plain-text report. */
export async function redisMemoryDoctor(): Promise<string> {
  return run("MEMORY DOCTOR", (c) => c.memory("DOCTOR"));
}

/** DBSIZE: number of keys in the selected database. */
export async function redisDbsize(): Promise<number> {
  return run("DBSIZE", (c) => c.dbsize());
}

/**
 * The keyspace analysis (`redis-cli --memkeys`, by key prefix): DBSIZE, INFO memory, then SCAN batches with
 * MEMORY USAGE / PTTL / TYPE pipelined for a sample, within a time budget and key cap (keyspace-scan.ts).
 */
export async function redisKeyspaceAnalysis(options: Partial<KeyspaceOptions> = {}): Promise<KeyspaceReport> {
  return run("SCAN", (c) => scanKeyspace(c, options));
}

/** Live COMMAND INFO per URL and command, so a server whose metadata differs from the snapshot is believed. */
const liveMeta = new Map<string, CommandMeta | null>();

async function liveMetaOf(client: Redis, url: string, name: string): Promise<CommandMeta | null> {
  const key = `${url} ${name}`;
  if (!liveMeta.has(key)) {
    const [top, sub] = name.split("|");
    const reply = (await client.call("COMMAND", "INFO", top ?? name)) as unknown[];
    const row = reply[0] as [string, number, string[], number, number, number, string[], ...unknown[]] | null;
    const subRow =
      sub === undefined ? row : ((row?.[9] as (typeof row)[] | undefined) ?? []).find((r) => r?.[0] === name);
    liveMeta.set(
      key,
      subRow
        ? {
            arity: subRow[1],
            flags: subRow[2].map(String),
            acl: subRow[6].map((c) => String(c).replace(/^@/, "")),
            firstKey: subRow[3],
            lastKey: subRow[4],
            step: subRow[5],
          }
        : null,
    );
  }
  return liveMeta.get(key) ?? null;
}

/**
 * Any command command-space.ts allowed from the snapshot, sent only when the live server's own COMMAND INFO
 * agrees it is read-only (another Redis version may differ); the reply as ioredis returns it.
 */
export async function redisRead(name: string, words: readonly string[]): Promise<unknown> {
  const url = redisUrl();
  return run(name.replace("|", " ").toUpperCase(), async (client) => {
    const meta = await liveMetaOf(client, url, name);
    if (meta === null)
      throw new TargetError("unsupported", "redis", `this Redis does not list ${name.replace("|", " ")}`);
    const refusal = refusalOf(name, meta);
    if (refusal !== null) throw new TargetError("invalid", "redis", `this Redis's COMMAND INFO says: ${refusal}`);
    const [command, ...args] = words;
    return client.call(command ?? "", ...args);
  });
}

// ---------------------------------------------------------------------------------------------
// Remediations (lib/remediation validates against its allowlist first; this is the last line of defence).

/** REDIS_REMEDIATION_URL, else REDIS_URL: the separate, more privileged credentials for changes. */
function remediationRedisUrl(): string {
  return getConfig().remediation.redisUrl ?? redisUrl();
}

/** The remediation target as host:port, without credentials. */
export function redisRemediationAddress(): string {
  const url = new URL(remediationRedisUrl());
  return `${url.hostname}:${url.port || "6379"}`;
}

/** The only parameters CONFIG SET may ever name from the dashboard. */
const SETTABLE = new Set(["maxmemory-policy", "maxmemory"]);

/** CONFIG SET of one allowlisted parameter, on the remediation connection. */
export async function redisRemediationConfigSet(
  parameter: "maxmemory-policy" | "maxmemory",
  value: string,
): Promise<void> {
  if (!SETTABLE.has(parameter) || !/^[a-z0-9-]{1,32}$/.test(value)) {
    throw new TargetError("forbidden", "redis", `CONFIG SET ${parameter} is not on the remediation allowlist`);
  }
  await run("CONFIG SET", (c) => c.config("SET", parameter, value), "runbook-dashboard-remediation");
}

/** INFO memory on the remediation connection, so before/after describe the very server that was changed. */
export async function redisRemediationInfoMemory(): Promise<RedisInfo> {
  const raw = await run("INFO", (c) => c.info("memory"), "runbook-dashboard-remediation");
  const reading = readRedisInfo(raw);
  if (!reading.ok) throw new TargetError("other", "redis", `INFO memory: ${reading.verdict.detail ?? "unreadable"}`);
  return reading.value;
}

/** Closes every pooled client (tests, benchmarks, graceful shutdown). */
export async function closeRedis(): Promise<void> {
  await clients.clear();
}
