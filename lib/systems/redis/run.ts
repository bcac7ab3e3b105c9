// Runs a Redis read-only operation and judges its reply.
import "server-only";
import { getConfig } from "../../config";
import { asJson, type OperationOutcome } from "../core/outcome";
import { previousSample, rememberSample } from "../core/samples";
import type { RedisCheck } from "./adapter";
import { analyzeRedisConfig, redactConfig } from "./check-config";
import { analyzeDbsize } from "./check-dbsize";
import { analyzeRedisInfo } from "./check-info";
import { analyzeLatencyLatest } from "./check-latency-latest";
import { analyzeMemoryDoctor } from "./check-memory-doctor";
import { analyzeMemoryStats } from "./check-memory-stats";
import { analyzeRateLimit } from "./check-rate-limit";
import { analyzeSlowlog } from "./check-slowlog";
import {
  redisConfigGet,
  redisDbsize,
  redisGetWithTtl,
  redisInfo,
  redisLatencyLatest,
  redisMemoryDoctor,
  redisMemoryStats,
  redisSlowlog,
} from "./client";
import { parseRedisInfo, type RedisInfoSample } from "./info";
import type { RedisOperation } from "./operation";

async function runInfo(
  operation: RedisOperation,
  view: "cache-hit-ratio" | "redis-memory" | "redis-info",
): Promise<OperationOutcome> {
  const section = operation.args[0];
  const reply = await redisInfo(section);
  const at = Date.now();
  const sampleKey = `redis-info:${section ?? "default"}`;
  const previous = previousSample<RedisInfoSample>(sampleKey);
  const verdict = analyzeRedisInfo({ text: reply.raw, at, grep: operation.grep, view }, previous);
  try {
    rememberSample(sampleKey, { info: parseRedisInfo(reply.raw), at });
  } catch {
    // The analyzer already reported the unparseable reply.
  }
  return { verdict, raw: reply.raw.replace(/\r\n/g, "\n") };
}

const INFO_VIEWS = ["cache-hit-ratio", "redis-memory", "redis-info"] as const;

export async function runRedis(operation: RedisOperation, check: RedisCheck): Promise<OperationOutcome> {
  switch (operation.command) {
    case "INFO": {
      const view = INFO_VIEWS.find((v) => v === check) ?? "redis-info";
      return runInfo(operation, view);
    }
    case "GET": {
      const key = operation.args[0] ?? "";
      const reply = await redisGetWithTtl(key);
      const limit = getConfig().rateLimitMax;
      const verdict = analyzeRateLimit({ key, value: reply.value, pttlMs: reply.pttl, ...(limit ? { limit } : {}) });
      return { verdict, raw: `GET ${key}\n${reply.value ?? "(nil)"}\nPTTL ${key}\n${reply.pttl}` };
    }
    case "CONFIG GET": {
      const reply = await redisConfigGet(operation.args[0] ?? "");
      const masked = redactConfig(Object.entries(reply).map(([name, value]) => ({ name, value })));
      return { verdict: analyzeRedisConfig(reply), raw: masked.map((e) => `${e.name}\n${e.value}`).join("\n") };
    }
    case "SLOWLOG GET": {
      const entries = await redisSlowlog(Number(operation.args[0] ?? 10) || 10);
      const reply = entries.map((e) => [e.id, e.timestamp, e.durationMicros, e.args, e.clientAddress, e.clientName]);
      return { verdict: analyzeSlowlog(reply, Date.now()), raw: asJson(entries) };
    }
    case "LATENCY LATEST": {
      const events = await redisLatencyLatest();
      const reply = events.map((e) => [e.event, e.timestamp, e.latestMs, e.maxMs]);
      return { verdict: analyzeLatencyLatest(reply), raw: asJson(events) };
    }
    case "MEMORY STATS": {
      const stats = await redisMemoryStats();
      return { verdict: analyzeMemoryStats(stats), raw: asJson(stats) };
    }
    case "MEMORY DOCTOR": {
      const text = await redisMemoryDoctor();
      return { verdict: analyzeMemoryDoctor(text), raw: text };
    }
    case "DBSIZE": {
      const size = await redisDbsize();
      return { verdict: analyzeDbsize(size), raw: String(size) };
    }
  }
}
