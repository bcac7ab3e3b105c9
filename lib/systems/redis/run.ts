// Runs a Redis read-only operation and judges its reply.
import "server-only";
import { getConfig } from "../../config";
import { errorVerdict } from "../../verdict/builders";
import type { Checked } from "../../verdict/check-input";
import { withEvidence } from "../../verdict/evidence";
import { shownReply } from "../../verdict/shown-reply";
import type { Evidence, Verdict } from "../../verdict/verdict";
import type { RunContext } from "../core/adapter";
import { asJson, type OperationOutcome } from "../core/outcome";
import type { RedisCheck } from "./adapter";
import { analyzeRedisConfig } from "./check-config";
import { analyzeDbsize } from "./check-dbsize";
import { analyzeRedisInfo } from "./check-info";
import { analyzeKeyspace, keyspaceReportText } from "./check-keyspace";
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
  redisKeyspaceAnalysis,
  redisLatencyLatest,
  redisMemoryDoctor,
  redisMemoryStats,
  redisRead,
  redisSlowlog,
  withRedisTarget,
} from "./client";
import { decideRead } from "./command-space";
import type { RedisInfoSample } from "./info";
import type { RedisOperation } from "./operation";
import { keyspaceHitRatioFromPrometheus } from "./windowed-hit-ratio";

/** The check's verdict on a reading and the reading as raw output; a reply the reader refused is its error verdict. */
function judged<T>(reading: Checked<T>, check: (value: T) => Verdict, render: (value: T) => string): OperationOutcome {
  return reading.ok
    ? { verdict: check(reading.value), raw: render(reading.value) }
    : { verdict: reading.verdict, raw: "" };
}

async function runInfo(
  operation: RedisOperation,
  view: "cache-hit-ratio" | "redis-memory" | "redis-info",
  context: RunContext,
): Promise<OperationOutcome> {
  const section = operation.args[0];
  const reply = await redisInfo(section);
  const raw = reply.raw.replace(/\r\n/g, "\n");
  if (!reply.reading.ok) return { verdict: reply.reading.verdict, raw };
  const first: RedisInfoSample = { info: reply.reading.value, at: Date.now() };
  if (view !== "cache-hit-ratio") return { verdict: analyzeRedisInfo({ ...first, grep: operation.grep, view }), raw };
  // Prometheus's Redis series are REDIS_URL's; a named target is read by two INFO samples instead.
  const windowed = operation.target
    ? { reason: `Prometheus's Redis series are of REDIS_URL, not "${operation.target.name}"` }
    : await keyspaceHitRatioFromPrometheus(context);
  if ("verdict" in windowed) {
    return { verdict: analyzeRedisInfo({ ...first, grep: operation.grep, view, hitRatio: windowed.verdict }), raw };
  }
  // No Prometheus series: the increase between two INFO samples a few seconds apart, never lifetime counters.
  const pairSeconds = getConfig().metricsPairSeconds;
  await new Promise((resolve) => setTimeout(resolve, pairSeconds * 1000));
  const again = await redisInfo(section);
  const secondRaw = again.raw.replace(/\r\n/g, "\n");
  if (!again.reading.ok) return { verdict: again.reading.verdict, raw: secondRaw };
  const second: RedisInfoSample = { info: again.reading.value, at: Date.now() };
  const verdict = analyzeRedisInfo({ ...second, grep: operation.grep, view }, first);
  const evidence: Evidence = {
    window: `${pairSeconds}s`,
    windowSeconds: (second.at - first.at) / 1000,
    asOf: new Date(second.at).toISOString(),
    source: "scrape-pair",
    note: `${windowed.reason}, so this is the increase between two INFO samples ${pairSeconds} s apart; there is no history to chart.`,
  };
  return { verdict: withEvidence(verdict, evidence), raw: secondRaw };
}

const INFO_VIEWS = ["cache-hit-ratio", "redis-memory", "redis-info"] as const;

export async function runRedis(
  operation: RedisOperation,
  check: RedisCheck,
  context: RunContext,
): Promise<OperationOutcome> {
  return withRedisTarget(operation.target, () => runOnTarget(operation, check, context));
}

async function runOnTarget(
  operation: RedisOperation,
  check: RedisCheck,
  context: RunContext,
): Promise<OperationOutcome> {
  switch (operation.command) {
    case "INFO": {
      const view = INFO_VIEWS.find((v) => v === check) ?? "redis-info";
      return runInfo(operation, view, context);
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
    case "READ": {
      const [first, second] = operation.args;
      const name = decideRead(operation.args);
      if (!name.ok) return { verdict: errorVerdict("not run", name.reason), raw: "" };
      const reply = await redisRead(name.name, name.words);
      const title = [first, name.name.includes("|") ? second : undefined].filter(Boolean).join(" ").toUpperCase();
      return { verdict: shownReply(title, reply), raw: asJson(reply) };
    }
    case "DBSIZE": {
      const size = await redisDbsize();
      return { verdict: analyzeDbsize(size), raw: String(size) };
    }
    case "--memkeys": {
      const report = await redisKeyspaceAnalysis();
      return { verdict: analyzeKeyspace(report), raw: keyspaceReportText(report) };
    }
  }
}
