// Runs a Redis read-only operation and judges its reply.
import "server-only";
import { getConfig } from "../../config";
import type { Checked } from "../../verdict/check-input";
import type { Verdict } from "../../verdict/verdict";
import { asJson, type OperationOutcome } from "../core/outcome";
import { previousSample, rememberSample } from "../core/samples";
import type { RedisCheck } from "./adapter";
import { analyzeRedisConfig } from "./check-config";
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
import type { RedisInfoSample } from "./info";
import type { RedisOperation } from "./operation";

/** The check's verdict on a reading and the reading as raw output; a reply the reader refused is its error verdict. */
function judged<T>(reading: Checked<T>, check: (value: T) => Verdict, render: (value: T) => string): OperationOutcome {
  return reading.ok
    ? { verdict: check(reading.value), raw: render(reading.value) }
    : { verdict: reading.verdict, raw: "" };
}

async function runInfo(
  operation: RedisOperation,
  view: "cache-hit-ratio" | "redis-memory" | "redis-info",
): Promise<OperationOutcome> {
  const section = operation.args[0];
  const reply = await redisInfo(section);
  const raw = reply.raw.replace(/\r\n/g, "\n");
  if (!reply.reading.ok) return { verdict: reply.reading.verdict, raw };
  const current: RedisInfoSample = { info: reply.reading.value, at: Date.now() };
  const sampleKey = `redis-info:${section ?? "default"}`;
  const previous = previousSample<RedisInfoSample>(sampleKey);
  const verdict = analyzeRedisInfo({ ...current, grep: operation.grep, view }, previous);
  rememberSample(sampleKey, current);
  return { verdict, raw };
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
      const reading = await redisConfigGet(operation.args[0] ?? "");
      return judged(reading, analyzeRedisConfig, (entries) => entries.map((e) => `${e.name}\n${e.value}`).join("\n"));
    }
    case "SLOWLOG GET": {
      const reading = await redisSlowlog(Number(operation.args[0] ?? 10) || 10);
      return judged(reading, (entries) => analyzeSlowlog(entries, Date.now()), asJson);
    }
    case "LATENCY LATEST":
      return judged(await redisLatencyLatest(), analyzeLatencyLatest, asJson);
    case "MEMORY STATS":
      return judged(await redisMemoryStats(), analyzeMemoryStats, asJson);
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
