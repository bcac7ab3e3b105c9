// The Redis keyspace hit ratio over the page's window from Prometheus, when PROMETHEUS_REDIS_JOB names the
// redis_exporter job that watches REDIS_URL (its scrape URL is the exporter's, so it cannot be matched by URL).
import "server-only";
import { getConfig } from "../../config";
import { type ChartSpec, percentOf, type Selector, sumRate } from "../../evidence/promql";
import { windowSeconds } from "../../evidence/window";
import { withEvidence } from "../../verdict/evidence";
import { HIT_RATIO_CRITICAL_PERCENT, HIT_RATIO_WARNING_PERCENT, hitRatioVerdict } from "../../verdict/hit-ratio";
import type { Verdict } from "../../verdict/verdict";
import type { RunContext } from "../core/adapter";
import { TargetError } from "../core/target-error";
import { instantQuery } from "../prometheus/query";
import { alignedNow, prometheusEvidence } from "../prometheus/windowed";

const HITS = "redis_keyspace_hits_total";
const MISSES = "redis_keyspace_misses_total";
const EVICTED = "redis_evicted_keys_total";

export function keyspaceHitRatioChart(selector: Selector): ChartSpec {
  return {
    title: "Redis keyspace hit ratio",
    unit: "%",
    expr: (w) => {
      const hits = sumRate(HITS, selector, w);
      return percentOf(hits, `(${hits} + ${sumRate(MISSES, selector, w)})`);
    },
    warning: HIT_RATIO_WARNING_PERCENT,
    critical: HIT_RATIO_CRITICAL_PERCENT,
    direction: "below",
  };
}

async function increase(metric: string, selector: Selector, window: string, at: number): Promise<number | null> {
  const job = JSON.stringify(selector.job ?? "");
  const result = await instantQuery(`sum(increase(${metric}{job=${job}}[${window}]))`, at);
  const value = result[0]?.value;
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** The windowed verdict, or why Prometheus could not give one (the caller then takes two INFO samples). */
export async function keyspaceHitRatioFromPrometheus(
  context: RunContext,
): Promise<{ verdict: Verdict } | { reason: string }> {
  const { prometheusUrl, prometheusRedisJob } = getConfig();
  if (prometheusUrl === undefined) return { reason: "PROMETHEUS_URL is not set" };
  if (prometheusRedisJob === undefined) return { reason: "PROMETHEUS_REDIS_JOB is not set" };
  const selector: Selector = { job: prometheusRedisJob };
  const at = alignedNow(Date.now());
  try {
    const [hits, misses, evicted] = await Promise.all([
      increase(HITS, selector, context.window, at),
      increase(MISSES, selector, context.window, at),
      increase(EVICTED, selector, context.window, at),
    ]);
    if (hits === null || misses === null) {
      return { reason: `Prometheus has no ${HITS} for job "${prometheusRedisJob}"` };
    }
    const verdict = hitRatioVerdict(
      {
        hits: Math.round(hits),
        misses: Math.round(misses),
        window: { kind: "window", seconds: windowSeconds(context.window) },
        lifetimePhrase: "",
        note: "",
        source: `Prometheus: ${HITS} / ${MISSES} of job "${prometheusRedisJob}"`,
        label: "keyspace hit ratio",
      },
      evicted === null ? [] : [{ label: "evicted_keys in window", value: Math.round(evicted) }],
    );
    return {
      verdict: withEvidence(verdict, await prometheusEvidence(keyspaceHitRatioChart(selector), context.window, at)),
    };
  } catch (error) {
    if (error instanceof TargetError) return { reason: `Prometheus did not answer (${error.message})` };
    throw error;
  }
}
