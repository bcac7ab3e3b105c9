// Redis as one system: redis-cli lines and redis fences, read-only commands, their checks.

import { splitPipeline, TokenizeError, tokenize } from "../../commands/tokenize";
import type { SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import { manual } from "../core/parsed";
import { redisCli } from "./cli";
import type { RedisOperation } from "./operation";
import { parseRedisCli, parseRedisCommand } from "./parse";

const loadRun = loadOnce(() => import("./run"));

export const REDIS_CHECKS = [
  "cache-hit-ratio",
  "redis-memory",
  "redis-info",
  "rate-limit",
  "redis-config",
  "redis-slowlog",
  "redis-latency-events",
  "redis-memory-stats",
  "redis-memory-doctor",
  "redis-dbsize",
  "redis-keyspace",
  "redis-reply",
] as const;
export type RedisCheck = (typeof REDIS_CHECKS)[number];

const HIT_WORDS = /hit|miss|keyspace/i;
const MEMORY_WORDS = /mem|evict|frag/i;

/** INFO fits all three views; the section or grep word says which one the guide line is after. */
function infoChecks(operation: RedisOperation): readonly RedisCheck[] {
  const section = operation.args[0]?.toLowerCase();
  const word = operation.grep ?? "";
  if (section === "memory" || MEMORY_WORDS.test(word)) return ["redis-memory", "redis-info", "cache-hit-ratio"];
  if (section === "stats" || HIT_WORDS.test(word)) return ["cache-hit-ratio", "redis-info", "redis-memory"];
  return ["redis-info", "redis-memory", "cache-hit-ratio"];
}

const ONE_CHECK: Readonly<Record<Exclude<RedisOperation["command"], "INFO">, RedisCheck>> = {
  GET: "rate-limit",
  "CONFIG GET": "redis-config",
  "SLOWLOG GET": "redis-slowlog",
  "LATENCY LATEST": "redis-latency-events",
  "MEMORY STATS": "redis-memory-stats",
  "MEMORY DOCTOR": "redis-memory-doctor",
  DBSIZE: "redis-dbsize",
  "--memkeys": "redis-keyspace",
  // Any other read: shown as a table, judged only by thresholds the runbook declares.
  READ: "redis-reply",
};

const VOCABULARY: Partial<Record<RedisOperation["command"], string>> = {
  INFO: "keyspace_hits keyspace_misses used_memory",
  "--memkeys": "memkeys bigkeys prefix biggest keys ttl",
};

export const redisAdapter: SystemAdapter<RedisOperation, RedisCheck> = {
  id: "redis",
  label: "Redis",
  programs: {
    "redis-cli": ({ args, grep, line }) => parseRedisCli(args, grep, line),
  },
  fences: Object.fromEntries(
    ["redis", "redis-cli"].map((lang) => [
      lang,
      ({ line }: { line: string }) => {
        try {
          const stages = splitPipeline(tokenize(line));
          const only = stages?.[0];
          if (stages === null || stages.length !== 1 || only === undefined) {
            return manual("a Redis block line must be one Redis command", line);
          }
          return parseRedisCommand(only, undefined, line);
        } catch (error) {
          if (error instanceof TokenizeError) return manual(`cannot be split into words: ${error.message}`, line);
          throw error;
        }
      },
    ]),
  ),
  cli: redisCli,
  targetLabel: (operation) =>
    operation.target ? `Redis "${operation.target.name}" (REDIS_TARGETS)` : "Redis (REDIS_URL)",
  limiterKey: (operation) => (operation.target ? `redis:${operation.target.name}` : "redis"),
  vocabulary: (operation) => VOCABULARY[operation.command] ?? "",
  templates: (operation) => operation.args,
  fill: (operation, fill) => ({ ...operation, args: operation.args.map(fill) }),
  checks: REDIS_CHECKS,
  fits: (operation) => (operation.command === "INFO" ? infoChecks(operation) : [ONE_CHECK[operation.command]]),
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation, check, context) => (await loadRun()).runRedis(operation, check, context),
};
